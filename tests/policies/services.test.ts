import { policies } from "../../policies/rules";
import { T, UNKNOWN_STRING, assertClean, assertLines, configFor, res, run } from "./harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const EXEMPT = { "logging:exempt": "load test, torn down within the hour" };
const exempted = ' Exempted by tag logging:exempt: "load test, torn down within the hour".';

describe("log-group-retention and log-group-kms", () => {
  const retention = policy("log-group-retention");
  const kms = policy("log-group-kms");
  const group = (props: Record<string, unknown>) => res(T.logGroup, "g", props);

  it("pass a year of retention with a key", async () => {
    assertClean(await run(retention, [group({ retentionInDays: 365 })]));
    assertClean(await run(kms, [group({ kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" })]));
  });

  it("flag no retention, short retention and no key", async () => {
    assertLines(await run(retention, [group({})]), [
      'mandatory g: [CloudWatch.16 | CKV_AWS_66 | CKV_AWS_338] aws.cloudwatch.LogGroup "g" keeps events forever with no retention decision: set retentionInDays to at least 365.',
    ]);
    assertLines(await run(retention, [group({ retentionInDays: 30 })]), [
      'mandatory g: [CloudWatch.16 | CKV_AWS_66 | CKV_AWS_338] aws.cloudwatch.LogGroup "g" keeps events 30 days: set retentionInDays to at least 365.',
    ]);
    assertLines(await run(kms, [group({})]), [
      'advisory g: [CKV_AWS_158] aws.cloudwatch.LogGroup "g" is encrypted with the service key only: set kmsKeyId to a customer managed key ARN.',
    ]);
  });

  it("follow minRetentionDays and allowNeverExpire", async () => {
    assertClean(
      await run(
        retention,
        [group({ retentionInDays: 30 })],
        configFor("log-group-retention", { minRetentionDays: 30 }),
      ),
    );
    assertClean(
      await run(
        retention,
        [group({})],
        configFor("log-group-retention", { allowNeverExpire: true }),
      ),
    );
  });

  it("downgrade an exempt group", async () => {
    assertLines(await run(retention, [group({ retentionInDays: 1, tags: EXEMPT })]), [
      `advisory g: [CloudWatch.16 | CKV_AWS_66 | CKV_AWS_338] aws.cloudwatch.LogGroup "g" keeps events 1 days: set retentionInDays to at least 365.${exempted}`,
    ]);
  });
});

describe("config-recorder-all and kms-rotation", () => {
  it("config-recorder-all wants all supported and global types", async () => {
    const p = policy("config-recorder-all");
    assertClean(
      await run(p, [
        res(T.recorder, "r", {
          roleArn: "x",
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        }),
      ]),
    );
    assertLines(await run(p, [res(T.recorder, "r", { roleArn: "x" })]), [
      'advisory r: [Config.1 | CIS 3.3] aws.cfg.Recorder "r" skips global resources such as IAM: set recordingGroup.includeGlobalResourceTypes: true.',
    ]);
  });

  it("kms-rotation skips asymmetric keys and checks the rotation period", async () => {
    const p = policy("kms-rotation");
    assertClean(await run(p, [res(T.key, "k", { enableKeyRotation: true })]));
    assertClean(
      await run(p, [
        res(T.key, "sign", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
      ]),
    );
    assertLines(
      await run(p, [res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: 730 })]),
      [
        'mandatory k: [KMS.4 | CIS 3.6 | CKV_AWS_7] aws.kms.Key "k" rotates every 730 days: set rotationPeriodInDays to at most 365.',
      ],
    );
    assertClean(
      await run(
        p,
        [res(T.key, "k", { enableKeyRotation: true, rotationPeriodInDays: 730 })],
        configFor("kms-rotation", { maxRotationPeriodDays: 730 }),
      ),
    );
  });
});

describe("redshift", () => {
  const p = policy("redshift-audit-logging");
  const params = res(T.redshiftParams, "params", {
    name: "audit",
    parameters: [{ name: "enable_user_activity_logging", value: "true" }],
  });
  const cluster = res(
    T.redshiftCluster,
    "wh",
    { clusterIdentifier: "wh", clusterParameterGroupName: "audit" },
    { deps: { clusterParameterGroupName: [params] } },
  );
  const logging = (props: Record<string, unknown>) =>
    res(
      T.redshiftLogging,
      "wh-logging",
      { clusterIdentifier: "wh", ...props },
      { deps: { clusterIdentifier: [cluster] } },
    );

  it("passes S3 or complete CloudWatch audit logging with user activity logging", async () => {
    assertClean(
      await run(p, [
        params,
        cluster,
        logging({ logDestinationType: "s3", bucketName: "audit-logs" }),
      ]),
    );
    assertClean(
      await run(p, [
        params,
        cluster,
        logging({
          logDestinationType: "cloudwatch",
          logExports: ["connectionlog", "userlog", "useractivitylog"],
        }),
      ]),
    );
  });

  it("flags missing logging, missing exports and the default parameter group", async () => {
    const bare = res(T.redshiftCluster, "wh", { clusterIdentifier: "wh" });
    assertLines(await run(p, [bare]), [
      'mandatory wh: [Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "wh" has no audit logging: add an aws.redshift.Logging with clusterIdentifier = this cluster and logDestinationType "s3" (bucketName) or "cloudwatch" (logExports connectionlog, userlog and useractivitylog).',
      'mandatory wh: [Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "wh" does not log user activity: set clusterParameterGroupName to an aws.redshift.ParameterGroup with parameter { name: "enable_user_activity_logging", value: "true" }.',
    ]);
    assertLines(
      await run(p, [
        params,
        cluster,
        logging({ logDestinationType: "cloudwatch", logExports: ["userlog"] }),
      ]),
      [
        `mandatory wh: [Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "wh"'s aws.redshift.Logging is incomplete: logExports lacks connectionlog and useractivitylog.`,
      ],
    );
  });

  it("redshift-serverless-logging wants all three exports", async () => {
    const s = policy("redshift-serverless-logging");
    assertClean(
      await run(s, [
        res(T.serverlessNamespace, "ns", {
          namespaceName: "ns",
          logExports: ["userlog", "connectionlog", "useractivitylog"],
        }),
      ]),
    );
    assertLines(
      await run(s, [
        res(T.serverlessNamespace, "ns", { namespaceName: "ns", logExports: ["userlog"] }),
      ]),
      [
        'mandatory ns: [RedshiftServerless.6] aws.redshiftserverless.Namespace "ns" does not export connectionlog and useractivitylog: add them to logExports.',
      ],
    );
  });
});

describe("emr", () => {
  it("emr-logging wants an s3 logUri and a security configuration", async () => {
    const p = policy("emr-logging");
    assertClean(
      await run(p, [
        res(T.emrCluster, "c", { logUri: "s3://logs/emr/", securityConfiguration: "sec" }),
      ]),
    );
    assertLines(await run(p, [res(T.emrCluster, "c", { logUri: "hdfs:///logs" })]), [
      'mandatory c: aws.emr.Cluster "c" has logUri hdfs:///logs: set it to an s3:// location.',
      'mandatory c: aws.emr.Cluster "c" runs without a security configuration: set securityConfiguration to the name of an aws.emr.SecurityConfiguration.',
    ]);
    assertLines(
      await run(p, [res(T.emrCluster, "c", { securityConfiguration: "sec", tags: EXEMPT })]),
      [
        `advisory c: aws.emr.Cluster "c" keeps its logs only on the cluster nodes: set logUri to an s3:// location.${exempted}`,
      ],
    );
  });

  it("emr-security-configuration wants S3 and local disk encryption at rest", async () => {
    const p = policy("emr-security-configuration");
    const good = {
      EncryptionConfiguration: {
        EnableInTransitEncryption: false,
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: {
          S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: "k" },
          LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: "k" },
        },
      },
    };
    assertClean(await run(p, [res(T.emrSecurity, "sec", { configuration: JSON.stringify(good) })]));
    const noDisk = JSON.stringify({
      EncryptionConfiguration: {
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: "SSE-S3" } },
      },
    });
    assertLines(await run(p, [res(T.emrSecurity, "sec", { configuration: noDisk })]), [
      'mandatory sec: aws.emr.SecurityConfiguration "sec" does not encrypt data at rest: set AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EncryptionKeyProviderType under EncryptionConfiguration in configuration.',
    ]);
    assertLines(await run(p, [res(T.emrSecurity, "sec", { configuration: "{" })]), [
      'mandatory sec: aws.emr.SecurityConfiguration "sec" configuration is not valid JSON: fix the document.',
    ]);
  });
});

