import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy, stackPolicy } from "../lib/define";
import { logGroupNameFromArn, refersTo } from "../lib/graph";
import { conditionKeys, statementsOf } from "../lib/policyDocument";
import { isUnknownValueError } from "../lib/runtime";
import { asRecord, isNonEmptyString, listing, stringList } from "../lib/values";
import { CIS_MONITORING_CONTROLS, patternCovers } from "./cisPatterns";

interface RetentionConfig {
  minRetentionDays: number;
  allowNeverExpire: boolean;
}

const retentionSpec: PolicySpec = {
  name: "log-group-retention",
  description: "CloudWatch log groups keep events for at least the minimum retention.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["CloudWatch.16"], checkov: ["CKV_AWS_66", "CKV_AWS_338"] },
  remediationSteps: "Set retentionInDays to a CloudWatch-supported value at least the minimum.",
  configSchema: {
    properties: {
      minRetentionDays: {
        type: "integer",
        minimum: 1,
        default: 365,
        description: "Shortest retentionInDays accepted.",
      },
      allowNeverExpire: {
        type: "boolean",
        default: false,
        description: "Accept log groups that never expire events (retentionInDays unset or 0).",
      },
    },
  },
};

/** CloudWatch.16 / CKV_AWS_66 / CKV_AWS_338. */
export const logGroupRetention: ResourceValidationPolicy = resourcePolicy(
  retentionSpec,
  forType<aws.cloudwatch.LogGroup, aws.cloudwatch.LogGroupArgs, RetentionConfig>(
    retentionSpec,
    aws.cloudwatch.LogGroup,
    (group, finding, config) => {
      const days = group.retentionInDays ?? 0;
      if (days === 0) {
        if (config.allowNeverExpire) return;
        finding.violation(
          `${finding.subject} keeps events forever with no retention decision: set ` +
            `retentionInDays to at least ${config.minRetentionDays}.`,
        );
      } else if (days < config.minRetentionDays) {
        finding.violation(
          `${finding.subject} keeps events ${days} days: set retentionInDays to at least ` +
            `${config.minRetentionDays}.`,
        );
      }
    },
  ),
);

const kmsSpec: PolicySpec = {
  name: "log-group-kms",
  description: "CloudWatch log groups are encrypted with a customer managed KMS key.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: { checkov: ["CKV_AWS_158"] },
  remediationSteps:
    "Set kmsKeyId to a KMS key whose policy lets logs.<region>.amazonaws.com use it.",
};

/** CKV_AWS_158. */
export const logGroupKms: ResourceValidationPolicy = resourcePolicy(
  kmsSpec,
  forType(kmsSpec, aws.cloudwatch.LogGroup, (group, finding) => {
    if (!isNonEmptyString(group.kmsKeyId)) {
      finding.violation(
        `${finding.subject} is encrypted with the service key only: set kmsKeyId to a customer managed key ARN.`,
      );
    }
  }),
);

interface CisConfig {
  requiredControls: string[];
}

const cisSpec: PolicySpec = {
  name: "cis-metric-alarms",
  description:
    "A stack with an organization or multi-region trail alarms on every CIS monitoring pattern.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: {
    securityHub: CIS_MONITORING_CONTROLS.flatMap((c) => (c.securityHub ? [c.securityHub] : [])),
    cis: CIS_MONITORING_CONTROLS.map((c) => c.cis),
  },
  messageControls: { securityHub: ["CloudWatch.1–14"], cis: ["4.1–4.15"] },
  remediationSteps:
    "For each CIS 4.x pattern add an aws.cloudwatch.LogMetricFilter on the trail's log group and an " +
    "aws.cloudwatch.MetricAlarm on its metric whose alarmActions include an SNS topic ARN.",
  configSchema: {
    properties: {
      requiredControls: {
        type: "array",
        items: { type: "string", enum: CIS_MONITORING_CONTROLS.map((c) => c.cis) },
        uniqueItems: true,
        default: CIS_MONITORING_CONTROLS.map((c) => c.cis),
        description: "CIS recommendations (4.1–4.15) that must have a filter and an alarm.",
      },
    },
  },
};

const SNS_ARN = /^arn:[^:]+:sns:/;

function alarmsOn(resources: readonly PolicyResource[], filter: PolicyResource): PolicyResource[] {
  const metric = asRecord(filter.props["metricTransformation"]);
  return resources.filter(
    (a) =>
      a.isType(aws.cloudwatch.MetricAlarm) &&
      a.props["metricName"] === metric?.["name"] &&
      a.props["namespace"] === metric?.["namespace"],
  );
}

function notifiesSns(alarm: PolicyResource): boolean {
  if (alarm.props["actionsEnabled"] === false) return false;
  const viaDeps = (alarm.propertyDependencies["alarmActions"] ?? []).some((d) =>
    d.isType(aws.sns.Topic),
  );
  return viaDeps || stringList(alarm.props["alarmActions"]).some((a) => SNS_ARN.test(a));
}

