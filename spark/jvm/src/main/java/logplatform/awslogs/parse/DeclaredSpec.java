package logplatform.awslogs.parse;

import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A log format declared in {@code formats/<name>.yaml}, as {@code logparse/formats/jvm.py}
 * compiles it into the reader's {@code format.*} options: validated there, read back here on
 * the driver (a malformed option fails before any task starts) and shipped to the tasks.
 */
public final class DeclaredSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One declared field. */
  public static final class Field implements Serializable {
    private static final long serialVersionUID = 1L;
    public final String name;
    public final String type;
    /** Timestamps: a Spark datetime pattern, {@code epoch_seconds}, {@code epoch_millis}, or null. */
    public final String format;
    public final String zone;
    public final boolean required;
    public final Double min;
    public final Double max;
    public final byte[][] nulls;
    public final byte[][] oneOf;

    Field(String[] parts) {
      name = parts[0];
      type = parts[1];
      format = emptyToNull(decode(parts[2]));
      zone = emptyToNull(decode(parts[3]));
      required = parts[4].equals("1");
      min = parts[5].isEmpty() ? null : Double.valueOf(parts[5]);
      max = parts[6].isEmpty() ? null : Double.valueOf(parts[6]);
      nulls = list(parts[7]);
      oneOf = parts[8].isEmpty() ? null : list(parts[8]);
    }

    /** The column type this field writes. */
    public DataType dataType() {
      switch (type) {
        case "string":
          return DataTypes.StringType;
        case "int":
          return DataTypes.IntegerType;
        case "bigint":
          return DataTypes.LongType;
        case "double":
          return DataTypes.DoubleType;
        case "boolean":
          return DataTypes.BooleanType;
        case "timestamp":
          return DataTypes.TimestampType;
        default:
          throw new IllegalArgumentException("format.fields: field " + name + " has type " + type);
      }
    }
  }

  public final String name;
  public final boolean pattern;
  public final byte separator;
  public final byte[] opens;
  public final byte[] closes;
  /** The escape byte inside quotes, or -1. */
  public final int escape;
  public final boolean ignoreExtra;
  public final String regex;
  public final int[] groups;
  /** Multi-line records: the start pattern and the column of the other lines; else null. */
  public final String start;
  public final String continuation;
  public final byte[][] skips;
  public final String keyRegex;
  /** Group of each key value in {@link #keyRegex}, or 0 when the layout lacks it. */
  public final int accountGroup;
  public final int regionGroup;
  public final int yearGroup;
  public final int monthGroup;
  public final int dayGroup;
  public final Field[] fields;
  /** The projected partition keys after {@code dt}, and the values each may take. */
  public final String[] partitionKeys;
  public final String[][] partitionValues;

  private DeclaredSpec(Map<String, String> o) {
    name = required(o, "format.name");
    String mode = required(o, "format.mode");
    pattern = mode.equals("pattern");
    if (!pattern && !mode.equals("split")) {
      throw new IllegalArgumentException("format.mode must be split or pattern, got " + mode);
    }
    List<Field> parsed = new ArrayList<>();
    for (String line : required(o, "format.fields").split("\n")) {
      parsed.add(new Field(line.split(",", -1)));
    }
    fields = parsed.toArray(new Field[0]);
    if (pattern) {
      regex = required(o, "format.pattern");
      String[] g = required(o, "format.groups").split(",");
      groups = new int[g.length];
      for (int i = 0; i < g.length; i++) groups[i] = Integer.parseInt(g[i]);
      compile("format.pattern", regex);
      separator = 0;
      opens = new byte[0];
      closes = new byte[0];
      escape = -1;
      ignoreExtra = false;
    } else {
      regex = null;
      groups = null;
      separator = ascii(required(o, "format.separator"));
      byte[] q = get(o, "format.quotes", "").getBytes(StandardCharsets.US_ASCII);
      opens = new byte[q.length / 2];
      closes = new byte[q.length / 2];
      for (int i = 0; i < opens.length; i++) {
        opens[i] = q[2 * i];
        closes[i] = q[2 * i + 1];
      }
      String e = get(o, "format.escape", "");
      escape = e.isEmpty() ? -1 : ascii(e);
      ignoreExtra = get(o, "format.extra", "reject").equals("ignore");
    }
    start = emptyToNull(get(o, "format.start", ""));
    continuation = emptyToNull(get(o, "format.continuation", ""));
    if (start != null) compile("format.start", start);
    skips = list(get(o, "format.skip", ""));
    keyRegex = required(o, "format.keys");
    compile("format.keys", keyRegex);
    int account = 0, region = 0, year = 0, month = 0, day = 0;
    String keyGroups = get(o, "format.keygroups", "");
    for (String pair : keyGroups.isEmpty() ? new String[0] : keyGroups.split(",")) {
      String[] kv = pair.split("=");
      int g = Integer.parseInt(kv[1]);
      switch (kv[0]) {
        case "account_id":
          account = g;
          break;
        case "region":
          region = g;
          break;
        case "yyyy":
          year = g;
          break;
        case "mm":
          month = g;
          break;
        case "dd":
          day = g;
          break;
        default:
          throw new IllegalArgumentException("format.keyGroups: unknown key " + kv[0]);
      }
    }
    accountGroup = account;
    regionGroup = region;
    yearGroup = year;
    monthGroup = month;
    dayGroup = day;
    String partitions = get(o, "format.partitions", "");
    String[] lines = partitions.isEmpty() ? new String[0] : partitions.split("\n");
    partitionKeys = new String[lines.length];
    partitionValues = new String[lines.length][];
    for (int i = 0; i < lines.length; i++) {
      int eq = lines[i].indexOf('=');
      partitionKeys[i] = lines[i].substring(0, eq);
      byte[][] values = list(lines[i].substring(eq + 1));
      partitionValues[i] = new String[values.length];
      for (int k = 0; k < values.length; k++) {
        partitionValues[i][k] = new String(values[k], StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * The declaration in the reader's options.
   *
   * @throws IllegalArgumentException naming the option that is missing or malformed.
   */
  public static DeclaredSpec of(Map<String, String> options) {
    try {
      return new DeclaredSpec(options);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage().startsWith("format")) throw e;
      throw new IllegalArgumentException(
          "format awslogs, source declared: the format.* options are not what"
              + " logparse/formats/jvm.py writes: " + e,
          e);
    }
  }

  /** The columns the parser writes: the dataset's schema as {@code logparse/formats} derives it. */
  public Columns columns() {
    Columns c = new Columns().add("source_file", Columns.STRING).add("dt", Columns.STRING);
    if (accountGroup > 0) c.add("account_id", Columns.STRING);
    if (regionGroup > 0) c.add("region", Columns.STRING);
    for (Field f : fields) c.add(f.name, f.dataType());
    if (continuation != null) c.add(continuation, Columns.STRING);
    return c.withBookkeeping();
  }

  private static void compile(String option, String regex) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(option + " is not a Java regex: " + e.getMessage(), e);
    }
  }

  private static byte ascii(String s) {
    if (s.length() != 1 || s.charAt(0) > 0x7e) {
      throw new IllegalArgumentException("format: expected one ASCII character, got '" + s + "'");
    }
    return (byte) s.charAt(0);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** A list written as {@code #} then URL-encoded items joined by {@code |}; empty: none. */
  static byte[][] list(String s) {
    if (s.isEmpty()) return new byte[0][];
    String[] items = s.substring(1).split("\\|", -1);
    byte[][] out = new byte[items.length][];
    for (int i = 0; i < items.length; i++) {
      out[i] = decode(items[i]).getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  private static String get(Map<String, String> o, String key, String otherwise) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : o.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) return e.getValue();
    }
    return otherwise;
  }

  private static String required(Map<String, String> o, String key) {
    String v = get(o, key, null);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("format awslogs, source declared: option " + key + " is missing");
    }
    return v;
  }
}
