package logplatform.awslogs.parse;

import static logplatform.awslogs.parse.Columns.INT;
import static logplatform.awslogs.parse.Columns.LONG;
import static logplatform.awslogs.parse.Columns.STRING;
import static logplatform.awslogs.parse.Columns.TIMESTAMP;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import logplatform.awslogs.io.LineScanner;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * S3 server access logs: the rows and reasons of {@code logparse.sources.s3access}, computed on
 * the line's bytes. The line is cut once ({@link S3Tokens}); the reason's structural part
 * (blank, too few fields, malformed quotes) needs no conversion, so only a line that passes it
 * has its fields read and converted, each once. Every line gets its time ({@link S3Time}), which
 * gives {@code dt}; the object key gives the rest of what a rejected line keeps
 * ({@link S3ObjectKey}). A line that is not well-formed UTF-8 is rejected first, but is cut, for
 * its time, from what Spark's {@code split} sees: the line decoded, U+FFFD for each ill-formed
 * sequence. See the Python module for the format.
 */
final class S3AccessParser extends DatasetParser {
  static final Columns COLUMNS =
      new Columns()
          .add("event_time", TIMESTAMP)
          .add("source_file", STRING)
          .add("account_id", STRING)
          .add("region", STRING)
          .add("bucket", STRING)
          .add("bucket_owner", STRING)
          .add("remote_ip", STRING)
          .add("requester", STRING)
          .add("request_id", STRING)
          .add("operation", STRING)
          .add("key", STRING)
          .add("key_raw", STRING)
          .add("request_uri", STRING)
          .add("http_status", INT)
          .add("error_code", STRING)
          .add("bytes_sent", LONG)
          .add("object_size", LONG)
          .add("total_time", LONG)
          .add("turnaround_time", LONG)
          .add("referrer", STRING)
          .add("user_agent", STRING)
          .add("version_id", STRING)
          .add("host_id", STRING)
          .add("signature_version", STRING)
          .add("cipher_suite", STRING)
          .add("authentication_type", STRING)
          .add("host_header", STRING)
          .add("tls_version", STRING)
          .add("access_point_arn", STRING)
          .add("acl_required", STRING)
          .add("dt", STRING)
          .withBookkeeping();

  private static final UTF8String INVALID_UTF8 = UTF8String.fromString("s3access.invalid_utf8");
  private static final UTF8String BLANK_LINE = UTF8String.fromString("s3access.blank_line");
  private static final UTF8String TOO_FEW_FIELDS =
      UTF8String.fromString("s3access.too_few_fields");
  private static final UTF8String MALFORMED_QUOTES =
      UTF8String.fromString("s3access.malformed_quotes");
  private static final UTF8String BAD_TIME = UTF8String.fromString("s3access.bad_time");
  private static final UTF8String BAD_VALUE = UTF8String.fromString("s3access.bad_value");

  /** Head tokens: bucket, the time's two, the key; strings at the others. */
  private static final int BUCKET = 1;
  private static final int TIME = 2;
  private static final int ZONE = 3;
  private static final int KEY = 8;
  private static final int[] HEAD_STRINGS = {0, 4, 5, 6, 7};
  /** The quoted pieces. */
  private static final int[] QUOTED = {1, 3, 5};
  /** Middle tokens: http_status, error_code, then four counts (bytes and milliseconds). */
  private static final int STATUS = 0;
  private static final int ERROR_CODE = 1;
  private static final int FIRST_COUNT = 2;

  private final S3Tokens line = new S3Tokens();
  private final LineScanner scanner = line::scan;
  private final S3Time time = new S3Time(text, spark);
  private final S3KeyDecoder keyDecoder = new S3KeyDecoder(text);
  private final S3ObjectKey objectKey;

  private final int cEventTime = col("event_time");
  private final int cBucket = col("bucket");
  private final int cAccount = col("account_id");
  private final int cRegion = col("region");
  private final int cKey = col("key");
  private final int cKeyRaw = col("key_raw");
  private final int cHttpStatus = col("http_status");
  private final int cErrorCode = col("error_code");
  private final int cDt = col("dt");
  private final int[] cHeadStrings =
      cols("bucket_owner", "remote_ip", "requester", "request_id", "operation");
  private final int[] cQuoted = cols("request_uri", "referrer", "user_agent");
  private final int[] cCounts = cols("bytes_sent", "object_size", "total_time", "turnaround_time");
  /** The trailing fields, in order; AWS appends fields, and any past these are ignored. */
  private final int[] cTail =
      cols(
          "version_id", "host_id", "signature_version", "cipher_suite", "authentication_type",
          "host_header", "tls_version", "access_point_arn", "acl_required");

  /** The UTC day whose date string {@link #dayDate} holds: a file's lines share few days. */
  private long day = Long.MIN_VALUE;

  private UTF8String dayDate;

  S3AccessParser(StructType schema, String sourceFile) {
    super("s3access", COLUMNS, schema, sourceFile, Set.of("dt", "account_id", "region", "bucket"));
    objectKey = new S3ObjectKey(sourceFile, spark);
  }

  private int[] cols(String... names) {
    int[] c = new int[names.length];
    for (int i = 0; i < names.length; i++) c[i] = col(names[i]);
    return c;
  }

