import * as assert from "assert";
import {
  AlarmSpec,
  archiveFreshnessAlarm,
  checkEvaluationWindow,
  deadLetterAlarm,
  firehoseAlarms,
  stateMachineAlarms,
} from "../../../components/health";
import { PlanResource } from "../../../tools/offline/plan";
import { targetOf } from "../integrations/memberPlanHelpers";
import { TYPES, ofType, oneWhere, only, platformPlan, policyOf, securityTopic } from "../plan";

const MANAGEMENT = "123456789012";
const LOG_ARCHIVE = "234567890123";
const AUDIT = "345678901234";
const ARCHIVE = "acme-logs-prod-archive-234567890123";

/** The alarm named `name` in the plan, with where it lives. */
function alarmNamed(plan: readonly PlanResource[], name: string): PlanResource {
  return oneWhere(plan, TYPES.alarm, "name", name);
}

describe("pipeline health alarm specs (pure)", () => {
  it("Firehose: freshness past three buffering intervals, and failing S3 delivery, for 15 minutes", () => {
    const [freshness, delivery] = firehoseAlarms("s", "eu-west-1", "stream", 300);
    assert.deepStrictEqual(
      { ...freshness, description: undefined },
      {
        name: "s-firehose-eu-west-1-freshness",
        description: undefined,
        metrics: [
          {
            namespace: "AWS/Firehose",
            metricName: "DeliveryToS3.DataFreshness",
            dimensions: { DeliveryStreamName: "stream" },
            stat: "Maximum",
          },
        ],
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        threshold: 900,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
      },
    );
    assert.strictEqual(firehoseAlarms("s", "r", "x", 600)[0].threshold, 1800);
    assert.deepStrictEqual(
      [
        delivery.metrics[0].metricName,
        delivery.metrics[0].stat,
        delivery.threshold,
        delivery.comparisonOperator,
      ],
      ["DeliveryToS3.Success", "Minimum", 1, "LessThanThreshold"],
    );
  });

  it("archive freshness: hourly PUTs summed over the filters, missing hours breaching", () => {
    const spec = archiveFreshnessAlarm("s", "bucket", ["a", "b"], 6);
    assert.strictEqual(spec.expression, "SUM(METRICS())");
    assert.deepStrictEqual(
      spec.metrics.map((m) => [m.namespace, m.metricName, m.dimensions, m.stat]),
      [
        ["AWS/S3", "PutRequests", { BucketName: "bucket", FilterId: "a" }, "Sum"],
        ["AWS/S3", "PutRequests", { BucketName: "bucket", FilterId: "b" }, "Sum"],
      ],
    );
    assert.deepStrictEqual(
      [
        spec.period,
        spec.evaluationPeriods,
        spec.datapointsToAlarm,
        spec.threshold,
        spec.comparisonOperator,
        spec.treatMissingData,
      ],
      [3600, 6, 6, 1, "LessThanThreshold", "breaching"],
    );
    assert.strictEqual(archiveFreshnessAlarm("s", "b", ["a"], 1).expression, undefined);
    assert.throws(
      () => archiveFreshnessAlarm("s", "b", ["a"], 0),
      /^Error: archiveFreshnessHours: 0 is outside 1\.\.168 hours$/,
    );
    assert.throws(
      () => archiveFreshnessAlarm("s", "b", [], 2),
      /^Error: archive freshness: needs at least one request-metric filter$/,
    );
  });

  it("state machine: any failed or timed-out execution; dead letters: any visible message", () => {
    const [failed, timedOut] = stateMachineAlarms("s", "arn:sm");
    assert.deepStrictEqual(
      [failed, timedOut].map((a) => [a.name, a.metrics[0].metricName, a.metrics[0].dimensions]),
      [
        ["s-logparse-executions-failed", "ExecutionsFailed", { StateMachineArn: "arn:sm" }],
        ["s-logparse-executions-timed-out", "ExecutionsTimedOut", { StateMachineArn: "arn:sm" }],
      ],
    );
    const dlq = deadLetterAlarm("s", "alb", "q");
    assert.deepStrictEqual(
      [dlq.metrics[0], dlq.threshold, dlq.comparisonOperator, dlq.treatMissingData],
      [
        {
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          dimensions: { QueueName: "q" },
          stat: "Maximum",
        },
        1,
        "GreaterThanOrEqualToThreshold",
        "notBreaching",
      ],
    );
  });

  it("refuses windows CloudWatch refuses", () => {
    const base: AlarmSpec = deadLetterAlarm("s", "alb", "q");
    assert.throws(
      () => checkEvaluationWindow({ ...base, evaluationPeriods: 289, datapointsToAlarm: 1 }),
      /^Error: alarm s-logparse-alb-dead-letters: 289 periods of 300s look back 86700s; CloudWatch allows 86400s$/,
    );
    assert.doesNotThrow(() =>
      checkEvaluationWindow({ ...base, period: 3600, evaluationPeriods: 168 }),
    );
    assert.throws(
      () => checkEvaluationWindow({ ...base, datapointsToAlarm: 2 }),
      /datapointsToAlarm 2 must be between 1 and evaluationPeriods 1/,
    );
  });
});

