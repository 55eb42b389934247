import { Partition, PlatformNaming, PolicyDocument, arns, policyDocument } from "../core";

/**
 * Names and documents of CloudWatch Logs centralization: member log groups → account-level
 * subscription → a CloudWatch Logs destination per Region in the log-archive account → Firehose
 * → the archive's `cloudwatch/` prefix. Pure, so the names can be known before the resources
 * exist (key and bucket policies name the roles up front) and every document is unit-tested.
 */

/** Top-level archive prefix of the exported log events (what the Spark `cloudwatch` parser reads). */
export const CLOUDWATCH_EXPORT_PREFIX = "cloudwatch";
/** Top-level archive prefix of records Firehose could not process; outside the parser's globs. */
export const CLOUDWATCH_ERROR_PREFIX = "cloudwatch-errors";

/** Physical names of the centralization resources, all derived from the platform naming. */
export function centralizationNames(naming: PlatformNaming): {
  firehoseRole: string;
  destinationRole: string;
  senderRole: string;
  destination: string;
  deliveryStream: (region: string) => string;
  firehoseLogGroup: (region: string) => string;
  accountPolicy: string;
} {
  return {
    firehoseRole: naming.resource("cwl-firehose"),
    destinationRole: naming.resource("cwl-destination"),
    senderRole: naming.resource("cwl-subscription"),
    destination: naming.resource("central-logs"),
    deliveryStream: (region) => naming.resource(`central-logs-${region}`),
    firehoseLogGroup: (region) => naming.logGroup("firehose", `central-logs-${region}`),
    accountPolicy: naming.resource("central-logs"),
  };
}

/**
 * Firehose S3 prefixes for one Region. The objects land at
 * `cloudwatch/<region>/YYYY/MM/DD/HH/<stream>-<n>-<time>-<uuid>.gz`, which is exactly the
 * parser's `cloudwatch/*\/<date>/*\/*` glob; the Region segment is what the parser reports as
 * `region`, so each Region has its own stream. Errors go under a different top-level prefix so
 * the parser never reads a failed record as data.
 */
export function firehosePrefixes(region: string): { prefix: string; errorOutputPrefix: string } {
  return {
    prefix: `${CLOUDWATCH_EXPORT_PREFIX}/${region}/!{timestamp:yyyy/MM/dd/HH}/`,
    errorOutputPrefix: `${CLOUDWATCH_ERROR_PREFIX}/${region}/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
  };
}

/** The destination ARN in `region` (log-archive account). */
export function destinationArn(
  partition: Partition,
  region: string,
  accountId: string,
  destinationName: string,
): string {
  return `arn:${partition}:logs:${region}:${accountId}:destination:${destinationName}`;
}

/** The delivery stream ARN in `region` (log-archive account). */
export function deliveryStreamArn(
  partition: Partition,
  region: string,
  accountId: string,
  streamName: string,
): string {
  return `arn:${partition}:firehose:${region}:${accountId}:deliverystream/${streamName}`;
}

/** Trust of the Firehose role: only Firehose acting for the log-archive account. */
export function firehoseTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "FirehoseAssume",
      Effect: "Allow",
      Principal: { Service: "firehose.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": accountId, "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Inputs of {@link firehoseDeliveryPolicy}. */
export interface FirehoseDeliveryPolicyArgs {
  partition: Partition;
  /** Archive bucket name. */
  bucketName: string;
  /** Archive key ARN (SSE-KMS of the archive). */
  keyArn: string;
  /** Region of the archive bucket and key (the home Region). */
  bucketRegion: string;
  /** ARNs of the Firehose error log groups. */
  logGroupArns: string[];
}

/**
 * What Firehose may do: write (and complete multipart uploads) only under the export and error
 * prefixes of the archive, encrypt only through S3 for those prefixes, and log delivery errors.
 */
export function firehoseDeliveryPolicy(a: FirehoseDeliveryPolicyArgs): PolicyDocument {
  const bucket = arns.bucket(a.partition, a.bucketName);
  const prefixes = [CLOUDWATCH_EXPORT_PREFIX, CLOUDWATCH_ERROR_PREFIX];
  return policyDocument([
    {
      Sid: "ArchiveBucketLocation",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: bucket,
    },
    {
      Sid: "WriteExportPrefixes",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      Resource: prefixes.map((p) => `${bucket}/${p}/*`),
    },
    {
      Sid: "EncryptThroughS3",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: a.keyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${a.bucketRegion}.amazonaws.com` },
        StringLike: {
          "kms:EncryptionContext:aws:s3:arn": prefixes.map((p) => `${bucket}/${p}/*`),
        },
      },
    },
    {
      Sid: "DeliveryErrorLogs",
      Effect: "Allow",
      Action: "logs:PutLogEvents",
      Resource: a.logGroupArns.map((arn) => `${arn}:log-stream:*`),
    },
  ]);
}

/**
 * Trust of the role CloudWatch Logs uses to put records into Firehose: only CloudWatch Logs,
 * and only on behalf of this organization's accounts. Listing each account's ARN does not scale
 * (the trust policy is capped at 4,096 characters), so the organization is the scope.
 */
export function destinationRoleTrustPolicy(
  partition: Partition,
  organizationId: string,
): PolicyDocument {
  return policyDocument([
    {
      Sid: "CloudWatchLogsFromOrganization",
      Effect: "Allow",
      Principal: { Service: "logs.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceOrgID": organizationId },
        ArnLike: { "aws:SourceArn": `arn:${partition}:logs:*:*:*` },
      },
    },
  ]);
}

/** What CloudWatch Logs may do with the destination role: put records into the listed streams. */
export function destinationRolePolicy(streamArns: string[]): PolicyDocument {
  return policyDocument([
    {
      Sid: "PutIntoCentralStreams",
      Effect: "Allow",
      Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
      Resource: streamArns,
    },
  ]);
}

/**
 * Access policy of a destination: any principal of this organization (and nobody else) may
 * subscribe log groups to it or point an account-level subscription policy at it.
 */
export function destinationAccessPolicy(
  destination: string,
  organizationId: string,
): PolicyDocument {
  return policyDocument([
    {
      Sid: "SubscribeFromOrganization",
      Effect: "Allow",
      Principal: "*",
      Action: ["logs:PutSubscriptionFilter", "logs:PutAccountPolicy"],
      Resource: destination,
      Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
    },
  ]);
}

/**
 * Trust of the sender role in a member account: CloudWatch Logs of that account only. An
 * organization-scoped destination requires the sender to name such a role, through which
 * CloudWatch Logs proves the account may deliver.
 */
export function senderRoleTrustPolicy(partition: Partition, accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "CloudWatchLogsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "logs.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { ArnLike: { "aws:SourceArn": `arn:${partition}:logs:*:${accountId}:*` } },
    },
  ]);
}

