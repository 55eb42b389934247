import { policies } from "../../../policies/rules";
import { PlanResource } from "../../../tools/offline/plan";
import { T, UNKNOWN_STRING, assertClean, assertLines, configFor, res, run } from "../harness";
import { bucketWith } from "../s3Fixtures";
import { GOOD_TRAIL } from "../trailFixtures";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const trail = (props: Record<string, unknown> = {}) =>
  res(T.trail, "trail", { ...GOOD_TRAIL, ...props });

describe("cloudtrail resource policies", () => {
  it("pass a multi-region, encrypted, validated trail that delivers to CloudWatch", async () => {
    for (const name of [
      "cloudtrail-multi-region",
      "cloudtrail-kms",
      "cloudtrail-log-validation",
      "cloudtrail-cloudwatch",
      "cloudtrail-s3-data-events",
      "cloudtrail-logging-enabled",
      "cloudtrail-sns-topic",
      "cloudtrail-insights",
      "cloudtrail-lambda-data-events",
    ]) {
      assertClean(await run(policy(name), [trail()]));
    }
  });

  it("cloudtrail-multi-region names each missing setting", async () => {
    const d = await run(policy("cloudtrail-multi-region"), [
      trail({
        isMultiRegionTrail: false,
        includeGlobalServiceEvents: false,
        eventSelectors: [{ includeManagementEvents: false }],
      }),
    ]);
    const prefix =
      'mandatory trail: [CloudTrail.1 | CIS 3.1 | CKV_AWS_67] aws.cloudtrail.Trail "trail"';
    assertLines(d, [
      `${prefix} records one region only: set isMultiRegionTrail: true.`,
      `${prefix} skips global services such as IAM: set includeGlobalServiceEvents: true.`,
      `${prefix} does not record all management events: set eventSelectors[].includeManagementEvents: ` +
        'true with readWriteType "All" (or add an advanced event selector with eventCategory = Management and no readOnly filter).',
    ]);
  });

  it("cloudtrail-multi-region accepts an advanced selector on management events", async () => {
    const advanced = [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }];
    assertClean(
      await run(policy("cloudtrail-multi-region"), [
        trail({ eventSelectors: undefined, advancedEventSelectors: advanced }),
      ]),
    );
  });

  it("cloudtrail-kms, -log-validation and -cloudwatch say which property to set", async () => {
    assertLines(await run(policy("cloudtrail-kms"), [trail({ kmsKeyId: undefined })]), [
      'mandatory trail: [CloudTrail.2 | CIS 3.5 | CKV_AWS_35] aws.cloudtrail.Trail "trail" writes log files without KMS encryption: set kmsKeyId to a customer managed key ARN.',
    ]);
    assertLines(
      await run(policy("cloudtrail-log-validation"), [trail({ enableLogFileValidation: false })]),
      [
        'mandatory trail: [CloudTrail.4 | CIS 3.2 | CKV_AWS_36] aws.cloudtrail.Trail "trail" does not validate log files: set enableLogFileValidation: true.',
      ],
    );
    assertLines(
      await run(policy("cloudtrail-cloudwatch"), [trail({ cloudWatchLogsRoleArn: "" })]),
      [
        'mandatory trail: [CloudTrail.5 | CKV2_AWS_10] aws.cloudtrail.Trail "trail" does not deliver to CloudWatch Logs: set cloudWatchLogsRoleArn.',
      ],
    );
  });

  it("cloudtrail-s3-data-events is advisory and reads read-only selectors", async () => {
    const readOnly = [
      {
        readWriteType: "ReadOnly",
        dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
      },
    ];
    assertLines(
      await run(policy("cloudtrail-s3-data-events"), [trail({ eventSelectors: readOnly })]),
      [
        'advisory trail: [S3.22 | S3.23 | CIS 3.8 | CIS 3.9] aws.cloudtrail.Trail "trail" does not record S3 object-level write events: add an event selector with dataResources type "AWS::S3::Object" and readWriteType "All".',
      ],
    );
  });

  it("cloudtrail-s3-data-events wants every bucket, not one", async () => {
    const oneBucket = [
      {
        readWriteType: "All",
        dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::one-bucket/"] }],
      },
    ];
    assertLines(
      await run(policy("cloudtrail-s3-data-events"), [trail({ eventSelectors: oneBucket })]),
      [
        'advisory trail: [S3.22 | S3.23 | CIS 3.8 | CIS 3.9] aws.cloudtrail.Trail "trail" does not record S3 object-level write and read events: add an event selector with dataResources type "AWS::S3::Object" and readWriteType "All".',
      ],
    );
  });

  it("cloudtrail-logging-enabled fails a switched-off trail", async () => {
    assertLines(
      await run(policy("cloudtrail-logging-enabled"), [trail({ enableLogging: false })]),
      [
        'mandatory trail: [CKV_AWS_251] aws.cloudtrail.Trail "trail" is switched off and records no events: set enableLogging: true.',
      ],
    );
    assertClean(
      await run(policy("cloudtrail-logging-enabled"), [trail({ enableLogging: undefined })]),
    );
  });

  it("cloudtrail-sns-topic asks for a topic", async () => {
    assertLines(await run(policy("cloudtrail-sns-topic"), [trail({ snsTopicName: undefined })]), [
      'advisory trail: [CKV_AWS_252] aws.cloudtrail.Trail "trail" announces no log file delivery: set snsTopicName to an SNS topic CloudTrail may publish to.',
    ]);
  });

  it("cloudtrail-insights names the missing insight types", async () => {
    assertLines(
      await run(policy("cloudtrail-insights"), [
        trail({ insightSelectors: [{ insightType: "ApiCallRateInsight" }] }),
      ]),
      [
        'advisory trail: aws.cloudtrail.Trail "trail" records no ApiErrorRateInsight events: add insightSelectors with insightType "ApiErrorRateInsight".',
      ],
    );
    assertLines(await run(policy("cloudtrail-insights"), [trail({ insightSelectors: [] })]), [
      'advisory trail: aws.cloudtrail.Trail "trail" records no ApiCallRateInsight or ApiErrorRateInsight events: add insightSelectors with insightType "ApiCallRateInsight" and "ApiErrorRateInsight".',
    ]);
  });

  it("cloudtrail-lambda-data-events reads basic and advanced selectors", async () => {
    const p = policy("cloudtrail-lambda-data-events");
    const message =
      'advisory trail: aws.cloudtrail.Trail "trail" does not record Lambda invocations: add an event selector with dataResources type "AWS::Lambda::Function" and values ["arn:aws:lambda"].';
    assertLines(
      await run(p, [
        trail({
          eventSelectors: [
            {
              readWriteType: "All",
              dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
            },
          ],
        }),
      ]),
      [message],
    );
    const advanced = [
      { fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
      {
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::Lambda::Function"] },
        ],
      },
    ];
    assertClean(
      await run(p, [trail({ eventSelectors: undefined, advancedEventSelectors: advanced })]),
    );
    assertLines(
      await run(p, [trail({ eventSelectors: undefined, advancedEventSelectors: [advanced[0]] })]),
      [message],
    );
  });

  it("an unknown kmsKeyId is advisory, not a pass", async () => {
    assertLines(await run(policy("cloudtrail-kms"), [trail({ kmsKeyId: UNKNOWN_STRING })]), [
      'advisory trail: [CloudTrail.2 | CIS 3.5 | CKV_AWS_35] aws.cloudtrail.Trail "trail" cannot be checked during preview: string value at .kmsKeyId can\'t be known during preview; the policy checks it again once the value is known.',
    ]);
  });

  it("a trail tagged exempt with a reason reports advisory", async () => {
    const d = await run(policy("cloudtrail-log-validation"), [
      trail({
        enableLogFileValidation: false,
        tags: {
          "logging:exempt": "sandbox trail, deleted nightly",
          "logging:exempt-expires": "2099-12-31",
        },
      }),
    ]);
    assertLines(d, [
      'advisory trail: [CloudTrail.4 | CIS 3.2 | CKV_AWS_36] aws.cloudtrail.Trail "trail" does not validate log files: set enableLogFileValidation: true. Exempted by tag logging:exempt until 2099-12-31: "sandbox trail, deleted nightly".',
    ]);
  });
});

