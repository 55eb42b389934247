import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policies/rules";
import { T, UNKNOWN_STRING, assertLines, configFor, res, run } from "./harness";

/** A policy that reports every bucket it sees, to observe what the gate hands policies. */
const probe: ResourceValidationPolicy = {
  name: "probe",
  description: "Reports what it sees.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { threshold: { type: "integer", default: 3 } } },
  validateResource: (args, report) => {
    if (!args.isType(aws.s3.Bucket)) args.notApplicable("not a bucket");
    const props = args.asType(aws.s3.Bucket);
    report(
      `${args.name} bucket=${String(props?.bucket)} threshold=${args.getConfig<{ threshold: number }>().threshold} parent=${args.opts.parent ?? "-"}`,
    );
  },
};

describe("the gate reproduces the CrossGuard analyzer", () => {
  it("passes inputs to resource policies and applies configSchema defaults", async () => {
    const d = await run(probe, [
      res(T.bucket, "b", { bucket: "in" }, { outputs: { bucket: "in" } }),
    ]);
    assertLines(d, ["mandatory b: b bucket=in threshold=3 parent=-"]);
  });

  it("applies --policy-pack-config properties and levels over the defaults", async () => {
    const d = await run(probe, [res(T.bucket, "b", { bucket: "x" })], {
      probe: { enforcementLevel: "advisory", properties: { threshold: 7 } },
    });
    assertLines(d, ["advisory b: b bucket=x threshold=7 parent=-"]);
  });

  it('applies "all" and lets a policy entry override it', async () => {
    const plan = [res(T.bucket, "b", { bucket: "x" })];
    assert.deepStrictEqual(
      await run(probe, plan, { all: { enforcementLevel: "disabled", properties: {} } }),
      [],
    );
    const d = await run(probe, plan, {
      all: { enforcementLevel: "disabled", properties: {} },
      probe: { enforcementLevel: "mandatory", properties: {} },
    });
    assert.strictEqual(d.length, 1);
  });

  it("treats remediate as mandatory", async () => {
    const d = await run(probe, [res(T.bucket, "b", {})], {
      probe: { enforcementLevel: "remediate", properties: {} },
    });
    assert.strictEqual(d[0].enforcementLevel, "mandatory");
  });

  it("records notApplicable instead of reporting", async () => {
    assert.deepStrictEqual(await run(probe, [res(T.key, "k", {})]), []);
  });

  it("turns an unknown value into an advisory 'can't run during preview' diagnostic", async () => {
    const d = await run(probe, [res(T.bucket, "b", { bucket: UNKNOWN_STRING })]);
    assert.deepStrictEqual(
      d.map((x) => [x.enforcementLevel, x.message]),
      [
        [
          "advisory",
          "can't run policy 'probe' from policy pack 'aws-logging-guardrails@v0.0.0-test' during preview: " +
            "string value at .bucket can't be known during preview",
        ],
      ],
    );
  });

  it("gives stack policies outputs, parents and property dependencies as resource objects", async () => {
    const seen: string[] = [];
    const stackProbe: StackValidationPolicy = {
      name: "stack-probe",
      description: "Sees the stack.",
      enforcementLevel: "advisory",
      validateStack: (args) => {
        for (const r of args.resources) {
          const deps = Object.entries(r.propertyDependencies)
            .map(([k, v]) => `${k}->${v.map((x) => x.name).join("+")}`)
            .join(",");
          seen.push(
            `${r.name} arn=${String(r.props["arn"])} parent=${r.parent?.name ?? "-"} ${deps}`,
          );
        }
      },
    };
    const bucket = res(T.bucket, "b", { bucket: "n" }, { outputs: { arn: "arn:aws:s3:::n" } });
    const logging = res(
      T.bucketLogging,
      "l",
      { bucket: "n" },
      { deps: { bucket: [bucket] }, parent: bucket },
    );
    await run(stackProbe, [bucket, logging]);
    assert.deepStrictEqual(seen, [
      "b arn=arn:aws:s3:::n parent=- ",
      "l arn=undefined parent=b bucket->b",
    ]);
  });

  it("runs resource policies only on their type (the __pulumiType fast path)", async () => {
    const kms = policies.find((p) => p.name === "kms-rotation")!;
    const d = await run(kms, [
      res(T.bucket, "b", {}),
      res(T.key, "k", { enableKeyRotation: false }),
    ]);
    assertLines(d, [
      'mandatory k: [KMS.4 | CIS 3.6 | CKV_AWS_7] aws.kms.Key "k" never rotates: set enableKeyRotation: true.',
    ]);
  });

  it("rejects config for a policy the pack does not have (exit code 2 in the CLI)", async () => {
    await assert.rejects(
      run(probe, [], configFor("no-such-policy", { x: 1 })),
      (e: Error) =>
        e.name === "PolicyConfigError" &&
        e.message.includes('"no-such-policy" is not a policy of this pack'),
    );
  });
});
