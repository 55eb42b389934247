import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asArray, asRecord, isNonEmptyString, listing, stringList } from "../lib/values";

/** The three Redshift audit logs; CloudWatch delivery must export all of them. */
export const REDSHIFT_LOG_EXPORTS = ["connectionlog", "userlog", "useractivitylog"];

function loggingGaps(logging: PolicyResource): string[] {
  const type = logging.props["logDestinationType"];
  if (type === "cloudwatch") {
    const exported = stringList(logging.props["logExports"]);
    const missing = REDSHIFT_LOG_EXPORTS.filter((l) => !exported.includes(l));
    return missing.length > 0 ? [`logExports lacks ${listing(missing)}`] : [];
  }
  return isNonEmptyString(logging.props["bucketName"]) ? [] : ["bucketName is not set"];
}

function userActivityLogging(group: PolicyResource): boolean {
  return asArray(group.props["parameters"]).some((p) => {
    const param = asRecord(p);
    return param?.["name"] === "enable_user_activity_logging" && param["value"] === "true";
  });
}

const auditSpec: PolicySpec = {
  name: "redshift-audit-logging",
  description:
    "Every Redshift cluster has audit logging and a parameter group that logs user activity.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["Redshift.4"], checkov: ["CKV_AWS_71"] },
  remediationSteps:
    'Add an aws.redshift.Logging for the cluster (logDestinationType "s3" with bucketName, or ' +
    '"cloudwatch" with logExports connectionlog, userlog and useractivitylog) and give the cluster ' +
    "an aws.redshift.ParameterGroup with enable_user_activity_logging = true.",
};

/** Redshift.4 / CKV_AWS_71: aws.redshift.Logging plus enable_user_activity_logging. */
export const redshiftAuditLogging: StackValidationPolicy = stackPolicy(auditSpec, (stack, args) => {
  const clusters = stack.resources.filter((r) => r.isType(aws.redshift.Cluster));
  if (clusters.length === 0) args.notApplicable("the stack has no Redshift cluster");
  const loggings = stack.resources.filter((r) => r.isType(aws.redshift.Logging));
  const groups = stack.resources.filter((r) => r.isType(aws.redshift.ParameterGroup));
  stack.each(clusters, (cluster, finding) => {
    const logging = loggings.filter((l) =>
      refersTo(l, "clusterIdentifier", cluster, ["clusterIdentifier", "id"]),
    );
    if (logging.length === 0) {
      finding.violation(
        `${finding.subject} has no audit logging: add an aws.redshift.Logging with ` +
          'clusterIdentifier = this cluster and logDestinationType "s3" (bucketName) or ' +
          `"cloudwatch" (logExports ${listing(REDSHIFT_LOG_EXPORTS)}).`,
      );
    } else {
      const gaps = logging.flatMap(loggingGaps);
      if (gaps.length === logging.length && gaps.length > 0) {
        finding.violation(
          `${finding.subject}'s aws.redshift.Logging is incomplete: ${listing(gaps)}.`,
        );
      }
    }
    const group = groups.find((g) =>
      refersTo(cluster, "clusterParameterGroupName", g, ["name", "id"]),
    );
    if (!group || !userActivityLogging(group)) {
      finding.violation(
        `${finding.subject} does not log user activity: ` +
          (group
            ? `add parameter { name: "enable_user_activity_logging", value: "true" } to its aws.redshift.ParameterGroup.`
            : "set clusterParameterGroupName to an aws.redshift.ParameterGroup with " +
              'parameter { name: "enable_user_activity_logging", value: "true" }.'),
      );
    }
  });
});

const serverlessSpec: PolicySpec = {
  name: "redshift-serverless-logging",
  description: "Redshift Serverless namespaces export user, connection and user-activity logs.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["RedshiftServerless.6"] },
  remediationSteps: 'Set logExports to ["userlog", "connectionlog", "useractivitylog"].',
};

/** RedshiftServerless.6. */
export const redshiftServerlessLogging: ResourceValidationPolicy = resourcePolicy(
  serverlessSpec,
  forType(serverlessSpec, aws.redshiftserverless.Namespace, (ns, finding) => {
    const exported = ns.logExports ?? [];
    const missing = REDSHIFT_LOG_EXPORTS.filter((l) => !exported.includes(l));
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} does not export ${listing(missing)}: add them to logExports.`,
      );
    }
  }),
);