describe("opensearch", () => {
  const hardened = {
    encryptAtRest: { enabled: true },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
    advancedSecurityOptions: { enabled: true },
  };
  const log = (logType: string) => ({
    logType,
    cloudwatchLogGroupArn: `arn:aws:logs:eu-west-1:1:log-group:${logType}`,
  });

  it("opensearch-logs requires audit and application logs, slow logs advisory", async () => {
    const p = policy("opensearch-logs");
    const all = ["AUDIT_LOGS", "ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"].map(
      log,
    );
    assertClean(await run(p, [res(T.domain, "d", { ...hardened, logPublishingOptions: all })]));
    assertLines(
      await run(p, [
        res(T.domain, "d", {
          logPublishingOptions: [
            log("ES_APPLICATION_LOGS"),
            { ...log("AUDIT_LOGS"), enabled: false },
          ],
        }),
      ]),
      [
        'mandatory d: [Opensearch.4 | Opensearch.5 | ES.4 | ES.5 | CKV_AWS_84 | CKV_AWS_317] aws.opensearch.Domain "d" does not publish AUDIT_LOGS: add logPublishingOptions entries with those logType values, a cloudwatchLogGroupArn and enabled: true.',
        'advisory d: [Opensearch.4 | Opensearch.5 | ES.4 | ES.5 | CKV_AWS_84 | CKV_AWS_317] aws.opensearch.Domain "d" does not publish INDEX_SLOW_LOGS and SEARCH_SLOW_LOGS: add logPublishingOptions entries for them to diagnose slow queries.',
      ],
    );
    const d = await run(
      p,
      [res(T.domain, "d", { logPublishingOptions: [log("ES_APPLICATION_LOGS")] })],
      configFor("opensearch-logs", {
        requiredLogTypes: ["ES_APPLICATION_LOGS"],
        recommendedLogTypes: [],
      }),
    );
    assertClean(d);
  });

  it("opensearch-hardened lists every setting to change", async () => {
    const p = policy("opensearch-hardened");
    assertClean(await run(p, [res(T.domain, "d", hardened)]));
    assertLines(
      await run(p, [
        res(T.domain, "d", {
          domainEndpointOptions: {
            enforceHttps: true,
            tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07",
          },
        }),
      ]),
      [
        'mandatory d: [Opensearch.1 | Opensearch.2 | Opensearch.3 | Opensearch.8] aws.opensearch.Domain "d" is not hardened: set encryptAtRest.enabled: true, nodeToNodeEncryption.enabled: true, domainEndpointOptions.tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" and advancedSecurityOptions.enabled: true.',
      ],
    );
  });
});

