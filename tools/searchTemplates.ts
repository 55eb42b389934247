import * as fs from "fs";
import * as path from "path";
import { loadDatasetSchemas } from "../components/analytics/athena";
import {
  indexTemplates,
  parseDocumentSpec,
  renderTemplatesFile,
} from "../components/analytics/search/indexTemplates";

/**
 * `npm run search:templates`: regenerates opensearch/index-templates.json from schemas/ and
 * opensearch/documents.json. The Spark tests read that file; a mocha test fails when it is stale.
 */
const root = path.resolve(__dirname, "..");
const documentsFile = path.join(root, "opensearch", "documents.json");
const out = path.join(root, "opensearch", "index-templates.json");
const templates = indexTemplates(
  loadDatasetSchemas(path.join(root, "schemas")),
  parseDocumentSpec("opensearch/documents.json", fs.readFileSync(documentsFile, "utf8")),
);
fs.writeFileSync(out, renderTemplatesFile(templates));
process.stdout.write(`wrote ${path.relative(root, out)}: ${Object.keys(templates).join(", ")}\n`);
