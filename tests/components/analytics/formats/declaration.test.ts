import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  loadDeclaredFormats,
  parseDeclaredFormat,
  projectionParameters,
} from "../../../../components/analytics/formats";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const PYTHON = path.join(REPO, "spark", ".venv", "bin", "python");

const MINIMAL = [
  "description: Orders service log.",
  "input:",
  '  keys: "apps/orders/{region}/{yyyy}/{mm}/{dd}/*.log"',
  "  compression: none",
  "split:",
  '  separator: "|"',
  "fields:",
  "  - {name: event_time, type: timestamp}",
  "  - {name: order_id, type: bigint, description: Order number.}",
  "partitions:",
  '  since: "2025-03-01"',
].join("\n");

describe("declared formats (pure)", () => {
  it("derives the schema the Spark job derives, for every format in formats/", () => {
    const formats = loadDeclaredFormats(path.join(REPO, "formats"));
    assert.deepStrictEqual(
      formats.map((f) => f.name),
      ["legacy_app", "nginx_access"],
    );
    for (const f of formats) {
      const py = spawnSync(PYTHON, ["-m", "logparse.formats", "schema", f.file], {
        cwd: path.join(REPO, "spark"),
        encoding: "utf8",
      });
      assert.strictEqual(py.status, 0, `${PYTHON} (make setup builds it): ${py.stderr}`);
      const doc = JSON.parse(py.stdout) as {
        dataset: string;
        description: string;
        columns: unknown[];
        partition_keys: unknown[];
      };
      assert.deepStrictEqual(
        {
          dataset: f.schema.dataset,
          description: f.schema.description,
          columns: f.schema.columns,
          partition_keys: f.schema.partitionKeys,
        },
        doc,
        f.name,
      );
    }
  });

  it("a minimal declaration: dt from event_time, the key's region a column, projection of dt alone", () => {
    const f = parseDeclaredFormat("formats/orders.yaml", MINIMAL);
    assert.strictEqual(f.name, "orders");
    assert.strictEqual(f.schedule, "cron(0 4 * * ? *)");
    assert.deepStrictEqual(
      f.schema.columns.map((c) => `${c.name} ${c.type}`),
      [
        "event_time timestamp",
        "source string",
        "source_file string",
        "region string",
        "order_id bigint",
      ],
    );
    assert.deepStrictEqual(
      projectionParameters(f.schema, f.projection, "s3://lake/parsed/orders/"),
      {
        "projection.enabled": "true",
        "projection.dt.type": "date",
        "projection.dt.format": "yyyy-MM-dd",
        "projection.dt.range": "2025-03-01,NOW",
        "projection.dt.interval": "1",
        "projection.dt.interval.unit": "DAYS",
        "storage.location.template": "s3://lake/parsed/orders/dt=${dt}/",
      },
    );
  });

  it("names the file and key of every mistake the deployment reads, all at once", () => {
    const text = MINIMAL.replace(
      "  - {name: order_id, type: bigint",
      "  - {name: order_id, type: long",
    )
      .replace('  since: "2025-03-01"', "  since: 2025-03\n  account_id: ['111122223333']")
      .concat('\nschedule: "cron(0 4 * * *)"');
    assert.throws(
      () => parseDeclaredFormat("formats/orders.yaml", text),
      (e: Error) => {
        assert.strictEqual(
          e.message,
          [
            'formats/orders.yaml: schedule: "cron(0 4 * * *)" has 5 fields; EventBridge Scheduler cron takes 6 (minutes hours day-of-month month day-of-week year)',
            'formats/orders.yaml: fields[1] (order_id).type: is "long"; expected one of string, int, bigint, double, boolean, timestamp',
            'formats/orders.yaml: partitions.since: is "2025-03"; expected a date YYYY-MM-DD in quotes',
            "formats/orders.yaml: partitions.account_id: is set but input.keys has no {account_id} to read it from",
          ].join("\n"),
        );
        return true;
      },
    );
  });

  it("refuses a document that is not a mapping, and lists the problems of every file in a folder", () => {
    assert.throws(
      () => parseDeclaredFormat("formats/x.yaml", "- a\n- b\n"),
      /^Error: formats\/x\.yaml: document: is \["a","b"\]; expected a mapping$/,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "formats-"));
    fs.writeFileSync(
      path.join(dir, "a.yaml"),
      MINIMAL.replace("description: Orders service log.", ""),
    );
    fs.writeFileSync(path.join(dir, "b.yaml"), MINIMAL);
    assert.throws(
      () => loadDeclaredFormats(dir),
      (e: Error) =>
        e.message === `${path.join(dir, "a.yaml")}: description: is null; expected a string`,
    );
    assert.deepStrictEqual(loadDeclaredFormats(path.join(dir, "none")), []);
  });
});
