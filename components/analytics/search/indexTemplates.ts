import * as fs from "fs";
import * as path from "path";
import { DatasetSchema } from "../athena";

/**
 * OpenSearch index templates for the hot datasets, generated from the same `schemas/*.json` the
 * Spark job and Glue use, plus `opensearch/documents.json`, which says which column each
 * document field comes from and how a string is analysed. Pure: the setup function receives
 * exactly what this returns, and opensearch/index-templates.json is its committed output.
 */

/** How a string field is analysed. */
export type Analysis = "keyword" | "text" | "text+raw";

/** One document field: its source column and, for strings, its analysis. */
export interface DocumentField {
  /** `column` or `struct_column.member` of the dataset's schema. */
  column: string;
  /** Default: `keyword`. */
  analysis?: Analysis;
  /** A narrower numeric type than the column's (like `short` for HTTP status codes). */
  type?: string;
}

/** opensearch/documents.json. */
export interface DocumentSpec {
  settings: Record<string, string | number>;
  datasets: Record<string, Record<string, DocumentField>>;
}

/** A composable index template as `PUT _index_template/<name>` takes it. */
export interface IndexTemplate {
  index_patterns: string[];
  priority: number;
  _meta: { description: string };
  template: {
    settings: Record<string, string | number>;
    mappings: { dynamic: "strict"; properties: Record<string, Record<string, unknown>> };
  };
}

/**
 * Priority of the generated templates: above the single `logs-hot` template (priority 100) the
 * README once had people create by hand, so both may coexist while the old one is deleted.
 */
export const TEMPLATE_PRIORITY = 200;

/** Keyword subfields keep exact values for aggregations, up to this many characters. */
const RAW_KEYWORD = { raw: { type: "keyword", ignore_above: 1024 } };

/** Schema scalar types and the OpenSearch field types they become (first = default). */
const SCALARS: Record<string, string[]> = {
  string: ["keyword"],
  int: ["integer", "short"],
  bigint: ["long"],
  smallint: ["short"],
  double: ["double"],
  float: ["float"],
  boolean: ["boolean"],
  timestamp: ["date"],
};

/** The index a dataset's day goes to (`logs-<dataset with - for _>-YYYY.MM.DD`), as a pattern. */
export function hotIndexPattern(dataset: string): string {
  return `logs-${dataset.replace(/_/g, "-")}-*`;
}

/** The template name of a dataset. */
export function templateName(dataset: string): string {
  return `logs-hot-${dataset.replace(/_/g, "-")}`;
}

/** Splits `a:t1,b:struct<c:t2>` at top-level commas. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "<") depth++;
    else if (s[i] === ">") depth--;
    else if (s[i] === "," && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** The type of `path` (member names) inside a Hive type, or undefined when absent. */
function memberType(type: string, path: string[]): string | undefined {
  if (path.length === 0) return type;
  const m = /^struct<(.*)>$/.exec(type);
  if (!m) return undefined;
  for (const part of splitTopLevel(m[1])) {
    const colon = part.indexOf(":");
    if (part.slice(0, colon) === path[0]) return memberType(part.slice(colon + 1), path.slice(1));
  }
  return undefined;
}

/**
 * One field's mapping from its source column's type.
 * @throws Error naming the dataset, field and column when the column is missing, not a scalar,
 *   or the requested type or analysis does not fit it.
 */
function fieldMapping(
  schema: DatasetSchema,
  field: string,
  spec: DocumentField,
): Record<string, unknown> {
  const where = `opensearch/documents.json: ${schema.dataset}.${field}`;
  const [head, ...rest] = spec.column.split(".");
  const column = [...schema.columns, ...schema.partitionKeys].find((c) => c.name === head);
  const type = column === undefined ? undefined : memberType(column.type, rest);
  if (type === undefined) {
    throw new Error(`${where}: column "${spec.column}" is not in schemas/${schema.dataset}.json`);
  }
  const allowed = SCALARS[type];
  if (allowed === undefined) {
    throw new Error(`${where}: column "${spec.column}" is ${type}, not a scalar a field can hold`);
  }
  const analysis = spec.analysis ?? "keyword";
  if (analysis !== "keyword" && type !== "string") {
    throw new Error(`${where}: analysis "${analysis}" needs a string column, got ${type}`);
  }
  if (analysis === "text") return { type: "text" };
  if (analysis === "text+raw") return { type: "text", fields: RAW_KEYWORD };
  const mapped = spec.type ?? allowed[0];
  if (!allowed.includes(mapped)) {
    throw new Error(
      `${where}: type "${mapped}" does not fit ${type} column "${spec.column}" (allowed: ${allowed.join(", ")})`,
    );
  }
  return type === "timestamp"
    ? { type: "date", format: "strict_date_optional_time" }
    : { type: mapped };
}

