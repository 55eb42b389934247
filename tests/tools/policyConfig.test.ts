import * as assert from "assert";
import { policies } from "../../policies/rules";
import { validate } from "../../tools/policy/jsonSchema";
import { parsePolicyPackConfig, reconcileConfig } from "../../tools/policy/packConfig";

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

  it("fills every schema default and validates overrides against the schema", () => {
    const settings = reconcileConfig(policies, "advisory", {});
    assert.deepStrictEqual(settings.get("log-group-retention"), {
      enforcementLevel: "mandatory",
      properties: { minRetentionDays: 365, allowNeverExpire: false },
    });
    assert.throws(
      () =>
        reconcileConfig(policies, "advisory", {
          "log-group-retention": { properties: { minRetentionDays: 0, retention: 1 } },
        }),
      (e: Error) =>
        e.name === "PolicyConfigError" &&
        e.message.includes(
          'log-group-retention: unknown property "retention" (it takes minRetentionDays, allowNeverExpire)',
        ) &&
        e.message.includes("log-group-retention: minRetentionDays: 0 is below the minimum 1"),
    );
  });

  it("every policy's defaults satisfy its own schema, and no schema uses enforcementLevel", () => {
    for (const p of policies) {
      assert.ok(!("enforcementLevel" in (p.configSchema?.properties ?? {})), p.name);
    }
    assert.doesNotThrow(() => reconcileConfig(policies, "advisory", {}));
  });
});

describe("JSON schema subset", () => {
  it("checks types, enums, bounds, items and uniqueness", () => {
    const schema = {
      type: "array" as const,
      items: { type: "string" as const, enum: ["a", "b"] },
      uniqueItems: true,
      minItems: 1,
    };
    assert.deepStrictEqual(validate(schema, ["a", "b"]), []);
    assert.deepStrictEqual(validate(schema, ["a", "a", "c"]), [
      "value: items must be unique",
      '[2]: "c" is not one of "a", "b"',
    ]);
    assert.deepStrictEqual(validate({ type: "integer", maximum: 3 }, 2.5), [
      "value: expected integer, got 2.5",
    ]);
    assert.deepStrictEqual(validate({ type: "integer", maximum: 3 }, 4), [
      "value: 4 is above the maximum 3",
    ]);
  });

  it("refuses keywords it does not implement instead of ignoring them", () => {
    assert.throws(
      () => validate({ type: "string", format: "uri" }, "x"),
      /schema keyword "format" at root is not supported/,
    );
  });
});
