import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  Partition,
  PolicyDocument,
  PolicyStatement,
  RoleGrant,
  alarmSourceCondition,
  grantedPrincipals,
  policyDocument,
} from "../core";
import { CIS_CONTROLS, CisControl } from "./cisPatterns";

/** Args of {@link CisAlarms}. */
export interface CisAlarmsArgs {
  /** Provider of the account and Region holding the trail's log group. Required. */
  provider: aws.Provider;
  /** The account id (scopes who may publish to the topic). Required. */
  accountId: string;
  /** Region of the log group and alarms. Required. */
  region: string;
  /** Partition of the Region. Required. */
  partition: Partition;
  /** The organization trail's CloudWatch Logs group. Required. */
  logGroupName: pulumi.Input<string>;
  /** SNS topic name. Required. */
  topicName: string;
  /** KMS key (ARN) encrypting the topic. Required. */
  topicKmsKeyArn: pulumi.Input<string>;
  /** Email addresses subscribed to the topic. Required (at least one). */
  emails: string[];
  /** CloudWatch metric namespace of the filters. Required. */
  metricNamespace: string;
  /** Prefix of alarm names. Required. */
  alarmPrefix: string;
  /** Controls to alarm on. Default: every CIS 4.x metric-filter control. */
  controls?: readonly CisControl[];
  /**
   * Roles (exact names, any account) that may publish to the topic, such as a pipeline that
   * reports its own failures. The topic's key must admit them too. Default: none.
   */
  publishers?: readonly RoleGrant[];
  /**
   * Accounts whose CloudWatch alarms (in the topic's Region) may notify the topic; the topic's
   * key must admit the same. Default: the topic's own account.
   */
  alarmAccountIds?: readonly string[];
  /** Tags for the topic and alarms. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * Topic policy: TLS only; CloudWatch may publish only for the alarms of the named accounts
 * (default: the topic's own) in the topic's Region, and the granted roles may publish.
 * @throws Error when a publisher grant names a bad account id or role name.
 */
export function alarmTopicPolicy(
  topicArn: string,
  accountId: string,
  region: string,
  partition: Partition,
  publishers: readonly RoleGrant[] = [],
  alarmAccountIds: readonly string[] = [accountId],
): PolicyDocument {
  const granted: PolicyStatement[] =
    publishers.length === 0
      ? []
      : [
          {
            Sid: "AlarmPublishersPublish",
            Effect: "Allow",
            ...grantedPrincipals(partition, publishers, "alarmPublishers", false),
            Action: "sns:Publish",
            Resource: topicArn,
          },
        ];
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: alarmSourceCondition(partition, region, alarmAccountIds),
    },
    ...granted,
  ]);
}

/**
 * CIS AWS Foundations monitoring: one metric filter and one alarm per control on the
 * organization trail's log group, every alarm notifying a KMS-encrypted SNS topic.
 */
export class CisAlarms extends pulumi.ComponentResource {
  /** The alarm topic; other components may add their alarms to it. */
  readonly topic: aws.sns.Topic;
  /** Alarms by CIS control id. */
  readonly alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;

  constructor(name: string, args: CisAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:alarms:CisAlarms", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    // Built before any resource so a bad grant fails the program, not the deployment.
    const policyFor = (arn: string) =>
      alarmTopicPolicy(
        arn,
        args.accountId,
        args.region,
        args.partition,
        args.publishers,
        args.alarmAccountIds,
      );
    policyFor(`arn:${args.partition}:sns:${args.region}:${args.accountId}:${args.topicName}`);

    this.topic = new aws.sns.Topic(
      `${name}-topic`,
      { name: args.topicName, kmsMasterKeyId: args.topicKmsKeyArn, tags: args.tags },
      child,
    );
    new aws.sns.TopicPolicy(
      `${name}-topic`,
      {
        arn: this.topic.arn,
        policy: this.topic.arn.apply((arn) => JSON.stringify(policyFor(arn))),
      },
      child,
    );
    args.emails.forEach((email, i) => {
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: this.topic.arn, protocol: "email", endpoint: email },
        child,
      );
    });

    const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
    for (const control of args.controls ?? CIS_CONTROLS) {
      const metricName = `CIS-${control.id}-${control.metric}`;
      const filter = new aws.cloudwatch.LogMetricFilter(
        `${name}-${control.id}`,
        {
          name: metricName,
          logGroupName: args.logGroupName,
          pattern: control.pattern,
          metricTransformation: {
            name: metricName,
            namespace: args.metricNamespace,
            value: "1",
            unit: "Count",
          },
        },
        child,
      );
      alarms[control.id] = new aws.cloudwatch.MetricAlarm(
        `${name}-${control.id}`,
        {
          name: `${args.alarmPrefix}-cis-${control.id}-${control.metric}`,
          alarmDescription: `CIS AWS Foundations ${control.id}: ${control.title}`,
          namespace: args.metricNamespace,
          metricName,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [this.topic.arn],
          tags: args.tags,
        },
        { ...child, dependsOn: [filter] },
      );
    }
    this.alarms = alarms;
    this.registerOutputs({ topicArn: this.topic.arn });
  }
}
