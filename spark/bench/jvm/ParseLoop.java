import java.io.BufferedInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import logplatform.awslogs.io.LineReader;
import logplatform.awslogs.io.LineScanner;
import logplatform.awslogs.parse.FileParser;
import logplatform.awslogs.parse.Parsers;
import logplatform.awslogs.parse.WholeFile;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The JVM parsers without Spark: per round, the thread CPU of reading every line of the corpus
 * ({@code LineReader}), then of reading and parsing them. Arguments: source, corpus directory,
 * the output schema as JSON, rounds. Prints one line per round.
 */
public final class ParseLoop {
  public static void main(String[] args) throws Exception {
    String source = args[0];
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(Paths.get(args[1]))) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    StructType schema = (StructType) DataType.fromJson(Files.readString(Paths.get(args[2])));
    int rounds = Integer.parseInt(args[3]);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= rounds; round++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      long lines = 0;
      for (Path f : files) {
        try (LineReader r = new LineReader(new BufferedInputStream(Files.newInputStream(f)))) {
          while (r.next()) lines++;
        }
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      long parsed = 0;
      for (Path f : files) {
        FileParser p = Parsers.forFile(source, null, schema, "file:" + f);
        try (LineReader r = new LineReader(new BufferedInputStream(Files.newInputStream(f)))) {
          if (p.wantsWholeFile()) {
            // As the file source does for VPC flow logs: every line first, then the parse.
            WholeFile whole = WholeFile.read(r);
            p.prepare(whole);
            for (int i = 0; i < whole.count(); i++) {
              if (p.parse(whole.buffer(), whole.start(i), whole.end(i)) != null) parsed++;
            }
          } else {
            // As the file source does: a parser with a scanner finds the line ends itself.
            LineScanner scanner = p.scanner();
            while (r.next(scanner)) {
              if (p.parseScanned(r.buffer(), r.start(), r.end()) != null) parsed++;
            }
          }
        }
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      double read = (t1 - t0) / 1e3 / lines;
      double parse = ((t2 - t1) - (t1 - t0)) / 1e3 / parsed;
      System.out.printf(
          "round %d: %d lines, read %.2f us/line, parse %.2f us/line more, read/(read+parse) %.2f%n",
          round, lines, read, parse, read / (read + parse));
    }
  }
}
