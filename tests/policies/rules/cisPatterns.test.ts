import * as assert from "assert";
import {
  CIS_MONITORING_CONTROLS,
  CisMonitoringControl,
  patternCovers,
} from "../../../policies/rules/cisPatterns";

const control = (cis: string): CisMonitoringControl => {
  const found = CIS_MONITORING_CONTROLS.find((c) => c.cis === cis);
  assert.ok(found, `no CIS ${cis}`);
  return found;
};

/** The CIS recommendations a metric filter pattern satisfies. */
const coveredBy = (pattern: string): string[] =>
  CIS_MONITORING_CONTROLS.filter((c) => patternCovers(pattern, c)).map((c) => c.cis);

/** Filter patterns as the CIS AWS Foundations Benchmark v3.0.0 prints them. */
const BENCHMARK_PATTERNS: Record<string, string> = {
  "4.1":
    '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ' +
    '($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  "4.2":
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ' +
    '($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  "4.3":
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && ' +
    '$.eventType != "AwsServiceEvent" }',
  "4.5":
    "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || " +
    "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
  "4.6": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  "4.7":
    "{($.eventSource = kms.amazonaws.com) && " +
    "(($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
  "4.13":
    "{($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || " +
    "($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || " +
    "($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || " +
    "($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }",
};

/** CIS v3.0.0's 4.15 event list; Prowler also requires CancelHandshake, CreateOrganization and EnableAllFeatures. */
const CIS_ORGANIZATIONS_EVENTS = [
  "AcceptHandshake",
  "AttachPolicy",
  "CreateAccount",
  "CreateOrganizationalUnit",
  "CreatePolicy",
  "DeclineHandshake",
  "DeleteOrganization",
  "DeleteOrganizationalUnit",
  "DeletePolicy",
  "DetachPolicy",
  "DisablePolicyType",
  "EnablePolicyType",
  "InviteAccountToOrganization",
  "LeaveOrganization",
  "MoveAccount",
  "RemoveAccountFromOrganization",
  "UpdatePolicy",
  "UpdateOrganizationalUnit",
];
const organizationsPattern = (events: string[]) =>
  `{ ($.eventSource = organizations.amazonaws.com) && (${events
    .map((e) => `($.eventName = "${e}")`)
    .join(" || ")}) }`;

/** One edit to a benchmark pattern that makes it miss what the recommendation asks for. */
interface NearMiss {
  cis: string;
  what: string;
  from: string;
  to: string;
}

const NEAR_MISSES: NearMiss[] = [
  {
    cis: "4.1",
    what: "one specific UnauthorizedOperation code instead of the wildcard",
    from: '"*UnauthorizedOperation"',
    to: '"Client.UnauthorizedOperation"',
  },
  {
    cis: "4.1",
    what: "AccessDenied without the trailing wildcard",
    from: '"AccessDenied*"',
    to: '"AccessDenied"',
  },
  {
    cis: "4.2",
    what: "every console sign-in, with or without MFA",
    from: ' && ($.additionalEventData.MFAUsed != "Yes")',
    to: "",
  },
  {
    cis: "4.3",
    what: "root activity including calls AWS services make on root's behalf",
    from: " && $.userIdentity.invokedBy NOT EXISTS",
    to: "",
  },
  {
    cis: "4.3",
    what: "root activity including AWS service events",
    from: ' && $.eventType != "AwsServiceEvent"',
    to: "",
  },
  {
    cis: "4.5",
    what: "CloudTrail changes without StopLogging",
    from: " || ($.eventName = StopLogging)",
    to: "",
  },
  {
    cis: "4.6",
    what: "any failure message instead of failed authentication",
    from: '"Failed authentication"',
    to: '"Failed"',
  },
  {
    cis: "4.7",
    what: "DisableKey on any event source",
    from: "($.eventSource = kms.amazonaws.com) && ",
    to: "",
  },
  {
    cis: "4.7",
    what: "DisableKeyRotation, a different event, instead of DisableKey",
    from: "DisableKey)",
    to: "DisableKeyRotation)",
  },
];

