import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { loadDeclaredFormats } from "../formats";

/** One file of a deployable archive: where it sits in the zip and where it is read from. */
export interface BundleFile {
  /** Path inside the archive (forward slashes). */
  archivePath: string;
  /** Absolute path on the deploying machine (of the file, or of what `text` derives from). */
  sourcePath: string;
  /** The content, when it is derived from `sourcePath` rather than a copy of it. */
  text?: string;
}

/** The Spark job's deployable pieces, each content-addressed so a change re-deploys it. */
export interface SparkBundle {
  /** `logparse/**.py`: shipped with `--py-files`, imported from the zip. */
  packageFiles: BundleFile[];
  /**
   * `schemas/*.json` at the zip root, and each `formats/<name>.yaml` as `formats/<name>.json`
   * (the job reads JSON with Python's standard library): shipped with `--archives …#schemas`.
   */
  schemaFiles: BundleFile[];
  /** The job entry script (`logparse/job.py`), run by spark-submit as `__main__`. */
  jobScript: BundleFile;
  /** The OpenSearch indexing entry script (`logparse/search_index.py`). */
  searchScript: BundleFile;
  /** The JVM parsers (`spark/jvm`, built by `make jar`): shipped with `--jars`. */
  parserJar: BundleFile;
  /** First 16 hex digits of the SHA-256 over every file's path and bytes. */
  hash: string;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "__pycache__" ? [] : walk(full);
      return [full];
    })
    .sort();
}

/** SHA-256 (16 hex digits) over the files' archive paths and contents, in path order. */
export function contentHash(files: readonly BundleFile[]): string {
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => a.archivePath.localeCompare(b.archivePath))) {
    h.update(f.archivePath);
    h.update("\0");
    h.update(f.text ?? fs.readFileSync(f.sourcePath));
    h.update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

/** Where `make jar` (Maven, `spark/jvm/pom.xml`) builds the JVM parsers. */
export const PARSER_JAR = "spark/jvm/target/awslogs-1.0.0.jar";

/**
 * The bundle from a repository checkout: `spark/logparse` (Python sources only), `schemas/`,
 * the declared formats of `formats/` and the JVM parsers' jar.
 * @throws Error naming the directory or file when the checkout lacks the job, its schemas or
 * the built jar.
 */
export function sparkBundle(repoRoot: string): SparkBundle {
  const pkgDir = path.join(repoRoot, "spark", "logparse");
  const schemaDir = path.join(repoRoot, "schemas");
  for (const dir of [pkgDir, schemaDir]) {
    if (!fs.existsSync(dir)) throw new Error(`spark bundle: ${dir} does not exist`);
  }
  const packageFiles = walk(pkgDir)
    .filter((f) => f.endsWith(".py"))
    .map((f) => ({
      archivePath: path.relative(path.join(repoRoot, "spark"), f).split(path.sep).join("/"),
      sourcePath: f,
    }));
  const schemaFiles: BundleFile[] = walk(schemaDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ archivePath: path.basename(f), sourcePath: f }));
  if (schemaFiles.length === 0) throw new Error(`spark bundle: ${schemaDir} has no *.json schema`);
  for (const f of loadDeclaredFormats(path.join(repoRoot, "formats"))) {
    schemaFiles.push({ archivePath: `formats/${f.name}.json`, sourcePath: f.file, text: f.json });
  }
  const jarPath = path.join(repoRoot, PARSER_JAR);
  if (!fs.existsSync(jarPath)) {
    throw new Error(
      `spark bundle: ${jarPath} does not exist: build the JVM parsers first (make jar)`,
    );
  }
  const parserJar = { archivePath: "awslogs.jar", sourcePath: jarPath };
  const script = (name: string): BundleFile => {
    const found = packageFiles.find((f) => f.archivePath === `logparse/${name}`);
    if (!found) throw new Error(`spark bundle: ${path.join(pkgDir, name)} does not exist`);
    return found;
  };
  return {
    packageFiles,
    schemaFiles,
    jobScript: script("job.py"),
    searchScript: script("search_index.py"),
    parserJar,
    hash: contentHash([
      ...packageFiles,
      ...schemaFiles.map((f) => ({ ...f, archivePath: `schemas/${f.archivePath}` })),
      parserJar,
    ]),
  };
}

/** S3 keys of the bundle's objects under `prefix`, each carrying the content hash. */
export function bundleKeys(
  hash: string,
  prefix = "spark",
): {
  packageZip: string;
  schemasZip: string;
  jobScript: string;
  searchScript: string;
  parserJar: string;
} {
  return {
    packageZip: `${prefix}/logparse-${hash}.zip`,
    schemasZip: `${prefix}/schemas-${hash}.zip`,
    jobScript: `${prefix}/job-${hash}.py`,
    searchScript: `${prefix}/search_index-${hash}.py`,
    parserJar: `${prefix}/awslogs-${hash}.jar`,
  };
}
