package logplatform.awslogs.source;

import logplatform.awslogs.parse.Parsers;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * One input partition per file: gzip is not splittable, and a file's lines share per-file
 * state (key-derived values, a VPC flow log's header).
 */
final class AwsLogsScan implements Scan, Batch {
  private final StructType schema;
  private final Options options;

  AwsLogsScan(StructType schema, Options options) {
    // Fails on the driver, naming the column, before any task starts.
    Parsers.check(options.source, schema);
    this.schema = schema;
    this.options = options;
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    return "awslogs " + options.source + " (" + options.files.size() + " files)";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    InputPartition[] parts = new InputPartition[options.files.size()];
    for (int i = 0; i < parts.length; i++) parts[i] = new FilePartition(options.files.get(i));
    return parts;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    SparkSession session = SparkSession.active();
    SparkContext sc = session.sparkContext();
    Broadcast<SerializableConfiguration> conf =
        JavaSparkContext.fromSparkContext(sc)
            .broadcast(new SerializableConfiguration(session.sessionState().newHadoopConf()));
    return new LineReaderFactory(
        options.source,
        schema,
        conf,
        options.damageLog == null ? null : DamageLog.forKey(sc, options.damageLog));
  }
}
