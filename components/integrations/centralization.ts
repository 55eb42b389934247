import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LogKey, arns, logKeyPolicy } from "../core";
import { PlatformAccounts } from "../foundation";
import {
  centralizationNames,
  deliveryStreamArn,
  destinationAccessPolicy,
  destinationArn,
  destinationRolePolicy,
  destinationRoleTrustPolicy,
  firehoseDeliveryPolicy,
  firehosePrefixes,
  firehoseTrustPolicy,
} from "./centralizationPolicies";

/** Args of {@link LogCentralization}. */
export interface LogCentralizationArgs {
  /** The account registry (providers, naming, tags). Required. */
  accounts: PlatformAccounts;
  /** Name of the central archive bucket. Required. */
  archiveBucketName: string;
  /** ARN of the archive key, which the bucket's default encryption uses. Required. */
  archiveKeyArn: pulumi.Input<string>;
  /** Retention of the Firehose error log groups (CloudWatch-accepted value). Required. */
  logRetentionDays: number;
  /** Largest object Firehose buffers before writing, in MiB. Default: 64. */
  bufferingSizeMiB?: number;
  /** Longest Firehose buffers before writing, in seconds. Default: 300. */
  bufferingIntervalSeconds?: number;
  /** Protect and retain the Regional log keys (prod). Default: false. */
  protect?: boolean;
}

/** What the centralization offers senders in one Region. */
export interface CentralDestination {
  /** ARN of the CloudWatch Logs destination senders subscribe to. */
  destinationArn: string;
  /** The destination, for `dependsOn` of subscriptions. */
  destination: aws.cloudwatch.LogDestination;
  /** Its access policy, which must exist before a sender subscribes. */
  policy: aws.cloudwatch.LogDestinationPolicy;
}

/** One Region's Firehose stream, as its health alarms need it. */
export interface CentralStream {
  /** The delivery stream's name (the alarms' dimension). */
  streamName: string;
  /** The Region's log key (its error log group; alarm topics of the Region may use it). */
  key: LogKey;
}

/**
 * CloudWatch Logs centralization in the log-archive account: per governed Region, a Firehose
 * stream that decompresses CloudWatch Logs records and writes them gzip-compressed and
 * KMS-encrypted under the archive's `cloudwatch/<region>/` prefix, and a cross-account
 * destination whose access policy admits only this organization.
 */
export class LogCentralization extends pulumi.ComponentResource {
  /** Destinations by Region (every governed Region). */
  readonly destinations: Readonly<Record<string, CentralDestination>>;
  /** Name every member's sender role gets (the destinations require one per account). */
  readonly senderRoleName: string;
  /** Firehose streams by Region (every governed Region). */
  readonly streams: Readonly<Record<string, CentralStream>>;
  /** How long Firehose buffers before writing, in seconds (sets the freshness alarm's bar). */
  readonly bufferingIntervalSeconds: number;

