import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
  ConfigValidationError,
  PLATFORM_CONFIG_KEYS,
  decodeRuntimeConfig,
  parsePlatformConfig,
} from "../../../components/config";
import { loadStack } from "../../../tools/offline/stackConfig";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { isConfigError } from "../../../tools/offline/synthesize";
import { validRawConfig } from "./fixtures";

type Raw = Record<string, unknown>;

/** Asserts that parsing fails with exactly these problem lines. */
function assertProblems(raw: Raw, expected: string[]): void {
  assert.throws(
    () => parsePlatformConfig(raw),
    (e: unknown) => {
      assert.ok(
        e instanceof ConfigValidationError,
        `expected ConfigValidationError, got ${String(e)}`,
      );
      assert.strictEqual(e.name, "ConfigValidationError");
      assert.deepStrictEqual(e.problems, expected);
      return true;
    },
  );
}

/** A valid config with one edit applied. */
function withEdit(edit: (raw: ReturnType<typeof validRawConfig>) => void): Raw {
  const raw = validRawConfig();
  edit(raw);
  return raw;
}

const at = <T>(v: unknown): T => v as T;

describe("platform config validation", () => {
  it("accepts a complete config and fills every default", () => {
    const c = parsePlatformConfig(validRawConfig());
    assert.strictEqual(c.accounts.logArchive.roleName, "OrganizationAccountAccessRole");
    assert.strictEqual(c.accounts.logArchive.breakGlassRoleName, "LogArchiveBreakGlass");
    assert.strictEqual(c.members[0].roleName, "OrganizationAccountAccessRole");
    assert.deepStrictEqual(c.retention, {
      archiveDays: 400,
      hotDays: 90,
      archiveStorageClass: "GLACIER_IR",
      noncurrentDays: 30,
      accessLogDays: 365,
      objectLock: { mode: "COMPLIANCE", days: 400 },
      cloudWatchDays: 400,
    });
    assert.deepStrictEqual(c.features, {
      cloudTrailLake: false,
      dataEvents: false,
      insights: false,
    });
    assert.deepStrictEqual(c.cloudTrailLake, {
      retentionDays: 365,
      billingMode: "EXTENDABLE_RETENTION_PRICING",
      terminationProtection: true,
    });
    assert.strictEqual(c.protectResources, true);
  });

  it("rejects a short member account id, naming its index", () => {
    assertProblems(
      withEdit((r) => (r.members[2].id = "12345")),
      ['logging-platform:members[2].id: "12345" is not a 12-digit AWS account id'],
    );
  });

  it("rejects an unquoted account id that YAML turned into a number", () => {
    assertProblems(
      withEdit((r) => (at<Raw>(r.accounts.audit).id = 12345678901)),
      ["logging-platform:accounts.audit.id: 12345678901 must be a string: quote it in YAML"],
    );
  });

  it("rejects an unknown top-level key (a typo must not be ignored)", () => {
    assertProblems(
      withEdit((r) => ((r as unknown as Raw)["alarmEmail"] = ["x@example.com"])),
      [
        'logging-platform:alarmEmail: unknown key "alarmEmail" (allowed: stack, environment, namePrefix, organization, accounts, members, regions, retention, alarmEmails, features, cloudTrailLake, redshiftAudit, protectResources, analytics, fleet)',
      ],
    );
  });

  it("rejects an unknown nested key", () => {
    assertProblems(
      withEdit((r) => ((r.retention as Raw)["archveDays"] = 30)),
      [
        'logging-platform:retention.archveDays: unknown key "archveDays" (allowed: archiveDays, hotDays, archiveStorageClass, noncurrentDays, accessLogDays, objectLock, cloudWatchDays)',
      ],
    );
  });

  it("rejects an object-lock mode AWS does not have", () => {
    assertProblems(
      withEdit((r) => (r.retention.objectLock.mode = "LEGAL_HOLD")),
      [
        'logging-platform:retention.objectLock.mode: "LEGAL_HOLD" is not one of "GOVERNANCE", "COMPLIANCE"',
      ],
    );
  });

  it("rejects a CloudWatch retention below a year", () => {
    assertProblems(
      withEdit((r) => (r.retention.cloudWatchDays = 30)),
      [
        "logging-platform:retention.cloudWatchDays: 30 is not a CloudWatch Logs retention of at least 365 days (allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
      ],
    );
  });

  it("rejects a retention CloudWatch does not offer", () => {
    assertProblems(
      withEdit((r) => (r.retention.cloudWatchDays = 500)),
      [
        "logging-platform:retention.cloudWatchDays: 500 is not a CloudWatch Logs retention of at least 365 days (allowed: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
      ],
    );
  });

  it("rejects a transition that leaves less than Glacier IR's 90-day minimum before expiry", () => {
    assertProblems(
      withEdit((r) => {
        r.retention.archiveDays = 120;
        r.retention.objectLock = { mode: "COMPLIANCE", days: 120 };
      }),
      [
        "logging-platform:retention.hotDays: 90: objects would stay 30 days in GLACIER_IR before expiring on day 120, but GLACIER_IR bills a 90-day minimum; transition by day 30 or expire on day 180 or later",
        "logging-platform:retention.objectLock.waiverReason: is required: the archive lock COMPLIANCE for 120 days is weaker than COMPLIANCE for 365 days: a waiver needs waiverReason (why) and waiverExpires (until when, YYYY-MM-DD)",
      ],
    );
  });

  it("rejects a storage class that is not an archive class", () => {
    assertProblems(
      withEdit((r) => (r.retention.archiveStorageClass = "STANDARD_IA")),
      [
        'logging-platform:retention.archiveStorageClass: "STANDARD_IA" is not one of "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"',
      ],
    );
  });

  it("requires a waiver reason for an archive lock weaker than COMPLIANCE for a year", () => {
    assertProblems(
      withEdit((r) => (r.retention.objectLock.mode = "GOVERNANCE")),
      [
        "logging-platform:retention.objectLock.waiverReason: is required: the archive lock GOVERNANCE for 400 days is weaker than COMPLIANCE for 365 days: a waiver needs waiverReason (why) and waiverExpires (until when, YYYY-MM-DD)",
      ],
    );
  });

  it("rejects a waiver reason where no waiver is needed", () => {
    assertProblems(
      withEdit((r) => ((r.retention.objectLock as Raw)["waiverReason"] = "just in case")),
      [
        "logging-platform:retention.objectLock.waiverReason: must be absent: the archive lock COMPLIANCE for 400 days needs no waiver",
      ],
    );
  });

  it("rejects an Object Lock retention longer than the archive retention", () => {
    assertProblems(
      withEdit((r) => (r.retention.objectLock.days = 2557)),
      [
        "logging-platform:retention.objectLock.days: 2557 exceeds retention.archiveDays (400): locked logs would outlive their expiry",
      ],
    );
  });

  it("rejects a home region outside the governed regions", () => {
    assertProblems(
      withEdit((r) => (r.regions.home = "us-east-1")),
      [
        'logging-platform:regions.home: "us-east-1" is not in regions.governed (eu-west-1, eu-central-1)',
      ],
    );
  });

  it("rejects a malformed region name", () => {
    assertProblems(
      withEdit((r) => (r.regions.governed[1] = "Frankfurt")),
      [
        'logging-platform:regions.governed[1]: "Frankfurt" is not an AWS Region (Region codes look like eu-west-1; the list is in components/core/regions.ts)',
      ],
    );
  });

  it("rejects a member region the platform does not govern", () => {
    assertProblems(
      withEdit((r) => (r.members[1].regions[1] = "ap-southeast-2")),
      [
        'logging-platform:members[1].regions[1]: "ap-southeast-2" is not in regions.governed (eu-west-1, eu-central-1)',
      ],
    );
  });

  it("rejects a member that is a core account", () => {
    assertProblems(
      withEdit((r) => (r.members[0].id = "222222222222")),
      [
        'logging-platform:members[0].id: "222222222222" is the account of accounts.logArchive.id, not a member',
      ],
    );
  });

  it("rejects two members with the same name", () => {
    assertProblems(
      withEdit((r) => (r.members[2].name = "payments")),
      ['logging-platform:members[2].name: "payments" is already members[0]'],
    );
  });

  it("rejects the log-archive account doubling as the audit account", () => {
    assertProblems(
      withEdit((r) => (r.accounts.audit.id = "222222222222")),
      [
        'logging-platform:accounts.audit.id: "222222222222" is already used by accounts.logArchive.id; core accounts must differ',
      ],
    );
  });

  it("rejects the Pulumi.yaml placeholder organization id", () => {
    assertProblems(
      withEdit((r) => (r.organization.id = "o-0000000000")),
      [
        'logging-platform:organization.id: "o-0000000000" is the Pulumi.yaml placeholder; set your organization id',
      ],
    );
  });

  it("rejects a malformed organization id", () => {
    assertProblems(
      withEdit((r) => (r.organization.id = "org-123")),
      [
        'logging-platform:organization.id: "org-123" is not an AWS Organizations id (o- and 10-32 of a-z0-9)',
      ],
    );
  });

  it("rejects an empty alarm email list", () => {
    assertProblems(
      withEdit((r) => (r.alarmEmails = [])),
      ["logging-platform:alarmEmails: must list at least 1 item"],
    );
  });

  it("rejects a malformed alarm email", () => {
    assertProblems(
      withEdit((r) => (r.alarmEmails = ["secops"])),
      ['logging-platform:alarmEmails[0]: "secops" is not an email address'],
    );
  });

  it("rejects a feature switch that is not a boolean", () => {
    assertProblems(
      withEdit((r) => ((r as unknown as Raw)["features"] = { cloudTrailLake: "yes" })),
      ['logging-platform:features.cloudTrailLake: expected boolean, got string "yes"'],
    );
  });

  it("rejects an event data store retention beyond its billing mode's maximum", () => {
    assertProblems(
      withEdit(
        (r) =>
          ((r as unknown as Raw)["cloudTrailLake"] = {
            retentionDays: 3000,
            billingMode: "FIXED_RETENTION_PRICING",
          }),
      ),
      [
        "logging-platform:cloudTrailLake.retentionDays: 3000 exceeds the 2557-day maximum of FIXED_RETENTION_PRICING",
      ],
    );
  });

  it("rejects a name prefix too long for S3 bucket names", () => {
    assertProblems(
      withEdit((r) => (r.namePrefix = "acme-central-logging")),
      [
        'logging-platform:namePrefix: "acme-central-logging" is not a name prefix (2-12 lowercase letters, digits or -, used in S3 bucket names)',
      ],
    );
  });

  it("reports a missing required section as required", () => {
    assertProblems(
      withEdit((r) => delete (r as unknown as Raw)["organization"]),
      ["logging-platform:organization: is required (object)"],
    );
  });

  it("reports every problem at once, not only the first", () => {
    assert.throws(
      () =>
        parsePlatformConfig(
          withEdit((r) => {
            r.members[0].id = "1";
            r.alarmEmails = ["nope"];
          }),
        ),
      (e: ConfigValidationError) =>
        e.problems.length === 2 &&
        e.message.startsWith("invalid stack configuration (2 problems):"),
    );
  });

  it("is classified as a config error by the offline CLIs (exit code 2)", () => {
    try {
      parsePlatformConfig({});
      assert.fail("expected a ConfigValidationError");
    } catch (e) {
      assert.strictEqual(isConfigError(e), true);
    }
  });
});

