import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const BROKER = "aws:mq/broker:Broker";
const broker = (engineType: string, logs?: Record<string, boolean>) =>
  res(BROKER, "mq", {
    engineType,
    engineVersion: "5.18",
    hostInstanceType: "mq.m7g.large",
    ...(logs ? { logs } : {}),
  });

describe("mq-broker-logs", () => {
  const p = policy("mq-broker-logs");
  const prefix = 'mandatory mq: [MQ.2 | CKV_AWS_48 | CKV_AWS_197] aws.mq.Broker "mq"';

  it("passes ActiveMQ with general and audit logs, RabbitMQ with general logs", async () => {
    assertClean(await run(p, [broker("ActiveMQ", { general: true, audit: true })]));
    assertClean(await run(p, [broker("RabbitMQ", { general: true })]));
  });

  it("asks ActiveMQ for audit logs and every engine for general logs", async () => {
    assertLines(await run(p, [broker("ActiveMQ", { general: true })]), [
      `${prefix} keeps no general or audit logs: set logs.audit: true.`,
    ]);
    assertLines(await run(p, [broker("ActiveMQ")]), [
      `${prefix} keeps no general or audit logs: set logs.general: true and logs.audit: true.`,
    ]);
    assertLines(await run(p, [broker("RabbitMQ")]), [
      `${prefix} keeps no general logs: set logs.general: true.`,
    ]);
  });
});