describe("pipeline health alarms (synthesized prod stack)", () => {
  let prod: PlanResource[];
  let topicArn: unknown;
  before(async () => {
    prod = await platformPlan("prod");
    topicArn = securityTopic(prod).outputs["arn"];
  });

  it("home-Region Firehose alarms live in the log-archive account and notify the security topic", () => {
    for (const kind of ["freshness", "delivery"]) {
      const alarm = alarmNamed(prod, `acme-logs-prod-firehose-eu-west-1-${kind}`);
      assert.deepStrictEqual(targetOf(prod, alarm), {
        accountId: LOG_ARCHIVE,
        region: "eu-west-1",
      });
      assert.deepStrictEqual(alarm.inputs["dimensions"], {
        DeliveryStreamName: "acme-logs-prod-central-logs-eu-west-1",
      });
      assert.deepStrictEqual(alarm.inputs["alarmActions"], [topicArn]);
      assert.deepStrictEqual(alarm.inputs["okActions"], [topicArn]);
    }
    const stream = oneWhere(
      prod,
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      "name",
      "acme-logs-prod-central-logs-eu-west-1",
    );
    assert.ok(stream, "the alarms watch a stream of the stack");
  });

  it("Firehose alarms outside the home Region notify that Region's encrypted topic with the same recipients", () => {
    for (const region of ["eu-central-1", "us-east-1"]) {
      const alarm = alarmNamed(prod, `acme-logs-prod-firehose-${region}-delivery`);
      assert.deepStrictEqual(targetOf(prod, alarm), { accountId: LOG_ARCHIVE, region });
      const topic = ofType(prod, TYPES.topic).find(
        (t) => t.outputs["arn"] === (alarm.inputs["alarmActions"] as string[])[0],
      );
      assert.ok(topic, `${region}: the alarm's action is no topic of the stack`);
      assert.deepStrictEqual(targetOf(prod, topic), { accountId: LOG_ARCHIVE, region });
      const key = ofType(prod, TYPES.key).find(
        (k) => k.outputs["arn"] === topic.inputs["kmsMasterKeyId"],
      );
      assert.ok(key, `${region}: the topic is not encrypted with a key of the stack`);
      assert.strictEqual(targetOf(prod, key).region, region);
      const keyAlarms = policyOf(key).Statement.find(
        (s) => s.Sid === "CloudWatchAlarmsPublishEncrypted",
      );
      assert.deepStrictEqual(keyAlarms?.Condition, {
        StringEquals: { "aws:SourceAccount": LOG_ARCHIVE },
        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${LOG_ARCHIVE}:alarm:*` },
      });
      const policy = ofType(prod, TYPES.topicPolicy).find(
        (p) => p.inputs["arn"] === topic.outputs["arn"],
      );
      assert.ok(policy);
      assert.deepStrictEqual(
        policyOf(policy).Statement.map((s) => s.Sid),
        ["DenyInsecureTransport", "CloudWatchAlarmsPublish"],
      );
      const emails = ofType(prod, TYPES.subscription)
        .filter((s) => s.inputs["topic"] === topic.outputs["arn"])
        .map((s) => s.inputs["endpoint"]);
      assert.deepStrictEqual(emails, [
        "security-operations@example.com",
        "platform-oncall@example.com",
      ]);
    }
  });

  it("archive freshness: request metrics on the core accounts' CloudTrail prefixes, missing data breaching", () => {
    const filters = ofType(prod, "aws:s3/bucketMetric:BucketMetric");
    assert.deepStrictEqual(
      filters.map((f) => [f.inputs["bucket"], f.inputs["name"], f.inputs["filter"]]),
      [
        [
          ARCHIVE,
          "cloudtrail-management",
          { prefix: `AWSLogs/o-a1b2c3d4e5/${MANAGEMENT}/CloudTrail/` },
        ],
        [
          ARCHIVE,
          "cloudtrail-log-archive",
          { prefix: `AWSLogs/o-a1b2c3d4e5/${LOG_ARCHIVE}/CloudTrail/` },
        ],
        [ARCHIVE, "cloudtrail-audit", { prefix: `AWSLogs/o-a1b2c3d4e5/${AUDIT}/CloudTrail/` }],
      ],
    );
    const alarm = alarmNamed(prod, "acme-logs-prod-archive-cloudtrail-freshness");
    assert.strictEqual(targetOf(prod, alarm).accountId, LOG_ARCHIVE);
    for (const f of filters) assert.ok(alarm.dependencies.includes(f.urn));
    assert.deepStrictEqual(
      [
        alarm.inputs["evaluationPeriods"],
        alarm.inputs["datapointsToAlarm"],
        alarm.inputs["threshold"],
        alarm.inputs["comparisonOperator"],
        alarm.inputs["treatMissingData"],
      ],
      [4, 4, 1, "LessThanThreshold", "breaching"],
      "prod sets archiveFreshnessHours: 4",
    );
    const queries = alarm.inputs["metricQueries"] as Array<Record<string, unknown>>;
    assert.deepStrictEqual(queries[3], {
      id: "e1",
      expression: "SUM(METRICS())",
      label: "acme-logs-prod-archive-cloudtrail-freshness",
      returnData: true,
    });
    assert.deepStrictEqual(queries[0], {
      id: "m1",
      metric: {
        namespace: "AWS/S3",
        metricName: "PutRequests",
        dimensions: { BucketName: ARCHIVE, FilterId: "cloudtrail-management" },
        stat: "Sum",
        period: 3600,
      },
      returnData: false,
    });
    assert.deepStrictEqual(alarm.inputs["alarmActions"], [topicArn]);
  });

  it("state machine alarms in the audit account name the state machine's real ARN", () => {
    const sm = only(prod, "aws:sfn/stateMachine:StateMachine");
    for (const [name, metric] of [
      ["acme-logs-prod-logparse-executions-failed", "ExecutionsFailed"],
      ["acme-logs-prod-logparse-executions-timed-out", "ExecutionsTimedOut"],
    ]) {
      const alarm = alarmNamed(prod, name);
      assert.strictEqual(targetOf(prod, alarm).accountId, AUDIT);
      assert.strictEqual(alarm.inputs["metricName"], metric);
      assert.deepStrictEqual(alarm.inputs["dimensions"], { StateMachineArn: sm.outputs["arn"] });
      assert.deepStrictEqual(alarm.inputs["alarmActions"], [topicArn]);
    }
  });

  it("every schedule's dead-letter queue has a depth alarm on the security topic", () => {
    const queues = ofType(prod, "aws:sqs/queue:Queue");
    // The seven built-in sources and the two declared formats (formats/*.yaml).
    assert.strictEqual(queues.length, 9);
    for (const q of queues) {
      const source = String(q.inputs["name"]).replace(/^acme-logs-prod-logparse-(.+)-dlq$/, "$1");
      const alarm = alarmNamed(prod, `acme-logs-prod-logparse-${source}-dead-letters`);
      assert.strictEqual(targetOf(prod, alarm).accountId, AUDIT);
      assert.deepStrictEqual(alarm.inputs["dimensions"], { QueueName: q.inputs["name"] });
      assert.strictEqual(alarm.inputs["metricName"], "ApproximateNumberOfMessagesVisible");
      assert.deepStrictEqual(alarm.inputs["alarmActions"], [topicArn]);
    }
  });

  it("dev: one Region, three source and two declared-format schedules, the default six freshness hours", async () => {
    const dev = await platformPlan("dev");
    const names = ofType(dev, TYPES.alarm)
      .map((a) => String(a.inputs["name"]))
      .filter((n) => !n.includes("-cis-"))
      .sort();
    assert.deepStrictEqual(names, [
      "acme-logs-dev-archive-cloudtrail-freshness",
      "acme-logs-dev-break-glass-used",
      "acme-logs-dev-firehose-eu-west-1-delivery",
      "acme-logs-dev-firehose-eu-west-1-freshness",
      "acme-logs-dev-logparse-cloudtrail-dead-letters",
      "acme-logs-dev-logparse-emr-dead-letters",
      "acme-logs-dev-logparse-executions-failed",
      "acme-logs-dev-logparse-executions-timed-out",
      "acme-logs-dev-logparse-legacy_app-dead-letters",
      "acme-logs-dev-logparse-nginx_access-dead-letters",
      "acme-logs-dev-logparse-vpcflow-dead-letters",
    ]);
    assert.strictEqual(
      alarmNamed(dev, "acme-logs-dev-archive-cloudtrail-freshness").inputs["evaluationPeriods"],
      6,
    );
  });
});
