import { PolicyPackArgs } from "@pulumi/policy";
import { apigatewayLogging } from "./apigateway";
import { athenaWorkgroup } from "./athena";
import { cisMetricAlarms, logGroupKms, logGroupRetention } from "./cloudwatch";
import { cloudfrontLogging } from "./cloudfront";
import {
  cloudtrailBucketHardened,
  cloudtrailCloudwatch,
  cloudtrailKms,
  cloudtrailLogValidation,
  cloudtrailMultiRegion,
  cloudtrailS3DataEvents,
  eventDataStoreHardened,
} from "./cloudtrail";
import { configRecorderAll } from "./config";
import { eksControlPlaneLogs } from "./eks";
import { elbAccessLogs } from "./elb";
import { emrLogging, emrSecurityConfiguration } from "./emr";
import { exemptionHasReason } from "./exemptions";
import { crossAccountDeliveryScoped, iamNoWildcardAdmin } from "./iam";
import { kmsRotation } from "./kms";
import { lambdaLogging } from "./lambda";
import { mskBrokerLogs } from "./msk";
import { networkFirewallLogging } from "./networkfirewall";
import { opensearchHardened, opensearchLogs } from "./opensearch";
import { rdsLogExports } from "./rds";
import { redshiftAuditLogging, redshiftServerlessLogging } from "./redshift";
import {
  s3AccessLogging,
  s3Encryption,
  s3Lifecycle,
  s3LifecycleSane,
  s3LogArchiveObjectLock,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
} from "./s3";
import { sfnLogging } from "./sfn";
import { vpcFlowLogs } from "./vpc";
import { wafLogging } from "./waf";

/** The pack's name as `pulumi policy publish` and `--policy-pack-config` know it. */
export const PACK_NAME = "aws-logging-guardrails";

/** Every policy of the pack, in the order of the controls table. */
export const policies = [
  cloudtrailMultiRegion,
  cloudtrailKms,
  cloudtrailLogValidation,
  cloudtrailCloudwatch,
  cloudtrailS3DataEvents,
  cloudtrailBucketHardened,
  eventDataStoreHardened,
  logGroupRetention,
  logGroupKms,
  cisMetricAlarms,
  configRecorderAll,
  kmsRotation,
  s3AccessLogging,
  s3Encryption,
  s3Versioning,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Lifecycle,
  s3LogArchiveObjectLock,
  s3LifecycleSane,
  redshiftAuditLogging,
  redshiftServerlessLogging,
  emrLogging,
  emrSecurityConfiguration,
  opensearchLogs,
  opensearchHardened,
  lambdaLogging,
  elbAccessLogs,
  apigatewayLogging,
  cloudfrontLogging,
  rdsLogExports,
  eksControlPlaneLogs,
  vpcFlowLogs,
  wafLogging,
  sfnLogging,
  networkFirewallLogging,
  mskBrokerLogs,
  athenaWorkgroup,
  iamNoWildcardAdmin,
  crossAccountDeliveryScoped,
  exemptionHasReason,
];

/** What `new PolicyPack(PACK_NAME, packArgs)` is built from; every policy sets its own level. */
export const packArgs: PolicyPackArgs = {
  policies,
  description:
    "Every AWS resource that can produce logs logs them: CloudTrail, S3, VPC flow logs, ELB, " +
    "Redshift, EMR, OpenSearch, Lambda and more, mapped to Security Hub, CIS and Checkov IDs.",
  displayName: "AWS logging guardrails",
  provider: "aws",
  tags: ["aws", "logging", "audit", "cis"],
};
