package logplatform.awslogs.parse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import logplatform.awslogs.io.Bytes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The logged (URL-encoded) object key decoded as {@code logparse.sources.s3access._decoded_key}
 * decodes it: Spark's {@code url_decode} ({@link URLDecoder} in UTF-8), only where every
 * {@code %} starts a valid escape ({@code url_decode} throws otherwise), null elsewhere.
 */
final class S3KeyDecoder {
  private final Text text;

  S3KeyDecoder(Text text) {
    this.text = text;
  }

  private static final long PERCENTS = Bytes.pattern((byte) '%');
  private static final long PLUSES = Bytes.pattern((byte) '+');

  /**
   * Whether {@code b[s, e)} decodes to itself: it holds neither {@code %} nor {@code +} (most
   * keys), tested eight bytes at a time.
   */
  static boolean plain(byte[] b, int s, int e) {
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = Bytes.word(b, i);
      if ((Bytes.matches(w, PERCENTS) | Bytes.matches(w, PLUSES)) != 0) return false;
    }
    for (; i < e; i++) if (b[i] == '%' || b[i] == '+') return false;
    return true;
  }

  /** {@code b[s, e)} (valid UTF-8) decoded; null when a {@code %} lacks two hex digits after. */
  UTF8String decode(byte[] b, int s, int e) {
    boolean escaped = false;
    boolean plus = false;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '%') {
        if (i + 2 >= e || !hex(b[i + 1]) || !hex(b[i + 2])) return null;
        escaped = true;
      } else if (c == '+') {
        plus = true;
      }
    }
    if (escaped) {
      String decoded = URLDecoder.decode(text.slice(b, s, e).toString(), StandardCharsets.UTF_8);
      return UTF8String.fromString(decoded);
    }
    if (!plus) return text.slice(b, s, e);
    // Without escapes, decoding only turns '+' into a space.
    byte[] out = new byte[e - s];
    for (int i = s; i < e; i++) out[i - s] = b[i] == '+' ? (byte) ' ' : b[i];
    return UTF8String.fromBytes(out);
  }

  private static boolean hex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
