import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policies/rules";
import { PolicyFacts, coverageProblems } from "./coverageDoc";

const DOC = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "policy-coverage.md"), "utf8");

/** The pack as the document sees it; `tags` carries "logging" and then every control id. */
const PACK: PolicyFacts[] = policies.map((p) => ({
  name: p.name,
  enforcementLevel: String(p.enforcementLevel),
  controls: (p.tags ?? []).filter((t) => t !== "logging"),
}));

const rowOf = (id: string) => DOC.split("\n").find((l) => l.startsWith(`| \`${id}\` |`))!;

describe("docs/policy-coverage.md", () => {
  it("agrees with the pack: policies exist at their level, every claimed control is mapped", () => {
    assert.deepStrictEqual(coverageProblems(DOC, PACK), []);
  });

  it("maps every logging check of both scanners, none missing or partial", () => {
    assert.ok(DOC.includes("\n| Checkov 3.3.30 | 54 | 53 | 1 | 0 | 0 |\n"));
    assert.ok(DOC.includes("\n| Prowler 5.46.0 | 83 | 79 | 4 | 0 | 0 |\n"));
  });

  it("fails when a row names a policy the pack does not have", () => {
    const row = rowOf("CKV_AWS_251");
    const doctored = DOC.replace(row, row.replace("`cloudtrail-logging-enabled`", "`trail-on`"));
    assert.deepStrictEqual(coverageProblems(doctored, PACK), [
      "CKV_AWS_251 names policy trail-on, which the pack lacks",
      'CKV_AWS_251 says level "mandatory", the pack has "?"',
      "cloudtrail-logging-enabled claims CKV_AWS_251, which the document does not map to it",
    ]);
  });

  it("fails when a policy claims a control id the document does not map", () => {
    const pack = PACK.map((p) =>
      p.name === "sfn-logging" ? { ...p, controls: [...p.controls, "StepFunctions.9"] } : p,
    );
    assert.deepStrictEqual(coverageProblems(DOC, pack), [
      "sfn-logging claims StepFunctions.9, which the document does not map to it",
    ]);
  });

  it("fails when a row's level or summary is stale, or a check has neither policy nor reason", () => {
    const row = rowOf("CKV_AWS_252");
    const demoted = DOC.replace(row, row.replace("| advisory |", "| mandatory |"));
    assert.deepStrictEqual(coverageProblems(demoted, PACK), [
      'CKV_AWS_252 says level "mandatory", the pack has "advisory"',
    ]);
    const runtime = rowOf("cloudwatch_log_group_no_secrets_in_logs");
    const reasonless = DOC.replace(runtime, runtime.replace(/\| [^|]+ \|$/, "| — |"));
    assert.deepStrictEqual(coverageProblems(reasonless, PACK), [
      "cloudwatch_log_group_no_secrets_in_logs names no policy and gives no reason",
    ]);
    const dropped = DOC.replace(`${rowOf("CKV_AWS_18")}\n`, "");
    assert.deepStrictEqual(coverageProblems(dropped, PACK), [
      "the summary lacks the row | Checkov 3.3.30 | 53 | 52 | 1 | 0 | 0 |",
      "s3-access-logging claims CKV_AWS_18, which the document does not map to it",
    ]);
  });
});
