import * as assert from "assert";
import {
  BootstrapTemplateArgs,
  CloudFormationTemplate,
  bootstrapTemplate,
  deployRoleTrustPolicy,
  iamNameMatches,
} from "../../../components/foundation/bootstrapTemplate";
import { PolicyDocument } from "../../../components/core";
import { parsePlatformConfig } from "../../../components/config";
import { PlanResource } from "../../../tools/offline/plan";
import { validRawConfig } from "../config/fixtures";
import { targetOf } from "../integrations/memberPlanHelpers";
import { only, platformPlan, statement } from "../plan";

const TYPES = {
  stackSet: "aws:cloudformation/stackSet:StackSet",
  instance: "aws:cloudformation/stackSetInstance:StackSetInstance",
};
const CORE = ["123456789012", "234567890123", "345678901234"];
const CI = "arn:aws:iam::123456789012:role/platform-ci-deployer";

function args(change: Partial<BootstrapTemplateArgs> = {}): BootstrapTemplateArgs {
  return {
    partition: "aws",
    organizationId: "o-a1b2c3d4e5",
    deployPrincipalArns: [CI],
    sessionName: "logging-platform-deploy",
    roleName: "PlatformDeploy",
    coreAccountIds: CORE,
    platformRolePatterns: ["acme-logs-prod-*", "log-analytics-acme-logs-prod-*"],
    tags: { environment: "prod" },
    ...change,
  };
}

interface RoleProperties {
  RoleName: string;
  MaxSessionDuration: number;
  AssumeRolePolicyDocument: PolicyDocument;
  ManagedPolicyArns: unknown;
  Policies: unknown[];
  Tags: Array<{ Key: string; Value: string }>;
}

const roleOf = (t: CloudFormationTemplate): RoleProperties =>
  t.Resources["DeployRole"].Properties as unknown as RoleProperties;

