import * as assert from "assert";
import * as aws from "@pulumi/aws";
import {
  LoggedFunction,
  LoggedFunctionArgs,
  lambdaLogGroupName,
} from "../../../components/core/loggedFunction";
import { PlanResource } from "../../../tools/offline/plan";
import { INTEGRATION_TYPES as T, packFindings, targetOf } from "../integrations/memberPlanHelpers";
import { ofType, only, recordResources } from "../plan";

const FUNCTION = {
  runtime: "python3.12",
  handler: "app.handler",
  role: "arn:aws:iam::444444444444:role/exporter",
};

async function record(
  args: Omit<LoggedFunctionArgs, "provider" | "function"> & {
    function?: LoggedFunctionArgs["function"];
  },
): Promise<PlanResource[]> {
  return recordResources(() => {
    const provider = new aws.Provider("member", {
      region: "eu-west-1",
      allowedAccountIds: ["444444444444"],
      assumeRoles: [{ roleArn: "arn:aws:iam::444444444444:role/PlatformDeploy" }],
    });
    new LoggedFunction("exporter", {
      provider,
      function: args.function ?? {
        runtime: FUNCTION.runtime,
        handler: FUNCTION.handler,
        role: FUNCTION.role,
        s3Bucket: "artifacts",
        s3Key: "exporter.zip",
      },
      ...args,
    });
  });
}

describe("Lambda logging", () => {
  let plan: PlanResource[];
  before(async () => {
    plan = await record({
      functionName: "log-exporter",
      retentionDays: 400,
      kmsKeyArn: "arn:aws:kms:eu-west-1:444444444444:key/k",
      applicationLogLevel: "DEBUG",
      systemLogLevel: "INFO",
      subscription: {
        destinationArn: "arn:aws:logs:eu-west-1:222222222222:destination:central",
        roleArn: "arn:aws:iam::444444444444:role/sender",
      },
    });
  });

  it("creates /aws/lambda/<name> with retention and KMS before the function", () => {
    const group = only(plan, T.logGroup);
    const fn = only(plan, T.lambda);
    assert.strictEqual(group.inputs["name"], "/aws/lambda/log-exporter");
    assert.strictEqual(group.inputs["retentionInDays"], 400);
    assert.strictEqual(group.inputs["kmsKeyId"], "arn:aws:kms:eu-west-1:444444444444:key/k");
    assert.ok(fn.dependencies.includes(group.urn), "the function does not wait for its group");
    assert.ok(plan.indexOf(group) < plan.indexOf(fn));
  });

  it("logs JSON into that group at the requested levels", () => {
    const fn = only(plan, T.lambda);
    assert.strictEqual(fn.inputs["name"], "log-exporter");
    assert.deepStrictEqual(fn.inputs["loggingConfig"], {
      logFormat: "JSON",
      logGroup: "/aws/lambda/log-exporter",
      applicationLogLevel: "DEBUG",
      systemLogLevel: "INFO",
    });
    assert.strictEqual(fn.inputs["runtime"], "python3.12");
    assert.strictEqual(fn.inputs["handler"], "app.handler");
  });

  it("subscribes the group to the central destination with the sender role", () => {
    const filter = only(plan, T.subscriptionFilter);
    assert.deepStrictEqual(filter.inputs, {
      name: "central-logs",
      logGroup: "/aws/lambda/log-exporter",
      destinationArn: "arn:aws:logs:eu-west-1:222222222222:destination:central",
      roleArn: "arn:aws:iam::444444444444:role/sender",
      filterPattern: "",
      distribution: "Random",
    });
  });

  it("declares everything through the given provider", () => {
    for (const r of plan.filter((x) => x.custom && x.type !== T.provider)) {
      assert.deepStrictEqual(targetOf(plan, r), { accountId: "444444444444", region: "eu-west-1" });
    }
  });

  it("passes the pack's lambda-logging and log-group-retention policies", async () => {
    assert.deepStrictEqual(await packFindings(plan, ["lambda-logging", "log-group-retention"]), []);
  });

  it("defaults: INFO application and platform logs (platform.report kept), no subscription", async () => {
    const plain = await record({ functionName: "plain", retentionDays: 365 });
    assert.deepStrictEqual(only(plain, T.lambda).inputs["loggingConfig"], {
      logFormat: "JSON",
      logGroup: "/aws/lambda/plain",
      applicationLogLevel: "INFO",
      systemLogLevel: "INFO",
    });
    assert.strictEqual(ofType(plain, T.subscriptionFilter).length, 0);
  });

  it("logs into a named group under the platform's path when asked", async () => {
    const named = await record({
      functionName: "setup",
      logGroupName: "/acme-logs/prod/lambda/setup",
      retentionDays: 365,
    });
    assert.strictEqual(only(named, T.logGroup).inputs["name"], "/acme-logs/prod/lambda/setup");
    assert.strictEqual(
      (only(named, T.lambda).inputs["loggingConfig"] as { logGroup: string }).logGroup,
      "/acme-logs/prod/lambda/setup",
    );
    assert.deepStrictEqual(await packFindings(named, ["lambda-logging"]), []);
  });

  it("refuses a name Lambda would refuse, before declaring anything", () => {
    assert.throws(
      () => lambdaLogGroupName("log exporter"),
      /^Error: "log exporter" is not a Lambda function name \(1-64 of letters, digits, - and _\)$/,
    );
    assert.strictEqual(lambdaLogGroupName("a_b-1"), "/aws/lambda/a_b-1");
  });
});
