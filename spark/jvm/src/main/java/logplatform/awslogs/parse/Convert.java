package logplatform.awslogs.parse;

import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code try_cast} of a line's tokens, fast for the forms AWS writes and exactly Spark's for
 * anything else: a token outside the fast forms goes to {@link SparkCasts}. Every fast path
 * accepts only input on which Spark's cast gives the same value.
 */
public final class Convert {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final int[] MICRO_SCALE = {0, 100_000, 10_000, 1_000, 100, 10, 1};

  private final SparkCasts spark = new SparkCasts();
  private final Text text;

  public Convert(Text text) {
    this.text = text;
  }

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }

  /**
   * Whether the last of {@link #intValue}, {@link #longValue}, {@link #doubleValue} and
   * {@link #timestampValue} converted its input (when false, its result is 0 and means nothing).
   * The primitive forms box nothing: a parser calls them for every number of every line.
   */
  public boolean ok;

  /** {@code try_cast(buf[s, e) AS INT)}. */
  public Integer toInt(byte[] buf, int s, int e) {
    int v = intValue(buf, s, e);
    return ok ? Integer.valueOf(v) : null;
  }

  /** {@code try_cast(buf[s, e) AS BIGINT)}. */
  public Long toLong(byte[] buf, int s, int e) {
    long v = longValue(buf, s, e);
    return ok ? Long.valueOf(v) : null;
  }

  /** {@link #toInt} unboxed: the value, and {@link #ok} whether there is one. */
  public int intValue(byte[] buf, int s, int e) {
    long v = plainInteger(buf, s, e, 9);
    if (v != NOT_PLAIN) {
      ok = true;
      return (int) v;
    }
    Integer slow = spark.toInt(text.slice(buf, s, e));
    ok = slow != null;
    return ok ? slow : 0;
  }

  /** {@link #toLong} unboxed: the value, and {@link #ok} whether there is one. */
  public long longValue(byte[] buf, int s, int e) {
    long v = plainInteger(buf, s, e, 18);
    if (v != NOT_PLAIN) {
      ok = true;
      return v;
    }
    Long slow = spark.toLong(text.slice(buf, s, e));
    ok = slow != null;
    return ok ? slow : 0L;
  }

  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * {@code [-]d{1,maxDigits}} as a number (it cannot overflow the type whose widest digit run
   * is {@code maxDigits}), or {@link #NOT_PLAIN}: then Spark's own cast decides.
   */
  private static long plainInteger(byte[] buf, int s, int e, int maxDigits) {
    int i = s;
    boolean negative = i < e && buf[i] == '-';
    if (negative) i++;
    int n = e - i;
    if (n < 1 || n > maxDigits) return NOT_PLAIN;
    long v = 0;
    for (int j = i; j < e; j++) {
      byte b = buf[j];
      if (!digit(b)) return NOT_PLAIN;
      v = v * 10 + (b - '0');
    }
    return negative ? -v : v;
  }

  /**
   * {@code try_cast(buf[s, e) AS DOUBLE)}. Fast for {@code [-]digits[.digits]} with at most 15
   * digits: the digits form an exact integer below 2^53 and the power of ten is exact, so one
   * division rounds correctly, to the double {@code Double.parseDouble} gives.
   */
  public Double toDouble(byte[] buf, int s, int e) {
    double v = doubleValue(buf, s, e);
    return ok ? Double.valueOf(v) : null;
  }

  /** {@link #toDouble} unboxed: the value, and {@link #ok} whether there is one. */
  public double doubleValue(byte[] buf, int s, int e) {
    int i = s;
    boolean negative = false;
    if (i < e && buf[i] == '-') {
      negative = true;
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    for (int j = i; j < e; j++) {
      byte b = buf[j];
      if (digit(b)) {
        mantissa = mantissa * 10 + (b - '0');
        digits++;
        if (fraction >= 0) fraction++;
      } else if (b == '.' && fraction < 0 && j > i && j < e - 1) {
        fraction = 0;
      } else {
        return slowDouble(buf, s, e);
      }
    }
    if (digits == 0 || digits > 15) return slowDouble(buf, s, e);
    double v = fraction > 0 ? mantissa / POW10[fraction] : (double) mantissa;
    ok = true;
    return negative ? -v : v;
  }

  private double slowDouble(byte[] buf, int s, int e) {
    Double slow = spark.toDouble(text.slice(buf, s, e));
    ok = slow != null;
    return ok ? slow : 0.0;
  }

  /**
   * {@code try_cast(buf[s, e) AS TIMESTAMP)} in microseconds since the epoch, UTC session.
   * Fast for {@code yyyy-MM-ddTHH:mm:ss[.f{1,6}]Z} with a valid date and time.
   */
  public Long toTimestamp(byte[] buf, int s, int e) {
    long v = timestampValue(buf, s, e);
    return ok ? Long.valueOf(v) : null;
  }

  /** {@link #toTimestamp} unboxed: the value, and {@link #ok} whether there is one. */
  public long timestampValue(byte[] buf, int s, int e) {
    long fast = isoUtc(buf, s, e);
    if (fast != NOT_ISO) {
      ok = true;
      return fast;
    }
    Long slow = spark.toTimestamp(text.slice(buf, s, e));
    ok = slow != null;
    return ok ? slow : 0L;
  }

  /** Whether {@code buf[s, e)} is the fast timestamp form (it then starts with its UTC date). */
  public static boolean isIsoUtc(byte[] buf, int s, int e) {
    return isoUtc(buf, s, e) != NOT_ISO;
  }

  /** Not the fast form: years 0-9999 are far from this many microseconds. */
  private static final long NOT_ISO = Long.MIN_VALUE;

  private static long isoUtc(byte[] buf, int s, int e) {
    int n = e - s;
    if (n < 20 || n > 27 || buf[e - 1] != 'Z') return NOT_ISO;
    if (buf[s + 4] != '-' || buf[s + 7] != '-' || buf[s + 10] != 'T' || buf[s + 13] != ':'
        || buf[s + 16] != ':') {
      return NOT_ISO;
    }
    // Each digit's value; a byte that is not a digit makes it, or 9 minus it, negative.
    int y0 = buf[s] - '0';
    int y1 = buf[s + 1] - '0';
    int y2 = buf[s + 2] - '0';
    int y3 = buf[s + 3] - '0';
    int mo0 = buf[s + 5] - '0';
    int mo1 = buf[s + 6] - '0';
    int d0 = buf[s + 8] - '0';
    int d1 = buf[s + 9] - '0';
    int h0 = buf[s + 11] - '0';
    int h1 = buf[s + 12] - '0';
    int mi0 = buf[s + 14] - '0';
    int mi1 = buf[s + 15] - '0';
    int s0 = buf[s + 17] - '0';
    int s1 = buf[s + 18] - '0';
    int any = y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1;
    int nines = (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - mo0) | (9 - mo1) | (9 - d0)
        | (9 - d1) | (9 - h0) | (9 - h1) | (9 - mi0) | (9 - mi1) | (9 - s0) | (9 - s1);
    if ((any | nines) < 0) return NOT_ISO;
    int year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3;
    int month = mo0 * 10 + mo1;
    int day = d0 * 10 + d1;
    int hour = h0 * 10 + h1;
    int minute = mi0 * 10 + mi1;
    int second = s0 * 10 + s1;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NOT_ISO;
    if (hour > 23 || minute > 59 || second > 59) return NOT_ISO;
    int micros = 0;
    if (n > 20) {
      if (buf[s + 19] != '.' || n == 21) return NOT_ISO;
      int fd = n - 21;
      int f = num(buf, s + 20, fd);
      if (f < 0) return NOT_ISO;
      micros = f * MICRO_SCALE[fd];
    } else if (buf[s + 19] != 'Z') {
      return NOT_ISO;
    }
    long days = daysFromCivil(year, month, day);
    return days * MICROS_PER_DAY
        + ((hour * 60L + minute) * 60L + second) * MICROS_PER_SECOND
        + micros;
  }

  /** Decimal digits {@code buf[s, s+n)} as a number, or -1 if one is not a digit. */
  private static int num(byte[] buf, int s, int n) {
    int v = 0;
    for (int i = s; i < s + n; i++) {
      byte b = buf[i];
      if (!digit(b)) return -1;
      v = v * 10 + (b - '0');
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468L;
  }

  /** {@code timestamp_seconds(seconds)} in microseconds. */
  public static long secondsToMicros(long seconds) {
    return seconds * MICROS_PER_SECOND;
  }

  /** The UTC day number of a timestamp in microseconds (floor division). */
  public static long utcDay(long micros) {
    return Math.floorDiv(micros, MICROS_PER_DAY);
  }
}