describe("bootstrap template (pure)", () => {
  it("the role trusts only the deploying principals, from this organization, in the providers' session", () => {
    assert.deepStrictEqual(roleOf(bootstrapTemplate(args())).AssumeRolePolicyDocument, {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PlatformDeployerAssume",
          Effect: "Allow",
          Principal: { AWS: CI },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: {
              "aws:PrincipalOrgID": "o-a1b2c3d4e5",
              "sts:RoleSessionName": "logging-platform-deploy",
            },
          },
        },
      ],
    });
    assert.throws(
      () => deployRoleTrustPolicy([], "o-a1b2c3d4e5", "s"),
      /^Error: deployPrincipalArns: must name at least one principal$/,
    );
  });

  it("core accounts get PowerUserAccess and the platform's IAM; every other account the member baseline only", () => {
    const t = bootstrapTemplate(args());
    assert.deepStrictEqual(t.Conditions, {
      IsPlatformCoreAccount: {
        "Fn::Or": CORE.map((id) => ({ "Fn::Equals": [{ Ref: "AWS::AccountId" }, id] })),
      },
    });
    const role = roleOf(t);
    assert.strictEqual(role.RoleName, "PlatformDeploy");
    assert.strictEqual(role.MaxSessionDuration, 3600);
    assert.deepStrictEqual(role.ManagedPolicyArns, {
      "Fn::If": [
        "IsPlatformCoreAccount",
        ["arn:aws:iam::aws:policy/PowerUserAccess"],
        { Ref: "AWS::NoValue" },
      ],
    });
    const [member, core] = role.Policies as [
      { PolicyName: string; PolicyDocument: PolicyDocument },
      { "Fn::If": [string, { PolicyName: string; PolicyDocument: PolicyDocument }, unknown] },
    ];
    assert.strictEqual(member.PolicyName, "member-baseline");
    assert.deepStrictEqual(core["Fn::If"][0], "IsPlatformCoreAccount");
    assert.deepStrictEqual(core["Fn::If"][2], { Ref: "AWS::NoValue" });
    assert.strictEqual(core["Fn::If"][1].PolicyName, "platform-core");
    const roles = ["acme-logs-prod-*", "log-analytics-acme-logs-prod-*"].map(
      (p) => `arn:aws:iam::*:role/${p}`,
    );
    assert.deepStrictEqual(statement(member.PolicyDocument, "PlatformRoles").Resource, roles);
    assert.deepStrictEqual(statement(member.PolicyDocument, "PassPlatformRolesToLogs"), {
      Sid: "PassPlatformRolesToLogs",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: roles,
      Condition: { StringEquals: { "iam:PassedToService": "logs.amazonaws.com" } },
    });
    assert.deepStrictEqual(
      statement(core["Fn::If"][1].PolicyDocument, "PlatformRolesAndProfiles").Resource,
      [...roles, ...roles.map((r) => r.replace(":role/", ":instance-profile/"))],
    );
    assert.deepStrictEqual(role.Tags, [{ Key: "environment", Value: "prod" }]);
  });

  it("no statement grants a whole service, and no IAM statement reaches beyond the platform's roles", () => {
    const t = bootstrapTemplate(args());
    const role = roleOf(t);
    const docs = [
      (role.Policies[0] as { PolicyDocument: PolicyDocument }).PolicyDocument,
      (role.Policies[1] as { "Fn::If": [string, { PolicyDocument: PolicyDocument }] })["Fn::If"][1]
        .PolicyDocument,
    ];
    for (const doc of docs) {
      for (const s of doc.Statement) {
        const actions = [s.Action].flat();
        assert.ok(!actions.some((a) => a.endsWith(":*") || a === "*"), `${s.Sid}: ${actions}`);
        if (actions.some((a) => a.startsWith("iam:"))) {
          for (const r of [s.Resource ?? []].flat()) {
            assert.match(
              r,
              /^arn:aws:iam::\*:(role|instance-profile)\/(acme-logs-prod|log-analytics-acme-logs-prod)-\*$/,
            );
          }
        }
      }
    }
  });

  it("refuses a pattern that would let the role manage itself, and too few core accounts", () => {
    assert.ok(iamNameMatches("Platform*", "PlatformDeploy"));
    assert.ok(!iamNameMatches("acme-logs-prod-*", "PlatformDeploy"));
    assert.ok(!iamNameMatches("a.b", "axb"), "a dot is literal");
    assert.throws(
      () => bootstrapTemplate(args({ platformRolePatterns: ["acme-*", "Platform*"] })),
      /^Error: platformRolePatterns: "Platform\*" matches the deployment role "PlatformDeploy", which would let the role rewrite its own trust; rename one of them$/,
    );
    assert.throws(
      () => bootstrapTemplate(args({ coreAccountIds: ["1"] })),
      /^Error: coreAccountIds: must list the platform's core accounts \(at least two\)$/,
    );
  });
});

describe("organization.bootstrap config", () => {
  const withBootstrap = (bootstrap: Record<string, unknown>) => {
    const raw = validRawConfig();
    (raw.organization as Record<string, unknown>)["bootstrap"] = bootstrap;
    return raw;
  };

  it("fills deployRoleName and callAs; is absent unless set", () => {
    assert.strictEqual(parsePlatformConfig(validRawConfig()).organization.bootstrap, undefined);
    const c = parsePlatformConfig(
      withBootstrap({ organizationalUnitIds: ["r-ab12"], deployPrincipalArns: [CI] }),
    );
    assert.deepStrictEqual(c.organization.bootstrap, {
      organizationalUnitIds: ["r-ab12"],
      deployPrincipalArns: [CI],
      deployRoleName: "PlatformDeploy",
      callAs: "SELF",
    });
  });

  it("names bad OU ids, account roots and the deployment role itself as principals", () => {
    assert.throws(
      () =>
        parsePlatformConfig(
          withBootstrap({
            organizationalUnitIds: ["ou-12"],
            deployPrincipalArns: ["arn:aws:iam::123456789012:root"],
            callAs: "ADMIN",
          }),
        ),
      (e: { problems: string[] }) => {
        assert.deepStrictEqual(e.problems, [
          'logging-platform:organization.bootstrap.organizationalUnitIds[0]: "ou-12" is not an organizational unit id (ou-<root>-<unit>) or root id (r-<root>)',
          'logging-platform:organization.bootstrap.deployPrincipalArns[0]: "arn:aws:iam::123456789012:root" is not an IAM role or user ARN (arn:<partition>:iam::<account>:role/<name> or :user/<name>; account roots are not accepted)',
          'logging-platform:organization.bootstrap.callAs: "ADMIN" is not one of "SELF", "DELEGATED_ADMIN"',
        ]);
        return true;
      },
    );
    assert.throws(
      () =>
        parsePlatformConfig(
          withBootstrap({
            organizationalUnitIds: ["ou-ab12-cdef5678"],
            deployPrincipalArns: ["arn:aws:iam::123456789012:role/PlatformDeploy"],
          }),
        ),
      (e: { problems: string[] }) => {
        assert.deepStrictEqual(e.problems, [
          'logging-platform:organization.bootstrap.deployPrincipalArns[0]: "arn:aws:iam::123456789012:role/PlatformDeploy" is a deployment role (PlatformDeploy) itself; name the principal that assumes it',
        ]);
        return true;
      },
    );
  });
});