describe("cloudtrail-bucket-hardened", () => {
  const p = policy("cloudtrail-bucket-hardened");
  const withTrail = (bucket: PlanResource[]) => [
    ...bucket,
    res(
      T.trail,
      "trail",
      { ...GOOD_TRAIL, s3BucketName: `${bucket[0].name}-phys` },
      { deps: { s3BucketName: [bucket[0]] } },
    ),
  ];

  it("passes a hardened trail bucket", async () => {
    assertClean(await run(p, withTrail(bucketWith("trail"))));
  });

  it("names every gap on the trail's bucket", async () => {
    assertLines(
      await run(
        p,
        withTrail(
          bucketWith("trail", { logging: false, policy: false, pab: { ignorePublicAcls: false } }),
        ),
      ),
      [
        'mandatory trail: [CloudTrail.6 | CloudTrail.7 | CIS 3.4] aws.s3.Bucket "trail" holds the logs of aws.cloudtrail.Trail "trail" but lacks an aws.s3.BucketPublicAccessBlock with ignorePublicAcls true, a bucket policy denying aws:SecureTransport = "false" and an aws.s3.BucketLogging: add them for this bucket.',
      ],
    );
  });

  it("is advisory when the bucket lives in another stack", async () => {
    assertLines(await run(p, [res(T.trail, "trail", GOOD_TRAIL)]), [
      'advisory trail: [CloudTrail.6 | CloudTrail.7 | CIS 3.4] aws.cloudtrail.Trail "trail" writes to bucket trail-phys, which this stack does not manage, so its settings are checked where that bucket is declared.',
    ]);
  });
});

