package logplatform.awslogs.parse;

import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;

/**
 * Spark's own {@code try_cast(s AS <type>)}, evaluated: the slow path for every token the fast
 * parsers in {@link Convert} do not recognise, so that whatever Spark accepts (a {@code +}
 * sign, spaces around the number, {@code 1e3} for a double, a time zone offset) and whatever
 * it refuses, the JVM parsers accept and refuse exactly alike. The session time zone of the
 * job is UTC; so is this one.
 */
final class SparkCasts {
  private final Cast toInt = cast(DataTypes.IntegerType);
  private final Cast toLong = cast(DataTypes.LongType);
  private final Cast toDouble = cast(DataTypes.DoubleType);
  private final Cast toBoolean = cast(DataTypes.BooleanType);
  private final Cast toTimestamp = cast(DataTypes.TimestampType);
  private final Cast dateAsString =
      new Cast(cast(DataTypes.DateType), DataTypes.StringType, Option.apply("UTC"), EvalMode.TRY());
  private final Cast daysAsString =
      new Cast(
          new BoundReference(0, DataTypes.DateType, true),
          DataTypes.StringType,
          Option.apply("UTC"),
          EvalMode.TRY());
  private final Object[] slot = new Object[1];
  private final GenericInternalRow input = new GenericInternalRow(slot);

  private static Cast cast(DataType to) {
    return new Cast(
        new BoundReference(0, DataTypes.StringType, true), to, Option.apply("UTC"), EvalMode.TRY());
  }

  Integer toInt(UTF8String s) {
    slot[0] = s;
    return (Integer) toInt.eval(input);
  }

  Long toLong(UTF8String s) {
    slot[0] = s;
    return (Long) toLong.eval(input);
  }

  Double toDouble(UTF8String s) {
    slot[0] = s;
    return (Double) toDouble.eval(input);
  }

  Boolean toBoolean(UTF8String s) {
    slot[0] = s;
    return (Boolean) toBoolean.eval(input);
  }

  /** {@code CAST(try_cast(s AS DATE) AS STRING)}: the date Spark reads in {@code s}, or null. */
  UTF8String dateString(UTF8String s) {
    slot[0] = s;
    return (UTF8String) dateAsString.eval(input);
  }

  /** {@code CAST(<day number> AS STRING)} for a DATE value. */
  UTF8String dateString(int days) {
    slot[0] = days;
    return (UTF8String) daysAsString.eval(input);
  }

  /** Microseconds since the epoch, or null. */
  Long toTimestamp(UTF8String s) {
    slot[0] = s;
    return (Long) toTimestamp.eval(input);
  }
}
