import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { destinationsFor } from "../../../components/integrations/memberBaseline";
import {
  FLOW_LOG_DESTINATION_OPTIONS,
  FLOW_LOG_FIELDS,
  FLOW_LOG_FORMAT,
  flowLogColumn,
  vpcSelection,
} from "../../../components/integrations/memberBaselinePlan";
import { stableSuffix } from "../../../tools/offline/mockCloud";
import { PlanResource } from "../../../tools/offline/plan";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { INTEGRATION_TYPES as T, jsonInput, resourcesUnder, targetOf } from "./memberPlanHelpers";
import { TYPES, memberPlan, ofType, platformPlan, providerInput } from "../plan";

// From Pulumi.prod.yaml.
const ARCHIVE_ARN = "arn:aws:s3:::acme-logs-prod-archive-234567890123";
const LOG_ARCHIVE = "234567890123";
const MEMBERS = [
  { name: "payments", id: "456789012345", regions: ["eu-west-1", "eu-central-1"] },
  { name: "data-platform", id: "567890123456", regions: ["eu-west-1"] },
  { name: "web-frontend", id: "678901234567", regions: ["eu-west-1", "us-east-1"] },
];
const PAYMENTS_VPCS: Record<string, string[]> = {
  "eu-west-1": ["vpc-0a1b2c3d4e5f60718"],
  "eu-central-1": ["vpc-0f1e2d3c4b5a69788", "vpc-04d5c6b7a8e9f0a1b"],
};
/** What the offline mock answers aws.ec2.getVpcs with for an account and Region. */
const discoveredVpc = (account: string, region: string) =>
  `vpc-${stableSuffix(`${account}/${region}`)}`;

describe("member-account baseline (synthesized prod member stacks)", () => {
  let platform: PlanResource[];
  before(async () => {
    platform = await platformPlan("prod");
  });

  it("the platform stack declares nothing in a member account", () => {
    const memberIds = MEMBERS.map((m) => m.id);
    const providers = ofType(platform, TYPES.provider).map(
      (p) => providerInput<string[]>(p, "allowedAccountIds")[0],
    );
    assert.deepStrictEqual(
      providers.filter((id) => memberIds.includes(id)),
      [],
    );
    assert.deepStrictEqual(
      platform.filter((r) => r.type === "logging:member:MemberBaseline"),
      [],
    );
  });

  for (const m of MEMBERS) {
    describe(`member ${m.name} (stack prod-${m.id})`, () => {
      let prod: PlanResource[];
      before(async () => {
        prod = await memberPlan("prod", m.id);
      });
      const mine = () => resourcesUnder(prod, `member-${m.name}`);

      it("declares everything through the member's one provider, naming each member Region", () => {
        const providers = ofType(prod, TYPES.provider);
        assert.strictEqual(providers.length, 1);
        assert.deepStrictEqual(providerInput(providers[0], "allowedAccountIds"), [m.id]);
        assert.strictEqual(providers[0].inputs["region"], m.regions[0]);
        const targets = mine().map((r) => targetOf(prod, r));
        assert.ok(targets.length > 0);
        for (const t of targets) assert.strictEqual(t.accountId, m.id);
        assert.deepStrictEqual(
          [...new Set(targets.map((t) => t.region))].sort(),
          [...m.regions].sort(),
        );
      });

      it("blocks public S3 access account-wide", () => {
        const blocks = ofType(mine(), T.accountPublicAccessBlock);
        assert.strictEqual(blocks.length, 1);
        assert.deepStrictEqual(blocks[0].inputs, {
          accountId: m.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
      });

      it("subscribes every log group of each Region to that Region's central destination", () => {
        const policies = ofType(mine(), T.accountPolicy);
        assert.deepStrictEqual(
          policies.map((p) => targetOf(prod, p).region),
          m.regions,
        );
        for (const p of policies) {
          const region = targetOf(prod, p).region;
          assert.strictEqual(p.inputs["policyType"], "SUBSCRIPTION_FILTER_POLICY");
          assert.strictEqual(p.inputs["policyName"], "acme-logs-prod-central-logs");
          assert.strictEqual(p.inputs["scope"], "ALL");
          assert.strictEqual(p.inputs["selectionCriteria"], undefined);
          assert.deepStrictEqual(jsonInput(p, "policyDocument"), {
            DestinationArn: `arn:aws:logs:${region}:${LOG_ARCHIVE}:destination:acme-logs-prod-central-logs`,
            RoleArn: `arn:aws:iam::${m.id}:role/acme-logs-prod-cwl-subscription`,
            FilterPattern: "",
            Distribution: "Random",
          });
        }
      });

      it("the sender role trusts only this account's CloudWatch Logs and forwards only its own log groups", () => {
        const role = ofType(mine(), T.role);
        assert.strictEqual(role.length, 1);
        assert.strictEqual(role[0].inputs["name"], "acme-logs-prod-cwl-subscription");
        assert.deepStrictEqual(jsonInput(role[0], "assumeRolePolicy"), {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "CloudWatchLogsOfThisAccount",
              Effect: "Allow",
              Principal: { Service: "logs.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { ArnLike: { "aws:SourceArn": `arn:aws:logs:*:${m.id}:*` } },
            },
          ],
        });
        const access = ofType(mine(), T.rolePolicy);
        assert.strictEqual(access.length, 1);
        assert.deepStrictEqual(jsonInput(access[0], "policy"), {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ForwardOwnLogGroups",
              Effect: "Allow",
              Action: "logs:PutLogEvents",
              Resource: m.regions.map((r) => `arn:aws:logs:${r}:${m.id}:log-group:*:log-stream:*`),
            },
          ],
        });
      });

      it("flow-logs each VPC into the archive as Parquet in Hive-compatible hourly partitions", () => {
        const flowLogs = ofType(mine(), T.flowLog);
        const expected = m.regions.flatMap((region) =>
          (m.name === "payments" ? PAYMENTS_VPCS[region] : [discoveredVpc(m.id, region)]).map(
            (vpcId) => ({ region, vpcId }),
          ),
        );
        assert.deepStrictEqual(
          flowLogs.map((f) => ({ region: targetOf(prod, f).region, vpcId: f.inputs["vpcId"] })),
          expected,
        );
        for (const f of flowLogs) {
          assert.strictEqual(f.inputs["logDestinationType"], "s3");
          assert.strictEqual(f.inputs["logDestination"], ARCHIVE_ARN);
          assert.strictEqual(f.inputs["trafficType"], "ALL");
          assert.strictEqual(f.inputs["maxAggregationInterval"], 600);
          assert.strictEqual(f.inputs["logFormat"], FLOW_LOG_FORMAT);
          assert.deepStrictEqual(f.inputs["destinationOptions"], {
            fileFormat: "parquet",
            hiveCompatiblePartitions: true,
            perHourPartition: true,
          });
          assert.deepStrictEqual(f.inputs["tags"], {
            environment: "prod",
            "managed-by": "pulumi:logging-platform",
            project: "logging-platform",
            "member-account": m.name,
          });
        }
      });

      it("stays small and constant: 3 resources, one per Region, one per VPC", () => {
        const vpcs = ofType(mine(), T.flowLog).length;
        assert.strictEqual(mine().length, 3 + m.regions.length + vpcs);
      });
    });
  }
});

