import * as assert from "assert";
import { PIPELINE_TAG } from "../../../../components/analytics/emr/clusterSpec";
import {
  AslState,
  logParseDefinition,
} from "../../../../components/analytics/emr/stateMachineDefinition";
import { indexStepArgs, parseStepArgs } from "../../../../components/analytics/emr/stepCommand";
import { LOC } from "./emrFixtures";

describe("log-processing state machine definition (pure)", () => {
  const base = {
    partition: "aws" as const,
    inputs: { cloudtrail: "s3://archive/", emr: "s3://lake/emr-logs/" },
    hotDatasets: { cloudtrail: "cloudtrail" },
    parseArgs: parseStepArgs(LOC, 0.01, "acme_logs_prod"),
    indexArgs: indexStepArgs(LOC, { endpoint: "https://e", region: "eu-west-1" }),
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms",
  };

  it("persistent: resolve, validate, parse, index hot sources, alarm on failure", () => {
    const d = logParseDefinition({ ...base, mode: "persistent", clusterId: "j-ABC" });
    assert.strictEqual(d.QueryLanguage, "JSONata");
    assert.deepStrictEqual(Object.keys(d.States), [
      "Resolve",
      "Validate",
      "InvalidInput",
      "Parse",
      "IsHotSource",
      "Index",
      "Done",
      "NotifyFailure",
      "Failed",
    ]);
    const parse = d.States["Parse"];
    assert.strictEqual(parse["Resource"], "arn:aws:states:::elasticmapreduce:addStep.sync");
    assert.strictEqual((parse["Arguments"] as { ClusterId: string }).ClusterId, "j-ABC");
    assert.deepStrictEqual(parse["Retry"], [
      {
        ErrorEquals: ["States.TaskFailed", "States.Timeout"],
        IntervalSeconds: 300,
        MaxAttempts: 2,
        BackoffRate: 2,
        JitterStrategy: "FULL",
      },
    ]);
    assert.deepStrictEqual(parse["Catch"], [
      {
        ErrorEquals: ["States.ALL"],
        Assign: { error: "{% $states.errorOutput %}" },
        Next: "NotifyFailure",
      },
    ]);
    const notify = d.States["NotifyFailure"] as AslState & { Arguments: { TopicArn: string } };
    assert.strictEqual(notify["Resource"], "arn:aws:states:::sns:publish");
    assert.strictEqual(notify.Arguments.TopicArn, base.alarmTopicArn);
    assert.strictEqual(notify["Next"], "Failed");
    assert.deepStrictEqual(d.States["IsHotSource"]["Default"], "Done");
  });

  it("derives yesterday from the scheduler's time unless a back-fill date is given", () => {
    const d = logParseDefinition({ ...base, mode: "persistent", clusterId: "j-ABC" });
    const assign = d.States["Resolve"]["Assign"] as Record<string, string>;
    assert.match(
      assign["day"],
      /^\{% \$exists\(\$states\.input\.date\) \? \$string\(\$states\.input\.date\)/,
    );
    assert.match(
      assign["day"],
      /\$toMillis\(\$states\.input\.scheduledTime\) - 86400000, '\[Y0001\]-\[M01\]-\[D01\]'/,
    );
    assert.match(assign["input"], /"cloudtrail":"s3:\/\/archive\/"/);
  });

  it("transient: creates a tagged cluster, runs the steps on it and always terminates it", () => {
    const d = logParseDefinition({
      ...base,
      mode: "transient",
      runJobFlow: { Name: "c", Tags: [{ Key: PIPELINE_TAG.key, Value: PIPELINE_TAG.value }] },
    });
    assert.strictEqual(d.States["Validate"]["Choices"] instanceof Array, true);
    assert.strictEqual(
      (d.States["Validate"]["Choices"] as Array<{ Next: string }>)[0].Next,
      "CreateCluster",
    );
    assert.strictEqual(
      d.States["CreateCluster"]["Resource"],
      "arn:aws:states:::elasticmapreduce:createCluster.sync",
    );
    assert.deepStrictEqual(d.States["CreateCluster"]["Assign"], {
      clusterId: "{% $states.result.ClusterId %}",
    });
    assert.strictEqual(
      (d.States["Parse"]["Arguments"] as { ClusterId: string }).ClusterId,
      "{% $clusterId %}",
    );
    assert.strictEqual(
      (d.States["Parse"]["Catch"] as Array<{ Next: string }>)[0].Next,
      "TerminateAfterFailure",
    );
    assert.strictEqual(d.States["IsHotSource"]["Default"], "Terminate");
    assert.strictEqual(
      d.States["Terminate"]["Resource"],
      "arn:aws:states:::elasticmapreduce:terminateCluster",
    );
    assert.strictEqual(d.States["TerminateAfterFailure"]["Next"], "NotifyFailure");
  });

  it("names the service integrations in the state machine's partition", () => {
    const d = logParseDefinition({
      ...base,
      partition: "aws-cn",
      mode: "transient",
      runJobFlow: { Name: "c" },
    });
    const resources = Object.values(d.States)
      .map((state) => state["Resource"])
      .filter((r) => r !== undefined);
    assert.deepStrictEqual(resources, [
      "arn:aws-cn:states:::elasticmapreduce:createCluster.sync",
      "arn:aws-cn:states:::elasticmapreduce:addStep.sync",
      "arn:aws-cn:states:::elasticmapreduce:addStep.sync",
      "arn:aws-cn:states:::elasticmapreduce:terminateCluster",
      "arn:aws-cn:states:::elasticmapreduce:terminateCluster",
      "arn:aws-cn:states:::sns:publish",
    ]);
  });

  it("refuses a mode without its cluster", () => {
    assert.throws(
      () => logParseDefinition({ ...base, mode: "persistent" }),
      /persistent mode needs clusterId/,
    );
    assert.throws(
      () => logParseDefinition({ ...base, mode: "transient" }),
      /transient mode needs runJobFlow/,
    );
  });
});
