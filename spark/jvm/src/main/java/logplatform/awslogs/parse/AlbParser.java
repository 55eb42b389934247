package logplatform.awslogs.parse;

import static logplatform.awslogs.parse.Columns.DOUBLE;
import static logplatform.awslogs.parse.Columns.INT;
import static logplatform.awslogs.parse.Columns.LONG;
import static logplatform.awslogs.parse.Columns.STRING;
import static logplatform.awslogs.parse.Columns.STRINGS;
import static logplatform.awslogs.parse.Columns.TIMESTAMP;

import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Application Load Balancer access logs: the rows and reasons of {@code logparse.sources.alb},
 * computed on the line's bytes. The line splits on {@code "} into pieces (quoted fields at odd
 * positions); the unquoted head and the runs between quoted fields split on spaces; each field
 * is read at its fixed position and converted once. See the Python module for the format.
 */
final class AlbParser extends DatasetParser {
  static final Columns COLUMNS =
      new Columns()
          .add("event_time", TIMESTAMP)
          .add("source_file", STRING)
          .add("type", STRING)
          .add("elb", STRING)
          .add("client_ip", STRING)
          .add("client_port", INT)
          .add("target_ip", STRING)
          .add("target_port", INT)
          .add("request_processing_time", DOUBLE)
          .add("target_processing_time", DOUBLE)
          .add("response_processing_time", DOUBLE)
          .add("elb_status_code", INT)
          .add("target_status_code", INT)
          .add("received_bytes", LONG)
          .add("sent_bytes", LONG)
          .add("request_verb", STRING)
          .add("request_url", STRING)
          .add("request_protocol", STRING)
          .add("user_agent", STRING)
          .add("ssl_cipher", STRING)
          .add("ssl_protocol", STRING)
          .add("target_group_arn", STRING)
          .add("trace_id", STRING)
          .add("domain_name", STRING)
          .add("chosen_cert_arn", STRING)
          .add("matched_rule_priority", INT)
          .add("request_creation_time", TIMESTAMP)
          .add("actions_executed", STRINGS)
          .add("redirect_url", STRING)
          .add("error_reason", STRING)
          .add("target_port_list", STRINGS)
          .add("target_status_code_list", STRINGS)
          .add("classification", STRING)
          .add("classification_reason", STRING)
          .add("conn_trace_id", STRING)
          .add("transformed_host", STRING)
          .add("transformed_uri", STRING)
          .add("request_transform_status", STRING)
          .add("dt", STRING)
          .add("account_id", STRING)
          .add("region", STRING)
          .withBookkeeping();

  private static final UTF8String INVALID_UTF8 = UTF8String.fromString("alb.invalid_utf8");
  private static final UTF8String BLANK_LINE = UTF8String.fromString("alb.blank_line");
  private static final UTF8String NLB_LINE = UTF8String.fromString("alb.nlb_line");
  private static final UTF8String CONNECTION_LOG_LINE =
      UTF8String.fromString("alb.connection_log_line");
  private static final UTF8String UNKNOWN_TYPE = UTF8String.fromString("alb.unknown_type");
  private static final UTF8String TOO_FEW_FIELDS = UTF8String.fromString("alb.too_few_fields");
  private static final UTF8String MALFORMED_QUOTES = UTF8String.fromString("alb.malformed_quotes");
  private static final UTF8String BAD_VALUE = UTF8String.fromString("alb.bad_value");

  private static final byte[][] ALB_TYPES = {
    Text.ascii("http"), Text.ascii("https"), Text.ascii("h2"), Text.ascii("grpcs"),
    Text.ascii("ws"), Text.ascii("wss")
  };
  private static final byte[] TLS = Text.ascii("tls");
  private static final int MIN_PIECES = 17;
  private static final int HEAD_TOKENS = 13;
  private static final int[] SEPARATORS = {2, 6, 8, 12, 14, 16, 18, 20, 22, 26, 28, 30};

  private final AlbTokens tokens = new AlbTokens();
  private final Text.Split pieces = tokens.pieces;
  private final Text.Split head = tokens.head;
  private final Text.Split run4 = tokens.run4;
  private final Text.Split run10 = tokens.run10;
  private final Text.Split run24 = tokens.run24;
  private final Text.Split items = new Text.Split();