describe("cisPatterns: CIS_MONITORING_CONTROLS", () => {
  it("lists CIS 4.1 to 4.15 once each, in order, each with terms", () => {
    assert.deepStrictEqual(
      CIS_MONITORING_CONTROLS.map((c) => c.cis),
      Array.from({ length: 15 }, (_, i) => `4.${i + 1}`),
    );
    for (const c of CIS_MONITORING_CONTROLS) {
      assert.ok(c.terms.length > 0, `CIS ${c.cis} has no terms`);
      assert.ok(c.title.length > 0, `CIS ${c.cis} has no title`);
    }
  });

  it("maps 4.1–4.14 to the Security Hub controls CloudWatch.1–14 and 4.15 to none", () => {
    assert.deepStrictEqual(
      Object.fromEntries(CIS_MONITORING_CONTROLS.map((c) => [c.cis, c.securityHub ?? null])),
      {
        "4.1": "CloudWatch.2",
        "4.2": "CloudWatch.3",
        "4.3": "CloudWatch.1",
        "4.4": "CloudWatch.4",
        "4.5": "CloudWatch.5",
        "4.6": "CloudWatch.6",
        "4.7": "CloudWatch.7",
        "4.8": "CloudWatch.8",
        "4.9": "CloudWatch.9",
        "4.10": "CloudWatch.10",
        "4.11": "CloudWatch.11",
        "4.12": "CloudWatch.12",
        "4.13": "CloudWatch.13",
        "4.14": "CloudWatch.14",
        "4.15": null,
      },
    );
  });
});

describe("cisPatterns: patternCovers", () => {
  it("accepts the benchmark's own patterns, each for its recommendation only", () => {
    for (const [cis, pattern] of Object.entries(BENCHMARK_PATTERNS)) {
      assert.deepStrictEqual(coveredBy(pattern), [cis], pattern);
    }
  });

  it("ignores whitespace and double quotes", () => {
    const spaced = BENCHMARK_PATTERNS["4.5"];
    const compact = spaced.replace(/\s+/g, "");
    const quoted = spaced.replace(/= (\w+)/g, '= "$1"');
    assert.ok(quoted.includes('"StopLogging"'), quoted);
    for (const pattern of [spaced, compact, quoted]) {
      assert.deepStrictEqual(coveredBy(pattern), ["4.5"], pattern);
    }
  });

  it("rejects each near miss: a dropped condition, a longer event name, a narrowed wildcard", () => {
    for (const { cis, what, from, to } of NEAR_MISSES) {
      const pattern = BENCHMARK_PATTERNS[cis].replace(from, to);
      assert.notStrictEqual(pattern, BENCHMARK_PATTERNS[cis], `${cis} ${what}: edit not applied`);
      assert.strictEqual(patternCovers(pattern, control(cis)), false, `${cis} ${what}: ${pattern}`);
    }
    assert.strictEqual(patternCovers("", control("4.1")), false);
  });

  it("4.13 requires the ec2.amazonaws.com event source, as Prowler does", () => {
    const anySource = BENCHMARK_PATTERNS["4.13"].replace(
      "($.eventSource = ec2.amazonaws.com) && ",
      "",
    );
    assert.notStrictEqual(anySource, BENCHMARK_PATTERNS["4.13"]);
    assert.strictEqual(patternCovers(anySource, control("4.13")), false);
  });

  it("4.15 requires the three Organizations events Prowler adds to the CIS list", () => {
    const extra = ["CancelHandshake", "CreateOrganization", "EnableAllFeatures"];
    assert.strictEqual(
      patternCovers(organizationsPattern(CIS_ORGANIZATIONS_EVENTS), control("4.15")),
      false,
    );
    assert.strictEqual(
      patternCovers(organizationsPattern([...CIS_ORGANIZATIONS_EVENTS, ...extra]), control("4.15")),
      true,
    );
    for (const e of extra) {
      const without = [...CIS_ORGANIZATIONS_EVENTS, ...extra.filter((x) => x !== e)];
      assert.strictEqual(patternCovers(organizationsPattern(without), control("4.15")), false, e);
    }
  });
});
