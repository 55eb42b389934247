import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  ConfigValidationError,
  ParseOptions,
  calendarDateProblem,
  decodeRuntimeConfig,
  parsePlatformConfig,
  reasonProblem,
} from "../../../components/config";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { loadStackWithText } from "../../../tools/offline/stackConfig";
import { validRawConfig } from "./fixtures";

type Raw = ReturnType<typeof validRawConfig> & Record<string, unknown>;

const TODAY = "2026-12-05";
const prodText = fs.readFileSync(path.join(PLATFORM_DIR, "Pulumi.prod.yaml"), "utf8");

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof ConfigValidationError, String(e));
    return [...e.problems];
  }
  assert.fail("expected the config to be rejected");
}

/** The problems of a valid config with one edit, validated as of {@link TODAY}. */
function problems(edit: (raw: Raw) => void, options: ParseOptions = {}): string[] {
  const raw = validRawConfig() as Raw;
  edit(raw);
  return problemsOf(() => parsePlatformConfig(raw, { today: TODAY, ...options }));
}

/** Pulumi.prod.yaml with one textual edit, read and decoded the way the program reads it. */
function prodWith(from: string, to: string): Record<string, unknown> {
  assert.ok(prodText.includes(from), `Pulumi.prod.yaml has no ${JSON.stringify(from)}`);
  return decodeRuntimeConfig(
    loadStackWithText(PLATFORM_DIR, "prod", prodText.replace(from, to)).config,
  );
}

const prodLock = (lock: Record<string, unknown>) => (r: Raw) => {
  r["environment"] = "prod";
  r.retention.archiveDays = 400;
  r.retention.objectLock = lock as Raw["retention"]["objectLock"];
};

describe("config validation: every key is read by something", () => {
  it("names a key in a misspelt namespace and suggests the closest namespace", () => {
    assert.deepStrictEqual(
      problemsOf(() => prodWith("  logging-platform:features:", "  logging-platfrom:features:")),
      [
        'logging-platfrom:features: unknown config namespace "logging-platfrom", so nothing reads this key (namespaces: logging-platform, aws, pulumi); did you mean "logging-platform:features"?',
      ],
    );
  });

  it("reports the typo alone, not the waiver the section's defaults would then ask for", () => {
    assert.deepStrictEqual(
      problemsOf(() => prodWith("  logging-platform:retention:", "  logging-platfrom:retention:")),
      [
        'logging-platfrom:retention: unknown config namespace "logging-platfrom", so nothing reads this key (namespaces: logging-platform, aws, pulumi); did you mean "logging-platform:retention"?',
      ],
    );
  });

  it("accepts the aws and pulumi namespaces and suggests them for near misses", () => {
    const base = { "logging-platform:environment": "prod" };
    assert.deepStrictEqual(
      decodeRuntimeConfig({ ...base, "aws:region": "eu-west-1", "pulumi:tags": "{}" }),
      { environment: "prod" },
    );
    assert.deepStrictEqual(
      problemsOf(() => decodeRuntimeConfig({ ...base, "pulmi:tags": "{}", "asw:region": "x" })),
      [
        'pulmi:tags: unknown config namespace "pulmi", so nothing reads this key (namespaces: logging-platform, aws, pulumi); did you mean "pulumi:tags"?',
        'asw:region: unknown config namespace "asw", so nothing reads this key (namespaces: logging-platform, aws, pulumi); did you mean "aws:region"?',
      ],
    );
  });
});

describe("config validation: Regions and partitions", () => {
  it("refuses Regions that do not exist, naming the nearest real one when it is a typo", () => {
    assert.deepStrictEqual(
      problems((r) => {
        r.regions.governed = ["eu-west-1", "eu-west-9"];
        r.members[1].regions = ["eu-west-1", "xx-nowhere-7"];
      }),
      [
        'logging-platform:members[1].regions[1]: "xx-nowhere-7" is not an AWS Region (Region codes look like eu-west-1; the list is in components/core/regions.ts)',
        'logging-platform:regions.governed[1]: "eu-west-9" is not an AWS Region (did you mean "eu-west-1"?)',
      ],
    );
  });

  it("refuses a stack that spans partitions, naming each Region outside the home partition", () => {
    assert.deepStrictEqual(
      problems((r) => {
        r.regions.governed = ["eu-west-1", "cn-north-1", "us-gov-west-1"];
        r.members = [];
      }),
      [
        'logging-platform:regions.governed[1]: "cn-north-1" is in the aws-cn partition but regions.home "eu-west-1" is in aws: a stack covers one partition (its accounts, roles and ARNs exist in one); deploy a stack per partition',
        'logging-platform:regions.governed[2]: "us-gov-west-1" is in the aws-us-gov partition but regions.home "eu-west-1" is in aws: a stack covers one partition (its accounts, roles and ARNs exist in one); deploy a stack per partition',
      ],
    );
  });

  it("accepts a stack wholly in the China partition", () => {
    const raw = validRawConfig();
    raw.regions = { home: "cn-north-1", governed: ["cn-north-1", "cn-northwest-1"] };
    raw.members = [{ id: "444444444444", name: "payments", regions: ["cn-northwest-1"] }];
    assert.deepStrictEqual(parsePlatformConfig(raw).regions.governed, [
      "cn-north-1",
      "cn-northwest-1",
    ]);
  });
});

