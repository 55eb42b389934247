import { policies } from "../../../policies/rules";
import { CIS_MONITORING_CONTROLS } from "../../../policies/rules/cisPatterns";
import { PlanResource } from "../../../tools/offline/plan";
import { T, assertClean, assertLines, configFor, res, run } from "../harness";
import { GOOD_TRAIL } from "../trailFixtures";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const EXEMPT = {
  "logging:exempt": "load test, torn down within the hour",
  "logging:exempt-expires": "2099-12-31",
};
const exempted =
  ' Exempted by tag logging:exempt until 2099-12-31: "load test, torn down within the hour".';

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

describe("cis-metric-alarms", () => {
  const p = policy("cis-metric-alarms");
  const group = res(
    T.logGroup,
    "trail-group",
    { name: "trail" },
    { outputs: { arn: "arn:aws:logs:eu-west-1:111111111111:log-group:trail" } },
  );
  const topic = res(
    T.topic,
    "alerts",
    {},
    { outputs: { arn: "arn:aws:sns:eu-west-1:111111111111:alerts" } },
  );
  const orgTrail = res(T.trail, "trail", GOOD_TRAIL, { deps: { cloudWatchLogsGroupArn: [group] } });
  const pattern = (terms: string[]) =>
    `{ ${terms.map((t) => `(${t.replace("=", " = ")})`).join(" || ")} }`;
  const alarmsFor = (only?: string[]): PlanResource[] =>
    CIS_MONITORING_CONTROLS.filter((c) => !only || only.includes(c.cis)).flatMap((c) => [
      res(
        T.metricFilter,
        `f-${c.cis}`,
        {
          logGroupName: "trail",
          pattern: pattern(c.terms),
          metricTransformation: { name: `m-${c.cis}`, namespace: "CIS", value: "1" },
        },
        { deps: { logGroupName: [group] } },
      ),
      res(
        T.metricAlarm,
        `a-${c.cis}`,
        {
          metricName: `m-${c.cis}`,
          namespace: "CIS",
          alarmActions: ["arn:aws:sns:eu-west-1:111111111111:alerts"],
        },
        { deps: { alarmActions: [topic] } },
      ),
    ]);

  it("passes a filter and an SNS-notifying alarm for all fifteen patterns", async () => {
    assertClean(await run(p, [group, topic, orgTrail, ...alarmsFor()]));
  });

  it("names each missing pattern, and a filter without an alarm", async () => {
    const present = CIS_MONITORING_CONTROLS.map((c) => c.cis).filter(
      (c) => c !== "4.3" && c !== "4.13",
    );
    const plan = [
      group,
      topic,
      orgTrail,
      ...alarmsFor(present),
      ...alarmsFor(["4.13"]).slice(0, 1),
    ];
    assertLines(await run(p, plan), [
      'mandatory trail: [CloudWatch.1–14 | CIS 4.1–4.15] aws.cloudtrail.Trail "trail" has no metric filter on log group trail for root user activity (CloudWatch.1, CIS 4.3): add an aws.cloudwatch.LogMetricFilter per pattern (CIS 4.x event list) and an aws.cloudwatch.MetricAlarm on its metric with alarmActions set to an SNS topic ARN.',
      `mandatory trail: [CloudWatch.1–14 | CIS 4.1–4.15] aws.cloudtrail.Trail "trail"'s metric filters for route table changes (CloudWatch.13, CIS 4.13) have no alarm that notifies SNS: add an aws.cloudwatch.MetricAlarm on each filter's metricTransformation name/namespace with alarmActions set to an SNS topic ARN.`,
    ]);
  });

  it("does not count a filter on another log group or an alarm without SNS", async () => {
    const other = alarmsFor(["4.1"]).map((r) =>
      r.type === T.metricFilter
        ? res(T.metricFilter, "elsewhere", { ...r.inputs, logGroupName: "app" })
        : r,
    );
    const noSns = alarmsFor(["4.2"]).map((r) =>
      r.type === T.metricAlarm ? res(T.metricAlarm, "quiet", { ...r.inputs, alarmActions: [] }) : r,
    );
    const d = await run(
      p,
      [group, topic, orgTrail, ...other, ...noSns],
      configFor("cis-metric-alarms", { requiredControls: ["4.1", "4.2"] }),
    );
    assertLines(d, [
      'mandatory trail: [CloudWatch.1–14 | CIS 4.1–4.15] aws.cloudtrail.Trail "trail" has no metric filter on log group trail for unauthorized API calls (CloudWatch.2, CIS 4.1): add an aws.cloudwatch.LogMetricFilter per pattern (CIS 4.x event list) and an aws.cloudwatch.MetricAlarm on its metric with alarmActions set to an SNS topic ARN.',
      `mandatory trail: [CloudWatch.1–14 | CIS 4.1–4.15] aws.cloudtrail.Trail "trail"'s metric filters for console sign-in without MFA (CloudWatch.3, CIS 4.2) have no alarm that notifies SNS: add an aws.cloudwatch.MetricAlarm on each filter's metricTransformation name/namespace with alarmActions set to an SNS topic ARN.`,
    ]);
  });

  it("does not count an alarm whose actions are disabled", async () => {
    const muted = alarmsFor(["4.5"]).map((r) =>
      r.type === T.metricAlarm
        ? res(
            T.metricAlarm,
            "muted",
            { ...r.inputs, actionsEnabled: false },
            {
              deps: { alarmActions: [topic] },
            },
          )
        : r,
    );
    assertLines(
      await run(
        p,
        [group, topic, orgTrail, ...muted],
        configFor("cis-metric-alarms", { requiredControls: ["4.5"] }),
      ),
      [
        `mandatory trail: [CloudWatch.1–14 | CIS 4.1–4.15] aws.cloudtrail.Trail "trail"'s metric filters for CloudTrail configuration changes (CloudWatch.5, CIS 4.5) have no alarm that notifies SNS: add an aws.cloudwatch.MetricAlarm on each filter's metricTransformation name/namespace with alarmActions set to an SNS topic ARN.`,
      ],
    );
  });

  it("does not take CreateRouteTable for CreateRoute", async () => {
    const control = CIS_MONITORING_CONTROLS.find((c) => c.cis === "4.13")!;
    const { patternCovers } = await import("../../../policies/rules/cisPatterns");
    const withoutCreateRoute = pattern(
      control.terms.filter((t) => t !== "$.eventName=CreateRoute"),
    );
    if (patternCovers(withoutCreateRoute, control))
      throw new Error("CreateRouteTable matched CreateRoute");
    if (!patternCovers(pattern(control.terms), control))
      throw new Error("full pattern not matched");
  });

  it("lets config narrow the required controls, and is not applicable without an org trail", async () => {
    const d = await run(
      p,
      [group, topic, orgTrail, ...alarmsFor(["4.1"])],
      configFor("cis-metric-alarms", { requiredControls: ["4.1"] }),
    );
    assertClean(d);
    assertClean(
      await run(p, [
        res(T.trail, "regional", {
          ...GOOD_TRAIL,
          isMultiRegionTrail: false,
          isOrganizationTrail: false,
        }),
      ]),
    );
  });

  it("asks for CloudWatch delivery first when the trail has none", async () => {
    assertLines(
      await run(p, [res(T.trail, "trail", { ...GOOD_TRAIL, cloudWatchLogsGroupArn: undefined })]),
      [
        'mandatory trail: [CloudWatch.1–14 | CIS 4.1–4.15] aws.cloudtrail.Trail "trail" sends no events to CloudWatch Logs, so no CIS metric filter can see them: set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn.',
      ],
    );
  });
});

