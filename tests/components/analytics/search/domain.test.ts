import * as assert from "assert";
import {
  domainNameProblem,
  hotRetentionPolicy,
  searchAdminTrustPolicy,
} from "../../../../components/analytics/search/policies";
import { PlanResource } from "../../../../tools/offline/plan";
import { analyticsKey, ofType, only, platformPlan, policyOf } from "../../plan";

const AUDIT = "345678901234";
const DOMAIN_ARN = `arn:aws:es:eu-west-1:${AUDIT}:domain/acme-logs-prod-search`;
const TYPES = {
  domain: "aws:opensearch/domain:Domain",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
  role: "aws:iam/role:Role",
  key: "aws:kms/key:Key",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
};

describe("OpenSearch log search (synthesized stacks)", () => {
  let prod: PlanResource[];
  let dev: PlanResource[];
  const key = () => analyticsKey(prod).outputs["arn"];

  before(async () => {
    prod = await platformPlan("prod");
    dev = await platformPlan("dev");
  });

  it("prod: three zone-aware data nodes, three dedicated cluster managers, gp3 volumes", () => {
    const d = only(prod, TYPES.domain);
    assert.strictEqual(d.inputs["domainName"], "acme-logs-prod-search");
    assert.strictEqual(d.inputs["engineVersion"], "OpenSearch_2.19");
    assert.deepStrictEqual(d.inputs["clusterConfig"], {
      instanceType: "r7g.large.search",
      instanceCount: 3,
      zoneAwarenessEnabled: true,
      zoneAwarenessConfig: { availabilityZoneCount: 3 },
      dedicatedMasterEnabled: true,
      dedicatedMasterCount: 3,
      dedicatedMasterType: "m7g.large.search",
    });
    assert.deepStrictEqual(d.inputs["ebsOptions"], {
      ebsEnabled: true,
      volumeType: "gp3",
      volumeSize: 500,
    });
    assert.strictEqual((d.inputs["vpcOptions"] as { subnetIds: string[] }).subnetIds.length, 3);
  });

  it("dev: one data node in one subnet, no zone awareness, no dedicated managers", () => {
    const d = only(dev, TYPES.domain);
    assert.deepStrictEqual(d.inputs["clusterConfig"], {
      instanceType: "m7g.large.search",
      instanceCount: 1,
      zoneAwarenessEnabled: false,
      dedicatedMasterEnabled: false,
    });
    assert.strictEqual((d.inputs["vpcOptions"] as { subnetIds: string[] }).subnetIds.length, 1);
  });

  it("encrypted at rest with the analytics key and between nodes; HTTPS only with TLS 1.2+", () => {
    const d = only(prod, TYPES.domain);
    assert.deepStrictEqual(d.inputs["encryptAtRest"], { enabled: true, kmsKeyId: key() });
    assert.deepStrictEqual(d.inputs["nodeToNodeEncryption"], { enabled: true });
    assert.deepStrictEqual(d.inputs["domainEndpointOptions"], {
      enforceHttps: true,
      tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
    });
  });

  it("fine-grained access control with the IAM master role, no internal users, no anonymous access", () => {
    const d = only(prod, TYPES.domain);
    assert.deepStrictEqual(d.inputs["advancedSecurityOptions"], {
      enabled: true,
      anonymousAuthEnabled: false,
      internalUserDatabaseEnabled: false,
      masterUserOptions: {
        masterUserArn: `arn:aws:iam::${AUDIT}:role/log-analytics-acme-logs-prod-search-admin`,
      },
    });
  });

  it("the master role trusts only the named admin roles and the setup function's role, by exact ARN", () => {
    const role = ofType(prod, TYPES.role).find(
      (r) => r.inputs["name"] === "log-analytics-acme-logs-prod-search-admin",
    );
    assert.ok(role, "the plan has no OpenSearch master role");
    assert.deepStrictEqual(policyOf(role, "assumeRolePolicy").Statement, [
      {
        Sid: "NamedAdminRolesAssume",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: "sts:AssumeRole",
        Condition: {
          ArnEquals: {
            "aws:PrincipalArn": [
              `arn:aws:iam::${AUDIT}:role/security-search-admin`,
              `arn:aws:iam::${AUDIT}:role/acme-logs-prod-search-setup`,
            ],
          },
        },
      },
    ]);
    assert.throws(
      () => searchAdminTrustPolicy("aws", AUDIT, []),
      /^Error: the OpenSearch master role needs at least one admin role to trust$/,
    );
  });

  it("the access policy admits only the reader roles, the EMR nodes and the master role", () => {
    const doc = policyOf(only(prod, TYPES.domain), "accessPolicies");
    assert.deepStrictEqual(doc.Statement, [
      {
        Sid: "AnalyticsRolesHttp",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: [
          "es:ESHttpGet",
          "es:ESHttpHead",
          "es:ESHttpPost",
          "es:ESHttpPut",
          "es:ESHttpDelete",
        ],
        Resource: `${DOMAIN_ARN}/*`,
        Condition: {
          ArnLike: {
            "aws:PrincipalArn": [
              `arn:aws:iam::${AUDIT}:role/log-analytics-*`,
              `arn:aws:iam::${AUDIT}:role/security-investigator`,
              `arn:aws:iam::${AUDIT}:role/log-analytics-acme-logs-prod-emr-instance`,
              `arn:aws:iam::${AUDIT}:role/log-analytics-acme-logs-prod-search-admin`,
            ],
          },
        },
      },
    ]);
  });

  it("publishes all four log types to KMS-encrypted log groups kept as long as the platform's", () => {
    const d = only(prod, TYPES.domain);
    const options = d.inputs["logPublishingOptions"] as Array<{
      logType: string;
      cloudwatchLogGroupArn: string;
      enabled: boolean;
    }>;
    assert.deepStrictEqual(
      options.map((o) => [o.logType, o.enabled]),
      [
        ["AUDIT_LOGS", true],
        ["ES_APPLICATION_LOGS", true],
        ["INDEX_SLOW_LOGS", true],
        ["SEARCH_SLOW_LOGS", true],
      ],
    );
    for (const o of options) {
      const group = ofType(prod, TYPES.logGroup).find(
        (g) => g.outputs["arn"] === o.cloudwatchLogGroupArn,
      );
      assert.ok(group, `${o.logType} points at no log group of the stack`);
      assert.strictEqual(
        group.inputs["name"],
        `/acme-logs/prod/opensearch/acme-logs-prod-search/${o.logType.toLowerCase()}`,
      );
      assert.strictEqual(group.inputs["kmsKeyId"], key());
      assert.strictEqual(group.inputs["retentionInDays"], 400);
    }
  });

  it("the CloudWatch Logs resource policy lets only this domain write only its log groups", () => {
    const p = only(prod, TYPES.logPolicy);
    const doc = policyOf(p, "policyDocument");
    const base = `arn:aws:logs:eu-west-1:${AUDIT}:log-group:/acme-logs/prod/opensearch/acme-logs-prod-search`;
    assert.deepStrictEqual(doc.Statement, [
      {
        Sid: "OpenSearchPublishDomainLogs",
        Effect: "Allow",
        Principal: { Service: "es.amazonaws.com" },
        Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
        Resource: ["audit_logs", "es_application_logs", "index_slow_logs", "search_slow_logs"].map(
          (t) => `${base}/${t}:*`,
        ),
        Condition: {
          StringEquals: { "aws:SourceAccount": AUDIT },
          ArnLike: { "aws:SourceArn": DOMAIN_ARN },
        },
      },
    ]);
    assert.ok(
      only(prod, TYPES.domain).dependencies.includes(p.urn),
      "the domain waits for the policy",
    );
  });

  it("sits in the VPC behind a group that admits HTTPS from the VPC only", () => {
    const sg = ofType(prod, TYPES.securityGroup).find((g) => g.name === "log-search-domain")!;
    assert.deepStrictEqual(sg.inputs["ingress"], [
      {
        description: "HTTPS from the VPC (EMR nodes, analysts through the network)",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.64.0.0/16"],
      },
    ]);
  });

  it("the longest namePrefix and environment still give a valid domain name; longer ones are refused", () => {
    assert.strictEqual(domainNameProblem("acme-logs-prod-search"), undefined);
    assert.strictEqual(domainNameProblem(`a${"b".repeat(11)}-${"c".repeat(8)}-search`), undefined);
    assert.strictEqual(
      domainNameProblem("a-very-long-prefix-production-search"),
      'domain name "a-very-long-prefix-production-search" must be 3-28 of a-z, 0-9 and -, starting with a letter (shorten namePrefix)',
    );
  });

  it("hot indices are deleted search.hotDays after creation by an ISM policy attached to their patterns", () => {
    assert.deepStrictEqual(hotRetentionPolicy(30), {
      policy: {
        description: "Delete hot-subset indices 30 days after creation",
        default_state: "hot",
        states: [
          {
            name: "hot",
            actions: [],
            transitions: [{ state_name: "delete", conditions: { min_index_age: "30d" } }],
          },
          { name: "delete", actions: [{ delete: {} }], transitions: [] },
        ],
        ism_template: [
          { index_patterns: ["logs-cloudtrail-*", "logs-alb-*", "logs-emr-logs-*"], priority: 100 },
        ],
      },
    });
    assert.throws(
      () => hotRetentionPolicy(0),
      /hotDays 0 must be a whole number of days, at least 1/,
    );
  });
});
