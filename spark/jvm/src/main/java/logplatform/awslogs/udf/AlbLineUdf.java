package logplatform.awslogs.udf;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code awslogs_alb(value, source_file)}: registered from Python after setting the schema (JSON), e.g.
 * {@code spark.udf.registerJavaFunction("awslogs_alb", "…AlbLineUdf", schema)}, which calls the
 * no-argument constructor; the schema then comes from {@link #SCHEMA_PROPERTY}.
 */
// Spark finds the UDF interface on the registered class itself, so it is named here again.
public final class AlbLineUdf extends LineUdf implements UDF2<String, String, Row> {
  private static final long serialVersionUID = 1L;

  /** The JVM system property holding the dataset schema as JSON (set by the registering code). */
  public static final String SCHEMA_PROPERTY = "awslogs.udf.alb.schema";

  public AlbLineUdf() {
    super("alb", schema());
  }

  private static StructType schema() {
    String ddl = System.getProperty(SCHEMA_PROPERTY);
    if (ddl == null) {
      throw new IllegalStateException(
          "AlbLineUdf needs the alb schema (JSON) in the system property " + SCHEMA_PROPERTY);
    }
    DataType type = DataType.fromJson(ddl);
    return (StructType) type;
  }
}
