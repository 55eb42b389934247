import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { RedshiftAudit, RedshiftAuditArgs } from "../../../components/integrations/redshiftAudit";
import {
  auditParameters,
  checkS3KeyPrefix,
  clusterLogGroupName,
} from "../../../components/integrations/redshiftAuditSettings";
import { PlanResource } from "../../../tools/offline/plan";
import {
  INTEGRATION_TYPES as T,
  packFindings,
  resourcesUnder,
  targetOf,
} from "./memberPlanHelpers";
import { memberPlan, ofType, only, platformPlan, recordResources } from "../plan";

const AUDIT_PARAMETERS = [
  { name: "enable_user_activity_logging", value: "true" },
  { name: "require_ssl", value: "true" },
];
const LOGS = ["connectionlog", "userlog", "useractivitylog"];

/** Records one RedshiftAudit with a provider into eu-west-1 of account 444444444444. */
async function record(args: Omit<RedshiftAuditArgs, "provider">): Promise<PlanResource[]> {
  return recordResources(() => {
    const provider = new aws.Provider("member", {
      region: "eu-west-1",
      allowedAccountIds: ["444444444444"],
      assumeRoles: [{ roleArn: "arn:aws:iam::444444444444:role/PlatformDeploy" }],
    });
    new RedshiftAudit("audit", { ...args, provider });
  });
}

