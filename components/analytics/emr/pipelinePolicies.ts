import { Partition, PolicyDocument, PolicyStatement, policyDocument } from "../../core";

/** Trust: Step Functions state machines of this account and Region. */
export function statesTrustPolicy(
  partition: Partition,
  region: string,
  accountId: string,
): PolicyDocument {
  return policyDocument([
    {
      Sid: "StatesAssume",
      Effect: "Allow",
      Principal: { Service: "states.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${partition}:states:${region}:${accountId}:stateMachine:*`,
        },
      },
    },
  ]);
}

/** Inputs of {@link stateMachinePolicy}. */
export interface StateMachinePolicyArgs {
  partition: Partition;
  region: string;
  accountId: string;
  mode: "persistent" | "transient";
  /** The persistent cluster's ARN (persistent mode). */
  clusterArn?: string;
  /** Tag every transient cluster carries, so the machine can only touch its own clusters. */
  clusterTag: { key: string; value: string };
  serviceRoleArn: string;
  instanceRoleArn: string;
  alarmTopicArn: string;
  /** Key of the alarm topic (management account). */
  alarmTopicKeyArn: string;
  /** Key of the state machine's own data and log group. */
  analyticsKeyArn: string;
}

/**
 * The state machine's role: add and watch steps (persistent: on the one cluster; transient:
 * create, watch and terminate clusters carrying the pipeline tag), the `.sync` integrations'
 * EventBridge rules, vended log delivery, publish the failure alarm, use its own key.
 */
export function stateMachinePolicy(a: StateMachinePolicyArgs): PolicyDocument {
  const clusters = `arn:${a.partition}:elasticmapreduce:${a.region}:${a.accountId}:cluster/*`;
  const stepActions = [
    "elasticmapreduce:AddJobFlowSteps",
    "elasticmapreduce:DescribeStep",
    "elasticmapreduce:CancelSteps",
    "elasticmapreduce:DescribeCluster",
  ];
  const statements: PolicyStatement[] = [];
  if (a.mode === "persistent") {
    if (a.clusterArn === undefined) throw new Error("persistent mode needs clusterArn");
    statements.push({
      Sid: "StepsOnPersistentCluster",
      Effect: "Allow",
      Action: stepActions,
      Resource: a.clusterArn,
    });
  } else {
    const tagged = {
      StringEquals: { [`aws:ResourceTag/${a.clusterTag.key}`]: a.clusterTag.value },
    };
    statements.push(
      {
        Sid: "CreateTaggedClusters",
        Effect: "Allow",
        Action: ["elasticmapreduce:RunJobFlow", "elasticmapreduce:AddTags"],
        Resource: "*",
        Condition: { StringEquals: { [`aws:RequestTag/${a.clusterTag.key}`]: a.clusterTag.value } },
      },
      {
        Sid: "RunAndTerminateOwnClusters",
        Effect: "Allow",
        Action: [
          ...stepActions,
          "elasticmapreduce:TerminateJobFlows",
          "elasticmapreduce:PutManagedScalingPolicy",
        ],
        Resource: clusters,
        Condition: tagged,
      },
      {
        Sid: "PassClusterRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: [a.serviceRoleArn, a.instanceRoleArn],
        Condition: {
          StringEquals: {
            "iam:PassedToService": ["elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"],
          },
        },
      },
    );
  }
  const rules = ["StepFunctionsGetEventForEMRAddJobFlowStepsRule"];
  if (a.mode === "transient") {
    rules.push(
      "StepFunctionsGetEventForEMRRunJobFlowRule",
      "StepFunctionsGetEventForEMRTerminateJobFlowsRule",
    );
  }
  statements.push(
    {
      Sid: "SyncIntegrationRules",
      Effect: "Allow",
      Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
      Resource: rules.map((r) => `arn:${a.partition}:events:${a.region}:${a.accountId}:rule/${r}`),
    },
    {
      Sid: "VendedLogDelivery",
      Effect: "Allow",
      Action: [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ],
      // CloudWatch Logs vended delivery APIs have no resource-level permissions.
      Resource: "*",
    },
    {
      Sid: "PublishFailureAlarm",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: a.alarmTopicArn,
    },
    {
      Sid: "EncryptForAlarmTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: a.alarmTopicKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `sns.${a.region}.amazonaws.com` } },
    },
    {
      Sid: "UseStateMachineKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: a.analyticsKeyArn,
      Condition: {
        StringLike: {
          "kms:EncryptionContext:aws:states:stateMachineArn": `arn:${a.partition}:states:${a.region}:${a.accountId}:stateMachine:*`,
        },
      },
    },
  );
  return policyDocument(statements);
}

/** Trust: EventBridge Scheduler schedules of this account. */
export function schedulerTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "SchedulerAssume",
      Effect: "Allow",
      Principal: { Service: "scheduler.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Inputs of {@link schedulerPolicy}. */
export interface SchedulerPolicyArgs {
  stateMachineArn: string;
  /** The schedules' dead-letter queues (EventBridge Scheduler sends with the schedule's role). */
  deadLetterQueueArns: readonly string[];
  /** The key encrypting those queues. */
  queueKeyArn: string;
  region: string;
}

/**
 * The schedules' role: start executions of the one state machine, and hand what it could not
 * start to the schedules' own dead-letter queues (encrypting through SQS with their key).
 */
export function schedulerPolicy(a: SchedulerPolicyArgs): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "StartLogParse",
      Effect: "Allow",
      Action: "states:StartExecution",
      Resource: a.stateMachineArn,
    },
  ];
  if (a.deadLetterQueueArns.length > 0) {
    statements.push(
      {
        Sid: "DeadLetterUndeliveredRuns",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: [...a.deadLetterQueueArns],
      },
      {
        Sid: "EncryptDeadLetters",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: a.queueKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `sqs.${a.region}.amazonaws.com` } },
      },
    );
  }
  return policyDocument(statements);
}

/** The dead-letter queue's policy: nothing but TLS requests (its users are in its account). */
export function deadLetterQueuePolicy(queueArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sqs:*",
      Resource: queueArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
}
