import * as assert from "assert";
import { PolicyDocument, PolicyStatement } from "../../../../components/core/policyDocument";
import {
  PIPELINE_TAG,
  SPARK_CONFIGURATIONS,
  runJobFlowRequest,
} from "../../../../components/analytics/emr/clusterSpec";
import { sparkBundle } from "../../../../components/analytics/emr/sparkBundle";
import { AslState } from "../../../../components/analytics/emr/stateMachineDefinition";
import { DEFAULT_SCHEDULES } from "../../../../components/config/analytics";
import { stableSuffix } from "../../../../tools/offline/mockCloud";
import { PlanResource } from "../../../../tools/offline/plan";
import {
  analyticsKey,
  ofType,
  only,
  oneWhere,
  platformPlan,
  policyOf,
  securityTopic,
  statement,
} from "../../plan";
import { REPO, AUDIT, LAKE, ARTIFACTS } from "./emrFixtures";

const TYPES = {
  cluster: "aws:emr/cluster:Cluster",
  scaling: "aws:emr/managedScalingPolicy:ManagedScalingPolicy",
  securityConfiguration: "aws:emr/securityConfiguration:SecurityConfiguration",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  schedule: "aws:scheduler/schedule:Schedule",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
};

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

describe("EMR processing (synthesized stacks)", () => {
  let prod: PlanResource[];
  let dev: PlanResource[];
  const analyticsKeyArn = (plan: PlanResource[]) => analyticsKey(plan).outputs["arn"] as string;
  const rolePolicy = (plan: PlanResource[], name: string): PolicyDocument =>
    policyOf(plan.find((r) => r.type === TYPES.rolePolicy && r.name === name)!);

  before(async () => {
    prod = await platformPlan("prod");
    dev = await platformPlan("dev");
  });

  it("the security configuration encrypts S3 writes and local disks (EBS too) with the analytics key and requires IMDSv2", () => {
    const sc = only(prod, TYPES.securityConfiguration);
    const key = analyticsKeyArn(prod);
    assert.deepStrictEqual(JSON.parse(sc.inputs["configuration"] as string), {
      EncryptionConfiguration: {
        EnableInTransitEncryption: false,
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: {
          S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: key },
          LocalDiskEncryptionConfiguration: {
            EncryptionKeyProviderType: "AwsKms",
            AwsKmsKey: key,
            EnableEbsEncryption: true,
          },
        },
      },
      InstanceMetadataServiceConfiguration: {
        MinimumInstanceMetadataServiceVersion: 2,
        HttpPutResponseHopLimit: 1,
      },
    });
  });

  it("prod runs one persistent EMR 7.13 Spark cluster logging into the lake, sized from config", () => {
    const c = only(prod, TYPES.cluster);
    assert.strictEqual(c.inputs["releaseLabel"], "emr-7.13.0");
    assert.deepStrictEqual(c.inputs["applications"], ["Spark"]);
    assert.strictEqual(c.inputs["logUri"], `s3://${LAKE}/emr-logs/`);
    assert.strictEqual(c.inputs["logEncryptionKmsKeyId"], analyticsKeyArn(prod));
    assert.strictEqual(c.inputs["securityConfiguration"], "acme-logs-prod-logparse");
    assert.deepStrictEqual(c.inputs["autoTerminationPolicy"], { idleTimeout: 2880 * 60 });
    assert.deepStrictEqual(c.inputs["masterInstanceGroup"], {
      instanceType: "m7g.2xlarge",
      instanceCount: 1,
      ebsConfigs: [{ type: "gp3", size: 256, volumesPerInstance: 1 }],
    });
    assert.deepStrictEqual(c.inputs["coreInstanceGroup"], {
      instanceType: "r7g.2xlarge",
      instanceCount: 2,
      ebsConfigs: [{ type: "gp3", size: 256, volumesPerInstance: 1 }],
    });
    assert.strictEqual(
      c.inputs["serviceRole"],
      `arn:aws:iam::${AUDIT}:role/log-analytics-acme-logs-prod-emr-service`,
    );
    const ec2 = c.inputs["ec2Attributes"] as Record<string, string>;
    assert.strictEqual(
      ec2["instanceProfile"],
      `arn:aws:iam::${AUDIT}:instance-profile/log-analytics-acme-logs-prod-emr-instance`,
    );
    assert.match(ec2["subnetId"], /^subnet-priv/);
    assert.deepStrictEqual(only(prod, TYPES.scaling).inputs["computeLimits"], [
      { unitType: "Instances", minimumCapacityUnits: 3, maximumCapacityUnits: 12 },
    ]);
    assert.strictEqual(c.provider, only(prod, TYPES.securityConfiguration).provider);
    assert.match(c.provider ?? "", /acme-logs-prod-audit$/);
  });

  it("both stacks' parse and index steps pass the JIT flag; neither cluster configuration sets Java options", () => {
    const flags = [
      '"--conf", "spark.driver.defaultJavaOptions=-XX:-DontCompileHugeMethods"',
      '"--conf", "spark.executor.defaultJavaOptions=-XX:-DontCompileHugeMethods"',
    ];
    for (const plan of [prod, dev]) {
      const def = JSON.parse(only(plan, TYPES.stateMachine).inputs["definition"] as string) as {
        States: Record<string, AslState>;
      };
      for (const state of ["Parse", "Index"]) {
        const args = (
          def.States[state]["Arguments"] as { Step: { HadoopJarStep: { Args: string } } }
        ).Step.HadoopJarStep.Args;
        for (const flag of flags) assert.ok(args.includes(flag), `${state}: ${args}`);
        assert.ok(!args.includes("extraJavaOptions"), `${state} replaces EMR's extraJavaOptions`);
      }
    }
    const persistent = JSON.parse(only(prod, TYPES.cluster).inputs["configurationsJson"] as string);
    const transient = (
      JSON.parse(only(dev, TYPES.stateMachine).inputs["definition"] as string) as {
        States: Record<string, AslState>;
      }
    ).States["CreateCluster"]["Arguments"] as Record<string, unknown>;
    assert.deepStrictEqual(persistent, SPARK_CONFIGURATIONS);
    assert.deepStrictEqual(transient["Configurations"], SPARK_CONFIGURATIONS);
  });

  it("Spark SQL's catalog is the Glue Data Catalog, where the parse step registers its partitions", () => {
    const byClass = Object.fromEntries(
      SPARK_CONFIGURATIONS.map((c) => [c.Classification, c.Properties]),
    );
    assert.deepStrictEqual(byClass["spark-hive-site"], {
      "hive.metastore.client.factory.class":
        "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory",
    });
    assert.strictEqual(byClass["spark-defaults"]["spark.sql.catalogImplementation"], "hive");
    const def = JSON.parse(only(prod, TYPES.stateMachine).inputs["definition"] as string) as {
      States: Record<string, AslState>;
    };
    const args = (def.States["Parse"]["Arguments"] as { Step: { HadoopJarStep: { Args: string } } })
      .Step.HadoopJarStep.Args;
    assert.ok(args.includes('"--catalog-database", "acme_logs_prod"'), args);
    const db = prod.find((r) => r.type === "aws:glue/catalogDatabase:CatalogDatabase");
    assert.strictEqual(db?.inputs["name"], "acme_logs_prod");
  });

  it("the parse step ships the JVM parsers' jar with --jars; the index step does not", () => {
    const hash = sparkBundle(REPO).hash;
    const def = JSON.parse(only(prod, TYPES.stateMachine).inputs["definition"] as string) as {
      States: Record<string, AslState>;
    };
    const args = (state: string) =>
      (def.States[state]["Arguments"] as { Step: { HadoopJarStep: { Args: string } } }).Step
        .HadoopJarStep.Args;
    const jar = `"--jars", "s3://${ARTIFACTS}/spark/awslogs-${hash}.jar"`;
    assert.ok(args("Parse").includes(jar), args("Parse"));
    assert.ok(!args("Index").includes("awslogs-"), args("Index"));
  });

  it("dev has no standing cluster: the state machine creates a transient one per run", () => {
    assert.deepStrictEqual(ofType(dev, TYPES.cluster), []);
    const def = JSON.parse(only(dev, TYPES.stateMachine).inputs["definition"] as string) as {
      States: Record<string, AslState>;
    };
    const create = def.States["CreateCluster"]["Arguments"] as Record<string, unknown>;
    assert.strictEqual(create["ReleaseLabel"], "emr-7.13.0");
    assert.strictEqual(create["SecurityConfiguration"], "acme-logs-dev-logparse");
    assert.deepStrictEqual(create["AutoTerminationPolicy"], { IdleTimeout: 30 * 60 });
    assert.deepStrictEqual(create["ManagedScalingPolicy"], {
      ComputeLimits: { UnitType: "Instances", MinimumCapacityUnits: 2, MaximumCapacityUnits: 3 },
    });
    assert.strictEqual(create["JobFlowRole"], "log-analytics-acme-logs-dev-emr-instance");
    const tags = create["Tags"] as Array<{ Key: string; Value: string }>;
    assert.ok(tags.some((t) => t.Key === PIPELINE_TAG.key && t.Value === PIPELINE_TAG.value));
  });

  it("node role: reads raw prefixes, writes only the lake's output prefixes, no s3:* and no write on *", () => {
    const doc = rolePolicy(prod, "log-processing-instance");
    for (const s of doc.Statement) {
      const actions = list(s.Action);
      assert.ok(
        !actions.some((a) => a === "*" || a.endsWith(":*")),
        `${s.Sid} has a wildcard action`,
      );
      const writes = actions.filter((a) => /^s3:(Put|Delete|Abort)/.test(a));
      if (writes.length > 0) assert.ok(!list(s.Resource).includes("*"), `${s.Sid} writes on *`);
    }
    assert.deepStrictEqual(statement(doc, "WriteLakeOutputs").Resource, [
      `arn:aws:s3:::${LAKE}/parsed/*`,
      `arn:aws:s3:::${LAKE}/rejects/*`,
      `arn:aws:s3:::${LAKE}/runs/*`,
    ]);
    assert.deepStrictEqual(
      statement(doc, "WriteClusterLogs").Resource,
      `arn:aws:s3:::${LAKE}/emr-logs/*`,
    );
    assert.deepStrictEqual(statement(doc, "ReadRawLogs"), {
      Sid: "ReadRawLogs",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: [
        "arn:aws:s3:::acme-logs-prod-archive-234567890123/AWSLogs/*",
        "arn:aws:s3:::acme-logs-prod-archive-234567890123/cloudwatch/*",
        "arn:aws:s3:::acme-logs-prod-elb-234567890123-eu-west-1/*",
        "arn:aws:s3:::acme-logs-prod-redshift-234567890123-eu-west-1/*",
        "arn:aws:s3:::acme-logs-prod-s3-access-234567890123-eu-west-1/*",
        `arn:aws:s3:::${LAKE}/emr-logs/*`,
      ],
    });
    assert.deepStrictEqual(statement(doc, "ReadArtifacts").Resource, [
      `arn:aws:s3:::${ARTIFACTS}/spark/*`,
      `arn:aws:s3:::${ARTIFACTS}/jars/*`,
    ]);
    const archiveKey = prod.find(
      (r) =>
        r.type === TYPES.key && String(r.inputs["description"]).startsWith("Central log archive"),
    )!.outputs["arn"];
    assert.deepStrictEqual(statement(doc, "DecryptArchiveThroughS3"), {
      Sid: "DecryptArchiveThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: archiveKey,
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
    assert.strictEqual(statement(doc, "UseAnalyticsKey").Resource, analyticsKeyArn(prod));
    assert.strictEqual(
      statement(doc, "IndexHotSubset").Resource,
      `arn:aws:es:eu-west-1:${AUDIT}:domain/acme-logs-prod-search/*`,
    );
    assert.deepStrictEqual(statement(doc, "RegisterLakePartitions"), {
      Sid: "RegisterLakePartitions",
      Effect: "Allow",
      Action: [
        "glue:GetDatabase",
        "glue:GetTable",
        "glue:GetPartition",
        "glue:GetPartitions",
        "glue:BatchGetPartition",
        "glue:CreatePartition",
        "glue:BatchCreatePartition",
      ],
      Resource: [
        `arn:aws:glue:eu-west-1:${AUDIT}:catalog`,
        `arn:aws:glue:eu-west-1:${AUDIT}:database/acme_logs_prod`,
        `arn:aws:glue:eu-west-1:${AUDIT}:table/acme_logs_prod/*`,
      ],
    });
  });

  it("the roles that read the archive match the archive's reader pattern", () => {
    const names = ofType(prod, TYPES.role)
      .map((r) => r.inputs["name"] as string)
      .filter((n) => n.includes("emr-instance") || n.includes("search-admin"));
    assert.deepStrictEqual(names.sort(), [
      "log-analytics-acme-logs-prod-emr-instance",
      "log-analytics-acme-logs-prod-search-admin",
    ]);
  });

  it("the EMR service role uses the v2 managed policy plus PassRole to EC2 and EBS key grants", () => {
    const attach = ofType(prod, TYPES.attachment).find(
      (a) => a.name === "log-processing-service-v2",
    )!;
    assert.strictEqual(
      attach.inputs["policyArn"],
      "arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2",
    );
    const doc = rolePolicy(prod, "log-processing-service");
    assert.deepStrictEqual(statement(doc, "PassNodeRoleToEc2").Condition, {
      StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" },
    });
    assert.deepStrictEqual(statement(doc, "EbsEncryptionGrants").Condition, {
      Bool: { "kms:GrantIsForAWSResource": "true" },
    });
    const trust = policyOf(
      oneWhere(prod, TYPES.role, "name", "log-analytics-acme-logs-prod-emr-service"),
      "assumeRolePolicy",
    );
    assert.deepStrictEqual(trust.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": AUDIT },
      ArnLike: { "aws:SourceArn": `arn:aws:elasticmapreduce:eu-west-1:${AUDIT}:*` },
    });
  });

  it("the state machine logs errors to a KMS log group, is KMS-encrypted and steps the persistent cluster", () => {
    const sm = only(prod, TYPES.stateMachine);
    const lg = ofType(prod, TYPES.logGroup).find((g) => g.name === "log-processing-states")!;
    assert.deepStrictEqual(sm.inputs["loggingConfiguration"], {
      level: "ERROR",
      includeExecutionData: true,
      logDestination: `${lg.outputs["arn"] as string}:*`,
    });
    assert.strictEqual(lg.inputs["name"], "/acme-logs/prod/states/logparse");
    assert.strictEqual(lg.inputs["kmsKeyId"], analyticsKeyArn(prod));
    assert.deepStrictEqual(sm.inputs["encryptionConfiguration"], {
      type: "CUSTOMER_MANAGED_KMS_KEY",
      kmsKeyId: analyticsKeyArn(prod),
      kmsDataKeyReusePeriodSeconds: 300,
    });
    const def = JSON.parse(sm.inputs["definition"] as string) as {
      States: Record<string, AslState>;
    };
    const parseArgs = def.States["Parse"]["Arguments"] as {
      ClusterId: string;
      Step: { HadoopJarStep: { Args: string } };
    };
    // The mock cloud ids a cluster j-<suffix of its logical name>, as the cluster resource got.
    assert.strictEqual(parseArgs.ClusterId, `j-${stableSuffix("log-processing").toUpperCase()}`);
    const hash = sparkBundle(REPO).hash;
    assert.ok(
      parseArgs.Step.HadoopJarStep.Args.includes(`"s3://${ARTIFACTS}/spark/job-${hash}.py"`),
    );
    assert.ok(parseArgs.Step.HadoopJarStep.Args.includes(`"s3://${LAKE}/parsed/"`));
    assert.ok(parseArgs.Step.HadoopJarStep.Args.includes('"--max-reject-ratio", "0.005"'));
    const topic = securityTopic(prod);
    assert.strictEqual(
      (def.States["NotifyFailure"]["Arguments"] as { TopicArn: string }).TopicArn,
      topic.outputs["arn"],
    );
    const policy = rolePolicy(prod, "log-processing-states");
    assert.deepStrictEqual(
      statement(policy, "StepsOnPersistentCluster").Resource,
      only(prod, TYPES.cluster).outputs["arn"],
    );
    assert.strictEqual(statement(policy, "PublishFailureAlarm").Resource, topic.outputs["arn"]);
  });

  it("each configured source gets a daily UTC schedule that starts the state machine with its scheduled time", () => {
    const sm = only(prod, TYPES.stateMachine);
    const schedules = ofType(prod, TYPES.schedule);
    assert.deepStrictEqual(
      schedules.map((s) => [s.inputs["name"], s.inputs["scheduleExpression"]]),
      [
        ...Object.entries(DEFAULT_SCHEDULES),
        // formats/legacy_app.yaml and formats/nginx_access.yaml, on their declared schedules.
        ["legacy_app", "cron(15 3 * * ? *)"],
        ["nginx_access", "cron(30 3 * * ? *)"],
      ].map(([src, cron]) => [`acme-logs-prod-logparse-${src}`, cron]),
    );
    for (const s of schedules) {
      assert.strictEqual(s.inputs["scheduleExpressionTimezone"], "UTC");
      assert.deepStrictEqual(s.inputs["flexibleTimeWindow"], { mode: "OFF" });
      const target = s.inputs["target"] as { arn: string; input: string; roleArn: string };
      assert.strictEqual(target.arn, sm.outputs["arn"]);
      const source = (s.inputs["name"] as string).replace("acme-logs-prod-logparse-", "");
      assert.deepStrictEqual(JSON.parse(target.input), {
        source,
        scheduledTime: "<aws.scheduler.scheduled-time>",
      });
    }
    assert.deepStrictEqual(
      ofType(dev, TYPES.schedule).map((s) => s.inputs["scheduleExpression"]),
      [
        "cron(30 1 * * ? *)",
        "cron(45 1 * * ? *)",
        "cron(45 2 * * ? *)",
        "cron(15 3 * * ? *)",
        "cron(30 3 * * ? *)",
      ],
    );
    const scheduler = rolePolicy(prod, "log-processing-scheduler");
    const queueArns = [...Object.keys(DEFAULT_SCHEDULES), "legacy_app", "nginx_access"].map(
      (src) => `arn:aws:sqs:eu-west-1:${AUDIT}:acme-logs-prod-logparse-${src}-dlq`,
    );
    assert.deepStrictEqual(scheduler.Statement, [
      {
        Sid: "StartLogParse",
        Effect: "Allow",
        Action: "states:StartExecution",
        Resource: sm.outputs["arn"],
      },
      {
        Sid: "DeadLetterUndeliveredRuns",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: queueArns,
      },
      {
        Sid: "EncryptDeadLetters",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: analyticsKeyArn(prod),
        Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } },
      },
    ] as PolicyStatement[]);
  });

  it("every schedule retries, then hands the run to its own KMS-encrypted, TLS-only dead-letter queue", () => {
    for (const plan of [prod, dev]) {
      const schedules = ofType(plan, TYPES.schedule);
      assert.ok(schedules.length > 0);
      for (const s of schedules) {
        const target = s.inputs["target"] as {
          retryPolicy: unknown;
          deadLetterConfig: { arn: string };
        };
        assert.deepStrictEqual(target.retryPolicy, {
          maximumEventAgeInSeconds: 3600,
          maximumRetryAttempts: 3,
        });
        const queue = ofType(plan, TYPES.queue).find(
          (q) => q.outputs["arn"] === target.deadLetterConfig.arn,
        );
        assert.ok(queue, `${String(s.inputs["name"])} has no dead-letter queue of the stack`);
        assert.strictEqual(queue.inputs["name"], `${String(s.inputs["name"])}-dlq`);
        assert.deepStrictEqual(
          [
            queue.inputs["kmsMasterKeyId"],
            queue.inputs["messageRetentionSeconds"],
            queue.inputs["fifoQueue"],
          ],
          [analyticsKeyArn(plan), 1_209_600, undefined],
        );
        const queuePolicy = ofType(plan, TYPES.queuePolicy).find(
          (p) => p.inputs["queueUrl"] === queue.outputs["url"],
        );
        assert.ok(queuePolicy, `${String(queue.inputs["name"])} has no policy`);
        assert.deepStrictEqual(policyOf(queuePolicy).Statement, [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: queue.outputs["arn"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ]);
      }
      assert.strictEqual(ofType(plan, TYPES.queue).length, schedules.length);
    }
  });

  it("uploads the bundle, the JVM parsers and the connector under content-addressed keys, KMS-encrypted", () => {
    const hash = sparkBundle(REPO).hash;
    const keys = ofType(prod, TYPES.object)
      .map((o) => [o.inputs["bucket"], o.inputs["key"], o.inputs["serverSideEncryption"]])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    assert.deepStrictEqual(keys, [
      [ARTIFACTS, "jars/opensearch-spark-30_2.12-1.3.0.jar", "aws:kms"],
      [ARTIFACTS, `spark/awslogs-${hash}.jar`, "aws:kms"],
      [ARTIFACTS, `spark/job-${hash}.py`, "aws:kms"],
      [ARTIFACTS, `spark/logparse-${hash}.zip`, "aws:kms"],
      [ARTIFACTS, `spark/schemas-${hash}.zip`, "aws:kms"],
      [ARTIFACTS, `spark/search_index-${hash}.py`, "aws:kms"],
    ]);
  });

  it("transient RunJobFlow places nodes in the private subnet with the EMR-managed groups", () => {
    const req = runJobFlowRequest(
      {
        name: "n",
        logUri: "s3://l/emr-logs/",
        serviceRole: "svc",
        instanceProfile: "prof",
        securityConfiguration: "sc",
        logEncryptionKeyArn: "k",
        subnetId: "subnet-1",
        primarySecurityGroup: "sg-p",
        coreSecurityGroup: "sg-c",
        serviceAccessSecurityGroup: "sg-s",
        tags: { environment: "dev" },
      },
      {
        mode: "transient",
        releaseLabel: "emr-7.13.0",
        primaryInstanceType: "m7g.xlarge",
        coreInstanceType: "m7g.xlarge",
        coreInstanceCount: 1,
        maxCapacityUnits: 3,
        ebsVolumeGiB: 64,
        idleTimeoutMinutes: 30,
        maxRejectRatio: 0.01,
        schedules: {},
      },
    );
    const instances = req["Instances"] as Record<string, unknown>;
    assert.deepStrictEqual(
      [
        instances["Ec2SubnetId"],
        instances["EmrManagedMasterSecurityGroup"],
        instances["EmrManagedSlaveSecurityGroup"],
        instances["ServiceAccessSecurityGroup"],
        instances["KeepJobFlowAliveWhenNoSteps"],
      ],
      ["subnet-1", "sg-p", "sg-c", "sg-s", true],
    );
    assert.deepStrictEqual(req["Tags"], [
      { Key: "environment", Value: "dev" },
      { Key: "logging:pipeline", Value: "logparse" },
    ]);
  });
});
