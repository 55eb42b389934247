import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const GRAPHQL = "aws:appsync/graphQLApi:GraphQLApi";
const EVENTS = "aws:appsync/api:Api";
const ROLE = "arn:aws:iam::1:role/appsync-logs";
const prefix = "[AppSync.2 | CKV_AWS_193 | CKV_AWS_194]";

describe("appsync-logging", () => {
  const p = policy("appsync-logging");
  const graphql = (logConfig?: Record<string, unknown>) =>
    res(GRAPHQL, "api", { authenticationType: "AWS_IAM", ...(logConfig ? { logConfig } : {}) });
  const events = (logConfig?: Record<string, unknown>) =>
    res(EVENTS, "events", {
      eventConfig: { authProviders: [], ...(logConfig ? { logConfig } : {}) },
    });

  it("passes GraphQL and Event APIs that log errors", async () => {
    assertClean(await run(p, [graphql({ cloudwatchLogsRoleArn: ROLE, fieldLogLevel: "ERROR" })]));
    assertClean(await run(p, [events({ cloudwatchLogsRoleArn: ROLE, logLevel: "INFO" })]));
  });

  it("flags a GraphQL API without logs or at field level NONE", async () => {
    assertLines(await run(p, [graphql()]), [
      `mandatory api: ${prefix} aws.appsync.GraphQLApi "api" writes no logs: set logConfig { cloudwatchLogsRoleArn, fieldLogLevel: "ERROR" }.`,
    ]);
    assertLines(await run(p, [graphql({ cloudwatchLogsRoleArn: ROLE, fieldLogLevel: "NONE" })]), [
      `mandatory api: ${prefix} aws.appsync.GraphQLApi "api" logs at field level NONE: set logConfig.fieldLogLevel "ERROR" or "ALL".`,
    ]);
  });

  it("flags an Event API without logs or at level NONE", async () => {
    assertLines(await run(p, [events()]), [
      `mandatory events: ${prefix} aws.appsync.Api "events" writes no logs: set eventConfig.logConfig { cloudwatchLogsRoleArn, logLevel: "ERROR" }.`,
    ]);
    assertLines(await run(p, [events({ cloudwatchLogsRoleArn: ROLE, logLevel: "NONE" })]), [
      `mandatory events: ${prefix} aws.appsync.Api "events" logs at level NONE: set eventConfig.logConfig.logLevel "ERROR" or more.`,
    ]);
  });
});
