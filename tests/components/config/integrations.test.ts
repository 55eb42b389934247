import * as assert from "assert";
import { ConfigValidationError, parsePlatformConfig } from "../../../components/config";
import { validRawConfig } from "./fixtures";

type Raw = ReturnType<typeof validRawConfig> & Record<string, unknown>;

function withEdit(edit: (raw: Raw) => void): Record<string, unknown> {
  const raw = validRawConfig() as Raw;
  edit(raw);
  return raw;
}

function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    parsePlatformConfig(raw);
  } catch (e) {
    assert.ok(
      e instanceof ConfigValidationError,
      `expected ConfigValidationError, got ${String(e)}`,
    );
    return e.problems;
  }
  assert.fail("expected the config to be rejected");
}

const member = (raw: Raw, i: number) => raw.members[i] as Record<string, unknown>;

describe("config: member VPCs and Redshift audit", () => {
  it("members default to VPC discovery and Redshift audit logging is off", () => {
    const c = parsePlatformConfig(validRawConfig());
    assert.strictEqual(c.members[0].vpcIds, undefined);
    assert.strictEqual(c.members[0].discoverVpcs, undefined);
    assert.deepStrictEqual(c.redshiftAudit, { clusters: [] });
  });

  it("accepts VPC ids for every member region and a cluster with the s3 default", () => {
    const c = parsePlatformConfig(
      withEdit((raw) => {
        member(raw, 1)["vpcIds"] = {
          "eu-west-1": ["vpc-0123456789abcdef0"],
          "eu-central-1": [],
        };
        raw["redshiftAudit"] = {
          clusters: [{ member: "web", region: "eu-central-1", clusterIdentifier: "analytics-1" }],
        };
      }),
    );
    assert.deepStrictEqual(c.members[1].vpcIds, {
      "eu-west-1": ["vpc-0123456789abcdef0"],
      "eu-central-1": [],
    });
    assert.deepStrictEqual(c.redshiftAudit.clusters, [
      {
        member: "web",
        region: "eu-central-1",
        clusterIdentifier: "analytics-1",
        destination: "s3",
      },
    ]);
  });

  it("rejects a malformed VPC id, naming it", () => {
    assert.deepStrictEqual(
      problemsOf(withEdit((raw) => (member(raw, 0)["vpcIds"] = { "eu-west-1": ["vpc-12"] }))),
      [
        'logging-platform:members[0].vpcIds.eu-west-1[0]: "vpc-12" is not a VPC id (vpc- and 8 or 17 hex digits)',
      ],
    );
  });

  it("rejects VPC ids for a region the member is not in, and a member region without a list", () => {
    assert.deepStrictEqual(
      problemsOf(
        withEdit((raw) => (member(raw, 0)["vpcIds"] = { "eu-central-1": ["vpc-0123abcd"] })),
      ),
      [
        'logging-platform:members[0].vpcIds.eu-central-1: "eu-central-1" is not one of the member\'s regions (eu-west-1)',
        'logging-platform:members[0].vpcIds: lists no VPCs for "eu-west-1": give every member region a list (an empty list for none)',
      ],
    );
  });

  it("rejects listing VPCs and discovering them at once", () => {
    assert.deepStrictEqual(
      problemsOf(
        withEdit((raw) => {
          member(raw, 0)["vpcIds"] = { "eu-west-1": ["vpc-0123abcd"] };
          member(raw, 0)["discoverVpcs"] = true;
        }),
      ),
      [
        "logging-platform:members[0].discoverVpcs: must not be true when vpcIds is set: list the VPCs or discover them, not both",
      ],
    );
  });

  it("rejects a Redshift cluster of an unknown member or outside the member's regions", () => {
    assert.deepStrictEqual(
      problemsOf(
        withEdit((raw) => {
          raw["redshiftAudit"] = {
            clusters: [
              { member: "billing", region: "eu-west-1", clusterIdentifier: "main" },
              { member: "payments", region: "eu-central-1", clusterIdentifier: "main" },
            ],
          };
        }),
      ),
      [
        'logging-platform:redshiftAudit.clusters[0].member: "billing" is not a member name (members: payments, web, data)',
        'logging-platform:redshiftAudit.clusters[1].region: "eu-central-1" is not one of payments\'s regions (eu-west-1)',
      ],
    );
  });

  it("rejects a bad cluster identifier, an unknown destination and a duplicate cluster", () => {
    assert.deepStrictEqual(
      problemsOf(
        withEdit((raw) => {
          raw["redshiftAudit"] = {
            clusters: [
              { member: "payments", region: "eu-west-1", clusterIdentifier: "Main--" },
              {
                member: "payments",
                region: "eu-west-1",
                clusterIdentifier: "x",
                destination: "kafka",
              },
            ],
          };
        }),
      ),
      [
        'logging-platform:redshiftAudit.clusters[0].clusterIdentifier: "Main--" is not a Redshift cluster identifier (1-63 of a-z, 0-9, -; starting with a letter, no -- or trailing -)',
        'logging-platform:redshiftAudit.clusters[1].destination: "kafka" is not one of "s3", "cloudwatch"',
      ],
    );
    assert.deepStrictEqual(
      problemsOf(
        withEdit((raw) => {
          const c = { member: "payments", region: "eu-west-1", clusterIdentifier: "main" };
          raw["redshiftAudit"] = { clusters: [c, { ...c, destination: "cloudwatch" }] };
        }),
      ),
      [
        'logging-platform:redshiftAudit.clusters[1].clusterIdentifier: "main" is already redshiftAudit.clusters[0]',
      ],
    );
  });
});