describe("runtime config decoding", () => {
  it("decodes JSON-encoded sections, booleans and plain strings of the namespace only", () => {
    assert.deepStrictEqual(
      decodeRuntimeConfig({
        "logging-platform:environment": "prod",
        "logging-platform:protectResources": "false",
        "logging-platform:regions": '{"home":"eu-west-1","governed":["eu-west-1"]}',
        "logging-platform:alarmEmails": '["a@example.com"]',
        "aws:region": "eu-west-1",
      }),
      {
        environment: "prod",
        protectResources: false,
        regions: { home: "eu-west-1", governed: ["eu-west-1"] },
        alarmEmails: ["a@example.com"],
      },
    );
  });

  it("keeps a numeric-looking string as a string (account ids keep leading zeros)", () => {
    assert.deepStrictEqual(
      decodeRuntimeConfig({ "logging-platform:environment": "012345678901" }),
      {
        environment: "012345678901",
      },
    );
  });

  it("names the key of malformed structured config", () => {
    assert.throws(
      () => decodeRuntimeConfig({ "logging-platform:regions": '{"home": ' }),
      (e: ConfigValidationError) =>
        e instanceof ConfigValidationError &&
        e.problems.length === 1 &&
        e.problems[0].startsWith("logging-platform:regions: not valid structured config"),
    );
  });
});