  constructor(name: string, args: LogCentralizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:centralization:LogCentralization", name, {}, opts);
    const { accounts } = args;
    const bufferingSize = args.bufferingSizeMiB ?? 64;
    const bufferingInterval = args.bufferingIntervalSeconds ?? 300;
    const protect = args.protect ?? false;
    const account = accounts.logArchive;
    const partition = accounts.partition;
    const names = centralizationNames(accounts.naming);
    const regions = accounts.governedRegions;
    const homeProvider = accounts.provider(account);
    const iamChild = { parent: this, provider: homeProvider };
    const streamArns = regions.map((r) =>
      deliveryStreamArn(partition, r, account.id, names.deliveryStream(r)),
    );
    const logGroupArns = regions.map((r) =>
      arns.logGroup(partition, r, account.id, names.firehoseLogGroup(r)),
    );

    const firehoseRole = new aws.iam.Role(
      `${name}-firehose`,
      {
        name: names.firehoseRole,
        description: "Firehose delivery of centralized CloudWatch Logs into the archive",
        assumeRolePolicy: JSON.stringify(firehoseTrustPolicy(account.id)),
        tags: accounts.tags,
      },
      iamChild,
    );
    const firehoseAccess = new aws.iam.RolePolicy(
      `${name}-firehose`,
      {
        role: firehoseRole.id,
        policy: pulumi.output(args.archiveKeyArn).apply((keyArn) =>
          JSON.stringify(
            firehoseDeliveryPolicy({
              partition,
              bucketName: args.archiveBucketName,
              keyArn,
              bucketRegion: accounts.homeRegion,
              logGroupArns,
            }),
          ),
        ),
      },
      iamChild,
    );
    const destinationRole = new aws.iam.Role(
      `${name}-destination`,
      {
        name: names.destinationRole,
        description: "CloudWatch Logs puts subscribed events from the organization into Firehose",
        assumeRolePolicy: JSON.stringify(
          destinationRoleTrustPolicy(partition, accounts.organizationId),
        ),
        tags: accounts.tags,
      },
      iamChild,
    );
    const destinationAccess = new aws.iam.RolePolicy(
      `${name}-destination`,
      { role: destinationRole.id, policy: JSON.stringify(destinationRolePolicy(streamArns)) },
      iamChild,
    );

    const destinations: Record<string, CentralDestination> = {};
    const streams: Record<string, CentralStream> = {};
    for (const region of regions) {
      const child = { parent: this, provider: homeProvider };
      const key = new LogKey(
        `${name}-key-${region}`,
        {
          provider: child.provider,
          region,
          description: `Firehose error logs of ${accounts.naming.stem} in ${region}`,
          alias: accounts.naming.keyAlias(`central-logs-${region}`),
          policy: logKeyPolicy({
            partition,
            region,
            keyAccountId: account.id,
            logGroupPath: accounts.naming.logGroupPath,
            // The Region's alarm topic (Firehose health outside the home Region) uses it too.
            alarmTopics: true,
            eventDataStores: false,
          }),
          tags: accounts.logTags,
          protect,
        },
        { parent: this },
      );
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-${region}`,
        {
          region,
          name: names.firehoseLogGroup(region),
          retentionInDays: args.logRetentionDays,
          kmsKeyId: key.arn,
          tags: accounts.logTags,
        },
        child,
      );
      const errorStream = new aws.cloudwatch.LogStream(
        `${name}-${region}`,
        { region, name: "S3Delivery", logGroupName: logGroup.name },
        child,
      );
      const { prefix, errorOutputPrefix } = firehosePrefixes(region);
      const stream = new aws.kinesis.FirehoseDeliveryStream(
        `${name}-${region}`,
        {
          region,
          name: names.deliveryStream(region),
          destination: "extended_s3",
          serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
          extendedS3Configuration: {
            roleArn: firehoseRole.arn,
            bucketArn: arns.bucket(partition, args.archiveBucketName),
            prefix,
            errorOutputPrefix,
            bufferingSize,
            bufferingInterval,
            compressionFormat: "GZIP",
            kmsKeyArn: args.archiveKeyArn,
            processingConfiguration: {
              enabled: true,
              processors: [
                {
                  type: "Decompression",
                  parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }],
                },
                { type: "AppendDelimiterToRecord" },
              ],
            },
            cloudwatchLoggingOptions: {
              enabled: true,
              logGroupName: logGroup.name,
              logStreamName: errorStream.name,
            },
          },
          tags: accounts.logTags,
        },
        { ...child, dependsOn: [firehoseAccess] },
      );
      const destination = new aws.cloudwatch.LogDestination(
        `${name}-${region}`,
        {
          region,
          name: names.destination,
          roleArn: destinationRole.arn,
          targetArn: stream.arn,
          tags: accounts.tags,
        },
        { ...child, dependsOn: [destinationAccess] },
      );
      const arn = destinationArn(partition, region, account.id, names.destination);
      const policy = new aws.cloudwatch.LogDestinationPolicy(
        `${name}-${region}`,
        {
          region,
          destinationName: destination.name,
          accessPolicy: JSON.stringify(destinationAccessPolicy(arn, accounts.organizationId)),
        },
        child,
      );
      destinations[region] = { destinationArn: arn, destination, policy };
      streams[region] = { streamName: names.deliveryStream(region), key };
    }
    this.destinations = destinations;
    this.streams = streams;
    this.bufferingIntervalSeconds = bufferingInterval;
    this.senderRoleName = names.senderRole;
    this.registerOutputs({
      destinationArns: Object.fromEntries(
        Object.entries(destinations).map(([r, d]) => [r, d.destinationArn]),
      ),
    });
  }
}
