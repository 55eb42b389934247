package logplatform.awslogs.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * The lines of one file, as Hadoop's text reader (and so Spark's {@code text} source) splits
 * them: {@code \n}, {@code \r} and {@code \r\n} end a line, a last line without an ending
 * counts, an ending at the very end adds no empty line. Gzip is recognised by its header bytes
 * ({@code 1f 8b 08}), whatever the file is called, and every member of a multi-member gzip
 * is read.
 *
 * <p>A line is a byte range of {@link #buffer()}, valid until the next call of {@link #next}:
 * the buffer is reused (the unread tail moves to its start), so reading allocates nothing per
 * line or per block. A caller that keeps a line copies it.
 */
public final class LineReader implements Closeable {
  private static final int CHUNK = 1 << 16;
  /**
   * ID1, ID2 and CM of RFC 1952: deflate is the only method gzip defines, so a plain text file
   * that merely starts with {@code 1f 8b} is read as text, not as a broken gzip.
   */
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 0x08};

  private final InputStream in;
  private byte[] buf = new byte[1 << 18];
  /** Bytes of {@link #buf} that hold data. */
  private int limit;
  /** Where the next line starts. */
  private int pos;
  private boolean eof;
  /** The previous line ended with {@code \r} at the end of the data read so far. */
  private boolean pendingCr;
  private int lineStart;
  private int lineEnd;
  private long lines;
  private IOException damage;

  /**
   * @param raw the file's bytes as stored.
   */
  public LineReader(InputStream raw) {
    this.in = decompressing(raw);
  }

  private static InputStream decompressing(InputStream raw) {
    PushbackInputStream peek = new PushbackInputStream(raw, GZIP_HEADER.length);
    try {
      byte[] head = new byte[GZIP_HEADER.length];
      int n = 0;
      for (int b; n < head.length && (b = peek.read()) >= 0; ) head[n++] = (byte) b;
      peek.unread(head, 0, n);
      if (n == head.length && java.util.Arrays.equals(head, GZIP_HEADER)) {
        return new GZIPInputStream(peek, CHUNK);
      }
      return peek;
    } catch (IOException e) {
      return new FailingStream(e);
    }
  }

  /** The buffer the current line lives in (it may change from one line to the next). */
  public byte[] buffer() {
    return buf;
  }

  /** First byte of the current line. */
  public int start() {
    return lineStart;
  }

  /** One past the last byte of the current line (its ending excluded). */
  public int end() {
    return lineEnd;
  }

  /** Lines returned so far. */
  public long lines() {
    return lines;
  }

  /**
   * Why the file ended early (a truncated or corrupt compressed stream), or null when it was
   * read to its end. Every line that ended before the damage was returned; the line the
   * damage cut, and everything after it, was not.
   */
  public IOException damage() {
    return damage;
  }

  /** Advances to the next line; false at the end of the file (or at damage). */
  public boolean next() {
    return next(null);
  }

  /**
   * {@link #next()}, with {@code scanner} (when not null) finding each line's end: when this
   * returns true, the scanner's last {@link LineScanner#scan scan} cut exactly the line
   * returned, {@code [start(), end())}.
   */
  public boolean next(LineScanner scanner) {
    for (;;) {
      if (pendingCr && pos < limit) {
        if (buf[pos] == '\n') pos++;
        pendingCr = false;
      }
      int i =
          scanner == null
              ? Bytes.indexOfLineEnd(buf, pos, limit)
              : scanner.scan(buf, pos, limit);
      if (i >= 0) {
        byte b = buf[i];
        lineStart = pos;
        lineEnd = i;
        if (b == '\r') {
          if (i + 1 < limit) {
            pos = buf[i + 1] == '\n' ? i + 2 : i + 1;
          } else {
            pos = i + 1;
            pendingCr = true;
          }
        } else {
          pos = i + 1;
        }
        lines++;
        return true;
      }
      if (eof) {
        // After damage the unterminated tail is a line cut in the middle: not a line.
        if (pos < limit && damage == null) {
          lineStart = pos;
          lineEnd = limit;
          pos = limit;
          lines++;
          return true;
        }
        return false;
      }
      fill();
    }
  }

  /**
   * Reads more data. When the free space runs low, the unread tail (a line not yet ended) moves
   * to the start of the buffer, which grows only for a line longer than it.
   */
  private void fill() {
    if (buf.length - limit < CHUNK) {
      int tail = limit - pos;
      byte[] into = tail + CHUNK > buf.length ? new byte[Math.max(buf.length * 2, tail + CHUNK)] : buf;
      System.arraycopy(buf, pos, into, 0, tail);
      buf = into;
      pos = 0;
      limit = tail;
    }
    try {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) eof = true;
      else limit += n;
    } catch (IOException e) {
      damage = e;
      eof = true;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** A stream that fails on first read: the file could not even be opened for decompression. */
  private static final class FailingStream extends InputStream {
    private final IOException error;

    FailingStream(IOException error) {
      this.error = error;
    }

    @Override
    public int read() throws IOException {
      throw error;
    }
  }
}
