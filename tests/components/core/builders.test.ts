import * as assert from "assert";
import {
  ELB_LOG_DELIVERY_ACCOUNTS,
  alarmSourceCondition,
  PlatformNaming,
  elbLogBucketPolicy,
  logKeyPolicy,
  logLifecycleRules,
  partitionOf,
  policyDocument,
  transitionProblem,
} from "../../../components/core";

describe("pure builders", () => {
  describe("storage-class minimums", () => {
    it("accepts plans that respect each class's minimum duration", () => {
      assert.strictEqual(transitionProblem("STANDARD_IA", 30, 60), undefined);
      assert.strictEqual(transitionProblem("GLACIER_IR", 90, 180), undefined);
      assert.strictEqual(transitionProblem("DEEP_ARCHIVE", 180, 360), undefined);
      assert.strictEqual(transitionProblem("INTELLIGENT_TIERING", 0, 1), undefined);
    });

    it("rejects Deep Archive kept less than 180 days", () => {
      assert.strictEqual(
        transitionProblem("DEEP_ARCHIVE", 90, 200),
        "objects would stay 110 days in DEEP_ARCHIVE before expiring on day 200, but DEEP_ARCHIVE bills a 180-day minimum; transition by day 20 or expire on day 270 or later",
      );
    });

    it("rejects a transition on or after the expiry", () => {
      assert.strictEqual(
        transitionProblem("GLACIER", 365, 365),
        "the transition (day 365) must come before the expiration (day 365)",
      );
    });

    it("the lifecycle builder refuses an unsound plan instead of emitting it", () => {
      assert.throws(
        () =>
          logLifecycleRules({
            transitionDays: 10,
            storageClass: "STANDARD_IA",
            expirationDays: 400,
            noncurrentDays: 30,
          }),
        /lifecycle plan rejected: S3 accepts transitions to STANDARD_IA no earlier than day 30, got day 10/,
      );
    });

    it("only objects over 128 KiB are transitioned; expiry covers every object", () => {
      const [archive, expire] = logLifecycleRules({
        transitionDays: 30,
        storageClass: "STANDARD_IA",
        expirationDays: 90,
        noncurrentDays: 5,
        abortMultipartDays: 3,
      });
      assert.deepStrictEqual(archive.filter, { objectSizeGreaterThan: 131072 });
      assert.deepStrictEqual(expire, {
        id: "expire-logs",
        status: "Enabled",
        filter: { prefix: "" },
        expiration: { days: 90 },
        noncurrentVersionExpiration: { noncurrentDays: 5 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 3 },
      });
    });
  });

  describe("naming", () => {
    const naming = new PlatformNaming("acme-logs", "prod");

    it("derives every name from prefix and environment", () => {
      assert.strictEqual(naming.resource("org-trail"), "acme-logs-prod-org-trail");
      assert.strictEqual(
        naming.bucket("elb", "123456789012", "eu-west-1"),
        "acme-logs-prod-elb-123456789012-eu-west-1",
      );
      assert.strictEqual(
        naming.logGroup("cloudtrail", "organization"),
        "/acme-logs/prod/cloudtrail/organization",
      );
      assert.strictEqual(naming.keyAlias("archive"), "alias/acme-logs-prod-archive");
    });

    it("refuses a bucket name over 63 characters, naming it", () => {
      const long = new PlatformNaming("acme-central", "staging1");
      assert.throws(
        () => long.bucket("s3-access-long", "123456789012", "ap-southeast-2"),
        /bucket name "acme-central-staging1-s3-access-long-123456789012-ap-southeast-2" is 64 characters; S3 allows 63/,
      );
    });

    it("knows the partition of GovCloud and China regions", () => {
      assert.strictEqual(partitionOf("us-gov-west-1"), "aws-us-gov");
      assert.strictEqual(partitionOf("cn-north-1"), "aws-cn");
      assert.strictEqual(partitionOf("eu-west-1"), "aws");
    });
  });

  describe("policy documents", () => {
    it("refuse duplicate statement ids", () => {
      assert.throws(
        () =>
          policyDocument([
            { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
            { Sid: "A", Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
          ]),
        /policy statement Sid "A" is used twice/,
      );
    });

    it("an ELB bucket in a Region opened after August 2022 has no regional-account grant", () => {
      assert.strictEqual(ELB_LOG_DELIVERY_ACCOUNTS["eu-central-2"], undefined);
      const doc = elbLogBucketPolicy({
        partition: "aws",
        bucketName: "b",
        region: "eu-central-2",
        organizationId: "o-a1b2c3d4e5",
      });
      assert.deepStrictEqual(
        doc.Statement.map((s) => s.Sid),
        ["DenyInsecureTransport", "ElbLogDeliveryService"],
      );
    });

    it("an ELB bucket names no member account: the service writes for the organization only", () => {
      const doc = elbLogBucketPolicy({
        partition: "aws",
        bucketName: "b",
        region: "eu-west-1",
        organizationId: "o-a1b2c3d4e5",
      });
      assert.deepStrictEqual(doc.Statement.slice(1), [
        {
          Sid: "ElbLogDeliveryService",
          Effect: "Allow",
          Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::b/AWSLogs/*",
          Condition: { StringEquals: { "aws:SourceOrgID": "o-a1b2c3d4e5" } },
        },
        {
          // The pre-August-2022 regional ELB account carries no source condition to scope by.
          Sid: "ElbLogDeliveryRegionalAccount",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::156460612806:root" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::b/AWSLogs/*",
        },
      ]);
    });
  });
});

describe("alarm source condition (topic and key policies)", () => {
  it("one account: plain strings; several: lists, each account's alarms in the Region", () => {
    assert.deepStrictEqual(alarmSourceCondition("aws", "eu-west-1", ["111111111111"]), {
      StringEquals: { "aws:SourceAccount": "111111111111" },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*" },
    });
    assert.deepStrictEqual(
      alarmSourceCondition("aws-us-gov", "us-gov-west-1", [
        "111111111111",
        "222222222222",
        "111111111111",
      ]),
      {
        StringEquals: { "aws:SourceAccount": ["111111111111", "222222222222"] },
        ArnLike: {
          "aws:SourceArn": [
            "arn:aws-us-gov:cloudwatch:us-gov-west-1:111111111111:alarm:*",
            "arn:aws-us-gov:cloudwatch:us-gov-west-1:222222222222:alarm:*",
          ],
        },
      },
    );
  });

  it("the log key admits only its own account's alarms unless told otherwise", () => {
    const doc = logKeyPolicy({
      partition: "aws",
      region: "eu-west-1",
      keyAccountId: "111111111111",
      logGroupPath: "/p/e/",
      alarmTopics: true,
      eventDataStores: false,
    });
    const s = doc.Statement.find((x) => x.Sid === "CloudWatchAlarmsPublishEncrypted");
    assert.deepStrictEqual(s?.Condition, {
      StringEquals: { "aws:SourceAccount": "111111111111" },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*" },
    });
  });

  it("refuses an empty list and a malformed account id", () => {
    assert.throws(
      () => alarmSourceCondition("aws", "eu-west-1", []),
      /^Error: alarmAccountIds: must list at least one account$/,
    );
    assert.throws(
      () => alarmSourceCondition("aws", "eu-west-1", ["1234"]),
      /^Error: alarmAccountIds: "1234" is not a 12-digit AWS account id$/,
    );
  });
});
