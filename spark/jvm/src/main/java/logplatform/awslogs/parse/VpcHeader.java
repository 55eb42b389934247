package logplatform.awslogs.parse;

import java.util.Arrays;

/**
 * A flow-log file's header, resolved once per file from all of its lines: the token position
 * of each field the header names, the header's token count, and whether the file's header
 * lines disagree.
 *
 * <p>It follows the SQL parser's per-file header frame: of the file's header lines (wherever
 * they are in the file) the least and the greatest by bytes are taken; when they differ the
 * headers conflict, and either way the least one maps the fields. A field named twice maps to
 * its first token.
 */
final class VpcHeader {
  /** The header of a file without a header line: every line is rejected. */
  static final VpcHeader MISSING = new VpcHeader(false, false, 0, new VpcField[0], new int[0]);

  /** Whether the file has a header line. */
  final boolean present;
  /** Whether the file's header lines are not all the same. */
  final boolean conflicting;
  /** Tokens in the header: a line with another count is rejected. */
  final int size;
  /** The fields the header names, each once, in {@link VpcField} order. */
  final VpcField[] fields;
  /** {@code positions[k]}: the 0-based token position of {@code fields[k]}. */
  final int[] positions;

  private VpcHeader(
      boolean present, boolean conflicting, int size, VpcField[] fields, int[] positions) {
    this.present = present;
    this.conflicting = conflicting;
    this.size = size;
    this.fields = fields;
    this.positions = positions;
  }

  /** The header of the file whose lines are {@code lines}. */
  static VpcHeader of(FileParser.Lines lines) {
    byte[] b = lines.buffer();
    int min = -1;
    int max = -1;
    for (int i = 0; i < lines.count(); i++) {
      if (!VpcField.isHeaderLine(b, lines.start(i), lines.end(i))) continue;
      if (min < 0 || compare(lines, i, min) < 0) min = i;
      if (max < 0 || compare(lines, i, max) > 0) max = i;
    }
    if (min < 0) return MISSING;
    return mapped(b, lines.start(min), lines.end(min), compare(lines, min, max) != 0);
  }

  /** Spark's string order: bytes compared unsigned, a prefix before the longer string. */
  private static int compare(FileParser.Lines lines, int i, int j) {
    byte[] b = lines.buffer();
    return Arrays.compareUnsigned(b, lines.start(i), lines.end(i), b, lines.start(j), lines.end(j));
  }

  private static VpcHeader mapped(byte[] b, int s, int e, boolean conflicting) {
    // Split on the bytes: Spark decodes the line first, but a token that is not UTF-8 names
    // no field either way, and decoding never makes or removes a space.
    VpcTokens tokens = new VpcTokens();
    tokens.of(b, s, e);
    int[] at = new int[VpcField.ALL.length];
    Arrays.fill(at, -1);
    int named = 0;
    for (int k = 0; k < tokens.size; k++) {
      int f = VpcField.lookup(b, tokens.starts[k], tokens.ends[k]);
      if (f >= 0 && at[f] < 0) {
        at[f] = k;
        named++;
      }
    }
    VpcField[] fields = new VpcField[named];
    int[] positions = new int[named];
    int n = 0;
    for (VpcField f : VpcField.ALL) {
      if (at[f.ordinal()] < 0) continue;
      fields[n] = f;
      positions[n++] = at[f.ordinal()];
    }
    return new VpcHeader(true, conflicting, tokens.size, fields, positions);
  }
}
