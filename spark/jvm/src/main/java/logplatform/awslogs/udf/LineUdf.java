package logplatform.awslogs.udf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import logplatform.awslogs.parse.FileParser;
import logplatform.awslogs.parse.Parsers;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * The other shape the JVM parsers can take: a Java UDF over the text source's lines, {@code
 * awslogs_<source>(value, source_file)} returning the dataset's row as a struct. Kept to measure
 * it against the DataSource (docs/spark-benchmark.md): each call turns the line into a
 * {@code String} and back into bytes, and Spark converts the returned {@code Row} into its
 * internal form field by field. Only for formats whose lines stand alone; a VPC flow line
 * needs its file's header, which a per-line function cannot see.
 */
public abstract class LineUdf implements UDF2<String, String, Row> {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final StructType schema;
  private transient Map<String, FileParser> parsers;
  private transient Function1<Object, Object> toRow;

  protected LineUdf(String source, StructType schema) {
    this.source = source;
    this.schema = schema;
  }

  @Override
  public Row call(String line, String sourceFile) {
    if (parsers == null) {
      parsers = new HashMap<>();
      toRow = CatalystTypeConverters.createToScalaConverter(schema);
    }
    FileParser parser =
        parsers.computeIfAbsent(sourceFile, f -> Parsers.forFile(source, null, schema, f));
    byte[] bytes = line == null ? new byte[0] : line.getBytes(StandardCharsets.UTF_8);
    InternalRow row = parser.parse(bytes, 0, bytes.length);
    return (Row) toRow.apply(row);
  }

  /** The struct the UDF returns: the dataset's columns then the bookkeeping ones. */
  public static DataType returnType(StructType schema) {
    return schema;
  }
}
