import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { cronProblem } from "../../config/analytics";
import { DatasetSchema, SchemaColumn } from "../athena/glueTables";

/**
 * Log formats declared in `formats/<name>.yaml` (docs/custom-formats.md), as the Glue table,
 * the schedule and the EMR step need them. The Spark job (`spark/logparse/formats`) validates
 * the whole declaration and parses with it; this side reads the parts deployment needs, checks
 * them with the same messages, and derives the same dataset schema (a test compares the two).
 */

/** Partition projection of a declared format's table. */
export interface FormatProjection {
  /** First day of the `dt` range, YYYY-MM-DD. */
  since: string;
  /** Projected values of `account_id` / `region`, for the keys that are partitions. */
  enums: Partial<Record<"account_id" | "region", string[]>>;
}

/** A declared format, as deployment uses it. */
export interface DeclaredFormat {
  /** The format's name: the `--source` of its step, its dataset and Glue table. */
  name: string;
  /** The declaration file. */
  file: string;
  /** EventBridge Scheduler cron (UTC) of its daily run. */
  schedule: string;
  /** Key layout of its objects under the archive root. */
  keys: string;
  schema: DatasetSchema;
  projection: FormatProjection;
  /** The declaration as JSON: what the EMR step reads (`LOGPARSE_FORMATS`). */
  json: string;
}

/** When a format declares no schedule (spark/logparse/formats/model.py DEFAULT_SCHEDULE). */
export const DEFAULT_FORMAT_SCHEDULE = "cron(0 4 * * ? *)";
const NAME = /^[a-z][a-z0-9_]*$/;
const FIELD_TYPES = ["string", "int", "bigint", "double", "boolean", "timestamp"];
const KEY_DESCRIPTIONS = {
  account_id: "Account id read from the object key.",
  region: "Region read from the object key.",
} as const;
type KeyColumn = keyof typeof KEY_DESCRIPTIONS;

type Doc = Record<string, unknown>;

function isDoc(v: unknown): v is Doc {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? "null";
}

function stringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string" && x !== "");
}

const column = (name: string, type: string, description: string): SchemaColumn => ({
  name,
  type,
  description,
});

/**
 * Reads one declaration's text.
 * @throws Error listing every problem as `<file>: <key>: <what is wrong>`.
 */
