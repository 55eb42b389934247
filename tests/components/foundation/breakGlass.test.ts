import * as assert from "assert";
import {
  breakGlassPolicy,
  breakGlassTrustPolicy,
  breakGlassUsePattern,
} from "../../../components/foundation/breakGlassPolicies";
import { archiveBucketPolicy } from "../../../components/core";
import { parsePlatformConfig } from "../../../components/config";
import { validRawConfig } from "../config/fixtures";
import { PlanResource } from "../../../tools/offline/plan";
import { targetOf } from "../integrations/memberPlanHelpers";
import { TYPES, oneWhere, platformPlan, policyOf, securityTopic, statement } from "../plan";
import { matchesFilterPattern } from "./filterPattern";

const LOG_ARCHIVE = "234567890123";
const MANAGEMENT = "123456789012";
const ROLE_ARN = `arn:aws:iam::${LOG_ARCHIVE}:role/LogArchiveBreakGlass`;
const ARCHIVE = "arn:aws:s3:::acme-logs-prod-archive-234567890123";

const accountOf = (plan: readonly PlanResource[], r: PlanResource): string =>
  targetOf(plan, r).accountId;

describe("break-glass role (pure builders)", () => {
  it("trusts only the named principals, with MFA younger than the one-hour session", () => {
    assert.deepStrictEqual(breakGlassTrustPolicy(["arn:aws:iam::111111111111:user/alice"]), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "NamedRespondersWithMfa",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:user/alice" },
          Action: "sts:AssumeRole",
          Condition: {
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
          },
        },
      ],
    });
    assert.throws(
      () => breakGlassTrustPolicy([]),
      /^Error: breakGlassPrincipalArns: must name at least one principal$/,
    );
  });

  it("may do exactly what the archive bucket policy denies everyone else, on the archive only", () => {
    const doc = breakGlassPolicy({
      partition: "aws",
      archiveBucketName: "b",
      archiveKeyArn: "arn:aws:kms:eu-west-1:1:key/k",
    });
    const bucketPolicy = archiveBucketPolicy({
      partition: "aws",
      bucketName: "b",
      organizationId: "o-abcdefghij",
      managementAccountId: MANAGEMENT,
      trailArn: "arn:aws:cloudtrail:eu-west-1:1:trail/t",
      bucketAccountId: LOG_ARCHIVE,
      deployRoleName: "PlatformDeploy",
      breakGlassRoleName: "LogArchiveBreakGlass",
      readerAccountId: "345678901234",
      readerRoleNames: ["r"],
    });
    const denied = (sid: string) => statement(bucketPolicy, sid);
    assert.deepStrictEqual(statement(doc, "ArchiveLogDestruction").Action, [
      ...(denied("DenyLogDestructionExceptBreakGlass").Action as string[]),
    ]);
    assert.strictEqual(statement(doc, "ArchiveLogDestruction").Resource, "arn:aws:s3:::b/*");
    assert.deepStrictEqual(
      statement(doc, "ArchiveGuardrailChanges").Action,
      denied("DenyGuardrailChangesExceptBreakGlassAndDeployment").Action,
    );
    assert.strictEqual(statement(doc, "ArchiveGuardrailChanges").Resource, "arn:aws:s3:::b");
    assert.deepStrictEqual(statement(doc, "ArchiveKeyEmergencyChanges"), {
      Sid: "ArchiveKeyEmergencyChanges",
      Effect: "Allow",
      Action: [
        "kms:CancelKeyDeletion",
        "kms:DescribeKey",
        "kms:DisableKey",
        "kms:EnableKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion",
      ],
      Resource: "arn:aws:kms:eu-west-1:1:key/k",
    });
    for (const s of doc.Statement) {
      for (const r of [s.Resource ?? []].flat()) {
        assert.ok(
          r.startsWith("arn:aws:s3:::b") || r === "arn:aws:kms:eu-west-1:1:key/k",
          `${s.Sid} reaches beyond the archive: ${r}`,
        );
      }
    }
  });

  describe("the use pattern over organization trail records", () => {
    const pattern = breakGlassUsePattern(ROLE_ARN);
    const assume = (roleArn: string, eventSource = "sts.amazonaws.com") => ({
      eventSource,
      eventName: "AssumeRole",
      userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${LOG_ARCHIVE}:user/alice` },
      requestParameters: { roleArn, roleSessionName: "alice" },
    });
    const callAs = (issuer: string) => ({
      eventSource: "s3.amazonaws.com",
      eventName: "PutBucketPolicy",
      userIdentity: {
        type: "AssumedRole",
        sessionContext: { sessionIssuer: { type: "Role", arn: issuer } },
      },
    });

    it("catches the AssumeRole of the break-glass role and every call made with it", () => {
      assert.ok(matchesFilterPattern(pattern, assume(ROLE_ARN)));
      assert.ok(matchesFilterPattern(pattern, callAs(ROLE_ARN)));
    });

    it("ignores other roles' sessions and assumptions", () => {
      const other = `arn:aws:iam::${LOG_ARCHIVE}:role/PlatformDeploy`;
      assert.ok(!matchesFilterPattern(pattern, assume(other)));
      assert.ok(!matchesFilterPattern(pattern, callAs(other)));
      assert.ok(!matchesFilterPattern(pattern, assume(ROLE_ARN, "iam.amazonaws.com")));
    });
  });
});

describe("break-glass role (synthesized prod stack)", () => {
  let prod: PlanResource[];
  before(async () => {
    prod = await platformPlan("prod");
  });

  it("is created in the log-archive account with exactly the ARN the archive bucket policy names", () => {
    const role = oneWhere(prod, TYPES.role, "name", "LogArchiveBreakGlass");
    assert.strictEqual(accountOf(prod, role), LOG_ARCHIVE);
    assert.strictEqual(role.outputs["arn"], ROLE_ARN);
    assert.strictEqual(role.inputs["maxSessionDuration"], 3600);
    const archivePolicy = policyOf(
      prod.find(
        (r) =>
          r.type === TYPES.bucketPolicy &&
          r.inputs["bucket"] === "acme-logs-prod-archive-234567890123",
      )!,
    );
    assert.deepStrictEqual(
      statement(archivePolicy, "DenyLogDestructionExceptBreakGlass").Condition,
      { ArnNotLike: { "aws:PrincipalArn": ROLE_ARN } },
    );
  });

  it("trusts the configured principals only, with MFA", () => {
    const trust = policyOf(
      oneWhere(prod, TYPES.role, "name", "LogArchiveBreakGlass"),
      "assumeRolePolicy",
    );
    assert.deepStrictEqual(trust.Statement, [
      {
        Sid: "NamedRespondersWithMfa",
        Effect: "Allow",
        Principal: {
          AWS: [
            `arn:aws:iam::${LOG_ARCHIVE}:user/breakglass-security-lead`,
            `arn:aws:iam::${LOG_ARCHIVE}:user/breakglass-platform-lead`,
          ],
        },
        Action: "sts:AssumeRole",
        Condition: {
          Bool: { "aws:MultiFactorAuthPresent": "true" },
          NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        },
      },
    ]);
  });

  it("its permissions name the archive bucket and the archive key", () => {
    const policy = oneWhere(prod, TYPES.rolePolicy, "name", "archive-emergency-changes");
    const doc = policyOf(policy);
    const archiveKey = oneWhere(
      prod,
      TYPES.key,
      "description",
      "Central log archive (acme-logs-prod): organization trail and log delivery",
    );
    assert.strictEqual(statement(doc, "ArchiveLogDestruction").Resource, `${ARCHIVE}/*`);
    assert.strictEqual(
      statement(doc, "ArchiveKeyEmergencyChanges").Resource,
      archiveKey.outputs["arn"],
    );
  });

  it("its use is counted on the organization trail's log group and alarms the security topic", () => {
    const filter = oneWhere(prod, TYPES.metricFilter, "name", "BreakGlassRoleUse");
    assert.strictEqual(accountOf(prod, filter), MANAGEMENT);
    assert.strictEqual(filter.inputs["logGroupName"], "/acme-logs/prod/cloudtrail/organization");
    assert.strictEqual(filter.inputs["pattern"], breakGlassUsePattern(ROLE_ARN));
    assert.deepStrictEqual(filter.inputs["metricTransformation"], {
      name: "BreakGlassRoleUse",
      namespace: "acme-logs-prod/Security",
      value: "1",
      unit: "Count",
    });
    const alarm = oneWhere(prod, TYPES.alarm, "name", "acme-logs-prod-break-glass-used");
    const topic = securityTopic(prod);
    assert.deepStrictEqual(
      {
        metric: [alarm.inputs["namespace"], alarm.inputs["metricName"]],
        statistic: alarm.inputs["statistic"],
        threshold: alarm.inputs["threshold"],
        comparison: alarm.inputs["comparisonOperator"],
        missing: alarm.inputs["treatMissingData"],
        actions: alarm.inputs["alarmActions"],
      },
      {
        metric: ["acme-logs-prod/Security", "BreakGlassRoleUse"],
        statistic: "Sum",
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        missing: "notBreaching",
        actions: [topic.outputs["arn"]],
      },
    );
    assert.ok(alarm.dependencies.includes(filter.urn), "the alarm waits for its filter");
  });
});

describe("accounts.logArchive break-glass config", () => {
  it("requires principals, refuses the role itself as one, and defaults the freshness hours", () => {
    const raw = validRawConfig();
    const c = parsePlatformConfig(raw);
    assert.strictEqual(c.accounts.logArchive.archiveFreshnessHours, 6);
    raw.accounts.logArchive.breakGlassPrincipalArns = [
      "arn:aws:iam::222222222222:role/LogArchiveBreakGlass",
    ];
    (raw.accounts.logArchive as Record<string, unknown>)["archiveFreshnessHours"] = 200;
    assert.throws(
      () => parsePlatformConfig(raw),
      (e: { problems: string[] }) => {
        assert.deepStrictEqual(e.problems, [
          "logging-platform:accounts.logArchive.archiveFreshnessHours: 200 is outside 1..168 hours",
        ]);
        return true;
      },
    );
    (raw.accounts.logArchive as Record<string, unknown>)["archiveFreshnessHours"] = 12;
    assert.throws(
      () => parsePlatformConfig(raw),
      (e: { problems: string[] }) => {
        assert.deepStrictEqual(e.problems, [
          'logging-platform:accounts.logArchive.breakGlassPrincipalArns[0]: "arn:aws:iam::222222222222:role/LogArchiveBreakGlass" is the break-glass role itself; name the people or roles who may assume it',
        ]);
        return true;
      },
    );
  });
});