describe("config validation: the archive lock in production", () => {
  const weak = { mode: "GOVERNANCE", days: 1 };

  it("refuses a weaker lock in prod with a one-character reason and no expiry", () => {
    assert.deepStrictEqual(problems(prodLock({ ...weak, waiverReason: "." })), [
      'logging-platform:retention.objectLock.waiverReason: "." is not a reason: say in at least 20 characters and 3 words why this environment may keep the weaker control',
      "logging-platform:retention.objectLock.waiverExpires: is required: the archive lock GOVERNANCE for 1 day is weaker than COMPLIANCE for 365 days in production: a waiver needs waiverReason (why) and waiverExpires (until when, YYYY-MM-DD)",
    ]);
  });

  it("refuses a reason of punctuation and digits, whatever its length", () => {
    assert.deepStrictEqual(
      problems(
        prodLock({ ...weak, waiverReason: "... 2026-12-05 !!! ???", waiverExpires: "2027-03-01" }),
      ),
      [
        'logging-platform:retention.objectLock.waiverReason: "... 2026-12-05 !!! ???" is not a reason: say in at least 20 characters and 3 words why this environment may keep the weaker control',
      ],
    );
  });

  it("refuses an expiry today or in the past, and one more than a year away in prod", () => {
    const reason = "restore drill needs deletable copies until the vault migration ends";
    assert.deepStrictEqual(
      problems(prodLock({ ...weak, waiverReason: reason, waiverExpires: TODAY })),
      [
        'logging-platform:retention.objectLock.waiverExpires: "2026-12-05" is not in the future (today is 2026-12-05): the waiver has expired; renew it with a new date and a current reason, or meet COMPLIANCE for 365 days',
      ],
    );
    assert.deepStrictEqual(
      problems(prodLock({ ...weak, waiverReason: reason, waiverExpires: "2099-01-01" })),
      [
        'logging-platform:retention.objectLock.waiverExpires: "2099-01-01" is 26325 days away: a production waiver ends within 366 days (by 2027-12-06), so it is reviewed every year',
      ],
    );
  });

  it("accepts a real reason with a future expiry, and puts both on the archive's tags", () => {
    const raw = validRawConfig() as Raw;
    prodLock({
      ...weak,
      waiverReason: "restore drill needs deletable copies until the vault migration ends",
      waiverExpires: "2027-03-31",
    })(raw);
    const c = parsePlatformConfig(raw, { today: TODAY });
    assert.strictEqual(c.retention.objectLock.waiverExpires, "2027-03-31");
  });

  it("refuses a reason S3 would refuse as a tag value", () => {
    assert.deepStrictEqual(
      problems(
        prodLock({
          ...weak,
          waiverReason: "synthetic data only; purge weekly (ticket #42)",
          waiverExpires: "2027-03-31",
        }),
      ),
      [
        'logging-platform:retention.objectLock.waiverReason: "synthetic data only; purge weekly (ticket #42)" has ";", "(", "#", ")", which S3 refuses in a tag value (allowed: letters, digits, spaces and _ . : / = + - @)',
      ],
    );
  });

  it("asks for a waiver before accepting a weaker lock outside prod too", () => {
    assert.deepStrictEqual(
      problems((r) => (r.retention.objectLock = { mode: "GOVERNANCE", days: 400 })),
      [
        "logging-platform:retention.objectLock.waiverReason: is required: the archive lock GOVERNANCE for 400 days is weaker than COMPLIANCE for 365 days: a waiver needs waiverReason (why) and waiverExpires (until when, YYYY-MM-DD)",
      ],
    );
  });
});