export function parseDeclaredFormat(file: string, text: string): DeclaredFormat {
  const name = path.basename(file).replace(/\.ya?ml$/, "");
  const problems: string[] = [];
  const bad = (key: string, message: string) => problems.push(`${file}: ${key}: ${message}`);
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new Error(`${file}: not a YAML document: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isDoc(doc)) throw new Error(`${file}: document: is ${show(doc)}; expected a mapping`);
  if (!NAME.test(name)) {
    bad("file name", `"${name}" is not a dataset name; name the file <name>.yaml`);
  }
  const description = doc["description"];
  if (typeof description !== "string" || description === "") {
    bad("description", `is ${show(description)}; expected a string`);
  }
  const input = doc["input"];
  const keys = isDoc(input) ? input["keys"] : undefined;
  if (typeof keys !== "string" || keys === "") {
    bad("input.keys", `is ${show(keys)}; expected a key layout such as logs/{yyyy}/{mm}/{dd}/*.gz`);
  }
  const layout = typeof keys === "string" ? keys : "";
  const placeholders = new Set([...layout.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]));
  const schedule = doc["schedule"] ?? DEFAULT_FORMAT_SCHEDULE;
  const cron = typeof schedule === "string" ? cronProblem(schedule) : "is not a string";
  if (cron !== undefined) bad("schedule", `${show(schedule)} ${cron}`);

  const fields = doc["fields"];
  const declared: SchemaColumn[] = [];
  if (!Array.isArray(fields) || fields.length === 0) {
    bad("fields", `is ${show(fields)}; expected a non-empty list of fields`);
  } else {
    fields.forEach((f: unknown, i: number) => {
      const n = isDoc(f) ? f["name"] : undefined;
      const t = isDoc(f) ? f["type"] : undefined;
      const d = isDoc(f) ? (f["description"] ?? "") : "";
      if (typeof n !== "string" || !NAME.test(n)) {
        bad(`fields[${i}].name`, `is ${show(n)}; expected lowercase letters, digits and _`);
      } else if (typeof t !== "string" || !FIELD_TYPES.includes(t)) {
        bad(`fields[${i}] (${n}).type`, `is ${show(t)}; expected one of ${FIELD_TYPES.join(", ")}`);
      } else {
        declared.push(column(n, t, typeof d === "string" ? d : ""));
      }
    });
  }
  const record = doc["record"];
  const continuation = isDoc(record) ? record["continuation"] : undefined;
  if (record !== undefined && (typeof continuation !== "string" || !NAME.test(continuation))) {
    bad("record.continuation", `is ${show(continuation)}; expected a column name`);
  }

  const partitions = doc["partitions"];
  const since = isDoc(partitions) ? partitions["since"] : undefined;
  if (typeof since !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(since)) {
    bad("partitions.since", `is ${show(since)}; expected a date YYYY-MM-DD in quotes`);
  }
  const enums: FormatProjection["enums"] = {};
  for (const key of ["account_id", "region"] as const) {
    const values = isDoc(partitions) ? partitions[key] : undefined;
    if (values === undefined) continue;
    if (!stringList(values) || values.length === 0) {
      bad(`partitions.${key}`, `is ${show(values)}; expected a list of strings (quote each item)`);
    } else if (!placeholders.has(key)) {
      bad(`partitions.${key}`, `is set but input.keys has no {${key}} to read it from`);
    } else {
      enums[key] = values;
    }
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));

  const partitionKeys = ["dt", ...(["account_id", "region"] as const).filter((k) => enums[k])];
  const keyColumns = (["account_id", "region"] as KeyColumn[]).filter((k) => placeholders.has(k));
  const eventTime = declared.find((c) => c.name === "event_time");
  const columns: SchemaColumn[] = [
    ...(eventTime ? [column("event_time", "timestamp", eventTime.description)] : []),
    column("source", "string", `Dataset name, always '${name}'.`),
    column("source_file", "string", "Full URI of the raw object the row was parsed from."),
    ...keyColumns
      .filter((k) => !partitionKeys.includes(k))
      .map((k) => column(k, "string", KEY_DESCRIPTIONS[k])),
    ...declared.filter((c) => c.name !== "event_time"),
    ...(typeof continuation === "string"
      ? [
          column(
            continuation,
            "string",
            "The record's lines after its first, joined with line feeds; null when none.",
          ),
        ]
      : []),
  ];
  const day = eventTime ? "event_time" : "the object key's day";
  const schema: DatasetSchema = {
    dataset: name,
    description: description as string,
    columns,
    partitionKeys: [
      column(
        "dt",
        "string",
        `Partition: UTC date of ${day}, YYYY-MM-DD (the run day for rows delivered late).`,
      ),
      ...partitionKeys
        .slice(1)
        .map((k) => column(k, "string", `Partition: ${KEY_DESCRIPTIONS[k as KeyColumn]}`)),
    ],
  };
  return {
    name,
    file,
    schedule: schedule as string,
    keys: layout,
    schema,
    projection: { since: since as string, enums },
    json: JSON.stringify(doc),
  };
}

/**
 * Every `*.yaml` / `*.yml` declaration in `dir`, by file name; none when `dir` does not exist.
 * @throws Error listing every problem of every file, and a name declared twice.
 */
export function loadDeclaredFormats(dir: string): DeclaredFormat[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const problems: string[] = [];
  const formats: DeclaredFormat[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    try {
      formats.push(parseDeclaredFormat(file, fs.readFileSync(file, "utf8")));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const names = formats.map((f) => f.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) problems.push(`${dir}: format "${twice}" is declared twice`);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return formats;
}

/**
 * Glue table parameters that turn on partition projection for a declared format's table at
 * `location` (ending in `/`): `dt` as a daily date range from `since` to today, `account_id`
 * and `region` as the declared enums, and the directories Spark writes (`dt=…/region=…/`).
 * The job rejects a row whose key value is not listed (`<name>.unprojected.<key>`), so nothing
 * lands where the projection cannot see it.
 */
export function projectionParameters(
  schema: DatasetSchema,
  projection: FormatProjection,
  location: string,
): Record<string, string> {
  const p: Record<string, string> = {
    "projection.enabled": "true",
    "projection.dt.type": "date",
    "projection.dt.format": "yyyy-MM-dd",
    "projection.dt.range": `${projection.since},NOW`,
    "projection.dt.interval": "1",
    "projection.dt.interval.unit": "DAYS",
  };
  for (const key of schema.partitionKeys.slice(1)) {
    const values = projection.enums[key.name as KeyColumn];
    if (values === undefined) {
      throw new Error(`${schema.dataset}: partition key ${key.name} has no projected values`);
    }
    p[`projection.${key.name}.type`] = "enum";
    p[`projection.${key.name}.values`] = values.join(",");
  }
  const dirs = schema.partitionKeys.map((k) => `${k.name}=\${${k.name}}`).join("/");
  p["storage.location.template"] = `${location}${dirs}/`;
  return p;
}
