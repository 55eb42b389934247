import { HOT_INDEX_PATTERNS, hotRetentionPolicy } from "./policies";
import { IndexTemplate } from "./indexTemplates";
import { SecurityRole, SetupSettings } from "./setup/types";

/** The security-plugin role the EMR nodes' IAM role is mapped to. */
export const WRITER_ROLE_NAME = "logs_writer";

/** The ISM policy's id on the domain. */
export const ISM_POLICY_ID = "logs-hot-retention";

/**
 * What the indexing step needs and no more: bulk writes and cluster health (the connector
 * checks the cluster before writing), and on the hot indices only: create them, write and read
 * documents, and see their metadata.
 */
export function writerRole(): SecurityRole {
  return {
    cluster_permissions: ["cluster_monitor", "indices:data/write/bulk"],
    index_permissions: [
      {
        index_patterns: [...HOT_INDEX_PATTERNS],
        allowed_actions: ["create_index", "crud", "indices_monitor"],
      },
    ],
  };
}

/**
 * The security plugin's audit logging: REST and transport events except the two noisy
 * categories (every granted request, every successful authentication); failed logins,
 * missing privileges, bad headers and security-index changes are all kept. Request bodies are
 * logged, sensitive headers are not. Compliance logging records reads of metadata and writes to
 * the security configuration. The domain publishes the result to its AUDIT_LOGS log group.
 */
export function auditLogConfig(): Record<string, unknown> {
  return {
    enabled: true,
    audit: {
      enable_rest: true,
      disabled_rest_categories: ["AUTHENTICATED", "GRANTED_PRIVILEGES"],
      enable_transport: true,
      disabled_transport_categories: ["AUTHENTICATED", "GRANTED_PRIVILEGES"],
      resolve_bulk_requests: false,
      log_request_body: true,
      resolve_indices: true,
      exclude_sensitive_headers: true,
      ignore_users: [],
      ignore_requests: [],
    },
    compliance: {
      enabled: true,
      internal_config: true,
      external_config: false,
      read_metadata_only: true,
      read_watched_fields: {},
      read_ignore_users: [],
      write_metadata_only: true,
      write_log_diffs: false,
      write_watched_indices: [],
      write_ignore_users: [],
    },
  };
}

/** Inputs of {@link searchSetupSettings}. */
export interface SearchSetupSettingsArgs {
  endpoint: string;
  adminRoleArn: string;
  templates: Record<string, IndexTemplate>;
  /** Days hot indices are kept (`search.hotDays`). */
  hotDays: number;
  /** IAM roles that write the hot indices (the EMR nodes' role). */
  writerRoleArns: string[];
}

/**
 * The event the setup function receives: everything it applies, so a change to any of it
 * changes the event and makes Pulumi invoke the function again.
 * @throws Error when no writer is named or hotDays is not a whole number of days.
 */
export function searchSetupSettings(a: SearchSetupSettingsArgs): SetupSettings {
  if (a.writerRoleArns.length === 0) {
    throw new Error("writerRoleArns: must name the role that writes the hot indices");
  }
  return {
    endpoint: a.endpoint,
    adminRoleArn: a.adminRoleArn,
    indexTemplates: a.templates,
    ismPolicyId: ISM_POLICY_ID,
    ismPolicy: hotRetentionPolicy(a.hotDays),
    writerRole: { name: WRITER_ROLE_NAME, role: writerRole(), backendRoles: a.writerRoleArns },
    auditConfig: auditLogConfig(),
  };
}
