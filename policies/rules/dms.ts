import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { asArray, asRecord, listing, parseDocument } from "../lib/values";

/** The task components whose logs show what was read and written. */
const COMPONENTS = ["SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD"];
/** Severities that keep at least default-level messages. */
const SEVERITIES = [
  "LOGGER_SEVERITY_DEFAULT",
  "LOGGER_SEVERITY_DEBUG",
  "LOGGER_SEVERITY_DETAILED_DEBUG",
];

const dmsSpec: PolicySpec = {
  name: "dms-task-logging",
  description:
    "DMS replication tasks log their source and target components at default severity or more.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { securityHub: ["DMS.7", "DMS.8"] },
  remediationSteps:
    'In replicationTaskSettings set Logging { EnableLogging: true, LogComponents: [{ Id: "SOURCE_CAPTURE", ' +
    'Severity: "LOGGER_SEVERITY_DEFAULT" }, …] } for SOURCE_CAPTURE, SOURCE_UNLOAD, TARGET_APPLY and TARGET_LOAD.',
};

/** DMS.7 / DMS.8: task logging is off unless the settings document turns it on. */
export const dmsTaskLogging: ResourceValidationPolicy = resourcePolicy(
  dmsSpec,
  forType(dmsSpec, aws.dms.ReplicationTask, (task, finding) => {
    const parsed = parseDocument(task.replicationTaskSettings ?? "{}");
    if (!parsed.ok) {
      finding.violation(
        `${finding.subject} replicationTaskSettings is not valid JSON: fix the document.`,
      );
      return;
    }
    const logging = asRecord(asRecord(parsed.doc)?.["Logging"]);
    if (logging?.["EnableLogging"] !== true) {
      finding.violation(
        `${finding.subject} does not log: set Logging.EnableLogging: true in replicationTaskSettings ` +
          `with LogComponents for ${listing(COMPONENTS)}.`,
      );
      return;
    }
    const logged = asArray(logging["LogComponents"])
      .map((c) => asRecord(c))
      .filter((c) => SEVERITIES.includes(String(c?.["Severity"])))
      .map((c) => String(c?.["Id"]));
    const missing = COMPONENTS.filter((c) => !logged.includes(c));
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} does not log ${listing(missing)}: add them to Logging.LogComponents ` +
          'with Severity "LOGGER_SEVERITY_DEFAULT" or more.',
      );
    }
  }),
);