/** CloudWatch.1–14 / CIS 4.1–4.15: a filter + alarm (with an SNS action) per pattern. */
export const cisMetricAlarms: StackValidationPolicy = stackPolicy<CisConfig>(
  cisSpec,
  (stack, args) => {
    const trails = stack.resources.filter(
      (r) =>
        r.isType(aws.cloudtrail.Trail) &&
        (r.props["isOrganizationTrail"] === true || r.props["isMultiRegionTrail"] === true),
    );
    if (trails.length === 0) {
      args.notApplicable("the stack has no organization or multi-region CloudTrail trail");
    }
    const required = CIS_MONITORING_CONTROLS.filter((c) =>
      stack.config.requiredControls.includes(c.cis),
    );
    const groups = stack.resources.filter((r) => r.isType(aws.cloudwatch.LogGroup));
    const filters = stack.resources.filter((r) => r.isType(aws.cloudwatch.LogMetricFilter));
    stack.each(trails, (trail, finding) => {
      const arn = trail.props["cloudWatchLogsGroupArn"];
      if (!isNonEmptyString(arn)) {
        finding.violation(
          `${finding.subject} sends no events to CloudWatch Logs, so no CIS metric filter can ` +
            "see them: set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn.",
        );
        return;
      }
      const groupName = logGroupNameFromArn(arn);
      const trailGroups = groups.filter((g) =>
        refersTo(trail, "cloudWatchLogsGroupArn", g, ["arn"], undefined, (v) =>
          v.replace(/:\*$/, ""),
        ),
      );
      const onTrailGroup = filters.filter(
        (f) =>
          trailGroups.some((g) => refersTo(f, "logGroupName", g, ["name"])) ||
          f.props["logGroupName"] === groupName,
      );
      const unfiltered: string[] = [];
      const unalarmed: string[] = [];
      for (const control of required) {
        const label = `${control.title} (${[control.securityHub, `CIS ${control.cis}`].filter(Boolean).join(", ")})`;
        const matching = onTrailGroup.filter((f) =>
          patternCovers(String(f.props["pattern"] ?? ""), control),
        );
        if (matching.length === 0) unfiltered.push(label);
        else if (!matching.some((f) => alarmsOn(stack.resources, f).some(notifiesSns))) {
          unalarmed.push(label);
        }
      }
      if (unfiltered.length > 0) {
        finding.violation(
          `${finding.subject} has no metric filter on log group ${groupName ?? arn} for ` +
            `${listing(unfiltered)}: add an aws.cloudwatch.LogMetricFilter per pattern (CIS 4.x ` +
            "event list) and an aws.cloudwatch.MetricAlarm on its metric with alarmActions set to " +
            "an SNS topic ARN.",
        );
      }
      if (unalarmed.length > 0) {
        finding.violation(
          `${finding.subject}'s metric filters for ${listing(unalarmed)} have no alarm that ` +
            "notifies SNS: add an aws.cloudwatch.MetricAlarm on each filter's metricTransformation " +
            "name/namespace with alarmActions set to an SNS topic ARN.",
        );
      }
    });
  },
);

const alarmActionsSpec: PolicySpec = {
  name: "cloudwatch-alarm-actions",
  description:
    "CloudWatch alarms act when they fire: actions enabled and at least one alarm action.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { securityHub: ["CloudWatch.15", "CloudWatch.17"], checkov: ["CKV_AWS_319"] },
  remediationSteps:
    "Keep actionsEnabled true (the default) and set alarmActions to an SNS topic ARN or another action.",
};

function alarmActionGaps(alarm: { actionsEnabled?: boolean; alarmActions?: unknown }): string[] {
  const fixes: string[] = [];
  if (alarm.actionsEnabled === false) fixes.push("actionsEnabled: true");
  if (stringList(alarm.alarmActions).length === 0) fixes.push("alarmActions to an SNS topic ARN");
  return fixes;
}

/** CloudWatch.15 / CloudWatch.17 / CKV_AWS_319: an alarm nobody hears is no alarm. */
export const cloudwatchAlarmActions: ResourceValidationPolicy = resourcePolicy(alarmActionsSpec, [
  forType(alarmActionsSpec, aws.cloudwatch.MetricAlarm, (alarm, finding) => {
    const fixes = alarmActionGaps(alarm);
    if (fixes.length > 0) {
      finding.violation(`${finding.subject} notifies no one when it fires: set ${listing(fixes)}.`);
    }
  }),
  forType(alarmActionsSpec, aws.cloudwatch.CompositeAlarm, (alarm, finding) => {
    const fixes = alarmActionGaps(alarm);
    if (fixes.length > 0) {
      finding.violation(`${finding.subject} notifies no one when it fires: set ${listing(fixes)}.`);
    }
  }),
]);

