import { PolicyPackArgs } from "@pulumi/policy";
import { apigatewayExecutionLogging, apigatewayLogging, apigatewayNoDataTrace } from "./apigateway";
import { appsyncLogging } from "./appsync";
import { athenaWorkgroup } from "./athena";
import { bedrockInvocationLogging } from "./bedrock";
import {
  cisMetricAlarms,
  cloudwatchAlarmActions,
  logGroupKms,
  logGroupDataProtection,
  logGroupNotPublic,
  logGroupRetention,
} from "./cloudwatch";
import { cloudfrontLogging } from "./cloudfront";
import {
  cloudtrailBucketHardened,
  cloudtrailBucketMfaDelete,
  cloudtrailCloudwatch,
  cloudtrailInsights,
  cloudtrailKms,
  cloudtrailLambdaDataEvents,
  cloudtrailLogValidation,
  cloudtrailLoggingEnabled,
  cloudtrailMultiRegion,
  cloudtrailS3DataEvents,
  cloudtrailSnsTopic,
  eventDataStoreHardened,
} from "./cloudtrail";
import { codebuildLogging } from "./codebuild";
import {
  configAggregatorAllRegions,
  configRecorderAll,
  configRecorderEnabled,
  configRecorderServiceRole,
} from "./config";
import { datasyncLogging } from "./datasync";
import { directoryServiceLogForwarding } from "./directoryservice";
import { dmsTaskLogging } from "./dms";
import { docdbAuditLogs } from "./docdb";
import { ec2ClientVpnConnectionLogs } from "./ec2clientvpn";
import { ecsLogging } from "./ecs";
import { eksControlPlaneLogs } from "./eks";
import { elasticBeanstalkLogs } from "./elasticbeanstalk";
import { elbAccessLogs } from "./elb";
import { emrLogging, emrSecurityConfiguration } from "./emr";
import { exemptionHasReason } from "./exemptions";
import { globalAcceleratorFlowLogs } from "./globalaccelerator";
import { glueLogging } from "./glue";
import { guarddutyEksAuditLogs } from "./guardduty";
import { crossAccountDeliveryScoped, iamNoWildcardAdmin } from "./iam";
import { kmsRotation } from "./kms";
import { lambdaLogging } from "./lambda";
import { mqBrokerLogs } from "./mq";
import { mskBrokerLogs } from "./msk";
import { mwaaLogging } from "./mwaa";
import { neptuneAuditLogs } from "./neptune";
import { networkFirewallLogging } from "./networkfirewall";
import { opensearchHardened, opensearchLogs } from "./opensearch";
import { rdsLogExports, rdsPostgresQueryLogging } from "./rds";
import { redshiftAuditLogging, redshiftServerlessLogging } from "./redshift";
import { route53QueryLogging } from "./route53";
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
import { ssmSessionLogging } from "./ssm";
import { vpcFlowLogs } from "./vpc";
import { wafClassicLogging, wafLogging, wafRuleMetrics } from "./waf";

/** The pack's name as `pulumi policy publish` and `--policy-pack-config` know it. */
export const PACK_NAME = "aws-logging-guardrails";

/** Every policy of the pack, in the order of the controls table. */
export const policies = [
  cloudtrailLoggingEnabled,
  cloudtrailMultiRegion,
  cloudtrailKms,
  cloudtrailLogValidation,
  cloudtrailCloudwatch,
  cloudtrailS3DataEvents,
  cloudtrailBucketHardened,
  cloudtrailBucketMfaDelete,
  cloudtrailSnsTopic,
  cloudtrailInsights,
  cloudtrailLambdaDataEvents,
  eventDataStoreHardened,
  logGroupRetention,
  logGroupKms,
  logGroupNotPublic,
  logGroupDataProtection,
  cisMetricAlarms,
  cloudwatchAlarmActions,
  configRecorderAll,
  configRecorderEnabled,
  configRecorderServiceRole,
  configAggregatorAllRegions,
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
  apigatewayExecutionLogging,
  apigatewayNoDataTrace,
  cloudfrontLogging,
  rdsLogExports,
  rdsPostgresQueryLogging,
  eksControlPlaneLogs,
  vpcFlowLogs,
  wafLogging,
  wafClassicLogging,
  wafRuleMetrics,
  sfnLogging,
  networkFirewallLogging,
  mskBrokerLogs,
  athenaWorkgroup,
  mqBrokerLogs,
  docdbAuditLogs,
  neptuneAuditLogs,
  appsyncLogging,
  ecsLogging,
  codebuildLogging,
  mwaaLogging,
  globalAcceleratorFlowLogs,
  ssmSessionLogging,
  route53QueryLogging,
  glueLogging,
  dmsTaskLogging,
  bedrockInvocationLogging,
  datasyncLogging,
  directoryServiceLogForwarding,
  ec2ClientVpnConnectionLogs,
  elasticBeanstalkLogs,
  guarddutyEksAuditLogs,
  iamNoWildcardAdmin,
  crossAccountDeliveryScoped,
  exemptionHasReason,
];

/** What `new PolicyPack(PACK_NAME, packArgs)` is built from; every policy sets its own level. */
export const packArgs: PolicyPackArgs = {
  policies,
  description:
    "Every AWS resource that can produce logs logs them: CloudTrail, S3, VPC flow logs, ELB, " +
    "Redshift, EMR, OpenSearch, Lambda and more, mapped to Security Hub, CIS and Checkov IDs " +
    "and covering every configuration-level logging check of Checkov and Prowler.",
  displayName: "AWS logging guardrails",
  provider: "aws",
  tags: ["aws", "logging", "audit", "cis"],
};
