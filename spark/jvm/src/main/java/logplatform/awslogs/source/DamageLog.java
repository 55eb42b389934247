package logplatform.awslogs.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Files whose compressed stream broke part way (cut short, or corrupt): the reader returns the
 * lines before the damage and reports the file here, so the job can say which file lost what
 * without decompressing anything a second time. The tasks add to an accumulator the scan
 * registers on the driver; the job reads it by the key it passed as the {@code damageLog}
 * option once the query has run.
 */
public final class DamageLog {
  private static final Map<String, CollectionAccumulator<String>> LOGS = new ConcurrentHashMap<>();

  private DamageLog() {}

  /** The accumulator for {@code key}, registered with the context on first use. */
  static CollectionAccumulator<String> forKey(SparkContext sc, String key) {
    return LOGS.computeIfAbsent(key, k -> sc.collectionAccumulator("awslogs damage " + k));
  }

  /** One damaged file, as a task reports it. */
  static String entry(String sourceFile, long linesRead, Exception error) {
    return sourceFile + "\t" + linesRead + "\t" + error.getClass().getName() + ": " + error.getMessage();
  }

  /**
   * The damaged files of the queries run with {@code key}, one {@code [source_file, lines read,
   * error]} each (a retried task's repeats removed), and forgets them.
   */
  public static List<List<String>> take(String key) {
    CollectionAccumulator<String> acc = LOGS.remove(key);
    if (acc == null) return List.of();
    Map<String, List<String>> byFile = new LinkedHashMap<>();
    for (String e : acc.value()) {
      String[] parts = e.split("\t", 3);
      byFile.put(parts[0], List.of(parts));
    }
    return new ArrayList<>(byFile.values());
  }
}
