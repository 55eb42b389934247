package logplatform.awslogs.source;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The parsed files of one source, read once as a batch. */
final class AwsLogsTable implements SupportsRead {
  private final StructType schema;
  private final Options options;

  AwsLogsTable(StructType schema, Options options) {
    this.schema = schema;
    this.options = options;
  }

  @Override
  public String name() {
    return "awslogs(" + options.source + ", " + options.files.size() + " files)";
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
    return () -> new AwsLogsScan(schema, options);
  }
}
