/**
 * The spark-submit command lines of the EMR steps, as data: fixed words plus references to the
 * execution's variables, so the state machine can render them as a JSONata list and tests and
 * docs can render them for a concrete source and day.
 */

/** The state machine variables a command may use. */
export type StepVariable = "source" | "input" | "day" | "dataset";

/** One word of a command: a literal, a variable, or a concatenation of both. */
export type ArgPart =
  string | { variable: StepVariable } | { concat: Array<string | { variable: StepVariable }> };

/** Where the job's code and data live (all `s3://` URIs). */
export interface SparkJobLocations {
  /** `--py-files` zip with the `logparse` package. */
  packageZipUri: string;
  /** `--archives` zip with `schemas/*.json` at its root. */
  schemasZipUri: string;
  /** The parse entry script (logparse/job.py). */
  jobScriptUri: string;
  /** The OpenSearch indexing entry script (logparse/search_index.py). */
  searchScriptUri: string;
  /** The opensearch-spark connector jar. */
  connectorJarUri: string;
  /** The JVM parsers' jar (format `awslogs`), on the parse step's classpath. */
  parserJarUri: string;
  /** Lake root: datasets go to `<output><dataset>/`. */
  outputUri: string;
  /** Rejects root. */
  rejectsUri: string;
  /** Where run summaries go: `<runsUri><source>/<day>.json`. */
  runsUri: string;
}

const v = (variable: StepVariable): ArgPart => ({ variable });

/** Where YARN unpacks the schema archive in every container, and how the job finds it. */
export const SCHEMAS_ALIAS = "schemas";
/** Where the declared formats sit in the unpacked schema archive (`LOGPARSE_FORMATS`). */
export const FORMATS_DIR = `./${SCHEMAS_ALIAS}/formats`;

/**
 * JVM options of the driver and every executor. The parsers' whole-stage generated methods
 * exceed HotSpot's 8000-byte JIT limit and, without this flag, run interpreted (about 2x
 * slower; the local job sets the same flag).
 */
export const JIT_JAVA_OPTIONS = "-XX:-DontCompileHugeMethods";

/**
 * The Spark properties that carry {@link JIT_JAVA_OPTIONS}. Not `extraJavaOptions`: on EMR 7
 * that holds EMR's own options (the Java 17 `--add-opens` list among them), which a value here
 * would replace. `defaultJavaOptions` is prepended to it; EMR's value there (the OOM kill hook
 * and GC logging) is repeated in its `extraJavaOptions`, so replacing it per step drops
 * nothing. Per step, not a cluster classification, so the persistent cluster is not replaced.
 */
export const JVM_OPTION_PROPERTIES = [
  "spark.driver.defaultJavaOptions",
  "spark.executor.defaultJavaOptions",
] as const;

function shippedCode(loc: SparkJobLocations): ArgPart[] {
  return [
    "spark-submit",
    "--deploy-mode",
    "cluster",
    // A failed driver is retried by Step Functions with backoff, not by YARN immediately.
    "--conf",
    "spark.yarn.maxAppAttempts=1",
    ...JVM_OPTION_PROPERTIES.flatMap((key) => ["--conf", `${key}=${JIT_JAVA_OPTIONS}`]),
    "--conf",
    `spark.yarn.appMasterEnv.LOGPARSE_SCHEMAS=./${SCHEMAS_ALIAS}`,
    "--conf",
    `spark.executorEnv.LOGPARSE_SCHEMAS=./${SCHEMAS_ALIAS}`,
    "--conf",
    `spark.yarn.appMasterEnv.LOGPARSE_FORMATS=${FORMATS_DIR}`,
    "--conf",
    `spark.executorEnv.LOGPARSE_FORMATS=${FORMATS_DIR}`,
    "--py-files",
    loc.packageZipUri,
    "--archives",
    `${loc.schemasZipUri}#${SCHEMAS_ALIAS}`,
  ];
}

/**
 * The parse step: one source, one UTC day, from its input root into the lake, registering the
 * partitions it writes in the Glue database `catalogDatabase`.
 */
export function parseStepArgs(
  loc: SparkJobLocations,
  maxRejectRatio: number,
  catalogDatabase: string,
): ArgPart[] {
  return [
    ...shippedCode(loc),
    // The JVM parsers of the line formats: the job uses them for every source that has one.
    "--jars",
    loc.parserJarUri,
    loc.jobScriptUri,
    "--source",
    v("source"),
    "--input",
    v("input"),
    "--output",
    loc.outputUri,
    "--rejects",
    loc.rejectsUri,
    "--date",
    v("day"),
    "--max-reject-ratio",
    String(maxRejectRatio),
    "--summary",
    { concat: [loc.runsUri, { variable: "source" }, "/", { variable: "day" }, ".json"] },
    "--catalog-database",
    catalogDatabase,
    // The jar is shipped above: a step that cannot load it fails rather than parse slower.
    "--parsers",
    "jvm",
  ];
}

/** The indexing step: the day's hot subset of one dataset into OpenSearch. */
export function indexStepArgs(
  loc: SparkJobLocations,
  search: { endpoint: string; region: string },
): ArgPart[] {
  return [
    ...shippedCode(loc),
    "--jars",
    loc.connectorJarUri,
    loc.searchScriptUri,
    "--dataset",
    v("dataset"),
    "--lake",
    loc.outputUri,
    "--date",
    v("day"),
    "--endpoint",
    search.endpoint,
    "--region",
    search.region,
  ];
}

function jsonataPart(part: ArgPart): string {
  if (typeof part === "string") return JSON.stringify(part);
  if ("variable" in part) return `$${part.variable}`;
  return part.concat
    .map((p) => (typeof p === "string" ? JSON.stringify(p) : `$${p.variable}`))
    .join(" & ");
}

/** The command as a Step Functions JSONata expression producing the argument list. */
export function jsonataArgs(parts: readonly ArgPart[]): string {
  return `{% [${parts.map(jsonataPart).join(", ")}] %}`;
}

/**
 * The command for concrete values, as EMR would run it.
 * @throws Error naming a variable the command uses but `values` lacks.
 */
export function renderArgs(
  parts: readonly ArgPart[],
  values: Partial<Record<StepVariable, string>>,
): string[] {
  const value = (name: StepVariable): string => {
    const found = values[name];
    if (found === undefined) throw new Error(`step command needs a value for $${name}`);
    return found;
  };
  return parts.map((p) => {
    if (typeof p === "string") return p;
    if ("variable" in p) return value(p.variable);
    return p.concat.map((c) => (typeof c === "string" ? c : value(c.variable))).join("");
  });
}
