import * as assert from "assert";
import { decodeRuntimeConfig, parsePlatformConfig } from "../../../components/config";
import {
  loadRegistry,
  memberStackConfig,
  memberStackName,
  parseMemberStackName,
  platformStackRef,
} from "../../../tools/fleet/registry";
import {
  SelectionError,
  parseShard,
  selectStacks,
  shardMembers,
} from "../../../tools/fleet/select";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { listStacks } from "../../../tools/offline/stackConfig";

const PROD_MEMBERS = ["456789012345", "567890123456", "678901234567"];
const member = (i: number) => ({
  id: String(100000000000 + i * 7919),
  name: `m-${i}`,
  regions: ["eu-west-1"],
});

describe("fleet registry and selection", () => {
  const prod = loadRegistry(PLATFORM_DIR, "prod");

  it("names member stacks <env>-<account id> and reads them back", () => {
    assert.strictEqual(memberStackName("prod", "456789012345"), "prod-456789012345");
    assert.deepStrictEqual(parseMemberStackName("prod-456789012345"), {
      env: "prod",
      accountId: "456789012345",
    });
    assert.strictEqual(parseMemberStackName("prod"), undefined);
    assert.strictEqual(parseMemberStackName("prod-4567"), undefined);
    assert.strictEqual(platformStackRef(prod), "organization/logging-platform/prod");
  });

  it("derives a member stack's config: only its member, only its Redshift clusters, its stack kind", () => {
    const config = parsePlatformConfig(
      decodeRuntimeConfig(memberStackConfig(prod, "567890123456")),
    );
    assert.deepStrictEqual(
      config.members.map((m) => m.id),
      ["567890123456"],
    );
    assert.deepStrictEqual(
      config.redshiftAudit.clusters.map((c) => c.clusterIdentifier),
      ["analytics-warehouse"],
    );
    assert.deepStrictEqual(config.stack, {
      kind: "member",
      accountId: "567890123456",
      platformStack: "organization/logging-platform/prod",
    });
    const payments = parsePlatformConfig(
      decodeRuntimeConfig(memberStackConfig(prod, "456789012345")),
    );
    assert.deepStrictEqual(payments.redshiftAudit.clusters, []);
    assert.deepStrictEqual(payments.members[0].vpcIds, {
      "eu-west-1": ["vpc-0a1b2c3d4e5f60718"],
      "eu-central-1": ["vpc-0f1e2d3c4b5a69788", "vpc-04d5c6b7a8e9f0a1b"],
    });
    assert.throws(
      () => memberStackConfig(prod, "999999999999"),
      /account 999999999999 is not a member of Pulumi\.prod\.yaml \(registered: 456789012345, 567890123456, 678901234567\)/,
    );
  });

  it("a member stack's config does not grow with the registry", () => {
    const big = {
      ...prod,
      raw: new Map(
        Array.from({ length: 500 }, (_, i) => [
          member(i).id,
          { member: member(i), redshiftClusters: [] },
        ]),
      ),
    };
    const one = JSON.stringify(memberStackConfig(big, member(3).id));
    const other = JSON.stringify(memberStackConfig(big, member(499).id));
    assert.ok(Math.abs(one.length - other.length) <= 4, `${one.length} vs ${other.length}`);
  });

  it("shards deal the accounts round-robin in id order: every account in exactly one shard", () => {
    const members = Array.from({ length: 10 }, (_, i) => member(9 - i));
    const shards = [1, 2, 3].map((index) =>
      shardMembers(members, { index, count: 3 }).map((m) => m.name),
    );
    assert.deepStrictEqual(shards, [
      ["m-0", "m-3", "m-6", "m-9"],
      ["m-1", "m-4", "m-7"],
      ["m-2", "m-5", "m-8"],
    ]);
    assert.deepStrictEqual(parseShard("2/4"), { index: 2, count: 4 });
    for (const bad of ["0/3", "4/3", "3", "a/b", "1/0", "-1/2"]) {
      assert.throws(() => parseShard(bad), SelectionError, bad);
    }
  });

  it("selects the platform first, members after; destroy reverses; --shard and --accounts pick members only", () => {
    const names = (op: "up" | "destroy", req = {}) =>
      selectStacks(prod, req, op).map((s) => s.name);
    assert.deepStrictEqual(names("up"), ["prod", ...PROD_MEMBERS.map((id) => `prod-${id}`)]);
    assert.deepStrictEqual(names("destroy"), [...PROD_MEMBERS.map((id) => `prod-${id}`), "prod"]);
    assert.deepStrictEqual(names("up", { accounts: ["678901234567"] }), ["prod-678901234567"]);
    assert.deepStrictEqual(names("up", { only: "platform" }), ["prod"]);
    assert.deepStrictEqual(names("up", { shard: { index: 2, count: 2 } }), ["prod-567890123456"]);
    const platform = selectStacks(prod, {}, "up")[0];
    assert.strictEqual(platform.kind, "platform");
    assert.strictEqual(platform.accountId, "123456789012");
    assert.strictEqual(platform.config, undefined, "the platform stack's file is its config");
  });

  it("refuses unregistered accounts, except to destroy an offboarded account's stack", () => {
    assert.throws(
      () => selectStacks(prod, { accounts: ["999999999999", "456789012345"] }, "up"),
      /--accounts 999999999999: not a member of Pulumi\.prod\.yaml \(onboard it first with npm run onboard\)/,
    );
    const [orphan] = selectStacks(prod, { accounts: ["999999999999"] }, "destroy");
    assert.deepStrictEqual(
      { name: orphan.name, config: orphan.config, loaded: orphan.loaded },
      { name: "prod-999999999999", config: undefined, loaded: undefined },
    );
  });

  it("the member stack files the fleet writes are not listed as stacks of the program", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-list-"));
    for (const f of [
      "Pulumi.yaml",
      "Pulumi.prod.yaml",
      "Pulumi.prod-456789012345.yaml",
      "Pulumi.qa-123456789012.yaml",
    ]) {
      fs.writeFileSync(path.join(dir, f), "config: {}\n");
    }
    assert.deepStrictEqual(listStacks(dir), ["prod", "qa-123456789012"]);
  });
});
