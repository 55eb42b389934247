package logplatform.awslogs.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import logplatform.awslogs.parse.Parsers;

/** The reader's options, checked once on the driver. */
public final class Options implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The log source whose parser runs: {@code alb}, {@code vpcflow} or {@code s3access}. */
  public final String source;
  /** The input files, in the order given. */
  public final List<InputFile> files;
  /** Where damaged files are reported ({@link DamageLog}); null: nowhere. */
  public final String damageLog;

  private Options(String source, List<InputFile> files, String damageLog) {
    this.source = source;
    this.files = files;
    this.damageLog = damageLog;
  }

  /** One input file: where to read it and the {@code source_file} its rows carry. */
  public record InputFile(String path, String sourceFile) implements Serializable {}

  /**
   * @throws IllegalArgumentException naming the option and what it must hold.
   */
  static Options parse(Map<String, String> properties) {
    String source = get(properties, "source");
    if (source == null || !Parsers.NAMES.contains(source)) {
      throw new IllegalArgumentException(
          "format awslogs: option source must be one of " + Parsers.NAMES + ", got " + source);
    }
    String listing = get(properties, "files");
    if (listing == null) {
      throw new IllegalArgumentException(
          "format awslogs: option files is required: one '<path>\\t<source_file>' per line");
    }
    List<InputFile> files = new ArrayList<>();
    int lineNo = 0;
    for (String line : listing.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) continue;
      int tab = line.indexOf('\t');
      if (tab <= 0 || tab == line.length() - 1) {
        throw new IllegalArgumentException(
            "format awslogs: option files, line " + lineNo + ": expected '<path>\\t<source_file>', got '"
                + line + "'");
      }
      files.add(new InputFile(line.substring(0, tab), line.substring(tab + 1)));
    }
    return new Options(source, List.copyOf(files), get(properties, "damagelog"));
  }

  private static String get(Map<String, String> properties, String key) {
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(key)) return e.getValue();
    }
    return null;
  }
}
