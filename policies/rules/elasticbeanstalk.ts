import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PolicySpec, stackPolicy } from "../lib/define";
import { refersTo } from "../lib/graph";
import { asArray, asRecord } from "../lib/values";

const LOGS_NAMESPACE = "aws:elasticbeanstalk:cloudwatch:logs";

const beanstalkSpec: PolicySpec = {
  name: "elasticbeanstalk-logs",
  description: "Elastic Beanstalk environments stream instance logs to CloudWatch Logs.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["ElasticBeanstalk.3"] },
  remediationSteps:
    `Add setting { namespace: "${LOGS_NAMESPACE}", name: "StreamLogs", value: "true" } (and ` +
    "RetentionInDays) to the environment or its configuration template.",
};

function streamLogsSetting(resource: PolicyResource): string | undefined {
  const setting = asArray(resource.props["settings"])
    .map((s) => asRecord(s))
    .find((s) => s?.["namespace"] === LOGS_NAMESPACE && s["name"] === "StreamLogs");
  return setting === undefined ? undefined : String(setting["value"]).toLowerCase();
}

/** ElasticBeanstalk.3: the environment's own settings win over its template's. */
export const elasticBeanstalkLogs: StackValidationPolicy = stackPolicy(
  beanstalkSpec,
  (stack, args) => {
    const environments = stack.resources.filter((r) => r.isType(aws.elasticbeanstalk.Environment));
    if (environments.length === 0)
      args.notApplicable("the stack has no Elastic Beanstalk environment");
    const templates = stack.resources.filter((r) =>
      r.isType(aws.elasticbeanstalk.ConfigurationTemplate),
    );
    stack.each(environments, (env, finding) => {
      const template = templates.find((t) => refersTo(env, "templateName", t, ["name"]));
      const value = streamLogsSetting(env) ?? (template ? streamLogsSetting(template) : undefined);
      if (value === "true") return;
      finding.violation(
        `${finding.subject} keeps instance logs on the instances: add setting { namespace: ` +
          `"${LOGS_NAMESPACE}", name: "StreamLogs", value: "true" }.`,
      );
    });
  },
);
