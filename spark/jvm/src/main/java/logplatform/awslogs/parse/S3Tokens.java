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
 * quotes, the spaces of pieces 0 and 6, and where the line ends (see {@link #scan}).
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
  private static final long LFS = Bytes.pattern((byte) '\n');
  private static final long CRS = Bytes.pattern((byte) '\r');
  /** A word with no byte below {@code 0x0E} holds no line ending (a hint: see {@link Bytes}). */
  private static final long BELOW_CR = 0x0E0E0E0E0E0E0E0EL;
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

  /** While cutting: the line's bytes seen, ORed (a high bit set means a byte that is not ASCII). */
  private long high;

  /** While cutting: quotes seen so far. */
  private int quotes;
  /** While cutting: the spaces of piece 6. */
  private int[] tailSpaces = new int[16];

  private int tailSpaceCount;
  /** Where the line ends: its ending's position, or the limit when none came before it. */
  private int end;

  private boolean ended;

  /**
   * Cuts {@code b[s, e)}, a whole line (it holds neither {@code \n} nor {@code \r}, as no line
   * of {@link logplatform.awslogs.io.LineReader} or of Spark's {@code text} source does).
   */
  S3Tokens of(byte[] b, int s, int e) {
    scan(b, s, e);
    return this;
  }

  /**
   * Cuts the line that starts at {@code b[s]} and finds where it ends, in one pass, eight bytes
   * at a time, in three phases: piece 0 (quotes, spaces, line endings: the head's tokens),
   * pieces 1-5 (quotes and line endings), piece 6 (the same as piece 0: the trailing fields).
   * Piece 2, a few bytes, is split after. Returns the position of the line's ending ({@code \n}
   * or {@code \r}), or -1 when there is none before {@code limit}: the line is then cut as if
   * it ended there (see {@link logplatform.awslogs.io.LineScanner}).
   */
  int scan(byte[] b, int s, int limit) {
    high = 0;
    quotes = 0;
    tailSpaceCount = 0;
    end = limit;
    ended = false;
    int end0 = head(b, s, limit);
    starts[0] = s;
    ends[0] = end0;
    pieces = 1;
    if (end0 < end) {
      quotes = 1;
      int start6 = quoted(b, end0 + 1, limit);
      if (start6 >= 0) piece6(b, start6, limit);
      pieces = quotes + 1;
    } else {
      unquoted(b, s, end);
    }
    if (quotes == PIECES - 1) {
      mid.splitTrimmed(b, starts[2], ends[2]);
      tail.splitTrimmed(starts[6], ends[6], tailSpaces, tailSpaceCount);
    }
    return ended ? end : -1;
  }

  /** The line's end: its ending, at {@code at}. */
  private void endsAt(int at) {
    end = at;
    ended = true;
  }

  /** The lanes of {@code w} that hold {@code \n} or {@code \r}, or 0 (checked after a hint). */
  private static long lineEnds(long w) {
    if (((w - BELOW_CR) & ~w & HIGH_BITS) == 0) return 0;
    return Bytes.matches(w, LFS) | Bytes.matches(w, CRS);
  }

  /** Bits of the lanes below the lowest flagged lane of {@code m}; every bit when m is 0. */
  private static long below(long m) {
    return (m & -m) - 1;
  }

  private static boolean isLineEnd(byte c) {
    return c == '\n' || c == '\r';
  }

  /**
   * Splits piece 0 into {@link #head}; returns where it ends: the first quote, or the line's
   * end (then {@link #end}).
   */
  private int head(byte[] b, int s, int e) {
    head.clear();
    int from = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      if (((w - BELOW_QUOTE) & ~w & HIGH_BITS) == 0) {
        high |= w;
        continue;
      }
      long q = Bytes.matches(w, QUOTES);
      long nl = lineEnds(w);
      long stop = q | nl;
      long before = below(stop);
      high |= w & before;
      long sp = Bytes.matches(w, SPACES) & before;
      for (; sp != 0; sp &= sp - 1) {
        int at = i + (Long.numberOfTrailingZeros(sp) >>> 3);
        head.add(from, at);
        from = at + 1;
      }
      if (stop != 0) {
        int at = i + (Long.numberOfTrailingZeros(stop) >>> 3);
        head.add(from, at);
        if ((nl & (before + 1)) != 0) endsAt(at);
        return at;
      }
    }
    for (; i < e; i++) {
      byte c = b[i];
      if (c == ' ') {
        head.add(from, i);
        from = i + 1;
      } else if (c == '"' || isLineEnd(c)) {
        head.add(from, i);
        if (c != '"') endsAt(i);
        return i;
      }
      high |= c;
    }
    head.add(from, e);
    return e;
  }

  /**
   * Pieces 1 to 5 from {@code s}, just after the first quote; returns where piece 6 starts
   * (after the sixth quote), or -1 when the line ends first (its last piece ends there).
   */
  private int quoted(byte[] b, int s, int e) {
    int from = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      long nl = lineEnds(w);
      long before = below(nl);
      high |= w & before;
      for (long q = Bytes.matches(w, QUOTES) & before; q != 0; q &= q - 1) {
        int at = i + (Long.numberOfTrailingZeros(q) >>> 3);
        if (close(from, at)) return at + 1;
        from = at + 1;
      }
      if (nl != 0) {
        int at = i + (Long.numberOfTrailingZeros(nl) >>> 3);
        endsAt(at);
        starts[quotes] = from;
        ends[quotes] = at;
        return -1;
      }
    }
    for (; i < e; i++) {
      byte c = b[i];
      if (c == '"') {
        if (close(from, i)) return i + 1;
        from = i + 1;
      } else if (isLineEnd(c)) {
        endsAt(i);
        starts[quotes] = from;
        ends[quotes] = i;
        return -1;
      }
      high |= c;
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
   * Piece 6 from {@code s}: its spaces, up to the line's end or a seventh quote (which makes
   * the line malformed: after it, only whether a byte is not ASCII, and where the line ends,
   * matter).
   */
  private void piece6(byte[] b, int s, int e) {
    starts[6] = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      if (((w - BELOW_QUOTE) & ~w & HIGH_BITS) == 0) {
        high |= w;
        continue;
      }
      long q = Bytes.matches(w, QUOTES);
      long nl = lineEnds(w);
      long stop = q | nl;
      long before = below(stop);
      high |= w & before;
      long sp = Bytes.matches(w, SPACES) & before;
      for (; sp != 0; sp &= sp - 1) tailSpace(i + (Long.numberOfTrailingZeros(sp) >>> 3));
      if (stop != 0) {
        int at = i + (Long.numberOfTrailingZeros(stop) >>> 3);
        if ((q & (before + 1)) != 0) {
          seventh(b, at, e);
        } else {
          ends[6] = at;
          endsAt(at);
        }
        return;
      }
    }
    for (; i < e; i++) {
      byte c = b[i];
      if (c == ' ') {
        tailSpace(i);
      } else if (c == '"') {
        seventh(b, i, e);
        return;
      } else if (isLineEnd(c)) {
        ends[6] = i;
        endsAt(i);
        return;
      }
      high |= c;
    }
    ends[6] = e;
  }

  private void tailSpace(int at) {
    if (tailSpaceCount == tailSpaces.length) {
      tailSpaces = Arrays.copyOf(tailSpaces, 2 * tailSpaceCount);
    }
    tailSpaces[tailSpaceCount++] = at;
  }

  /**
   * The seventh quote, at {@code at}, ends piece 6; the rest of the line is only checked for
   * bytes that are not ASCII, and for its end.
   */
  private void seventh(byte[] b, int at, int e) {
    ends[6] = at;
    quotes++;
    int i = at + 1;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      long nl = lineEnds(w);
      high |= w & below(nl);
      if (nl != 0) {
        endsAt(i + (Long.numberOfTrailingZeros(nl) >>> 3));
        return;
      }
    }
    for (; i < e; i++) {
      byte c = b[i];
      if (isLineEnd(c)) {
        endsAt(i);
        return;
      }
      high |= c;
    }
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
