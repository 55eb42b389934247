package logplatform.awslogs.parse;

import static logplatform.awslogs.parse.Columns.STRING;
import static logplatform.awslogs.parse.Columns.TIMESTAMP;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * VPC flow logs delivered as text: the rows and reasons of {@code logparse.sources.vpcflow},
 * computed on the line's bytes. A file's header names its fields in any order and may sit
 * anywhere in the file (or recur, or disagree), so the parser sees the whole file first and
 * resolves the header once ({@link VpcHeader}); each line is then split on spaces once and
 * each field the header names is read at its position and converted once. The reason is
 * decided after, in the SQL parser's order. See the Python module for the format.
 */
final class VpcFlowParser extends DatasetParser {
  static final Columns COLUMNS = columns();

  private static final UTF8String INVALID_UTF8 = UTF8String.fromString("vpcflow.invalid_utf8");
  private static final UTF8String BLANK_LINE = UTF8String.fromString("vpcflow.blank_line");
  private static final UTF8String HEADER = UTF8String.fromString("vpcflow.header");
  private static final UTF8String MISSING_HEADER =
      UTF8String.fromString("vpcflow.missing_header");
  private static final UTF8String CONFLICTING_HEADERS =
      UTF8String.fromString("vpcflow.conflicting_headers");
  private static final UTF8String FIELD_COUNT_MISMATCH =
      UTF8String.fromString("vpcflow.field_count_mismatch");
  private static final UTF8String BAD_VALUE = UTF8String.fromString("vpcflow.bad_value");

  /** Latest epoch second that is still a four-digit year; larger ones overflow timestamps. */
  private static final long MAX_EPOCH = 253402300799L;

  private final VpcTokens tokens = new VpcTokens();
  private final int[] columnOf = new int[VpcField.ALL.length];

  private final UTF8String accountId;
  private final UTF8String region;
  private final UTF8String keyDate;

  private final int cEventTime = col("event_time");
  private final int cDt = col("dt");
  private final int cAccount = col("account_id");
  private final int cRegion = col("region");

  private VpcHeader header = VpcHeader.MISSING;

  /** Per field the header names, side by side: its column, its kind and its token position. */
  private int[] columns = new int[0];

  private VpcField.Kind[] kinds = new VpcField.Kind[0];
  private int[] positions = new int[0];

  /** The UTC day whose date string {@link #dayDate} holds: a file's lines share few days. */
  private long day = Long.MIN_VALUE;

  private UTF8String dayDate;

  VpcFlowParser(StructType schema, String sourceFile) {
    super("vpcflow", COLUMNS, schema, sourceFile, Set.of("dt", "account_id", "region"));
    for (VpcField f : VpcField.ALL) columnOf[f.ordinal()] = col(f.column);
    // AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/ or the Hive-style
    // AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=…/:
    // once per file.
    String k = substringIndex(sourceFile, "/AWSLogs/", -1);
    String service = segment(k, 1);
    boolean plain = service.equals("vpcflowlogs");
    boolean hive = service.equals("aws-service=vpcflowlogs");
    boolean ok = plain || hive;
    accountId = ok ? UTF8String.fromString(part(k, 0, hive)) : null;
    region = ok ? UTF8String.fromString(part(k, 2, hive)) : null;
    keyDate = ok ? keyDate(part(k, 3, hive), part(k, 4, hive), part(k, 5, hive)) : null;
  }

  private static Columns columns() {
    Columns c = new Columns().add("event_time", TIMESTAMP).add("source_file", STRING);
    for (VpcField f : VpcField.ALL) c.add(f.column, f.kind.column);
    return c.add("dt", STRING).add("account_id", STRING).add("region", STRING).withBookkeeping();
  }

  private static String segment(String k, int i) {
    return substringIndex(substringIndex(k, "/", i + 1), "/", -1);
  }

  /** Key segment {@code i}; in the Hive-style layout, its value after {@code =}. */
  private static String part(String k, int i, boolean hive) {
    String s = segment(k, i);
    return hive ? substringIndex(s, "=", -1) : s;
  }

