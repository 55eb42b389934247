package logplatform.awslogs.parse;

import java.nio.charset.StandardCharsets;
import logplatform.awslogs.io.Bytes;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Byte-level text operations with the meaning of the Spark SQL functions the SQL parsers use
 * ({@code split}, {@code trim}, {@code nullif}, {@code substring_index}). A line's buffer is
 * the parser's own (never reused), so a field is a {@link UTF8String} over the line's bytes:
 * no copy and no {@code String} per field.
 */
public final class Text {
  /** The bytes of an ASCII literal. */
  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code buf[s, e)} as a string, sharing the bytes. */
  public UTF8String slice(byte[] buf, int s, int e) {
    return UTF8String.fromAddress(buf, Platform.BYTE_ARRAY_OFFSET + s, e - s);
  }

  /** Whether {@code buf[s, e)} equals {@code lit}. */
  public static boolean is(byte[] buf, int s, int e, byte[] lit) {
    if (e - s != lit.length) return false;
    for (int i = 0; i < lit.length; i++) if (buf[s + i] != lit[i]) return false;
    return true;
  }

  /** {@code buf[s, e)} is {@code -}: AWS's "not applicable", which the parsers read as null. */
  public static boolean dash(byte[] buf, int s, int e) {
    return e - s == 1 && buf[s] == '-';
  }

  /** {@code trim(buf[s, e)) = ''}: Spark's {@code trim} removes spaces (0x20) only. */
  public static boolean blank(byte[] buf, int s, int e) {
    for (int i = s; i < e; i++) if (buf[i] != ' ') return false;
    return true;
  }

  /** Position of the last {@code b} in {@code buf[s, e)}, or -1. */
  public static int lastIndexOf(byte[] buf, int s, int e, byte b) {
    for (int i = e - 1; i >= s; i--) if (buf[i] == b) return i;
    return -1;
  }

  /** Position of the first {@code b} in {@code buf[s, e)}, or -1. */
  public static int indexOf(byte[] buf, int s, int e, byte b) {
    return Bytes.indexOf(buf, s, e, b);
  }

  /** Whether {@code buf[s, e)} holds {@code b}. */
  public static boolean contains(byte[] buf, int s, int e, byte b) {
    return indexOf(buf, s, e, b) >= 0;
  }

  /**
   * {@code split(buf[s, e), sep)} (trailing empty items kept, as Spark's {@code split} with its
   * default limit does): item {@code k} is {@code [starts[k], ends[k])}.
   */
  public static final class Split {
    public int[] starts = new int[32];
    public int[] ends = new int[32];
    public int size;

    public Split of(byte[] buf, int s, int e, byte sep) {
      size = 0;
      int from = s;
      int i = s;
      long pattern = Bytes.pattern(sep);
      for (; i + 8 <= e; i += 8) {
        for (long m = Bytes.matches(Bytes.word(buf, i), pattern); m != 0; m &= m - 1) {
          int at = i + (Long.numberOfTrailingZeros(m) >>> 3);
          add(from, at);
          from = at + 1;
        }
      }
      for (; i < e; i++) {
        if (buf[i] == sep) {
          add(from, i);
          from = i + 1;
        }
      }
      add(from, e);
      return this;
    }

    /** Empties the split (for {@link #add}). */
    void clear() {
      size = 0;
    }

    /** Appends the item {@code [s, e)}. */
    void add(int s, int e) {
      if (size == starts.length) {
        starts = java.util.Arrays.copyOf(starts, size * 2);
        ends = java.util.Arrays.copyOf(ends, size * 2);
      }
      starts[size] = s;
      ends[size] = e;
      size++;
    }

    /** Item {@code k} is present and empty. */
    public boolean empty(int k) {
      return k < size && starts[k] == ends[k];
    }

    /** Item {@code k} is present and not empty. */
    public boolean nonEmpty(int k) {
      return k < size && starts[k] < ends[k];
    }

    public int length(int k) {
      return ends[k] - starts[k];
    }
  }
}
