import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const ENDPOINT = "aws:ec2clientvpn/endpoint:Endpoint";
const endpoint = (connectionLogOptions: Record<string, unknown>) =>
  res(ENDPOINT, "vpn", {
    serverCertificateArn: "arn:cert",
    clientCidrBlock: "10.99.0.0/22",
    authenticationOptions: [
      { type: "certificate-authentication", rootCertificateChainArn: "arn:ca" },
    ],
    connectionLogOptions,
  });

describe("ec2clientvpn-connection-logs", () => {
  it("wants connection logging to a log group", async () => {
    const p = policy("ec2clientvpn-connection-logs");
    assertClean(
      await run(p, [endpoint({ enabled: true, cloudwatchLogGroup: "/vpn/connections" })]),
    );
    assertLines(await run(p, [endpoint({ enabled: false })]), [
      'mandatory vpn: [EC2.51] aws.ec2clientvpn.Endpoint "vpn" logs no connections: set connectionLogOptions { enabled: true, cloudwatchLogGroup }.',
    ]);
  });
});