  private final UTF8String accountId;
  private final UTF8String region;
  private final UTF8String keyDate;

  private final int cEventTime = col("event_time");
  private final int cType = col("type");
  private final int cElb = col("elb");
  private final int cClientIp = col("client_ip");
  private final int cClientPort = col("client_port");
  private final int cTargetIp = col("target_ip");
  private final int cTargetPort = col("target_port");
  private final int cRequestTime = col("request_processing_time");
  private final int cTargetTime = col("target_processing_time");
  private final int cResponseTime = col("response_processing_time");
  private final int cElbStatus = col("elb_status_code");
  private final int cTargetStatus = col("target_status_code");
  private final int cReceived = col("received_bytes");
  private final int cSent = col("sent_bytes");
  private final int cVerb = col("request_verb");
  private final int cUrl = col("request_url");
  private final int cProtocol = col("request_protocol");
  private final int cUserAgent = col("user_agent");
  private final int cCipher = col("ssl_cipher");
  private final int cSslProtocol = col("ssl_protocol");
  private final int cTargetGroup = col("target_group_arn");
  private final int cTraceId = col("trace_id");
  private final int cDomain = col("domain_name");
  private final int cCert = col("chosen_cert_arn");
  private final int cPriority = col("matched_rule_priority");
  private final int cCreation = col("request_creation_time");
  private final int cActions = col("actions_executed");
  private final int cRedirect = col("redirect_url");
  private final int cError = col("error_reason");
  private final int cPortList = col("target_port_list");
  private final int cStatusList = col("target_status_code_list");
  private final int cClassification = col("classification");
  private final int cClassificationReason = col("classification_reason");
  private final int cConnTrace = col("conn_trace_id");
  private final int cTransformedHost = col("transformed_host");
  private final int cTransformedUri = col("transformed_uri");
  private final int cTransformStatus = col("request_transform_status");
  private final int cDt = col("dt");
  private final int cAccount = col("account_id");
  private final int cRegion = col("region");

  /** Whether a present token failed its conversion (the line is then a bad value). */
  private boolean failed;

  AlbParser(StructType schema, String sourceFile) {
    super("alb", COLUMNS, schema, sourceFile, Set.of("dt", "account_id", "region"));
    // AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/: once per file.
    String k = substringIndex(substringIndex(sourceFile, "/AWSLogs/", -1), "/", 6);
    boolean ok = segment(k, 1).equals("elasticloadbalancing");
    accountId = ok ? UTF8String.fromString(segment(k, 0)) : null;
    region = ok ? UTF8String.fromString(segment(k, 2)) : null;
    keyDate = ok ? keyDate(segment(k, 3), segment(k, 4), segment(k, 5)) : null;
  }

  private static String segment(String k, int i) {
    return substringIndex(substringIndex(k, "/", i + 1), "/", -1);
  }

  @Override
  public InternalRow parse(byte[] b, int s, int e) {
    row.clear();
    // String columns point into one copy of the line (a rejected line's are dropped after).
    row.setLine(b, s, e);
    failed = false;
    tokens.of(b, s, e);
    int np = pieces.size;
    int nh = head.size;

    // Every field, as the SQL parser converts it; the reason is decided after.
    boolean hasTime = timestamp(head, 1, cEventTime, b);
    long time = eventTime;
    str(cType, b, head, 0);
    str(cElb, b, head, 2);
    endpoint(b, head, 3, cClientIp, cClientPort);
    endpoint(b, head, 4, cTargetIp, cTargetPort);
    duration(b, head, 5, cRequestTime);
    duration(b, head, 6, cTargetTime);
    duration(b, head, 7, cResponseTime);
    integer(b, head, 8, cElbStatus);
    integer(b, head, 9, cTargetStatus);
    bigint(b, head, 10, cReceived);
    bigint(b, head, 11, cSent);
    request(b, pieces, 1);
    str(cUserAgent, b, pieces, 3);
    boolean has4 = np > 4;
    if (has4) {
      str(cCipher, b, run4, 1);
      str(cSslProtocol, b, run4, 2);
      str(cTargetGroup, b, run4, 3);
    }
    str(cTraceId, b, pieces, 5);
    str(cDomain, b, pieces, 7);
    str(cCert, b, pieces, 9);
    boolean has10 = np > 10;
    if (has10) {
      integer(b, run10, 1, cPriority);
      timestamp(run10, 2, cCreation, b);
    }
    list(b, pieces, 11, (byte) ',', cActions);
    str(cRedirect, b, pieces, 13);
    str(cError, b, pieces, 15);
    list(b, pieces, 17, (byte) ' ', cPortList);
    list(b, pieces, 19, (byte) ' ', cStatusList);
    str(cClassification, b, pieces, 21);
    str(cClassificationReason, b, pieces, 23);
    boolean has24 = np > 24;
    if (has24) {
      // conn_trace_id: nullif(nullif(run24[1], ''), '-')
      if (run24.nonEmpty(1) && !Text.dash(b, run24.starts[1], run24.ends[1])) {
        row.setLineSlice(cConnTrace, run24.starts[1], run24.ends[1]);
      }
    }
    str(cTransformedHost, b, pieces, 25);
    str(cTransformedUri, b, pieces, 27);
    str(cTransformStatus, b, pieces, 29);

    boolean valid = tokens.ascii() || Utf8.isValid(b, s, e);
    UTF8String why = valid ? reason(b, s, e, np, nh, has24) : INVALID_UTF8;
    row.setString(cAccount, accountId);
    row.setString(cRegion, region);
    dt(b, head, hasTime, time);
    return finish(b, s, e, why, why == BLANK_LINE, !valid);
  }

