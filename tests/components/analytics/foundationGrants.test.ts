import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { analyticsFoundationOptions } from "../../../components/analytics/foundationGrants";
import { serviceLogReadStatement } from "../../../components/core";
import { alarmTopicPolicy } from "../../../components/foundation/cisAlarms";
import { buildFoundation, combineFoundationOptions } from "../../../components/foundation";
import { integrationFoundationOptions } from "../../../components/integrations";
import { logKeyPolicy } from "../../../components/core/keyPolicies";
import { PolicyStatement } from "../../../components/core/policyDocument";
import { grantedPrincipals } from "../../../components/core/roleGrants";
import { PlanResource } from "../../../tools/offline/plan";
import { installRecordingMocks } from "../../../tools/offline/recordingMocks";
import { PLATFORM_DIR } from "../../../tools/offline/resolveStack";
import { loadStack } from "../../../tools/offline/stackConfig";
import { decodeRuntimeConfig, parsePlatformConfig } from "../../../components/config";
import { validRawConfig } from "../config/fixtures";
import {
  TYPES,
  attachedTo,
  oneWhere,
  platformPlan,
  policyOf,
  securityTopic,
  statement,
} from "../plan";

// Values from Pulumi.prod.yaml / Pulumi.dev.yaml.
const PROD = {
  logArchive: "234567890123",
  audit: "345678901234",
  readers: ["log-analytics-*", "security-investigator"],
  otherRegions: ["eu-central-1", "us-east-1"],
};
const DEV = { logArchive: "321098765432", audit: "432109876543" };
const HOME = "eu-west-1";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:t";

