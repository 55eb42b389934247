import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { SecureBucket } from "../../../components/core/secureBucket";
import { denyInsecureTransport, policyDocument } from "../../../components/core/policyDocument";
import { PlanResource } from "../../../tools/offline/plan";
import { TYPES, ofType, only, recordResources } from "../plan";

describe("SecureBucket (constructed directly under mocks)", () => {
  let resources: PlanResource[];

  before(async () => {
    resources = await recordResources(() => {
      const provider = new aws.Provider("target", { region: "eu-west-1" });
      new SecureBucket("target-logs", {
        provider,
        bucketName: "example-target-logs",
        encryption: { kind: "s3" },
        policy: policyDocument([denyInsecureTransport("arn:aws:s3:::example-target-logs")]),
        lifecycle: {
          transitionDays: 30,
          storageClass: "STANDARD_IA",
          expirationDays: 90,
          noncurrentDays: 7,
        },
      });
    });
  });

  it("an access-log target gets no logging of its own and no Object Lock", () => {
    assert.deepStrictEqual(ofType(resources, TYPES.logging), []);
    assert.deepStrictEqual(ofType(resources, TYPES.objectLock), []);
    assert.strictEqual(only(resources, TYPES.bucket).inputs["objectLockEnabled"], false);
  });

  it("SSE-S3 is declared without a KMS key or bucket key", () => {
    assert.deepStrictEqual(only(resources, TYPES.encryption).inputs["rules"], [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
  });

  it("children are named from the component and parented to it, on the given provider", () => {
    const component = resources.find((r) => r.type === "logging:s3:SecureBucket")!;
    const provider = only(resources, TYPES.provider);
    const children = resources.filter((r) => r.parent === component.urn);
    assert.deepStrictEqual(
      children.map((c) => c.name),
      Array(children.length).fill("target-logs"),
    );
    for (const c of children) assert.strictEqual(c.provider, provider.urn, c.type);
    assert.strictEqual(children.length, 7);
  });

  it("the policy waits for the public access block and ownership controls", () => {
    const policy = only(resources, TYPES.bucketPolicy);
    assert.ok(policy.dependencies.includes(only(resources, TYPES.publicAccessBlock).urn));
    assert.ok(policy.dependencies.includes(only(resources, TYPES.ownership).urn));
    assert.strictEqual(policy.protect, false);
  });
});
