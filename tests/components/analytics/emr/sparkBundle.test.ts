import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  bundleKeys,
  contentHash,
  sparkBundle,
} from "../../../../components/analytics/emr/sparkBundle";
import { REPO } from "./emrFixtures";

describe("Spark bundle (pure)", () => {
  it("ships the logparse sources, the schemas at the archive root and both entry scripts", () => {
    const b = sparkBundle(REPO);
    const pkg = b.packageFiles.map((f) => f.archivePath);
    assert.ok(pkg.includes("logparse/job.py") && pkg.includes("logparse/sources/cloudtrail.py"));
    assert.ok(
      pkg.every((p) => p.startsWith("logparse/") && p.endsWith(".py")),
      pkg.join(","),
    );
    assert.deepStrictEqual(
      b.schemaFiles.map((f) => f.archivePath),
      [
        ...fs
          .readdirSync(path.join(REPO, "schemas"))
          .filter((f) => f.endsWith(".json"))
          .sort(),
        "formats/legacy_app.json",
        "formats/nginx_access.json",
      ],
    );
    const nginx = b.schemaFiles.find((f) => f.archivePath === "formats/nginx_access.json")!;
    assert.strictEqual(nginx.sourcePath, path.join(REPO, "formats", "nginx_access.yaml"));
    const shipped = JSON.parse(nginx.text as string) as { split: unknown; partitions: unknown };
    assert.deepStrictEqual(shipped.split, {
      separator: " ",
      quotes: ['""', "[]"],
      escape: "\\",
      extra_fields: "ignore",
    });
    assert.deepStrictEqual(shipped.partitions, {
      since: "2025-01-01",
      region: ["eu-west-1", "us-east-1"],
    });
    assert.strictEqual(b.jobScript.archivePath, "logparse/job.py");
    assert.strictEqual(b.searchScript.archivePath, "logparse/search_index.py");
    assert.strictEqual(
      b.parserJar.sourcePath,
      path.join(REPO, "spark/jvm/target/awslogs-1.0.0.jar"),
    );
    assert.match(b.hash, /^[0-9a-f]{16}$/);
    assert.deepStrictEqual(bundleKeys(b.hash), {
      packageZip: `spark/logparse-${b.hash}.zip`,
      schemasZip: `spark/schemas-${b.hash}.zip`,
      jobScript: `spark/job-${b.hash}.py`,
      searchScript: `spark/search_index-${b.hash}.py`,
      parserJar: `spark/awslogs-${b.hash}.jar`,
    });
  });

  it("the content hash changes with a file's bytes and with its path", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
    const file = path.join(dir, "a.py");
    fs.writeFileSync(file, "x = 1\n");
    const one = contentHash([{ archivePath: "logparse/a.py", sourcePath: file }]);
    assert.strictEqual(contentHash([{ archivePath: "logparse/a.py", sourcePath: file }]), one);
    assert.notStrictEqual(contentHash([{ archivePath: "logparse/b.py", sourcePath: file }]), one);
    fs.writeFileSync(file, "x = 2\n");
    assert.notStrictEqual(contentHash([{ archivePath: "logparse/a.py", sourcePath: file }]), one);
  });

  it("refuses a checkout whose JVM parsers are not built, naming the jar and the command", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
    fs.mkdirSync(path.join(dir, "spark", "logparse"), { recursive: true });
    fs.writeFileSync(path.join(dir, "spark", "logparse", "job.py"), "");
    fs.mkdirSync(path.join(dir, "schemas"));
    fs.writeFileSync(path.join(dir, "schemas", "alb.json"), "{}");
    assert.throws(
      () => sparkBundle(dir),
      (e: Error) =>
        e.message ===
        `spark bundle: ${path.join(dir, "spark/jvm/target/awslogs-1.0.0.jar")} does not exist: build the JVM parsers first (make jar)`,
    );
  });

  it("names the missing directory when the checkout has no Spark job", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
    assert.throws(
      () => sparkBundle(dir),
      new RegExp(`${path.join(dir, "spark", "logparse")} does not exist`),
    );
  });
});
