/**
 * The AWS Regions the platform can deploy to, by partition. A Region name alone says nothing
 * about whether it exists (`eu-west-9` matches every pattern), and its partition decides every
 * ARN the platform builds, so both come from this table.
 *
 * Source: the `Region` enum of @pulumi/aws 7.48 (generated from the AWS SDK's partition
 * metadata), checked by tests/components/core/regions.test.ts so that a provider upgrade adding
 * a Region fails a test until the Region is added here.
 */

/** AWS partitions the platform can be deployed to. */
export type Partition = "aws" | "aws-us-gov" | "aws-cn";

/** Every Region of each supported partition (commercial list as of 2026). */
export const REGIONS_BY_PARTITION: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
};

/**
 * Regions of partitions the platform does not deploy to (isolated and sovereign clouds), so a
 * config naming one is told why instead of "unknown Region".
 */
export const UNSUPPORTED_PARTITION_REGIONS: Readonly<Record<string, string>> = {
  "us-iso-east-1": "aws-iso",
  "us-iso-west-1": "aws-iso",
  "us-isob-east-1": "aws-iso-b",
  "us-isob-west-1": "aws-iso-b",
  "eu-isoe-west-1": "aws-iso-e",
  "us-isof-east-1": "aws-iso-f",
  "us-isof-south-1": "aws-iso-f",
  "eusc-de-east-1": "aws-eusc",
};

const PARTITION_OF: ReadonlyMap<string, Partition> = new Map(
  (Object.entries(REGIONS_BY_PARTITION) as Array<[Partition, readonly string[]]>).flatMap(
    ([partition, regions]) => regions.map((r): [string, Partition] => [r, partition]),
  ),
);

/** Levenshtein distance: the number of one-character edits from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** The candidate fewest edits away from `word` (the first of equals, in the candidates' order). */
export function closestOf(word: string, candidates: readonly string[]): string {
  let best = candidates[0];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Why `region` is not a Region the platform can deploy to, or undefined when it is one. */
export function regionProblem(region: string): string | undefined {
  if (PARTITION_OF.has(region)) return undefined;
  const other = UNSUPPORTED_PARTITION_REGIONS[region];
  if (other !== undefined) {
    return `is a Region of the ${other} partition, which the platform does not support (${Object.keys(REGIONS_BY_PARTITION).join(", ")})`;
  }
  const closest = closestOf(region, [...PARTITION_OF.keys()]);
  // A near miss is a typo worth naming; anything further (a city name) gets an example instead.
  return editDistance(region, closest) <= 2
    ? `is not an AWS Region (did you mean ${JSON.stringify(closest)}?)`
    : "is not an AWS Region (Region codes look like eu-west-1; the list is in components/core/regions.ts)";
}

/**
 * The partition of a Region, which every ARN naming a resource there must use.
 * @throws Error for a Region not in {@link REGIONS_BY_PARTITION} (config validation refuses
 * those first, naming the key).
 */
export function partitionOf(region: string): Partition {
  const partition = PARTITION_OF.get(region);
  if (partition === undefined) {
    throw new Error(`${JSON.stringify(region)} ${regionProblem(region)}`);
  }
  return partition;
}
