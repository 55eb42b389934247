package logplatform.awslogs.parse;

import logplatform.awslogs.io.LineScanner;
import org.apache.spark.sql.catalyst.InternalRow;

/** A parser bound to one file: key-derived values and any per-file state are its own. */
public interface FileParser {
  /**
   * True when a line's meaning depends on lines after it (a VPC flow log's headers can recur,
   * and one that disagrees rejects the whole file): {@link #prepare} then sees every line first.
   */
  default boolean wantsWholeFile() {
    return false;
  }

  /** Called once with every line of the file, before the first {@link #parse}. */
  default void prepare(Lines lines) {}

  /** Rows of a whole-file parser ({@link #wantsWholeFile}): by default one per line. */
  default int rowCount(Lines lines) {
    return lines.count();
  }

  /** Row {@code i} of a whole-file parser: by default that of line {@code i}. */
  default InternalRow row(Lines lines, int i) {
    return parse(lines.buffer(), lines.start(i), lines.end(i));
  }

  /**
   * The output row of the line {@code buf[start, end)}; the row object is reused by the next
   * call. The row holds its own copy of what it needs: {@code buf} may be rewritten once
   * {@code parse} returns.
   */
  InternalRow parse(byte[] buf, int start, int end);

  /**
   * A scanner that cuts each line as it finds the line's end, for {@link
   * logplatform.awslogs.io.LineReader#next(LineScanner)}; null (the default) when the parser
   * has none and lines come from the reader's own search.
   */
  default LineScanner scanner() {
    return null;
  }

  /**
   * The row of the line the {@link #scanner} cut last, {@code buf[start, end)}: {@link #parse}
   * without cutting the line again. Without a scanner, {@link #parse}.
   */
  default InternalRow parseScanned(byte[] buf, int start, int end) {
    return parse(buf, start, end);
  }

  /** A file's lines, each a byte range of one buffer. */
  interface Lines {
    int count();

    byte[] buffer();

    int start(int line);

    int end(int line);
  }
}
