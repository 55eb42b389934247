import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AslState } from "../../components/analytics/emr/stateMachineDefinition";
import { PlanResource } from "../../tools/offline/plan";
import { PLATFORM_DIR } from "../../tools/offline/resolveStack";
import { TYPES, ofType, only, platformPlan, providerInput } from "./plan";

const PARSER = path.join(PLATFORM_DIR, "spark", "logparse", "sources", "s3access.py");

/**
 * The Spark s3access parser's globs, read from its source: `KEY_PREFIX`, how `input_globs`
 * builds its base and object name, and the returned f-strings. Any change there that this
 * reading does not follow fails the test rather than passing silently.
 */
function parserGlobs(root: string, day: { y: string; m: string; d: string }): string[] {
  const source = fs.readFileSync(PARSER, "utf8");
  const keyPrefix = /^KEY_PREFIX: Final = "([^"]+)"$/m.exec(source)?.[1];
  assert.ok(keyPrefix, "KEY_PREFIX not found in s3access.py");
  const body = /def input_globs\([\s\S]*?\n\n\n/.exec(source)?.[0];
  assert.ok(body, "input_globs not found in s3access.py");
  assert.ok(
    body.includes('base = root.rstrip("/") + "/" + KEY_PREFIX'),
    "input_globs no longer builds its base as root + KEY_PREFIX",
  );
  const name = /\bname = f"([^"]+)"/.exec(body)?.[1];
  assert.ok(name, "input_globs no longer names objects with an f-string");
  const list = /return \[([\s\S]*?)\]/.exec(body)?.[1];
  assert.ok(list, "input_globs' return list not found");
  const fill = (template: string) =>
    template.replace("{y}", day.y).replace("{m}", day.m).replace("{d}", day.d);
  return [...list.matchAll(/f"([^"]+)"/g)].map((m) =>
    fill(
      m[1]
        .replace("{base}", `${root.replace(/\/+$/, "")}/${keyPrefix}`)
        .replace("{name}", fill(name)),
    ),
  );
}

/** A glob as Hadoop expands it for one key: `*` within a path segment. */
function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split("*")
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${pattern}$`);
}

/** The key S3 writes an access-log object under, per the BucketLogging's format. */
function deliveredKey(logging: PlanResource, account: string, region: string): string {
  const prefix = logging.inputs["targetPrefix"] as string;
  const format = logging.inputs["targetObjectKeyFormat"] as
    { partitionedPrefix?: { partitionDateSource: string }; simplePrefix?: object } | undefined;
  const object = "2026-01-15-10-04-31-5F3A0C1B2D4E6F70";
  if (format?.partitionedPrefix !== undefined) {
    const bucket = logging.inputs["bucket"] as string;
    return `${prefix}${account}/${region}/${bucket}/2026/01/15/${object}`;
  }
  return `${prefix}${object}`;
}

/** The `--input` root per source, from the state machine's Resolve lookup table. */
function inputRoots(plan: PlanResource[]): Record<string, string> {
  const def = JSON.parse(
    only(plan, "aws:sfn/stateMachine:StateMachine").inputs["definition"] as string,
  ) as {
    States: Record<string, AslState>;
  };
  const assign = def.States["Resolve"]["Assign"] as Record<string, string>;
  const table = /\$lookup\((\{.*?\}), \$string\(\$states\.input\.source\)\)/.exec(assign["input"]);
  assert.ok(table, `no input table in ${assign["input"]}`);
  const parse = def.States["Parse"]["Arguments"] as { Step: { HadoopJarStep: { Args: string } } };
  assert.ok(parse.Step.HadoopJarStep.Args.includes('"--input", $input'));
  return JSON.parse(table[1]) as Record<string, string>;
}

describe("S3 access-log layout matches the Spark s3access parser and the EMR step", () => {
  let prod: PlanResource[];
  before(async () => {
    prod = await platformPlan("prod");
  });

  const whereFrom = (r: PlanResource): { account: string; region: string } => {
    const provider = prod.find((p) => p.urn === r.provider);
    assert.ok(provider, `${r.name} has no provider`);
    return {
      account: providerInput<string[]>(provider, "allowedAccountIds")[0],
      region: (r.inputs["region"] ?? provider.inputs["region"]) as string,
    };
  };

  it("the s3access run reads the home Region's access-log bucket of the log-archive account", () => {
    assert.strictEqual(
      inputRoots(prod)["s3access"],
      "s3://acme-logs-prod-s3-access-234567890123-eu-west-1/",
    );
  });

  it("every access log delivered to that bucket lies under the parser's globs for its day, no other day", () => {
    const root = inputRoots(prod)["s3access"];
    const target = /^s3:\/\/([^/]+)\/$/.exec(root)?.[1];
    const loggings = prod.filter(
      (r) => r.type === TYPES.logging && r.inputs["targetBucket"] === target,
    );
    assert.deepStrictEqual(loggings.map((l) => l.inputs["bucket"]).sort(), [
      "acme-logs-prod-archive-234567890123",
      "acme-logs-prod-elb-234567890123-eu-west-1",
      "acme-logs-prod-redshift-234567890123-eu-west-1",
    ]);
    const day = parserGlobs(root, { y: "2026", m: "01", d: "15" }).map(globToRegExp);
    const nextDay = parserGlobs(root, { y: "2026", m: "01", d: "16" }).map(globToRegExp);
    for (const logging of loggings) {
      const { account, region } = whereFrom(logging);
      const uri = `${root}${deliveredKey(logging, account, region)}`;
      assert.ok(
        day.some((g) => g.test(uri)),
        `${uri} matches none of ${day.join(", ")}`,
      );
      assert.ok(!nextDay.some((g) => g.test(uri)), `${uri} matches the next day's globs`);
      // The parser reads account, Region and source bucket counting back from the object name.
      const segments = uri.split("/");
      assert.deepStrictEqual(segments.slice(-8, -4), [
        "s3-access",
        account,
        region,
        logging.inputs["bucket"],
      ]);
    }
  });

  it("every bucket of the platform logs with the same prefix and date-partitioned keys", () => {
    const loggings = ofType(prod, TYPES.logging);
    assert.ok(loggings.length >= 10, `only ${loggings.length} BucketLogging resources`);
    for (const l of loggings) {
      assert.deepStrictEqual(
        [l.inputs["targetPrefix"], l.inputs["targetObjectKeyFormat"]],
        ["s3-access/", { partitionedPrefix: { partitionDateSource: "EventTime" } }],
        l.name,
      );
    }
  });
});
