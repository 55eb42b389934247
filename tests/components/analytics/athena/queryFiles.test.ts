import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadQueryFiles, parseQueryFile } from "../../../../components/analytics/athena/queryFiles";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");

interface HeaderCase {
  case: string;
  file: string;
  keys: string[];
  text: string;
  expect?: { name: string; description: string; fields: Record<string, string>; query: string };
  error?: string;
}

const cases = (
  JSON.parse(fs.readFileSync(path.join(REPO, "queries", "header_cases.json"), "utf8")) as {
    cases: HeaderCase[];
  }
).cases;

describe("query file headers (pure)", () => {
  for (const c of cases) {
    it(`queries/header_cases.json: ${c.case}`, () => {
      if (c.error !== undefined) {
        assert.throws(
          () => parseQueryFile(c.file, c.text, c.keys),
          (e: Error) => e.message === c.error,
          `expected the error ${JSON.stringify(c.error)}`,
        );
      } else {
        assert.deepStrictEqual(parseQueryFile(c.file, c.text, c.keys), {
          file: c.file,
          ...c.expect,
        });
      }
    });
  }
});

describe("query files on disk", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "queries-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("an Athena query may not carry a Logs Insights key", () => {
    fs.writeFileSync(
      path.join(dir, "a.sql"),
      "-- name: A\n-- description: d\n-- log-groups: trail\nSELECT 1\n",
    );
    assert.throws(
      () => loadQueryFiles(dir, ".sql"),
      /^Error: a\.sql: line 3: unknown header key "log-groups"; expected one of name, description /,
    );
    fs.renameSync(path.join(dir, "a.sql"), path.join(dir, "a.txt"));
    assert.deepStrictEqual(loadQueryFiles(dir, ".txt")[0].fields, { "log-groups": "trail" });
  });

  it("two files with one name, and a file kind without header keys, are refused", () => {
    for (const f of ["a.sql", "b.sql"]) {
      fs.writeFileSync(path.join(dir, f), "-- name: Same\n-- description: d\nSELECT 1\n");
    }
    assert.throws(
      () => loadQueryFiles(dir, ".sql"),
      /^Error: b\.sql: name "Same" is also used by a\.sql$/,
    );
    assert.throws(
      () => loadQueryFiles(dir, ".md"),
      /^Error: no query header keys for "\.md" files; expected one of \.sql, \.txt$/,
    );
  });

  it("every committed query parses, and its header's text is all in name, description and fields", () => {
    const athena = loadQueryFiles(path.join(REPO, "queries", "athena"), ".sql");
    const insights = loadQueryFiles(path.join(REPO, "queries", "insights"), ".txt");
    assert.strictEqual(athena.length, 13);
    assert.strictEqual(insights.length, 3);
    const squeeze = (s: string) => s.replace(/\s+/g, "");
    for (const q of [...athena, ...insights]) {
      const kind = q.file.endsWith(".sql") ? "athena" : "insights";
      const source = fs.readFileSync(path.join(REPO, "queries", kind, q.file), "utf8");
      const headerText = source
        .slice(0, source.indexOf(q.query))
        .split("\n")
        .filter((l) => l.startsWith("--"))
        .map((l) => l.slice(2).replace(/^ (name|description|log-groups):/, ""))
        .join(" ");
      assert.strictEqual(
        squeeze([q.name, q.description, ...Object.values(q.fields)].join(" ")),
        squeeze(headerText),
        `${q.file}: header text lost or misplaced`,
      );
      assert.deepStrictEqual(Object.keys(q.fields), kind === "athena" ? [] : ["log-groups"]);
    }
  });
});
