import * as fs from "fs";
import * as path from "path";

/** One column of a dataset schema (`schemas/<dataset>.json`). */
export interface SchemaColumn {
  name: string;
  /** Hive/Glue DDL type, e.g. `string`, `array<struct<a:string>>`. */
  type: string;
  description: string;
}

/** A dataset schema: the single source of truth the Spark job enforces and Glue tables use. */
export interface DatasetSchema {
  dataset: string;
  description: string;
  columns: SchemaColumn[];
  partitionKeys: SchemaColumn[];
}

const NAME = /^[a-z][a-z0-9_]*$/;

function column(file: string, where: string, raw: unknown): SchemaColumn {
  const c = raw as Partial<Record<string, unknown>>;
  if (
    typeof raw !== "object" ||
    raw === null ||
    typeof c.name !== "string" ||
    typeof c.type !== "string"
  ) {
    throw new Error(`${file}: ${where} entry ${JSON.stringify(raw)} needs a string name and type`);
  }
  if (!NAME.test(c.name)) {
    throw new Error(
      `${file}: ${where} name ${JSON.stringify(c.name)} is not a lowercase Glue column name`,
    );
  }
  return {
    name: c.name,
    type: c.type,
    description: typeof c.description === "string" ? c.description : "",
  };
}

/**
 * Parses one schema file's text.
 * @throws Error naming the file and what is wrong (dataset name, columns, partition keys).
 */
export function parseDatasetSchema(file: string, text: string): DatasetSchema {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const expected = path.basename(file, ".json");
  if (doc["dataset"] !== expected) {
    throw new Error(
      `${file}: "dataset" is ${JSON.stringify(doc["dataset"])}, expected "${expected}"`,
    );
  }
  const list = (key: string): unknown[] => {
    const v = doc[key];
    if (!Array.isArray(v) || v.length === 0)
      throw new Error(`${file}: "${key}" must be a non-empty list`);
    return v;
  };
  const columns = list("columns").map((c, i) => column(file, `columns[${i}]`, c));
  const partitionKeys = list("partition_keys").map((c, i) =>
    column(file, `partition_keys[${i}]`, c),
  );
  if (partitionKeys[0].name !== "dt") {
    throw new Error(
      `${file}: the first partition key must be "dt", got "${partitionKeys[0].name}"`,
    );
  }
  const names = [...columns, ...partitionKeys].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new Error(`${file}: column "${dup}" is listed twice`);
  return {
    dataset: expected,
    description: typeof doc["description"] === "string" ? doc["description"] : "",
    columns,
    partitionKeys,
  };
}

/** Every `*.json` schema in `dir`, in file-name order. */
export function loadDatasetSchemas(dir: string): DatasetSchema[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => parseDatasetSchema(path.join(dir, f), fs.readFileSync(path.join(dir, f), "utf8")));
}

/** Parquet storage as Glue receives it. */
export const PARQUET_STORAGE = {
  inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
  serDeInfo: {
    name: "parquet",
    serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    parameters: { "serialization.format": "1" },
  },
} as const;

/** A Glue column with its comment (Glue limits comments to 255 characters). */
export function glueColumn(c: SchemaColumn): { name: string; type: string; comment: string } {
  return { name: c.name, type: c.type, comment: c.description.slice(0, 255) };
}

/**
 * The raw CloudTrail table over the archive (org trail layout
 * `AWSLogs/<o-id>/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`): the CloudTrail SerDe reads
 * the delivered JSON files as they are, so audits work before (or without) the Spark job.
 */
export const CLOUDTRAIL_RAW_COLUMNS: ReadonlyArray<{ name: string; type: string }> = [
  { name: "eventversion", type: "string" },
  {
    name: "useridentity",
    type:
      "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string," +
      "accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>," +
      "sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>," +
      "sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>," +
      "sourceidentity:string,ec2roledelivery:string,webidfederationdata:map<string,string>>>",
  },
  { name: "eventtime", type: "string" },
  { name: "eventsource", type: "string" },
  { name: "eventname", type: "string" },
  { name: "awsregion", type: "string" },
  { name: "sourceipaddress", type: "string" },
  { name: "useragent", type: "string" },
  { name: "errorcode", type: "string" },
  { name: "errormessage", type: "string" },
  { name: "requestparameters", type: "string" },
  { name: "responseelements", type: "string" },
  { name: "additionaleventdata", type: "string" },
  { name: "requestid", type: "string" },
  { name: "eventid", type: "string" },
  { name: "readonly", type: "string" },
  { name: "resources", type: "array<struct<arn:string,accountid:string,type:string>>" },
  { name: "eventtype", type: "string" },
  { name: "apiversion", type: "string" },
  { name: "recipientaccountid", type: "string" },
  { name: "serviceeventdetails", type: "string" },
  { name: "sharedeventid", type: "string" },
  { name: "vpcendpointid", type: "string" },
  { name: "eventcategory", type: "string" },
  {
    name: "tlsdetails",
    type: "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>",
  },
];

/** Storage of the raw CloudTrail table (CloudTrail input format and SerDe). */
export const CLOUDTRAIL_RAW_STORAGE = {
  inputFormat: "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
  serDeInfo: {
    name: "cloudtrail",
    serializationLibrary: "com.amazon.emr.hive.serde.CloudTrailSerde",
  },
} as const;
