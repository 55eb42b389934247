package logplatform.awslogs.source;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import logplatform.awslogs.parse.DeclaredSpec;
import logplatform.awslogs.parse.Parsers;
import org.apache.hadoop.fs.Path;

/** The reader's options, checked once on the driver. */
public final class Options implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The log source whose parser runs: {@code alb}, {@code vpcflow} or {@code s3access}. */
  public final String source;
  /**
   * The {@code source_file} each input file's rows carry, by {@link #key}; null: the file's own
   * spelling, as {@code input_file_name()} gives it.
   */
  public final Map<String, String> names;
  /** Where damaged files are reported ({@link DamageLog}); null: nowhere. */
  public final String damageLog;
  /** Source {@code declared}: the format, from the {@code format.*} options; else null. */
  public final DeclaredSpec declared;

  private Options(
      String source, Map<String, String> names, String damageLog, DeclaredSpec declared) {
    this.source = source;
    this.names = names;
    this.damageLog = damageLog;
    this.declared = declared;
  }

  /** How a path is looked up in {@link #names}: its URI's path, however it was spelled. */
  static String key(Path path) {
    return path.toUri().getPath();
  }

  /**
   * @throws IllegalArgumentException naming the option and what it must hold.
   */
  static Options parse(Map<String, String> properties) {
    String source = get(properties, "source");
    if (source == null || !Parsers.NAMES.contains(source)) {
      throw new IllegalArgumentException(
          "format awslogs: option source must be one of " + Parsers.NAMES + ", got " + source);
    }
    String listing = get(properties, "names");
    HashMap<String, String> names = null;
    if (listing != null) {
      names = new HashMap<>();
      int lineNo = 0;
      for (String line : listing.split("\n", -1)) {
        lineNo++;
        if (line.isEmpty()) continue;
        int tab = line.indexOf('\t');
        if (tab <= 0 || tab == line.length() - 1) {
          throw new IllegalArgumentException(
              "format awslogs: option names, line " + lineNo
                  + ": expected '<path>\\t<source_file>', got '" + line + "'");
        }
        String path = line.substring(0, tab);
        String previous = names.put(key(new Path(path)), line.substring(tab + 1));
        if (previous != null) {
          throw new IllegalArgumentException(
              "format awslogs: option names, line " + lineNo + ": " + path + " is listed twice");
        }
      }
    }
    DeclaredSpec declared =
        source.equals(Parsers.DECLARED) ? DeclaredSpec.of(properties) : null;
    return new Options(source, names, get(properties, "damagelog"), declared);
  }

  /** The {@code source_file} of {@code path}, whose own spelling is {@code spelling}. */
  String sourceFile(Path path, String spelling) {
    if (names == null) return spelling;
    String name = names.get(key(path));
    if (name == null) {
      throw new IllegalArgumentException(
          "format awslogs: " + spelling + " is read but not listed in option names");
    }
    return name;
  }

  private static String get(Map<String, String> properties, String key) {
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(key)) return e.getValue();
    }
    return null;
  }
}
