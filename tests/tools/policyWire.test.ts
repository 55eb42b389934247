import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { PlanResource } from "../../tools/offline/plan";
import { levelFromProto, levelToProto } from "../../tools/policy/packInfo";
import { PlanWire, WireError, wirePlan, wireValue } from "../../tools/policy/wire";
import { res } from "../policies/harness";

const SIG = "4dabf18193072939515e22adb298388d";
const ASSET = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";

describe("the plan in the engine's wire form (pure)", () => {
  it("drops undefined members, nulls undefined items and skips internal __ keys", async () => {
    assert.deepStrictEqual(
      await wireValue(
        { a: undefined, b: [1, undefined, "x"], __defaults: ["b"], c: { d: null } },
        "",
      ),
      { b: [1, null, "x"], c: { d: null } },
    );
  });

  it("gives assets and archives their signature and keeps what they point at", async () => {
    const wired = await wireValue(
      {
        code: new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.StringAsset("exports.handler = 1;"),
          lib: new pulumi.asset.FileArchive("./lib"),
        }),
        doc: new pulumi.asset.FileAsset("policy.json"),
      },
      "",
    );
    assert.deepStrictEqual(wired, {
      code: {
        [SIG]: ARCHIVE,
        assets: {
          "index.js": { [SIG]: ASSET, text: "exports.handler = 1;" },
          lib: { [SIG]: ARCHIVE, path: "./lib" },
        },
      },
      doc: { [SIG]: ASSET, path: "policy.json" },
    });
  });

  it("refuses what no provider would receive, naming where it is", async () => {
    await assert.rejects(
      wireValue({ rules: [{ days: NaN }] }, ""),
      (e: Error) =>
        e instanceof WireError && e.message === "rules[0].days: NaN is not a finite number",
    );
    await assert.rejects(
      wireValue({ tags: { owner: () => "me" } }, ""),
      (e: Error) =>
        e instanceof WireError &&
        e.message === "tags.owner: a function is not a value the engine sends to an analyzer",
    );
    await assert.rejects(
      wireValue({ when: new Date(0) }, ""),
      /when: a Date is not a value the engine sends to an analyzer/,
    );
  });

  it("Analyze gets a resource's inputs, its options and its explicit provider", async () => {
    const provider = res("pulumi:providers:aws", "member", { region: "eu-west-1" });
    const parent = res("logging:test:Holder", "h");
    const bucket: PlanResource = {
      ...res("aws:s3/bucket:Bucket", "b", { bucket: "in" }, { parent, outputs: { arn: "a" } }),
      provider: provider.urn,
      protect: true,
    };
    const req = await new PlanWire([provider, parent, bucket]).analyzeRequest(bucket);
    assert.strictEqual(req.getType(), "aws:s3/bucket:Bucket");
    assert.strictEqual(req.getUrn(), bucket.urn);
    assert.deepStrictEqual(req.getProperties()?.toJavaScript(), { bucket: "in" });
    assert.strictEqual(req.getOptions()?.getProtect(), true);
    assert.strictEqual(req.getOptions()?.getParent(), parent.urn);
    assert.strictEqual(req.getProvider()?.getUrn(), provider.urn);
    assert.deepStrictEqual(req.getProvider()?.getProperties()?.toJavaScript(), {
      region: "eu-west-1",
    });
  });

  it("AnalyzeStack gets outputs and leaves out properties that depend on nothing", async () => {
    const key = res("aws:kms/key:Key", "k", {}, { outputs: { arn: "arn:k" } });
    const bucket = res("aws:s3/bucket:Bucket", "b", { bucket: "n" }, { deps: { kmsKey: [key] } });
    bucket.propertyDependencies["bucket"] = [];
    const req = await new PlanWire([key, bucket]).analyzeStackRequest();
    const [k, b] = req.getResourcesList();
    assert.deepStrictEqual(k.getProperties()?.toJavaScript(), { arn: "arn:k" });
    assert.deepStrictEqual(b.getDependenciesList(), [key.urn]);
    const deps = b.getPropertydependenciesMap();
    assert.deepStrictEqual(deps.get("kmsKey")?.getUrnsList(), [key.urn]);
    assert.strictEqual(deps.has("bucket"), false);
  });

  it("names a resource whose provider is not in the plan", async () => {
    const orphan: PlanResource = { ...res("aws:s3/bucket:Bucket", "b"), provider: "urn:x" };
    await assert.rejects(
      new PlanWire([orphan]).analyzeRequest(orphan),
      (e: Error) =>
        e instanceof WireError && e.message.endsWith("its provider urn:x is not in the plan"),
    );
  });

  it("a plan in wire form survives JSON, so a worker can send it to the gate", async () => {
    const plan = [
      res("aws:lambda/function:Function", "f", {
        code: new pulumi.asset.AssetArchive({ "a.js": new pulumi.asset.StringAsset("x") }),
        timeout: undefined,
      }),
    ];
    const wired = await wirePlan(plan);
    const copied = JSON.parse(JSON.stringify(wired)) as PlanResource[];
    const direct = await new PlanWire(plan).analyzeRequest(plan[0]);
    const viaJson = await new PlanWire(copied).analyzeRequest(copied[0]);
    assert.deepStrictEqual(viaJson.toObject(), direct.toObject());
  });

  it("maps enforcement levels both ways and refuses unknown ones", () => {
    for (const level of ["advisory", "mandatory", "disabled", "remediate"] as const) {
      assert.strictEqual(levelFromProto(levelToProto(level)), level);
    }
    assert.strictEqual(levelToProto("mandatory"), analyzerproto.EnforcementLevel.MANDATORY);
    assert.throws(
      () => levelFromProto(42 as analyzerproto.EnforcementLevel),
      /unknown enforcement level 42/,
    );
  });
});
