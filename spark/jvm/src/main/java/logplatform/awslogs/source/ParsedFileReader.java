package logplatform.awslogs.source;

import java.io.IOException;
import java.util.NoSuchElementException;
import logplatform.awslogs.io.LineReader;
import logplatform.awslogs.io.LineScanner;
import logplatform.awslogs.parse.FileParser;
import logplatform.awslogs.parse.WholeFile;
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
  /** The parser's own line-end search, or null for the reader's. */
  private final LineScanner scanner;
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
    this.scanner = parser.scanner();
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
      if (++index >= parser.rowCount(whole)) return end();
      current = parser.row(whole, index);
      return true;
    }
    if (!reader.next(scanner)) return end();
    // The row is written before the reader moves on; the line's bytes are not kept.
    current = parser.parseScanned(reader.buffer(), reader.start(), reader.end());
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
}