/**
 * The index template of every dataset `documents` describes, by template name: strict mappings
 * (a field the template lacks is refused, not guessed), `@timestamp` and `dataset` first.
 * @throws Error naming the dataset without a schema, or the field whose column does not fit.
 */
export function indexTemplates(
  schemas: readonly DatasetSchema[],
  documents: DocumentSpec,
): Record<string, IndexTemplate> {
  const templates: Record<string, IndexTemplate> = {};
  for (const [dataset, fields] of Object.entries(documents.datasets)) {
    const schema = schemas.find((s) => s.dataset === dataset);
    if (schema === undefined) {
      throw new Error(
        `opensearch/documents.json: dataset "${dataset}" has no schemas/${dataset}.json`,
      );
    }
    const properties: Record<string, Record<string, unknown>> = {
      "@timestamp": { type: "date", format: "strict_date_optional_time" },
      dataset: { type: "keyword" },
    };
    for (const [field, spec] of Object.entries(fields)) {
      if (field in properties) {
        throw new Error(`opensearch/documents.json: ${dataset}.${field} is set by the pipeline`);
      }
      properties[field] = fieldMapping(schema, field, spec);
    }
    templates[templateName(dataset)] = {
      index_patterns: [hotIndexPattern(dataset)],
      priority: TEMPLATE_PRIORITY,
      _meta: {
        description: `Hot ${dataset} documents (spark/logparse/search_index.py), generated from schemas/${dataset}.json`,
      },
      template: {
        settings: { ...documents.settings },
        mappings: { dynamic: "strict", properties },
      },
    };
  }
  return templates;
}

const ANALYSES: readonly string[] = ["keyword", "text", "text+raw"];

/** Where the document spec lives, relative to the repository root. */
export const DOCUMENT_SPEC_FILE = "opensearch/documents.json";

/** Reads and parses the repository's opensearch/documents.json (see {@link parseDocumentSpec}). */
export function loadDocumentSpec(repoRoot: string): DocumentSpec {
  return parseDocumentSpec(
    DOCUMENT_SPEC_FILE,
    fs.readFileSync(path.join(repoRoot, DOCUMENT_SPEC_FILE), "utf8"),
  );
}

/**
 * Parses opensearch/documents.json.
 * @throws Error naming the file and the entry that is not of the expected shape.
 */
export function parseDocumentSpec(file: string, text: string): DocumentSpec {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(doc) || !isRecord(doc["settings"]) || !isRecord(doc["datasets"])) {
    throw new Error(`${file}: expected an object with "settings" and "datasets" objects`);
  }
  const datasets: DocumentSpec["datasets"] = {};
  for (const [dataset, fields] of Object.entries(doc["datasets"])) {
    if (!isRecord(fields)) throw new Error(`${file}: datasets.${dataset} must be an object`);
    datasets[dataset] = {};
    for (const [field, spec] of Object.entries(fields)) {
      const where = `${file}: datasets.${dataset}.${field}`;
      if (!isRecord(spec) || typeof spec["column"] !== "string") {
        throw new Error(`${where} must be an object with a string "column"`);
      }
      const analysis = spec["analysis"];
      if (analysis !== undefined && !ANALYSES.includes(String(analysis))) {
        throw new Error(
          `${where}.analysis ${JSON.stringify(analysis)} is not one of ${ANALYSES.join(", ")}`,
        );
      }
      const extra = Object.keys(spec).filter((k) => !["column", "analysis", "type"].includes(k));
      if (extra.length > 0) throw new Error(`${where}: unknown key ${extra.join(", ")}`);
      datasets[dataset][field] = {
        column: spec["column"],
        analysis: analysis as Analysis | undefined,
        type: typeof spec["type"] === "string" ? spec["type"] : undefined,
      };
    }
  }
  return { settings: doc["settings"] as DocumentSpec["settings"], datasets };
}

/** The committed templates file, as `npm run search:templates` writes it. */
export function renderTemplatesFile(templates: Record<string, IndexTemplate>): string {
  return `${JSON.stringify(templates, null, 2)}\n`;
}
