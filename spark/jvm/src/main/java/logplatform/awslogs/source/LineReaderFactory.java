package logplatform.awslogs.source;

import java.io.IOException;
import logplatform.awslogs.io.LineReader;
import logplatform.awslogs.parse.FileParser;
import logplatform.awslogs.parse.Parsers;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/** Opens each file through Hadoop's FileSystem (local, s3:// through EMRFS) and parses it. */
final class LineReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final StructType schema;
  private final Broadcast<SerializableConfiguration> conf;
  private final CollectionAccumulator<String> damage;

  /** The rows of a file that could not be opened: none. */
  private static final PartitionReader<InternalRow> EMPTY =
      new PartitionReader<>() {
        @Override
        public boolean next() {
          return false;
        }

        @Override
        public InternalRow get() {
          throw new IllegalStateException("no row");
        }

        @Override
        public void close() {}
      };

  LineReaderFactory(
      String source,
      StructType schema,
      Broadcast<SerializableConfiguration> conf,
      CollectionAccumulator<String> damage) {
    this.source = source;
    this.schema = schema;
    this.conf = conf;
    this.damage = damage;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    Options.InputFile file = ((FilePartition) partition).file();
    FSDataInputStream in;
    try {
      Path path = new Path(file.path());
      FileSystem fs = path.getFileSystem(conf.value().value());
      in = fs.open(path);
    } catch (IOException e) {
      // As the text source with ignoreMissingFiles/ignoreCorruptFiles: the file gives no rows,
      // and the job's probe of files that gave none reports why.
      return EMPTY;
    }
    FileParser parser = Parsers.forFile(source, schema, file.sourceFile());
    return new ParsedFileReader(new LineReader(in), parser, file.sourceFile(), damage);
  }
}
