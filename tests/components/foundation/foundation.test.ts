import * as assert from "assert";
import { CIS_CONTROLS } from "../../../components/foundation/cisPatterns";
import { ARCHIVE_KEY_ADMIN_ACTIONS, KEY_ADMIN_ACTIONS } from "../../../components/core/keyPolicies";
import { PolicyDocument, PolicyStatement } from "../../../components/core/policyDocument";
import { PlanResource } from "../../../tools/offline/plan";
import {
  TYPES,
  attachedTo,
  only,
  oneWhere,
  ofType,
  platformPlan,
  policyOf,
  providerInput,
  statement,
} from "../plan";

// Values from Pulumi.prod.yaml / Pulumi.dev.yaml.
const PROD = {
  org: "o-a1b2c3d4e5",
  management: "123456789012",
  logArchive: "234567890123",
  audit: "345678901234",
  archive: "acme-logs-prod-archive-234567890123",
  trailArn: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/acme-logs-prod-org-trail",
};
const DEV = { management: "210987654321", logArchive: "321098765432" };

/** Top-level components the foundation declares; later capabilities add their own beside them. */
const FOUNDATION_COMPONENTS = [
  "accounts",
  "log-archive",
  "management-logs-key",
  "org-trail",
  "cis-alarms",
  "org-event-data-store",
];

/** The resources under the foundation's own components. */
function foundationOf(plan: PlanResource[]): PlanResource[] {
  const byUrn = new Map(plan.map((r) => [r.urn, r]));
  const topOf = (r: PlanResource): PlanResource => {
    const parent = r.parent === undefined ? undefined : byUrn.get(r.parent);
    return parent === undefined || parent.type === "pulumi:pulumi:Stack" ? r : topOf(parent);
  };
  return plan.filter((r) => FOUNDATION_COMPONENTS.includes(topOf(r).name));
}

