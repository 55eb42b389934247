import { PlatformConfig } from "../../components/config";
import { ASSUMPTIONS, COMPRESSION, PARSE_MB_PER_CPU_SECOND } from "./assumptions";
import { COST_LINES, CostLine, estimate, fullRetentionDay } from "./model";
import { EMR_INSTANCES, PRICES, PRICE_DATE, PRICE_REGION, SEARCH_INSTANCES } from "./prices";

/** One column of the cost table: a stack configuration at an organization size. */
export interface CostColumn {
  /** The stack's name (`dev`, `prod`). */
  readonly stack: string;
  readonly config: PlatformConfig;
  /** Accounts in the organization. */
  readonly accounts: number;
}

/** The day of the first two totals: a year after the first deployment. */
export const FIRST_YEAR_DAY = 365;

const LABELS: Readonly<Record<CostLine, string>> = {
  dataEvents: "CloudTrail data events (`features.dataEvents`)",
  insights: "CloudTrail Insights (`features.insights`)",
  trailLogs: "organization trail in CloudWatch Logs, CIS alarms",
  lake: "CloudTrail Lake (`features.cloudTrailLake`)",
  flowLogs: "VPC flow logs delivered to S3 as Parquet",
  firehose: "Firehose (CloudWatch Logs centralization)",
  archiveHot: "S3 archive, Standard (until `retention.hotDays`)",
  archiveCold: "S3 archive, `retention.archiveStorageClass`",
  parsedLake: "S3 parsed lake (Parquet)",
  emr: "EMR (`analytics.emr.mode`)",
  search: "OpenSearch domain",
  network: "VPC interface endpoints, KMS keys",
};

/** Two significant figures (whole dollars below 10): the estimate is an order of magnitude. */
export function usd(x: number): string {
  if (x === 0) return "0";
  if (x < 0.5) return "<1";
  if (x < 10) return String(Math.round(x));
  const scale = 10 ** (Math.floor(Math.log10(x)) - 1);
  return (Math.round(x / scale) * scale).toLocaleString("en-US");
}

const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;

/** The README's table: monthly USD per row and column, then the totals. */
export function costTable(columns: readonly CostColumn[]): string {
  const year = columns.map((c) => estimate(c.config, c.accounts, FIRST_YEAR_DAY));
  const full = columns.map((c) => estimate(c.config, c.accounts, fullRetentionDay(c.config)));
  const fullDays = [...new Map(columns.map((c) => [c.stack, fullRetentionDay(c.config)]))]
    .map(([stack, day]) => `${stack} day ${day.toLocaleString("en-US")}`)
    .join(", ");
  return [
    row([
      `USD per month, day ${FIRST_YEAR_DAY}`,
      ...columns.map((c) => `${c.stack}, ${c.accounts} accounts`),
    ]),
    row(["---", ...columns.map(() => "---:")]),
    ...COST_LINES.map((line) => row([LABELS[line], ...year.map((e) => usd(e.lines[line]))])),
    row([`**total, day ${FIRST_YEAR_DAY}**`, ...year.map((e) => `**${usd(e.total)}**`)]),
    row([`total once every retention is full (${fullDays})`, ...full.map((e) => usd(e.total))]),
    row([
      "not in the totals: this trail's management events when another trail already records them",
      ...year.map((e) => usd(e.secondManagementCopy)),
    ]),
  ].join("\n");
}

/** docs/cost.md's table of the unit prices the estimate uses. */
export function pricesTable(): string {
  const lines = [
    row(["price", `USD (${PRICE_REGION}, ${PRICE_DATE})`, "per", "source", "checked"]),
    row(["---", "---:", "---", "---", "---"]),
    ...Object.values(PRICES).map((p) => row([p.what, String(p.usd), p.unit, p.source, p.checked])),
  ];
  for (const [kind, table] of [
    ["EMR node", EMR_INSTANCES],
    ["OpenSearch node", SEARCH_INSTANCES],
  ] as const) {
    for (const [type, p] of Object.entries(table)) {
      lines.push(
        row([
          `${kind} \`${type}\` (${p.vcpus} vCPUs)`,
          String(Math.round(p.usdPerHour * 1e4) / 1e4),
          "instance-hour",
          p.source,
          "not checked here",
        ]),
      );
    }
  }
  return lines.join("\n");
}

/** docs/cost.md's table of the assumed volumes and factors. */
export function assumptionsTable(): string {
  return [
    row(["assumption", "value", "unit", "why"]),
    row(["---", "---:", "---", "---"]),
    ...Object.entries(ASSUMPTIONS).map(([name, a]) =>
      row([`\`${name}\``, a.value.toLocaleString("en-US"), a.unit, a.why]),
    ),
    ...Object.entries(COMPRESSION).map(([source, a]) =>
      row([`compression of \`${source}\``, String(a.value), a.unit, a.why]),
    ),
    ...Object.entries(PARSE_MB_PER_CPU_SECOND).map(([source, rate]) =>
      row([
        `parse rate of \`${source}\``,
        String(rate),
        "MB per CPU-second",
        "docs/spark-benchmark.md, 4x rows",
      ]),
    ),
  ].join("\n");
}
