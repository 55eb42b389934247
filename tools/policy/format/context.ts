import { PackInfo } from "../packInfo";
import { Finding } from "../findings";

/** Everything a report format needs. */
export interface ReportContext {
  pack: PackInfo;
  /** `<project>/<stack>`. */
  stackLabel: string;
  /** The program's entry file relative to the repository root, for SARIF locations. */
  programFile: string;
  resourceCount: number;
  findings: Finding[];
}
