// OpenSearch in the audit account: the domain, its access and log policies, and the datasets
// whose hot subset the Spark job indexes into it.
export { LogSearch } from "./domain";
export type { LogSearchArgs } from "./domain";
export { HOT_DATASETS, hotDatasetsOf } from "./hotDatasets";
export { SEARCH_LOG_TYPES, hotRetentionPolicy } from "./policies";
export { indexTemplates, loadDocumentSpec, parseDocumentSpec } from "./indexTemplates";
export type { IndexTemplate } from "./indexTemplates";
export { SearchSetup } from "./searchSetup";
export type { SearchSetupArgs } from "./searchSetup";
export type { SearchLogType } from "./policies";