describe("cloudwatch-alarm-actions", () => {
  const p = policy("cloudwatch-alarm-actions");
  const alarm = (props: Record<string, unknown>) =>
    res(T.metricAlarm, "errors", {
      metricName: "Errors",
      namespace: "AWS/Lambda",
      alarmActions: ["arn:aws:sns:eu-west-1:111111111111:alerts"],
      ...props,
    });

  it("passes an alarm with an action and actions enabled", async () => {
    assertClean(await run(p, [alarm({})]));
  });

  it("names both gaps of a muted alarm without actions, composite alarms too", async () => {
    assertLines(await run(p, [alarm({ actionsEnabled: false, alarmActions: [] })]), [
      'advisory errors: [CloudWatch.15 | CloudWatch.17 | CKV_AWS_319] aws.cloudwatch.MetricAlarm "errors" notifies no one when it fires: set actionsEnabled: true and alarmActions to an SNS topic ARN.',
    ]);
    assertLines(
      await run(p, [
        res("aws:cloudwatch/compositeAlarm:CompositeAlarm", "both", { alarmRule: "ALARM(a)" }),
      ]),
      [
        'advisory both: [CloudWatch.15 | CloudWatch.17 | CKV_AWS_319] aws.cloudwatch.CompositeAlarm "both" notifies no one when it fires: set alarmActions to an SNS topic ARN.',
      ],
    );
  });
});