/** Condition keys that tie a grant to known accounts, organizations, networks or sources. */
const SCOPING_KEYS = [
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
];

const PUBLIC_AWS_PRINCIPAL = /^(\*|arn:[^:]+:iam::\*:root)$/;

const notPublicSpec: PolicySpec = {
  name: "log-group-not-public",
  description: "No CloudWatch Logs resource policy grants access to every AWS principal.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    "Grant the resource policy to service principals or named accounts, or add a condition on " +
    "aws:SourceAccount, aws:SourceArn or aws:SourceOrgID (aws:PrincipalOrgID for principals).",
};

/** Prowler's cloudwatch_log_group_not_publicly_accessible, at the policy that would open them. */
export const logGroupNotPublic: ResourceValidationPolicy = resourcePolicy(
  notPublicSpec,
  forType(notPublicSpec, aws.cloudwatch.LogResourcePolicy, (policy, finding) => {
    const statements = statementsOf(policy.policyDocument);
    if (statements === undefined) {
      finding.violation(`${finding.subject} policyDocument is not valid JSON: fix the document.`);
      return;
    }
    const open = statements.filter(
      (s) =>
        s.effect === "Allow" &&
        (s.anyPrincipal || s.awsPrincipals.some((p) => PUBLIC_AWS_PRINCIPAL.test(p))) &&
        !conditionKeys(s).some((k) => SCOPING_KEYS.includes(k)),
    );
    if (open.length > 0) {
      finding.violation(
        `${finding.subject} statement ${listing(open.map((s) => s.label))} lets any AWS principal ` +
          "use the log groups it covers: name the principals, or add a condition on " +
          "aws:SourceAccount, aws:SourceArn or aws:SourceOrgID.",
      );
    }
  }),
);

interface DataProtectionConfig {
  logGroupNamePrefixes: string[];
}

const dataProtectionSpec: PolicySpec = {
  name: "log-group-data-protection",
  description:
    "Log groups that Bedrock AgentCore agents write to mask sensitive data with a data protection policy.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    "Add an aws.cloudwatch.LogDataProtectionPolicy for the log group, or an " +
    'aws.cloudwatch.LogAccountPolicy with policyType "DATA_PROTECTION_POLICY" for the account.',
  configSchema: {
    properties: {
      logGroupNamePrefixes: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: ["/aws/bedrock-agentcore/", "/aws/vendedlogs/bedrock-agentcore/"],
        description: "Log group name prefixes whose groups need a data protection policy.",
      },
    },
  },
};

/**
 * The name (or name prefix) a log group is declared with; auto-named groups have neither, and a
 * name unknown during preview is checked once it is known.
 */
function declaredLogGroupName(group: PolicyResource): string | undefined {
  for (const key of ["name", "namePrefix"]) {
    try {
      const value = group.props[key];
      if (isNonEmptyString(value)) return value;
    } catch (e) {
      if (!isUnknownValueError(e)) throw e;
    }
  }
  return undefined;
}

/**
 * Prowler's cloudwatch_log_group_agentcore_data_protection_policy_enabled: agents log prompts,
 * tool arguments and retrieved context, which a data protection policy masks at ingestion. An
 * account-level data protection policy in the stack covers every group.
 */
export const logGroupDataProtection: StackValidationPolicy = stackPolicy<DataProtectionConfig>(
  dataProtectionSpec,
  (stack, args) => {
    const prefixes = stack.config.logGroupNamePrefixes;
    const groups = stack.resources
      .filter((r) => r.isType(aws.cloudwatch.LogGroup))
      .filter((g) => {
        const name = declaredLogGroupName(g);
        return name !== undefined && prefixes.some((p) => name.startsWith(p));
      });
    if (groups.length === 0) {
      args.notApplicable(`the stack has no log group named ${listing(prefixes, "or")}…`);
    }
    const accountWide = stack.resources.some(
      (r) =>
        r.isType(aws.cloudwatch.LogAccountPolicy) &&
        r.props["policyType"] === "DATA_PROTECTION_POLICY",
    );
    if (accountWide) return;
    const policies = stack.resources.filter((r) =>
      r.isType(aws.cloudwatch.LogDataProtectionPolicy),
    );
    stack.each(groups, (group, finding) => {
      if (policies.some((p) => refersTo(p, "logGroupName", group, ["name"]))) return;
      finding.violation(
        `${finding.subject} stores agent prompts and tool data unmasked: add an ` +
          "aws.cloudwatch.LogDataProtectionPolicy for it (or an account-wide " +
          'aws.cloudwatch.LogAccountPolicy with policyType "DATA_PROTECTION_POLICY").',
      );
    });
  },
);
