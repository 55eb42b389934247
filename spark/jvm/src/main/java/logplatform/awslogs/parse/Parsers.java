package logplatform.awslogs.parse;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** The sources with a JVM parser, and the parser of one file. */
public final class Parsers {
  /** The source of a format declared in {@code formats/} ({@link DeclaredSpec}). */
  public static final String DECLARED = "declared";

  /** The {@code source} option's accepted values. */
  public static final List<String> NAMES = List.of("alb", "vpcflow", "s3access", DECLARED);

  private Parsers() {}

  /**
   * Checks that {@code schema} is what the source's parser writes.
   *
   * @throws IllegalArgumentException naming every difference.
   */
  public static void check(String source, DeclaredSpec declared, StructType schema) {
    if (declared != null) {
      declared.columns().positions(declared.name, schema);
    } else {
      columns(source).positions(source, schema);
    }
  }

  static Columns columns(String source) {
    switch (source) {
      case "alb":
        return AlbParser.COLUMNS;
      case "vpcflow":
        return VpcFlowParser.COLUMNS;
      case "s3access":
        return S3AccessParser.COLUMNS;
      default:
        throw new IllegalArgumentException("format awslogs: no parser for source " + source);
    }
  }

  /** The parser of one file, whose rows carry {@code sourceFile}. */
  public static FileParser forFile(
      String source, DeclaredSpec declared, StructType schema, String sourceFile) {
    if (declared != null) return new DeclaredParser(declared, schema, sourceFile);
    switch (source) {
      case "alb":
        return new AlbParser(schema, sourceFile);
      case "vpcflow":
        return new VpcFlowParser(schema, sourceFile);
      case "s3access":
        return new S3AccessParser(schema, sourceFile);
      default:
        throw new IllegalArgumentException("format awslogs: no parser for source " + source);
    }
  }
}
