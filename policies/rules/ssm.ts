import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { parse as parseYaml } from "yaml";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { asRecord, isNonEmptyString, parseDocument } from "../lib/values";

const sessionSpec: PolicySpec = {
  name: "ssm-session-logging",
  description:
    "Session Manager preferences documents log sessions to an encrypted S3 bucket or CloudWatch log group.",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: { checkov: ["CKV_AWS_113"] },
  remediationSteps:
    "In the Session document's inputs set s3BucketName with s3EncryptionEnabled: true, or " +
    "cloudWatchLogGroupName with cloudWatchEncryptionEnabled: true.",
};

/** The `inputs` of a Session document given as JSON or YAML, or undefined if unreadable. */
function sessionInputs(content: string, format: string): Record<string, unknown> | undefined {
  if (format === "YAML") {
    try {
      return asRecord(asRecord(parseYaml(content) as unknown)?.["inputs"]) ?? {};
    } catch {
      return undefined;
    }
  }
  const parsed = parseDocument(content);
  return parsed.ok ? (asRecord(asRecord(parsed.doc)?.["inputs"]) ?? {}) : undefined;
}

/** CKV_AWS_113: the SSM-SessionManagerRunShell document decides where sessions are logged. */
export const ssmSessionLogging: ResourceValidationPolicy = resourcePolicy(
  sessionSpec,
  forType(sessionSpec, aws.ssm.Document, (doc, finding, _config, args) => {
    if (doc.documentType !== "Session") {
      args.notApplicable("only Session documents configure Session Manager logging");
    }
    const format = doc.documentFormat ?? "JSON";
    const inputs = sessionInputs(doc.content, format);
    if (inputs === undefined) {
      finding.violation(`${finding.subject} content is not valid ${format}: fix the document.`);
      return;
    }
    const s3 = isNonEmptyString(inputs["s3BucketName"]) && inputs["s3EncryptionEnabled"] === true;
    const cloudwatch =
      isNonEmptyString(inputs["cloudWatchLogGroupName"]) &&
      inputs["cloudWatchEncryptionEnabled"] === true;
    if (!s3 && !cloudwatch) {
      finding.violation(
        `${finding.subject} does not log sessions to an encrypted destination: set inputs ` +
          "s3BucketName with s3EncryptionEnabled: true, or cloudWatchLogGroupName with " +
          "cloudWatchEncryptionEnabled: true.",
      );
    }
  }),
);