describe("bootstrap StackSet (synthesized prod stack)", () => {
  let prod: PlanResource[];
  before(async () => {
    prod = await platformPlan("prod");
  });

  it("is service-managed in the management account, with auto-deployment to the configured OUs", () => {
    const stackSet = only(prod, TYPES.stackSet);
    assert.strictEqual(targetOf(prod, stackSet).accountId, "123456789012");
    assert.deepStrictEqual(
      {
        name: stackSet.inputs["name"],
        permissionModel: stackSet.inputs["permissionModel"],
        callAs: stackSet.inputs["callAs"],
        autoDeployment: stackSet.inputs["autoDeployment"],
        capabilities: stackSet.inputs["capabilities"],
      },
      {
        name: "acme-logs-prod-bootstrap",
        permissionModel: "SERVICE_MANAGED",
        callAs: "SELF",
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        capabilities: ["CAPABILITY_NAMED_IAM"],
      },
    );
    const instance = only(prod, TYPES.instance);
    assert.deepStrictEqual(instance.inputs, {
      stackSetName: "acme-logs-prod-bootstrap",
      callAs: "SELF",
      stackSetInstanceRegion: "eu-west-1",
      deploymentTargets: { organizationalUnitIds: ["ou-a1b2-c3d4e5f6", "ou-a1b2-s3cur1ty0"] },
      operationPreferences: { failureToleranceCount: 0, maxConcurrentPercentage: 25 },
    });
  });

  it("its template creates the role the providers assume, trusting the CI principal of prod only", () => {
    const template = JSON.parse(
      String(only(prod, TYPES.stackSet).inputs["templateBody"]),
    ) as CloudFormationTemplate;
    const role = roleOf(template);
    assert.strictEqual(role.RoleName, "PlatformDeploy");
    assert.deepStrictEqual(role.AssumeRolePolicyDocument.Statement[0].Principal, { AWS: CI });
    assert.deepStrictEqual(role.AssumeRolePolicyDocument.Statement[0].Condition, {
      StringEquals: {
        "aws:PrincipalOrgID": "o-a1b2c3d4e5",
        "sts:RoleSessionName": "logging-platform-deploy",
      },
    });
    const member = (role.Policies[0] as { PolicyDocument: PolicyDocument }).PolicyDocument;
    assert.deepStrictEqual(statement(member, "PlatformRoles").Resource, [
      "arn:aws:iam::*:role/acme-logs-prod-*",
      "arn:aws:iam::*:role/log-analytics-acme-logs-prod-*",
      "arn:aws:iam::*:role/LogArchiveBreakGlass",
    ]);
    assert.ok(
      Buffer.byteLength(String(only(prod, TYPES.stackSet).inputs["templateBody"])) < 51_200,
      "templateBody must fit CloudFormation's 51,200-byte limit",
    );
  });
});
