import * as assert from "assert";
import { ConfigValidationError, parsePlatformConfig } from "../../../components/config";
import {
  DEFAULT_SCHEDULES,
  cronProblem,
  roleNameMatches,
} from "../../../components/config/analytics";
import { loadStack } from "../../../tools/offline/stackConfig";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { decodeRuntimeConfig } from "../../../components/config";
import { validRawConfig } from "./fixtures";

type Raw = Record<string, unknown>;

function withAnalytics(analytics: unknown): Raw {
  return { ...validRawConfig(), analytics };
}

function problemsOf(raw: Raw): string[] {
  try {
    parsePlatformConfig(raw);
  } catch (e) {
    assert.ok(e instanceof ConfigValidationError, String(e));
    return [...e.problems];
  }
  assert.fail("expected the config to be rejected");
}

describe("analytics config section", () => {
  it("fills every default when the section is absent", () => {
    const a = parsePlatformConfig(validRawConfig()).analytics;
    assert.deepStrictEqual(a, {
      roleNamePrefix: "log-analytics-",
      network: { cidr: "10.64.0.0/16", availabilityZones: 2 },
      emr: {
        mode: "transient",
        releaseLabel: "emr-7.13.0",
        primaryInstanceType: "m7g.xlarge",
        coreInstanceType: "m7g.xlarge",
        coreInstanceCount: 2,
        maxCapacityUnits: 6,
        ebsVolumeGiB: 64,
        idleTimeoutMinutes: 60,
        maxRejectRatio: 0.01,
        schedules: DEFAULT_SCHEDULES,
      },
      athena: {
        bytesScannedCutoffPerQuery: 10737418240,
        resultRetentionDays: 30,
      },
      search: {
        engineVersion: "OpenSearch_2.19",
        instanceType: "r7g.large.search",
        instanceCount: 1,
        zoneAwareness: false,
        dedicatedMasterCount: 0,
        dedicatedMasterType: "m7g.large.search",
        volumeGiB: 100,
        hotDays: 14,
        adminRoleNames: ["security-search-admin"],
      },
    });
  });

  it("rejects an OpenSearch admin that is a pattern or one of the platform's own analytics roles", () => {
    assert.deepStrictEqual(
      problemsOf(
        withAnalytics({ search: { adminRoleNames: ["security-*", "log-analytics-emr-instance"] } }),
      ),
      [
        'logging-platform:analytics.search.adminRoleNames[0]: "security-*" is not an IAM role name (1-64 of letters, digits, +=,.@_-)',
      ],
    );
    assert.deepStrictEqual(
      problemsOf(withAnalytics({ search: { adminRoleNames: ["log-analytics-emr-instance"] } })),
      [
        'logging-platform:analytics.search.adminRoleNames[0]: "log-analytics-emr-instance" starts with roleNamePrefix "log-analytics-", which names the platform\'s own analytics roles (EMR nodes, the master role itself): name a role people assume to administer the domain',
      ],
    );
  });

  it("rejects an EMR 6 release label, naming the key and what is allowed", () => {
    assert.deepStrictEqual(problemsOf(withAnalytics({ emr: { releaseLabel: "emr-6.15.0" } })), [
      'logging-platform:analytics.emr.releaseLabel: "emr-6.15.0" is not an EMR 7.x release label (like emr-7.13.0; the job needs Spark 3.5)',
    ]);
  });

  it("rejects an unknown mode and an unknown source in schedules", () => {
    const problems = problemsOf(
      withAnalytics({ emr: { mode: "serverless", schedules: { elb: "cron(0 2 * * ? *)" } } }),
    );
    assert.strictEqual(problems.length, 2, problems.join("\n"));
    assert.strictEqual(
      problems[0],
      'logging-platform:analytics.emr.mode: "serverless" is not one of "persistent", "transient"',
    );
    assert.match(problems[1], /^logging-platform:analytics\.emr\.schedules\.elb: /);
  });

  it("rejects a five-field (Unix) cron expression", () => {
    assert.deepStrictEqual(
      problemsOf(withAnalytics({ emr: { schedules: { cloudtrail: "cron(30 1 * * *)" } } })),
      [
        'logging-platform:analytics.emr.schedules.cloudtrail: "cron(30 1 * * *)" has 5 fields; EventBridge Scheduler cron takes 6 (minutes hours day-of-month month day-of-week year)',
      ],
    );
  });

  it("rejects role names the archive would not trust", () => {
    assert.deepStrictEqual(problemsOf(withAnalytics({ roleNamePrefix: "emr-" })), [
      'logging-platform:analytics.roleNamePrefix: "emr-" names roles (like "emr-emr-instance") that match none of accounts.audit.readerRoleNames (log-analytics-*), so they could not read the archive',
    ]);
  });

  it("rejects a managed scaling ceiling below the starting cluster", () => {
    assert.deepStrictEqual(
      problemsOf(withAnalytics({ emr: { coreInstanceCount: 4, maxCapacityUnits: 4 } })),
      [
        "logging-platform:analytics.emr.maxCapacityUnits: 4 is below the primary node plus emr.coreInstanceCount (5)",
      ],
    );
  });

  it("rejects an idle timeout that would end a persistent cluster between daily runs", () => {
    assert.deepStrictEqual(
      problemsOf(withAnalytics({ emr: { mode: "persistent", idleTimeoutMinutes: 180 } })),
      [
        "logging-platform:analytics.emr.idleTimeoutMinutes: 180 would let the persistent cluster terminate between two daily runs: use at least 1440 minutes (a day) in persistent mode",
      ],
    );
  });

  it("rejects zone awareness with data nodes that do not spread evenly over the zones", () => {
    assert.deepStrictEqual(
      problemsOf(
        withAnalytics({
          network: { availabilityZones: 3 },
          search: { zoneAwareness: true, instanceCount: 4 },
        }),
      ),
      [
        "logging-platform:analytics.search.instanceCount: 4 data nodes cannot be spread evenly over 3 availability zones (search.zoneAwareness is on)",
      ],
    );
  });

  it("rejects dedicated cluster managers without zone awareness, and 2 of them", () => {
    assert.deepStrictEqual(
      problemsOf(withAnalytics({ search: { instanceCount: 2, dedicatedMasterCount: 3 } })),
      [
        "logging-platform:analytics.search.zoneAwareness: must be true when the domain has several data nodes and dedicated cluster-manager nodes: a production domain should survive the loss of a zone",
      ],
    );
    assert.deepStrictEqual(problemsOf(withAnalytics({ search: { dedicatedMasterCount: 2 } })), [
      "logging-platform:analytics.search.dedicatedMasterCount: 2 is not 0 or 3 dedicated cluster-manager nodes",
    ]);
  });

  it("rejects a CIDR block outside /16../24 and a byte cutoff below Athena's 10 MB minimum", () => {
    assert.deepStrictEqual(
      problemsOf(
        withAnalytics({
          network: { cidr: "10.0.0.0/8" },
          athena: { bytesScannedCutoffPerQuery: 1000 },
        }),
      ),
      [
        'logging-platform:analytics.network.cidr: "10.0.0.0/8" is not an IPv4 CIDR block from /16 to /24',
        "logging-platform:analytics.athena.bytesScannedCutoffPerQuery: 1000 is outside 10485760..9007199254740991 bytes",
      ],
    );
  });

  it("example stacks: dev runs transient clusters, prod a persistent one and a zone-aware domain", () => {
    const load = (stack: string) =>
      parsePlatformConfig(decodeRuntimeConfig(loadStack(PLATFORM_DIR, stack).config)).analytics;
    const dev = load("dev");
    const prod = load("prod");
    assert.strictEqual(dev.emr.mode, "transient");
    assert.deepStrictEqual(Object.keys(dev.emr.schedules), ["cloudtrail", "vpcflow", "emr"]);
    assert.strictEqual(prod.emr.mode, "persistent");
    assert.deepStrictEqual(prod.emr.schedules, DEFAULT_SCHEDULES);
    assert.strictEqual(prod.network.availabilityZones, 3);
    assert.deepStrictEqual(
      [prod.search.instanceCount, prod.search.zoneAwareness, prod.search.dedicatedMasterCount],
      [3, true, 3],
    );
  });
});

describe("cron and role-name helpers", () => {
  it("accepts EventBridge Scheduler cron with one ? and rejects the rest", () => {
    assert.strictEqual(cronProblem("cron(30 1 * * ? *)"), undefined);
    assert.strictEqual(cronProblem("cron(0 6 ? * MON-FRI *)"), undefined);
    assert.strictEqual(cronProblem("rate(1 day)"), "is not a cron(...) expression");
    assert.strictEqual(
      cronProblem("cron(0 6 * * * *)"),
      "must set exactly one of day-of-month and day-of-week to ?",
    );
  });

  it("matches role names against names and * patterns like ArnLike", () => {
    assert.ok(roleNameMatches("log-analytics-*", "log-analytics-emr-instance"));
    assert.ok(roleNameMatches("security-investigator", "security-investigator"));
    assert.ok(!roleNameMatches("log-analytics-*", "xlog-analytics-emr"));
    assert.ok(!roleNameMatches("log.analytics", "logXanalytics"));
  });
});
