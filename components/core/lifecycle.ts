import { ArchiveStorageClass, SMALL_OBJECT_BYTES, transitionProblem } from "./storageClasses";

/** How long log objects stay where. */
export interface LogLifecyclePlan {
  /** Days after creation when objects over 128 KiB move to `storageClass`. */
  transitionDays: number;
  /** The archive storage class. */
  storageClass: ArchiveStorageClass;
  /** Days after creation when current versions expire. */
  expirationDays: number;
  /** Days a version is kept after it stops being current. */
  noncurrentDays: number;
  /** Days after which incomplete multipart uploads are aborted. Defaults to 7. */
  abortMultipartDays?: number;
}

/** One rule as `aws.s3.BucketLifecycleConfiguration` receives it. */
export interface LifecycleRule {
  id: string;
  status: "Enabled";
  filter: { prefix?: string; objectSizeGreaterThan?: number };
  transitions?: Array<{ days: number; storageClass: ArchiveStorageClass }>;
  expiration?: { days?: number; expiredObjectDeleteMarker?: boolean };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

/**
 * Lifecycle rules for a versioned log bucket. The transition rule carries a size filter so small
 * objects never pay archive-class overhead; expiry, noncurrent expiry and multipart cleanup apply
 * to every object.
 * @throws Error when the plan violates a storage-class minimum (see {@link transitionProblem}).
 */
export function logLifecycleRules(plan: LogLifecyclePlan): LifecycleRule[] {
  const problem = transitionProblem(plan.storageClass, plan.transitionDays, plan.expirationDays);
  if (problem) throw new Error(`lifecycle plan rejected: ${problem}`);
  return [
    {
      id: "archive-objects-over-128k",
      status: "Enabled",
      filter: { objectSizeGreaterThan: SMALL_OBJECT_BYTES },
      transitions: [{ days: plan.transitionDays, storageClass: plan.storageClass }],
    },
    {
      id: "expire-logs",
      status: "Enabled",
      filter: { prefix: "" },
      expiration: { days: plan.expirationDays },
      noncurrentVersionExpiration: { noncurrentDays: plan.noncurrentDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: plan.abortMultipartDays ?? 7 },
    },
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: { prefix: "" },
      expiration: { expiredObjectDeleteMarker: true },
    },
  ];
}
