import { PlanResource } from "../../tools/offline/plan";
import { T, res } from "./harness";

export const TLS_DENY = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

export const GOOD_LIFECYCLE_RULE = {
  id: "archive",
  status: "Enabled",
  filter: { objectSizeGreaterThan: 131072 },
  transitions: [{ days: 90, storageClass: "GLACIER" }],
  expiration: { days: 400 },
  noncurrentVersionExpiration: { noncurrentDays: 30 },
  abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
};

/** Which per-bucket resources to leave out or replace. */
export interface BucketParts {
  tags?: Record<string, string>;
  bucketProps?: Record<string, unknown>;
  logging?: false;
  pab?: false | Record<string, boolean>;
  sse?: false | Record<string, unknown>;
  versioning?: false | string;
  lifecycle?: false | Record<string, unknown>[];
  policy?: false | Record<string, unknown>;
  /** The access-log target this bucket logs to. */
  target?: PlanResource;
}

/** A bucket with every configuration resource a hardened log bucket has, referenced by output. */
export function bucketWith(name: string, parts: BucketParts = {}): PlanResource[] {
  const bucket = res(
    T.bucket,
    name,
    { bucket: `${name}-phys`, tags: parts.tags, ...(parts.bucketProps ?? {}) },
    { outputs: { arn: `arn:aws:s3:::${name}-phys` } },
  );
  const ref = (type: string, suffix: string, props: Record<string, unknown>) =>
    res(
      type,
      `${name}-${suffix}`,
      { bucket: `${name}-phys`, ...props },
      { deps: { bucket: [bucket] } },
    );
  const out = [bucket];
  if (parts.logging !== false) {
    const target = parts.target;
    out.push(
      res(
        T.bucketLogging,
        `${name}-logging`,
        {
          bucket: `${name}-phys`,
          targetBucket: target ? `${target.name}-phys` : "central-access-logs",
        },
        { deps: { bucket: [bucket], ...(target ? { targetBucket: [target] } : {}) } },
      ),
    );
  }
  if (parts.pab !== false) {
    out.push(
      ref(T.pab, "pab", {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
        ...(parts.pab ?? {}),
      }),
    );
  }
  if (parts.sse !== false) {
    out.push(
      ref(T.sse, "sse", {
        rules: [
          {
            applyServerSideEncryptionByDefault: parts.sse ?? {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k",
            },
          },
        ],
      }),
    );
  }
  if (parts.versioning !== false) {
    out.push(
      ref(T.versioning, "versioning", {
        versioningConfiguration: { status: parts.versioning ?? "Enabled" },
      }),
    );
  }
  if (parts.lifecycle !== false) {
    out.push(ref(T.lifecycle, "lifecycle", { rules: parts.lifecycle ?? [GOOD_LIFECYCLE_RULE] }));
  }
  if (parts.policy !== false) {
    out.push(
      ref(T.bucketPolicy, "policy", {
        policy: JSON.stringify(parts.policy ?? { Version: "2012-10-17", Statement: [TLS_DENY] }),
      }),
    );
  }
  return out;
}
