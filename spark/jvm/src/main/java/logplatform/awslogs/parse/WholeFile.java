package logplatform.awslogs.parse;

import java.util.Arrays;
import logplatform.awslogs.io.LineReader;

/**
 * Every line of a file, copied into one buffer: for a parser whose lines depend on lines after
 * them ({@link FileParser#wantsWholeFile}).
 */
public final class WholeFile implements FileParser.Lines {
  private byte[] bytes = new byte[1 << 16];
  private int[] starts = new int[1024];
  private int[] ends = new int[1024];
  private int count;
  private int size;

  private WholeFile() {}

  /** The lines {@code reader} has left, to its end (or its damage). */
  public static WholeFile read(LineReader reader) {
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
