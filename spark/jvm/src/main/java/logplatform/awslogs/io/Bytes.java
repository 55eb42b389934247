package logplatform.awslogs.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time: the scans for quotes, spaces and line endings are most
 * of a line parser's work, and a byte-by-byte loop costs a compare and a branch per byte. A
 * word is read little-endian (the first byte lowest) and XORed with the byte sought in every
 * lane; {@link #matches} then sets the high bit of exactly the lanes that became zero (the
 * carry-free form of the "has a zero byte" test, so every flagged lane is a true match and a
 * word's matches can be walked one by one).
 */
public final class Bytes {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;
  private static final long HIGH_BITS = 0x8080808080808080L;
  /** {@code 0x0E} in every lane: one above {@code \r} (0x0D), the higher of the two endings. */
  private static final long BELOW_CR = 0x0E0E0E0E0E0E0E0EL;

  private Bytes() {}

  private static long lanes(byte b) {
    return (b & 0xffL) * ONES;
  }

  /** The high bit of each lane of {@code word} equal to that lane of {@code pattern}, only. */
  public static long matches(long word, long pattern) {
    long x = word ^ pattern;
    return ~(((x & LOWS) + LOWS) | x | LOWS);
  }

  /** The eight bytes at {@code buf[i]}, the first in the lowest lane. */
  public static long word(byte[] buf, int i) {
    return (long) LONGS.get(buf, i);
  }

  /** Every byte equal to {@code c}: the lanes of {@link #matches}. */
  public static long pattern(byte c) {
    return lanes(c);
  }

  /** Position of the first {@code c} in {@code buf[from, to)}, or -1. */
  public static int indexOf(byte[] buf, int from, int to, byte c) {
    long pattern = lanes(c);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long m = matches((long) LONGS.get(buf, i), pattern);
      if (m != 0) return i + (Long.numberOfTrailingZeros(m) >>> 3);
    }
    for (; i < to; i++) if (buf[i] == c) return i;
    return -1;
  }

  /** Position of the first byte at or above 0x80 in {@code buf[from, to)}, or -1. */
  public static int indexOfHighBit(byte[] buf, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long m = word(buf, i) & 0x8080808080808080L;
      if (m != 0) return i + (Long.numberOfTrailingZeros(m) >>> 3);
    }
    for (; i < to; i++) if (buf[i] < 0) return i;
    return -1;
  }

  /** Position of the first {@code \n} or {@code \r} in {@code buf[from, to)}, or -1. */
  public static int indexOfLineEnd(byte[] buf, int from, int to) {
    long lf = lanes((byte) '\n');
    long cr = lanes((byte) '\r');
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(buf, i);
      // No lane below 0x0E, so neither ending: one test for most words of a line. (It flags
      // the lowest such lane, and a borrow may flag lanes above it: a hint, never a miss.)
      if (((w - BELOW_CR) & ~w & HIGH_BITS) == 0) continue;
      long m = matches(w, lf) | matches(w, cr);
      if (m != 0) return i + (Long.numberOfTrailingZeros(m) >>> 3);
    }
    for (; i < to; i++) {
      byte b = buf[i];
      if (b == '\n' || b == '\r') return i;
    }
    return -1;
  }
}
