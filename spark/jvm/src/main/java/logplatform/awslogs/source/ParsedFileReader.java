package logplatform.awslogs.source;

import java.io.IOException;
import java.util.Arrays;
import java.util.NoSuchElementException;
import logplatform.awslogs.io.LineReader;
import logplatform.awslogs.parse.FileParser;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;
import scala.collection.AbstractIterator;

/**
 * One file's rows: each line through the file's parser, in order. The stream is closed at the
 * end of the file, or by {@link #close} when the task stops early.
 */
final class ParsedFileReader extends AbstractIterator<InternalRow> {
  private final LineReader reader;
  private final FileParser parser;
  private final String sourceFile;
  private final CollectionAccumulator<String> damage;
  private boolean reported;
  private WholeFile whole;
  private int index = -1;
  private InternalRow current;
  private boolean fetched;
  private boolean closed;

  ParsedFileReader(
      LineReader reader,
      FileParser parser,
      String sourceFile,
      CollectionAccumulator<String> damage) {
    this.reader = reader;
    this.parser = parser;
    this.sourceFile = sourceFile;
    this.damage = damage;
  }

  /** At the end of the file: a stream that broke is reported with the lines read before it. */
  private boolean end() {
    if (!reported && reader.damage() != null && damage != null) {
      damage.add(DamageLog.entry(sourceFile, reader.lines(), reader.damage()));
      reported = true;
    }
    return false;
  }

  @Override
  public boolean hasNext() {
    if (!fetched) {
      fetched = true;
      if (!advance()) {
        current = null;
        close();
      }
    }
    return current != null;
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) throw new NoSuchElementException("no line after the end of " + sourceFile);
    fetched = false;
    return current;
  }

  private boolean advance() {
    if (parser.wantsWholeFile()) {
      if (whole == null) {
        whole = WholeFile.read(reader);
        parser.prepare(whole);
      }
      if (++index >= whole.count) return end();
      current = parser.parse(whole.bytes, whole.starts[index], whole.ends[index]);
      return true;
    }
    if (!reader.next()) return end();
    // The row is written before the reader moves on; the line's bytes are not kept.
    current = parser.parse(reader.buffer(), reader.start(), reader.end());
    return true;
  }

  void close() {
    if (closed) return;
    closed = true;
    try {
      reader.close();
    } catch (IOException e) {
      // The lines are read; a stream that fails to close loses nothing.
    }
  }

  /** Every line of a file, copied into one buffer. */
  private static final class WholeFile implements FileParser.Lines {
    byte[] bytes = new byte[1 << 16];
    int[] starts = new int[1024];
    int[] ends = new int[1024];
    int count;
    int size;

    static WholeFile read(LineReader reader) {
      WholeFile w = new WholeFile();
      while (reader.next()) w.add(reader.buffer(), reader.start(), reader.end());
      return w;
    }

    private void add(byte[] buf, int start, int end) {
      int len = end - start;
      if (size + len > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      System.arraycopy(buf, start, bytes, size, len);
      starts[count] = size;
      ends[count] = size + len;
      size += len;
      count++;
    }

    @Override
    public int count() {
      return count;
    }

    @Override
    public byte[] buffer() {
      return bytes;
    }

    @Override
    public int start(int line) {
      return starts[line];
    }

    @Override
    public int end(int line) {
      return ends[line];
    }
  }
}