/**
 * What the sender role allows: what AWS's walkthrough for organization-scoped destinations
 * grants it, logs:PutLogEvents on the sender account's own log groups (an account-level
 * subscription covers every log group of the account, in each member Region). The action
 * accepts only log-stream resources, so granting it on the destination's ARN matched nothing.
 */
export function senderRolePolicy(
  partition: Partition,
  accountId: string,
  regions: readonly string[],
): PolicyDocument {
  return policyDocument([
    {
      Sid: "ForwardOwnLogGroups",
      Effect: "Allow",
      Action: "logs:PutLogEvents",
      Resource: regions.map(
        (r) => `arn:${partition}:logs:${r}:${accountId}:log-group:*:log-stream:*`,
      ),
    },
  ]);
}

/** The account-level subscription filter policy document (LogAccountPolicy.policyDocument). */
export interface SubscriptionFilterPolicy {
  DestinationArn: string;
  RoleArn: string;
  FilterPattern: string;
  Distribution: "Random" | "ByLogStream";
}

/** Every event of every selected log group, spread randomly over the destination's shards. */
export function subscriptionFilterPolicy(
  destination: string,
  senderRoleArn: string,
): SubscriptionFilterPolicy {
  return {
    DestinationArn: destination,
    RoleArn: senderRoleArn,
    FilterPattern: "",
    Distribution: "Random",
  };
}

/**
 * `selectionCriteria` of the account policy: the log groups that must not be subscribed
 * (CloudWatch Logs accepts only `LogGroupName NOT IN [...]`). Undefined when none is excluded.
 * @throws Error when a name is not a CloudWatch Logs group name.
 */
export function exclusionCriteria(logGroupNames: readonly string[]): string | undefined {
  for (const name of logGroupNames) {
    if (!/^[\w\-/.#]{1,512}$/.test(name)) {
      throw new Error(
        `"${name}" is not a log group name (1-512 of letters, digits, _ - / . #) for the subscription exclusion list`,
      );
    }
  }
  if (logGroupNames.length === 0) return undefined;
  return `LogGroupName NOT IN [${logGroupNames.map((n) => JSON.stringify(n)).join(", ")}]`;
}
