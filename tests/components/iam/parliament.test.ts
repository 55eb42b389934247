import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { decodeRuntimeConfig, parsePlatformConfig } from "../../../components/config";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { loadStack } from "../../../tools/offline/stackConfig";
import { memberPlan, platformPlan } from "../plan";
import { FoundDocument, policyDocumentsOf } from "./policyDocuments";

/** What parliament reported about one document. */
interface ParliamentFinding {
  id: string;
  issue: string;
  severity: string;
  title: string;
  detail: unknown;
}

/** A finding parliament reports that is not a defect, and why. */
interface KnownFalsePositive {
  issue: string;
  /** Which documents (by {@link FoundDocument.id}). */
  where: RegExp;
  /** Which findings there (by their detail as JSON); default: any. */
  detail?: RegExp;
  reason: string;
}

const KNOWN_FALSE_POSITIVES: readonly KnownFalsePositive[] = [
  {
    issue: "MALFORMED",
    where: / aws:iam\/role:Role \S+ assumeRolePolicy$/,
    detail: /^"Statement contains neither Resource nor NotResource"$/,
    reason:
      "a role's trust policy has no Resource element (the role is the resource); parliament " +
      "lints every document as an identity policy",
  },
  {
    issue: "RESOURCE_STAR",
    where: / aws:kms\/key:Key \S+ policy$/,
    reason: 'in a key policy, Resource "*" means the key itself and is the only form KMS accepts',
  },
  {
    issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
    where: / aws:kms\/key:Key \S+ policy$/,
    reason:
      "key policies must grant key administration to someone; on the archive key the actions " +
      "that could destroy it are pinned to the break-glass role (tests/components/foundation)",
  },
  {
    issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
    where: / aws:iam\/rolePolicy:RolePolicy log-processing-service policy$/,
    reason:
      "EMR's service role creates grants on the analytics key to attach encrypted EBS volumes, " +
      "only for AWS resources (kms:GrantIsForAWSResource), as the EMR documentation requires",
  },
  {
    issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
    where: / aws:iam\/rolePolicy:RolePolicy log-processing-states policy$/,
    reason:
      "Step Functions' vended log delivery needs logs:PutResourcePolicy and the log-delivery " +
      "actions, which support no resource-level scope",
  },
  {
    issue: "UNKNOWN_CONDITION_FOR_ACTION",
    where: /./,
    detail: /^"Unknown condition aws:SourceOrgID for action /,
    reason:
      "aws:SourceOrgID is a global condition key (2023), newer than parliament's IAM data; " +
      "it scopes service principals to the organization",
  },
  {
    issue: "UNKNOWN_CONDITION_FOR_ACTION",
    where: / aws:kms\/key:Key \S+ policy$/,
    detail: /^"Unknown condition kms:EncryptionContext:aws:logs:arn for action kms:DescribeKey"$/,
    reason:
      "AWS's documented key policy for encrypting log groups grants CloudWatch Logs the " +
      "Describe action under the same encryption-context condition as the cryptographic ones",
  },
  {
    issue: "MISMATCHED_TYPE",
    where: / aws:kms\/key:Key \S+ policy$/,
    detail: /^"Type mismatch: ArnLike requires a value of type Arn but given String"$/,
    reason:
      "kms:EncryptionContext:aws:logs:arn holds a log group's ARN and AWS documents ARN " +
      "operators for it; parliament types every encryption-context key as a string",
  },
  {
    issue: "CREDENTIALS_EXPOSURE",
    where: / aws:iam\/rolePolicy:RolePolicy search-setup policy$/,
    reason:
      "the OpenSearch setup function assumes the domain's master role (one named role ARN) to " +
      "configure the security plugin; that is the credential it exists to use",
  },
  {
    issue: "RESOURCE_STAR",
    where: / aws:iam\/rolePolicy:RolePolicy search-setup policy$/,
    detail:
      /^\["ec2:AssignPrivateIpAddresses","ec2:CreateNetworkInterface","ec2:DeleteNetworkInterface","ec2:UnassignPrivateIpAddresses"\]$/,
    reason:
      "a Lambda function in a VPC manages its network interfaces with these actions on " +
      'Resource "*", as AWS\'s AWSLambdaVPCAccessExecutionRole grants them',
  },
  {
    issue: "RESOURCE_POLICY_PRIVILEGE_ESCALATION",
    where: / aws:iam\/rolePolicy:RolePolicy break-glass policy$/,
    reason:
      "break-glass is the one role allowed to change the archive's bucket policy (the bucket " +
      "denies it to everyone else); MFA, one-hour sessions and an alarm on every use bound it",
  },
  {
    issue: "PERMISSIONS_MANAGEMENT_ACTIONS",
    where: / aws:iam\/rolePolicy:RolePolicy break-glass policy$/,
    reason:
      "break-glass exists to repair the archive's bucket and key policies in an emergency; " +
      "the key policy pins these actions to it (tests/components/foundation)",
  },
  {
    issue: "RESOURCE_MISMATCH",
    where: / aws:cloudwatch\/logDestinationPolicy:LogDestinationPolicy \S+ accessPolicy$/,
    reason:
      "in a destination's access policy the resource is the destination: AWS's policy for " +
      "organization-scoped destinations grants logs:PutSubscriptionFilter and " +
      "logs:PutAccountPolicy on the destination's ARN",
  },
];

