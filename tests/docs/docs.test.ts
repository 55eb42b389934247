import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_NAMESPACE, PLATFORM_CONFIG_SCHEMA } from "../../components/config";
import { PLATFORM_DIR } from "../../tools/offline/resolveStack";
import { configPaths } from "./configPaths";

/** Top-level folders whose files the docs cite by path. */
const CITED_ROOTS = [
  ".github",
  "components",
  "docs",
  "opensearch",
  "policies",
  "queries",
  "schemas",
  "spark",
  "tests",
  "tools",
];

/** Paths the build creates, which a fresh clone does not have yet. */
const GENERATED = ["spark/.venv", "spark/jvm/target"];

const read = (rel: string): string => fs.readFileSync(path.join(PLATFORM_DIR, rel), "utf8");
const exists = (rel: string): boolean => fs.existsSync(path.join(PLATFORM_DIR, rel));

/** README.md and every docs/*.md, repository-relative. */
function documents(): string[] {
  const docs = fs
    .readdirSync(path.join(PLATFORM_DIR, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs.sort()];
}

/** The text of fenced code blocks and inline code spans. */
function codeOf(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...fenced, ...inline];
}

/** GitHub's heading anchors of a markdown document. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  for (const m of prose.matchAll(/^#{1,6} +(.+?) *$/gm)) {
    const slug = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

/** Every problem of one kind across the documents, as `file: problem`. */
function problems(check: (doc: string, text: string) => string[]): string[] {
  return documents().flatMap((doc) => check(doc, read(doc)).map((p) => `${doc}: ${p}`));
}

describe("README.md and docs/*.md", () => {
  it("link only to files (and headings) that exist", () => {
    const found = problems((doc, text) =>
      [...text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].flatMap((m) => {
        const target = m[1];
        if (/^[a-z]+:/i.test(target)) return [];
        const [file, anchor] = target.split("#");
        const rel =
          file === "" ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
        if (!exists(rel)) return [`links to ${target}, which does not exist`];
        if (anchor !== undefined && rel.endsWith(".md") && !anchors(read(rel)).has(anchor)) {
          return [`links to ${target}: ${rel} has no heading #${anchor}`];
        }
        return [];
      }),
    );
    assert.deepStrictEqual(found, []);
  });

  it("cite only repository paths that exist", () => {
    // A path followed by a placeholder or glob (`schemas/<dataset>.json`, `tests/**`) is a pattern.
    const cited = new RegExp(
      `(?<![\\w./-])((?:${CITED_ROOTS.map((r) => r.replace(".", "\\.")).join("|")})/[\\w./-]*[\\w/])(?![\\w./{*<…-])`,
      "g",
    );
    // The Spark documents cite paths inside spark/ from there (`tests/test_job.py`).
    const found = problems((_doc, text) =>
      [...text.matchAll(cited)]
        .map((m) => m[1])
        .filter((p) => !GENERATED.some((g) => p.startsWith(g)))
        .filter((p) => !exists(p) && !exists(`spark/${p}`))
        .map((p) => `cites ${p}, which does not exist`),
    );
    assert.deepStrictEqual(found, []);
  });

  it("name only npm scripts package.json defines", () => {
    const scripts = Object.keys(
      (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts,
    );
    const found = problems((_doc, text) =>
      [...text.matchAll(/npm run (?:--silent )?([a-z][\w:-]*)/g)]
        .map((m) => m[1])
        .filter((s) => !scripts.includes(s))
        .map((s) => `names npm script "${s}", which package.json does not define`),
    );
    assert.deepStrictEqual(found, []);
  });

  it("name only make targets the Makefile defines", () => {
    const targets = [...read("Makefile").matchAll(/^([a-z][\w-]*):/gm)].map((m) => m[1]);
    const found = problems((_doc, text) =>
      codeOf(text)
        .flatMap((code) => [...code.matchAll(/(?:^|[\s;&|(])make +([a-z][\w-]*)/gm)])
        .map((m) => m[1])
        .filter((t) => !targets.includes(t))
        .map((t) => `names make target "${t}", which the Makefile does not define`),
    );
    assert.deepStrictEqual(found, []);
  });

  it(`name only ${CONFIG_NAMESPACE}:… keys the config schema accepts`, () => {
    const paths = configPaths(PLATFORM_CONFIG_SCHEMA);
    const found = problems((_doc, text) =>
      [
        ...text.matchAll(
          new RegExp(`${CONFIG_NAMESPACE}:([A-Za-z]\\w*(?:\\.[A-Za-z]\\w*|\\[\\d*\\])*)`, "g"),
        ),
      ]
        .map((m) => m[1].replace(/\[\d+\]/g, "[]"))
        .filter((key) => !paths.has(key))
        .map((key) => `names ${CONFIG_NAMESPACE}:${key}, which the config schema does not accept`),
    );
    assert.deepStrictEqual(found, []);
  });
});

/** The first cell of each table row that is one inline-code span: `| \`key\` | …`. */
function keyRows(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

describe("docs/configuration.md", () => {
  const paths = configPaths(PLATFORM_CONFIG_SCHEMA);
  const rows = keyRows(read("docs/configuration.md"));

  it("has a row for every key the config schema accepts", () => {
    const leaves = [...paths].filter(([, p]) => p.leaf).map(([key]) => key);
    assert.ok(leaves.length > 50, `only ${leaves.length} keys found: the schema walk is broken`);
    const missing = leaves.filter((key) => !rows.includes(key));
    assert.deepStrictEqual(missing, [], `keys without a row: ${missing.join(", ")}`);
  });

  it("has no row for a key the config schema does not accept", () => {
    const unknown = rows.filter((key) => !paths.has(key));
    assert.deepStrictEqual(unknown, [], `rows for unknown keys: ${unknown.join(", ")}`);
  });
});

describe("README configuration table", () => {
  it("names only keys the config schema accepts", () => {
    const paths = configPaths(PLATFORM_CONFIG_SCHEMA);
    const readme = read("README.md");
    const start = readme.indexOf("\n## The essential configuration keys\n");
    assert.ok(start >= 0, "README.md has no '## The essential configuration keys' section");
    const end = readme.indexOf("\n## ", start + 1);
    const rows = keyRows(readme.slice(start, end < 0 ? undefined : end));
    assert.ok(rows.length > 0, "the section has no key table");
    const unknown = rows.filter((key) => !paths.has(key));
    assert.deepStrictEqual(unknown, [], `rows for unknown keys: ${unknown.join(", ")}`);
  });
});
