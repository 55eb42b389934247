package logplatform.awslogs.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a parser writes, by name and type, and where each sits in the caller's schema.
 * The schema comes from {@code schemas/<dataset>.json}; a parser that writes a column the
 * schema lacks, misses one it has, or disagrees on a type is refused before any row is read.
 */
public final class Columns {
  public static final DataType STRING = DataTypes.StringType;
  public static final DataType INT = DataTypes.IntegerType;
  public static final DataType LONG = DataTypes.LongType;
  public static final DataType DOUBLE = DataTypes.DoubleType;
  public static final DataType TIMESTAMP = DataTypes.TimestampType;
  public static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType);

  /** The bookkeeping columns every dataset ends with. */
  public static final String STATUS = "_status";
  public static final String REASON = "_reason";
  public static final String RAW = "_raw";

  private final Map<String, DataType> declared = new LinkedHashMap<>();

  /** Declares a column the parser writes. */
  public Columns add(String name, DataType type) {
    declared.put(name, type);
    return this;
  }

  /** Declares the bookkeeping columns and {@code source}. */
  public Columns withBookkeeping() {
    return add("source", STRING).add(STATUS, STRING).add(REASON, STRING).add(RAW, STRING);
  }

  /**
   * Where each declared column sits in {@code schema}.
   *
   * @throws IllegalArgumentException listing every missing, extra or mistyped column.
   */
  public Map<String, Integer> positions(String source, StructType schema) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> at = new LinkedHashMap<>();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      DataType want = declared.get(f.name());
      if (want == null) {
        problems.add("the schema has " + f.name() + ", which the " + source + " parser does not write");
      } else if (!want.sameType(f.dataType())) {
        problems.add(f.name() + " is " + f.dataType().simpleString() + " in the schema, the parser writes "
            + want.simpleString());
      } else {
        at.put(f.name(), i);
      }
    }
    for (String name : declared.keySet()) {
      if (!at.containsKey(name) && schema.getFieldIndex(name).isEmpty()) {
        problems.add("the schema lacks " + name + ", which the " + source + " parser writes");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "format awslogs, source " + source + ": the schema does not match the parser: "
              + String.join("; ", problems));
    }
    return at;
  }
}
