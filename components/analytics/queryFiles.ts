import * as fs from "fs";
import * as path from "path";

/** A query file: its header and its body. */
export interface QueryFile {
  /** File name without directory. */
  file: string;
  /** `-- name:` (Athena named queries: at most 128 characters). */
  name: string;
  /** `-- description:`, continued by following `--` lines until a blank `--` or another key. */
  description: string;
  /** Any other `-- key: value` header lines (e.g. `log-groups`). */
  fields: Record<string, string>;
  /** The query text after the header. */
  query: string;
}

/**
 * Parses a query file whose header is a block of `-- key: value` comment lines at the top:
 * `name` and `description` are required; a `--` line without a key continues the previous
 * value; the header ends at the first line that is not a `--` comment.
 * @throws Error naming the file and the missing or bad header field.
 */
export function parseQueryFile(file: string, text: string): QueryFile {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const fields: Record<string, string> = {};
  let last: string | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const m = /^--\s?(.*)$/.exec(lines[i]);
    if (!m) break;
    const kv = /^([a-z][a-z-]*):\s*(.*)$/.exec(m[1]);
    if (kv) {
      if (kv[1] in fields) throw new Error(`${file}: header field "${kv[1]}" appears twice`);
      fields[kv[1]] = kv[2].trim();
      last = kv[1];
    } else if (m[1].trim() === "") {
      last = undefined;
    } else if (last !== undefined) {
      fields[last] = `${fields[last]} ${m[1].trim()}`.trim();
    }
  }
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
 * Every file with `extension` in `dir`, parsed, in file-name order.
 * @throws Error when two files share a name.
 */
export function loadQueryFiles(dir: string, extension: string): QueryFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((f) => parseQueryFile(f, fs.readFileSync(path.join(dir, f), "utf8")));
  const seen = new Map<string, string>();
  for (const q of files) {
    const other = seen.get(q.name);
    if (other !== undefined)
      throw new Error(`${q.file}: name "${q.name}" is also used by ${other}`);
    seen.set(q.name, q.file);
  }
  return files;
}
