/**
 * Names of the log-processing roles that carry no reader prefix. Fixed here, not at the role,
 * because the foundation's alarm topic and key policies name the state machine's role before
 * it exists.
 */

/** The Step Functions role of the log-processing state machine. */
export function statesRoleName(stem: string): string {
  return `${stem}-logparse-states`;
}

/** The EventBridge Scheduler role that starts the daily runs. */
export function schedulerRoleName(stem: string): string {
  return `${stem}-logparse-scheduler`;
}
