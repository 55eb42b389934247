import { policies } from "../../../policies/rules";
import { PlanResource } from "../../../tools/offline/plan";
import { T, UNKNOWN_BOOLEAN, assertClean, assertLines, configFor, res, run } from "../harness";
import { GOOD_LIFECYCLE_RULE, TLS_DENY, bucketWith } from "../s3Fixtures";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const LOG = { "logging:role": "logs" };

describe("s3-access-logging", () => {
  const p = policy("s3-access-logging");

  it("passes a bucket with an aws.s3.BucketLogging and an unlogged access-log target", async () => {
    const target = bucketWith("access", { logging: false });
    assertClean(await run(p, [...target, ...bucketWith("data", { target: target[0] })]));
  });

  it("names the bucket and the resource to add when logging is missing", async () => {
    assertLines(await run(p, bucketWith("data", { logging: false })), [
      'mandatory data: [S3.9 | CKV_AWS_18] aws.s3.Bucket "data" has no server access logging: add an ' +
        "aws.s3.BucketLogging with bucket = this bucket and targetBucket = your access-log bucket.",
    ]);
  });

  it("does not accept the deprecated inline logging argument", async () => {
    const d = await run(
      p,
      bucketWith("data", { logging: false, bucketProps: { logging: { targetBucket: "x" } } }),
    );
    assertLines(d, [
      'mandatory data: [S3.9 | CKV_AWS_18] aws.s3.Bucket "data" has no server access logging: add an ' +
        "aws.s3.BucketLogging with bucket = this bucket and targetBucket = your access-log bucket " +
        "(the deprecated inline `logging` argument is not accepted).",
    ]);
  });

  it("matches BucketLogging by bucket name when no dependency was recorded", async () => {
    const [bucket, ...rest] = bucketWith("data", { logging: false });
    const byName = res(T.bucketLogging, "hand", { bucket: "data-phys", targetBucket: "t" });
    assertClean(await run(p, [bucket, ...rest, byName]));
  });

  it("flags an access-log target with an Object Lock default retention", async () => {
    const target = bucketWith("access", {
      logging: false,
      bucketProps: { objectLockEnabled: true },
    });
    const lock = res(
      T.objectLock,
      "access-lock",
      { bucket: "access-phys", rule: { defaultRetention: { mode: "GOVERNANCE", days: 1 } } },
      { deps: { bucket: [target[0]] } },
    );
    assertLines(await run(p, [...target, lock, ...bucketWith("data", { target: target[0] })]), [
      'mandatory access: [S3.9 | CKV_AWS_18] aws.s3.Bucket "access" receives S3 server access logs ' +
        "but has an Object Lock default retention, which S3 refuses as a log target: deliver access " +
        "logs to a bucket without objectLockEnabled and without aws.s3.BucketObjectLockConfiguration.",
    ]);
  });

  it("downgrades to advisory and quotes the reason of a logging:exempt tag", async () => {
    const d = await run(
      p,
      bucketWith("data", {
        logging: false,
        tags: {
          "logging:exempt": "static website assets, public by design",
          "logging:exempt-expires": "2099-12-31",
        },
      }),
    );
    assertLines(d, [
      'advisory data: [S3.9 | CKV_AWS_18] aws.s3.Bucket "data" has no server access logging: add an ' +
        "aws.s3.BucketLogging with bucket = this bucket and targetBucket = your access-log bucket. " +
        'Exempted by tag logging:exempt until 2099-12-31: "static website assets, public by design".',
    ]);
  });

  it("honours the policy-specific exemption tag", async () => {
    const d = await run(
      p,
      bucketWith("data", {
        logging: false,
        tags: {
          "logging:exempt:s3-access-logging": "replica of a bucket that is itself logged",
          "logging:exempt-expires:s3-access-logging": "2099-12-31",
        },
      }),
    );
    assertLines(d, [
      'advisory data: [S3.9 | CKV_AWS_18] aws.s3.Bucket "data" has no server access logging: add an ' +
        "aws.s3.BucketLogging with bucket = this bucket and targetBucket = your access-log bucket. " +
        'Exempted by tag logging:exempt:s3-access-logging until 2099-12-31: "replica of a bucket that is itself logged".',
    ]);
  });

  it("keeps the violation mandatory when the exemption has no reason", async () => {
    const d = await run(p, bucketWith("data", { logging: false, tags: { "logging:exempt": " " } }));
    assertLines(d, [
      'mandatory data: [S3.9 | CKV_AWS_18] aws.s3.Bucket "data" has no server access logging: add an ' +
        "aws.s3.BucketLogging with bucket = this bucket and targetBucket = your access-log bucket. " +
        "The tag logging:exempt on this resource exempts nothing: it has no reason.",
    ]);
  });

  it("reports a bucket whose exemption tag is unknown during preview as not checkable", async () => {
    const d = await run(
      p,
      bucketWith("data", {
        logging: false,
        tags: { "logging:exempt": "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      }),
    );
    assertLines(d, [
      'advisory data: [S3.9 | CKV_AWS_18] aws.s3.Bucket "data" cannot be checked during preview: ' +
        "string value at .tags.logging:exempt can't be known during preview; the policy checks it " +
        "again once the value is known.",
    ]);
  });
});

describe("s3-encryption", () => {
  const p = policy("s3-encryption");

  it("passes KMS on log buckets and SSE-S3 on ordinary buckets", async () => {
    assertClean(
      await run(p, [
        ...bucketWith("logs", { tags: LOG }),
        ...bucketWith("data", { sse: { sseAlgorithm: "AES256" } }),
      ]),
    );
  });

  it("requires a default encryption configuration", async () => {
    assertLines(await run(p, bucketWith("data", { sse: false })), [
      'mandatory data: [CKV_AWS_145] aws.s3.Bucket "data" has no default encryption: add an ' +
        "aws.s3.BucketServerSideEncryptionConfiguration for it with " +
        'rules[].applyServerSideEncryptionByDefault.sseAlgorithm = "aws:kms".',
    ]);
  });

  it("requires a customer managed key on log buckets, naming why it is a log bucket", async () => {
    assertLines(await run(p, bucketWith("logs", { tags: LOG, sse: { sseAlgorithm: "aws:kms" } })), [
      'mandatory logs: [CKV_AWS_145] aws.s3.Bucket "logs" is a log bucket (it is tagged ' +
        "logging:role=logs) but is not encrypted with a customer managed KMS key: set sseAlgorithm " +
        '"aws:kms" and kmsMasterKeyId in its aws.s3.BucketServerSideEncryptionConfiguration.',
    ]);
  });

  it("requires SSE-S3 on a bucket that receives ELB access logs", async () => {
    const logs = bucketWith("elb-logs", { logging: false });
    const alb = res(
      T.alb,
      "alb",
      { accessLogs: { bucket: "elb-logs-phys", enabled: true } },
      { deps: { accessLogs: [logs[0]] } },
    );
    assertLines(await run(p, [...logs, alb]), [
      'mandatory elb-logs: [CKV_AWS_145] aws.s3.Bucket "elb-logs" receives ELB access logs, which ' +
        'AWS only delivers to buckets encrypted with SSE-S3: set sseAlgorithm "AES256" in its ' +
        "aws.s3.BucketServerSideEncryptionConfiguration.",
    ]);
  });

  it("lets config drop the KMS requirement for log buckets", async () => {
    const d = await run(
      p,
      bucketWith("logs", { tags: LOG, sse: { sseAlgorithm: "AES256" } }),
      configFor("s3-encryption", { requireKmsForLogBuckets: false }),
    );
    assertClean(d);
  });
});

describe("s3-versioning", () => {
  const p = policy("s3-versioning");

  it("passes a versioned log bucket and ignores ordinary buckets", async () => {
    assertClean(
      await run(p, [
        ...bucketWith("logs", { tags: LOG }),
        ...bucketWith("data", { versioning: false }),
      ]),
    );
  });

  it("flags a suspended log bucket", async () => {
    assertLines(await run(p, bucketWith("logs", { tags: LOG, versioning: "Suspended" })), [
      'mandatory logs: [CKV_AWS_21] aws.s3.Bucket "logs" is a log bucket (it is tagged logging:role=logs) ' +
        'without versioning: add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".',
    ]);
  });

  it("finds log buckets through the deliveries into them and a configured tag", async () => {
    const target = bucketWith("trail-logs", { versioning: false, tags: { team: "x" } });
    const trail = res(
      T.trail,
      "trail",
      { s3BucketName: "trail-logs-phys" },
      { deps: { s3BucketName: [target[0]] } },
    );
    assertLines(await run(p, [...target, trail]), [
      'mandatory trail-logs: [CKV_AWS_21] aws.s3.Bucket "trail-logs" is a log bucket (it receives logs ' +
        'from aws.cloudtrail.Trail "trail") without versioning: add an aws.s3.BucketVersioning with ' +
        'versioningConfiguration.status "Enabled".',
    ]);
    const tagged = bucketWith("x", { versioning: false, tags: { team: "x" } });
    assertClean(await run(p, tagged));
    assertLines(await run(p, tagged, configFor("s3-versioning", { logBucketTag: "team" })), [
      'mandatory x: [CKV_AWS_21] aws.s3.Bucket "x" is a log bucket (it is tagged team=x) without ' +
        'versioning: add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".',
    ]);
  });
});

describe("s3-public-access-block", () => {
  const p = policy("s3-public-access-block");

  it("passes all four flags", async () => {
    assertClean(await run(p, bucketWith("data")));
  });

  it("flags a missing block and each flag left off", async () => {
    assertLines(await run(p, bucketWith("a", { pab: false })), [
      'mandatory a: [S3.8 | CKV2_AWS_6] aws.s3.Bucket "a" has no public access block: add an ' +
        "aws.s3.BucketPublicAccessBlock with all four flags true.",
    ]);
    assertLines(
      await run(
        p,
        bucketWith("b", { pab: { blockPublicPolicy: false, restrictPublicBuckets: false } }),
      ),
      [
        'mandatory b: [S3.8 | CKV2_AWS_6] aws.s3.Bucket "b" leaves public access open: set ' +
          "blockPublicPolicy and restrictPublicBuckets to true on its aws.s3.BucketPublicAccessBlock.",
      ],
    );
  });
});

describe("s3-tls-only", () => {
  const p = policy("s3-tls-only");

  it("passes a Deny on aws:SecureTransport=false (string or boolean)", async () => {
    assertClean(await run(p, bucketWith("a")));
    const asBool = { ...TLS_DENY, Condition: { Bool: { "aws:SecureTransport": false } } };
    assertClean(await run(p, bucketWith("b", { policy: { Statement: [asBool] } })));
  });

  it("flags a missing policy and a policy without the deny", async () => {
    assertLines(await run(p, bucketWith("a", { policy: false })), [
      'mandatory a: [S3.5] aws.s3.Bucket "a" has no bucket policy, so it accepts plain-HTTP requests: ' +
        'add an aws.s3.BucketPolicy that denies "s3:*" when aws:SecureTransport is "false".',
    ]);
    const allowOnly = { Statement: [{ ...TLS_DENY, Effect: "Allow" }] };
    assertLines(await run(p, bucketWith("b", { policy: allowOnly })), [
      `mandatory b: [S3.5] aws.s3.Bucket "b"'s bucket policy does not deny plain-HTTP requests: add ` +
        'a statement that denies "s3:*" to Principal "*" when aws:SecureTransport is "false".',
    ]);
  });
});

describe("s3-lifecycle", () => {
  const p = policy("s3-lifecycle");

  it("passes a log bucket whose enabled rules archive, expire and clean up", async () => {
    assertClean(await run(p, bucketWith("logs", { tags: LOG })));
  });

  it("lists what the lifecycle lacks", async () => {
    const ia = {
      ...GOOD_LIFECYCLE_RULE,
      transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
      abortIncompleteMultipartUpload: undefined,
    };
    assertLines(await run(p, bucketWith("logs", { tags: LOG, lifecycle: [ia] })), [
      'mandatory logs: [S3.13 | CKV2_AWS_61 | CKV_AWS_300] aws.s3.Bucket "logs" is a log bucket (it is ' +
        "tagged logging:role=logs) whose lifecycle lacks a transition to GLACIER_IR, GLACIER or " +
        'DEEP_ARCHIVE and abortIncompleteMultipartUpload: set them on an enabled rule (status "Enabled") ' +
        "of its aws.s3.BucketLifecycleConfiguration.",
    ]);
  });

  it("ignores disabled rules and lets config name the archive classes", async () => {
    const disabled = { ...GOOD_LIFECYCLE_RULE, status: "Disabled" };
    const d = await run(p, bucketWith("logs", { tags: LOG, lifecycle: [disabled] }));
    assertLines(d, [
      'mandatory logs: [S3.13 | CKV2_AWS_61 | CKV_AWS_300] aws.s3.Bucket "logs" is a log bucket (it is ' +
        "tagged logging:role=logs) whose lifecycle lacks a transition to GLACIER_IR, GLACIER or " +
        "DEEP_ARCHIVE, expiration, noncurrentVersionExpiration and abortIncompleteMultipartUpload: set " +
        'them on an enabled rule (status "Enabled") of its aws.s3.BucketLifecycleConfiguration.',
    ]);
    const d2 = await run(
      p,
      bucketWith("logs", { tags: LOG }),
      configFor("s3-lifecycle", { archiveStorageClasses: ["DEEP_ARCHIVE"] }),
    );
    assertLines(d2, [
      'mandatory logs: [S3.13 | CKV2_AWS_61 | CKV_AWS_300] aws.s3.Bucket "logs" is a log bucket (it is ' +
        "tagged logging:role=logs) whose lifecycle lacks a transition to DEEP_ARCHIVE: set them on an " +
        'enabled rule (status "Enabled") of its aws.s3.BucketLifecycleConfiguration.',
    ]);
  });
});

describe("s3-log-archive-object-lock", () => {
  const p = policy("s3-log-archive-object-lock");
  const ARCHIVE = { "logging:role": "log-archive" };
  const archive = (
    retention: Record<string, unknown> | undefined,
    enabled = true,
    tags: Record<string, string> = {},
  ): PlanResource[] => {
    const parts = bucketWith("archive", {
      tags: { ...ARCHIVE, ...tags },
      bucketProps: { objectLockEnabled: enabled },
    });
    if (!retention) return parts;
    return [
      ...parts,
      res(
        T.objectLock,
        "archive-lock",
        { bucket: "archive-phys", rule: { defaultRetention: retention } },
        { deps: { bucket: [parts[0]] } },
      ),
    ];
  };

  it("passes a COMPLIANCE retention of a year", async () => {
    assertClean(await run(p, archive({ mode: "COMPLIANCE", days: 365 })));
    assertClean(await run(p, archive({ mode: "COMPLIANCE", years: 7 })));
  });

  it("flags Object Lock off, a missing retention, and a short or GOVERNANCE one", async () => {
    assertLines(await run(p, archive(undefined, false)), [
      'mandatory archive: [S3.15 | CKV_AWS_143] aws.s3.Bucket "archive" is the log archive but Object ' +
        "Lock is off: create it with objectLockEnabled: true (it cannot be enabled in place) and add an " +
        "aws.s3.BucketObjectLockConfiguration with mode COMPLIANCE.",
    ]);
    assertLines(await run(p, archive(undefined)), [
      'mandatory archive: [S3.15 | CKV_AWS_143] aws.s3.Bucket "archive" is the log archive without a ' +
        "default retention: add an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention " +
        '{ mode: "COMPLIANCE", days: 365 }.',
    ]);
    assertLines(await run(p, archive({ mode: "GOVERNANCE", days: 30 })), [
      'mandatory archive: [S3.15 | CKV_AWS_143] aws.s3.Bucket "archive" is the log archive with default ' +
        'retention GOVERNANCE for 30 days: set rule.defaultRetention.mode to "COMPLIANCE" and days to at ' +
        "least 365.",
    ]);
  });

  describe("a weaker lock and its exemption tags", () => {
    const WAIVED = {
      "logging:exempt:s3-log-archive-object-lock":
        "synthetic test logs only, purged by the platform team",
      "logging:exempt-expires:s3-log-archive-object-lock": "2099-12-31",
    };
    const weakWith = (tags: Record<string, string>) =>
      archive({ mode: "GOVERNANCE", days: 1 }, true, tags);
    const finding =
      'archive: [S3.15 | CKV_AWS_143] aws.s3.Bucket "archive" is the log archive with default ' +
      'retention GOVERNANCE for 1 days: set rule.defaultRetention.mode to "COMPLIANCE" and days to ' +
      "at least 365.";

    it("outside production, a dated exemption with a reason lowers the finding to advisory", async () => {
      assertLines(await run(p, weakWith({ ...WAIVED, environment: "dev" })), [
        `advisory ${finding} Exempted by tag logging:exempt:s3-log-archive-object-lock until 2099-12-31: ` +
          '"synthetic test logs only, purged by the platform team".',
      ]);
    });

    it("in production the weakening stays mandatory, exemption or not", async () => {
      assertLines(await run(p, weakWith({ ...WAIVED, environment: "prod" })), [
        `mandatory ${finding} In production (tag environment=prod) no exemption tag lowers this finding.`,
      ]);
      assertLines(
        await run(
          p,
          weakWith({ ...WAIVED, environment: "live" }),
          configFor("s3-log-archive-object-lock", { productionEnvironments: ["live"] }),
        ),
        [
          `mandatory ${finding} In production (tag environment=live) no exemption tag lowers this finding.`,
        ],
      );
    });

    it("an expired exemption lowers nothing and names its expiry", async () => {
      assertLines(
        await run(
          p,
          weakWith({
            ...WAIVED,
            "logging:exempt-expires:s3-log-archive-object-lock": "2020-01-31",
            environment: "dev",
          }),
        ),
        [
          `mandatory ${finding} The tag logging:exempt:s3-log-archive-object-lock on this resource ` +
            "exempts nothing: it expired on 2020-01-31 (logging:exempt-expires:s3-log-archive-object-lock): " +
            "renew it with a new date and a current reason, or bring the resource into compliance.",
        ],
      );
    });
  });

  it("accepts the mode and minimum the config asks for", async () => {
    const d = await run(
      p,
      archive({ mode: "GOVERNANCE", days: 30 }),
      configFor("s3-log-archive-object-lock", { mode: "GOVERNANCE", minRetentionDays: 30 }),
    );
    assertClean(d);
  });

  it("falls back to the organization trail's bucket and is not applicable without either", async () => {
    const parts = bucketWith("org", { bucketProps: { objectLockEnabled: false } });
    const trail = res(
      T.trail,
      "t",
      { s3BucketName: "org-phys", isOrganizationTrail: true },
      { deps: { s3BucketName: [parts[0]] } },
    );
    assertLines(await run(p, [...parts, trail]), [
      'mandatory org: [S3.15 | CKV_AWS_143] aws.s3.Bucket "org" is the log archive but Object Lock is ' +
        "off: create it with objectLockEnabled: true (it cannot be enabled in place) and add an " +
        "aws.s3.BucketObjectLockConfiguration with mode COMPLIANCE.",
    ]);
    assertClean(await run(p, bucketWith("plain")));
  });
});

describe("s3-lifecycle-sane", () => {
  const p = policy("s3-lifecycle-sane");
  const lc = (rule: Record<string, unknown>) =>
    res(T.lifecycle, "lc", { bucket: "b", rules: [rule] });

  it("passes transitions past each class minimum with a size filter", async () => {
    assertClean(await run(p, [lc(GOOD_LIFECYCLE_RULE)]));
  });

  it("warns about early IA, short Glacier stays and unfiltered small objects", async () => {
    const d = await run(p, [
      lc({
        id: "r",
        status: "Enabled",
        transitions: [
          { days: 10, storageClass: "STANDARD_IA" },
          { days: 60, storageClass: "DEEP_ARCHIVE" },
        ],
        expiration: { days: 100 },
      }),
    ]);
    assertLines(d, [
      'advisory lc: aws.s3.BucketLifecycleConfiguration "lc" rule r moves objects to STANDARD_IA after 10 days: set transitions[].days to at least 30.',
      'advisory lc: aws.s3.BucketLifecycleConfiguration "lc" rule r moves objects of any size to STANDARD_IA, which bills objects under 131072 bytes as 131072: set filter.objectSizeGreaterThan to 131072.',
      'advisory lc: aws.s3.BucketLifecycleConfiguration "lc" rule r expires objects 40 days after moving them to DEEP_ARCHIVE, which bills 180 days: raise expiration.days to at least 240 or move the transition earlier.',
    ]);
  });

  it("uses the configured minimums", async () => {
    const rule = {
      ...GOOD_LIFECYCLE_RULE,
      transitions: [{ days: 20, storageClass: "STANDARD_IA" }],
    };
    assertClean(
      await run(p, [lc(rule)], configFor("s3-lifecycle-sane", { infrequentAccessMinDays: 20 })),
    );
  });

  it("reports an unknown rule as not checkable during preview", async () => {
    const d = await run(p, [lc({ id: "r", status: UNKNOWN_BOOLEAN })]);
    assertLines(d, [
      'advisory lc: aws.s3.BucketLifecycleConfiguration "lc" cannot be checked during preview: boolean value at .rules.0.status can\'t be known during preview; the policy checks it again once the value is known.',
    ]);
  });
});
