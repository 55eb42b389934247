import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CLOUDTRAIL_RAW_COLUMNS,
  CLOUDTRAIL_RAW_STORAGE,
  DatasetSchema,
  PARQUET_STORAGE,
  glueColumn,
} from "./glueTables";
import { QueryFile } from "./queryFiles";
import { DeclaredFormat, projectionParameters } from "../formats";

/** Name of the Glue table over the raw CloudTrail files in the archive. */
export const CLOUDTRAIL_RAW_TABLE = "cloudtrail_raw";

/** Args of {@link AuditAnalytics}. */
export interface AuditAnalyticsArgs {
  /** Provider of the audit account in the home Region. Required. */
  provider: aws.Provider;
  /** Glue database name (lowercase, underscores). Required. */
  databaseName: string;
  /** Athena workgroup name. Required. */
  workgroupName: string;
  /** One Glue table per dataset schema. Required. */
  schemas: DatasetSchema[];
  /**
   * Formats declared in `formats/`: one Glue table each, from its derived schema, with
   * partition projection. Default: none.
   */
  formats?: DeclaredFormat[];
  /** Lake root the tables point at (`s3://<lake>/parsed/`). Required. */
  lakeUri: string;
  /** The raw CloudTrail table's archive bucket and organization. Required. */
  archiveBucketName: string;
  organizationId: string;
  /** Query results: bucket, key, owning account. Required. */
  resultsBucketName: string;
  resultsKeyArn: pulumi.Input<string>;
  accountId: string;
  /** Per-query scan limit in bytes. Required. */
  bytesScannedCutoffPerQuery: number;
  /** Named queries (queries/athena/*.sql). Required. */
  queries: QueryFile[];
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * Glue + Athena over the lake: a database, one Parquet table per `schemas/*.json`, a raw
 * CloudTrail table over the archive, an enforced workgroup with KMS-encrypted results and a
 * scan cutoff, and the audit named queries. No crawler: the Spark job registers each partition
 * it writes (and, for CloudTrail, each archive day it read), so every account and Region of
 * the organization is queryable without being listed. The tables of declared formats also
 * project their partitions (a date range and the account and Region lists they declare), so
 * a day is queryable as soon as its files land.
 */
export class AuditAnalytics extends pulumi.ComponentResource {
  readonly database: aws.glue.CatalogDatabase;
  readonly workgroup: aws.athena.Workgroup;
  /** Tables by dataset name (plus {@link CLOUDTRAIL_RAW_TABLE}). */
  readonly tables: Readonly<Record<string, aws.glue.CatalogTable>>;
  readonly namedQueries: readonly aws.athena.NamedQuery[];

  constructor(name: string, args: AuditAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:analytics:AuditAnalytics", name, {}, opts);
    const child = { parent: this, provider: args.provider };

    this.database = new aws.glue.CatalogDatabase(
      name,
      {
        name: args.databaseName,
        description: "Parsed audit logs (Parquet lake) and the raw CloudTrail archive",
        locationUri: args.lakeUri,
        tags: args.tags,
      },
      child,
    );
    const tables: Record<string, aws.glue.CatalogTable> = {};
    const declared = (args.formats ?? []).map((f) => ({ schema: f.schema, format: f }));
    const all = [...args.schemas.map((schema) => ({ schema, format: undefined })), ...declared];
    for (const { schema, format } of all) {
      const location = `${args.lakeUri}${schema.dataset}/`;
      tables[schema.dataset] = new aws.glue.CatalogTable(
        `${name}-${schema.dataset}`,
        {
          databaseName: this.database.name,
          name: schema.dataset,
          description: schema.description.slice(0, 2048),
          tableType: "EXTERNAL_TABLE",
          parameters: {
            EXTERNAL: "TRUE",
            classification: "parquet",
            "parquet.compression": "ZSTD",
            ...(format ? projectionParameters(schema, format.projection, location) : {}),
          },
          partitionKeys: schema.partitionKeys.map(glueColumn),
          storageDescriptor: {
            location,
            ...PARQUET_STORAGE,
            columns: schema.columns.map(glueColumn),
          },
        },
        child,
      );
    }
    tables[CLOUDTRAIL_RAW_TABLE] = new aws.glue.CatalogTable(
      `${name}-${CLOUDTRAIL_RAW_TABLE}`,
      {
        databaseName: this.database.name,
        name: CLOUDTRAIL_RAW_TABLE,
        description: "Organization trail files as delivered to the archive (CloudTrail SerDe)",
        tableType: "EXTERNAL_TABLE",
        parameters: {
          EXTERNAL: "TRUE",
          classification: "cloudtrail",
        },
        partitionKeys: [
          { name: "account_id", type: "string", comment: "Account from the key" },
          { name: "region", type: "string", comment: "Region from the key" },
          { name: "dt", type: "string", comment: "Delivery day, yyyy/MM/dd" },
        ],
        storageDescriptor: {
          location: `s3://${args.archiveBucketName}/AWSLogs/${args.organizationId}/`,
          ...CLOUDTRAIL_RAW_STORAGE,
          columns: [...CLOUDTRAIL_RAW_COLUMNS],
        },
      },
      child,
    );
    this.tables = tables;

    this.workgroup = new aws.athena.Workgroup(
      name,
      {
        name: args.workgroupName,
        description: "Audit queries over the log lake: enforced settings, encrypted results",
        state: "ENABLED",
        forceDestroy: false,
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery,
          requesterPaysEnabled: false,
          engineVersion: { selectedEngineVersion: "Athena engine version 3" },
          resultConfiguration: {
            outputLocation: `s3://${args.resultsBucketName}/results/`,
            expectedBucketOwner: args.accountId,
            aclConfiguration: { s3AclOption: "BUCKET_OWNER_FULL_CONTROL" },
            encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.resultsKeyArn },
          },
        },
        tags: args.tags,
      },
      child,
    );
    this.namedQueries = args.queries.map(
      (q) =>
        new aws.athena.NamedQuery(
          `${name}-${q.file.replace(/\.sql$/, "")}`,
          {
            name: q.name,
            description: q.description,
            database: this.database.name,
            workgroup: this.workgroup.name,
            query: q.query,
          },
          child,
        ),
    );
    this.registerOutputs({
      databaseName: this.database.name,
      workgroupName: this.workgroup.name,
    });
  }
}
