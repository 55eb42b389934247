/**
 * Reads docs/policy-coverage.md and lists where it disagrees with the pack. Pure: the document's
 * text and the policies' metadata in, problems out, so a test can feed it a doctored copy.
 */

/** What the check needs of a policy: its name, level and the control ids it claims. */
export interface PolicyFacts {
  name: string;
  enforcementLevel: string;
  /** Security Hub ids, `CIS n.m` and Checkov ids, as the policy's metadata carries them. */
  controls: string[];
}

/** One table row whose first cell is an inline-code id. */
interface Row {
  section: string;
  id: string;
  cells: string[];
}

/** Sections whose rows map scanner checks: check, resources, policies, level, note. */
const SCANNER_SECTION = /^(Checkov|Prowler) (\d+\.\d+\.\d+)$/;
const CLAIMS_SECTION = "Other controls the pack claims";
const LEFT_OUT_SECTION = "Considered and left out";
const NONE = "—";

function rowsOf(markdown: string): Row[] {
  const rows: Row[] = [];
  let section = "";
  for (const line of markdown.split("\n")) {
    const heading = /^## +(.+?) *$/.exec(line);
    if (heading) section = heading[1];
    const row = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (row) {
      const cells = row[2].split(" | ").map((c) => c.trim());
      rows.push({ section, id: row[1], cells });
    }
  }
  return rows;
}

/** The policy names a cell lists as inline code, or [] for "—". */
function policiesIn(cell: string): string[] {
  return cell === NONE ? [] : [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

/** Every disagreement between the document and the pack, one sentence each. */
export function coverageProblems(markdown: string, policies: readonly PolicyFacts[]): string[] {
  const problems: string[] = [];
  const byName = new Map(policies.map((p) => [p.name, p]));
  const rows = rowsOf(markdown);
  const scanners = new Map<string, { version: string; rows: Row[] }>();
  const mapped = new Map<string, Set<string>>();
  const seen = new Set<string>();

  for (const row of rows) {
    const scanner = SCANNER_SECTION.exec(row.section);
    const isClaims = row.section === CLAIMS_SECTION;
    if (!scanner && !isClaims) continue;
    if (seen.has(row.id)) problems.push(`${row.id} has more than one row`);
    seen.add(row.id);
    const named = policiesIn(scanner ? row.cells[1] : row.cells[0]);
    for (const name of named) {
      if (!byName.has(name)) problems.push(`${row.id} names policy ${name}, which the pack lacks`);
    }
    mapped.set(row.id, new Set(named));
    if (!scanner) continue;
    const entry = scanners.get(scanner[1]) ?? { version: scanner[2], rows: [] };
    entry.rows.push(row);
    scanners.set(scanner[1], entry);
    const [, , level, note] = row.cells;
    if (named.length === 0) {
      if (level !== NONE || note === undefined || note === NONE || note.length === 0) {
        problems.push(`${row.id} names no policy and gives no reason`);
      }
      continue;
    }
    const levels = named.map((n) => byName.get(n)?.enforcementLevel ?? "?").join(", ");
    if (level !== levels)
      problems.push(`${row.id} says level "${level}", the pack has "${levels}"`);
  }

  for (const id of rows.filter((r) => r.section === LEFT_OUT_SECTION).map((r) => r.id)) {
    if (mapped.has(id)) problems.push(`${id} is both mapped and left out`);
  }

  for (const scanner of ["Checkov", "Prowler"]) {
    const entry = scanners.get(scanner);
    if (!entry) {
      problems.push(`there is no "## ${scanner} <version>" section`);
      continue;
    }
    const covered = entry.rows.filter((r) => policiesIn(r.cells[1]).length > 0).length;
    const expected = `| ${scanner} ${entry.version} | ${entry.rows.length} | ${covered} | ${
      entry.rows.length - covered
    } | 0 | 0 |`;
    if (!markdown.includes(`\n${expected}\n`)) {
      problems.push(`the summary lacks the row ${expected}`);
    }
    if (
      !new RegExp(`^\\| ${scanner} \\| ${entry.version.replace(/\./g, "\\.")} \\|`, "m").test(
        markdown,
      )
    ) {
      problems.push(`the versions table does not give ${scanner} ${entry.version}`);
    }
  }

  for (const policy of policies) {
    for (const id of policy.controls) {
      if (!mapped.get(id)?.has(policy.name)) {
        problems.push(`${policy.name} claims ${id}, which the document does not map to it`);
      }
    }
  }
  return problems;
}
