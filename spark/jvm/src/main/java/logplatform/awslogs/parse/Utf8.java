package logplatform.awslogs.parse;

import logplatform.awslogs.io.Bytes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Lines that are not well-formed UTF-8 (Unicode table 3-7: no overlong forms, no surrogates,
 * nothing above U+10FFFF) are rejected as {@code <source>.invalid_utf8}, their {@code _raw}
 * escaped so the rejects file stays readable: every backslash and every byte that does not
 * belong to a well-formed sequence becomes {@code \xHH} (upper-case hex), everything else is
 * copied. {@code logparse/utf8.py} states the same rule; this is its byte-level twin.
 */
public final class Utf8 {
  private static final byte[] HEX = Text.ascii("0123456789ABCDEF");

  private Utf8() {}

  /** Whether {@code buf[s, e)} is well-formed UTF-8; ASCII is checked eight bytes at a time. */
  public static boolean isValid(byte[] buf, int s, int e) {
    int i = Bytes.indexOfHighBit(buf, s, e);
    while (i >= 0 && i < e) {
      int n = sequenceLength(buf, i, e);
      if (n == 0) return false;
      i += n;
      while (i < e && buf[i] >= 0) i++;
    }
    return true;
  }

  /** {@code buf[s, e)} with backslashes and ill-formed bytes as {@code \xHH}. */
  public static UTF8String escape(byte[] buf, int s, int e) {
    byte[] out = new byte[(e - s) * 4];
    int n = 0;
    int i = s;
    while (i < e) {
      int len = sequenceLength(buf, i, e);
      if (len == 0 || buf[i] == '\\') {
        int b = buf[i] & 0xff;
        out[n++] = '\\';
        out[n++] = 'x';
        out[n++] = HEX[b >>> 4];
        out[n++] = HEX[b & 0xf];
        i++;
      } else {
        System.arraycopy(buf, i, out, n, len);
        n += len;
        i += len;
      }
    }
    return UTF8String.fromBytes(out, 0, n);
  }

  /** Length of the well-formed sequence starting at {@code buf[i]} (before {@code e}), or 0. */
  static int sequenceLength(byte[] buf, int i, int e) {
    int first = buf[i] & 0xff;
    if (first < 0x80) return 1;
    int length;
    int low = 0x80;
    int high = 0xBF;
    if (first >= 0xC2 && first <= 0xDF) {
      length = 2;
    } else if (first == 0xE0) {
      length = 3;
      low = 0xA0;
    } else if ((first >= 0xE1 && first <= 0xEC) || first == 0xEE || first == 0xEF) {
      length = 3;
    } else if (first == 0xED) {
      length = 3;
      high = 0x9F;
    } else if (first == 0xF0) {
      length = 4;
      low = 0x90;
    } else if (first >= 0xF1 && first <= 0xF3) {
      length = 4;
    } else if (first == 0xF4) {
      length = 4;
      high = 0x8F;
    } else {
      return 0;
    }
    if (i + length > e) return 0;
    int second = buf[i + 1] & 0xff;
    if (second < low || second > high) return 0;
    for (int k = 2; k < length; k++) {
      int b = buf[i + k] & 0xff;
      if (b < 0x80 || b > 0xBF) return 0;
    }
    return length;
  }
}
