import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("networkfirewall-logging", () => {
  it("networkfirewall-logging wants a destination", async () => {
    const p = policy("networkfirewall-logging");
    const fw = res(T.firewall, "fw", {}, { outputs: { arn: "arn:fw" } });
    const config = (dests: unknown[]) =>
      res(
        T.firewallLogging,
        "l",
        { firewallArn: "arn:fw", loggingConfiguration: { logDestinationConfigs: dests } },
        { deps: { firewallArn: [fw] } },
      );
    assertClean(
      await run(p, [
        fw,
        config([
          { logType: "FLOW", logDestinationType: "S3", logDestination: { bucketName: "b" } },
        ]),
      ]),
    );
    assertLines(await run(p, [fw, config([])]), [
      'advisory fw: [NetworkFirewall.2] aws.networkfirewall.Firewall "fw" logs no traffic: add an aws.networkfirewall.LoggingConfiguration with firewallArn = this firewall\'s arn and logDestinationConfigs for "FLOW" and "ALERT".',
    ]);
  });
});
