import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
const REST_API = "aws:apigateway/restApi:RestApi";
const V2_API = "aws:apigatewayv2/api:Api";

describe("apigateway-logging", () => {
  it("covers REST and HTTP stages and claims the access-log control only", async () => {
    const p = policy("apigateway-logging");
    assertClean(
      await run(p, [
        res(T.apiStage, "s", { accessLogSettings: { destinationArn: "arn", format: "{}" } }),
      ]),
    );
    assertLines(await run(p, [res(T.apiV2Stage, "s2", {})]), [
      'mandatory s2: [APIGateway.9 | CKV_AWS_76] aws.apigatewayv2.Stage "s2" writes no access logs: set accessLogSettings { destinationArn: <log group ARN>, format }.',
    ]);
  });
});

describe("apigateway-execution-logging", () => {
  const p = policy("apigateway-execution-logging");
  const api = res(REST_API, "api", {}, { outputs: { id: "a1" } });
  const stage = res(
    T.apiStage,
    "prod",
    { restApi: "a1", stageName: "prod" },
    {
      deps: { restApi: [api] },
    },
  );
  const settings = (props: Record<string, unknown>, name = "all") =>
    res(
      METHOD_SETTINGS,
      name,
      { restApi: "a1", stageName: "prod", methodPath: "*/*", settings: props },
      { deps: { restApi: [api], stageName: [stage] } },
    );
  const prefix = 'mandatory prod: [APIGateway.1 | CKV2_AWS_4] aws.apigateway.Stage "prod"';

  it("passes a REST stage whose MethodSettings log at ERROR with metrics", async () => {
    assertClean(
      await run(p, [api, stage, settings({ loggingLevel: "ERROR", metricsEnabled: true })]),
    );
  });

  it("asks for MethodSettings when the stage has none", async () => {
    assertLines(await run(p, [api, stage]), [
      `${prefix} writes no execution logs: add an aws.apigateway.MethodSettings with restApi and stageName of this stage, methodPath "*/*" and settings { loggingLevel: "ERROR" or "INFO", metricsEnabled: true }.`,
    ]);
  });

  it("flags MethodSettings that log OFF or without metrics", async () => {
    for (const props of [{ loggingLevel: "OFF", metricsEnabled: true }, { loggingLevel: "INFO" }]) {
      assertLines(await run(p, [api, stage, settings(props)]), [
        `${prefix} writes no execution logs: set settings.loggingLevel "ERROR" or "INFO" and settings.metricsEnabled: true on its aws.apigateway.MethodSettings "all".`,
      ]);
    }
  });

  it("does not count another API's MethodSettings with the same stage name", async () => {
    const other = res(REST_API, "other", {}, { outputs: { id: "a2" } });
    const foreign = res(
      METHOD_SETTINGS,
      "foreign",
      {
        restApi: "a2",
        stageName: "prod",
        methodPath: "*/*",
        settings: { loggingLevel: "INFO", metricsEnabled: true },
      },
      { deps: { restApi: [other] } },
    );
    const d = await run(p, [api, other, stage, foreign]);
    assertLines(d, [
      `${prefix} writes no execution logs: add an aws.apigateway.MethodSettings with restApi and stageName of this stage, methodPath "*/*" and settings { loggingLevel: "ERROR" or "INFO", metricsEnabled: true }.`,
    ]);
  });

  it("checks WebSocket stages' default route settings and leaves HTTP stages alone", async () => {
    const ws = res(V2_API, "ws", { protocolType: "WEBSOCKET" }, { outputs: { id: "w1" } });
    const http = res(V2_API, "http", { protocolType: "HTTP" }, { outputs: { id: "h1" } });
    const wsStage = (props: Record<string, unknown>) =>
      res(T.apiV2Stage, "live", { apiId: "w1", ...props }, { deps: { apiId: [ws] } });
    const httpStage = res(T.apiV2Stage, "web", { apiId: "h1" }, { deps: { apiId: [http] } });
    assertClean(
      await run(p, [
        ws,
        http,
        httpStage,
        wsStage({ defaultRouteSettings: { loggingLevel: "INFO" } }),
      ]),
    );
    assertLines(await run(p, [ws, http, httpStage, wsStage({})]), [
      'mandatory live: [APIGateway.1 | CKV2_AWS_4] aws.apigatewayv2.Stage "live" writes no execution logs: set defaultRouteSettings.loggingLevel "ERROR" or "INFO".',
    ]);
  });
});

describe("apigateway-no-data-trace", () => {
  const p = policy("apigateway-no-data-trace");

  it("flags data trace on REST method settings and WebSocket routes", async () => {
    assertClean(
      await run(p, [
        res(METHOD_SETTINGS, "ms", { settings: { loggingLevel: "INFO", metricsEnabled: true } }),
      ]),
    );
    assertLines(
      await run(p, [
        res(METHOD_SETTINGS, "ms", { settings: { loggingLevel: "INFO", dataTraceEnabled: true } }),
      ]),
      [
        'advisory ms: [CKV_AWS_276] aws.apigateway.MethodSettings "ms" logs full requests and responses: remove settings.dataTraceEnabled.',
      ],
    );
    assertLines(
      await run(p, [
        res(T.apiV2Stage, "live", {
          defaultRouteSettings: { dataTraceEnabled: true },
          routeSettings: [{ routeKey: "$connect", dataTraceEnabled: true }],
        }),
      ]),
      [
        'advisory live: [CKV_AWS_276] aws.apigatewayv2.Stage "live" logs full messages: remove dataTraceEnabled from defaultRouteSettings and routeSettings "$connect".',
      ],
    );
  });
});