  private UTF8String reason(byte[] b, int s, int e, int np, int nh, boolean has24) {
    int f0 = head.starts[0];
    int f1 = head.ends[0];
    if (f0 == f1 && Text.blank(b, s, e)) return BLANK_LINE;
    if (Text.is(b, f0, f1, TLS)) return NLB_LINE;
    boolean known = false;
    for (byte[] t : ALB_TYPES) known |= Text.is(b, f0, f1, t);
    if (!known) {
      convert.timestampValue(b, f0, f1);
      return convert.ok ? CONNECTION_LOG_LINE : UNKNOWN_TYPE;
    }
    if (np < MIN_PIECES || nh < HEAD_TOKENS) return TOO_FEW_FIELDS;
    if (nh > HEAD_TOKENS || !structureOk(b, np, has24)) return MALFORMED_QUOTES;
    return failed ? BAD_VALUE : null;
  }

  /** The runs between quoted fields are what the format puts there (see the Python module). */
  private boolean structureOk(byte[] b, int np, boolean has24) {
    if (np % 2 != 1) return false;
    if (!head.empty(HEAD_TOKENS - 1)) return false;
    for (int i : SEPARATORS) {
      if (i >= np) continue;
      int len = pieces.length(i);
      boolean space = len == 1 && b[pieces.starts[i]] == ' ';
      if (!(space || (len == 0 && np == i + 1))) return false;
    }
    if (!runOf(run4, 3) || !runOf(run10, 2)) return false;
    if (np < 25) return true;
    if (np == 25) {
      return pieces.length(24) == 0
          || (run24.size == 2 && run24.empty(0) && run24.nonEmpty(1));
    }
    return runOf(run24, 1);
  }

  /** `` tok1 … tokN ``: an empty item, N non-empty tokens, an empty item. */
  private static boolean runOf(Text.Split r, int tokens) {
    if (r.size != tokens + 2 || !r.empty(0) || !r.empty(tokens + 1)) return false;
    for (int k = 1; k <= tokens; k++) if (!r.nonEmpty(k)) return false;
    return true;
  }

  /** Whether item {@code k} of {@code sp} is present and not {@code -}. */
  private static boolean present(byte[] b, Text.Split sp, int k) {
    return k < sp.size && !Text.dash(b, sp.starts[k], sp.ends[k]);
  }

  private void str(int c, byte[] b, Text.Split sp, int k) {
    if (present(b, sp, k)) row.setLineSlice(c, sp.starts[k], sp.ends[k]);
  }

  /** The last time {@link #timestamp} converted. */
  private long eventTime;

  /** Whether the field converted to a time (then in {@link #eventTime}). */
  private boolean timestamp(Text.Split sp, int k, int c, byte[] b) {
    if (!present(b, sp, k)) return false;
    long v = convert.timestampValue(b, sp.starts[k], sp.ends[k]);
    if (!convert.ok) {
      failed = true;
      return false;
    }
    row.setLong(c, v);
    eventTime = v;
    return true;
  }

