import { PackSpec } from "../evaluate";
import { Finding } from "../findings";

/** Everything a report format needs. */
export interface ReportContext {
  pack: PackSpec;
  /** `<project>/<stack>`. */
  stackLabel: string;
  /** The program's entry file relative to the repository root, for SARIF locations. */
  programFile: string;
  resourceCount: number;
  findings: Finding[];
}