describe("lambda-logging", () => {
  const p = policy("lambda-logging");
  const group = res(T.logGroup, "fn-logs", { name: "/aws/lambda/fn", retentionInDays: 365 });

  it("passes JSON logs into a managed group with retention", async () => {
    assertClean(
      await run(p, [
        group,
        res(T.lambda, "fn", { name: "fn", loggingConfig: { logFormat: "JSON" } }),
      ]),
    );
  });

  it("flags text logs and an unmanaged group", async () => {
    assertLines(
      await run(p, [res(T.lambda, "fn", { name: "fn", loggingConfig: { logFormat: "Text" } })]),
      [
        'advisory fn: aws.lambda.Function "fn" logs plain text: set loggingConfig.logFormat to "JSON" so log fields can be queried.',
        'advisory fn: aws.lambda.Function "fn" writes to log group /aws/lambda/fn, which this stack does not manage, so Lambda creates it without retention: declare an aws.cloudwatch.LogGroup named /aws/lambda/fn with retentionInDays.',
      ],
    );
  });

  it("follows loggingConfig.logGroup to the managed group", async () => {
    const custom = res(T.logGroup, "custom", { name: "/app/fn" });
    const fn = res(
      T.lambda,
      "fn",
      { name: "fn", loggingConfig: { logFormat: "JSON", logGroup: "/app/fn" } },
      { deps: { loggingConfig: [custom] } },
    );
    assertLines(await run(p, [custom, fn]), [
      'advisory fn: aws.lambda.Function "fn" logs to /app/fn, which never expires events: set retentionInDays on aws.cloudwatch.LogGroup "custom".',
    ]);
  });
});