  @Override
  public InternalRow parse(byte[] b, int s, int e) {
    line.of(b, s, e);
    return parseScanned(b, s, e);
  }

  /** The reader's line ends are found by the pass that cuts the line: it reads the bytes once. */
  @Override
  public LineScanner scanner() {
    return scanner;
  }

  @Override
  public InternalRow parseScanned(byte[] b, int s, int e) {
    row.clear();
    // The fields are cut from t[ts, te): the line's bytes or, when they are not well-formed
    // UTF-8, the line as Spark's split decodes it (such a line is rejected, but its time, which
    // an ill-formed byte in a separator does not spoil, still gives dt).
    byte[] t = b;
    int ts = s;
    int te = e;
    boolean valid = line.ascii() || Utf8.isValid(b, s, e);
    if (!valid) {
      t = text.slice(b, s, e).toString().getBytes(StandardCharsets.UTF_8);
      ts = 0;
      te = t.length;
      line.of(t, ts, te);
    }
    S3Items head = line.head;
    long micros = 0;
    boolean hasTime = false;
    if (head.size > ZONE) {
      micros = time.of(t, head.starts[TIME], head.ends[TIME], head.starts[ZONE], head.ends[ZONE]);
      hasTime = time.ok;
    }
    UTF8String why = valid ? structure(t, ts, te) : INVALID_UTF8;
    if (why == null && !hasTime) why = BAD_TIME;
    if (why == null) {
      // A line that gets this far is valid UTF-8 (t is b): its string columns point into one
      // copy of it in the row.
      row.setLine(t, ts, te);
      if (!fields(t, micros)) why = BAD_VALUE;
    }
    row.setString(cAccount, objectKey.accountId);
    row.setString(cRegion, objectKey.region);
    boolean lineBucket = why == null && present(t, head, BUCKET);
    if (lineBucket) row.setLineSlice(cBucket, head.starts[BUCKET], head.ends[BUCKET]);
    else row.setString(cBucket, objectKey.bucket);
    row.setString(cDt, hasTime ? date(micros) : objectKey.date);
    return finish(b, s, e, why, why == BLANK_LINE, !valid);
  }

  /** The reasons that need no conversion, in the SQL parser's order; null when none applies. */
  private UTF8String structure(byte[] t, int s, int e) {
    if (Text.blank(t, s, e)) return BLANK_LINE;
    if (line.tooFew()) return TOO_FEW_FIELDS;
    if (!line.wellFormed(t)) return MALFORMED_QUOTES;
    return null;
  }

  /**
   * Every data column of a well-formed line; false when a number does not convert (the line is
   * then a bad value and its columns are dropped).
   */
  private boolean fields(byte[] t, long micros) {
    row.setLong(cEventTime, micros);
    S3Items head = line.head;
    for (int i = 0; i < HEAD_STRINGS.length; i++) string(cHeadStrings[i], t, head, HEAD_STRINGS[i]);
    if (present(t, head, KEY)) {
      int ks = head.starts[KEY];
      int ke = head.ends[KEY];
      row.setLineSlice(cKeyRaw, ks, ke);
      if (S3KeyDecoder.plain(t, ks, ke)) row.setLineSlice(cKey, ks, ke);
      else row.setString(cKey, keyDecoder.decode(t, ks, ke));
    }
    for (int i = 0; i < QUOTED.length; i++) {
      int ps = line.pieceStart(QUOTED[i]);
      int pe = line.pieceEnd(QUOTED[i]);
      if (!Text.dash(t, ps, pe)) row.setLineSlice(cQuoted[i], ps, pe);
    }
    S3Items mid = line.mid;
    boolean ok = true;
    if (present(t, mid, STATUS)) {
      int status = convert.intValue(t, mid.starts[STATUS], mid.ends[STATUS]);
      if (!convert.ok) ok = false;
      else row.setInt(cHttpStatus, status);
    }
    string(cErrorCode, t, mid, ERROR_CODE);
    for (int i = 0; i < cCounts.length; i++) {
      int k = FIRST_COUNT + i;
      if (!present(t, mid, k)) continue;
      long v = convert.longValue(t, mid.starts[k], mid.ends[k]);
      if (!convert.ok) ok = false;
      else row.setLong(cCounts[i], v);
    }
    S3Items tail = line.tail;
    for (int k = 0; k < cTail.length; k++) string(cTail[k], t, tail, k);
    return ok;
  }

  /**
   * Column {@code c} from item {@code k} of {@code sp}: null when absent or {@code -}. For a
   * line given to {@link RowBuffer#setLine}.
   */
  private void string(int c, byte[] t, S3Items sp, int k) {
    if (present(t, sp, k)) row.setLineSlice(c, sp.starts[k], sp.ends[k]);
  }

  /** Whether item {@code k} of {@code sp} is present and not {@code -}. */
  private static boolean present(byte[] t, S3Items sp, int k) {
    return k < sp.size && !Text.dash(t, sp.starts[k], sp.ends[k]);
  }

  /** {@code yyyy-mm-dd} of a time in UTC, cached per day. */
  private UTF8String date(long micros) {
    long d = Convert.utcDay(micros);
    if (d != day) {
      day = d;
      dayDate = utcDate(micros);
    }
    return dayDate;
  }
}
