// Glue and Athena over the lake: the catalog (database, tables, workgroup, named queries), the
// Glue table definitions derived from schemas/, and the query files both Athena and Logs
// Insights load.
export { AuditAnalytics, CLOUDTRAIL_RAW_TABLE } from "./catalog";
export type { AuditAnalyticsArgs } from "./catalog";
export { loadDatasetSchemas } from "./glueTables";
export type { DatasetSchema } from "./glueTables";
export { loadQueryFiles } from "./queryFiles";
export type { QueryFile } from "./queryFiles";