describe("elb, apigateway, cloudfront, rds, eks, sfn, msk, athena", () => {
  it("elb-access-logs covers ALBs (by config also NLBs) and Classic Load Balancers", async () => {
    const p = policy("elb-access-logs");
    assertClean(await run(p, [res(T.alb, "alb", { accessLogs: { bucket: "b", enabled: true } })]));
    assertClean(await run(p, [res(T.alb, "nlb", { loadBalancerType: "network" })]));
    const msg = (n: string, cls: string) =>
      `mandatory ${n}: [ELB.5 | CKV_AWS_91] ${cls} "${n}" writes no access logs: set accessLogs { bucket: <log bucket>, enabled: true }.`;
    assertLines(await run(p, [res(T.alb, "alb", { accessLogs: { bucket: "b" } })]), [
      msg("alb", "aws.lb.LoadBalancer"),
    ]);
    assertLines(await run(p, [res(T.elb, "clb", {})]), [msg("clb", "aws.elb.LoadBalancer")]);
    assertLines(
      await run(
        p,
        [res(T.alb, "nlb", { loadBalancerType: "network" })],
        configFor("elb-access-logs", { loadBalancerTypes: ["application", "network"] }),
      ),
      [msg("nlb", "aws.lb.LoadBalancer")],
    );
  });

  it("apigateway-logging covers REST and HTTP stages", async () => {
    const p = policy("apigateway-logging");
    assertClean(
      await run(p, [
        res(T.apiStage, "s", { accessLogSettings: { destinationArn: "arn", format: "{}" } }),
      ]),
    );
    assertLines(await run(p, [res(T.apiV2Stage, "s2", {})]), [
      'mandatory s2: [APIGateway.1 | APIGateway.9 | CKV_AWS_76] aws.apigatewayv2.Stage "s2" writes no access logs: set accessLogSettings { destinationArn: <log group ARN>, format }.',
    ]);
  });

  it("cloudfront-logging, rds-log-exports and eks-control-plane-logs", async () => {
    assertLines(await run(policy("cloudfront-logging"), [res(T.distribution, "cdn", {})]), [
      'mandatory cdn: [CloudFront.5 | CKV_AWS_86] aws.cloudfront.Distribution "cdn" writes no access logs: set loggingConfig.bucket to the log bucket\'s domain name.',
    ]);
    assertClean(
      await run(policy("rds-log-exports"), [
        res(T.rdsCluster, "db", { enabledCloudwatchLogsExports: ["postgresql"] }),
      ]),
    );
    assertLines(await run(policy("rds-log-exports"), [res(T.rdsInstance, "db", {})]), [
      'mandatory db: [RDS.9 | RDS.34 | RDS.36 | RDS.37 | RDS.40 | CKV_AWS_129] aws.rds.Instance "db" exports no database logs: set enabledCloudwatchLogsExports to the engine\'s log types.',
    ]);
    assertLines(
      await run(policy("eks-control-plane-logs"), [
        res(T.eks, "k8s", { enabledClusterLogTypes: ["api"] }),
      ]),
      [
        'mandatory k8s: [EKS.8 | CKV_AWS_37] aws.eks.Cluster "k8s" does not log audit and authenticator: add them to enabledClusterLogTypes.',
      ],
    );
    assertClean(
      await run(
        policy("eks-control-plane-logs"),
        [res(T.eks, "k8s", { enabledClusterLogTypes: ["api"] })],
        configFor("eks-control-plane-logs", { requiredLogTypes: ["api"] }),
      ),
    );
  });

  it("sfn-logging wants a level and a destination", async () => {
    const p = policy("sfn-logging");
    assertClean(
      await run(p, [
        res(T.stateMachine, "sm", {
          loggingConfiguration: { level: "ERROR", logDestination: "arn:aws:logs:x:*" },
        }),
      ]),
    );
    assertLines(await run(p, [res(T.stateMachine, "sm", {})]), [
      'mandatory sm: [StepFunctions.1 | CKV_AWS_285] aws.sfn.StateMachine "sm" logs at level OFF: set loggingConfiguration.level to "ALL", "ERROR" or "FATAL" and logDestination.',
    ]);
    assertLines(
      await run(
        p,
        [
          res(T.stateMachine, "sm", {
            loggingConfiguration: { level: "ERROR", logDestination: "x" },
          }),
        ],
        configFor("sfn-logging", { acceptedLevels: ["ALL"] }),
      ),
      [
        'mandatory sm: [StepFunctions.1 | CKV_AWS_285] aws.sfn.StateMachine "sm" logs at level ERROR: set loggingConfiguration.level to "ALL" and logDestination.',
      ],
    );
  });

  it("msk-broker-logs and athena-workgroup are advisory", async () => {
    assertClean(
      await run(policy("msk-broker-logs"), [
        res(T.msk, "k", {
          loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "g" } } },
        }),
      ]),
    );
    assertLines(await run(policy("msk-broker-logs"), [res(T.msk, "k", {})]), [
      'advisory k: [CKV_AWS_80] aws.msk.Cluster "k" keeps no broker logs: enable loggingInfo.brokerLogs.cloudwatchLogs, firehose or s3.',
    ]);
    const wg = {
      configuration: {
        resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS" } },
      },
    };
    assertClean(await run(policy("athena-workgroup"), [res(T.workgroup, "wg", wg)]));
    assertLines(
      await run(policy("athena-workgroup"), [
        res(T.workgroup, "wg", { configuration: { enforceWorkgroupConfiguration: false } }),
      ]),
      [
        'advisory wg: [Athena.4] aws.athena.Workgroup "wg" is not governed: set configuration.enforceWorkgroupConfiguration: true and configuration.resultConfiguration.encryptionConfiguration.encryptionOption "SSE_KMS".',
      ],
    );
  });
});

