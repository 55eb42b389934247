import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  REDSHIFT_AUDIT_LOGS,
  REDSHIFT_PARAMETER_FAMILY,
  auditParameters,
  checkS3KeyPrefix,
  clusterLogGroupName,
} from "./redshiftAuditSettings";

/** A provisioned cluster the component creates, encrypted and private. */
export interface NewRedshiftCluster {
  /** Cluster identifier. Required. */
  clusterIdentifier: string;
  /** Node type, such as `ra3.xlplus`. Required. */
  nodeType: string;
  /** Number of nodes; 1 makes a single-node cluster. Default: 2. */
  numberOfNodes?: number;
  /** Name of the first database. Default: `dev`. */
  databaseName?: string;
  /** Admin user; its password is generated and kept in Secrets Manager. Default: `admin`. */
  masterUsername?: string;
  /** Subnet group of private subnets the cluster lives in. Required. */
  subnetGroupName: pulumi.Input<string>;
  /** Security groups of the cluster. Required. */
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** KMS key of the cluster's storage. Default: the AWS managed Redshift key. */
  kmsKeyArn?: pulumi.Input<string>;
}

/** Which Redshift the audit logging is for. */
export type RedshiftAuditTarget =
  /** A provisioned cluster managed elsewhere: its parameter group must be switched by hand. */
  | { kind: "existing-cluster"; clusterIdentifier: string }
  | { kind: "new-cluster"; cluster: NewRedshiftCluster }
  /** A Redshift Serverless namespace the component creates; it always logs to CloudWatch. */
  | {
      kind: "serverless";
      namespaceName: string;
      /** Admin user (password generated into Secrets Manager). Default: `admin`. */
      adminUsername?: string;
      /** KMS key of the namespace. Default: the AWS owned key. */
      kmsKeyArn?: pulumi.Input<string>;
    };

/** Where a provisioned cluster's audit logs go. */
export type RedshiftLogDestination =
  /** A bucket Redshift may write to: SSE-S3 only, in the cluster's Region, policy for redshift.amazonaws.com. */
  | { kind: "s3"; bucketName: pulumi.Input<string>; s3KeyPrefix?: string }
  /** CloudWatch Logs groups `/aws/redshift/cluster/<id>/<log>`, created here with a retention. */
  | { kind: "cloudwatch"; retentionDays: number; kmsKeyArn?: pulumi.Input<string> };

/** Args of {@link RedshiftAudit}. */
export interface RedshiftAuditArgs {
  /** Provider of the account of the cluster or namespace. Required. */
  provider: aws.Provider;
  /** Region of the cluster or namespace. Default: the provider's Region. */
  region?: string;
  /** The cluster or namespace. Required. */
  target: RedshiftAuditTarget;
  /** Log destination of provisioned clusters. Required for clusters, ignored for serverless. */
  destination?: RedshiftLogDestination;
  /** Extra parameters of the cluster's parameter group (audit ones cannot be weakened). Default: none. */
  extraParameters?: ReadonlyArray<{ name: string; value: string }>;
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
  /** Protect and retain a created cluster or namespace (prod). Default: false. */
  protect?: boolean;
}

/**
 * Redshift database audit logging. For provisioned clusters: a parameter group with
 * `enable_user_activity_logging` and `require_ssl`, and `aws.redshift.Logging` exporting the
 * connection, user and user-activity logs to S3 or CloudWatch Logs. For Serverless: a namespace
 * exporting all three to CloudWatch Logs.
 */
export class RedshiftAudit extends pulumi.ComponentResource {
  /** Name of the audit parameter group (provisioned clusters). */
  readonly parameterGroupName?: pulumi.Output<string>;
  /** The created cluster, for `new-cluster`. */
  readonly cluster?: aws.redshift.Cluster;
  /** The created namespace, for `serverless`. */
  readonly namespace?: aws.redshiftserverless.Namespace;

