/**
 * The pipeline's health alarms as plain data: which metric, how it is read, when it breaches and
 * what missing data means. Pure, so each alarm's semantics are tested without mocks; the
 * component turns each spec into an `aws.cloudwatch.MetricAlarm`.
 */

/** CloudWatch's comparison operators the platform uses. */
export type ComparisonOperator =
  "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold";

/** How an alarm treats a period without data. */
export type MissingData = "breaching" | "notBreaching" | "ignore" | "missing";

/** One metric as CloudWatch names it. */
export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** Statistic of each period (Sum, Maximum, Minimum, Average). */
  stat: "Sum" | "Maximum" | "Minimum" | "Average";
}

/** An alarm on one metric, or on an expression over several (`metrics` then `expression`). */
export interface AlarmSpec {
  /** Alarm name (`<stem>-…`). */
  name: string;
  /** One sentence saying what broke and where to look. */
  description: string;
  /** The metric, or the metrics an expression combines. */
  metrics: MetricRef[];
  /** Metric-math expression over `m1…mN` (the metrics in order); absent for a single metric. */
  expression?: string;
  /** Seconds per period. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: ComparisonOperator;
  treatMissingData: MissingData;
}

const FIVE_MINUTES = 300;
const HOUR = 3600;

/**
 * CloudWatch's bound on how far back an alarm looks: period × evaluation periods at most seven
 * days (one day for periods under an hour).
 * @throws Error naming the alarm and the window.
 */
export function checkEvaluationWindow(spec: AlarmSpec): AlarmSpec {
  const window = spec.period * spec.evaluationPeriods;
  const limit = spec.period < HOUR ? 86_400 : 604_800;
  if (window > limit) {
    throw new Error(
      `alarm ${spec.name}: ${spec.evaluationPeriods} periods of ${spec.period}s look back ${window}s; CloudWatch allows ${limit}s`,
    );
  }
  if (spec.datapointsToAlarm < 1 || spec.datapointsToAlarm > spec.evaluationPeriods) {
    throw new Error(
      `alarm ${spec.name}: datapointsToAlarm ${spec.datapointsToAlarm} must be between 1 and evaluationPeriods ${spec.evaluationPeriods}`,
    );
  }
  return spec;
}

/**
 * A Firehose stream's two alarms: its oldest undelivered record is older than three buffering
 * intervals (data is stuck), and S3 delivery has been failing for 15 minutes. A stream with no
 * traffic reports nothing, which is not a failure.
 */
export function firehoseAlarms(
  stem: string,
  region: string,
  streamName: string,
  bufferingIntervalSeconds: number,
): AlarmSpec[] {
  const metric = (metricName: string, stat: MetricRef["stat"]): MetricRef => ({
    namespace: "AWS/Firehose",
    metricName,
    dimensions: { DeliveryStreamName: streamName },
    stat,
  });
  const freshnessLimit = Math.max(3 * bufferingIntervalSeconds, 900);
  return [
    checkEvaluationWindow({
      name: `${stem}-firehose-${region}-freshness`,
      description:
        `Firehose ${streamName} (${region}) holds records older than ${freshnessLimit}s: ` +
        "centralized CloudWatch Logs are not reaching the archive; see its S3Delivery error log",
      metrics: [metric("DeliveryToS3.DataFreshness", "Maximum")],
      period: FIVE_MINUTES,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: freshnessLimit,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    }),
    checkEvaluationWindow({
      name: `${stem}-firehose-${region}-delivery`,
      description:
        `Firehose ${streamName} (${region}) failed S3 deliveries for 15 minutes: check the ` +
        "archive bucket policy, its key policy and the stream's S3Delivery error log",
      metrics: [metric("DeliveryToS3.Success", "Minimum")],
      period: FIVE_MINUTES,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "notBreaching",
    }),
  ];
}

/** Key prefix of the organization trail's log files of one account in the archive. */
export function trailObjectPrefix(organizationId: string, accountId: string): string {
  return `AWSLogs/${organizationId}/${accountId}/CloudTrail/`;
}

/**
 * Archive freshness: no new CloudTrail log object (PUT requests under the accounts' CloudTrail
 * prefixes, summed) for `hours` consecutive hours. S3 reports no request metric for an hour
 * without requests, so a missing hour is a breaching hour: a trail that stopped, a broken bucket
 * or key policy, all look the same.
 * @throws Error when the bucket has no metric filters or `hours` is outside 1..168.
 */
export function archiveFreshnessAlarm(
  stem: string,
  bucketName: string,
  metricFilterIds: readonly string[],
  hours: number,
): AlarmSpec {
  if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
    throw new Error(`archiveFreshnessHours: ${hours} is outside 1..168 hours`);
  }
  if (metricFilterIds.length === 0) {
    throw new Error("archive freshness: needs at least one request-metric filter");
  }
  const metrics = metricFilterIds.map((filterId): MetricRef => ({
    namespace: "AWS/S3",
    metricName: "PutRequests",
    dimensions: { BucketName: bucketName, FilterId: filterId },
    stat: "Sum",
  }));
  return checkEvaluationWindow({
    name: `${stem}-archive-cloudtrail-freshness`,
    description:
      `No new CloudTrail log object in ${bucketName} for ${hours} hour${hours === 1 ? "" : "s"}: ` +
      "check the organization trail's status, the archive bucket and key policies",
    metrics,
    expression: metrics.length === 1 ? undefined : "SUM(METRICS())",
    period: HOUR,
    evaluationPeriods: hours,
    datapointsToAlarm: hours,
    threshold: 1,
    comparisonOperator: "LessThanThreshold",
    treatMissingData: "breaching",
  });
}

/** The log-processing state machine: any failed or timed-out execution. */
export function stateMachineAlarms(stem: string, stateMachineArn: string): AlarmSpec[] {
  const alarm = (metricName: string, what: string, suffix: string): AlarmSpec =>
    checkEvaluationWindow({
      name: `${stem}-logparse-${suffix}`,
      description: `A log-processing run ${what}: see the execution in Step Functions and its log group`,
      metrics: [
        {
          namespace: "AWS/States",
          metricName,
          dimensions: { StateMachineArn: stateMachineArn },
          stat: "Sum",
        },
      ],
      period: FIVE_MINUTES,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
  return [
    alarm("ExecutionsFailed", "failed", "executions-failed"),
    alarm("ExecutionsTimedOut", "timed out", "executions-timed-out"),
  ];
}

/** A schedule's dead-letter queue holds a run the scheduler could not start. */
export function deadLetterAlarm(stem: string, source: string, queueName: string): AlarmSpec {
  return checkEvaluationWindow({
    name: `${stem}-logparse-${source}-dead-letters`,
    description:
      `The ${source} schedule could not start the log-processing state machine: read the ` +
      `message in SQS queue ${queueName}, fix the cause, then start the run for that day by hand`,
    metrics: [
      {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: queueName },
        stat: "Maximum",
      },
    ],
    period: FIVE_MINUTES,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  });
}
