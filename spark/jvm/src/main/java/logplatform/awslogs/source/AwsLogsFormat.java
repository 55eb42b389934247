package logplatform.awslogs.source;

import java.util.Map;
import logplatform.awslogs.parse.Parsers;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function1;
import scala.Option;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * {@code spark.read.format("awslogs").schema(s).option("source", "alb").load(files)}: AWS line
 * logs parsed on the JVM, straight from the files' bytes into the dataset's rows.
 *
 * <p>A file source (not a DataSource V2): its rows are written in {@code UnsafeRow} form as they
 * are parsed, and Spark passes a file source's rows on as they are, where a V2 scan gets a
 * projection that copies every row field by field (measured at about 40% of the parse).
 *
 * <p>The schema is the caller's ({@code schemas/<dataset>.json} plus the bookkeeping columns):
 * the schema files stay the one source of truth, and the parser checks it writes exactly those
 * columns with exactly those types. Options: {@code source}; {@code names}, one {@code
 * <path>\t<source_file>} per line when rows must carry a name other than the file's own
 * (tests); {@code damageLog}, the key under which {@link DamageLog} collects broken streams.
 * Each file is read whole by one task: gzip does not split, and a file's lines share state
 * (key-derived values, a VPC flow log's header).
 */
public final class AwsLogsFormat implements FileFormat, DataSourceRegister {

  @Override
  public String shortName() {
    return "awslogs";
  }

  @Override
  public String toString() {
    return "awslogs";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AwsLogsFormat;
  }

  @Override
  public int hashCode() {
    return AwsLogsFormat.class.hashCode();
  }

  @Override
  public Option<StructType> inferSchema(
      SparkSession session, scala.collection.immutable.Map<String, String> options,
      Seq<FileStatus> files) {
    throw new IllegalArgumentException(
        "format awslogs needs the dataset's schema: .schema(<schemas/<dataset>.json columns"
            + " plus _status, _reason, _raw>)");
  }

  @Override
  public OutputWriterFactory prepareWrite(
      SparkSession session, Job job, scala.collection.immutable.Map<String, String> options,
      StructType dataSchema) {
    throw new UnsupportedOperationException("format awslogs reads AWS logs; it cannot write");
  }

  @Override
  public boolean isSplitable(
      SparkSession session, scala.collection.immutable.Map<String, String> options, Path path) {
    return false;
  }

  @Override
  public Function1<PartitionedFile, Iterator<InternalRow>> buildReader(
      SparkSession session,
      StructType dataSchema,
      StructType partitionSchema,
      StructType requiredSchema,
      Seq<Filter> filters,
      scala.collection.immutable.Map<String, String> options,
      Configuration hadoopConf) {
    Map<String, String> javaOptions = JavaConverters.mapAsJavaMap(options);
    Options parsed = Options.parse(javaOptions);
    // Fails on the driver, naming the column, before any task starts.
    Parsers.check(parsed.source, parsed.declared, dataSchema);
    SparkContext sc = session.sparkContext();
    Broadcast<SerializableConfiguration> conf =
        JavaSparkContext.fromSparkContext(sc)
            .broadcast(new SerializableConfiguration(hadoopConf));
    return new FileRows(
        parsed,
        dataSchema,
        requiredSchema,
        conf,
        parsed.damageLog == null ? null : DamageLog.forKey(sc, parsed.damageLog));
  }

  /**
   * The rows as parsed when no partition values are appended: the file source's default would
   * project every row once more only to append nothing.
   */
  @Override
  public Function1<PartitionedFile, Iterator<InternalRow>> buildReaderWithPartitionValues(
      SparkSession session,
      StructType dataSchema,
      StructType partitionSchema,
      StructType requiredSchema,
      Seq<Filter> filters,
      scala.collection.immutable.Map<String, String> options,
      Configuration hadoopConf) {
    if (partitionSchema.isEmpty()) {
      return buildReader(
          session, dataSchema, partitionSchema, requiredSchema, filters, options, hadoopConf);
    }
    return FileFormat.super.buildReaderWithPartitionValues(
        session, dataSchema, partitionSchema, requiredSchema, filters, options, hadoopConf);
  }
}