  constructor(name: string, args: RedshiftAuditArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:redshift:RedshiftAudit", name, {}, opts);
    const protect = args.protect ?? false;
    const child = { parent: this, provider: args.provider };
    const target = args.target;
    const region = args.region;

    if (target.kind === "serverless") {
      this.namespace = new aws.redshiftserverless.Namespace(
        name,
        {
          region,
          namespaceName: target.namespaceName,
          adminUsername: target.adminUsername ?? "admin",
          manageAdminPassword: true,
          kmsKeyId: target.kmsKeyArn,
          logExports: [...REDSHIFT_AUDIT_LOGS],
          tags: args.tags,
        },
        { ...child, protect, retainOnDelete: protect },
      );
      this.registerOutputs({ namespaceName: this.namespace.namespaceName });
      return;
    }

    const destination = args.destination;
    if (destination === undefined) {
      throw new Error(
        `RedshiftAudit ${name}: destination is required for a provisioned cluster (s3 or cloudwatch)`,
      );
    }
    const clusterIdentifier =
      target.kind === "new-cluster" ? target.cluster.clusterIdentifier : target.clusterIdentifier;
    const parameters = new aws.redshift.ParameterGroup(
      name,
      {
        region,
        name: `${clusterIdentifier}-audit`,
        family: REDSHIFT_PARAMETER_FAMILY,
        description: `Audit logging and TLS-only connections for ${clusterIdentifier}`,
        parameters: auditParameters(args.extraParameters),
        tags: args.tags,
      },
      child,
    );
    this.parameterGroupName = parameters.name;

    let clusterRef: pulumi.Input<string> = clusterIdentifier;
    if (target.kind === "new-cluster") {
      const c = target.cluster;
      const nodes = c.numberOfNodes ?? 2;
      this.cluster = new aws.redshift.Cluster(
        name,
        {
          region,
          clusterIdentifier: c.clusterIdentifier,
          nodeType: c.nodeType,
          clusterType: nodes === 1 ? "single-node" : "multi-node",
          numberOfNodes: nodes,
          databaseName: c.databaseName ?? "dev",
          masterUsername: c.masterUsername ?? "admin",
          manageMasterPassword: true,
          encrypted: "true",
          kmsKeyId: c.kmsKeyArn,
          publiclyAccessible: false,
          enhancedVpcRouting: true,
          clusterSubnetGroupName: c.subnetGroupName,
          vpcSecurityGroupIds: c.securityGroupIds,
          clusterParameterGroupName: parameters.name,
          automatedSnapshotRetentionPeriod: 7,
          skipFinalSnapshot: false,
          finalSnapshotIdentifier: `${c.clusterIdentifier}-final`,
          tags: args.tags,
        },
        { ...child, protect, retainOnDelete: protect },
      );
      clusterRef = this.cluster.clusterIdentifier;
    }

    if (destination.kind === "s3") {
      new aws.redshift.Logging(
        name,
        {
          region,
          clusterIdentifier: clusterRef,
          logDestinationType: "s3",
          bucketName: destination.bucketName,
          s3KeyPrefix:
            destination.s3KeyPrefix === undefined || destination.s3KeyPrefix === ""
              ? undefined
              : checkS3KeyPrefix(destination.s3KeyPrefix),
        },
        child,
      );
    } else {
      // Created first, so Redshift writes into groups that expire instead of making its own.
      const groups = REDSHIFT_AUDIT_LOGS.map(
        (log) =>
          new aws.cloudwatch.LogGroup(
            `${name}-${log}`,
            {
              region,
              name: clusterLogGroupName(clusterIdentifier, log),
              retentionInDays: destination.retentionDays,
              kmsKeyId: destination.kmsKeyArn,
              tags: args.tags,
            },
            child,
          ),
      );
      new aws.redshift.Logging(
        name,
        {
          region,
          clusterIdentifier: clusterRef,
          logDestinationType: "cloudwatch",
          logExports: [...REDSHIFT_AUDIT_LOGS],
        },
        { ...child, dependsOn: groups },
      );
    }
    this.registerOutputs({ parameterGroupName: this.parameterGroupName });
  }
}