describe("foundation grants for later capabilities (pure)", () => {
  it("grants name account roots as principals and narrow to the roles by ARN", () => {
    assert.deepStrictEqual(
      grantedPrincipals(
        "aws",
        [
          { accountId: "345678901234", roleNames: ["log-analytics-*", "investigator"] },
          { accountId: "456789012345", roleNames: ["auditor"] },
          { accountId: "345678901234", roleNames: ["log-analytics-*"] },
        ],
        "readers",
        true,
      ),
      {
        Principal: {
          AWS: ["arn:aws:iam::345678901234:root", "arn:aws:iam::456789012345:root"],
        },
        Condition: {
          ArnLike: {
            "aws:PrincipalArn": [
              "arn:aws:iam::345678901234:role/log-analytics-*",
              "arn:aws:iam::345678901234:role/investigator",
              "arn:aws:iam::456789012345:role/auditor",
            ],
          },
        },
      },
    );
    assert.deepStrictEqual(
      grantedPrincipals(
        "aws-us-gov",
        [{ accountId: "345678901234", roleNames: ["a"] }],
        "p",
        false,
      ),
      {
        Principal: { AWS: "arn:aws-us-gov:iam::345678901234:root" },
        Condition: {
          ArnEquals: { "aws:PrincipalArn": ["arn:aws-us-gov:iam::345678901234:role/a"] },
        },
      },
    );
  });

  it("refuses bad grants, naming the input, the value and what was expected", () => {
    const bad =
      (grants: Parameters<typeof grantedPrincipals>[1], patterns = false) =>
      () =>
        grantedPrincipals("aws", grants, "alarmPublishers", patterns);
    assert.throws(bad([]), /^Error: alarmPublishers: must list at least one grant$/);
    assert.throws(
      bad([{ accountId: "34567890123", roleNames: ["a"] }]),
      /^Error: alarmPublishers\[0\]\.accountId: "34567890123" is not a 12-digit AWS account id$/,
    );
    assert.throws(
      bad([{ accountId: "345678901234", roleNames: [] }]),
      /^Error: alarmPublishers\[0\]\.roleNames: must name a role$/,
    );
    assert.throws(
      bad([{ accountId: "345678901234", roleNames: ["ok", "logparse-*"] }]),
      /^Error: alarmPublishers\[0\]\.roleNames\[1\]: "logparse-\*" is not an exact IAM role name \(1-64 of letters, digits, \+=,\.@_-; no \* patterns\)$/,
    );
    assert.throws(
      bad([{ accountId: "345678901234", roleNames: ["a/b"] }], true),
      /^Error: alarmPublishers\[0\]\.roleNames\[0\]: "a\/b" is not an IAM role name or \* pattern/,
    );
  });

  it("a bad grant stops the foundation before it declares any resource", async () => {
    const config = parsePlatformConfig(validRawConfig());
    const recorder = await installRecordingMocks("unit", "test");
    let error: unknown;
    await pulumi.runtime.runInPulumiStack(() => {
      try {
        buildFoundation(config, {
          serviceLogReaders: [{ accountId: "333333333333", roleNames: ["log-analytics-*"] }],
          alarmPublishers: [{ accountId: "333333333333", roleNames: ["logparse-*"] }],
        });
      } catch (e) {
        error = e;
      }
      return Promise.resolve(undefined);
    });
    await pulumi.runtime.disconnect();
    assert.match(
      String(error),
      /^Error: alarmPublishers\[0\]\.roleNames\[0\]: "logparse-\*" is not an exact IAM role name/,
    );
    assert.deepStrictEqual(
      recorder.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack"),
      [],
    );
  });

  it("service-log buckets: the readers list and read, nothing more", () => {
    assert.deepStrictEqual(
      serviceLogReadStatement("aws", "b", [
        { accountId: "345678901234", roleNames: ["log-analytics-*"] },
      ]),
      {
        Sid: "ServiceLogReadersRead",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::345678901234:root" },
        Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
        Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        Condition: {
          ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::345678901234:role/log-analytics-*"] },
        },
      } satisfies PolicyStatement,
    );
  });

  it("alarm topic: granted roles publish; without grants the policy is unchanged", () => {
    const role = { accountId: "345678901234", roleNames: ["stem-logparse-states"] };
    const withGrant = alarmTopicPolicy(TOPIC, "123456789012", HOME, "aws", [role]);
    const without = alarmTopicPolicy(TOPIC, "123456789012", HOME, "aws");
    assert.deepStrictEqual(withGrant.Statement.slice(0, -1), without.Statement);
    assert.deepStrictEqual(withGrant.Statement.at(-1), {
      Sid: "AlarmPublishersPublish",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::345678901234:root" },
      Action: "sns:Publish",
      Resource: TOPIC,
      Condition: {
        ArnEquals: {
          "aws:PrincipalArn": ["arn:aws:iam::345678901234:role/stem-logparse-states"],
        },
      },
    });
  });

  it("log key: granted publishers encrypt only through SNS in the key's Region", () => {
    const base = {
      partition: "aws" as const,
      region: HOME,
      keyAccountId: "123456789012",
      logGroupPath: "/p/e/",
      alarmTopics: true,
      eventDataStores: false,
    };
    const doc = logKeyPolicy({
      ...base,
      topicPublishers: [{ accountId: "345678901234", roleNames: ["stem-logparse-states"] }],
    });
    assert.deepStrictEqual(doc.Statement.slice(0, -1), logKeyPolicy(base).Statement);
    assert.deepStrictEqual(doc.Statement.at(-1), {
      Sid: "TopicPublishersEncryptThroughSns",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::345678901234:root" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        ArnEquals: {
          "aws:PrincipalArn": ["arn:aws:iam::345678901234:role/stem-logparse-states"],
        },
        StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" },
      },
    });
    assert.deepStrictEqual(logKeyPolicy({ ...base, topicPublishers: [] }), logKeyPolicy(base));
  });

  it("several capabilities' options combine without dropping any", () => {
    const a = { accountId: "345678901234", roleNames: ["a"] };
    const b = { accountId: "456789012345", roleNames: ["b"] };
    assert.deepStrictEqual(
      combineFoundationOptions(
        { archiveWriterRoleNames: ["w"], serviceLogReaders: [a] },
        { serviceLogReaders: [b], alarmPublishers: [a] },
        {},
      ),
      {
        archiveWriterRoleNames: ["w"],
        serviceLogReaders: [a, b],
        alarmPublishers: [a],
      },
    );
    assert.deepStrictEqual(combineFoundationOptions({}, {}), {
      archiveWriterRoleNames: undefined,
      serviceLogReaders: undefined,
      alarmPublishers: undefined,
    });
  });

  it("analytics asks for the reader roles on service logs and the state machine's role on the topic", () => {
    const config = parsePlatformConfig(decodeRuntimeConfig(loadStack(PLATFORM_DIR, "prod").config));
    assert.deepStrictEqual(analyticsFoundationOptions(config), {
      serviceLogReaders: [{ accountId: PROD.audit, roleNames: PROD.readers }],
      alarmPublishers: [{ accountId: PROD.audit, roleNames: ["acme-logs-prod-logparse-states"] }],
    });
    assert.deepStrictEqual(
      combineFoundationOptions(
        integrationFoundationOptions(config),
        analyticsFoundationOptions(config),
      ).archiveWriterRoleNames,
      integrationFoundationOptions(config).archiveWriterRoleNames,
    );
  });
});