describe("log-group-not-public", () => {
  const p = policy("log-group-not-public");
  const LOG_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
  const statement = (extra: Record<string, unknown>) => ({
    Sid: "Route53Writes",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: "arn:aws:logs:us-east-1:111111111111:log-group:/aws/route53/*",
    ...extra,
  });
  const logPolicy = (st: Record<string, unknown>) =>
    res(LOG_POLICY, "route53", {
      policyName: "route53",
      policyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [st] }),
    });

  it("passes grants to a service, or to everyone under an account condition", async () => {
    assertClean(
      await run(p, [logPolicy(statement({ Principal: { Service: "route53.amazonaws.com" } }))]),
    );
    assertClean(
      await run(p, [
        logPolicy(
          statement({
            Principal: "*",
            Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
          }),
        ),
      ]),
    );
  });

  it("fails a grant to every principal without a scoping condition", async () => {
    for (const principal of ["*", { AWS: "*" }, { AWS: "arn:aws:iam::*:root" }]) {
      assertLines(await run(p, [logPolicy(statement({ Principal: principal }))]), [
        'mandatory route53: aws.cloudwatch.LogResourcePolicy "route53" statement Route53Writes lets any AWS principal use the log groups it covers: name the principals, or add a condition on aws:SourceAccount, aws:SourceArn or aws:SourceOrgID.',
      ]);
    }
  });
});

describe("log-group-data-protection", () => {
  const p = policy("log-group-data-protection");
  const PROTECTION = "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy";
  const ACCOUNT_POLICY = "aws:cloudwatch/logAccountPolicy:LogAccountPolicy";
  const document = JSON.stringify({ Name: "mask", Version: "2021-06-01", Statement: [] });
  const agentLogs = res(T.logGroup, "agent", {
    name: "/aws/bedrock-agentcore/runtimes/support-agent",
    retentionInDays: 365,
  });
  const protection = (opts: { deps?: boolean; logGroupName?: string } = {}) =>
    res(
      PROTECTION,
      "mask",
      { logGroupName: opts.logGroupName ?? agentLogs.inputs["name"], policyDocument: document },
      opts.deps === false ? {} : { deps: { logGroupName: [agentLogs] } },
    );

  it("passes an AgentCore log group with its own policy, by reference or by name", async () => {
    assertClean(await run(p, [agentLogs, protection()]));
    assertClean(await run(p, [agentLogs, protection({ deps: false })]));
  });

  it("passes every AgentCore log group under an account-wide data protection policy", async () => {
    const account = res(ACCOUNT_POLICY, "mask-all", {
      policyName: "mask-all",
      policyType: "DATA_PROTECTION_POLICY",
      policyDocument: document,
    });
    assertClean(await run(p, [agentLogs, account]));
  });

  it("flags an AgentCore log group without one, or whose policy protects another group", async () => {
    const expected = [
      'mandatory agent: aws.cloudwatch.LogGroup "agent" stores agent prompts and tool data unmasked: add an aws.cloudwatch.LogDataProtectionPolicy for it (or an account-wide aws.cloudwatch.LogAccountPolicy with policyType "DATA_PROTECTION_POLICY").',
    ];
    assertLines(await run(p, [agentLogs]), expected);
    assertLines(
      await run(p, [agentLogs, protection({ deps: false, logGroupName: "/app/other" })]),
      expected,
    );
    const subscriptions = res(ACCOUNT_POLICY, "subs", {
      policyName: "subs",
      policyType: "SUBSCRIPTION_FILTER_POLICY",
      policyDocument: "{}",
    });
    assertLines(await run(p, [agentLogs, subscriptions]), expected);
  });

  it("ignores other log groups, and follows logGroupNamePrefixes", async () => {
    const app = res(T.logGroup, "app", { name: "/app/api", retentionInDays: 365 });
    assertClean(await run(p, [app]));
    assertLines(
      await run(
        p,
        [app],
        configFor("log-group-data-protection", { logGroupNamePrefixes: ["/app/"] }),
      ),
      [
        'mandatory app: aws.cloudwatch.LogGroup "app" stores agent prompts and tool data unmasked: add an aws.cloudwatch.LogDataProtectionPolicy for it (or an account-wide aws.cloudwatch.LogAccountPolicy with policyType "DATA_PROTECTION_POLICY").',
      ],
    );
  });
});
