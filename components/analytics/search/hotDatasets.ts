import { LogSource } from "../../config";

/**
 * Datasets whose hot subset (the last `search.hotDays` days) the indexing step loads into
 * OpenSearch, by the source that produces them. Every other dataset stays in Athena only.
 */
export const HOT_DATASETS: Readonly<Partial<Record<LogSource, string>>> = {
  cloudtrail: "cloudtrail",
  alb: "alb",
  emr: "emr_logs",
};

/** The hot datasets of the sources that run, by source. */
export function hotDatasetsOf(running: Readonly<Record<string, string>>): Record<string, string> {
  const hot: Record<string, string> = {};
  for (const [source, dataset] of Object.entries(HOT_DATASETS)) {
    if (running[source] !== undefined) hot[source] = dataset;
  }
  return hot;
}