  @Override
  public boolean wantsWholeFile() {
    return true;
  }

  @Override
  public void prepare(Lines lines) {
    header = VpcHeader.of(lines);
    int n = header.fields.length;
    columns = new int[n];
    kinds = new VpcField.Kind[n];
    positions = header.positions;
    for (int k = 0; k < n; k++) {
      columns[k] = columnOf[header.fields[k].ordinal()];
      kinds[k] = header.fields[k].kind;
    }
  }

  @Override
  public InternalRow parse(byte[] b, int s, int e) {
    // The previous row set at most these: finish() sets or nulls every other column each time.
    for (int c : columns) row.setNull(c);
    row.setNull(cEventTime);
    tokens.of(b, s, e);
    boolean valid = !tokens.nonAscii || Utf8.isValid(b, s, e);
    byte[] t = b;
    int ls = s;
    int le = e;
    if (!valid) {
      // The line is rejected, but its dt comes from its start field all the same, read as
      // Spark's split reads it: decoded (ill-formed bytes become U+FFFD) and re-encoded.
      t = text.slice(b, s, e).toString().getBytes(StandardCharsets.UTF_8);
      ls = 0;
      le = t.length;
      tokens.of(t, ls, le);
    }
    // String columns point into one copy of the line.
    row.setLine(t, ls, le);

    // Every field the header names, as the SQL parser converts it; the reason is decided after.
    boolean failed = false;
    boolean outOfRange = false;
    long start = 0;
    boolean hasStart = false;
    int size = tokens.size;
    for (int k = 0; k < kinds.length; k++) {
      int p = positions[k];
      if (p >= size) continue;
      int ts = tokens.starts[p];
      int te = tokens.ends[p];
      if (Text.dash(t, ts, te)) continue;
      int c = columns[k];
      switch (kinds[k]) {
        case STRING:
          row.setLineSlice(c, ts, te);
          break;
        case INT:
          int i = convert.intValue(t, ts, te);
          if (!convert.ok) failed = true;
          else row.setInt(c, i);
          break;
        case LONG:
          long l = convert.longValue(t, ts, te);
          if (!convert.ok) failed = true;
          else row.setLong(c, l);
          break;
        case EPOCH:
          long seconds = convert.longValue(t, ts, te);
          if (!convert.ok) {
            failed = true;
          } else if (seconds < 0 || seconds > MAX_EPOCH) {
            outOfRange = true;
          } else {
            long micros = Convert.secondsToMicros(seconds);
            row.setLong(c, micros);
            if (header.fields[k] == VpcField.START_TIME) {
              start = micros;
              hasStart = true;
            }
          }
          break;
      }
    }

    UTF8String why = valid ? reason(b, s, e, failed || outOfRange) : INVALID_UTF8;
    if (hasStart) row.setLong(cEventTime, start);
    row.setString(cDt, hasStart ? date(start) : keyDate);
    row.setString(cAccount, accountId);
    row.setString(cRegion, region);
    return finish(b, s, e, why, why == BLANK_LINE || why == HEADER, !valid);
  }

  /** The SQL parser's rules after the UTF-8 check, first match wins. */
  private UTF8String reason(byte[] b, int s, int e, boolean badValue) {
    if (Text.blank(b, s, e)) return BLANK_LINE;
    if (VpcField.lookup(b, tokens.starts[0], tokens.ends[0]) >= 0) return HEADER;
    if (!header.present) return MISSING_HEADER;
    if (header.conflicting) return CONFLICTING_HEADERS;
    if (tokens.size != header.size) return FIELD_COUNT_MISMATCH;
    return badValue ? BAD_VALUE : null;
  }

  /** The UTC date of {@code micros}, formatted once per day seen. */
  private UTF8String date(long micros) {
    long d = Convert.utcDay(micros);
    if (d != day) {
      day = d;
      dayDate = utcDate(micros);
    }
    return dayDate;
  }
}
