import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Finding, PolicySpec, forType, resourcePolicy } from "../lib/define";
import { isNonEmptyString, listing } from "../lib/values";

interface LogsConfig {
  requiredLogTypes: string[];
  recommendedLogTypes: string[];
}

const LOG_TYPES = ["AUDIT_LOGS", "ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"];

const logsSpec: PolicySpec = {
  name: "opensearch-logs",
  description:
    "OpenSearch and Elasticsearch domains publish audit and error logs to CloudWatch Logs.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: {
    securityHub: ["Opensearch.4", "Opensearch.5", "ES.4", "ES.5"],
    checkov: ["CKV_AWS_84", "CKV_AWS_317"],
  },
  remediationSteps:
    "Add logPublishingOptions entries { logType, cloudwatchLogGroupArn, enabled: true } for " +
    "AUDIT_LOGS (needs advancedSecurityOptions.enabled) and ES_APPLICATION_LOGS.",
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: "array",
        items: { type: "string", enum: LOG_TYPES },
        uniqueItems: true,
        default: ["AUDIT_LOGS", "ES_APPLICATION_LOGS"],
        description: "Log types whose absence is a violation at the policy's level.",
      },
      recommendedLogTypes: {
        type: "array",
        items: { type: "string", enum: LOG_TYPES },
        uniqueItems: true,
        default: ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"],
        description: "Log types whose absence is reported as advisory.",
      },
    },
  },
};

function checkLogs(
  options: { logType: string; cloudwatchLogGroupArn?: string; enabled?: boolean }[] | undefined,
  finding: Finding,
  config: LogsConfig,
): void {
  const published = (options ?? [])
    .filter((o) => o.enabled !== false && isNonEmptyString(o.cloudwatchLogGroupArn))
    .map((o) => o.logType);
  const missing = config.requiredLogTypes.filter((t) => !published.includes(t));
  if (missing.length > 0) {
    finding.violation(
      `${finding.subject} does not publish ${listing(missing)}: add logPublishingOptions ` +
        "entries with those logType values, a cloudwatchLogGroupArn and enabled: true.",
    );
  }
  const slow = config.recommendedLogTypes.filter((t) => !published.includes(t));
  if (slow.length > 0) {
    finding.advisory(
      `${finding.subject} does not publish ${listing(slow)}: add logPublishingOptions entries ` +
        "for them to diagnose slow queries.",
    );
  }
}

/** Opensearch.4/.5, ES.4/.5, CKV_AWS_84/317: OpenSearch domains and legacy Elasticsearch ones. */
export const opensearchLogs: ResourceValidationPolicy = resourcePolicy(logsSpec, [
  forType<aws.opensearch.Domain, aws.opensearch.DomainArgs, LogsConfig>(
    logsSpec,
    aws.opensearch.Domain,
    (domain, finding, config) => checkLogs(domain.logPublishingOptions, finding, config),
  ),
  forType<aws.elasticsearch.Domain, aws.elasticsearch.DomainArgs, LogsConfig>(
    logsSpec,
    aws.elasticsearch.Domain,
    (domain, finding, config) => checkLogs(domain.logPublishingOptions, finding, config),
  ),
]);

interface HardenedConfig {
  allowedTlsPolicies: string[];
}

const hardenedSpec: PolicySpec = {
  name: "opensearch-hardened",
  description:
    "OpenSearch domains encrypt at rest and between nodes, require HTTPS with TLS 1.2 and use fine-grained access control.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["Opensearch.1", "Opensearch.2", "Opensearch.3", "Opensearch.8"] },
  remediationSteps:
    "Set encryptAtRest.enabled, nodeToNodeEncryption.enabled, domainEndpointOptions.enforceHttps " +
    "with a TLS 1.2 tlsSecurityPolicy, and advancedSecurityOptions.enabled.",
  configSchema: {
    properties: {
      allowedTlsPolicies: {
        type: "array",
        items: { type: "string" },
        minItems: 1,
        uniqueItems: true,
        default: ["Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"],
        description: "Accepted domainEndpointOptions.tlsSecurityPolicy values.",
      },
    },
  },
};

/** Opensearch.1/.2/.3/.8. */
export const opensearchHardened: ResourceValidationPolicy = resourcePolicy(
  hardenedSpec,
  forType<aws.opensearch.Domain, aws.opensearch.DomainArgs, HardenedConfig>(
    hardenedSpec,
    aws.opensearch.Domain,
    (domain, finding, config) => {
      const fixes: string[] = [];
      if (domain.encryptAtRest?.enabled !== true) fixes.push("encryptAtRest.enabled: true");
      if (domain.nodeToNodeEncryption?.enabled !== true) {
        fixes.push("nodeToNodeEncryption.enabled: true");
      }
      const endpoint = domain.domainEndpointOptions;
      if (endpoint?.enforceHttps !== true) fixes.push("domainEndpointOptions.enforceHttps: true");
      const tls = endpoint?.tlsSecurityPolicy;
      if (tls === undefined || !config.allowedTlsPolicies.includes(tls)) {
        fixes.push(`domainEndpointOptions.tlsSecurityPolicy: "${config.allowedTlsPolicies[0]}"`);
      }
      if (domain.advancedSecurityOptions?.enabled !== true) {
        fixes.push("advancedSecurityOptions.enabled: true");
      }
      if (fixes.length > 0) {
        finding.violation(`${finding.subject} is not hardened: set ${listing(fixes)}.`);
      }
    },
  ),
);
