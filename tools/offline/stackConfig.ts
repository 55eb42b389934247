import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** A stack that cannot be loaded: unknown name, unreadable file or malformed YAML. */
export class StackConfigError extends Error {
  override readonly name = "StackConfigError";
}

/** What offline synthesis needs to know about a Pulumi program and one of its stacks. */
export interface LoadedStack {
  /** Absolute path of the program directory (the one holding Pulumi.yaml). */
  programDir: string;
  /** `name` from Pulumi.yaml. */
  project: string;
  /** Stack name (the `<stack>` in Pulumi.<stack>.yaml). */
  stack: string;
  /** Absolute path of the program's entry module. */
  main: string;
  /** Flat runtime config, `namespace:key` → string (objects JSON-encoded), defaults applied. */
  config: Record<string, string>;
  /**
   * The stacks this one reads through `pulumi.StackReference`, by the fully qualified name the
   * program passes; offline synthesis synthesizes each and answers with its outputs.
   */
  references?: Readonly<Record<string, LoadedStack>>;
}

/**
 * Why `name` cannot be a stack name, or undefined: a stack name becomes part of a file name
 * (`Pulumi.<stack>.yaml`), so it is 1-100 of letters, digits, `.`, `_` and `-`, and neither `.`
 * nor `..` — never a path.
 */
export function stackNameProblem(name: string): string | undefined {
  if (/^[A-Za-z0-9._-]{1,100}$/.test(name) && name !== "." && name !== "..") return undefined;
  return (
    `${JSON.stringify(name)} is not a stack name: use 1-100 of letters, digits, ".", "_" and "-" ` +
    "(like dev or prod), not a path"
  );
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new StackConfigError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function readYaml(file: string): Record<string, unknown> {
  return parseYaml(readText(file), file);
}

function parseYaml(text: string, file: string): Record<string, unknown> {
  try {
    const doc: unknown = parse(text);
    return doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
  } catch (e) {
    throw new StackConfigError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
}

function encode(key: string, value: unknown, file: string): string {
  if (value !== null && typeof value === "object" && "secure" in (value as object)) {
    throw new StackConfigError(
      `${file}: ${key} is an encrypted secret; offline synthesis cannot decrypt it — ` +
        "use a plain placeholder value in a copy of the stack file",
    );
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function qualify(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * The stacks a program defines: every Pulumi.<stack>.yaml beside its Pulumi.yaml, except the
 * member stacks `npm run fleet` derives from an environment's file (`<env>-<12 digits>` next to
 * `Pulumi.<env>.yaml`): those are generated settings, not stacks anyone defines.
 */
export function listStacks(programDir: string): string[] {
  const stacks = fs
    .readdirSync(programDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);
  const own = new Set(stacks);
  return stacks
    .filter((s) => {
      const derived = /^(.+)-\d{12}$/.exec(s);
      return derived === null || !own.has(derived[1]);
    })
    .sort();
}

/**
 * Loads a program's project file and one stack file into the flat config map the Pulumi
 * runtime reads. Project-level `config:` defaults apply where the stack sets no value.
 */
export function loadStack(programDir: string, stack: string): LoadedStack {
  return loadStackWithText(programDir, stack);
}

/**
 * {@link loadStack}, with the stack file's content given instead of read (`undefined`: read it).
 * Reads nothing but Pulumi.yaml and writes nothing, so a proposed edit can be validated before
 * the stack file changes.
 */
export function loadStackWithText(
  programDir: string,
  stack: string,
  stackText?: string,
): LoadedStack {
  const nameProblem = stackNameProblem(stack);
  if (nameProblem !== undefined) throw new StackConfigError(`--stack ${nameProblem}`);
  const dir = path.resolve(programDir);
  const projectFile = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(projectFile)) {
    throw new StackConfigError(`${dir} has no Pulumi.yaml: expected a Pulumi program directory`);
  }
  const project = readYaml(projectFile);
  const projectName = project["name"];
  if (typeof projectName !== "string") {
    throw new StackConfigError(`${projectFile}: "name" must be the project name`);
  }
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  if (stackText === undefined && !fs.existsSync(stackFile)) {
    const known = listStacks(dir);
    throw new StackConfigError(
      `unknown stack "${stack}": ${stackFile} does not exist (stacks here: ${known.join(", ") || "none"})`,
    );
  }
  const config: Record<string, string> = {};
  const declared = project["config"];
  if (declared !== null && typeof declared === "object") {
    for (const [key, spec] of Object.entries(declared as Record<string, unknown>)) {
      const value =
        spec !== null && typeof spec === "object" && !Array.isArray(spec) && "default" in spec
          ? (spec as { default: unknown }).default
          : spec !== null && typeof spec !== "object"
            ? spec
            : undefined;
      if (value !== undefined) config[qualify(projectName, key)] = encode(key, value, projectFile);
    }
  }
  const stackDoc = stackText === undefined ? readYaml(stackFile) : parseYaml(stackText, stackFile);
  const stackConfig = stackDoc["config"];
  if (stackConfig !== undefined && (stackConfig === null || typeof stackConfig !== "object")) {
    throw new StackConfigError(`${stackFile}: "config" must be a mapping`);
  }
  for (const [key, value] of Object.entries((stackConfig ?? {}) as Record<string, unknown>)) {
    config[qualify(projectName, key)] = encode(key, value, stackFile);
  }
  const mainSetting = project["main"];
  const mainBase = typeof mainSetting === "string" ? path.join(dir, mainSetting) : dir;
  const main =
    fs.existsSync(mainBase) && fs.statSync(mainBase).isDirectory()
      ? path.join(mainBase, "index.ts")
      : mainBase;
  return { programDir: dir, project: projectName, stack, main, config };
}
