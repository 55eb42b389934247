import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { PolicySpec, forType, resourcePolicy } from "../lib/define";
import { asRecord, isNonEmptyString, parseDocument } from "../lib/values";

const loggingSpec: PolicySpec = {
  name: "emr-logging",
  description: "EMR clusters archive their logs to S3 and run with a security configuration.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    'Set logUri to an "s3://<bucket>/<prefix>/" location and securityConfiguration to the name of an ' +
    "aws.emr.SecurityConfiguration.",
};

/** EMR best practice: step, YARN and Spark logs outlive the cluster only through logUri. */
export const emrLogging: ResourceValidationPolicy = resourcePolicy(
  loggingSpec,
  forType(loggingSpec, aws.emr.Cluster, (cluster, finding) => {
    if (!isNonEmptyString(cluster.logUri)) {
      finding.violation(
        `${finding.subject} keeps its logs only on the cluster nodes: set logUri to an s3:// location.`,
      );
    } else if (!/^s3n?:\/\//.test(cluster.logUri)) {
      finding.violation(
        `${finding.subject} has logUri ${cluster.logUri}: set it to an s3:// location.`,
      );
    }
    if (!isNonEmptyString(cluster.securityConfiguration)) {
      finding.violation(
        `${finding.subject} runs without a security configuration: set securityConfiguration to ` +
          "the name of an aws.emr.SecurityConfiguration.",
      );
    }
  }),
);

const securitySpec: PolicySpec = {
  name: "emr-security-configuration",
  description: "EMR security configurations encrypt data at rest in S3 and on local disks.",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: {},
  remediationSteps:
    "In configuration set EncryptionConfiguration.EnableAtRestEncryption true with " +
    "AtRestEncryptionConfiguration.S3EncryptionConfiguration and LocalDiskEncryptionConfiguration.",
};

/** EMR best practice: at-rest encryption of EMRFS data and local (HDFS, spill) disks. */
export const emrSecurityConfiguration: ResourceValidationPolicy = resourcePolicy(
  securitySpec,
  forType(securitySpec, aws.emr.SecurityConfiguration, (config, finding) => {
    const parsed = parseDocument(config.configuration);
    const encryption = parsed.ok
      ? asRecord(asRecord(parsed.doc)?.["EncryptionConfiguration"])
      : undefined;
    if (!parsed.ok) {
      finding.violation(`${finding.subject} configuration is not valid JSON: fix the document.`);
      return;
    }
    const atRest = asRecord(encryption?.["AtRestEncryptionConfiguration"]);
    const missing: string[] = [];
    if (encryption?.["EnableAtRestEncryption"] !== true)
      missing.push("EnableAtRestEncryption: true");
    if (!asRecord(atRest?.["S3EncryptionConfiguration"])?.["EncryptionMode"]) {
      missing.push("AtRestEncryptionConfiguration.S3EncryptionConfiguration.EncryptionMode");
    }
    if (!asRecord(atRest?.["LocalDiskEncryptionConfiguration"])?.["EncryptionKeyProviderType"]) {
      missing.push(
        "AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EncryptionKeyProviderType",
      );
    }
    if (missing.length > 0) {
      finding.violation(
        `${finding.subject} does not encrypt data at rest: set ${missing.join(", ")} under ` +
          "EncryptionConfiguration in configuration.",
      );
    }
  }),
);
