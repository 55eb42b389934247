import { Partition } from "../../core";
import { ArgPart, jsonataArgs } from "./stepCommand";

/**
 * The Step Functions definition that runs one source's daily parse (and, for the hot sources,
 * its OpenSearch indexing) on EMR. Written in JSONata because the scheduled run must derive
 * "yesterday" from the schedule's time, which JSONPath intrinsics cannot do.
 */

/** Amazon States Language, as far as this definition uses it. */
export type AslState = Record<string, unknown>;
export interface AslDefinition {
  Comment: string;
  QueryLanguage: "JSONata";
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, AslState>;
}

/** The RunJobFlow request of a transient cluster (EMR API field names). */
export type RunJobFlowRequest = Record<string, unknown>;

/** Inputs of {@link logParseDefinition}. */
export interface LogParseDefinitionArgs {
  /** Partition of the state machine's Region: the service integrations' ARNs name it. */
  partition: Partition;
  /** `persistent`: steps go to `clusterId`; `transient`: create, run, terminate. */
  mode: "persistent" | "transient";
  /** The long-running cluster (persistent mode). */
  clusterId?: string;
  /** The cluster to create per run (transient mode). */
  runJobFlow?: RunJobFlowRequest;
  /** Input root per scheduled source; a source absent here is refused. */
  inputs: Readonly<Record<string, string>>;
  /** Dataset indexed into OpenSearch per hot source; other sources are not indexed. */
  hotDatasets: Readonly<Record<string, string>>;
  /** The parse step's command. */
  parseArgs: readonly ArgPart[];
  /** The indexing step's command. */
  indexArgs: readonly ArgPart[];
  /** The platform alarm topic notified when a run fails. */
  alarmTopicArn: string;
  /** Longest a run may take before it is failed, seconds. Default: 6 hours. */
  timeoutSeconds?: number;
}

const DAY_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/**
 * The day a run parses: `date` when the caller gives one (back-fill), else the UTC day before the
 * schedule's `scheduledTime`; "" when neither is usable, which the validation state refuses.
 */
export const DAY_EXPRESSION =
  "$exists($states.input.date) ? $string($states.input.date) : " +
  "($exists($states.input.scheduledTime) ? " +
  "$fromMillis($toMillis($states.input.scheduledTime) - 86400000, '[Y0001]-[M01]-[D01]') : '')";

function lookup(table: Readonly<Record<string, string>>): string {
  return `($v := $lookup(${JSON.stringify(table)}, $string($states.input.source)); $exists($v) ? $v : '')`;
}

/** Retries a failed step twice, 5 then 10 minutes later (jittered), for S3/EMR hiccups. */
const STEP_RETRY = [
  {
    ErrorEquals: ["States.TaskFailed", "States.Timeout"],
    IntervalSeconds: 300,
    MaxAttempts: 2,
    BackoffRate: 2,
    JitterStrategy: "FULL",
  },
];

function catchTo(next: string): AslState[] {
  return [
    { ErrorEquals: ["States.ALL"], Assign: { error: "{% $states.errorOutput %}" }, Next: next },
  ];
}

/** The ARN of a Step Functions service integration (`emr:addStep.sync`, `sns:publish`). */
function integration(partition: Partition, api: string): string {
  return `arn:${partition}:states:::${api}`;
}

function addStep(
  partition: Partition,
  name: string,
  args: readonly ArgPart[],
  clusterId: string,
  next: string,
  onError: string,
): AslState {
  return {
    Type: "Task",
    Resource: integration(partition, "elasticmapreduce:addStep.sync"),
    Arguments: {
      ClusterId: clusterId,
      Step: {
        Name: `{% '${name} ' & $source & ' ' & $day %}`,
        ActionOnFailure: "CONTINUE",
        HadoopJarStep: { Jar: "command-runner.jar", Args: jsonataArgs(args) },
      },
    },
    Retry: STEP_RETRY,
    Catch: catchTo(onError),
    Next: next,
  };
}

/**
 * The definition. States: Resolve (source, day, input, dataset) → Validate → [CreateCluster] →
 * Parse → (hot source? Index) → [Terminate] → Done; any failure → [TerminateAfterFailure] →
 * NotifyFailure (SNS) → Failed.
 * @throws Error when the mode's cluster argument is missing.
 */
