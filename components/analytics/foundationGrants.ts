import { PlatformConfig } from "../config";
import { PlatformNaming } from "../core";
import { FoundationOptions } from "../foundation";
import { statesRoleName } from "./emr";

/**
 * What the analytics capability needs the foundation's resource policies to allow across
 * accounts, beyond the archive (whose bucket and key already trust the reader roles):
 *
 * - the home Region's ELB, Redshift and S3-access-log buckets: the reader roles, the EMR nodes
 *   among them, list and read (the `alb`, `redshift` and `s3access` runs read there);
 * - the alarm topic and the management log key: the log-processing state machine's role
 *   publishes its failures, encrypting through SNS.
 *
 * Computed from config alone, before the foundation exists: every role named here has an
 * explicit, deterministic name, so the policies need no reference to the roles themselves.
 */
export function analyticsFoundationOptions(config: PlatformConfig): FoundationOptions {
  const naming = new PlatformNaming(config.namePrefix, config.environment);
  const audit = config.accounts.audit;
  return {
    serviceLogReaders: [{ accountId: audit.id, roleNames: [...audit.readerRoleNames] }],
    alarmPublishers: [{ accountId: audit.id, roleNames: [statesRoleName(naming.stem)] }],
  };
}
