package logplatform.awslogs.parse;

import java.time.Month;
import java.time.Year;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The access log's time, the head tokens {@code [06/Feb/2019:00:00:38} and {@code +0000]}, as
 * {@code logparse.sources.s3access._time} converts it: when the first token is 21 characters
 * starting with {@code [}, the second 6 ending with {@code ]}, and characters 5-7 of the first
 * are a month's abbreviation, {@code try_cast} of {@code yyyy-MM-ddTHH:mm:ss+hhmm} assembled
 * from fixed character positions (the separators between them are not looked at); else null.
 *
 * <p>Fast for what AWS writes (digits in place, a valid date and time, an offset below 18
 * hours); anything else is assembled with Spark's own string functions and cast by Spark.
 */
final class S3Time {
  private static final UTF8String MONTH_NAMES =
      UTF8String.fromString("JanFebMarAprMayJunJulAugSepOctNovDec");
  private static final UTF8String OPEN = UTF8String.fromString("[");
  private static final UTF8String CLOSE = UTF8String.fromString("]");
  private static final UTF8String DASH = UTF8String.fromString("-");
  private static final UTF8String ZERO = UTF8String.fromString("0");
  private static final UTF8String T = UTF8String.fromString("T");
  private static final int TIME_LENGTH = 21;
  private static final int ZONE_LENGTH = 6;

  private final Text text;
  private final SparkCasts spark;

  S3Time(Text text, SparkCasts spark) {
    this.text = text;
    this.spark = spark;
  }

  /** Whether the last {@link #of} gave a time. */
  boolean ok;

  /**
   * Microseconds since the epoch of time {@code b[ts, te)} and zone {@code b[zs, ze)}, and
   * {@link #ok} true; or {@link #ok} false when the SQL expression gives null.
   */
  long of(byte[] b, int ts, int te, int zs, int ze) {
    if (te - ts == TIME_LENGTH && ze - zs == ZONE_LENGTH) {
      long fast = fast(b, ts, zs);
      if (fast != Long.MIN_VALUE) {
        ok = true;
        return fast;
      }
    }
    Long slow = exact(text.slice(b, ts, te), text.slice(b, zs, ze));
    ok = slow != null;
    return ok ? slow : 0L;
  }

  /**
   * {@code [dd/Mon/yyyy:HH:mm:ss} and {@code ±hhmm]} in ASCII with a valid date and time, a
   * four-digit year from 1000 and an offset Java accepts: the instant, in microseconds; else
   * {@link Long#MIN_VALUE}, and Spark decides.
   */
  private static long fast(byte[] b, int t, int z) {
    // The separators at 3, 7 and 12 are not part of the cast string: any ASCII byte will do
    // (a multi-byte character there would change the character count).
    if (b[t] != '[' || (b[t + 3] | b[t + 7] | b[t + 12]) < 0 || b[t + 15] != ':'
        || b[t + 18] != ':' || b[z + 5] != ']' || (b[z] != '+' && b[z] != '-')) {
      return Long.MIN_VALUE;
    }
    int month = month(b[t + 4], b[t + 5], b[t + 6]);
    // Each digit's value; any byte that is not a digit makes one of them, or 9 minus it, < 0.
    int d0 = b[t + 1] - '0';
    int d1 = b[t + 2] - '0';
    int y0 = b[t + 8] - '0';
    int y1 = b[t + 9] - '0';
    int y2 = b[t + 10] - '0';
    int y3 = b[t + 11] - '0';
    int h0 = b[t + 13] - '0';
    int h1 = b[t + 14] - '0';
    int m0 = b[t + 16] - '0';
    int m1 = b[t + 17] - '0';
    int s0 = b[t + 19] - '0';
    int s1 = b[t + 20] - '0';
    int zh0 = b[z + 1] - '0';
    int zh1 = b[z + 2] - '0';
    int zm0 = b[z + 3] - '0';
    int zm1 = b[z + 4] - '0';
    int any = d0 | d1 | y0 | y1 | y2 | y3 | h0 | h1 | m0 | m1 | s0 | s1 | zh0 | zh1 | zm0 | zm1;
    int nines = (9 - d0) | (9 - d1) | (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - h0)
        | (9 - h1) | (9 - m0) | (9 - m1) | (9 - s0) | (9 - s1) | (9 - zh0) | (9 - zh1)
        | (9 - zm0) | (9 - zm1);
    if ((any | nines) < 0 || month == 0 || y0 == 0) return Long.MIN_VALUE;
    int day = d0 * 10 + d1;
    int year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3;
    int hour = h0 * 10 + h1;
    int minute = m0 * 10 + m1;
    int second = s0 * 10 + s1;
    int zoneHours = zh0 * 10 + zh1;
    int zoneMinutes = zm0 * 10 + zm1;
    if (day < 1 || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59
        || second > 59 || zoneHours > 17 || zoneMinutes > 59) {
      return Long.MIN_VALUE;
    }
    long local = (Convert.daysFromCivil(year, month, day) * 24 + hour) * 3600L + minute * 60L
        + second;
    long offset = (zoneHours * 60L + zoneMinutes) * 60L;
    return Convert.secondsToMicros(b[z] == '+' ? local - offset : local + offset);
  }

  /** The month (1-12) whose abbreviation is {@code c0 c1 c2}, or 0. */
  private static int month(byte c0, byte c1, byte c2) {
    switch ((c0 << 16) | (c1 << 8) | c2) {
      case 'J' << 16 | 'a' << 8 | 'n': return 1;
      case 'F' << 16 | 'e' << 8 | 'b': return 2;
      case 'M' << 16 | 'a' << 8 | 'r': return 3;
      case 'A' << 16 | 'p' << 8 | 'r': return 4;
      case 'M' << 16 | 'a' << 8 | 'y': return 5;
      case 'J' << 16 | 'u' << 8 | 'n': return 6;
      case 'J' << 16 | 'u' << 8 | 'l': return 7;
      case 'A' << 16 | 'u' << 8 | 'g': return 8;
      case 'S' << 16 | 'e' << 8 | 'p': return 9;
      case 'O' << 16 | 'c' << 8 | 't': return 10;
      case 'N' << 16 | 'o' << 8 | 'v': return 11;
      case 'D' << 16 | 'e' << 8 | 'c': return 12;
      default: return 0;
    }
  }

  /** The SQL expression itself, on Spark's string functions (character positions). */
  private Long exact(UTF8String t, UTF8String z) {
    if (t.numChars() != TIME_LENGTH || !t.startsWith(OPEN) || z.numChars() != ZONE_LENGTH
        || !z.endsWith(CLOSE)) {
      return null;
    }
    int month = MONTH_NAMES.indexOf(t.substringSQL(5, 3), 0) + 1;
    if (month % 3 != 1) return null;
    UTF8String mm = UTF8String.fromString(Integer.toString((month + 2) / 3)).lpad(2, ZERO);
    return spark.toTimestamp(
        UTF8String.concat(
            t.substringSQL(9, 4), DASH, mm, DASH, t.substringSQL(2, 2), T,
            t.substringSQL(14, 8), z.substringSQL(1, 5)));
  }
}
