package logplatform.awslogs.source;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("awslogs").schema(s).option("source", "alb").option("files", …).load()}:
 * AWS line logs parsed on the JVM, straight from the files' bytes into the dataset's rows.
 *
 * <p>The schema is the caller's ({@code schemas/<dataset>.json} plus the bookkeeping columns):
 * the schema files stay the one source of truth, and the parser checks it writes exactly those
 * columns with exactly those types. {@code files} lists one input file per line as {@code
 * <path>\t<source_file>}: the path to open and the spelling {@code input_file_name()} gives it.
 */
public final class AwsLogsSource implements TableProvider, DataSourceRegister {

  @Override
  public String shortName() {
    return "awslogs";
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    throw new IllegalArgumentException(
        "format awslogs needs the dataset's schema: .schema(<schemas/<dataset>.json columns"
            + " plus _status, _reason, _raw>)");
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new AwsLogsTable(schema, Options.parse(properties));
  }
}