describe("config validation: precise messages", () => {
  it("checks each field of an EventBridge cron against its range", () => {
    assert.deepStrictEqual(
      problems((r) => (r["analytics"] = { emr: { schedules: { alb: "cron(99 99 * * ? *)" } } })),
      [
        'logging-platform:analytics.emr.schedules.alb: "cron(99 99 * * ? *)" is invalid: minutes "99" is outside 0-59; hours "99" is outside 0-23',
      ],
    );
  });

  it("refuses a date that is not on the calendar", () => {
    assert.strictEqual(
      calendarDateProblem("2026-02-31"),
      "is not a calendar date: February 2026 has 28 days",
    );
    assert.strictEqual(calendarDateProblem("2028-02-29"), undefined);
    assert.strictEqual(
      calendarDateProblem("2026-13-01"),
      "is not a calendar date: there is no month 13",
    );
    assert.strictEqual(calendarDateProblem("31.12.2026"), "is not a date written YYYY-MM-DD");
    assert.deepStrictEqual(
      problems(
        prodLock({
          mode: "GOVERNANCE",
          days: 30,
          waiverReason: "restore drill needs deletable copies until the vault migration ends",
          waiverExpires: "2026-02-31",
        }),
      ),
      [
        'logging-platform:retention.objectLock.waiverExpires: "2026-02-31" is not a calendar date: February 2026 has 28 days',
      ],
    );
  });

  it("names projectionStartDate as a key the schema no longer has (partition projection was removed)", () => {
    assert.deepStrictEqual(
      problems((r) => (r["analytics"] = { athena: { projectionStartDate: "2026-02-31" } })),
      [
        'logging-platform:analytics.athena.projectionStartDate: unknown key "projectionStartDate" (allowed: bytesScannedCutoffPerQuery, resultRetentionDays)',
      ],
    );
  });

  it("refuses an environment that is not the stack's", () => {
    assert.deepStrictEqual(
      problemsOf(() =>
        parsePlatformConfig(
          prodWith("logging-platform:environment: prod", "logging-platform:environment: dev"),
          { stack: "prod" },
        ),
      ),
      [
        'logging-platform:environment: "dev" does not match the stack "prod": Pulumi.prod.yaml must set environment: prod (every resource name and tag carries the environment, so a mismatch would deploy one environment\'s names into another\'s accounts)',
      ],
    );
    const member = validRawConfig() as Raw;
    member["environment"] = "prod";
    member["stack"] = { kind: "member", accountId: "444444444444", platformStack: "o/p/prod" };
    member.members = [member.members[0]];
    assert.doesNotThrow(() => parsePlatformConfig(member, { stack: "prod-444444444444" }));
    assert.deepStrictEqual(
      problemsOf(() => parsePlatformConfig(member, { stack: "dev-444444444444" })),
      [
        'logging-platform:environment: "prod" does not match the stack "dev-444444444444": Pulumi.dev-444444444444.yaml must set environment: dev (every resource name and tag carries the environment, so a mismatch would deploy one environment\'s names into another\'s accounts)',
      ],
    );
  });

  it("says a section left empty in YAML is empty", () => {
    assert.deepStrictEqual(
      problemsOf(() =>
        parsePlatformConfig(
          prodWith(
            "  logging-platform:features:\n    cloudTrailLake: true\n    dataEvents: true\n    insights: true\n",
            "  logging-platform:features:\n",
          ),
        ),
      ),
      [
        "logging-platform:features: is empty: give the section its keys (cloudTrailLake, dataEvents, insights), or remove the line to keep the defaults",
      ],
    );
    assert.deepStrictEqual(
      problemsOf(() =>
        parsePlatformConfig(
          prodWith(
            "  logging-platform:alarmEmails:\n    - security-operations@example.com\n    - platform-oncall@example.com\n",
            "  logging-platform:alarmEmails:\n",
          ),
        ),
      ),
      ["logging-platform:alarmEmails: is empty: list its items under it, or write [] for none"],
    );
  });

  it("gives a Glacier hint that a configuration can follow", () => {
    assert.deepStrictEqual(
      problems((r) => {
        r.retention.archiveStorageClass = "GLACIER";
        r.retention.hotDays = 0;
        r.retention.archiveDays = 30;
        r.retention.objectLock = { mode: "COMPLIANCE", days: 30 };
      }).filter((p) => p.includes("hotDays")),
      [
        "logging-platform:retention.hotDays: 0: objects would stay 30 days in GLACIER before expiring on day 30, but GLACIER bills a 90-day minimum, which even a transition on day 0 cannot meet; expire on day 90 or later, or keep the objects out of GLACIER",
      ],
    );
  });

  it("judges reasons the same way for waivers and exemption tags", () => {
    assert.ok(reasonProblem("."));
    assert.ok(reasonProblem("n/a n/a n/a n/a n/a n/a"));
    assert.strictEqual(reasonProblem("dev holds synthetic test logs only"), undefined);
  });
});
