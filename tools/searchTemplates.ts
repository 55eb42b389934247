import * as fs from "fs";
import * as path from "path";
import { loadDatasetSchemas } from "../components/analytics/athena";
import {
  indexTemplates,
  loadDocumentSpec,
  renderTemplatesFile,
} from "../components/analytics/search/indexTemplates";

/**
 * `npm run search:templates [-- --check]`: regenerates opensearch/index-templates.json from
 * schemas/ and opensearch/documents.json; with `--check`, writes nothing and exits 1 when the
 * committed file differs from what it would write. The Spark tests read that file.
 * Exit codes: 0 written or current, 1 stale (`--check`), 2 usage.
 */
const USAGE = "usage: npm run search:templates [-- --check]";
const root = path.resolve(__dirname, "..");
const out = path.join(root, "opensearch", "index-templates.json");
const shown = path.relative(root, out);

function main(args: readonly string[]): number {
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(
      `search:templates: unknown argument ${JSON.stringify(unknown[0])}\n${USAGE}\n`,
    );
    return 2;
  }
  const templates = indexTemplates(
    loadDatasetSchemas(path.join(root, "schemas")),
    loadDocumentSpec(root),
  );
  const rendered = renderTemplatesFile(templates);
  if (args.includes("--check")) {
    const committed = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined;
    if (committed === rendered) {
      process.stdout.write(`${shown} is current\n`);
      return 0;
    }
    process.stderr.write(
      `${shown} is ${committed === undefined ? "missing" : "stale"}: run npm run search:templates\n`,
    );
    return 1;
  }
  fs.writeFileSync(out, rendered);
  process.stdout.write(`wrote ${shown}: ${Object.keys(templates).join(", ")}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
