import * as assert from "assert";
import { policies } from "../../policies/rules";
import { PackInfo } from "../../tools/policy/packInfo";
import { parsePolicyPackConfig, reconcileConfig } from "../../tools/policy/packConfig";
import { packGate } from "../policies/packGate";

/** A pack with one policy whose schema is `properties` (what GetAnalyzerInfo would report). */
function packWith(properties: Record<string, Record<string, unknown>>, required: string[] = []) {
  const pack: PackInfo = {
    name: "p",
    version: "1.0.0",
    supportsConfig: true,
    policies: [
      {
        name: "probe",
        description: "Probes.",
        enforcementLevel: "mandatory",
        kind: "resource",
        tags: [],
        configSchema: { properties, required },
      },
    ],
    initialConfig: {},
  };
  return pack;
}

const configError =
  (...parts: string[]) =>
  (e: Error) =>
    e.name === "PolicyConfigError" && parts.every((p) => e.message.includes(p));

describe("policy pack config (--config, same format as --policy-pack-config)", () => {
  it("reads level strings, objects with properties, and all", () => {
    assert.deepStrictEqual(
      parsePolicyPackConfig(
        JSON.stringify({
          all: "advisory",
          "kms-rotation": { enforcementLevel: "mandatory", maxRotationPeriodDays: 180 },
        }),
        "c.json",
      ),
      {
        all: { enforcementLevel: "advisory", properties: {} },
        "kms-rotation": {
          enforcementLevel: "mandatory",
          properties: { maxRotationPeriodDays: 180 },
        },
      },
    );
    assert.deepStrictEqual(parsePolicyPackConfig("  ", "c.json"), {});
  });

  it("names the key and the bad value", () => {
    assert.throws(
      () => parsePolicyPackConfig('{"kms-rotation": "strict"}', "c.json"),
      /c.json: "kms-rotation" enforcement level "strict" is not one of advisory, mandatory, remediate, disabled/,
    );
    assert.throws(
      () => parsePolicyPackConfig('{"kms-rotation": 3}', "c.json"),
      /"kms-rotation" is 3; expected an enforcement level string or an object/,
    );
    assert.throws(
      () => parsePolicyPackConfig("[1]", "c.json"),
      /must hold a JSON object keyed by policy name/,
    );
    assert.throws(() => parsePolicyPackConfig("{", "c.json"), /c.json is not valid JSON/);
  });
});

describe("policy config reconciled against the schemas the pack reports over gRPC", function () {
  this.timeout(180_000);
  let pack: PackInfo;

  before(async () => {
    pack = (await packGate()).pack;
  });

  it("GetAnalyzerInfo describes every policy of the pack, in its order, with its schema", () => {
    assert.strictEqual(pack.name, "aws-logging-guardrails");
    assert.deepStrictEqual(
      pack.policies.map((p) => [p.name, p.enforcementLevel, p.severity]),
      policies.map((p) => [p.name, p.enforcementLevel, p.severity]),
    );
    const retention = pack.policies.find((p) => p.name === "log-group-retention");
    // A protobuf Struct keeps no key order: properties arrive sorted, as the engine sees them.
    assert.deepStrictEqual(Object.keys(retention?.configSchema?.properties ?? {}), [
      "allowNeverExpire",
      "minRetentionDays",
    ]);
  });

  it("fills every schema default and validates overrides against the schema", () => {
    const settings = reconcileConfig(pack, {});
    assert.deepStrictEqual(settings.get("log-group-retention"), {
      enforcementLevel: "mandatory",
      properties: { minRetentionDays: 365, allowNeverExpire: false },
    });
    assert.throws(
      () =>
        reconcileConfig(pack, {
          "log-group-retention": { properties: { minRetentionDays: 0, retention: 1 } },
        }),
      configError(
        'log-group-retention: unknown property "retention" (it takes allowNeverExpire, minRetentionDays)',
        "log-group-retention: minRetentionDays: 0 must be >= 1",
      ),
    );
  });

  it("applies all, then each policy's entry, and rejects properties under all", () => {
    const settings = reconcileConfig(pack, {
      all: { enforcementLevel: "disabled", properties: {} },
      "kms-rotation": { enforcementLevel: "advisory", properties: {} },
    });
    assert.strictEqual(settings.get("s3-versioning")?.enforcementLevel, "disabled");
    assert.strictEqual(settings.get("kms-rotation")?.enforcementLevel, "advisory");
    assert.throws(
      () => reconcileConfig(pack, { all: { properties: { minRetentionDays: 1 } } }),
      configError('"all" takes only an enforcementLevel, not minRetentionDays'),
    );
  });

  it("every policy's defaults satisfy its own schema, and no schema uses enforcementLevel", () => {
    for (const p of pack.policies) {
      assert.ok(!("enforcementLevel" in (p.configSchema?.properties ?? {})), p.name);
    }
    assert.doesNotThrow(() => reconcileConfig(pack, {}));
  });
});

describe("config validation is full JSON Schema (draft-07, as the engine's gojsonschema)", () => {
  it("checks nested items, enums, uniqueness and patterns, naming the path and the value", () => {
    const pack = packWith({
      tiers: {
        type: "array",
        uniqueItems: true,
        items: {
          type: "object",
          properties: { storageClass: { enum: ["GLACIER", "DEEP_ARCHIVE"] } },
          required: ["storageClass"],
        },
      },
      prefix: { type: "string", pattern: "^[a-z]+/$" },
    });
    assert.throws(
      () =>
        reconcileConfig(pack, {
          probe: { properties: { tiers: [{ storageClass: "IA" }, {}], prefix: "Logs" } },
        }),
      configError(
        'probe: tiers[0].storageClass: "IA" must be equal to one of the allowed values',
        "probe: tiers[1].storageClass: is required",
        'probe: prefix: "Logs" must match pattern "^[a-z]+/$"',
      ),
    );
  });

  it("supports keywords a hand-written subset lacked: format, oneOf, not", () => {
    const pack = packWith({
      url: { type: "string", format: "uri" },
      days: { oneOf: [{ type: "integer", minimum: 1 }, { const: "forever" }] },
      name: { type: "string", not: { const: "root" } },
    });
    assert.doesNotThrow(() =>
      reconcileConfig(pack, { probe: { properties: { days: "forever", name: "ops" } } }),
    );
    assert.throws(
      () =>
        reconcileConfig(pack, {
          probe: { properties: { url: "not a uri", days: 0, name: "root" } },
        }),
      configError(
        'probe: url: "not a uri" must match format "uri"',
        "probe: days: 0 must match exactly one schema in oneOf",
        'probe: name: "root" must NOT be valid',
      ),
    );
  });

  it("enforces required properties and refuses config for a policy the pack lacks", () => {
    const pack = packWith({ bucket: { type: "string" } }, ["bucket"]);
    assert.throws(() => reconcileConfig(pack, {}), configError("probe: bucket: is required"));
    assert.throws(
      () => reconcileConfig(pack, { "no-such-policy": { properties: {} } }),
      configError('"no-such-policy" is not a policy of this pack'),
    );
  });
});
