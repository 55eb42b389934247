package logplatform.awslogs.io;

/**
 * A line parser that finds where a line ends in the same pass in which it cuts the line, so
 * the line's bytes are read once rather than twice ({@link LineReader#next(LineScanner)}).
 */
public interface LineScanner {
  /**
   * Cuts the line that starts at {@code buf[start]}, up to its ending ({@code \n} or {@code
   * \r}, the first in the bytes) or to {@code limit} when none comes before it. Returns the
   * ending's position, or -1 when there is none before {@code limit}: the reader then reads on
   * and calls again from the line's start (its bytes may have moved), or, at the end of the
   * file, takes {@code [start, limit)} as the last line, as the last call cut it.
   */
  int scan(byte[] buf, int start, int limit);
}
