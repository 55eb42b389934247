package logplatform.awslogs.parse;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What every dataset parser shares: the row, the conversions, and the contract of
 * {@code logparse.conform}: a non-ok row keeps only {@code source}, {@code source_file} and
 * the partition keys (values the object key gives even when the line says nothing), its
 * reason, and, when rejected, the line itself in {@code _raw}.
 */
abstract class DatasetParser implements FileParser {
  protected static final UTF8String OK = UTF8String.fromString("ok");
  protected static final UTF8String REJECT = UTF8String.fromString("reject");
  protected static final UTF8String SKIP = UTF8String.fromString("skip");

  protected final Text text = new Text();
  protected final Convert convert = new Convert(text);
  protected final SparkCasts spark = new SparkCasts();
  protected final RowBuffer row;
  protected final Map<String, Integer> at;
  private final boolean[] kept;
  private final int status;
  private final int reason;
  private final int raw;
  private final int source;
  private final int sourceFileColumn;
  private final UTF8String sourceName;
  protected final UTF8String sourceFile;

  protected DatasetParser(
      String dataset, Columns columns, StructType schema, String sourceFile, Set<String> keys) {
    this.at = columns.positions(dataset, schema);
    this.row = new RowBuffer(schema);
    this.kept = new boolean[schema.fields().length];
    for (String k : keys) kept[at.get(k)] = true;
    this.status = at.get(Columns.STATUS);
    this.reason = at.get(Columns.REASON);
    this.raw = at.get(Columns.RAW);
    this.source = at.get("source");
    this.sourceFileColumn = at.get("source_file");
    this.sourceName = UTF8String.fromString(dataset);
    this.sourceFile = UTF8String.fromString(sourceFile);
  }

  /** The column index of {@code name}. */
  protected final int col(String name) {
    return at.get(name);
  }

  /**
   * Completes the row: {@code why} null makes it ok; a skip reason makes it a skip, any other a
   * reject with the line in {@code _raw}. Non-ok rows lose every column but the kept ones.
   */
  protected final InternalRow finish(byte[] buf, int s, int e, UTF8String why, boolean skip) {
    return finish(buf, s, e, why, skip, false);
  }

  /**
   * {@link #finish} for a line that is not well-formed UTF-8 when {@code escaped}: its
   * {@code _raw} is {@link Utf8#escape escaped}, so the rejects stay readable.
   */
  protected final InternalRow finish(
      byte[] buf, int s, int e, UTF8String why, boolean skip, boolean escaped) {
    if (why != null) {
      for (int i = 0; i < kept.length; i++) if (!kept[i]) row.setNull(i);
    }
    row.setString(source, sourceName);
    row.setString(sourceFileColumn, sourceFile);
    row.setString(status, why == null ? OK : skip ? SKIP : REJECT);
    row.setString(reason, why);
    if (why != null && !skip) {
      if (escaped) row.setString(raw, Utf8.escape(buf, s, e));
      else if (row.holdsLine(buf, s, e)) row.setLineSlice(raw, s, e);
      else row.setSlice(raw, buf, s, e);
    } else {
      row.setNull(raw);
    }
    return row.row();
  }

  /** Spark's {@code substring_index(s, delim, count)} for a non-empty delimiter. */
  static String substringIndex(String s, String delim, int count) {
    if (count == 0) return "";
    if (count > 0) {
      int idx = -1;
      for (int i = 0; i < count; i++) {
        idx = s.indexOf(delim, idx + (i == 0 ? 0 : delim.length()));
        if (idx < 0) return s;
      }
      return s.substring(0, idx);
    }
    int idx = s.length();
    for (int i = 0; i < -count; i++) {
      idx = s.lastIndexOf(delim, idx - (i == 0 ? delim.length() : delim.length()));
      if (idx < 0) return s;
    }
    return s.substring(idx + delim.length());
  }

  /** {@code CAST(try_cast(concat_ws('-', y, m, d) AS DATE) AS STRING)}. */
  protected final UTF8String keyDate(String y, String m, String d) {
    return spark.dateString(UTF8String.fromString(y + "-" + m + "-" + d));
  }

  /** {@code CAST(date_from_unix_date(floor(unix_seconds(ts) / 86400)) AS STRING)}. */
  protected final UTF8String utcDate(long micros) {
    long day = Convert.utcDay(micros);
    java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
    if (date.getYear() >= 1000 && date.getYear() <= 9999) {
      return UTF8String.fromString(date.toString());
    }
    // Years outside four digits: Spark's own formatting (sign and padding).
    return spark.dateString((int) day);
  }
}
