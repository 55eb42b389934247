package logplatform.awslogs.parse;

import logplatform.awslogs.io.Bytes;

/**
 * An ALB line cut as {@link AlbParser} reads it: split on {@code "} into {@link #pieces} (the
 * quoted fields at odd positions), and the unquoted runs whose tokens the format uses split on
 * spaces: piece 0 ({@link #head}: the thirteen leading fields and the empty token before the
 * first quote), piece 4 ({@link #run4}: cipher, protocol, target group), piece 10
 * ({@link #run10}: rule priority, request creation time) and piece 24 ({@link #run24}:
 * connection trace id). Each is exactly what {@link Text.Split} gives on its byte range; a run
 * the line does not reach is left empty. The pass over the whole line for quotes also notes
 * whether any byte is outside ASCII, so only such a line is checked for ill-formed UTF-8.
 *
 * <p>One pass for quotes and spaces together (spaces only outside quotes) was tried and
 * measured slower (1.26 against 1.11 us per line): its loop branches on every space and quote,
 * where two plain SWAR loops (the line, then the ~170 bytes of the head) run branch-light.
 */
final class AlbTokens {
  private static final long QUOTES = Bytes.pattern((byte) '"');
  private static final long HIGH_BITS = 0x8080808080808080L;

  final Text.Split pieces = new Text.Split();
  final Text.Split head = new Text.Split();
  final Text.Split run4 = new Text.Split();
  final Text.Split run10 = new Text.Split();
  final Text.Split run24 = new Text.Split();
  private boolean ascii;

  /** Whether every byte of the last line cut is ASCII. */
  boolean ascii() {
    return ascii;
  }

  void of(byte[] b, int s, int e) {
    quotes(b, s, e);
    int np = pieces.size;
    head.of(b, pieces.starts[0], pieces.ends[0], (byte) ' ');
    split(run4, b, 4, np);
    split(run10, b, 10, np);
    split(run24, b, 24, np);
  }

  private void split(Text.Split run, byte[] b, int k, int np) {
    if (k < np) run.of(b, pieces.starts[k], pieces.ends[k], (byte) ' ');
    else run.clear();
  }

  /** {@link #pieces}, and whether the line is ASCII. */
  private void quotes(byte[] b, int s, int e) {
    pieces.clear();
    long high = 0;
    int from = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      high |= w;
      for (long m = Bytes.matches(w, QUOTES); m != 0; m &= m - 1) {
        int at = i + (Long.numberOfTrailingZeros(m) >>> 3);
        pieces.add(from, at);
        from = at + 1;
      }
    }
    for (; i < e; i++) {
      byte c = b[i];
      high |= c;
      if (c == '"') {
        pieces.add(from, i);
        from = i + 1;
      }
    }
    pieces.add(from, e);
    ascii = (high & HIGH_BITS) == 0;
  }
}
