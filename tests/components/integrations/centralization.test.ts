import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  destinationAccessPolicy,
  exclusionCriteria,
  firehosePrefixes,
  subscriptionFilterPolicy,
} from "../../../components/integrations/centralizationPolicies";
import { PolicyDocument } from "../../../components/core/policyDocument";
import { PlanResource } from "../../../tools/offline/plan";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { INTEGRATION_TYPES as T, jsonInput, resourcesUnder, targetOf } from "./memberPlanHelpers";
import { TYPES, oneWhere, ofType, platformPlan, policyOf, statement } from "../plan";

// From Pulumi.prod.yaml.
const ORG = "o-a1b2c3d4e5";
const LOG_ARCHIVE = "234567890123";
const REGIONS = ["eu-west-1", "eu-central-1", "us-east-1"];
const ARCHIVE = "acme-logs-prod-archive-234567890123";

/**
 * The Spark cloudwatch parser's `input_globs`, read from its source so this test fails when the
 * parser's layout and the Firehose prefix drift apart.
 */
function parserGlobs(): string[] {
  const source = fs.readFileSync(
    path.join(PLATFORM_DIR, "spark", "logparse", "sources", "cloudwatch.py"),
    "utf8",
  );
  const body = /def input_globs\([\s\S]*?return \[([\s\S]*?)\]/.exec(source)?.[1];
  assert.ok(body, "input_globs not found in cloudwatch.py");
  return [...body.matchAll(/f"([^"]+)"/g)].map((m) => m[1]);
}

/** A parser glob (with `{base}` and `{date}` filled) as a regular expression over keys. */
function globToRegExp(glob: string, day: string): RegExp {
  const filled = glob.replace("{base}/", "").replace("{date}", day);
  const pattern = filled
    .split("")
    .map((ch) => (ch === "*" ? "[^/]*" : /[.+?^${}()|\\]/.test(ch) ? `\\${ch}` : ch))
    .join("")
    .replace(/\[0-9\]\[\^\/\]\*/g, "[0-9][^/]*");
  return new RegExp(`^${pattern}$`);
}

/** The key Firehose writes for a prefix at a time (object name as Firehose forms it). */
function firehoseKey(prefix: string, stream: string): string {
  return (
    prefix.replace("!{timestamp:yyyy/MM/dd/HH}", "2026/01/15/10") +
    `${stream}-1-2026-01-15-10-04-31-0f3c1c7e-3c8e-4a59-8e8e-0c1f2b3a4d5e.gz`
  );
}

describe("CloudWatch Logs centralization (synthesized prod stack)", () => {
  let prod: PlanResource[];
  let mine: PlanResource[];
  before(async () => {
    prod = await platformPlan("prod");
    mine = resourcesUnder(prod, "central-logs");
  });

  it("lives in the log-archive account: a stream and a destination in every governed Region", () => {
    for (const r of mine) assert.strictEqual(targetOf(prod, r).accountId, LOG_ARCHIVE);
    assert.deepStrictEqual(
      ofType(mine, T.firehose).map((s) => targetOf(prod, s).region),
      REGIONS,
    );
    assert.deepStrictEqual(
      ofType(mine, T.destination).map((d) => targetOf(prod, d).region),
      REGIONS,
    );
  });

  it("Firehose decompresses the subscription records and writes gzip, KMS-encrypted, under cloudwatch/<region>/", () => {
    const archiveKeyArn = oneWhere(
      prod,
      TYPES.key,
      "description",
      "Central log archive (acme-logs-prod): organization trail and log delivery",
    ).outputs["arn"];
    for (const stream of ofType(mine, T.firehose)) {
      const region = targetOf(prod, stream).region;
      assert.strictEqual(stream.inputs["name"], `acme-logs-prod-central-logs-${region}`);
      assert.strictEqual(stream.inputs["destination"], "extended_s3");
      assert.deepStrictEqual(stream.inputs["serverSideEncryption"], {
        enabled: true,
        keyType: "AWS_OWNED_CMK",
      });
      const s3 = stream.inputs["extendedS3Configuration"] as Record<string, unknown>;
      assert.strictEqual(s3["bucketArn"], `arn:aws:s3:::${ARCHIVE}`);
      assert.strictEqual(s3["prefix"], `cloudwatch/${region}/!{timestamp:yyyy/MM/dd/HH}/`);
      assert.strictEqual(
        s3["errorOutputPrefix"],
        `cloudwatch-errors/${region}/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
      );
      assert.strictEqual(s3["compressionFormat"], "GZIP");
      assert.strictEqual(s3["bufferingSize"], 64);
      assert.strictEqual(s3["bufferingInterval"], 300);
      assert.strictEqual(s3["kmsKeyArn"], archiveKeyArn);
      assert.strictEqual(
        s3["roleArn"],
        `arn:aws:iam::${LOG_ARCHIVE}:role/acme-logs-prod-cwl-firehose`,
      );
      assert.deepStrictEqual(s3["processingConfiguration"], {
        enabled: true,
        processors: [
          {
            type: "Decompression",
            parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }],
          },
          { type: "AppendDelimiterToRecord" },
        ],
      });
      assert.deepStrictEqual(s3["cloudwatchLoggingOptions"], {
        enabled: true,
        logGroupName: `/acme-logs/prod/firehose/central-logs-${region}`,
        logStreamName: "S3Delivery",
      });
    }
  });

  it("Firehose error log groups keep the platform retention and are KMS-encrypted in their Region", () => {
    const groups = ofType(mine, T.logGroup);
    assert.deepStrictEqual(
      groups.map((g) => [g.inputs["name"], g.inputs["retentionInDays"], targetOf(prod, g).region]),
      REGIONS.map((r) => [`/acme-logs/prod/firehose/central-logs-${r}`, 400, r]),
    );
    for (const g of groups) {
      const key = ofType(mine, T.key).find((k) => k.outputs["arn"] === g.inputs["kmsKeyId"]);
      assert.ok(key, `${g.name} is not encrypted with a central-logs key`);
      assert.strictEqual(targetOf(prod, key).region, targetOf(prod, g).region);
    }
  });

  it("destinations point at their Region's stream and admit only this organization", () => {
    for (const d of ofType(mine, T.destination)) {
      const region = targetOf(prod, d).region;
      assert.strictEqual(d.inputs["name"], "acme-logs-prod-central-logs");
      assert.strictEqual(
        d.inputs["targetArn"],
        `arn:aws:firehose:${region}:${LOG_ARCHIVE}:deliverystream/acme-logs-prod-central-logs-${region}`,
      );
      assert.strictEqual(
        d.inputs["roleArn"],
        `arn:aws:iam::${LOG_ARCHIVE}:role/acme-logs-prod-cwl-destination`,
      );
    }
    const policies = ofType(mine, T.destinationPolicy);
    assert.deepStrictEqual(
      policies.map((p) => jsonInput<PolicyDocument>(p, "accessPolicy")),
      REGIONS.map((r) => ({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "SubscribeFromOrganization",
            Effect: "Allow",
            Principal: "*",
            Action: ["logs:PutSubscriptionFilter", "logs:PutAccountPolicy"],
            Resource: `arn:aws:logs:${r}:${LOG_ARCHIVE}:destination:acme-logs-prod-central-logs`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
          },
        ],
      })),
    );
  });

  it("CloudWatch Logs may assume the destination role only for this organization, to put into the streams", () => {
    const role = oneWhere(mine, T.role, "name", "acme-logs-prod-cwl-destination");
    assert.deepStrictEqual(
      statement(policyOf(role, "assumeRolePolicy"), "CloudWatchLogsFromOrganization"),
      {
        Sid: "CloudWatchLogsFromOrganization",
        Effect: "Allow",
        Principal: { Service: "logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceOrgID": ORG },
          ArnLike: { "aws:SourceArn": "arn:aws:logs:*:*:*" },
        },
      },
    );
    const access = ofType(mine, T.rolePolicy).find((p) =>
      String(p.inputs["policy"]).includes("PutIntoCentralStreams"),
    );
    assert.ok(access);
    assert.deepStrictEqual(
      statement(policyOf(access), "PutIntoCentralStreams").Resource,
      REGIONS.map(
        (r) =>
          `arn:aws:firehose:${r}:${LOG_ARCHIVE}:deliverystream/acme-logs-prod-central-logs-${r}`,
      ),
    );
  });

  it("Firehose writes only under the export and error prefixes and encrypts only through S3", () => {
    const role = oneWhere(mine, T.role, "name", "acme-logs-prod-cwl-firehose");
    assert.deepStrictEqual(policyOf(role, "assumeRolePolicy").Statement[0].Condition, {
      StringEquals: { "sts:ExternalId": LOG_ARCHIVE, "aws:SourceAccount": LOG_ARCHIVE },
    });
    const access = ofType(mine, T.rolePolicy).find((p) =>
      String(p.inputs["policy"]).includes("WriteExportPrefixes"),
    );
    assert.ok(access);
    const doc = policyOf(access);
    assert.deepStrictEqual(statement(doc, "WriteExportPrefixes").Resource, [
      `arn:aws:s3:::${ARCHIVE}/cloudwatch/*`,
      `arn:aws:s3:::${ARCHIVE}/cloudwatch-errors/*`,
    ]);
    assert.deepStrictEqual(statement(doc, "EncryptThroughS3").Condition, {
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
      StringLike: {
        "kms:EncryptionContext:aws:s3:arn": [
          `arn:aws:s3:::${ARCHIVE}/cloudwatch/*`,
          `arn:aws:s3:::${ARCHIVE}/cloudwatch-errors/*`,
        ],
      },
    });
  });

  it("the archive key lets the Firehose role (and only it) encrypt through S3", () => {
    const key = oneWhere(
      prod,
      TYPES.key,
      "description",
      "Central log archive (acme-logs-prod): organization trail and log delivery",
    );
    assert.deepStrictEqual(statement(policyOf(key), "PlatformWritersEncryptThroughS3"), {
      Sid: "PlatformWritersEncryptThroughS3",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE}:root` },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        ArnEquals: {
          "aws:PrincipalArn": [`arn:aws:iam::${LOG_ARCHIVE}:role/acme-logs-prod-cwl-firehose`],
        },
        StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
      },
    });
  });
});

describe("Firehose layout matches the Spark cloudwatch parser", () => {
  it("objects Firehose writes match the parser's globs for their day; error objects match none", () => {
    const globs = parserGlobs();
    assert.ok(globs.length >= 1);
    for (const region of REGIONS) {
      const { prefix, errorOutputPrefix } = firehosePrefixes(region);
      const key = firehoseKey(prefix, `acme-logs-prod-central-logs-${region}`);
      assert.ok(
        globs.some((g) => globToRegExp(g, "2026/01/15").test(key)),
        `${key} matches none of ${globs.join(", ")}`,
      );
      assert.ok(!globs.some((g) => globToRegExp(g, "2026/01/16").test(key)));
      assert.strictEqual(
        key.split("/")[1],
        region,
        "the parser takes the Region after cloudwatch/",
      );
      const errorKey = errorOutputPrefix
        .replace("!{firehose:error-output-type}", "processing-failed")
        .replace("!{timestamp:yyyy/MM/dd}", "2026/01/15");
      assert.ok(!globs.some((g) => globToRegExp(g, "2026/01/15").test(`${errorKey}x.gz`)));
      assert.ok(!globs.some((g) => globToRegExp(g, "*/*/*").test(`${errorKey}x.gz`)));
    }
  });
});

describe("centralization documents", () => {
  it("the account subscription sends every event, randomly distributed, naming the sender role", () => {
    assert.deepStrictEqual(subscriptionFilterPolicy("arn:d", "arn:r"), {
      DestinationArn: "arn:d",
      RoleArn: "arn:r",
      FilterPattern: "",
      Distribution: "Random",
    });
  });

  it("exclusions use the one selection form CloudWatch Logs accepts, and bad names are refused", () => {
    assert.strictEqual(exclusionCriteria([]), undefined);
    assert.strictEqual(
      exclusionCriteria(["/aws/lambda/noisy", "app-logs"]),
      'LogGroupName NOT IN ["/aws/lambda/noisy", "app-logs"]',
    );
    assert.throws(
      () => exclusionCriteria(["bad name"]),
      /^Error: "bad name" is not a log group name \(1-512 of letters, digits, _ - \/ \. #\) for the subscription exclusion list$/,
    );
  });

  it("the destination policy names the organization, not accounts", () => {
    assert.deepStrictEqual(destinationAccessPolicy("arn:d", "o-x").Statement[0].Condition, {
      StringEquals: { "aws:PrincipalOrgID": "o-x" },
    });
  });
});