export function logParseDefinition(a: LogParseDefinitionArgs): AslDefinition {
  const transient = a.mode === "transient";
  if (!transient && a.clusterId === undefined) {
    throw new Error("persistent mode needs clusterId");
  }
  if (transient && a.runJobFlow === undefined) throw new Error("transient mode needs runJobFlow");
  const clusterRef = transient ? "{% $clusterId %}" : (a.clusterId as string);
  const afterWork = transient ? "Terminate" : "Done";
  const onError = transient ? "TerminateAfterFailure" : "NotifyFailure";

  const states: Record<string, AslState> = {
    Resolve: {
      Type: "Pass",
      Assign: {
        source: "{% $exists($states.input.source) ? $string($states.input.source) : '' %}",
        day: `{% ${DAY_EXPRESSION} %}`,
        input: `{% ${lookup(a.inputs)} %}`,
        dataset: `{% ${lookup(a.hotDatasets)} %}`,
      },
      Next: "Validate",
    },
    Validate: {
      Type: "Choice",
      Choices: [
        {
          Condition: `{% $input != '' and $contains($day, /${DAY_PATTERN}/) %}`,
          Next: transient ? "CreateCluster" : "Parse",
        },
      ],
      Default: "InvalidInput",
    },
    InvalidInput: {
      Type: "Fail",
      Error: "InvalidInput",
      Cause:
        `Start with {"source": one of ${Object.keys(a.inputs).join("|")}, ` +
        `"date": "YYYY-MM-DD"} or a scheduler's {"source", "scheduledTime"}.`,
    },
  };
  if (transient) {
    states["CreateCluster"] = {
      Type: "Task",
      Resource: integration(a.partition, "elasticmapreduce:createCluster.sync"),
      Arguments: a.runJobFlow,
      Assign: { clusterId: "{% $states.result.ClusterId %}" },
      Retry: [
        {
          ErrorEquals: ["States.TaskFailed"],
          IntervalSeconds: 600,
          MaxAttempts: 1,
          JitterStrategy: "FULL",
        },
      ],
      Catch: catchTo("NotifyFailure"),
      Next: "Parse",
    };
  }
  states["Parse"] = addStep(
    a.partition,
    "logparse",
    a.parseArgs,
    clusterRef,
    "IsHotSource",
    onError,
  );
  states["IsHotSource"] = {
    Type: "Choice",
    Choices: [{ Condition: "{% $dataset != '' %}", Next: "Index" }],
    Default: afterWork,
  };
  states["Index"] = addStep(a.partition, "index", a.indexArgs, clusterRef, afterWork, onError);
  if (transient) {
    states["Terminate"] = {
      Type: "Task",
      Resource: integration(a.partition, "elasticmapreduce:terminateCluster"),
      Arguments: { ClusterId: clusterRef },
      Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 }],
      Catch: catchTo("NotifyFailure"),
      Next: "Done",
    };
    states["TerminateAfterFailure"] = {
      Type: "Task",
      Resource: integration(a.partition, "elasticmapreduce:terminateCluster"),
      Arguments: { ClusterId: clusterRef },
      Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 }],
      // The run already failed; the alarm must still go out if termination fails too.
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "NotifyFailure" }],
      Next: "NotifyFailure",
    };
  }
  states["Done"] = { Type: "Succeed" };
  states["NotifyFailure"] = {
    Type: "Task",
    Resource: integration(a.partition, "sns:publish"),
    Arguments: {
      TopicArn: a.alarmTopicArn,
      Subject: "{% $substring('logparse run failed: ' & $source & ' ' & $day, 0, 100) %}",
      Message:
        "{% $string({'stateMachine': $states.context.StateMachine.Name, " +
        "'execution': $states.context.Execution.Id, 'source': $source, 'date': $day, " +
        "'error': $error}) %}",
    },
    Retry: [
      {
        ErrorEquals: ["States.ALL"],
        IntervalSeconds: 10,
        MaxAttempts: 5,
        BackoffRate: 2,
        JitterStrategy: "FULL",
      },
    ],
    Next: "Failed",
  };
  states["Failed"] = {
    Type: "Fail",
    Error: "LogParseFailed",
    Cause: "The run failed; the alarm topic received the error.",
  };
  return {
    Comment: "Parse one log source for one UTC day on EMR; index its hot subset into OpenSearch.",
    QueryLanguage: "JSONata",
    StartAt: "Resolve",
    TimeoutSeconds: a.timeoutSeconds ?? 6 * 3600,
    States: states,
  };
}
