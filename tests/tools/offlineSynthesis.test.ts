import * as assert from "assert";
import * as path from "path";
import { PlanResource, resourcesOfType } from "../../tools/offline/plan";
import { formatInventory } from "../../tools/offline/inventory";
import { resolveStack } from "../../tools/offline/resolveStack";
import { StackConfigError, synthesize } from "../../tools/offline/synthesize";

const FIXTURE = path.join(__dirname, "..", "fixtures", "harness");

describe("offline synthesis harness", () => {
  let plan: PlanResource[];
  const one = (type: string): PlanResource => {
    const found = resourcesOfType(plan, type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
  };

  before(async () => {
    plan = await synthesize(FIXTURE, "test");
  });

  it("records every registration with its parent", () => {
    const holder = one("harness:test:Holder");
    assert.strictEqual(
      holder.parent,
      "urn:pulumi:test::harness-fixture::pulumi:pulumi:Stack::harness-fixture-test",
    );
    assert.strictEqual(one("aws:s3/bucket:Bucket").parent, holder.urn);
    assert.strictEqual(
      one("aws:s3/bucket:Bucket").urn,
      "urn:pulumi:test::harness-fixture::harness:test:Holder$aws:s3/bucket:Bucket::h-logs",
    );
  });

  it("records the explicit provider and resource options", () => {
    const provider = one("pulumi:providers:aws");
    const bucket = one("aws:s3/bucket:Bucket");
    assert.strictEqual(bucket.provider, provider.urn);
    assert.strictEqual(bucket.protect, true);
    assert.strictEqual(one("aws:s3/bucketLogging:BucketLogging").protect, false);
  });

  it("records which resource an input came from", () => {
    const logging = one("aws:s3/bucketLogging:BucketLogging");
    assert.deepStrictEqual(logging.propertyDependencies["bucket"], [
      one("aws:s3/bucket:Bucket").urn,
    ]);
    assert.strictEqual(logging.inputs["bucket"], one("aws:s3/bucket:Bucket").outputs["bucket"]);
  });

  it("answers invokes and derives ARNs from the provider's assumed account and region", () => {
    const topic = one("aws:sns/topic:Topic");
    assert.strictEqual(topic.inputs["name"], "222222222222-alerts");
    assert.strictEqual(
      topic.outputs["arn"],
      "arn:aws:sns:eu-west-1:222222222222:222222222222-alerts",
    );
  });

  it("is deterministic across runs in one process", async () => {
    const again = await synthesize(FIXTURE, "test");
    assert.deepStrictEqual(again, plan);
  });

  it("prints an inventory grouped by account and component", () => {
    assert.strictEqual(
      formatInventory(plan),
      [
        "account 222222222222 eu-west-1",
        "  harness:test:Holder h (3): Bucket×1, BucketLogging×1, Topic×1",
        "total: 3 resources, 1 providers, 6 registrations",
      ].join("\n"),
    );
  });

  it("names the missing file and the known stacks for an unknown stack", () => {
    assert.throws(
      () => resolveStack(`${FIXTURE}:staging`),
      (e: Error) =>
        e instanceof StackConfigError &&
        e.message.includes('unknown stack "staging"') &&
        e.message.includes("Pulumi.staging.yaml") &&
        e.message.includes("stacks here: test"),
    );
  });

  it("picks the only stack of a program directory", () => {
    assert.strictEqual(resolveStack(FIXTURE).stack, "test");
  });
});