describe("example stacks", () => {
  const parseStack = (stack: string) =>
    parsePlatformConfig(decodeRuntimeConfig(loadStack(PLATFORM_DIR, stack).config));

  it("dev: GOVERNANCE lock, short retention, year-long CloudWatch, no CloudTrail Lake, unprotected", () => {
    const dev = parseStack("dev");
    assert.deepStrictEqual(dev.retention.objectLock, {
      mode: "GOVERNANCE",
      days: 30,
      waiverReason:
        "dev holds synthetic test logs only: a 30-day GOVERNANCE lock lets the platform team purge them",
      waiverExpires: "2027-12-31",
    });
    assert.strictEqual(dev.retention.archiveDays, 120);
    assert.strictEqual(dev.retention.cloudWatchDays, 365);
    assert.strictEqual(dev.features.cloudTrailLake, false);
    assert.strictEqual(dev.protectResources, false);
  });

  it("prod: COMPLIANCE lock for 7 years, CloudTrail Lake with termination protection, protected", () => {
    const prod = parseStack("prod");
    assert.deepStrictEqual(prod.retention.objectLock, { mode: "COMPLIANCE", days: 2557 });
    assert.strictEqual(prod.retention.archiveDays, 2557);
    assert.strictEqual(prod.features.cloudTrailLake, true);
    assert.strictEqual(prod.cloudTrailLake.terminationProtection, true);
    assert.strictEqual(prod.cloudTrailLake.retentionDays, 2557);
    assert.strictEqual(prod.protectResources, true);
  });

  it("Pulumi.yaml declares exactly the schema's keys, each with a description and a default", () => {
    const declared = projectConfig();
    assert.deepStrictEqual(Object.keys(declared).sort(), [...PLATFORM_CONFIG_KEYS].sort());
    for (const [key, spec] of Object.entries(declared)) {
      assert.ok(typeof spec.description === "string" && spec.description.length > 0, key);
      assert.ok("default" in spec, `${key} has no default`);
      // Pulumi's config types are string/integer/boolean/array-of-those; mappings go untyped.
      if (MAPPING_VALUED.includes(key)) assert.strictEqual(spec.type, undefined, key);
      else
        assert.ok(["string", "boolean", "array"].includes(spec.type ?? ""), `${key} has no type`);
    }
  });

  it("Pulumi.yaml defaults alone are rejected: every stack must set its real ids", () => {
    const defaults = Object.fromEntries(
      Object.entries(projectConfig()).map(([k, spec]) => [k, spec.default]),
    );
    assert.throws(
      () => parsePlatformConfig(defaults),
      (e: ConfigValidationError) => {
        assert.deepStrictEqual(e.problems, [
          "logging-platform:accounts.logArchive.breakGlassPrincipalArns: must list at least 1 item",
          "logging-platform:alarmEmails: must list at least 1 item",
        ]);
        return true;
      },
    );
    assert.throws(
      () =>
        parsePlatformConfig({
          ...defaults,
          alarmEmails: ["a@example.com"],
          accounts: {
            ...(defaults["accounts"] as Record<string, Record<string, unknown>>),
            logArchive: {
              ...(defaults["accounts"] as Record<string, Record<string, unknown>>)["logArchive"],
              breakGlassPrincipalArns: ["arn:aws:iam::111111111111:user/responder"],
            },
          },
        }),
      (e: ConfigValidationError) => {
        assert.deepStrictEqual(e.problems.slice(0, 4), [
          'logging-platform:organization.id: "o-0000000000" is the Pulumi.yaml placeholder; set your organization id',
          'logging-platform:organization.managementAccount.id: "000000000000" is the Pulumi.yaml placeholder; set the real account id',
          'logging-platform:accounts.logArchive.id: "000000000000" is the Pulumi.yaml placeholder; set the real account id',
          'logging-platform:accounts.audit.id: "000000000000" is the Pulumi.yaml placeholder; set the real account id',
        ]);
        return true;
      },
    );
  });
});

const MAPPING_VALUED = [
  "organization",
  "accounts",
  "members",
  "regions",
  "retention",
  "features",
  "cloudTrailLake",
  "redshiftAudit",
  "analytics",
  "stack",
  "fleet",
  // A list, but untyped for the same reason: member stacks receive it as JSON text.
  "alarmEmails",
];

interface ConfigSpec {
  type?: string;
  description?: string;
  default?: unknown;
}

function projectConfig(): Record<string, ConfigSpec> {
  const project = parse(fs.readFileSync(path.join(PLATFORM_DIR, "Pulumi.yaml"), "utf8")) as {
    config: Record<string, ConfigSpec>;
  };
  return project.config;
}
