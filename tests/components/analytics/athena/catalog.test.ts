import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDatasetSchema } from "../../../../components/analytics/athena/glueTables";
import { parseQueryFile } from "../../../../components/analytics/athena/queryFiles";
import { loadDeclaredFormats } from "../../../../components/analytics/formats";
import { PlanResource } from "../../../../tools/offline/plan";
import { analyticsKey, ofType, only, platformPlan } from "../../plan";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const AUDIT = "345678901234";
const LAKE = `acme-logs-prod-lake-${AUDIT}`;
/** prod's registered members, which the platform stack must not name. */
const PROD_MEMBERS = ["456789012345", "567890123456", "678901234567"];
const TYPES = {
  database: "aws:glue/catalogDatabase:CatalogDatabase",
  table: "aws:glue/catalogTable:CatalogTable",
  workgroup: "aws:athena/workgroup:Workgroup",
  namedQuery: "aws:athena/namedQuery:NamedQuery",
  queryDefinition: "aws:cloudwatch/queryDefinition:QueryDefinition",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  key: "aws:kms/key:Key",
};

interface SchemaFile {
  dataset: string;
  columns: Array<{ name: string; type: string }>;
  partition_keys: Array<{ name: string; type: string }>;
}

const schemaFiles = (): SchemaFile[] =>
  fs
    .readdirSync(path.join(REPO, "schemas"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(REPO, "schemas", f), "utf8")) as SchemaFile);

const queryFiles = (dir: string, ext: string): string[] =>
  fs
    .readdirSync(path.join(REPO, "queries", dir))
    .filter((f) => f.endsWith(ext))
    .sort();

describe("Glue tables and query headers (pure)", () => {
  it("rejects a schema whose dataset name differs from its file, or without dt first", () => {
    assert.throws(
      () => parseDatasetSchema("schemas/alb.json", JSON.stringify({ dataset: "elb" })),
      /schemas\/alb\.json: "dataset" is "elb", expected "alb"/,
    );
    assert.throws(
      () =>
        parseDatasetSchema(
          "schemas/x.json",
          JSON.stringify({
            dataset: "x",
            columns: [{ name: "a", type: "string" }],
            partition_keys: [{ name: "region", type: "string" }],
          }),
        ),
      /the first partition key must be "dt", got "region"/,
    );
    assert.throws(
      () =>
        parseDatasetSchema(
          "schemas/x.json",
          JSON.stringify({
            dataset: "x",
            columns: [{ name: "Bad Name", type: "string" }],
            partition_keys: [{ name: "dt", type: "string" }],
          }),
        ),
      /columns\[0\] name "Bad Name" is not a lowercase Glue column name/,
    );
  });

  it("reads name and multi-line description from the header and keeps the body", () => {
    const q = parseQueryFile(
      "x.sql",
      "-- name: Root activity\n-- description: Calls made\n-- with root.\n-- log-groups: trail\nSELECT 1\nFROM t\n",
    );
    assert.deepStrictEqual(q, {
      file: "x.sql",
      name: "Root activity",
      description: "Calls made with root.",
      fields: { "log-groups": "trail" },
      query: "SELECT 1\nFROM t",
    });
  });

  it("names the file and the missing header field", () => {
    assert.throws(
      () => parseQueryFile("a.sql", "SELECT 1"),
      /a\.sql: the header has no "-- name: …" line/,
    );
    assert.throws(
      () => parseQueryFile("b.sql", "-- name: B\nSELECT 1"),
      /b\.sql: the header has no "-- description: …" line/,
    );
    assert.throws(
      () => parseQueryFile("c.sql", "-- name: C\n-- description: d\n"),
      /c\.sql: no query after the header/,
    );
  });
});

