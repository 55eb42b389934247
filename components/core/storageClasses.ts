/** S3 storage classes a lifecycle rule may move log objects to. */
export const ARCHIVE_STORAGE_CLASSES = [
  "STANDARD_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;

/** One of {@link ARCHIVE_STORAGE_CLASSES}. */
export type ArchiveStorageClass = (typeof ARCHIVE_STORAGE_CLASSES)[number];

/**
 * Days S3 bills an object in the class even when it is deleted earlier (the minimum storage
 * duration). Expiring an object sooner than this after its transition pays for days never used.
 */
export const MINIMUM_STORAGE_DAYS: Readonly<Record<ArchiveStorageClass, number>> = {
  STANDARD_IA: 30,
  INTELLIGENT_TIERING: 0,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

/** S3 rejects transitions to the infrequent-access classes earlier than 30 days after creation. */
const EARLIEST_TRANSITION_DAYS: Readonly<Partial<Record<ArchiveStorageClass, number>>> = {
  STANDARD_IA: 30,
};

/**
 * Objects under 128 KiB cost more in the archive classes than in STANDARD (per-object overhead
 * and minimum billable size), so transition rules only move larger objects.
 */
export const SMALL_OBJECT_BYTES = 128 * 1024;

/**
 * Why moving objects to `storageClass` after `transitionDays` and expiring them after
 * `expirationDays` is wasteful or rejected by S3; `undefined` when the plan is sound.
 */
export function transitionProblem(
  storageClass: ArchiveStorageClass,
  transitionDays: number,
  expirationDays: number,
): string | undefined {
  const earliest = EARLIEST_TRANSITION_DAYS[storageClass];
  if (earliest !== undefined && transitionDays < earliest) {
    return `S3 accepts transitions to ${storageClass} no earlier than day ${earliest}, got day ${transitionDays}`;
  }
  if (transitionDays >= expirationDays) {
    return `the transition (day ${transitionDays}) must come before the expiration (day ${expirationDays})`;
  }
  const minimum = MINIMUM_STORAGE_DAYS[storageClass];
  const kept = expirationDays - transitionDays;
  if (kept < minimum) {
    const stay =
      `objects would stay ${kept} days in ${storageClass} before expiring on day ${expirationDays}, ` +
      `but ${storageClass} bills a ${minimum}-day minimum`;
    const latestTransition = expirationDays - minimum;
    const expireBy = `expire on day ${transitionDays + minimum} or later`;
    // A transition day before 0 (or before the class's earliest) cannot be configured, so only a
    // later expiry (or another class) can fix the plan; say so instead of naming a day -60.
    return latestTransition >= (earliest ?? 0)
      ? `${stay}; transition by day ${latestTransition} or ${expireBy}`
      : `${stay}, which even a transition on day ${earliest ?? 0} cannot meet; ${expireBy}, or keep the objects out of ${storageClass}`;
  }
  return undefined;
}

/** Where server access logs go once they are a month old (they are rarely read after that). */
export const ACCESS_LOG_ARCHIVE: { storageClass: ArchiveStorageClass; transitionDays: number } = {
  storageClass: "GLACIER_IR",
  transitionDays: 30,
};

/** The archive classes log buckets may transition to (the controls require one of these). */
export const LOG_ARCHIVE_CLASSES = ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
