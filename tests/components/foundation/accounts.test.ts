import * as assert from "assert";
import { providerArgs } from "../../../components/foundation/accounts";

describe("account providers", () => {
  it("assume the account's role in the region's partition and refuse other accounts", () => {
    const args = providerArgs(
      { key: "audit", id: "345678901234", roleName: "PlatformDeploy" },
      "us-gov-west-1",
      "prod",
    );
    assert.deepStrictEqual(args.assumeRoles, [
      {
        roleArn: "arn:aws-us-gov:iam::345678901234:role/PlatformDeploy",
        sessionName: "logging-platform-deploy",
      },
    ]);
    assert.deepStrictEqual(args.allowedAccountIds, ["345678901234"]);
    assert.strictEqual(args.region, "us-gov-west-1");
  });
});