describe("member baseline building blocks", () => {
  const member = { name: "web", regions: ["eu-west-1", "eu-central-1"] };

  it("vpcSelection: discovery by default, listed ids per Region, none when switched off", () => {
    assert.deepStrictEqual(vpcSelection(member, "eu-west-1"), { kind: "discover" });
    assert.deepStrictEqual(vpcSelection({ ...member, discoverVpcs: false }, "eu-west-1"), {
      kind: "none",
    });
    const listed = { ...member, vpcIds: { "eu-west-1": ["vpc-0123abcd"], "eu-central-1": [] } };
    assert.deepStrictEqual(vpcSelection(listed, "eu-west-1"), {
      kind: "listed",
      vpcIds: ["vpc-0123abcd"],
    });
    assert.deepStrictEqual(vpcSelection(listed, "eu-central-1"), { kind: "listed", vpcIds: [] });
    assert.throws(
      () => vpcSelection(member, "us-east-1"),
      /^Error: member "web" has no region us-east-1 \(regions: eu-west-1, eu-central-1\)$/,
    );
  });

  it("every flow-log field is a column of schemas/vpcflow.json", () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(PLATFORM_DIR, "schemas", "vpcflow.json"), "utf8"),
    ) as { columns: Array<{ name: string }> };
    const columns = schema.columns.map((c) => c.name);
    const missing = FLOW_LOG_FIELDS.map(flowLogColumn).filter((c) => !columns.includes(c));
    assert.deepStrictEqual(missing, []);
    assert.ok(FLOW_LOG_FORMAT.startsWith("${version} ${account-id} ${interface-id} "));
    assert.deepStrictEqual(FLOW_LOG_DESTINATION_OPTIONS, {
      fileFormat: "parquet",
      hiveCompatiblePartitions: true,
      perHourPartition: true,
    });
  });

  it("refuses a member Region without a central destination, naming both", () => {
    const member = { name: "web", regions: ["eu-west-1", "eu-central-1"] };
    assert.deepStrictEqual(
      destinationsFor(member, { "eu-west-1": "d1", "eu-central-1": "d2", "us-east-1": "d3" }),
      { "eu-west-1": "d1", "eu-central-1": "d2" },
    );
    assert.throws(
      () =>
        destinationsFor(member, {
          "eu-west-1": "arn:aws:logs:eu-west-1:222222222222:destination:d",
        }),
      (e: Error) =>
        e.message ===
        'member "web": no central log destination in eu-central-1 (destinations: eu-west-1); ' +
          "deploy the platform stack with these Regions governed first",
    );
  });
});