describe("Redshift audit logging", () => {
  describe("existing cluster, logs to S3", () => {
    let plan: PlanResource[];
    before(async () => {
      plan = await record({
        target: { kind: "existing-cluster", clusterIdentifier: "warehouse" },
        destination: { kind: "s3", bucketName: "audit-bucket", s3KeyPrefix: "redshift/" },
      });
    });

    it("a parameter group that logs user activity and requires TLS", () => {
      const group = only(plan, T.parameterGroup);
      assert.strictEqual(group.inputs["name"], "warehouse-audit");
      assert.strictEqual(group.inputs["family"], "redshift-2.0");
      assert.deepStrictEqual(group.inputs["parameters"], AUDIT_PARAMETERS);
    });

    it("exports the audit logs to the bucket and prefix, through the cluster's provider", () => {
      const logging = only(plan, T.redshiftLogging);
      assert.deepStrictEqual(logging.inputs, {
        clusterIdentifier: "warehouse",
        logDestinationType: "s3",
        bucketName: "audit-bucket",
        s3KeyPrefix: "redshift/",
      });
      assert.deepStrictEqual(targetOf(plan, logging), {
        accountId: "444444444444",
        region: "eu-west-1",
      });
      assert.strictEqual(ofType(plan, T.cluster).length, 0);
      assert.strictEqual(ofType(plan, T.logGroup).length, 0);
    });
  });

  describe("new cluster, logs to CloudWatch", () => {
    let plan: PlanResource[];
    before(async () => {
      plan = await record({
        target: {
          kind: "new-cluster",
          cluster: {
            clusterIdentifier: "reporting",
            nodeType: "ra3.xlplus",
            subnetGroupName: "private",
            securityGroupIds: ["sg-0123abcd"],
          },
        },
        destination: { kind: "cloudwatch", retentionDays: 400, kmsKeyArn: "arn:aws:kms:k" },
      });
    });

    it("the cluster is private, encrypted and uses the audit parameter group", () => {
      const cluster = only(plan, T.cluster);
      const group = only(plan, T.parameterGroup);
      assert.strictEqual(cluster.inputs["clusterParameterGroupName"], group.outputs["name"]);
      assert.strictEqual(cluster.inputs["encrypted"], "true");
      assert.strictEqual(cluster.inputs["publiclyAccessible"], false);
      assert.strictEqual(cluster.inputs["manageMasterPassword"], true);
      assert.strictEqual(cluster.inputs["clusterType"], "multi-node");
      assert.strictEqual(cluster.inputs["numberOfNodes"], 2);
      assert.strictEqual(cluster.inputs["skipFinalSnapshot"], false);
      assert.strictEqual(cluster.inputs["finalSnapshotIdentifier"], "reporting-final");
    });

    it("exports all three logs to CloudWatch, into groups created first with retention and KMS", () => {
      const groups = ofType(plan, T.logGroup);
      assert.deepStrictEqual(
        groups.map((g) => [g.inputs["name"], g.inputs["retentionInDays"], g.inputs["kmsKeyId"]]),
        LOGS.map((l) => [`/aws/redshift/cluster/reporting/${l}`, 400, "arn:aws:kms:k"]),
      );
      const logging = only(plan, T.redshiftLogging);
      assert.deepStrictEqual(logging.inputs, {
        clusterIdentifier: "reporting",
        logDestinationType: "cloudwatch",
        logExports: LOGS,
      });
      for (const g of groups) assert.ok(logging.dependencies.includes(g.urn), g.name);
      assert.ok(logging.dependencies.includes(only(plan, T.cluster).urn));
    });

    it("passes the pack's redshift-audit-logging policy", async () => {
      assert.deepStrictEqual(await packFindings(plan, ["redshift-audit-logging"]), []);
    });
  });

  it("serverless: the namespace exports connection, user and user-activity logs", async () => {
    const plan = await record({ target: { kind: "serverless", namespaceName: "adhoc" } });
    const ns = only(plan, T.namespace);
    assert.strictEqual(ns.inputs["namespaceName"], "adhoc");
    assert.deepStrictEqual(ns.inputs["logExports"], LOGS);
    assert.strictEqual(ns.inputs["manageAdminPassword"], true);
    assert.strictEqual(ofType(plan, T.parameterGroup).length, 0);
    assert.strictEqual(ofType(plan, T.redshiftLogging).length, 0);
    assert.deepStrictEqual(await packFindings(plan, ["redshift-serverless-logging"]), []);
  });

  it("a provisioned cluster without a destination is refused", async () => {
    await assert.rejects(
      record({ target: { kind: "existing-cluster", clusterIdentifier: "x" } }),
      /^Error: RedshiftAudit audit: destination is required for a provisioned cluster \(s3 or cloudwatch\)$/,
    );
  });

  describe("settings", () => {
    it("extra parameters may be added but cannot switch audit logging off", () => {
      assert.deepStrictEqual(
        auditParameters([{ name: "max_concurrency_scaling_clusters", value: "2" }]),
        [...AUDIT_PARAMETERS, { name: "max_concurrency_scaling_clusters", value: "2" }],
      );
      assert.throws(
        () => auditParameters([{ name: "require_ssl", value: "false" }]),
        /^Error: Redshift parameter require_ssl="false" would weaken audit logging \(it must be "true"\)$/,
      );
    });

    it("S3 key prefixes follow Redshift's rules", () => {
      assert.strictEqual(checkS3KeyPrefix("audit/redshift/"), "audit/redshift/");
      assert.throws(() => checkS3KeyPrefix("audit"), /must end with "\/"$/);
      assert.throws(() => checkS3KeyPrefix("my audit/"), /holds a space, quote, backslash/);
      assert.throws(
        () => checkS3KeyPrefix(`${"a".repeat(512)}/`),
        /is 513 characters; at most 512$/,
      );
    });

    it("CloudWatch groups follow Redshift's naming", () => {
      assert.strictEqual(
        clusterLogGroupName("warehouse", "useractivitylog"),
        "/aws/redshift/cluster/warehouse/useractivitylog",
      );
    });
  });

  describe("from the prod registry", () => {
    it("data-platform's analytics-warehouse logs to the log-archive Redshift bucket of its Region, from data-platform's member stack", async () => {
      const prod = await memberPlan("prod", "567890123456");
      const mine = resourcesUnder(prod, "redshift-data-platform-eu-west-1-analytics-warehouse");
      const logging = only(mine, T.redshiftLogging);
      assert.deepStrictEqual(logging.inputs, {
        region: "eu-west-1",
        clusterIdentifier: "analytics-warehouse",
        logDestinationType: "s3",
        bucketName: "acme-logs-prod-redshift-234567890123-eu-west-1",
      });
      assert.deepStrictEqual(targetOf(prod, logging), {
        accountId: "567890123456",
        region: "eu-west-1",
      });
      assert.deepStrictEqual(only(mine, T.parameterGroup).inputs["parameters"], AUDIT_PARAMETERS);
    });

    it("no other prod member stack, and not the platform stack, touches a Redshift cluster", async () => {
      for (const plan of [
        await platformPlan("prod"),
        await memberPlan("prod", "456789012345"),
        await memberPlan("prod", "678901234567"),
      ]) {
        assert.strictEqual(ofType(plan, T.redshiftLogging).length, 0);
        assert.strictEqual(ofType(plan, T.parameterGroup).length, 0);
      }
    });

    it("dev has no Redshift audit logging: it is off by default", async () => {
      const dev = await platformPlan("dev");
      assert.strictEqual(ofType(dev, T.redshiftLogging).length, 0);
      assert.strictEqual(ofType(dev, T.parameterGroup).length, 0);
    });
  });
});
