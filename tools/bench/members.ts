/** Pure parts of the synthesis benchmark: generated members and the result table. */

/** One generated member as the stack config spells it. */
export interface GeneratedMember {
  id: string;
  name: string;
  regions: string[];
}

/**
 * `count` distinct members spread over the governed Regions: every member is in the first
 * Region, every other one also in the next, so the mix of one- and two-Region accounts is the
 * same at every size and cost per account is comparable.
 * @throws Error when a generated id would collide with an excluded (core) account.
 */
export function generateMembers(
  count: number,
  governed: readonly string[],
  excludedIds: readonly string[],
): GeneratedMember[] {
  const members: GeneratedMember[] = [];
  for (let i = 0; i < count; i++) {
    const id = String(900000000000 + i * 1009).padStart(12, "0");
    if (excludedIds.includes(id)) throw new Error(`generated member id ${id} is a core account`);
    const regions = i % 2 === 1 && governed.length > 1 ? [governed[0], governed[1]] : [governed[0]];
    members.push({ id, name: `bench-${String(i).padStart(4, "0")}`, regions });
  }
  return members;
}

/** One measured synthesis. */
export interface BenchRow {
  members: number;
  resources: number;
  seconds: number;
}

/** Seconds per member beyond the member-less baseline. */
export function perMemberSeconds(row: BenchRow, baseline: BenchRow): number {
  if (row.members === 0) throw new Error("a row without members has no per-member time");
  return (row.seconds - baseline.seconds) / row.members;
}

/** Resources per member beyond the baseline. */
export function perMemberResources(row: BenchRow, baseline: BenchRow): number {
  return (row.resources - baseline.resources) / row.members;
}

/** The Markdown table of the runs and the per-member time ratio of the largest to the smallest. */
export function benchReport(baseline: BenchRow, rows: readonly BenchRow[]): string {
  const lines = [
    "| members | resources | resources/member | seconds | seconds/member (beyond 0 members) |",
    "|---:|---:|---:|---:|---:|",
    `| 0 | ${baseline.resources} | – | ${baseline.seconds.toFixed(2)} | – |`,
    ...rows.map(
      (r) =>
        `| ${r.members} | ${r.resources} | ${perMemberResources(r, baseline).toFixed(2)} | ` +
        `${r.seconds.toFixed(2)} | ${perMemberSeconds(r, baseline).toFixed(4)} |`,
    ),
  ];
  const first = rows[0];
  const last = rows[rows.length - 1];
  const ratio = perMemberSeconds(last, baseline) / perMemberSeconds(first, baseline);
  lines.push(
    "",
    `per-member time ratio ${last.members} vs ${first.members} members: ${ratio.toFixed(2)} ` +
      "(1.00 = linear; above 1 grows faster than the member count)",
  );
  return lines.join("\n");
}
