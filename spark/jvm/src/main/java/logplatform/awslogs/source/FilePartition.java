package logplatform.awslogs.source;

import org.apache.spark.sql.connector.read.InputPartition;

/** One input file, read whole by one task. */
record FilePartition(Options.InputFile file) implements InputPartition {}
