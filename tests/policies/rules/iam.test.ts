import { policies } from "../../../policies/rules";
import { T, UNKNOWN_STRING, assertClean, assertLines, configFor, res, run } from "../harness";
import { TLS_DENY, bucketWith } from "../s3Fixtures";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("iam-no-wildcard-admin", () => {
  const p = policy("iam-no-wildcard-admin");

  it("passes scoped statements and the default key policy statement for the own account", async () => {
    const key = res(
      T.key,
      "k",
      {
        policy: doc({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "kms:*",
          Resource: "*",
        }),
      },
      { outputs: { arn: "arn:aws:kms:eu-west-1:111111111111:key/abc" } },
    );
    const scoped = res(T.iamPolicy, "read", {
      policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
    });
    assertClean(await run(p, [key, scoped]));
  });

  it("flags *, service:* and NotAction on Resource *, and AdministratorAccess", async () => {
    const role = res(T.role, "ops", {
      managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    });
    const inline = res(
      T.rolePolicy,
      "ops-inline",
      {
        role: "ops",
        policy: doc({ Sid: "All", Effect: "Allow", Action: ["IAM:*"], Resource: "*" }),
      },
      { deps: { role: [role] } },
    );
    const not = res(T.iamPolicy, "not", {
      policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: ["*"] }),
    });
    assertLines(await run(p, [role, inline, not]), [
      'mandatory ops: aws.iam.RolePolicy "ops-inline" (of aws.iam.Role "ops") statement All allows "iam:*" on Resource "*": list the actions needed and scope Resource to specific ARNs.',
      'mandatory not: aws.iam.Policy "not" policy statement #0 allows everything except iam:* on Resource "*": replace NotAction with the actions needed.',
      'mandatory ops: aws.iam.Role "ops" attaches AdministratorAccess: attach a policy with the actions needed instead.',
    ]);
  });

  it("flags kms:* granted to everyone or another account in a key policy", async () => {
    const key = res(
      T.key,
      "k",
      {
        policy: doc({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222222222222:root" },
          Action: "kms:*",
          Resource: "*",
        }),
      },
      { outputs: { arn: "arn:aws:kms:eu-west-1:111111111111:key/abc" } },
    );
    assertLines(await run(p, [key]), [
      'mandatory k: aws.kms.Key "k" policy statement #0 grants kms:* to arn:aws:iam::222222222222:root: grant full key access only to the key\'s own account root and list specific kms: actions for everyone else.',
    ]);
  });

  it("lets config choose the protected services and honours exemptions", async () => {
    const logs = res(T.iamPolicy, "logs", {
      policy: doc({ Effect: "Allow", Action: "logs:*", Resource: "*" }),
      tags: {
        "logging:exempt": "break-glass role, reviewed quarterly",
        "logging:exempt-expires": "2099-12-31",
      },
    });
    assertLines(await run(p, [logs]), [
      'advisory logs: aws.iam.Policy "logs" policy statement #0 allows "logs:*" on Resource "*": list the actions needed and scope Resource to specific ARNs. Exempted by tag logging:exempt until 2099-12-31: "break-glass role, reviewed quarterly".',
    ]);
    assertClean(
      await run(p, [logs], configFor("iam-no-wildcard-admin", { protectedServices: ["iam"] })),
    );
  });

  it("reports an unknown document as not checkable and invalid JSON as a violation", async () => {
    assertLines(
      await run(p, [
        res(T.iamPolicy, "later", { policy: UNKNOWN_STRING }),
        res(T.iamPolicy, "bad", { policy: "{" }),
      ]),
      [
        'advisory later: aws.iam.Policy "later" cannot be checked during preview: string value at .policy can\'t be known during preview; the policy checks it again once the value is known.',
        'mandatory bad: aws.iam.Policy "bad" policy is not a valid policy document: fix its JSON.',
      ],
    );
  });
});

describe("cross-account-delivery-scoped", () => {
  const p = policy("cross-account-delivery-scoped");
  const delivery = (condition?: object) => ({
    Sid: "Delivery",
    Effect: "Allow",
    Principal: { Service: ["cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com"] },
    Action: "s3:PutObject",
    Resource: "arn:aws:s3:::b/*",
    ...(condition ? { Condition: condition } : {}),
  });

  it("passes service principals scoped by source org, account or ARN", async () => {
    assertClean(
      await run(
        p,
        bucketWith("b", {
          policy: {
            Statement: [TLS_DENY, delivery({ StringEquals: { "aws:SourceOrgID": "o-1" } })],
          },
        }),
      ),
    );
    assertClean(
      await run(
        p,
        bucketWith("b", {
          policy: {
            Statement: [delivery({ ArnLike: { "AWS:SourceArn": "arn:aws:cloudtrail:*" } })],
          },
        }),
      ),
    );
  });

  it("reports the bucket, the statement and the services without a scoping condition", async () => {
    assertLines(await run(p, bucketWith("b", { policy: { Statement: [TLS_DENY, delivery()] } })), [
      'mandatory b: aws.s3.BucketPolicy "b-policy" (of aws.s3.Bucket "b") statement Delivery lets cloudtrail.amazonaws.com and delivery.logs.amazonaws.com in without saying for whom: add a condition on aws:SourceOrgID, aws:SourceOrgPaths, aws:SourceAccount and aws:SourceArn.',
    ]);
  });

  it("accepts the condition keys the config lists", async () => {
    const encryptionContext = delivery({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*" },
    });
    const key = res(T.key, "k", { policy: doc(encryptionContext) });
    assertLines(await run(p, [key]), [
      'mandatory k: aws.kms.Key "k" policy statement Delivery lets cloudtrail.amazonaws.com and delivery.logs.amazonaws.com in without saying for whom: add a condition on aws:SourceOrgID, aws:SourceOrgPaths, aws:SourceAccount and aws:SourceArn.',
    ]);
    assertClean(
      await run(
        p,
        [key],
        configFor("cross-account-delivery-scoped", {
          scopingConditionKeys: ["kms:EncryptionContext:aws:logs:arn"],
        }),
      ),
    );
  });
});
