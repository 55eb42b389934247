import { Partition, arns } from "../naming";
import { PolicyStatement } from "../policyDocument";

/**
 * Statements the foundation's resource policies must add before the analytics account can do
 * all its work across accounts. Built here, next to the roles they name, so the foundation can
 * append them verbatim (see docs/analytics.md, "Cross-account grants").
 */

/** Inputs of {@link serviceLogReadStatement}. */
export interface ServiceLogReadArgs {
  partition: Partition;
  /** An SSE-S3 service-log bucket of the log-archive account (ELB, Redshift, S3 access logs). */
  bucketName: string;
  readerAccountId: string;
  /** Reader role names or patterns (`accounts.audit.readerRoleNames`). */
  readerRoleNames: string[];
}

/**
 * For the home Region's ELB, Redshift and S3-access-log bucket policies: the analytics reader
 * roles (the EMR nodes among them) may list and read, as they may on the archive.
 */
export function serviceLogReadStatement(a: ServiceLogReadArgs): PolicyStatement {
  const bucket = arns.bucket(a.partition, a.bucketName);
  return {
    Sid: "AnalyticsReadersRead",
    Effect: "Allow",
    Principal: { AWS: arns.accountRoot(a.partition, a.readerAccountId) },
    Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
    Resource: [bucket, `${bucket}/*`],
    Condition: {
      ArnLike: {
        "aws:PrincipalArn": a.readerRoleNames.map((n) =>
          arns.role(a.partition, a.readerAccountId, n),
        ),
      },
    },
  };
}

/** For the alarm topic's policy: the log-processing state machine may publish its failures. */
export function alarmPublishStatement(
  partition: Partition,
  topicArn: string,
  stateMachineRoleArn: string,
): PolicyStatement {
  const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(stateMachineRoleArn)?.[1];
  if (account === undefined) throw new Error(`"${stateMachineRoleArn}" is not an IAM role ARN`);
  return {
    Sid: "LogProcessingFailuresPublish",
    Effect: "Allow",
    Principal: { AWS: arns.accountRoot(partition, account) },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: { ArnEquals: { "aws:PrincipalArn": stateMachineRoleArn } },
  };
}

/** For the management log key's policy: that role may encrypt messages to the alarm topic. */
export function alarmKeyStatement(
  partition: Partition,
  region: string,
  stateMachineRoleArn: string,
): PolicyStatement {
  const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(stateMachineRoleArn)?.[1];
  if (account === undefined) throw new Error(`"${stateMachineRoleArn}" is not an IAM role ARN`);
  return {
    Sid: "LogProcessingFailuresEncrypt",
    Effect: "Allow",
    Principal: { AWS: arns.accountRoot(partition, account) },
    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
    Resource: "*",
    Condition: {
      ArnEquals: { "aws:PrincipalArn": stateMachineRoleArn },
      StringEquals: { "kms:ViaService": `sns.${region}.amazonaws.com` },
    },
  };
}