describe("vpc-flow-logs", () => {
  const p = policy("vpc-flow-logs");
  const vpc = res(T.vpc, "app", { cidrBlock: "10.0.0.0/16" }, { outputs: { id: "vpc-1" } });
  const flow = (props: Record<string, unknown>, deps = {}) =>
    res(
      T.flowLog,
      "fl",
      { trafficType: "ALL", logDestination: "arn:aws:s3:::logs", ...props },
      { deps },
    );

  it("passes a flow log that refers to the VPC, by dependency or by id", async () => {
    assertClean(await run(p, [vpc, flow({ vpcId: "vpc-1" }, { vpcId: [vpc] })]));
    assertClean(await run(p, [vpc, flow({ vpcId: "vpc-1" })]));
  });

  it("flags a VPC without a flow log and one logging accepted traffic only", async () => {
    assertLines(await run(p, [vpc]), [
      'mandatory app: [EC2.6 | CIS 3.7 | CKV2_AWS_11] aws.ec2.Vpc "app" has no flow log: add an aws.ec2.FlowLog with vpcId = this VPC\'s id, trafficType "ALL" and a logDestination.',
    ]);
    assertLines(await run(p, [vpc, flow({ vpcId: "vpc-1", trafficType: "ACCEPT" })]), [
      'mandatory app: [EC2.6 | CIS 3.7 | CKV2_AWS_11] aws.ec2.Vpc "app"\'s flow logs record only accepted traffic: set trafficType to "ALL" or "REJECT" on its aws.ec2.FlowLog.',
    ]);
    assertClean(
      await run(
        p,
        [vpc, flow({ vpcId: "vpc-1", trafficType: "ACCEPT" })],
        configFor("vpc-flow-logs", { acceptedTrafficTypes: ["ACCEPT"] }),
      ),
    );
  });

  it("handles awsx.ec2.Vpc offline (one component) and in a real preview (component + child)", async () => {
    const awsx = res(T.awsxVpc, "net", {}, { outputs: { vpcId: "vpc-awsx" } });
    const viaComponent = flow({ vpcId: "vpc-awsx" }, { vpcId: [awsx] });
    assertClean(await run(p, [awsx, viaComponent]));
    assertLines(await run(p, [awsx]), [
      'mandatory net: [EC2.6 | CIS 3.7 | CKV2_AWS_11] awsx.ec2.Vpc "net" has no flow log: add an aws.ec2.FlowLog with vpcId = this VPC\'s vpcId output, trafficType "ALL" and a logDestination.',
    ]);
    const child = res(T.vpc, "net", {}, { parent: awsx, outputs: { id: UNKNOWN_STRING } });
    assertClean(await run(p, [awsx, child, viaComponent]));
    assertLines(await run(p, [awsx, child]), [
      'mandatory net: [EC2.6 | CIS 3.7 | CKV2_AWS_11] aws.ec2.Vpc "net" has no flow log: add an aws.ec2.FlowLog with vpcId = this VPC\'s id, trafficType "ALL" and a logDestination.',
    ]);
  });
});

