import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

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

  it("opensearch-logs checks legacy aws.elasticsearch.Domain the same way", async () => {
    const p = policy("opensearch-logs");
    const ES = "aws:elasticsearch/domain:Domain";
    const all = ["AUDIT_LOGS", "ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"].map(
      log,
    );
    assertClean(await run(p, [res(ES, "es", { logPublishingOptions: all })]));
    assertLines(await run(p, [res(ES, "es", { logPublishingOptions: all.slice(1) })]), [
      'mandatory es: [Opensearch.4 | Opensearch.5 | ES.4 | ES.5 | CKV_AWS_84 | CKV_AWS_317] aws.elasticsearch.Domain "es" does not publish AUDIT_LOGS: add logPublishingOptions entries with those logType values, a cloudwatchLogGroupArn and enabled: true.',
    ]);
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