  private void integer(byte[] b, Text.Split sp, int k, int c) {
    if (!present(b, sp, k)) return;
    int v = convert.intValue(b, sp.starts[k], sp.ends[k]);
    if (!convert.ok) failed = true;
    else row.setInt(c, v);
  }

  private void bigint(byte[] b, Text.Split sp, int k, int c) {
    if (!present(b, sp, k)) return;
    long v = convert.longValue(b, sp.starts[k], sp.ends[k]);
    if (!convert.ok) failed = true;
    else row.setLong(c, v);
  }

  /** A processing time: -1 means no target was reached, not a duration (null). */
  private void duration(byte[] b, Text.Split sp, int k, int c) {
    if (!present(b, sp, k)) return;
    double v = convert.doubleValue(b, sp.starts[k], sp.ends[k]);
    if (!convert.ok) failed = true;
    else if (v != -1.0) row.setDouble(c, v);
  }

  /**
   * {@code addr:port} or {@code [v6addr]:port}: the address before the last colon without
   * brackets ('' when there is no colon), and the port after it converted to an int.
   */
  private void endpoint(byte[] b, Text.Split sp, int k, int cIp, int cPort) {
    if (!present(b, sp, k)) return;
    int s = sp.starts[k];
    int e = sp.ends[k];
    int colon = Text.lastIndexOf(b, s, e, (byte) ':');
    int portStart = colon < 0 ? s : colon + 1;
    int hostEnd = colon < 0 ? s : colon;
    if (Text.contains(b, s, e, (byte) '[') || Text.contains(b, s, e, (byte) ']')) {
      row.setString(cIp, withoutBrackets(b, s, hostEnd));
    } else {
      row.setLineSlice(cIp, s, hostEnd);
    }
    if (!Text.dash(b, portStart, e)) {
      int port = convert.intValue(b, portStart, e);
      if (!convert.ok) failed = true;
      else row.setInt(cPort, port);
    }
  }

  private static UTF8String withoutBrackets(byte[] b, int s, int e) {
    byte[] out = new byte[e - s];
    int n = 0;
    for (int i = s; i < e; i++) if (b[i] != '[' && b[i] != ']') out[n++] = b[i];
    return UTF8String.fromBytes(out, 0, n);
  }

  /** {@code "VERB URL PROTOCOL"}: verb before the first space, protocol after the last. */
  private void request(byte[] b, Text.Split sp, int k) {
    if (!present(b, sp, k)) return;
    int s = sp.starts[k];
    int e = sp.ends[k];
    int first = Text.indexOf(b, s, e, (byte) ' ');
    int verbEnd = first < 0 ? e : first;
    if (!Text.dash(b, s, verbEnd)) row.setLineSlice(cVerb, s, verbEnd);
    if (first < 0) return;
    int last = Text.lastIndexOf(b, s, e, (byte) ' ');
    if (last > first + 1) row.setLineSlice(cUrl, first + 1, last);
    // After the last space; "-" (a protocol AWS could not read) is null, as for the verb.
    if (last + 1 < e && !Text.dash(b, last + 1, e)) {
      row.setLineSlice(cProtocol, last + 1, e);
    }
  }

  /** A list field: null for {@code -} or empty, else its items split on {@code sep}. */
  private void list(byte[] b, Text.Split sp, int k, byte sep, int c) {
    if (!present(b, sp, k)) return;
    int s = sp.starts[k];
    int e = sp.ends[k];
    if (s == e) return;
    items.of(b, s, e, sep);
    row.setStrings(c, b, items);
  }

  /** dt: the event's UTC date; the key's date when the line has no usable time. */
  private void dt(byte[] b, Text.Split sp, boolean hasTime, long time) {
    if (!hasTime) {
      row.setString(cDt, keyDate);
      return;
    }
    int s = sp.starts[1];
    int e = sp.ends[1];
    // A token yyyy-mm-ddT…Z that casts is at UTC on that date: its first ten bytes.
    if (e - s >= 11 && b[s] >= '0' && b[s] <= '9' && b[s + 4] == '-' && b[s + 7] == '-'
        && b[s + 10] == 'T' && b[e - 1] == 'Z') {
      row.setLineSlice(cDt, s, s + 10);
    } else {
      row.setString(cDt, utcDate(time));
    }
  }
}
