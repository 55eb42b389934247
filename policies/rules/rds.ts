import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Finding, PolicySpec, forType, resourcePolicy, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asArray, asRecord, isNonEmptyString, listing } from "../lib/values";

interface ExportsConfig {
  clusterLogTypes: Record<string, string[]>;
  instanceLogTypes: Record<string, string[]>;
}

const engineLogTypes = (description: string, defaults: Record<string, string[]>) => ({
  type: "object" as const,
  additionalProperties: { type: "array" as const, items: { type: "string" as const } },
  default: defaults,
  description,
});

const exportsSpec: PolicySpec = {
  name: "rds-log-exports",
  description:
    "RDS instances and clusters export database logs to CloudWatch Logs: audit logs for MySQL " +
    "clusters, postgresql logs for PostgreSQL.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {
    securityHub: ["RDS.9", "RDS.34", "RDS.36", "RDS.37", "RDS.40"],
    checkov: ["CKV_AWS_129", "CKV_AWS_324", "CKV_AWS_325"],
  },
  remediationSteps:
    'Set enabledCloudwatchLogsExports to the engine\'s logs: at least "audit" for Aurora MySQL and ' +
    'MySQL clusters (e.g. ["audit", "error", "general", "slowquery"]), "postgresql" for PostgreSQL.',
  configSchema: {
    properties: {
      clusterLogTypes: engineLogTypes(
        "Log types aws.rds.Cluster must export, by engine; other engines must export at least one.",
        {
          aurora: ["audit"],
          "aurora-mysql": ["audit"],
          mysql: ["audit"],
          "aurora-postgresql": ["postgresql"],
          postgres: ["postgresql"],
        },
      ),
      instanceLogTypes: engineLogTypes(
        "Log types aws.rds.Instance must export, by engine; other engines must export at least one.",
        { postgres: ["postgresql"] },
      ),
    },
  },
};

function checkExports(
  db: { engine?: string; enabledCloudwatchLogsExports?: string[] },
  finding: Finding,
  required: Record<string, string[]>,
): void {
  const exported = db.enabledCloudwatchLogsExports ?? [];
  const engine = String(db.engine ?? "");
  const missing = (required[engine] ?? []).filter((t) => !exported.includes(t));
  if (exported.length === 0) {
    finding.violation(
      `${finding.subject} exports no database logs: set enabledCloudwatchLogsExports to the ` +
        `engine's log types${missing.length > 0 ? `, including ${listing(missing.map((t) => `"${t}"`))}` : ""}.`,
    );
  } else if (missing.length > 0) {
    finding.violation(
      `${finding.subject} (${engine}) does not export ${listing(missing.map((t) => `"${t}"`))}: ` +
        "add it to enabledCloudwatchLogsExports.",
    );
  }
}

/** RDS.9 / RDS.34 / RDS.36 / RDS.37 / RDS.40 / CKV_AWS_129 / CKV_AWS_324 / CKV_AWS_325. */
export const rdsLogExports: ResourceValidationPolicy = resourcePolicy(exportsSpec, [
  forType<aws.rds.Instance, aws.rds.InstanceArgs, ExportsConfig>(
    exportsSpec,
    aws.rds.Instance,
    (db, finding, config) => checkExports(db, finding, config.instanceLogTypes),
  ),
  forType<aws.rds.Cluster, aws.rds.ClusterArgs, ExportsConfig>(
    exportsSpec,
    aws.rds.Cluster,
    (db, finding, config) => checkExports(db, finding, config.clusterLogTypes),
  ),
]);

/** PostgreSQL parameters that make the database log statements, and the values that do not. */
const QUERY_LOGGING: Record<string, string> = {
  log_statement: "none",
  log_min_duration_statement: "-1",
};

function queryLoggingGaps(group: PolicyResource): string[] {
  const params = new Map(
    asArray(group.props["parameters"])
      .map((p) => asRecord(p))
      .map((p) => [String(p?.["name"]), String(p?.["value"])] as const),
  );
  return Object.entries(QUERY_LOGGING)
    .filter(([name, off]) => !params.has(name) || params.get(name) === off)
    .map(([name]) => name);
}

const querySpec: PolicySpec = {
  name: "rds-postgres-query-logging",
  description: "PostgreSQL databases log statements through their parameter group.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { checkov: ["CKV2_AWS_27", "CKV2_AWS_30"] },
  remediationSteps:
    "Give the database a parameter group (aws.rds.ClusterParameterGroup for clusters, " +
    'aws.rds.ParameterGroup for instances) with log_statement (e.g. "ddl") and ' +
    'log_min_duration_statement (e.g. "1000" ms).',
};

/** A class whose instances `PolicyResource.isType` can recognise. */
type ResourceClass = Parameters<PolicyResource["isType"]>[0];

/** Which PostgreSQL databases the policy looks at, and through which property and class. */
interface PostgresTarget {
  cls: ResourceClass;
  engines: readonly string[];
  property: string;
  groupClass: ResourceClass;
  groupName: string;
}

const POSTGRES_TARGETS: readonly PostgresTarget[] = [
  {
    cls: aws.rds.Cluster,
    engines: ["aurora-postgresql", "postgres"],
    property: "dbClusterParameterGroupName",
    groupClass: aws.rds.ClusterParameterGroup,
    groupName: "aws.rds.ClusterParameterGroup",
  },
  {
    cls: aws.rds.Instance,
    engines: ["postgres"],
    property: "parameterGroupName",
    groupClass: aws.rds.ParameterGroup,
    groupName: "aws.rds.ParameterGroup",
  },
];

/** CKV2_AWS_27 / CKV2_AWS_30: the default parameter groups log no statements. */
export const rdsPostgresQueryLogging: StackValidationPolicy = stackPolicy(
  querySpec,
  (stack, args) => {
    let databases = 0;
    for (const target of POSTGRES_TARGETS) {
      const dbs = stack.resources.filter(
        (r) => r.isType(target.cls) && target.engines.includes(String(r.props["engine"])),
      );
      databases += dbs.length;
      const groups = stack.resources.filter((r) => r.isType(target.groupClass));
      stack.each(dbs, (db, finding) => {
        const name = db.props[target.property];
        if (!isNonEmptyString(name)) {
          finding.violation(
            `${finding.subject} uses the default parameter group, which logs no statements: set ` +
              `${target.property} to an ${target.groupName} with log_statement and ` +
              "log_min_duration_statement.",
          );
          return;
        }
        const group = groups.find((g) => refersTo(db, target.property, g, ["name", "id"]));
        if (!group) {
          finding.advisory(
            `${finding.subject} uses parameter group ${name}, which this stack does not manage, ` +
              "so its query logging is not checked here.",
          );
          return;
        }
        const gaps = queryLoggingGaps(group);
        if (gaps.length > 0) {
          finding.violation(
            `${finding.subject} logs no statements: set ${listing(gaps)} on its ` +
              `${target.groupName} "${group.name}".`,
          );
        }
      });
    }
    if (databases === 0) args.notApplicable("the stack has no PostgreSQL database");
  },
);
