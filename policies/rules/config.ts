import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asRecord } from "../lib/values";

const recorderSpec: PolicySpec = {
  name: "config-recorder-all",
  description: "AWS Config recorders record every supported resource type, global ones included.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { securityHub: ["Config.1"], cis: ["3.3"], checkov: ["CKV2_AWS_48"] },
  remediationSteps:
    "Set recordingGroup { allSupported: true, includeGlobalResourceTypes: true } (global types in one region).",
};

/** Config.1 / CIS 3.3 / CKV2_AWS_48. */
export const configRecorderAll: ResourceValidationPolicy = resourcePolicy(
  recorderSpec,
  forType(recorderSpec, aws.cfg.Recorder, (recorder, finding) => {
    const group = recorder.recordingGroup;
    // The provider records all supported types but no global types when recordingGroup is unset.
    if (group?.allSupported === false) {
      finding.violation(
        `${finding.subject} records only selected resource types: set recordingGroup.allSupported: true.`,
      );
    }
    if (group?.includeGlobalResourceTypes !== true) {
      finding.violation(
        `${finding.subject} skips global resources such as IAM: set ` +
          "recordingGroup.includeGlobalResourceTypes: true.",
      );
    }
  }),
);

const enabledSpec: PolicySpec = {
  name: "config-recorder-enabled",
  description: "Every AWS Config recorder is switched on by an aws.cfg.RecorderStatus.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["Config.1"], checkov: ["CKV2_AWS_45"] },
  remediationSteps:
    "Add an aws.cfg.RecorderStatus with name = the recorder's name and isEnabled: true (it needs " +
    "an aws.cfg.DeliveryChannel first).",
};

/**
 * Config.1 / CKV2_AWS_45: a recorder records nothing until a RecorderStatus starts it, and the
 * provider creates it stopped.
 */
export const configRecorderEnabled: StackValidationPolicy = stackPolicy(
  enabledSpec,
  (stack, args) => {
    const recorders = stack.resources.filter((r) => r.isType(aws.cfg.Recorder));
    if (recorders.length === 0) args.notApplicable("the stack has no AWS Config recorder");
    const statuses = stack.resources.filter((r) => r.isType(aws.cfg.RecorderStatus));
    stack.each(recorders, (recorder, finding) => {
      const own = statuses.filter((s) => refersTo(s, "name", recorder, ["name", "id"]));
      if (own.some((s) => s.props["isEnabled"] === true)) return;
      finding.violation(
        own.length > 0
          ? `${finding.subject} is stopped: set isEnabled: true on its aws.cfg.RecorderStatus.`
          : `${finding.subject} is never started: add an aws.cfg.RecorderStatus with name = this ` +
              "recorder's name and isEnabled: true.",
      );
    });
  },
);

const SERVICE_LINKED_ROLE =
  /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;

const roleSpec: PolicySpec = {
  name: "config-recorder-service-role",
  description: "AWS Config recorders record with the AWSServiceRoleForConfig service-linked role.",
  severity: "low",
  enforcementLevel: "advisory",
  controls: { securityHub: ["Config.1"] },
  remediationSteps:
    'Set roleArn to an aws.iam.ServiceLinkedRole with awsServiceName "config.amazonaws.com" (ARN ' +
    "arn:aws:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig).",
};

/** Config.1: the service-linked role keeps the permissions AWS Config needs as it adds types. */
export const configRecorderServiceRole: StackValidationPolicy = stackPolicy(
  roleSpec,
  (stack, args) => {
    const recorders = stack.resources.filter((r) => r.isType(aws.cfg.Recorder));
    if (recorders.length === 0) args.notApplicable("the stack has no AWS Config recorder");
    const linked = stack.resources.filter(
      (r) =>
        r.isType(aws.iam.ServiceLinkedRole) && r.props["awsServiceName"] === "config.amazonaws.com",
    );
    stack.each(recorders, (recorder, finding) => {
      if (linked.some((role) => refersTo(recorder, "roleArn", role, ["arn"]))) return;
      const arn = recorder.props["roleArn"];
      if (typeof arn === "string" && SERVICE_LINKED_ROLE.test(arn)) return;
      finding.violation(
        `${finding.subject} records with ${typeof arn === "string" ? arn : "a role"}, not the ` +
          "AWSServiceRoleForConfig service-linked role: set roleArn to the arn of an " +
          'aws.iam.ServiceLinkedRole with awsServiceName "config.amazonaws.com".',
      );
    });
  },
);

const aggregatorSpec: PolicySpec = {
  name: "config-aggregator-all-regions",
  description:
    "AWS Config aggregators collect from the whole organization in every region, under a delegated administrator.",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: { checkov: ["CKV_AWS_121"] },
  remediationSteps:
    "Set organizationAggregationSource { allRegions: true, roleArn } and register the aggregating " +
    'account with an aws.organizations.DelegatedAdministrator for "config.amazonaws.com".',
};

/**
 * CKV_AWS_121 and Prowler's config_delegated_admin_and_org_aggregator_all_regions. The delegated
 * administrator is registered from the management account, often in another stack, so its
 * absence here is advisory.
 */
export const configAggregatorAllRegions: StackValidationPolicy = stackPolicy(
  aggregatorSpec,
  (stack, args) => {
    const aggregators = stack.resources.filter((r) => r.isType(aws.cfg.ConfigurationAggregator));
    if (aggregators.length === 0) args.notApplicable("the stack has no AWS Config aggregator");
    const delegated = stack.resources.some(
      (r) =>
        r.isType(aws.organizations.DelegatedAdministrator) &&
        r.props["servicePrincipal"] === "config.amazonaws.com",
    );
    stack.each(aggregators, (aggregator, finding) => {
      const org = asRecord(aggregator.props["organizationAggregationSource"]);
      const account = asRecord(aggregator.props["accountAggregationSource"]);
      if (!org) {
        finding.violation(
          `${finding.subject} aggregates ${account ? "listed accounts" : "no source"}, not the ` +
            "organization: set organizationAggregationSource { allRegions: true, roleArn }.",
        );
      } else if (org["allRegions"] !== true) {
        finding.violation(
          `${finding.subject} aggregates only some regions: set organizationAggregationSource.allRegions: true.`,
        );
      }
      if (!delegated) {
        finding.advisory(
          `${finding.subject}: this stack registers no delegated administrator for AWS Config; ` +
            "make sure the management account has an aws.organizations.DelegatedAdministrator " +
            'with servicePrincipal "config.amazonaws.com" for the aggregating account.',
        );
      }
    });
  },
);
