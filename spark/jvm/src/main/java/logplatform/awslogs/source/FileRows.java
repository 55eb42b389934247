package logplatform.awslogs.source;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import logplatform.awslogs.io.LineReader;
import logplatform.awslogs.parse.FileParser;
import logplatform.awslogs.parse.Parsers;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * Opens one file through Hadoop's FileSystem (local, s3:// through EMRFS) and parses it. An
 * error opening it propagates as it is, so the read's {@code ignoreMissingFiles} and {@code
 * ignoreCorruptFiles} treat it as they treat the text source's.
 */
final class FileRows extends AbstractFunction1<PartitionedFile, Iterator<InternalRow>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Options options;
  private final StructType dataSchema;
  private final StructType requiredSchema;
  private final Broadcast<SerializableConfiguration> conf;
  private final CollectionAccumulator<String> damage;

  FileRows(
      Options options,
      StructType dataSchema,
      StructType requiredSchema,
      Broadcast<SerializableConfiguration> conf,
      CollectionAccumulator<String> damage) {
    this.options = options;
    this.dataSchema = dataSchema;
    this.requiredSchema = requiredSchema;
    this.conf = conf;
    this.damage = damage;
  }

  @Override
  public Iterator<InternalRow> apply(PartitionedFile file) {
    Path path = file.toPath();
    String sourceFile = options.sourceFile(path, file.urlEncodedPath());
    FSDataInputStream in;
    try {
      in = path.getFileSystem(conf.value().value()).open(path);
    } catch (IOException e) {
      throw FileRows.<RuntimeException>rethrow(e);
    }
    FileParser parser = Parsers.forFile(options.source, options.declared, dataSchema, sourceFile);
    ParsedFileReader rows = new ParsedFileReader(new LineReader(in), parser, sourceFile, damage);
    TaskContext task = TaskContext.get();
    if (task != null) task.addTaskCompletionListener((TaskCompletionListener) t -> rows.close());
    if (requiredSchema.equals(dataSchema)) return rows;
    UnsafeProjection prune = UnsafeProjection.create(pruning());
    return rows.map(prune);
  }

  /** The required columns, read from the parsed row (a query that needs fewer, as a count). */
  private scala.collection.Seq<Expression> pruning() {
    List<Expression> refs = new ArrayList<>();
    for (StructField f : requiredSchema.fields()) {
      int i = dataSchema.fieldIndex(f.name());
      refs.add(new BoundReference(i, dataSchema.fields()[i].dataType(), true));
    }
    return JavaConverters.asScalaBuffer(refs).toSeq();
  }

  /** Throws {@code e} unchanged, checked or not: Spark's handling matches on its class. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable e) throws E {
    throw (E) e;
  }
}
