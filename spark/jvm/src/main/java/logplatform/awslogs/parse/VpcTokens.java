package logplatform.awslogs.parse;

import logplatform.awslogs.io.Bytes;

/**
 * A line split on spaces as the SQL parser's {@code split(value, ' ')} splits it: every space
 * ends a token, so empty tokens (two spaces in a row, a space at either end) count, and a line
 * without a space is one token. Token {@code k} is {@code [starts[k], ends[k])}; the arrays
 * are reused from line to line.
 *
 * <p>The split also notes whether the line holds a byte outside ASCII: only such a line can be
 * ill-formed UTF-8, so only it needs {@link Utf8#isValid}.
 *
 * <p>Splitting is the one pass over every byte of every line, so it reads eight bytes at a
 * time ({@link Bytes}) and walks the spaces of each word.
 */
final class VpcTokens {
  private static final long SPACES = Bytes.pattern((byte) ' ');
  private static final long HIGH_BITS = 0x8080808080808080L;

  int[] starts = new int[256];
  int[] ends = new int[256];
  int size;
  /** Whether the last line split held a byte outside ASCII. */
  boolean nonAscii;

  void of(byte[] buf, int s, int e) {
    // A line of n bytes has at most n + 1 tokens: room for all of them, so no check per token.
    if (starts.length <= e - s) {
      starts = new int[e - s + 1];
      ends = new int[e - s + 1];
    }
    int[] st = starts;
    int[] en = ends;
    int n = 0;
    int from = s;
    long high = 0;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(buf, i);
      high |= w;
      for (long m = Bytes.matches(w, SPACES); m != 0; m &= m - 1) {
        int at = i + (Long.numberOfTrailingZeros(m) >>> 3);
        st[n] = from;
        en[n++] = at;
        from = at + 1;
      }
    }
    for (; i < e; i++) {
      byte b = buf[i];
      high |= b;
      if (b == ' ') {
        st[n] = from;
        en[n++] = i;
        from = i + 1;
      }
    }
    st[n] = from;
    en[n++] = e;
    size = n;
    nonAscii = (high & HIGH_BITS) != 0;
  }
}
