import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { asArray, asRecord, isNonEmptyString, listing, parseDocument } from "../lib/values";

const ecsSpec: PolicySpec = {
  name: "ecs-logging",
  description:
    "ECS containers have a log driver, and ECS Exec sessions are logged to an encrypted destination.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["ECS.9"], checkov: ["CKV_AWS_223", "CKV_AWS_224"] },
  remediationSteps:
    'Give every container definition logConfiguration { logDriver: "awslogs", options: { mode: ' +
    '"non-blocking", … } }; on clusters with executeCommandConfiguration set kmsKeyId, logging ' +
    '"OVERRIDE" and logConfiguration { cloudWatchLogGroupName, cloudWatchEncryptionEnabled: true }.',
};

/** A container definition's name and log settings, from the task definition's JSON. */
interface Container {
  name: string;
  logDriver?: string;
  mode?: string;
}

function containersOf(json: string): Container[] | undefined {
  const parsed = parseDocument(json);
  if (!parsed.ok || !Array.isArray(parsed.doc)) return undefined;
  return asArray(parsed.doc).map((c, i) => {
    const def = asRecord(c);
    const log = asRecord(def?.["logConfiguration"]);
    const mode = asRecord(log?.["options"])?.["mode"];
    return {
      name: typeof def?.["name"] === "string" ? def["name"] : `#${i}`,
      logDriver: isNonEmptyString(log?.["logDriver"]) ? log["logDriver"] : undefined,
      mode: typeof mode === "string" ? mode : undefined,
    };
  });
}

/**
 * ECS.9 / CKV_AWS_223 / CKV_AWS_224 and Prowler's ecs_task_definitions_logging_block_mode, which
 * is advisory here: a blocking driver stalls the container when the log destination is slow.
 */
export const ecsLogging: ResourceValidationPolicy = resourcePolicy(ecsSpec, [
  forType(ecsSpec, aws.ecs.TaskDefinition, (task, finding) => {
    const containers = containersOf(task.containerDefinitions);
    if (containers === undefined) {
      finding.violation(
        `${finding.subject} containerDefinitions is not a JSON array: fix the document.`,
      );
      return;
    }
    const silent = containers.filter((c) => c.logDriver === undefined).map((c) => `"${c.name}"`);
    if (silent.length > 0) {
      finding.violation(
        `${finding.subject} ${silent.length > 1 ? "containers" : "container"} ${listing(silent)} ` +
          `${silent.length > 1 ? "have" : "has"} no log driver: set ` +
          'logConfiguration { logDriver: "awslogs", options } on each.',
      );
    }
    const blocking = containers
      .filter((c) => c.logDriver !== undefined && c.mode !== "non-blocking")
      .map((c) => `"${c.name}"`);
    if (blocking.length > 0) {
      finding.advisory(
        `${finding.subject} ${blocking.length > 1 ? "containers" : "container"} ${listing(blocking)} ` +
          `log${blocking.length > 1 ? "" : "s"} in blocking mode, which stalls the container ` +
          'when the destination is slow: set logConfiguration.options.mode "non-blocking".',
      );
    }
  }),
  forType(ecsSpec, aws.ecs.Cluster, (cluster, finding) => {
    const exec = cluster.configuration?.executeCommandConfiguration;
    if (exec === undefined) return;
    if (exec.logging === "NONE") {
      finding.violation(
        `${finding.subject} does not log ECS Exec sessions: set ` +
          'executeCommandConfiguration.logging "OVERRIDE" with an encrypted logConfiguration.',
      );
      return;
    }
    const log = exec.logConfiguration;
    const fixes = [
      isNonEmptyString(exec.kmsKeyId) ? undefined : "kmsKeyId",
      log?.cloudWatchEncryptionEnabled === true || log?.s3BucketEncryptionEnabled === true
        ? undefined
        : "logConfiguration.cloudWatchEncryptionEnabled (or s3BucketEncryptionEnabled): true",
    ].filter((f): f is string => f !== undefined);
    if (fixes.length > 0) {
      finding.violation(
        `${finding.subject} logs ECS Exec sessions unencrypted: set ${listing(
          fixes.map((f) => `executeCommandConfiguration.${f}`),
        )}.`,
      );
    }
  }),
]);