describe("cloudtrail-bucket-mfa-delete", () => {
  const p = policy("cloudtrail-bucket-mfa-delete");
  const withTrail = (bucket: PlanResource[]) => [
    ...bucket,
    res(
      T.trail,
      "trail",
      { ...GOOD_TRAIL, s3BucketName: `${bucket[0].name}-phys` },
      { deps: { s3BucketName: [bucket[0]] } },
    ),
  ];
  const withMfaDelete = (bucket: PlanResource[]) =>
    bucket.map((r) =>
      r.type === T.versioning
        ? res(
            T.versioning,
            r.name,
            {
              ...r.inputs,
              versioningConfiguration: { status: "Enabled", mfaDelete: "Enabled" },
            },
            { deps: { bucket: [bucket[0]] } },
          )
        : r,
    );

  it("passes a trail bucket whose versioning requires MFA to delete", async () => {
    assertClean(await run(p, withTrail(withMfaDelete(bucketWith("trail")))));
  });

  it("reports the bucket, advisory, when versions can be deleted without MFA", async () => {
    assertLines(await run(p, withTrail(bucketWith("trail"))), [
      'advisory trail: aws.s3.Bucket "trail" holds the logs of aws.cloudtrail.Trail "trail" but lets object versions be deleted without MFA: set versioningConfiguration.mfaDelete "Enabled" (with mfa) on its aws.s3.BucketVersioning, or exempt the bucket with the reason.',
    ]);
  });
});

describe("event-data-store-hardened", () => {
  const p = policy("event-data-store-hardened");
  const store = (props: Record<string, unknown>) =>
    res(T.eventDataStore, "lake", { kmsKeyId: "k", ...props });

  it("passes the provider defaults (termination protection, 2555 days) with a key", async () => {
    assertClean(await run(p, [store({})]));
  });

  it("flags each weakness and honours minRetentionDays", async () => {
    const prefix =
      'mandatory lake: [CloudTrail.10 | CKV_AWS_294] aws.cloudtrail.EventDataStore "lake"';
    assertLines(
      await run(p, [
        store({ kmsKeyId: undefined, terminationProtectionEnabled: false, retentionPeriod: 90 }),
      ]),
      [
        `${prefix} is encrypted with an AWS owned key: set kmsKeyId to a customer managed key.`,
        `${prefix} can be deleted in one call: set terminationProtectionEnabled: true.`,
        `${prefix} keeps events 90 days: set retentionPeriod to at least 365.`,
      ],
    );
    assertClean(
      await run(
        p,
        [store({ retentionPeriod: 90 })],
        configFor("event-data-store-hardened", { minRetentionDays: 90 }),
      ),
    );
  });
});
