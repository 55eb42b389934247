package logplatform.awslogs.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A declared format ({@code formats/<name>.yaml}) parsed on the file's bytes: the rows and
 * reasons of {@code logparse.formats.sql}, which stays the oracle of a differential test. A
 * line, or a multi-line record (grouped once per file at the lines the start pattern matches),
 * is cut once ({@link DeclaredCut}), each field converted once ({@link DeclaredValues}); the
 * reason is then the first check it fails, in {@code logparse/formats/reasons.py}'s order.
 */
final class DeclaredParser extends DatasetParser {
  private final DeclaredSpec spec;
  private final DeclaredCut cut;
  private final DeclaredValues values;
  private final Pattern start;
  private final int[] fieldColumns;
  private final int continuationColumn;
  private final int cDt;
  private final int cAccount;
  private final int cRegion;
  private final UTF8String account;
  private final UTF8String region;
  private final UTF8String keyDate;
  private final boolean[] projected;
  private final UTF8String[] unprojected;

  private final UTF8String invalidUtf8;
  private final UTF8String blank;
  private final UTF8String skippedPrefix;
  private final UTF8String noRecordStart;
  private final UTF8String malformed;

  /** Record boundaries of a multi-line file: record r is lines [first[r], first[r + 1]). */
  private int[] first = new int[0];

  private int records;
  private byte[] joined = new byte[4096];

  DeclaredParser(DeclaredSpec spec, StructType schema, String sourceFile) {
    super(spec.name, spec.columns(), schema, sourceFile, kept(spec));
    this.spec = spec;
    this.cut = new DeclaredCut(spec);
    this.values = new DeclaredValues(spec, convert, this.spark, text);
    this.start = spec.start == null ? null : Pattern.compile(spec.start);
    fieldColumns = new int[spec.fields.length];
    for (int i = 0; i < fieldColumns.length; i++) fieldColumns[i] = col(spec.fields[i].name);
    continuationColumn = spec.continuation == null ? -1 : col(spec.continuation);
    cDt = col("dt");
    cAccount = spec.accountGroup > 0 ? col("account_id") : -1;
    cRegion = spec.regionGroup > 0 ? col("region") : -1;
    Matcher key = Pattern.compile(spec.keyRegex).matcher(sourceFile);
    boolean found = key.find();
    account = group(key, found, spec.accountGroup);
    region = group(key, found, spec.regionGroup);
    keyDate =
        found && spec.yearGroup > 0
            ? keyDate(key.group(spec.yearGroup), key.group(spec.monthGroup), key.group(spec.dayGroup))
            : null;
    projected = new boolean[spec.partitionKeys.length];
    unprojected = new UTF8String[projected.length];
    for (int k = 0; k < projected.length; k++) {
      UTF8String v = spec.partitionKeys[k].equals("account_id") ? account : region;
      projected[k] = v != null && Arrays.asList(spec.partitionValues[k]).contains(v.toString());
      unprojected[k] = UTF8String.fromString(spec.name + ".unprojected." + spec.partitionKeys[k]);
    }
    invalidUtf8 = reason("invalid_utf8");
    blank = reason("blank");
    skippedPrefix = reason("skipped_prefix");
    noRecordStart = reason("no_record_start");
    malformed = reason("malformed");
  }

  private static Set<String> kept(DeclaredSpec spec) {
    Set<String> keys = new HashSet<>();
    keys.add("dt");
    if (spec.accountGroup > 0) keys.add("account_id");
    if (spec.regionGroup > 0) keys.add("region");
    return keys;
  }

  private static UTF8String group(Matcher m, boolean found, int g) {
    return found && g > 0 ? UTF8String.fromString(m.group(g)) : null;
  }

  private UTF8String reason(String code) {
    return UTF8String.fromString(spec.name + "." + code);
  }

  @Override
  public boolean wantsWholeFile() {
    return start != null;
  }