describe("waf-logging and networkfirewall-logging", () => {
  it("waf-logging matches the logging configuration by ARN", async () => {
    const p = policy("waf-logging");
    const acl = res(
      T.webAcl,
      "acl",
      {},
      { outputs: { arn: "arn:aws:wafv2:x:1:regional/webacl/acl/1" } },
    );
    assertClean(
      await run(p, [
        acl,
        res(T.webAclLogging, "l", {
          resourceArn: "arn:aws:wafv2:x:1:regional/webacl/acl/1",
          logDestinationConfigs: ["x"],
        }),
      ]),
    );
    assertLines(await run(p, [acl]), [
      'mandatory acl: [WAF.1 | WAF.11 | CKV2_AWS_31] aws.wafv2.WebAcl "acl" logs no requests: add an aws.wafv2.WebAclLoggingConfiguration with resourceArn = this web ACL\'s arn.',
    ]);
  });

  it("networkfirewall-logging wants a destination", async () => {
    const p = policy("networkfirewall-logging");
    const fw = res(T.firewall, "fw", {}, { outputs: { arn: "arn:fw" } });
    const config = (dests: unknown[]) =>
      res(
        T.firewallLogging,
        "l",
        { firewallArn: "arn:fw", loggingConfiguration: { logDestinationConfigs: dests } },
        { deps: { firewallArn: [fw] } },
      );
    assertClean(
      await run(p, [
        fw,
        config([
          { logType: "FLOW", logDestinationType: "S3", logDestination: { bucketName: "b" } },
        ]),
      ]),
    );
    assertLines(await run(p, [fw, config([])]), [
      'advisory fw: [NetworkFirewall.2] aws.networkfirewall.Firewall "fw" logs no traffic: add an aws.networkfirewall.LoggingConfiguration with firewallArn = this firewall\'s arn and logDestinationConfigs for "FLOW" and "ALERT".',
    ]);
  });
});
