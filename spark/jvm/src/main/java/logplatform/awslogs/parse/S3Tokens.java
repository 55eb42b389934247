package logplatform.awslogs.parse;

import java.util.Arrays;
import logplatform.awslogs.io.Bytes;

/**
 * An S3 server access log line cut as {@code logparse.sources.s3access} cuts it: split on
 * {@code "} into pieces ({@code _p}; the quoted fields at odd positions), piece 0 split on
 * spaces ({@link #head}, {@code _h}: the eight leading fields, the time's two tokens and the
 * empty token before the request-URI), pieces 2 and 6 trimmed of spaces and split on spaces
 * ({@link #mid}, {@code _m}: the six fields between request-URI and referrer; {@link #tail},
 * {@code _t}: the trailing fields). One pass over the line, eight bytes at a time, finds the
 * quotes and the spaces of pieces 0 and 6 (see {@link #of}).
 *
 * <p>A line without {@code "} whose space-separated tokens have the shape of a multi-object
 * delete's key line (bare {@code -} for request-URI, referrer and user agent) is cut into the
 * pieces the same line with {@code "-"} in those three places would give.
 *
 * <p>Only the first seven pieces are kept: a line with more is malformed, but its piece 6 still
 * ends at the seventh quote, and whether it is empty decides the reason.
 */
final class S3Tokens {
  /** Pieces of a well-formed line: three quoted fields and the four runs around them. */
  static final int PIECES = 7;
  /** Tokens of a well-formed {@link #head}, the last one empty. */
  static final int HEAD_TOKENS = 10;
  /** Tokens of a well-formed {@link #mid}. */
  static final int MID_TOKENS = 6;
  /** Least tokens of an unquoted line: ten head tokens, six middle ones, three dashes, one more. */
  private static final int UNQUOTED_TOKENS = 19;
  /** The unquoted line's tokens that stand for request-URI, referrer and user agent. */
  private static final int[] UNQUOTED_DASHES = {9, 16, 17};
  private static final long QUOTES = Bytes.pattern((byte) '"');
  private static final long SPACES = Bytes.pattern((byte) ' ');
  /** A word with no byte below {@code 0x23} holds neither a space nor a quote. */
  private static final long BELOW_QUOTE = 0x2323232323232323L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** {@code _h}. */
  final S3Items head = new S3Items();
  /** {@code _m}, cut only when the line has exactly {@link #PIECES} pieces. */
  final S3Items mid = new S3Items();
  /** {@code _t}, cut only when the line has exactly {@link #PIECES} pieces. */
  final S3Items tail = new S3Items();

  private final int[] starts = new int[PIECES];
  private final int[] ends = new int[PIECES];
  private int pieces;

  /** While cutting: the bytes seen, ORed (a high bit set means a byte that is not ASCII). */
  private long high;

  /** While cutting: quotes seen so far. */
  private int quotes;
  /** While cutting: the spaces of piece 6. */
  private int[] tailSpaces = new int[16];

  private int tailSpaceCount;

  /**
   * Cuts {@code b[s, e)} in one pass, eight bytes at a time, in three phases: piece 0 (quotes
   * and spaces: the head's tokens), pieces 1-5 (quotes only), piece 6 (quotes and spaces: the
   * trailing fields). Piece 2, a few bytes, is split after.
   */
  S3Tokens of(byte[] b, int s, int e) {
    high = 0;
    quotes = 0;
    tailSpaceCount = 0;
    int end0 = head(b, s, e);
    starts[0] = s;
    ends[0] = end0;
    pieces = 1;
    if (end0 < e) {
      quotes = 1;
      int start6 = quoted(b, end0 + 1, e);
      if (start6 >= 0) piece6(b, start6, e);
      pieces = quotes + 1;
    } else {
      unquoted(b, s, e);
    }
    if (quotes == PIECES - 1) {
      mid.splitTrimmed(b, starts[2], ends[2]);
      tail.splitTrimmed(starts[6], ends[6], tailSpaces, tailSpaceCount);
    }
    return this;
  }

