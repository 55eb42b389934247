package logplatform.awslogs.parse;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.GetTimestamp;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.ToUTCTimestamp;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;

/**
 * A declared record's fields converted as {@code logparse.formats.sql} converts them: null
 * markers first, then Spark's own {@code try_cast} ({@link Convert}'s fast paths, {@link
 * SparkCasts}), epoch seconds and milliseconds within four-digit years, and datetime patterns
 * through the very expression {@code try_to_timestamp(text, pattern)} (and {@code
 * to_utc_timestamp(…, zone)}) evaluates, so both parsers accept and refuse the same texts.
 */
final class DeclaredValues {
  private static final long MAX_EPOCH_SECONDS = 253402300799L;

  private final DeclaredSpec spec;
  private final Convert convert;
  private final SparkCasts spark;
  private final Text text;
  private final Expression[] times;
  private final Object[] slot = new Object[1];
  private final GenericInternalRow input = new GenericInternalRow(slot);
  private final Object[] typed;
  private final int eventTime;
  private final UTF8String[] badValue;
  private final UTF8String[] missing;
  private final UTF8String[] outOfRange;
  private final UTF8String[] notAllowed;

  DeclaredValues(DeclaredSpec spec, Convert convert, SparkCasts spark, Text text) {
    this.spec = spec;
    this.convert = convert;
    this.spark = spark;
    this.text = text;
    int n = spec.fields.length;
    times = new Expression[n];
    typed = new Object[n];
    badValue = new UTF8String[n];
    missing = new UTF8String[n];
    outOfRange = new UTF8String[n];
    notAllowed = new UTF8String[n];
    int et = -1;
    for (int i = 0; i < n; i++) {
      DeclaredSpec.Field f = spec.fields[i];
      if (f.name.equals("event_time")) et = i;
      String p = spec.name + ".";
      badValue[i] = UTF8String.fromString(p + "bad_value." + f.name);
      missing[i] = UTF8String.fromString(p + "missing." + f.name);
      outOfRange[i] = UTF8String.fromString(p + "out_of_range." + f.name);
      notAllowed[i] = UTF8String.fromString(p + "not_allowed." + f.name);
      if (f.type.equals("timestamp") && f.format != null && !f.format.startsWith("epoch_")) {
        times[i] = timeParser(f.format, f.zone);
      }
    }
    eventTime = et;
  }

  private static Expression timeParser(String format, String zone) {
    Expression parsed =
        new GetTimestamp(
            new BoundReference(0, DataTypes.StringType, true),
            new Literal(UTF8String.fromString(format), DataTypes.StringType),
            DataTypes.TimestampType,
            Option.apply("UTC"),
            false);
    if (zone == null) return parsed;
    return new ToUTCTimestamp(parsed, new Literal(UTF8String.fromString(zone), DataTypes.StringType));
  }

  /** The event time of the record just converted, in microseconds, or null. */
  Long eventTime() {
    return eventTime >= 0 ? (Long) typed[eventTime] : null;
  }

  private static boolean isNull(byte[] b, int s, int e, byte[][] nulls) {
    for (byte[] m : nulls) {
      if (m.length == e - s && Arrays.equals(b, s, e, m, 0, m.length)) return true;
    }
    return false;
  }

  /**
   * Converts the fields of {@code cut} (null: the record has no field values) into {@code row}
   * at {@code columns}; the first value rule the record fails: a text that does not convert (in
   * field order), then a required field that is null, then a value out of its range or list.
   */
  UTF8String convert(DeclaredCut cut, RowBuffer row, int[] columns) {
    UTF8String why = null;
    int n = spec.fields.length;
    for (int i = 0; i < n; i++) {
      typed[i] = null;
      if (cut == null) continue;
      byte[] b = cut.buf;
      int s = cut.starts[i];
      int e = cut.ends[i];
      DeclaredSpec.Field f = spec.fields[i];
      if (isNull(b, s, e, f.nulls)) continue;
      Object v = value(f, i, b, s, e);
      if (v == null) {
        if (why == null) why = badValue[i];
        continue;
      }
      typed[i] = v;
      write(row, columns[i], f, v, b, s, e);
    }
    if (why != null || cut == null) return why;
    for (int i = 0; i < n; i++) {
      if (spec.fields[i].required && typed[i] == null) return missing[i];
    }
    for (int i = 0; i < n; i++) {
      DeclaredSpec.Field f = spec.fields[i];
      Object v = typed[i];
      if (v == null) continue;
      if ((f.min != null || f.max != null) && outside(v, f)) return outOfRange[i];
      if (f.oneOf != null && !listed((UTF8String) v, f.oneOf)) return notAllowed[i];
    }
    return null;
  }

  private Object value(DeclaredSpec.Field f, int i, byte[] b, int s, int e) {
    switch (f.type) {
      case "string":
        return text.slice(b, s, e);
      case "int":
        return convert.toInt(b, s, e);
      case "bigint":
        return convert.toLong(b, s, e);
      case "double":
        return convert.toDouble(b, s, e);
      case "boolean":
        return spark.toBoolean(text.slice(b, s, e));
      default:
        return timestamp(f, i, b, s, e);
    }
  }

  private Long timestamp(DeclaredSpec.Field f, int i, byte[] b, int s, int e) {
    if (f.format == null) return convert.toTimestamp(b, s, e);
    if (times[i] != null) {
      slot[0] = text.slice(b, s, e);
      return (Long) times[i].eval(input);
    }
    Long n = convert.toLong(b, s, e);
    boolean seconds = f.format.equals("epoch_seconds");
    long scale = seconds ? 1 : 1000;
    if (n == null || n < 0 || n > MAX_EPOCH_SECONDS * scale + scale - 1) return null;
    return seconds ? n * 1_000_000L : n * 1_000L;
  }

  private static void write(RowBuffer row, int c, DeclaredSpec.Field f, Object v, byte[] b, int s, int e) {
    switch (f.type) {
      case "string":
        row.setSlice(c, b, s, e);
        break;
      case "int":
        row.setInt(c, (Integer) v);
        break;
      case "double":
        row.setDouble(c, (Double) v);
        break;
      case "boolean":
        row.setBoolean(c, (Boolean) v);
        break;
      default:
        row.setLong(c, (Long) v);
    }
  }

  /** SQL's {@code x < min OR x > max}: integers against whole bounds exactly, else as doubles. */
  private static boolean outside(Object v, DeclaredSpec.Field f) {
    if (v instanceof Double) {
      double d = (Double) v;
      return (f.min != null && d < f.min) || (f.max != null && d > f.max);
    }
    long x = ((Number) v).longValue();
    return (f.min != null && below(x, f.min)) || (f.max != null && below(-x, -f.max));
  }

  private static boolean below(long x, double bound) {
    if (bound == Math.rint(bound) && Math.abs(bound) < 9.0e18) return x < (long) bound;
    return x < bound;
  }

  private static boolean listed(UTF8String v, byte[][] values) {
    for (byte[] allowed : values) {
      if (v.numBytes() == allowed.length && Arrays.equals(v.getBytes(), allowed)) return true;
    }
    return false;
  }
}