describe("foundation (synthesized dev and prod stacks)", () => {
  let dev: PlanResource[];
  let prod: PlanResource[];

  before(async () => {
    dev = foundationOf(await platformPlan("dev"));
    prod = foundationOf(await platformPlan("prod"));
  });

  describe("accounts and providers", () => {
    it("prod has one provider per core account, in the home Region, each assuming the account's deploy role", () => {
      const core = [PROD.management, PROD.logArchive, PROD.audit];
      const coreProviders = ofType(prod, TYPES.provider).filter((p) =>
        core.includes(providerInput<string[]>(p, "allowedAccountIds")[0]),
      );
      const providers = coreProviders.map((p) => ({
        region: p.inputs["region"],
        roleArn: providerInput<Array<{ roleArn: string }>>(p, "assumeRoles")[0].roleArn,
        allowed: providerInput<string[]>(p, "allowedAccountIds"),
      }));
      assert.deepStrictEqual(
        providers.sort((x, y) => x.roleArn.localeCompare(y.roleArn)),
        core.map((id) => ({
          region: "eu-west-1",
          roleArn: `arn:aws:iam::${id}:role/PlatformDeploy`,
          allowed: [id],
        })),
      );
    });

    it("resources outside the home Region name their Region instead of using another provider", () => {
      const elsewhere = prod.filter(
        (r) => r.custom && !r.type.startsWith("pulumi:") && r.inputs["region"] !== undefined,
      );
      const regions = new Set(elsewhere.map((r) => r.inputs["region"]));
      assert.deepStrictEqual([...regions].sort(), ["eu-central-1", "eu-west-1", "us-east-1"]);
      for (const r of elsewhere) {
        assert.ok(
          ["eu-central-1", "eu-west-1", "us-east-1"].includes(String(r.inputs["region"])),
          `${r.type} ${r.name} names region ${String(r.inputs["region"])}, which prod does not govern`,
        );
      }
    });

    it("providers tag everything with environment and owner, and name the deploy session", () => {
      const p = ofType(prod, TYPES.provider)[0];
      assert.deepStrictEqual(providerInput(p, "defaultTags"), {
        tags: {
          environment: "prod",
          "managed-by": "pulumi:logging-platform",
          project: "logging-platform",
        },
      });
      assert.strictEqual(
        providerInput<Array<{ sessionName: string }>>(p, "assumeRoles")[0].sessionName,
        "logging-platform-deploy",
      );
    });

    it("no resource falls back to the default provider", () => {
      for (const plan of [dev, prod]) {
        const orphans = plan.filter(
          (r) => r.custom && !r.type.startsWith("pulumi:providers:") && r.provider === undefined,
        );
        assert.deepStrictEqual(
          orphans.map((r) => `${r.type} ${r.name}`),
          [],
        );
      }
    });
  });

  describe("organization trail", () => {
    it("is multi-region, organization-wide, validated, KMS-encrypted and streams to CloudWatch", () => {
      const trail = only(prod, TYPES.trail);
      const logGroup = only(prod, TYPES.logGroup);
      const role = only(prod, TYPES.role);
      assert.strictEqual(trail.inputs["name"], "acme-logs-prod-org-trail");
      assert.strictEqual(trail.outputs["arn"], PROD.trailArn);
      assert.strictEqual(trail.inputs["isOrganizationTrail"], true);
      assert.strictEqual(trail.inputs["isMultiRegionTrail"], true);
      assert.strictEqual(trail.inputs["includeGlobalServiceEvents"], true);
      assert.strictEqual(trail.inputs["enableLogFileValidation"], true);
      assert.strictEqual(trail.inputs["enableLogging"], true);
      assert.strictEqual(trail.inputs["s3BucketName"], PROD.archive);
      assert.strictEqual(
        trail.inputs["kmsKeyId"],
        oneWhere(
          prod,
          TYPES.key,
          "description",
          "Central log archive (acme-logs-prod): organization trail and log delivery",
        ).outputs["arn"],
      );
      assert.strictEqual(
        trail.inputs["cloudWatchLogsGroupArn"],
        `${String(logGroup.outputs["arn"])}:*`,
      );
      assert.strictEqual(trail.inputs["cloudWatchLogsRoleArn"], role.outputs["arn"]);
      assert.strictEqual(trail.provider, ofType(prod, TYPES.provider)[0].urn);
    });

    it("prod selects management, S3 (outside the archive) and Lambda data events, and Insights", () => {
      const trail = only(prod, TYPES.trail);
      assert.deepStrictEqual(trail.inputs["advancedEventSelectors"], [
        {
          name: "All management events",
          fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
        },
        {
          name: "S3 object events outside the log archive",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "resources.ARN", notStartsWiths: [`arn:aws:s3:::${PROD.archive}/`] },
          ],
        },
        {
          name: "Lambda invocations",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::Lambda::Function"] },
          ],
        },
      ]);
      assert.deepStrictEqual(trail.inputs["insightSelectors"], [
        { insightType: "ApiCallRateInsight" },
        { insightType: "ApiErrorRateInsight" },
      ]);
    });

    it("dev selects management events only, without Insights", () => {
      const trail = only(dev, TYPES.trail);
      assert.deepStrictEqual(trail.inputs["advancedEventSelectors"], [
        {
          name: "All management events",
          fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
        },
      ]);
      assert.deepStrictEqual(trail.inputs["insightSelectors"], []);
    });

    it("waits for the archive bucket policy and key that CloudTrail validates on creation", () => {
      const trail = only(prod, TYPES.trail);
      const policy = oneWhere(prod, TYPES.bucketPolicy, "bucket", PROD.archive);
      assert.ok(
        trail.dependencies.includes(policy.urn),
        "trail does not depend on the bucket policy",
      );
    });

    it("log group keeps a year or more and is encrypted with the management log key", () => {
      const devGroup = only(dev, TYPES.logGroup);
      const prodGroup = only(prod, TYPES.logGroup);
      assert.strictEqual(devGroup.inputs["retentionInDays"], 365);
      assert.strictEqual(prodGroup.inputs["retentionInDays"], 400);
      assert.strictEqual(prodGroup.inputs["name"], "/acme-logs/prod/cloudtrail/organization");
      const logKey = oneWhere(
        prod,
        TYPES.key,
        "description",
        "Log groups, alarm topic and CloudTrail Lake of acme-logs-prod",
      );
      assert.strictEqual(prodGroup.inputs["kmsKeyId"], logKey.outputs["arn"]);
    });

    it("the delivery role trusts only CloudTrail of the management account and writes only to its group", () => {
      const role = only(prod, TYPES.role);
      assert.deepStrictEqual(policyOf(role, "assumeRolePolicy").Statement, [
        {
          Sid: "CloudTrailAssume",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": PROD.management } },
        },
      ]);
      assert.deepStrictEqual(policyOf(only(prod, TYPES.rolePolicy)).Statement, [
        {
          Sid: "DeliverToTrailLogGroup",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource:
            "arn:aws:logs:eu-west-1:123456789012:log-group:/acme-logs/prod/cloudtrail/organization:log-stream:*",
        },
      ]);
    });
  });

  describe("central archive bucket", () => {
    it("lives in the log-archive account with SSE-KMS under the archive key and a bucket key", () => {
      const bucket = oneWhere(prod, TYPES.bucket, "bucket", PROD.archive);
      const provider = prod.find((r) => r.urn === bucket.provider)!;
      assert.deepStrictEqual(providerInput(provider, "allowedAccountIds"), [PROD.logArchive]);
      assert.strictEqual(bucket.inputs["objectLockEnabled"], true);
      const sse = attachedTo(prod, TYPES.encryption, PROD.archive)[0];
      const archiveKey = oneWhere(
        prod,
        TYPES.key,
        "description",
        "Central log archive (acme-logs-prod): organization trail and log delivery",
      );
      assert.deepStrictEqual(sse.inputs["rules"], [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: archiveKey.outputs["arn"],
          },
          bucketKeyEnabled: true,
        },
      ]);
      assert.deepStrictEqual(attachedTo(prod, TYPES.ownership, PROD.archive)[0].inputs["rule"], {
        objectOwnership: "BucketOwnerEnforced",
      });
    });

    it("Object Lock: COMPLIANCE for 2557 days in prod, GOVERNANCE for 30 days in dev", () => {
      assert.deepStrictEqual(only(prod, TYPES.objectLock).inputs["rule"], {
        defaultRetention: { mode: "COMPLIANCE", days: 2557 },
      });
      assert.deepStrictEqual(only(dev, TYPES.objectLock).inputs["rule"], {
        defaultRetention: { mode: "GOVERNANCE", days: 30 },
      });
    });

    it("dev's weaker lock carries its waiver reason and expiry as exemption tags; prod's needs none", () => {
      const devTags = oneWhere(dev, TYPES.bucket, "bucket", "acme-logs-dev-archive-321098765432")
        .inputs["tags"] as Record<string, string>;
      assert.strictEqual(
        devTags["logging:exempt:s3-log-archive-object-lock"],
        "dev holds synthetic test logs only: a 30-day GOVERNANCE lock lets the platform team purge them",
      );
      assert.strictEqual(
        devTags["logging:exempt-expires:s3-log-archive-object-lock"],
        "2027-12-31",
      );
      const prodTags = oneWhere(prod, TYPES.bucket, "bucket", PROD.archive).inputs[
        "tags"
      ] as Record<string, string>;
      assert.strictEqual(prodTags["logging:role"], "log-archive");
      assert.strictEqual(prodTags["logging:exempt:s3-log-archive-object-lock"], undefined);
      assert.strictEqual(prodTags["logging:exempt-expires:s3-log-archive-object-lock"], undefined);
    });

    it("lifecycle: prod archives to Glacier IR at 90 days and expires at 7 years", () => {
      const rules = attachedTo(prod, TYPES.lifecycle, PROD.archive)[0].inputs["rules"];
      assert.deepStrictEqual(rules, [
        {
          id: "archive-objects-over-128k",
          status: "Enabled",
          filter: { objectSizeGreaterThan: 131072 },
          transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
        },
        {
          id: "expire-logs",
          status: "Enabled",
          filter: { prefix: "" },
          expiration: { days: 2557 },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
        {
          id: "remove-expired-delete-markers",
          status: "Enabled",
          filter: { prefix: "" },
          expiration: { expiredObjectDeleteMarker: true },
        },
      ]);
    });

    it("lifecycle: dev moves to Glacier IR at 30 days and expires at 120", () => {
      const rules = attachedTo(dev, TYPES.lifecycle, "acme-logs-dev-archive-321098765432")[0]
        .inputs["rules"] as Array<Record<string, unknown>>;
      assert.deepStrictEqual(rules[0]["transitions"], [{ days: 30, storageClass: "GLACIER_IR" }]);
      assert.deepStrictEqual(rules[1]["expiration"], { days: 120 });
      assert.deepStrictEqual(rules[1]["noncurrentVersionExpiration"], { noncurrentDays: 7 });
    });

    it("logs its own access to the regional access-log bucket, partitioned by event time", () => {
      assert.deepStrictEqual(attachedTo(prod, TYPES.logging, PROD.archive)[0].inputs, {
        bucket: PROD.archive,
        targetBucket: "acme-logs-prod-s3-access-234567890123-eu-west-1",
        targetPrefix: "s3-access/",
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      });
    });

    it("bucket policy: every statement and condition", () => {
      const doc = policyOf(attachedTo(prod, TYPES.bucketPolicy, PROD.archive)[0]);
      const bucket = `arn:aws:s3:::${PROD.archive}`;
      assert.deepStrictEqual(doc.Statement, [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucket, `${bucket}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "CloudTrailAclCheck",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: bucket,
          Condition: { StringEquals: { "aws:SourceArn": PROD.trailArn } },
        },
        {
          Sid: "CloudTrailOrganizationTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: [`${bucket}/AWSLogs/${PROD.management}/*`, `${bucket}/AWSLogs/${PROD.org}/*`],
          Condition: {
            StringEquals: {
              "s3:x-amz-acl": "bucket-owner-full-control",
              "aws:SourceArn": PROD.trailArn,
            },
          },
        },
        {
          Sid: "LogDeliveryAclCheck",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["s3:GetBucketAcl", "s3:ListBucket"],
          Resource: bucket,
          Condition: { StringEquals: { "aws:SourceOrgID": PROD.org } },
        },
        {
          Sid: "LogDeliveryWriteFromOrganization",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${bucket}/AWSLogs/*`,
          Condition: {
            StringEquals: {
              "s3:x-amz-acl": "bucket-owner-full-control",
              "aws:SourceOrgID": PROD.org,
            },
          },
        },
        {
          Sid: "AnalyticsReadersRead",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${PROD.audit}:root` },
          Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"],
          Resource: [bucket, `${bucket}/*`],
          Condition: {
            ArnLike: {
              "aws:PrincipalArn": [
                `arn:aws:iam::${PROD.audit}:role/log-analytics-*`,
                `arn:aws:iam::${PROD.audit}:role/security-investigator`,
              ],
            },
          },
        },
        {
          Sid: "DenyLogDestructionExceptBreakGlass",
          Effect: "Deny",
          Principal: "*",
          Action: [
            "s3:BypassGovernanceRetention",
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
            "s3:PutObjectLegalHold",
            "s3:PutObjectRetention",
          ],
          Resource: `${bucket}/*`,
          Condition: {
            ArnNotLike: {
              "aws:PrincipalArn": `arn:aws:iam::${PROD.logArchive}:role/LogArchiveBreakGlass`,
            },
          },
        },
        {
          Sid: "DenyGuardrailChangesExceptBreakGlassAndDeployment",
          Effect: "Deny",
          Principal: "*",
          Action: [
            "s3:DeleteBucket",
            "s3:DeleteBucketPolicy",
            "s3:PutBucketObjectLockConfiguration",
            "s3:PutBucketPolicy",
            "s3:PutBucketPublicAccessBlock",
            "s3:PutBucketVersioning",
            "s3:PutEncryptionConfiguration",
            "s3:PutLifecycleConfiguration",
          ],
          Resource: bucket,
          Condition: {
            ArnNotLike: {
              "aws:PrincipalArn": [
                `arn:aws:iam::${PROD.logArchive}:role/LogArchiveBreakGlass`,
                `arn:aws:iam::${PROD.logArchive}:role/PlatformDeploy`,
              ],
            },
          },
        },
      ]);
    });
  });

  describe("KMS keys", () => {
    const archiveKeyPolicy = (): PolicyDocument =>
      policyOf(
        oneWhere(
          prod,
          TYPES.key,
          "description",
          "Central log archive (acme-logs-prod): organization trail and log delivery",
        ),
      );
    const logKeyPolicy = (plan: PlanResource[], stem: string): PolicyDocument =>
      policyOf(
        oneWhere(
          plan,
          TYPES.key,
          "description",
          `Log groups, alarm topic and CloudTrail Lake of ${stem}`,
        ),
      );

    it("every key rotates and is a symmetric encryption key", () => {
      for (const key of [...ofType(dev, TYPES.key), ...ofType(prod, TYPES.key)]) {
        assert.strictEqual(key.inputs["enableKeyRotation"], true, key.name);
        assert.strictEqual(key.inputs["customerMasterKeySpec"], "SYMMETRIC_DEFAULT", key.name);
      }
    });

    it("the account root may administer but not use the key, and cannot switch off rotation", () => {
      const admin = statement(archiveKeyPolicy(), "KeyAdministration");
      assert.deepStrictEqual(admin.Principal, { AWS: `arn:aws:iam::${PROD.logArchive}:root` });
      assert.deepStrictEqual(admin.Action, ARCHIVE_KEY_ADMIN_ACTIONS);
      for (const forbidden of ["kms:*", "kms:Decrypt", "kms:Encrypt", "kms:DisableKeyRotation"]) {
        assert.ok(!(admin.Action as string[]).includes(forbidden), forbidden);
      }
      const logKeyAdmin = statement(logKeyPolicy(prod, "acme-logs-prod"), "KeyAdministration");
      assert.deepStrictEqual(logKeyAdmin.Action, KEY_ADMIN_ACTIONS);
    });

    it("only the break-glass role may disable, delete or re-grant the archive key; deployment may update its policy", () => {
      const doc = archiveKeyPolicy();
      const root = `arn:aws:iam::${PROD.logArchive}:root`;
      const breakGlass = `arn:aws:iam::${PROD.logArchive}:role/LogArchiveBreakGlass`;
      const deploy = `arn:aws:iam::${PROD.logArchive}:role/PlatformDeploy`;
      // Whoever an Allow statement lets take a guarded action must be pinned to one role.
      const actionsOf = (st: PolicyStatement) => [st.Action ?? []].flat() as string[];
      const grants = (st: PolicyStatement, action: string) =>
        actionsOf(st).some((a) => a === action || a === "kms:*" || a === "*");
      for (const action of [
        "kms:ScheduleKeyDeletion",
        "kms:DisableKey",
        "kms:PutKeyPolicy",
        "kms:CreateGrant",
        "kms:RevokeGrant",
        "kms:RetireGrant",
      ]) {
        const allowedTo = doc.Statement.filter(
          (st) => st.Effect === "Allow" && grants(st, action),
        ).map(
          (st) =>
            (st.Condition?.["ArnEquals"] as Record<string, string> | undefined)?.[
              "aws:PrincipalArn"
            ],
        );
        assert.deepStrictEqual(
          allowedTo,
          action === "kms:PutKeyPolicy" ? [breakGlass, deploy] : [breakGlass],
          action,
        );
      }
      assert.deepStrictEqual(statement(doc, "BreakGlassGuardedKeyActions"), {
        Sid: "BreakGlassGuardedKeyActions",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: [
          "kms:CreateGrant",
          "kms:DisableKey",
          "kms:PutKeyPolicy",
          "kms:RetireGrant",
          "kms:RevokeGrant",
          "kms:ScheduleKeyDeletion",
        ],
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": breakGlass } },
      });
      assert.deepStrictEqual(statement(doc, "DeploymentUpdatesKeyPolicy").Condition, {
        ArnEquals: { "aws:PrincipalArn": deploy },
      });
      assert.deepStrictEqual(statement(doc, "DenyKeyDestructionExceptBreakGlass"), {
        Sid: "DenyKeyDestructionExceptBreakGlass",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: [
          "kms:CreateGrant",
          "kms:DisableKey",
          "kms:RetireGrant",
          "kms:RevokeGrant",
          "kms:ScheduleKeyDeletion",
        ],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlass } },
      });
      assert.deepStrictEqual(statement(doc, "DenyKeyPolicyChangesExceptBreakGlassAndDeployment"), {
        Sid: "DenyKeyPolicyChangesExceptBreakGlassAndDeployment",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["kms:PutKeyPolicy"],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [breakGlass, deploy] } },
      });
    });

    it("CloudTrail may encrypt with the archive key only for the organization trail", () => {
      assert.deepStrictEqual(
        statement(archiveKeyPolicy(), "CloudTrailEncryptOrganizationTrail").Condition,
        {
          StringEquals: { "aws:SourceArn": PROD.trailArn },
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${PROD.management}:trail/*`,
          },
        },
      );
    });

    it("flow-log delivery is scoped to the organization; readers decrypt only through S3", () => {
      const doc = archiveKeyPolicy();
      assert.deepStrictEqual(statement(doc, "FlowLogDeliveryFromOrganization").Condition, {
        StringEquals: { "aws:SourceOrgID": PROD.org },
      });
      assert.deepStrictEqual(statement(doc, "AnalyticsReadersDecryptThroughS3"), {
        Sid: "AnalyticsReadersDecryptThroughS3",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${PROD.audit}:root` },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: {
          ArnLike: {
            "aws:PrincipalArn": [
              `arn:aws:iam::${PROD.audit}:role/log-analytics-*`,
              `arn:aws:iam::${PROD.audit}:role/security-investigator`,
            ],
          },
          StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
        },
      });
    });

    it("CloudWatch Logs may use the log key only for the platform's log groups", () => {
      assert.deepStrictEqual(
        statement(logKeyPolicy(prod, "acme-logs-prod"), "CloudWatchLogsPlatformLogGroups")
          .Condition,
        {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${PROD.management}:log-group:/acme-logs/prod/*`,
          },
          StringEqualsIfExists: { "aws:SourceAccount": PROD.management },
        },
      );
    });

    it("the CloudTrail Lake grant exists only where the event data store does", () => {
      const sids = (doc: PolicyDocument) => doc.Statement.map((s) => s.Sid);
      assert.ok(
        sids(logKeyPolicy(prod, "acme-logs-prod")).includes("CloudTrailLakeEventDataStores"),
      );
      assert.ok(
        !sids(logKeyPolicy(dev, "acme-logs-dev")).includes("CloudTrailLakeEventDataStores"),
      );
    });
  });

  describe("CIS alarms", () => {
    for (const [label, stack] of [
      ["dev", () => dev],
      ["prod", () => prod],
    ] as const) {
      it(`${label}: one metric filter and one alarm per CIS pattern, each alarm notifying the topic`, () => {
        const plan = stack();
        const topic = only(plan, TYPES.topic);
        const filters = ofType(plan, TYPES.metricFilter);
        const alarms = ofType(plan, TYPES.alarm);
        assert.deepStrictEqual(
          filters.map((f) => f.inputs["pattern"]),
          CIS_CONTROLS.map((c) => c.pattern),
        );
        const logGroup = only(plan, TYPES.logGroup);
        for (const [i, control] of CIS_CONTROLS.entries()) {
          const metric = `CIS-${control.id}-${control.metric}`;
          assert.strictEqual(filters[i].inputs["logGroupName"], logGroup.inputs["name"]);
          assert.deepStrictEqual(filters[i].inputs["metricTransformation"], {
            name: metric,
            namespace: `acme-logs-${label}/CISBenchmark`,
            value: "1",
            unit: "Count",
          });
          const alarm = alarms[i];
          assert.strictEqual(alarm.inputs["metricName"], metric);
          assert.strictEqual(alarm.inputs["namespace"], `acme-logs-${label}/CISBenchmark`);
          assert.strictEqual(alarm.inputs["threshold"], 1);
          assert.strictEqual(alarm.inputs["comparisonOperator"], "GreaterThanOrEqualToThreshold");
          assert.deepStrictEqual(alarm.inputs["alarmActions"], [topic.outputs["arn"]]);
        }
      });
    }

    it("the topic is KMS-encrypted, TLS-only and open to the core accounts' alarms only", () => {
      const topic = only(prod, TYPES.topic);
      const logKey = oneWhere(
        prod,
        TYPES.key,
        "description",
        "Log groups, alarm topic and CloudTrail Lake of acme-logs-prod",
      );
      assert.strictEqual(topic.inputs["kmsMasterKeyId"], logKey.outputs["arn"]);
      const doc = policyOf(only(prod, TYPES.topicPolicy));
      assert.deepStrictEqual(statement(doc, "DenyInsecureTransport").Condition, {
        Bool: { "aws:SecureTransport": "false" },
      });
      const core = [PROD.management, PROD.logArchive, PROD.audit];
      const alarmSources = {
        StringEquals: { "aws:SourceAccount": core },
        ArnLike: { "aws:SourceArn": core.map((a) => `arn:aws:cloudwatch:eu-west-1:${a}:alarm:*`) },
      };
      assert.deepStrictEqual(statement(doc, "CloudWatchAlarmsPublish").Condition, alarmSources);
      assert.deepStrictEqual(
        statement(policyOf(logKey), "CloudWatchAlarmsPublishEncrypted").Condition,
        alarmSources,
      );
      assert.deepStrictEqual(
        ofType(prod, TYPES.subscription).map((s) => [s.inputs["protocol"], s.inputs["endpoint"]]),
        [
          ["email", "security-operations@example.com"],
          ["email", "platform-oncall@example.com"],
        ],
      );
    });
  });

  describe("CloudTrail Lake", () => {
    it("prod: organization-wide, multi-region, 7-year fixed pricing, termination-protected, KMS", () => {
      const store = only(prod, TYPES.eventDataStore);
      const logKey = oneWhere(
        prod,
        TYPES.key,
        "description",
        "Log groups, alarm topic and CloudTrail Lake of acme-logs-prod",
      );
      assert.strictEqual(store.inputs["organizationEnabled"], true);
      assert.strictEqual(store.inputs["multiRegionEnabled"], true);
      assert.strictEqual(store.inputs["retentionPeriod"], 2557);
      assert.strictEqual(store.inputs["billingMode"], "FIXED_RETENTION_PRICING");
      assert.strictEqual(store.inputs["terminationProtectionEnabled"], true);
      assert.strictEqual(store.inputs["kmsKeyId"], logKey.outputs["arn"]);
    });

    it("dev: no event data store", () => {
      assert.deepStrictEqual(ofType(dev, TYPES.eventDataStore), []);
    });
  });

  describe("protection", () => {
    const protectedOf = (plan: PlanResource[]) =>
      plan.filter((r) => r.protect).map((r) => [r.type, r.retainOnDelete]);

    it("prod protects and retains the archive bucket, both keys, the trail and the event data store", () => {
      assert.deepStrictEqual(
        protectedOf(prod).sort(),
        [
          [TYPES.bucket, true],
          [TYPES.eventDataStore, true],
          [TYPES.key, true],
          [TYPES.key, true],
          [TYPES.trail, true],
        ].sort(),
      );
      assert.strictEqual(oneWhere(prod, TYPES.bucket, "bucket", PROD.archive).protect, true);
    });

    it("dev protects nothing, so the environment can be torn down", () => {
      assert.deepStrictEqual(protectedOf(dev), []);
    });
  });

  describe("regional service-log buckets", () => {
    it("prod has access-log, ELB and Redshift buckets in every governed region, all SSE-S3", () => {
      const regional = ofType(prod, TYPES.bucket)
        .map((b) => b.inputs["bucket"] as string)
        .filter((n) => n !== PROD.archive)
        .sort();
      const expected = ["eu-west-1", "eu-central-1", "us-east-1"].flatMap((r) =>
        ["s3-access", "elb", "redshift"].map((k) => `acme-logs-prod-${k}-${PROD.logArchive}-${r}`),
      );
      assert.deepStrictEqual(regional, expected.sort());
      for (const name of regional) {
        assert.deepStrictEqual(attachedTo(prod, TYPES.encryption, name)[0].inputs["rules"], [
          { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
      }
    });

    it("ELB delivery: service principal for the organization plus the regional ELB account, no member named", () => {
      const name = `acme-logs-prod-elb-${PROD.logArchive}-eu-west-1`;
      const doc = policyOf(attachedTo(prod, TYPES.bucketPolicy, name)[0]);
      assert.deepStrictEqual(statement(doc, "ElbLogDeliveryService"), {
        Sid: "ElbLogDeliveryService",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${name}/AWSLogs/*`,
        Condition: { StringEquals: { "aws:SourceOrgID": PROD.org } },
      });
      assert.deepStrictEqual(statement(doc, "ElbLogDeliveryRegionalAccount").Principal, {
        AWS: "arn:aws:iam::156460612806:root",
      });
    });

    it("Redshift delivery is scoped to this organization's clusters in the bucket's region", () => {
      const name = `acme-logs-prod-redshift-${PROD.logArchive}-eu-central-1`;
      const doc = policyOf(attachedTo(prod, TYPES.bucketPolicy, name)[0]);
      assert.deepStrictEqual(statement(doc, "RedshiftAuditWrite").Condition, {
        StringEquals: { "aws:SourceOrgID": PROD.org },
        ArnLike: { "aws:SourceArn": "arn:aws:redshift:eu-central-1:*:cluster:*" },
      });
    });

    it("access-log buckets accept S3 log delivery only from the platform's own buckets, under s3-access/", () => {
      const name = `acme-logs-dev-s3-access-${DEV.logArchive}-eu-west-1`;
      const doc = policyOf(attachedTo(dev, TYPES.bucketPolicy, name)[0]);
      assert.deepStrictEqual(statement(doc, "S3ServerAccessLogDelivery"), {
        Sid: "S3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${name}/s3-access/*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": DEV.logArchive },
          ArnLike: { "aws:SourceArn": "arn:aws:s3:::acme-logs-dev-*" },
        },
      });
    });
  });
});