describe("Glue, Athena and Logs Insights (synthesized stacks)", () => {
  let prod: PlanResource[];
  let dev: PlanResource[];
  const analyticsKeyArn = () => analyticsKey(prod).outputs["arn"];

  before(async () => {
    prod = await platformPlan("prod");
    dev = await platformPlan("dev");
  });

  it("one Glue database, in the audit account, named after the stack", () => {
    const db = only(prod, TYPES.database);
    assert.strictEqual(db.inputs["name"], "acme_logs_prod");
    assert.strictEqual(db.inputs["locationUri"], `s3://${LAKE}/parsed/`);
    assert.match(db.provider ?? "", /acme-logs-prod-audit$/);
  });

  it("every schemas/*.json has exactly one table with its columns and partition keys, in order", () => {
    for (const plan of [prod, dev]) {
      const tables = ofType(plan, TYPES.table);
      for (const file of schemaFiles()) {
        const found = tables.filter((t) => t.inputs["name"] === file.dataset);
        assert.strictEqual(
          found.length,
          1,
          `schemas/${file.dataset}.json has ${found.length} Glue tables`,
        );
        const t = found[0];
        const sd = t.inputs["storageDescriptor"] as {
          location: string;
          columns: Array<{ name: string; type: string }>;
          serDeInfo: { serializationLibrary: string };
          inputFormat: string;
        };
        assert.deepStrictEqual(
          sd.columns.map((c) => [c.name, c.type]),
          file.columns.map((c) => [c.name, c.type]),
          file.dataset,
        );
        assert.deepStrictEqual(
          (t.inputs["partitionKeys"] as Array<{ name: string; type: string }>).map((c) => [
            c.name,
            c.type,
          ]),
          file.partition_keys.map((c) => [c.name, c.type]),
        );
        assert.strictEqual(
          sd.serDeInfo.serializationLibrary,
          "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        );
        assert.strictEqual(
          sd.inputFormat,
          "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        );
      }
      const formats = loadDeclaredFormats(path.join(REPO, "formats"));
      assert.strictEqual(
        tables.length,
        schemaFiles().length + formats.length + 1,
        "plus a table per declared format and cloudtrail_raw",
      );
    }
  });

  it("no table of a built-in source projects partitions: the parse step registers them, so no account or Region is listed", () => {
    const declared = new Set(loadDeclaredFormats(path.join(REPO, "formats")).map((f) => f.name));
    for (const plan of [prod, dev]) {
      for (const t of ofType(plan, TYPES.table).filter(
        (x) => !declared.has(x.inputs["name"] as string),
      )) {
        const p = t.inputs["parameters"] as Record<string, string>;
        const projection = Object.keys(p).filter(
          (k) => k.startsWith("projection.") || k === "storage.location.template",
        );
        assert.deepStrictEqual(projection, [], `${String(t.inputs["name"])} still projects`);
        for (const id of PROD_MEMBERS) {
          assert.ok(
            !JSON.stringify(t.inputs).includes(id),
            `${String(t.inputs["name"])} names member account ${id}`,
          );
        }
      }
    }
    const ct = ofType(prod, TYPES.table).find((x) => x.inputs["name"] === "cloudtrail")!;
    assert.strictEqual(
      (ct.inputs["storageDescriptor"] as { location: string }).location,
      `s3://${LAKE}/parsed/cloudtrail/`,
    );
  });

  it("a declared format's table has its derived columns and projects dt from its first day, and its declared Regions, where Spark writes them", () => {
    const t = ofType(prod, TYPES.table).find((x) => x.inputs["name"] === "nginx_access")!;
    const location = (t.inputs["storageDescriptor"] as { location: string }).location;
    assert.match(location, /^s3:\/\/[a-z0-9-]+\/parsed\/nginx_access\/$/);
    assert.deepStrictEqual(t.inputs["parameters"], {
      EXTERNAL: "TRUE",
      classification: "parquet",
      "parquet.compression": "ZSTD",
      "projection.enabled": "true",
      "projection.dt.type": "date",
      "projection.dt.format": "yyyy-MM-dd",
      "projection.dt.range": "2025-01-01,NOW",
      "projection.dt.interval": "1",
      "projection.dt.interval.unit": "DAYS",
      "projection.region.type": "enum",
      "projection.region.values": "eu-west-1,us-east-1",
      "storage.location.template": `${location}dt=\${dt}/region=\${region}/`,
    });
    assert.deepStrictEqual(
      (t.inputs["partitionKeys"] as Array<{ name: string }>).map((c) => c.name),
      ["dt", "region"],
    );
    const app = ofType(prod, TYPES.table).find((x) => x.inputs["name"] === "legacy_app")!;
    const columns = (app.inputs["storageDescriptor"] as { columns: Array<{ name: string }> })
      .columns;
    assert.deepStrictEqual(
      columns.map((c) => c.name),
      [
        "event_time",
        "source",
        "source_file",
        "account_id",
        "region",
        "severity",
        "error_code",
        "component",
        "message",
        "stack_trace",
      ],
    );
  });

  it("the raw CloudTrail table reads the organization trail's files with the CloudTrail SerDe", () => {
    const t = ofType(prod, TYPES.table).find((x) => x.inputs["name"] === "cloudtrail_raw")!;
    const sd = t.inputs["storageDescriptor"] as {
      location: string;
      inputFormat: string;
      serDeInfo: { serializationLibrary: string };
    };
    assert.strictEqual(
      sd.location,
      "s3://acme-logs-prod-archive-234567890123/AWSLogs/o-a1b2c3d4e5/",
    );
    assert.strictEqual(sd.inputFormat, "com.amazon.emr.cloudtrail.CloudTrailInputFormat");
    assert.strictEqual(
      sd.serDeInfo.serializationLibrary,
      "com.amazon.emr.hive.serde.CloudTrailSerde",
    );
    assert.deepStrictEqual(t.inputs["parameters"], {
      EXTERNAL: "TRUE",
      classification: "cloudtrail",
    });
    assert.deepStrictEqual(
      (t.inputs["partitionKeys"] as Array<{ name: string }>).map((k) => k.name),
      ["account_id", "region", "dt"],
    );
  });

  it("the workgroup enforces its settings, encrypts results with the analytics key and caps each scan", () => {
    const wg = only(prod, TYPES.workgroup);
    assert.strictEqual(wg.inputs["name"], "acme-logs-prod-audit");
    assert.deepStrictEqual(wg.inputs["configuration"], {
      enforceWorkgroupConfiguration: true,
      publishCloudwatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: 53687091200,
      requesterPaysEnabled: false,
      engineVersion: { selectedEngineVersion: "Athena engine version 3" },
      resultConfiguration: {
        outputLocation: `s3://acme-logs-prod-athena-results-${AUDIT}/results/`,
        expectedBucketOwner: AUDIT,
        aclConfiguration: { s3AclOption: "BUCKET_OWNER_FULL_CONTROL" },
        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: analyticsKeyArn() },
      },
    });
    assert.strictEqual(
      (only(dev, TYPES.workgroup).inputs["configuration"] as { bytesScannedCutoffPerQuery: number })
        .bytesScannedCutoffPerQuery,
      1073741824,
    );
  });

  it("every queries/athena/*.sql is one named query in the workgroup, named and described by its header", () => {
    const files = queryFiles("athena", ".sql");
    const named = ofType(prod, TYPES.namedQuery);
    assert.strictEqual(named.length, files.length);
    for (const f of files) {
      const q = parseQueryFile(f, fs.readFileSync(path.join(REPO, "queries", "athena", f), "utf8"));
      const found = named.filter((n) => n.inputs["name"] === q.name);
      assert.strictEqual(found.length, 1, `queries/athena/${f} has ${found.length} named queries`);
      assert.deepStrictEqual(
        [
          found[0].inputs["description"],
          found[0].inputs["query"],
          found[0].inputs["database"],
          found[0].inputs["workgroup"],
        ],
        [q.description, q.query, "acme_logs_prod", "acme-logs-prod-audit"],
      );
    }
  });

  it("the lake, artifacts and results buckets are KMS-encrypted with the analytics key and log to the audit account's access-log bucket", () => {
    const buckets = ["lake", "artifacts", "athena-results"].map(
      (k) => `acme-logs-prod-${k}-${AUDIT}`,
    );
    for (const name of buckets) {
      const sse = ofType(
        prod,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ).find((r) => r.inputs["bucket"] === name)!;
      assert.deepStrictEqual(sse.inputs["rules"], [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: analyticsKeyArn(),
          },
          bucketKeyEnabled: true,
        },
      ]);
      const logging = ofType(prod, "aws:s3/bucketLogging:BucketLogging").find(
        (r) => r.inputs["bucket"] === name,
      )!;
      assert.strictEqual(
        logging.inputs["targetBucket"],
        `acme-logs-prod-s3-access-${AUDIT}-eu-west-1`,
      );
    }
    const tags = (n: string) =>
      ofType(prod, "aws:s3/bucket:Bucket").find((b) => b.inputs["bucket"] === n)!.inputs[
        "tags"
      ] as Record<string, string>;
    assert.strictEqual(tags(buckets[0])["logging:role"], "parsed-log-lake");
    assert.match(
      tags(buckets[2])["logging:exempt:s3-lifecycle"],
      /^Athena query results are re-creatable/,
    );
  });

  it("the analytics key lets this account's principals use it only through their own IAM policies", () => {
    const k = analyticsKey(prod);
    const doc = JSON.parse(k.inputs["policy"] as string) as {
      Statement: Array<{ Sid: string; Condition?: unknown; Principal?: unknown }>;
    };
    assert.deepStrictEqual(
      doc.Statement.map((st) => st.Sid),
      [
        "KeyAdministration",
        "CloudWatchLogsPlatformLogGroups",
        "AccountPrincipalsUseThroughIam",
        "AccountPrincipalsGrantToAwsResources",
      ],
    );
    assert.deepStrictEqual(doc.Statement[2].Condition, {
      StringEquals: { "kms:CallerAccount": AUDIT },
    });
    assert.deepStrictEqual(doc.Statement[3].Condition, {
      StringEquals: { "kms:CallerAccount": AUDIT },
      Bool: { "kms:GrantIsForAWSResource": "true" },
    });
    assert.match(k.provider ?? "", /acme-logs-prod-audit$/);
    assert.strictEqual(k.protect, true);
  });

  it("every queries/insights/*.txt is a saved query bound to its log groups", () => {
    const files = queryFiles("insights", ".txt");
    const defs = ofType(prod, TYPES.queryDefinition);
    assert.strictEqual(defs.length, files.length);
    const trail = ofType(prod, TYPES.logGroup).find((g) => g.name === "org-trail")!;
    // The platform's own Lambda function (the OpenSearch setup) logs to this group.
    const setup = ofType(prod, TYPES.logGroup).find((g) => g.name === "search-setup")!;
    const byName = Object.fromEntries(
      defs.map((d) => [d.inputs["name"], d.inputs["logGroupNames"]]),
    );
    assert.deepStrictEqual(byName, {
      "acme-logs-prod/CloudTrail errors by principal": [trail.outputs["name"]],
      "acme-logs-prod/Lambda errors and cold starts": [setup.outputs["name"]],
      "acme-logs-prod/Slowest Lambda invocations": [setup.outputs["name"]],
    });
    assert.match(defs[0].provider ?? "", /acme-logs-prod-management$/);
  });
});