describe("foundation grants for later capabilities (synthesized dev and prod stacks)", () => {
  let prod: PlanResource[];
  let dev: PlanResource[];
  before(async () => {
    prod = await platformPlan("prod");
    dev = await platformPlan("dev");
  });

  const envOf = (plan: PlanResource[]) => (plan === prod ? "prod" : "dev");
  const bucketPolicy = (plan: PlanResource[], kind: string, account: string, region: string) => {
    const name = `acme-logs-${envOf(plan)}-${kind}-${account}-${region}`;
    const found = attachedTo(plan, TYPES.bucketPolicy, name);
    assert.strictEqual(found.length, 1, `one policy on ${name}`);
    return policyOf(found[0]);
  };
  const statesRole = (plan: PlanResource[]) =>
    oneWhere(plan, TYPES.role, "name", `acme-logs-${envOf(plan)}-logparse-states`);
  const alarmTopic = (plan: PlanResource[]) => securityTopic(plan);
  const alarmTopicPolicyOf = (plan: PlanResource[]) =>
    policyOf(oneWhere(plan, TYPES.topicPolicy, "arn", alarmTopic(plan).outputs["arn"]));

  it("prod: the home Region's ELB, Redshift and access-log buckets let the reader roles list and read", () => {
    for (const kind of ["elb", "redshift", "s3-access"]) {
      const name = `acme-logs-prod-${kind}-${PROD.logArchive}-${HOME}`;
      const doc = bucketPolicy(prod, kind, PROD.logArchive, HOME);
      assert.deepStrictEqual(statement(doc, "ServiceLogReadersRead"), {
        Sid: "ServiceLogReadersRead",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${PROD.audit}:root` },
        Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
        Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
        Condition: {
          ArnLike: {
            "aws:PrincipalArn": [
              `arn:aws:iam::${PROD.audit}:role/log-analytics-*`,
              `arn:aws:iam::${PROD.audit}:role/security-investigator`,
            ],
          },
        },
      });
    }
  });

  it("prod: other Regions' service-log buckets admit no reader (nothing processes them)", () => {
    for (const region of PROD.otherRegions) {
      for (const kind of ["elb", "redshift", "s3-access"]) {
        const sids = bucketPolicy(prod, kind, PROD.logArchive, region).Statement.map((s) => s.Sid);
        assert.ok(!sids.includes("ServiceLogReadersRead"), `${kind} ${region}: ${sids.join(", ")}`);
      }
    }
  });

  it("the roles the bucket grant names include the EMR node role that reads there", () => {
    const node = oneWhere(prod, TYPES.role, "name", "log-analytics-acme-logs-prod-emr-instance");
    const patterns = statement(
      bucketPolicy(prod, "elb", PROD.logArchive, HOME),
      "ServiceLogReadersRead",
    ).Condition!["ArnLike"]["aws:PrincipalArn"] as string[];
    const matches = (pattern: string, arn: string) =>
      new RegExp(
        `^${pattern
          .split("*")
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
      ).test(arn);
    assert.ok(patterns.some((p) => matches(p, node.outputs["arn"] as string)));
  });

  for (const [label, plan, ids] of [
    ["prod", () => prod, PROD],
    ["dev", () => dev, DEV],
  ] as const) {
    it(`${label}: the alarm topic lets the state machine's role (and no other) publish`, () => {
      const p = plan();
      const topic = alarmTopic(p);
      const doc = alarmTopicPolicyOf(p);
      assert.deepStrictEqual(
        doc.Statement.map((s) => s.Sid),
        ["DenyInsecureTransport", "CloudWatchAlarmsPublish", "AlarmPublishersPublish"],
      );
      const role = statesRole(p);
      assert.strictEqual(
        role.outputs["arn"],
        `arn:aws:iam::${ids.audit}:role/${role.inputs["name"] as string}`,
      );
      assert.deepStrictEqual(statement(doc, "AlarmPublishersPublish"), {
        Sid: "AlarmPublishersPublish",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ids.audit}:root` },
        Action: "sns:Publish",
        Resource: topic.outputs["arn"],
        Condition: { ArnEquals: { "aws:PrincipalArn": [role.outputs["arn"]] } },
      });
    });

    it(`${label}: the management log key lets that role encrypt through SNS only`, () => {
      const p = plan();
      const key = oneWhere(
        p,
        TYPES.key,
        "description",
        `Log groups, alarm topic and CloudTrail Lake of acme-logs-${label}`,
      );
      assert.match(key.provider ?? "", new RegExp(`acme-logs-${label}-management$`));
      assert.deepStrictEqual(statement(policyOf(key), "TopicPublishersEncryptThroughSns"), {
        Sid: "TopicPublishersEncryptThroughSns",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ids.audit}:root` },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: {
          ArnEquals: { "aws:PrincipalArn": [statesRole(p).outputs["arn"]] },
          StringEquals: { "kms:ViaService": `sns.${HOME}.amazonaws.com` },
        },
      });
      assert.strictEqual(alarmTopic(p).inputs["kmsMasterKeyId"], key.outputs["arn"]);
    });
  }

  it("the state machine's own policy matches: publish to that topic, encrypt with that key via SNS", () => {
    const policy = policyOf(
      prod.find((r) => r.type === TYPES.rolePolicy && r.name === "log-processing-states")!,
    );
    const key = oneWhere(
      prod,
      TYPES.key,
      "description",
      "Log groups, alarm topic and CloudTrail Lake of acme-logs-prod",
    );
    assert.strictEqual(
      statement(policy, "PublishFailureAlarm").Resource,
      alarmTopic(prod).outputs["arn"],
    );
    assert.deepStrictEqual(statement(policy, "EncryptForAlarmTopic"), {
      Sid: "EncryptForAlarmTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: key.outputs["arn"],
      Condition: { StringEquals: { "kms:ViaService": `sns.${HOME}.amazonaws.com` } },
    });
  });
});