  @Override
  public void prepare(Lines lines) {
    int n = lines.count();
    first = new int[n + 1];
    records = 0;
    Matcher m = start == null ? null : start.matcher("");
    byte[] b = lines.buffer();
    for (int i = 0; i < n; i++) {
      String line = new String(b, lines.start(i), lines.end(i) - lines.start(i), StandardCharsets.UTF_8);
      if (i == 0 || m.reset(line).lookingAt()) first[records++] = i;
    }
    first[records] = n;
  }

  @Override
  public int rowCount(Lines lines) {
    return records;
  }

  @Override
  public InternalRow row(Lines lines, int r) {
    int from = first[r];
    int to = first[r + 1];
    byte[] b = lines.buffer();
    if (to - from == 1) {
      return record(b, lines.start(from), lines.end(from), lines.end(from), true);
    }
    int size = 0;
    for (int i = from; i < to; i++) size += lines.end(i) - lines.start(i) + 1;
    if (size > joined.length) joined = new byte[Math.max(size, joined.length * 2)];
    int at = 0;
    int firstEnd = 0;
    for (int i = from; i < to; i++) {
      if (i > from) joined[at++] = '\n';
      int len = lines.end(i) - lines.start(i);
      System.arraycopy(b, lines.start(i), joined, at, len);
      at += len;
      if (i == from) firstEnd = at;
    }
    return record(joined, 0, at, firstEnd, true);
  }

  @Override
  public InternalRow parse(byte[] b, int s, int e) {
    return record(b, s, e, e, false);
  }

  /**
   * The row of the record {@code b[s, e)} whose first line ends at {@code firstEnd} (the rest,
   * after a line feed, is its continuation); {@code multi}: the format groups lines.
   */
  private InternalRow record(byte[] b, int s, int e, int firstEnd, boolean multi) {
    boolean valid = Utf8.isValid(b, s, e);
    byte[] t = b;
    int ts = s;
    int te = e;
    int tf = firstEnd;
    if (!valid) {
      // Rejected, but cut as Spark cuts it: decoded (bad bytes become U+FFFD), re-encoded.
      t = new String(b, s, e - s, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
      ts = 0;
      te = t.length;
      int lf = Text.indexOf(t, 0, te, (byte) '\n');
      tf = multi && lf >= 0 ? lf : te;
    }
    boolean shaped = cut.cut(t, ts, tf);
    UTF8String why = values.convert(shaped ? cut : null, row, fieldColumns);
    if (!valid) {
      why = invalidUtf8;
    } else if (isBlank(b, s, e, multi)) {
      why = blank;
    } else if (startsWithSkip(b, s, firstEnd)) {
      why = skippedPrefix;
    } else if (multi && !start.matcher(new String(b, s, firstEnd - s, StandardCharsets.UTF_8)).lookingAt()) {
      why = noRecordStart;
    } else if (!shaped) {
      why = malformed;
    } else if (why == null) {
      for (int k = 0; k < projected.length && why == null; k++) {
        if (!projected[k]) why = unprojected[k];
      }
    }
    if (continuationColumn >= 0 && tf < te) row.setSlice(continuationColumn, t, tf + 1, te);
    Long eventTime = values.eventTime();
    row.setString(cDt, eventTime != null ? utcDate(eventTime) : keyDate);
    if (cAccount >= 0) row.setString(cAccount, account);
    if (cRegion >= 0) row.setString(cRegion, region);
    boolean skip = why == blank || why == skippedPrefix;
    return finish(b, s, e, why, skip, !valid);
  }

  private static boolean isBlank(byte[] b, int s, int e, boolean multi) {
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && !(multi && c == '\n')) return false;
    }
    return true;
  }

  private boolean startsWithSkip(byte[] b, int s, int e) {
    for (byte[] p : spec.skips) {
      if (e - s >= p.length && Arrays.equals(b, s, s + p.length, p, 0, p.length)) return true;
    }
    return false;
  }
}
