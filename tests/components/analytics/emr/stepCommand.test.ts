import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SPARK_CONFIGURATIONS } from "../../../../components/analytics/emr/clusterSpec";
import {
  JIT_JAVA_OPTIONS,
  indexStepArgs,
  jsonataArgs,
  parseStepArgs,
  renderArgs,
} from "../../../../components/analytics/emr/stepCommand";
import { REPO, LOC, SHIPPED } from "./emrFixtures";

describe("EMR step commands (pure)", () => {
  it("the parse step runs logparse.job for one source and day into the lake and registers its partitions", () => {
    assert.deepStrictEqual(
      renderArgs(parseStepArgs(LOC, 0.01, "acme_logs_prod"), {
        source: "cloudtrail",
        input: "s3://archive/",
        day: "2026-11-24",
      }),
      [
        ...SHIPPED,
        "--jars",
        "s3://art/spark/awslogs-h.jar",
        "s3://art/spark/job-h.py",
        "--source",
        "cloudtrail",
        "--input",
        "s3://archive/",
        "--output",
        "s3://lake/parsed/",
        "--rejects",
        "s3://lake/rejects/",
        "--date",
        "2026-11-24",
        "--max-reject-ratio",
        "0.01",
        "--summary",
        "s3://lake/runs/cloudtrail/2026-11-24.json",
        "--catalog-database",
        "acme_logs_prod",
        "--parsers",
        "jvm",
      ],
    );
  });

  it("the index step ships the connector jar and names dataset, day and endpoint", () => {
    const args = renderArgs(
      indexStepArgs(LOC, {
        endpoint: "https://vpc-d.eu-west-1.es.amazonaws.com",
        region: "eu-west-1",
      }),
      { dataset: "emr_logs", day: "2026-11-24" },
    );
    assert.deepStrictEqual(args.slice(SHIPPED.length), [
      "--jars",
      "s3://art/jars/c.jar",
      "s3://art/spark/search_index-h.py",
      "--dataset",
      "emr_logs",
      "--lake",
      "s3://lake/parsed/",
      "--date",
      "2026-11-24",
      "--endpoint",
      "https://vpc-d.eu-west-1.es.amazonaws.com",
      "--region",
      "eu-west-1",
    ]);
  });

  it("renders as one JSONata list with quoted literals and $variables", () => {
    assert.strictEqual(
      jsonataArgs([
        "spark-submit",
        { variable: "day" },
        { concat: ["s3://r/", { variable: "source" }, ".json"] },
      ]),
      '{% ["spark-submit", $day, "s3://r/" & $source & ".json"] %}',
    );
  });

  it("the local job's JIT flag reaches EMR's driver and executors without replacing EMR's extraJavaOptions", () => {
    const job = fs.readFileSync(path.join(REPO, "spark", "logparse", "job.py"), "utf8");
    const local = [...job.matchAll(/"spark\.(driver|executor)\.extraJavaOptions": "([^"]+)"/g)].map(
      (m) => [m[1], m[2]],
    );
    assert.deepStrictEqual(local, [
      ["driver", JIT_JAVA_OPTIONS],
      ["executor", JIT_JAVA_OPTIONS],
    ]);
    for (const args of [
      parseStepArgs(LOC, 0.01, "acme_logs_prod"),
      indexStepArgs(LOC, { endpoint: "e", region: "r" }),
    ]) {
      const confs = args.filter((_, i) => args[i - 1] === "--conf") as string[];
      assert.deepStrictEqual(
        confs.filter((c) => /JavaOptions=/.test(c)),
        [
          "spark.driver.defaultJavaOptions=-XX:-DontCompileHugeMethods",
          "spark.executor.defaultJavaOptions=-XX:-DontCompileHugeMethods",
        ],
      );
    }
    const clusterProperties = SPARK_CONFIGURATIONS.flatMap((c) => Object.keys(c.Properties));
    assert.deepStrictEqual(
      clusterProperties.filter((k) => /JavaOptions$/.test(k)),
      [],
      "a spark-defaults classification would replace EMR's own Java options on every application",
    );
  });

  it("refuses to render a command without a value it needs", () => {
    assert.throws(
      () =>
        renderArgs(parseStepArgs(LOC, 0.01, "acme_logs_prod"), { source: "alb", input: "s3://x/" }),
      /step command needs a value for \$day/,
    );
  });
});
