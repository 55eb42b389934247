import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { PLATFORM_DIR } from "../offline/resolveStack";
import { LoadedStack, loadStack } from "../offline/stackConfig";
import { synthesizeStack } from "../offline/synthesize";
import { BenchRow, benchReport, generateMembers } from "./members";

/**
 * `npm run bench:synth`: synthesizes the prod stack offline with 0 (baseline), 10, 50 and 200
 * generated member accounts and prints resources and seconds for each. The generated config is
 * a temporary stack file; the committed Pulumi.*.yaml are never touched.
 */
const SIZES = [10, 50, 200];
const NS = "logging-platform";

function benchStack(scratch: string, members: number): LoadedStack {
  const prod = loadStack(PLATFORM_DIR, "prod");
  const decoded = (key: string): unknown => JSON.parse(prod.config[`${NS}:${key}`]);
  const regions = decoded("regions") as { governed: string[] };
  const organization = decoded("organization") as { managementAccount: { id: string } };
  const accounts = decoded("accounts") as { logArchive: { id: string }; audit: { id: string } };
  const core = [organization.managementAccount.id, accounts.logArchive.id, accounts.audit.id];
  const stackDoc = parseStackFile(path.join(PLATFORM_DIR, "Pulumi.prod.yaml"));
  stackDoc.config[`${NS}:members`] = generateMembers(members, regions.governed, core);
  // Only the generated members exist, so no Redshift entry can name a prod member.
  stackDoc.config[`${NS}:redshiftAudit`] = { clusters: [] };
  const stack = `bench-${members}`;
  fs.writeFileSync(path.join(scratch, `Pulumi.${stack}.yaml`), stringify(stackDoc));
  return {
    ...loadStack(scratch, stack),
    programDir: PLATFORM_DIR,
    main: prod.main,
  };
}

function parseStackFile(file: string): { config: Record<string, unknown> } {
  return parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
}

async function measure(scratch: string, members: number): Promise<BenchRow> {
  const loaded = benchStack(scratch, members);
  const start = process.hrtime.bigint();
  const plan = await synthesizeStack(loaded);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { members, resources: plan.filter((r) => r.custom).length, seconds };
}

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-synth-"));
  try {
    fs.copyFileSync(path.join(PLATFORM_DIR, "Pulumi.yaml"), path.join(scratch, "Pulumi.yaml"));
    // The first synthesis compiles and loads the program; it is not measured.
    await measure(scratch, 0);
    const baseline = await measure(scratch, 0);
    const rows: BenchRow[] = [];
    for (const n of SIZES) {
      const row = await measure(scratch, n);
      console.error(
        `bench:synth: ${n} members, ${row.resources} resources, ${row.seconds.toFixed(2)} s`,
      );
      rows.push(row);
    }
    console.log(benchReport(baseline, rows));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:synth: failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
