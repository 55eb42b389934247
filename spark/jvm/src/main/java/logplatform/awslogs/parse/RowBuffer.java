package logplatform.awslogs.parse;

import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The row a parser fills for one line, reused from line to line: Spark copies what it keeps
 * (the scan projects every row into its own buffer before the next is read). Numbers are held
 * in typed slots, so the projection reads them without unboxing.
 */
public final class RowBuffer {
  private final SpecificInternalRow row;
  private final int width;

  public RowBuffer(StructType schema) {
    row = new SpecificInternalRow(schema);
    width = schema.fields().length;
  }

  /** Every column null. */
  public void clear() {
    for (int i = 0; i < width; i++) row.setNullAt(i);
  }

  public void setNull(int i) {
    row.setNullAt(i);
  }

  public void setInt(int i, int v) {
    row.setInt(i, v);
  }

  public void setLong(int i, long v) {
    row.setLong(i, v);
  }

  public void setDouble(int i, double v) {
    row.setDouble(i, v);
  }

  public void setString(int i, UTF8String v) {
    if (v == null) row.setNullAt(i);
    else row.update(i, v);
  }

  public void setArray(int i, ArrayData v) {
    if (v == null) row.setNullAt(i);
    else row.update(i, v);
  }

  public SpecificInternalRow row() {
    return row;
  }
}
