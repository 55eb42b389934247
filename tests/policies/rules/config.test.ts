import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";
const AGGREGATOR = "aws:cfg/configurationAggregator:ConfigurationAggregator";
const SLR = "aws:iam/serviceLinkedRole:ServiceLinkedRole";
const DELEGATED = "aws:organizations/delegatedAdministrator:DelegatedAdministrator";
const SLR_ARN =
  "arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";

const recorder = (props: Record<string, unknown> = {}, deps = {}) =>
  res(
    T.recorder,
    "r",
    {
      name: "default",
      roleArn: SLR_ARN,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      ...props,
    },
    { deps },
  );

describe("config-recorder-all", () => {
  it("config-recorder-all wants all supported and global types", async () => {
    const p = policy("config-recorder-all");
    assertClean(await run(p, [recorder()]));
    assertLines(await run(p, [res(T.recorder, "r", { roleArn: "x" })]), [
      'advisory r: [Config.1 | CIS 3.3 | CKV2_AWS_48] aws.cfg.Recorder "r" skips global resources such as IAM: set recordingGroup.includeGlobalResourceTypes: true.',
    ]);
  });
});

describe("config-recorder-enabled", () => {
  const p = policy("config-recorder-enabled");
  const rec = recorder();
  const status = (isEnabled: boolean) =>
    res(STATUS, "on", { name: "default", isEnabled }, { deps: { name: [rec] } });

  it("passes a recorder started by its RecorderStatus", async () => {
    assertClean(await run(p, [rec, status(true)]));
  });

  it("fails a recorder that is never started, or stopped", async () => {
    assertLines(await run(p, [rec]), [
      'mandatory r: [Config.1 | CKV2_AWS_45] aws.cfg.Recorder "r" is never started: add an aws.cfg.RecorderStatus with name = this recorder\'s name and isEnabled: true.',
    ]);
    assertLines(await run(p, [rec, status(false)]), [
      'mandatory r: [Config.1 | CKV2_AWS_45] aws.cfg.Recorder "r" is stopped: set isEnabled: true on its aws.cfg.RecorderStatus.',
    ]);
  });
});

describe("config-recorder-service-role", () => {
  const p = policy("config-recorder-service-role");

  it("accepts the service-linked role by ARN or by reference", async () => {
    assertClean(await run(p, [recorder()]));
    const role = res(
      SLR,
      "config",
      { awsServiceName: "config.amazonaws.com" },
      { outputs: { arn: SLR_ARN } },
    );
    assertClean(await run(p, [role, recorder({ roleArn: SLR_ARN }, { roleArn: [role] })]));
  });

  it("flags a custom role", async () => {
    assertLines(
      await run(p, [recorder({ roleArn: "arn:aws:iam::111111111111:role/config-recorder" })]),
      [
        'advisory r: [Config.1] aws.cfg.Recorder "r" records with arn:aws:iam::111111111111:role/config-recorder, not the AWSServiceRoleForConfig service-linked role: set roleArn to the arn of an aws.iam.ServiceLinkedRole with awsServiceName "config.amazonaws.com".',
      ],
    );
  });
});

describe("config-aggregator-all-regions", () => {
  const p = policy("config-aggregator-all-regions");
  const aggregator = (props: Record<string, unknown>) => res(AGGREGATOR, "org", props);
  const delegated = res(DELEGATED, "config-admin", {
    accountId: "222222222222",
    servicePrincipal: "config.amazonaws.com",
  });
  const orgSource = { organizationAggregationSource: { allRegions: true, roleArn: "arn" } };
  const prefix = 'advisory org: [CKV_AWS_121] aws.cfg.ConfigurationAggregator "org"';

  it("passes an organization aggregator over all regions with a delegated administrator", async () => {
    assertClean(await run(p, [delegated, aggregator(orgSource)]));
  });

  it("flags listed accounts, listed regions and a missing delegated administrator", async () => {
    assertLines(
      await run(p, [
        delegated,
        aggregator({ accountAggregationSource: { accountIds: ["1"], allRegions: true } }),
      ]),
      [
        `${prefix} aggregates listed accounts, not the organization: set organizationAggregationSource { allRegions: true, roleArn }.`,
      ],
    );
    assertLines(
      await run(p, [
        delegated,
        aggregator({ organizationAggregationSource: { regions: ["eu-west-1"], roleArn: "a" } }),
      ]),
      [
        `${prefix} aggregates only some regions: set organizationAggregationSource.allRegions: true.`,
      ],
    );
    assertLines(await run(p, [aggregator(orgSource)]), [
      `${prefix}: this stack registers no delegated administrator for AWS Config; make sure the management account has an aws.organizations.DelegatedAdministrator with servicePrincipal "config.amazonaws.com" for the aggregating account.`,
    ]);
  });
});
