import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The setup function's sources: components/analytics/search/setup/*.ts. */
export const SETUP_SOURCE_DIR = path.join(__dirname, "setup");

/** The handler Lambda calls: `handler.js`'s `handler`. */
export const SETUP_HANDLER = "handler.handler";

/** The setup function's code: each source file compiled to CommonJS, and their content hash. */
export interface SetupCode {
  /** File name (`handler.js`, …) → JavaScript. */
  files: Record<string, string>;
  /** SHA-256 over the files (names and contents): changes exactly when the code does. */
  hash: string;
}

/**
 * Compiles the setup function (TypeScript, Node built-ins only) to the JavaScript Lambda runs.
 * Deterministic: the same sources give the same files and hash.
 * @throws Error naming a file that does not compile or imports something outside setup/.
 */
export function setupCode(dir: string = SETUP_SOURCE_DIR): SetupCode {
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort();
  const files: Record<string, string> = {};
  for (const file of sources) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    for (const m of text.matchAll(/from "([^"]+)"/g)) {
      const spec = m[1];
      if (!spec.startsWith("./") && !["crypto", "http", "https"].includes(spec)) {
        throw new Error(
          `${file}: imports "${spec}"; the setup function may import only its siblings and crypto, http, https`,
        );
      }
    }
    const out = ts.transpileModule(text, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    const errors = (out.diagnostics ?? []).filter(
      (d) => d.category === ts.DiagnosticCategory.Error,
    );
    if (errors.length > 0) {
      throw new Error(
        `${file}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("; ")}`,
      );
    }
    files[file.replace(/\.ts$/, ".js")] = out.outputText.replace(
      /\n\/\/# sourceMappingURL=.*$/,
      "",
    );
  }
  const hash = createHash("sha256");
  for (const [name, js] of Object.entries(files)) hash.update(`${name}\0${js}\0`);
  return { files, hash: hash.digest("hex") };
}
