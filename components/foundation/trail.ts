import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BUILT_IN_EXEMPTIONS_EXPIRE, PolicyDocument, exemptionTags, policyDocument } from "../core";

/** Why the trail announces no log file: its files are parsed on a schedule, not on arrival. */
const SNS_WAIVER =
  "EMR schedules read each day of log files - nothing consumes per-file notifications";

/** Args of {@link OrganizationTrail}. */
export interface OrganizationTrailArgs {
  /** Provider of the management account in the home Region. Required. */
  provider: aws.Provider;
  /** Trail name; fixed so the bucket and key policies can name the trail's ARN up front. Required. */
  trailName: string;
  /** Management account id (the trail's owner). Required. */
  accountId: string;
  /** The archive bucket the trail delivers to. Required. */
  bucketName: pulumi.Input<string>;
  /** ARN of the archive bucket (excluded from S3 data events so delivery does not log itself). Required. */
  bucketArn: string;
  /** KMS key (ARN) the trail encrypts log files with. Required. */
  kmsKeyArn: pulumi.Input<string>;
  /** CloudWatch Logs group name the trail streams to. Required. */
  logGroupName: string;
  /** KMS key (ARN) for the log group. Required. */
  logGroupKmsKeyArn: pulumi.Input<string>;
  /** Log group retention in days (CloudWatch-accepted value, at least 365). Required. */
  logGroupRetentionDays: number;
  /** Also record S3 object and Lambda invoke data events. Default: false. */
  dataEvents?: boolean;
  /** Enable CloudTrail Insights (API call and error rate). Default: false. */
  insights?: boolean;
  /** Tags for the trail and log group. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
  /** Protect and retain the trail (prod). Default: false. */
  protect?: boolean;
  /** Resources the trail must wait for (the bucket and key policies CloudTrail validates). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** One advanced event selector as CloudTrail receives it. */
export interface EventSelector {
  name: string;
  fieldSelectors: Array<{
    field: string;
    equals?: string[];
    notStartsWiths?: string[];
  }>;
}

/**
 * The trail's advanced event selectors: every management event, and with `dataEvents` S3 object
 * and Lambda invoke events — except the archive bucket's own objects, whose delivery would
 * otherwise be logged into itself forever.
 */
export function trailEventSelectors(
  dataEvents: boolean,
  archiveBucketArn: string,
): EventSelector[] {
  const selectors: EventSelector[] = [
    {
      name: "All management events",
      fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
    },
  ];
  if (dataEvents) {
    selectors.push(
      {
        name: "S3 object events outside the log archive",
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::S3::Object"] },
          { field: "resources.ARN", notStartsWiths: [`${archiveBucketArn}/`] },
        ],
      },
      {
        name: "Lambda invocations",
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::Lambda::Function"] },
        ],
      },
    );
  }
  return selectors;
}

/** Trust policy: only CloudTrail acting for this account may assume the delivery role. */
export function cloudTrailRoleTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "CloudTrailAssume",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Permissions of the delivery role: create streams and put events in the trail's group only. */
export function cloudTrailDeliveryPolicy(logGroupArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "DeliverToTrailLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroupArn}:log-stream:*`,
    },
  ]);
}

/**
 * The organization trail in the management account: multi-Region, global service events, log
 * file validation, KMS-encrypted delivery to the central archive and a KMS-encrypted CloudWatch
 * Logs group for the CIS metric filters.
 */
export class OrganizationTrail extends pulumi.ComponentResource {
  /** The trail. */
  readonly trail: aws.cloudtrail.Trail;
  /** The trail's CloudWatch Logs group. */
  readonly logGroup: aws.cloudwatch.LogGroup;
  /** The log group's name. */
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: OrganizationTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:cloudtrail:OrganizationTrail", name, {}, opts);
    const protect = args.protect ?? false;
    const child = { parent: this, provider: args.provider };

    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      {
        name: args.logGroupName,
        retentionInDays: args.logGroupRetentionDays,
        kmsKeyId: args.logGroupKmsKeyArn,
        tags: args.tags,
      },
      child,
    );
    const role = new aws.iam.Role(
      `${name}-cloudwatch`,
      {
        name: `${args.trailName}-cloudwatch`,
        description: "CloudTrail delivery of the organization trail to CloudWatch Logs",
        assumeRolePolicy: JSON.stringify(cloudTrailRoleTrustPolicy(args.accountId)),
        tags: args.tags,
      },
      child,
    );
    const delivery = new aws.iam.RolePolicy(
      `${name}-cloudwatch`,
      {
        role: role.id,
        policy: this.logGroup.arn.apply((arn) => JSON.stringify(cloudTrailDeliveryPolicy(arn))),
      },
      child,
    );

    this.trail = new aws.cloudtrail.Trail(
      name,
      {
        name: args.trailName,
        s3BucketName: args.bucketName,
        kmsKeyId: args.kmsKeyArn,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
        cloudWatchLogsRoleArn: role.arn,
        advancedEventSelectors: trailEventSelectors(args.dataEvents ?? false, args.bucketArn),
        insightSelectors: args.insights
          ? [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }]
          : [],
        tags: {
          ...args.tags,
          ...exemptionTags("cloudtrail-sns-topic", SNS_WAIVER, BUILT_IN_EXEMPTIONS_EXPIRE),
        },
      },
      {
        ...child,
        protect,
        retainOnDelete: protect,
        dependsOn: [delivery, ...(args.dependsOn ?? [])],
      },
    );
    this.logGroupName = this.logGroup.name;
    this.registerOutputs({ trailArn: this.trail.arn, logGroupName: this.logGroupName });
  }
}
