import * as assert from "assert";
import { PolicyDocument, PolicyStatement } from "../../components/core/policyDocument";
import { PlanResource } from "../../tools/offline/plan";
import { TYPES, attachedTo, ofType, platformPlan, policyOf } from "./plan";

/**
 * The stacks checked against CONTROLS.md from the resources' side, so a component change that
 * would trip the policy pack fails here first, with the bucket or statement named.
 */
const SOURCE_KEYS = ["aws:SourceOrgID", "aws:SourceAccount", "aws:SourceArn"];
const ADMIN_WILDCARDS = ["*", "iam:*", "kms:*", "s3:*", "cloudtrail:*", "logs:*"];

function documentsOf(plan: readonly PlanResource[]): Array<[string, PolicyDocument]> {
  const docs: Array<[string, PolicyDocument]> = [];
  for (const r of plan) {
    for (const field of ["policy", "assumeRolePolicy"]) {
      if (typeof r.inputs[field] === "string" && r.type !== TYPES.provider) {
        docs.push([`${r.type} ${r.name}.${field}`, policyOf(r, field)]);
      }
    }
  }
  return docs;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function conditionKeys(s: PolicyStatement): string[] {
  return Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block));
}

for (const stack of ["dev", "prod"] as const) {
  describe(`${stack} stack against CONTROLS.md`, () => {
    let plan: PlanResource[];
    let buckets: string[];
    let accessLogTargets: Set<string>;

    before(async () => {
      plan = await platformPlan(stack);
      buckets = ofType(plan, TYPES.bucket).map((b) => b.inputs["bucket"] as string);
      accessLogTargets = new Set(
        ofType(plan, TYPES.logging).map((l) => l.inputs["targetBucket"] as string),
      );
    });

    it("every bucket blocks all four kinds of public access", () => {
      for (const b of buckets) {
        const [pab] = attachedTo(plan, TYPES.publicAccessBlock, b);
        assert.ok(pab, `${b} has no public access block`);
        for (const flag of [
          "blockPublicAcls",
          "blockPublicPolicy",
          "ignorePublicAcls",
          "restrictPublicBuckets",
        ]) {
          assert.strictEqual(pab.inputs[flag], true, `${b} ${flag}`);
        }
      }
    });

    it("every bucket has default encryption, versioning and a TLS-only policy", () => {
      for (const b of buckets) {
        assert.strictEqual(attachedTo(plan, TYPES.encryption, b).length, 1, `${b} encryption`);
        assert.deepStrictEqual(
          attachedTo(plan, TYPES.versioning, b)[0]?.inputs["versioningConfiguration"],
          { status: "Enabled" },
          `${b} versioning`,
        );
        const doc = policyOf(attachedTo(plan, TYPES.bucketPolicy, b)[0]);
        const tls = doc.Statement.find(
          (s) => s.Effect === "Deny" && s.Condition?.["Bool"]?.["aws:SecureTransport"] === "false",
        );
        assert.ok(tls, `${b} policy does not deny insecure transport`);
      }
    });

    it("every bucket except the access-log targets logs its access; targets have no Object Lock", () => {
      for (const b of buckets) {
        if (accessLogTargets.has(b)) {
          assert.strictEqual(
            attachedTo(plan, TYPES.objectLock, b).length,
            0,
            `${b} is a log target with Object Lock`,
          );
          assert.strictEqual(
            attachedTo(plan, TYPES.logging, b).length,
            0,
            `${b} logs into a log target`,
          );
        } else {
          assert.strictEqual(
            attachedTo(plan, TYPES.logging, b).length,
            1,
            `${b} has no access logging`,
          );
        }
      }
      assert.ok(accessLogTargets.size > 0);
    });

    it("every bucket's lifecycle archives, expires, expires noncurrent versions and aborts uploads", () => {
      for (const b of buckets) {
        const rules = attachedTo(plan, TYPES.lifecycle, b)[0]?.inputs["rules"] as Array<
          Record<string, unknown>
        >;
        assert.ok(rules, `${b} has no lifecycle`);
        for (const part of [
          "transitions",
          "expiration",
          "noncurrentVersionExpiration",
          "abortIncompleteMultipartUpload",
        ]) {
          assert.ok(
            rules.some((r) => r[part] !== undefined),
            `${b} lifecycle lacks ${part}`,
          );
        }
      }
    });

    it("KMS-encrypted buckets are exactly those not exempted for an SSE-S3-only service", () => {
      for (const b of ofType(plan, TYPES.bucket)) {
        const name = b.inputs["bucket"] as string;
        const sse = attachedTo(plan, TYPES.encryption, name)[0].inputs["rules"] as Array<{
          applyServerSideEncryptionByDefault: { sseAlgorithm: string };
        }>;
        const tags = b.inputs["tags"] as Record<string, string>;
        const kms = sse[0].applyServerSideEncryptionByDefault.sseAlgorithm === "aws:kms";
        assert.ok(tags["logging:role"], `${name} has no logging:role tag`);
        const waiver = tags["logging:exempt:s3-encryption"];
        assert.strictEqual(kms, waiver === undefined, `${name}: ${waiver}`);
      }
    });

    it("the central archive has Object Lock with a default retention", () => {
      const locks = ofType(plan, TYPES.objectLock);
      assert.strictEqual(locks.length, 1);
      assert.match(locks[0].inputs["bucket"] as string, /-archive-\d{12}$/);
    });

    it("log groups keep at least 365 days and are KMS-encrypted; keys rotate", () => {
      for (const g of ofType(plan, TYPES.logGroup)) {
        assert.ok((g.inputs["retentionInDays"] as number) >= 365, g.name);
        assert.ok(typeof g.inputs["kmsKeyId"] === "string", g.name);
      }
      for (const k of ofType(plan, TYPES.key))
        assert.strictEqual(k.inputs["enableKeyRotation"], true, k.name);
    });

    it("no policy statement allows an admin wildcard on every resource", () => {
      for (const [where, doc] of documentsOf(plan)) {
        for (const s of doc.Statement.filter((st) => st.Effect === "Allow")) {
          const everything = s.Resource === undefined || list(s.Resource).includes("*");
          const wildcard = list(s.Action).filter((a) => ADMIN_WILDCARDS.includes(a));
          assert.ok(
            !(everything && wildcard.length > 0),
            `${where} ${s.Sid} allows ${wildcard.join(", ")} on *`,
          );
        }
      }
    });

    it("every statement granting an AWS service carries a source condition", () => {
      let grants = 0;
      for (const [where, doc] of documentsOf(plan)) {
        for (const s of doc.Statement) {
          const principal = s.Principal;
          if (
            s.Effect !== "Allow" ||
            principal === undefined ||
            principal === "*" ||
            !principal.Service
          )
            continue;
          grants++;
          const keys = conditionKeys(s);
          assert.ok(
            keys.some((k) => SOURCE_KEYS.includes(k)),
            `${where} ${s.Sid} has no source condition`,
          );
        }
      }
      assert.ok(grants >= 10, `only ${grants} service grants found`);
    });

    it("the trail is multi-region with global events, validation, KMS and CloudWatch Logs", () => {
      for (const t of ofType(plan, TYPES.trail)) {
        assert.strictEqual(t.inputs["isMultiRegionTrail"], true);
        assert.strictEqual(t.inputs["includeGlobalServiceEvents"], true);
        assert.strictEqual(t.inputs["enableLogFileValidation"], true);
        assert.ok(t.inputs["kmsKeyId"]);
        assert.ok(t.inputs["cloudWatchLogsGroupArn"] && t.inputs["cloudWatchLogsRoleArn"]);
      }
    });
  });
}
