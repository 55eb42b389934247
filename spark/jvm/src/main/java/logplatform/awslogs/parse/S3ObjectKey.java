package logplatform.awslogs.parse;

import org.apache.spark.unsafe.types.UTF8String;

/**
 * What an access log object's key says, as {@code logparse.sources.s3access._key_fields} reads
 * it, computed once per file with Spark's own string functions. The object name starts with its
 * delivery time in both key formats, so {@link #date} is known for every file; account, region
 * and source bucket only in the date-partitioned format
 * ({@code s3-access/<acct>/<region>/<bucket>/yyyy/mm/dd/<name>}), counted back from the name.
 */
final class S3ObjectKey {
  private static final UTF8String SLASH = UTF8String.fromString("/");
  private static final UTF8String DASH = UTF8String.fromString("-");
  private static final UTF8String PREFIX = UTF8String.fromString("s3-access");

  /** The source bucket's account, region and name; null unless the key is date-partitioned. */
  final UTF8String accountId;

  final UTF8String region;
  final UTF8String bucket;
  /** {@code yyyy-mm-dd} from the object name, or null when its first ten bytes are no date. */
  final UTF8String date;

  S3ObjectKey(String sourceFile, SparkCasts spark) {
    UTF8String file = UTF8String.fromString(sourceFile);
    UTF8String year = back(file, 3);
    boolean partitioned =
        back(file, 7).equals(PREFIX) && year.numChars() == 4 && spark.toInt(year) != null;
    accountId = partitioned ? back(file, 6) : null;
    region = partitioned ? back(file, 5) : null;
    bucket = partitioned ? back(file, 4) : null;
    UTF8String name = back(file, 0);
    date =
        spark.dateString(
            UTF8String.concatWs(
                DASH, name.substringSQL(1, 4), name.substringSQL(6, 2), name.substringSQL(9, 2)));
  }

  /** The segment {@code i} places before the last: {@code substring_index} twice. */
  private static UTF8String back(UTF8String file, int i) {
    return file.subStringIndex(SLASH, -(i + 1)).subStringIndex(SLASH, 1);
  }
}
