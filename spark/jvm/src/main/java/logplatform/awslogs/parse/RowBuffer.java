package logplatform.awslogs.parse;

import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeWriter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The row a parser fills for one line, written straight into Spark's {@code UnsafeRow} form:
 * the scan hands it on as it is, with no projection copying it field by field. A row is begun
 * by {@link #clear} or by the first write after {@link #row}; a column that is not written, or
 * is set null after a write, is null. The same row object is reused from line to line: Spark
 * copies what it keeps.
 */
public final class RowBuffer {
  private final UnsafeRowWriter writer;
  private final UnsafeArrayWriter arrays;
  private final int width;
  private final long[] written;
  private boolean open;
  /**
   * Where the row's field offsets count from: a field's slot holds its bytes' position minus
   * this (Spark's {@code startingOffset}, which the writer does not expose; read back once).
   */
  private final int base;
  /** The line {@link #setLine} copied: its source buffer and range there, and where it is. */
  private byte[] lineBuf;

  private int lineFrom;
  private int lineTo;

  private long lineOffset = -1;

  public RowBuffer(StructType schema) {
    width = schema.fields().length;
    writer = new UnsafeRowWriter(width, 512);
    arrays = new UnsafeArrayWriter(writer, 8);
    written = new long[(width + 63) / 64];
    base = width == 0 ? Platform.BYTE_ARRAY_OFFSET : startingOffset(writer);
  }

  /** The writer's offset origin, from the slot of a field written at a known cursor. */
  private static int startingOffset(UnsafeRowWriter w) {
    w.reset();
    int at = w.cursor();
    w.setOffsetAndSizeFromPreviousCursor(0, at);
    long slot = Platform.getLong(w.getBuffer(), w.getFieldOffset(0));
    return at - (int) (slot >>> 32);
  }

  /** Begins a new row: every column null. */
  public void clear() {
    writer.reset();
    // The null bits are written whole by row(), from written: nothing to zero here.
    java.util.Arrays.fill(written, 0L);
    lineOffset = -1;
    lineBuf = null;
    open = true;
  }

  private void mark(int i) {
    if (!open) clear();
    written[i >>> 6] |= 1L << i;
  }

  public void setNull(int i) {
    if (!open) clear();
    written[i >>> 6] &= ~(1L << i);
  }

  public void setInt(int i, int v) {
    mark(i);
    writer.write(i, v);
  }

  public void setBoolean(int i, boolean v) {
    mark(i);
    writer.write(i, v);
  }

  public void setLong(int i, long v) {
    mark(i);
    writer.write(i, v);
  }

  public void setDouble(int i, double v) {
    mark(i);
    writer.write(i, v);
  }

  public void setString(int i, UTF8String v) {
    if (v == null) {
      setNull(i);
      return;
    }
    mark(i);
    if (v.getBaseObject() instanceof byte[]) {
      byte[] base = (byte[]) v.getBaseObject();
      int s = (int) (v.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
      copy(writer, i, base, s, s + v.numBytes());
    } else {
      writer.write(i, v);
    }
  }

  /** The UTF-8 bytes {@code buf[s, e)} as a string, copied into the row. */
  public void setSlice(int i, byte[] buf, int s, int e) {
    mark(i);
    copy(writer, i, buf, s, e);
  }

  /**
   * {@code w.write(i, buf, s, e - s)}, with {@link System#arraycopy} in place of Spark's
   * {@code Platform.copyMemory}: a row gets some thirty short fields, and for a few bytes the
   * call through {@code Unsafe.copyMemory} costs several times the copy (15% of an ALB line's
   * parse in a profile). The layout is Spark's: the bytes at the cursor, zero-padded to a word,
   * the field's offset and size in its slot.
   */
  private static void copy(UnsafeWriter w, int i, byte[] buf, int s, int e) {
    int n = e - s;
    int rounded = (n + 7) & ~7;
    w.grow(rounded);
    int start = w.cursor();
    byte[] out = w.getBuffer();
    if (rounded != n) Platform.putLong(out, start + rounded - 8, 0L);
    System.arraycopy(buf, s, out, start - Platform.BYTE_ARRAY_OFFSET, n);
    w.increaseCursor(n);
    w.setOffsetAndSizeFromPreviousCursor(i, start);
    w.increaseCursor(rounded - n);
  }

  /**
   * Copies the line {@code buf[s, e)} into the row once, for {@link #setLineSlice}: a parser
   * that writes most of a line's fields as strings points them into this copy instead of
   * copying each (an S3 access row has some twenty). Spark reads a string column from its slot's
   * offset and size alone, so columns may share bytes; the row stays valid as long as it is
   * only read, which is all Spark does with a scan's rows (it copies what it keeps).
   */
  public void setLine(byte[] buf, int s, int e) {
    if (!open) clear();
    int n = e - s;
    int rounded = (n + 7) & ~7;
    writer.grow(rounded);
    int start = writer.cursor();
    byte[] out = writer.getBuffer();
    if (rounded != n) Platform.putLong(out, start + rounded - 8, 0L);
    System.arraycopy(buf, s, out, start - Platform.BYTE_ARRAY_OFFSET, n);
    writer.increaseCursor(rounded);
    lineBuf = buf;
    lineFrom = s;
    lineTo = e;
    lineOffset = start - base;
  }

  /** Whether this row holds a copy of {@code buf[s, e)} from {@link #setLine}. */
  public boolean holdsLine(byte[] buf, int s, int e) {
    return lineOffset >= 0 && buf == lineBuf && s == lineFrom && e == lineTo;
  }

  /**
   * Column {@code i} is the bytes {@code [s, e)} of the line last given to {@link #setLine}
   * (positions in that line's source buffer), without a copy.
   */
  public void setLineSlice(int i, int s, int e) {
    if (lineOffset < 0) throw new IllegalStateException("setLineSlice before setLine in this row");
    mark(i);
    writer.write(i, ((lineOffset + (s - lineFrom)) << 32) | (e - s));
  }

  /** An array of strings: the first {@code n} of {@code items}, a null item a null element. */
  public void setStrings(int i, UTF8String[] items, int n) {
    mark(i);
    int start = writer.cursor();
    arrays.initialize(n);
    for (int k = 0; k < n; k++) {
      if (items[k] == null) arrays.setNull(k);
      else arrays.write(k, items[k]);
    }
    writer.setOffsetAndSizeFromPreviousCursor(i, start);
  }

  /** An array of strings: the items of {@code items}, byte ranges of {@code buf}. */
  public void setStrings(int i, byte[] buf, Text.Split items) {
    mark(i);
    int start = writer.cursor();
    int n = items.size;
    arrays.initialize(n);
    for (int k = 0; k < n; k++) copy(arrays, k, buf, items.starts[k], items.ends[k]);
    writer.setOffsetAndSizeFromPreviousCursor(i, start);
  }

  /** The bits of word {@code k} of {@link #written} that are columns. */
  private long lastMask(int k) {
    int bits = width - (k << 6);
    return bits >= 64 ? -1L : (1L << bits) - 1;
  }

  /** The row as written; columns never written (or set null since) are null. */
  public UnsafeRow row() {
    if (!open) clear();
    // Each word of the null bits in one store; then the slot of each null column is zeroed
    // (Spark compares and hashes rows by their bytes). A VPC flow row leaves most of its 60
    // columns null, and setNullAt per column (read, set, write the bit, zero the slot) was
    // 13% of its parse.
    byte[] buf = writer.getBuffer();
    for (int k = 0; k < written.length; k++) {
      long missing = ~written[k] & lastMask(k);
      Platform.putLong(buf, Platform.BYTE_ARRAY_OFFSET + 8L * k, missing);
      for (; missing != 0; missing &= missing - 1) {
        int column = (k << 6) + Long.numberOfTrailingZeros(missing);
        Platform.putLong(buf, writer.getFieldOffset(column), 0L);
      }
    }
    open = false;
    return writer.getRow();
  }
}
