// EMR log processing in the audit account: the cluster (persistent) or its RunJobFlow request
// (transient), the Step Functions state machine that runs the Spark steps, and the schedules.
export { EmrProcessing } from "./processing";
export type { EmrProcessingArgs } from "./processing";
export { EMR_LOG_PREFIX, EMR_MANAGED_TAG } from "./clusterPolicies";
export { statesRoleName } from "./roleNames";
export type { DailySchedule } from "./schedules";