const PYTHON = path.join(PLATFORM_DIR, "spark", ".venv", "bin", "python");
const LINTER = path.join(__dirname, "parliament_lint.py");

function runParliament(documents: FoundDocument[]): ParliamentFinding[] {
  assert.ok(fs.existsSync(PYTHON), `${PYTHON} is missing: run make setup (it installs parliament)`);
  const run = spawnSync(PYTHON, [LINTER], {
    input: JSON.stringify(documents),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.strictEqual(run.status, 0, `parliament failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ParliamentFinding[];
}

function membersOf(env: "dev" | "prod"): string[] {
  const config = parsePlatformConfig(decodeRuntimeConfig(loadStack(PLATFORM_DIR, env).config));
  return config.members.map((m) => m.id);
}

const explains = (fp: KnownFalsePositive, f: ParliamentFinding) =>
  fp.issue === f.issue &&
  fp.where.test(f.id) &&
  (fp.detail === undefined || fp.detail.test(JSON.stringify(f.detail)));

describe("IAM policy linter (parliament) over every policy document of the dev and prod plans", function () {
  this.timeout(300_000);
  let documents: FoundDocument[];
  let findings: ParliamentFinding[];

  before(async () => {
    documents = [];
    for (const env of ["dev", "prod"] as const) {
      documents.push(...policyDocumentsOf(env, await platformPlan(env)));
      for (const id of membersOf(env)) {
        documents.push(...policyDocumentsOf(`${env}-${id}`, await memberPlan(env, id)));
      }
    }
    findings = runParliament(documents);
  });

  it("lints identity, trust, key, bucket, topic, domain and destination policies of every stack", () => {
    // "<stack> <type> <name> <input>" → "<type> <input>"
    const kinds = new Set(
      documents.map((d) => {
        const parts = d.id.split(" ");
        return `${parts[1]} ${parts[parts.length - 1]}`;
      }),
    );
    for (const expected of [
      "aws:iam/rolePolicy:RolePolicy policy",
      "aws:iam/role:Role assumeRolePolicy",
      "aws:kms/key:Key policy",
      "aws:s3/bucketPolicy:BucketPolicy policy",
      "aws:sns/topicPolicy:TopicPolicy policy",
      "aws:opensearch/domain:Domain accessPolicies",
      "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy accessPolicy",
    ]) {
      assert.ok(kinds.has(expected), `no ${expected} among ${[...kinds].join(", ")}`);
    }
    const stacks = new Set(documents.map((d) => d.id.split(" ")[0]));
    assert.deepStrictEqual(
      [...stacks].sort(),
      [
        "dev",
        "prod",
        ...membersOf("dev").map((id) => `dev-${id}`),
        ...membersOf("prod").map((id) => `prod-${id}`),
      ].sort(),
    );
  });

  it("reports nothing but the known false positives listed here, each with its reason", () => {
    const unexplained = findings.filter(
      (f) => !KNOWN_FALSE_POSITIVES.some((fp) => explains(fp, f)),
    );
    assert.deepStrictEqual(
      unexplained.map((f) => `${f.id}: ${f.issue} (${f.title}) ${JSON.stringify(f.detail)}`),
      [],
    );
  });

  it("every listed false positive still occurs (a fixed one is removed from the list)", () => {
    const stale = KNOWN_FALSE_POSITIVES.filter((fp) => !findings.some((f) => explains(fp, f)));
    assert.deepStrictEqual(
      stale.map((fp) => `${fp.issue} at ${String(fp.where)}`),
      [],
    );
  });

  it("flags the sender role's old grant, PutLogEvents on the destination, which the fix removed", () => {
    const old = runParliament([
      {
        id: "old sender role",
        document: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DeliverToCentralDestinations",
              Effect: "Allow",
              Action: "logs:PutLogEvents",
              Resource: [
                "arn:aws:logs:eu-west-1:234567890123:destination:acme-logs-prod-central-logs",
              ],
            },
          ],
        },
      },
    ]);
    assert.deepStrictEqual(
      old.map((f) => [f.issue, f.detail]),
      [
        [
          "RESOURCE_MISMATCH",
          [
            {
              action: "logs:PutLogEvents",
              required_format: "arn:*:logs:*:*:log-group:*:log-stream:*",
            },
          ],
        ],
      ],
    );
  });
});