  /** Splits piece 0 into {@link #head}; returns where it ends (the first quote, or {@code e}). */
  private int head(byte[] b, int s, int e) {
    head.clear();
    int from = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      high |= w;
      if (((w - BELOW_QUOTE) & ~w & HIGH_BITS) == 0) continue;
      long q = Bytes.matches(w, QUOTES);
      long sp = Bytes.matches(w, SPACES);
      if (q != 0) sp &= (q & -q) - 1;
      for (; sp != 0; sp &= sp - 1) {
        int at = i + (Long.numberOfTrailingZeros(sp) >>> 3);
        head.add(from, at);
        from = at + 1;
      }
      if (q != 0) {
        int at = i + (Long.numberOfTrailingZeros(q) >>> 3);
        head.add(from, at);
        return at;
      }
    }
    for (; i < e; i++) {
      byte c = b[i];
      high |= c;
      if (c == ' ') {
        head.add(from, i);
        from = i + 1;
      } else if (c == '"') {
        head.add(from, i);
        return i;
      }
    }
    head.add(from, e);
    return e;
  }

  /**
   * Pieces 1 to 5 from {@code s}, just after the first quote; returns where piece 6 starts
   * (after the sixth quote), or -1 when the line has fewer quotes (its last piece ends at
   * {@code e}).
   */
  private int quoted(byte[] b, int s, int e) {
    int from = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      high |= w;
      for (long q = Bytes.matches(w, QUOTES); q != 0; q &= q - 1) {
        int at = i + (Long.numberOfTrailingZeros(q) >>> 3);
        if (close(from, at)) return at + 1;
        from = at + 1;
      }
    }
    for (; i < e; i++) {
      high |= b[i];
      if (b[i] == '"') {
        if (close(from, i)) return i + 1;
        from = i + 1;
      }
    }
    starts[quotes] = from;
    ends[quotes] = e;
    return -1;
  }

  /** Piece {@code quotes} is {@code [from, at)}; true when that was piece 5. */
  private boolean close(int from, int at) {
    starts[quotes] = from;
    ends[quotes] = at;
    quotes++;
    return quotes == PIECES - 1;
  }

  /**
   * Piece 6 from {@code s}: its spaces, up to a seventh quote (which makes the line malformed:
   * after it, only whether a byte is not ASCII matters).
   */
  private void piece6(byte[] b, int s, int e) {
    starts[6] = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      high |= w;
      if (((w - BELOW_QUOTE) & ~w & HIGH_BITS) == 0) continue;
      long q = Bytes.matches(w, QUOTES);
      long sp = Bytes.matches(w, SPACES);
      if (q != 0) sp &= (q & -q) - 1;
      for (; sp != 0; sp &= sp - 1) tailSpace(i + (Long.numberOfTrailingZeros(sp) >>> 3));
      if (q != 0) {
        seventh(b, i + (Long.numberOfTrailingZeros(q) >>> 3), e);
        return;
      }
    }
    for (; i < e; i++) {
      byte c = b[i];
      high |= c;
      if (c == ' ') {
        tailSpace(i);
      } else if (c == '"') {
        seventh(b, i, e);
        return;
      }
    }
    ends[6] = e;
  }

  private void tailSpace(int at) {
    if (tailSpaceCount == tailSpaces.length) {
      tailSpaces = Arrays.copyOf(tailSpaces, 2 * tailSpaceCount);
    }
    tailSpaces[tailSpaceCount++] = at;
  }

  /** The seventh quote, at {@code at}, ends piece 6; the rest is only checked for ASCII. */
  private void seventh(byte[] b, int at, int e) {
    ends[6] = at;
    quotes++;
    int i = at + 1;
    for (; i + 8 <= e; i += 8) high |= Bytes.word(b, i);
    for (; i < e; i++) high |= b[i];
  }

  /**
   * A line without quotes (its {@link #head} holds every token): with at least
   * {@link #UNQUOTED_TOKENS} tokens, none empty, and {@code -} at the three places, it gets the
   * pieces, and so the splits, of the same line with those three quoted.
   */
  private void unquoted(byte[] b, int s, int e) {
    if (head.size < UNQUOTED_TOKENS || head.hasEmpty()) return;
    for (int k : UNQUOTED_DASHES) {
      if (!Text.dash(b, head.starts[k], head.ends[k])) return;
    }
    int from = s;
    for (int q = 0; q < UNQUOTED_DASHES.length; q++) {
      int k = UNQUOTED_DASHES[q];
      starts[2 * q] = from;
      ends[2 * q] = head.starts[k];
      starts[2 * q + 1] = head.starts[k];
      ends[2 * q + 1] = head.ends[k];
      from = head.ends[k];
    }
    starts[6] = from;
    ends[6] = e;
    pieces = PIECES;
    // Piece 0 is tokens 0-8 and the space before the first dash: its split ends empty.
    mid.clear();
    mid.addAll(head, UNQUOTED_DASHES[0] + 1, UNQUOTED_DASHES[1]);
    tail.clear();
    tail.addAll(head, UNQUOTED_DASHES[2] + 1, head.size);
    int firstDash = head.starts[UNQUOTED_DASHES[0]];
    head.truncate(UNQUOTED_DASHES[0]);
    head.add(firstDash, firstDash);
  }

  /** Whether every byte of the line is ASCII. */
  boolean ascii() {
    return (high & HIGH_BITS) == 0;
  }

  /** {@code size(_p)}. */
  int pieces() {
    return pieces;
  }

  /** First byte of piece {@code k} ({@code k < pieces()}, {@code k < PIECES}). */
  int pieceStart(int k) {
    return starts[k];
  }

  /** One past the last byte of piece {@code k} ({@code k < pieces()}, {@code k < PIECES}). */
  int pieceEnd(int k) {
    return ends[k];
  }

  /**
   * The SQL parser's {@code too_few_fields}: fewer than seven pieces, an empty piece 6 (the line
   * stops at the user agent's closing quote: 17 fields) or fewer than ten head tokens.
   */
  boolean tooFew() {
    return pieces < PIECES || starts[6] == ends[6] || head.size < HEAD_TOKENS;
  }

  /**
   * The SQL parser's structure check, for a line with enough fields: exactly seven pieces, a
   * space on both sides of the six middle fields, a single space between referrer and user
   * agent, a space before the trailing fields, ten head tokens with the last empty (the space
   * before the request-URI's quote), and no empty token in the middle or the trailing fields.
   */
  boolean wellFormed(byte[] b) {
    if (pieces != PIECES) return false;
    if (starts[2] == ends[2] || b[starts[2]] != ' ' || b[ends[2] - 1] != ' ') return false;
    if (ends[4] - starts[4] != 1 || b[starts[4]] != ' ') return false;
    if (head.size != HEAD_TOKENS || !head.empty(HEAD_TOKENS - 1)) return false;
    if (mid.size != MID_TOKENS || mid.hasEmpty()) return false;
    return b[starts[6]] == ' ' && !tail.hasEmpty();
  }
}
