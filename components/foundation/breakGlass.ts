import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { arns } from "../core";
import { PlatformAccounts } from "./accounts";
import {
  BREAK_GLASS_SESSION_SECONDS,
  breakGlassPolicy,
  breakGlassTrustPolicy,
  breakGlassUsePattern,
} from "./breakGlassPolicies";

/** Args of {@link BreakGlassAccess}. */
export interface BreakGlassAccessArgs {
  /** The account registry (log-archive and management providers, naming). Required. */
  accounts: PlatformAccounts;
  /**
   * Name of the role in the log-archive account: the one the archive's bucket and key policies
   * already name, so the role gets exactly that ARN. Required.
   */
  roleName: string;
  /** Who may assume it (role or user ARNs), with MFA. Required (at least one). */
  principalArns: readonly string[];
  /** The central archive bucket and its key, the only things the role may change. Required. */
  archiveBucketName: string;
  archiveKeyArn: pulumi.Input<string>;
  /** The organization trail's log group (management account) the use is detected in. Required. */
  trailLogGroupName: pulumi.Input<string>;
  /** The security topic (management account, home Region) the alarm notifies. Required. */
  alarmTopicArn: pulumi.Input<string>;
  /** Metric namespace of the use metric. Required. */
  metricNamespace: string;
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * The log-archive account's break-glass role, created and watched: trusted only by the named
 * principals with MFA, sessions of at most an hour, allowed only the archive changes everyone
 * else is denied; a metric filter on the organization trail's log group counts every assumption
 * and every call made with it, and an alarm on that count notifies the security topic.
 */
export class BreakGlassAccess extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  /** The role's ARN, known before it exists (the archive's policies name it). */
  readonly roleArn: string;
  readonly alarm: aws.cloudwatch.MetricAlarm;

  constructor(name: string, args: BreakGlassAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:foundation:BreakGlassAccess", name, {}, opts);
    const { accounts } = args;
    const tags = args.tags ?? {};
    // Built before any resource: an empty principal list fails the program, not the deployment.
    const trust = breakGlassTrustPolicy(args.principalArns);
    this.roleArn = arns.role(accounts.partition, accounts.logArchive.id, args.roleName);
    const archive = { parent: this, provider: accounts.provider(accounts.logArchive) };
    const management = { parent: this, provider: accounts.provider(accounts.management) };

    this.role = new aws.iam.Role(
      name,
      {
        name: args.roleName,
        description: "Break-glass access to the log archive: MFA, one-hour sessions, alarmed",
        assumeRolePolicy: JSON.stringify(trust),
        maxSessionDuration: BREAK_GLASS_SESSION_SECONDS,
        tags,
      },
      archive,
    );
    new aws.iam.RolePolicy(
      name,
      {
        role: this.role.id,
        name: "archive-emergency-changes",
        policy: pulumi.output(args.archiveKeyArn).apply((keyArn) =>
          JSON.stringify(
            breakGlassPolicy({
              partition: accounts.partition,
              archiveBucketName: args.archiveBucketName,
              archiveKeyArn: keyArn,
            }),
          ),
        ),
      },
      archive,
    );

    const metricName = "BreakGlassRoleUse";
    const filter = new aws.cloudwatch.LogMetricFilter(
      name,
      {
        name: metricName,
        logGroupName: args.trailLogGroupName,
        pattern: breakGlassUsePattern(this.roleArn),
        metricTransformation: {
          name: metricName,
          namespace: args.metricNamespace,
          value: "1",
          unit: "Count",
        },
      },
      management,
    );
    this.alarm = new aws.cloudwatch.MetricAlarm(
      name,
      {
        name: `${accounts.naming.stem}-break-glass-used`,
        alarmDescription: `The break-glass role ${this.roleArn} was assumed or used`,
        namespace: args.metricNamespace,
        metricName,
        statistic: "Sum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [args.alarmTopicArn],
        tags,
      },
      { ...management, dependsOn: [filter] },
    );
    this.registerOutputs({ roleArn: this.roleArn, alarmArn: this.alarm.arn });
  }
}
