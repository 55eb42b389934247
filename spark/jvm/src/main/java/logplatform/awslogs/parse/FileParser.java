package logplatform.awslogs.parse;

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

  /** A file's lines, each a byte range of one buffer. */
  interface Lines {
    int count();

    byte[] buffer();

    int start(int line);

    int end(int line);
  }
}
