import * as fs from "fs";
import * as path from "path";

/** A query file: its header and its body. */
export interface QueryFile {
  /** File name without directory. */
  file: string;
  /** `-- name:` (Athena named queries: at most 128 characters). */
  name: string;
  /** `-- description:` with its continuation lines joined by single spaces (at most 1024). */
  description: string;
  /** The other header keys the file kind allows (e.g. `log-groups`). */
  fields: Record<string, string>;
  /** The query text after the header. */
  query: string;
}

/** Every key a header may hold, whatever the file kind. */
export const HEADER_KEYS = ["name", "description", "log-groups"] as const;

/** Header keys per file kind: Athena named queries and Logs Insights saved queries. */
export const HEADER_KEYS_BY_EXTENSION: Readonly<Record<string, readonly string[]>> = {
  ".sql": ["name", "description"],
  ".txt": ["name", "description", "log-groups"],
};

const KEY_LINE = /^([a-z][a-z0-9-]*):(?:[ \t]+(.*))?$/;
const INDENTED = /^(?: {2,}|\t)/;

/**
 * Parses a query file. Its header is the run of lines at the top that start with `--`; the
 * query is everything after it. Within the header, after the `--`:
 * - nothing (or only blanks) separates fields;
 * - one space then `key: value` (key `[a-z][a-z0-9-]*`) starts field `key`, which must be one
 *   of `keys` and appear once;
 * - two or more spaces or a tab then text continues the field above, whatever the text looks
 *   like (the way to wrap onto a line that starts with `word:`);
 * - one space then any other text continues the field above too.
 *
 * A field's value is its first line's value and its continuation lines, each trimmed, joined
 * by single spaces. `spark/demo/queries.py` implements the same rules; both are tested against
 * `queries/header_cases.json`.
 * @throws Error naming the file (and the line) of a bad header or a missing field or query.
 */
export function parseQueryFile(
  file: string,
  text: string,
  keys: readonly string[] = HEADER_KEYS,
): QueryFile {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const parts = new Map<string, string[]>();
  let current: string[] | undefined;
  let i = 0;
  for (; i < lines.length && lines[i].startsWith("--"); i++) {
    const where = `${file}: line ${i + 1}`;
    const rest = lines[i].slice(2);
    if (rest.trim() === "") {
      current = undefined;
      continue;
    }
    if (!rest.startsWith(" ") && !rest.startsWith("\t")) {
      throw new Error(
        `${where}: a header line is "--" then a space, got ${JSON.stringify(lines[i])}`,
      );
    }
    const kv = INDENTED.test(rest) ? null : KEY_LINE.exec(rest.slice(1));
    if (kv) {
      const key = kv[1];
      if (!keys.includes(key)) {
        throw new Error(
          `${where}: unknown header key "${key}"; expected one of ${keys.join(", ")} ` +
            `(indent a continuation line that starts with "word:" by two spaces)`,
        );
      }
      if (parts.has(key)) throw new Error(`${where}: header key "${key}" appears twice`);
      current = [(kv[2] ?? "").trim()];
      parts.set(key, current);
    } else if (current === undefined) {
      throw new Error(`${where}: continuation line follows no header key`);
    } else {
      current.push(rest.trim());
    }
  }
  const fields: Record<string, string> = {};
  for (const [key, values] of parts) fields[key] = values.filter((v) => v !== "").join(" ");
  const query = lines.slice(i).join("\n").trim();
  const { name, description, ...rest } = fields;
  if (!name) throw new Error(`${file}: the header has no "-- name: …" line`);
  if (!description) throw new Error(`${file}: the header has no "-- description: …" line`);
  if (name.length > 128) throw new Error(`${file}: name is ${name.length} characters; at most 128`);
  if (description.length > 1024) {
    throw new Error(`${file}: description is ${description.length} characters; at most 1024`);
  }
  if (query === "") throw new Error(`${file}: no query after the header`);
  return { file: path.basename(file), name, description, fields: rest, query };
}

/**
 * Every file with `extension` in `dir`, parsed with the header keys of that file kind, in
 * file-name order.
 * @throws Error for an extension without header keys, or when two files share a name.
 */
export function loadQueryFiles(dir: string, extension: string): QueryFile[] {
  const keys = HEADER_KEYS_BY_EXTENSION[extension];
  if (keys === undefined) {
    throw new Error(
      `no query header keys for "${extension}" files; expected one of ${Object.keys(HEADER_KEYS_BY_EXTENSION).join(", ")}`,
    );
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((f) => parseQueryFile(f, fs.readFileSync(path.join(dir, f), "utf8"), keys));
  const seen = new Map<string, string>();
  for (const q of files) {
    const other = seen.get(q.name);
    if (other !== undefined)
      throw new Error(`${q.file}: name "${q.name}" is also used by ${other}`);
    seen.set(q.name, q.file);
  }
  return files;
}
