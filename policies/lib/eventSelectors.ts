/** What a CloudTrail trail records, read from its basic or advanced event selectors. */

/** Field selectors of one advanced event selector, as plain data. */
export interface FieldSelector {
  field: string;
  equals?: string[];
}

/** The event-selector inputs of a trail, as the policies read them. */
export interface TrailSelectors {
  eventSelectors?: {
    includeManagementEvents?: boolean;
    readWriteType?: string;
    dataResources?: { type: string; values: string[] }[];
  }[];
  advancedEventSelectors?: { fieldSelectors: FieldSelector[] }[];
}

/** Read and write coverage of one kind of event. */
export interface ReadWrite {
  read: boolean;
  write: boolean;
}

function fieldEquals(selectors: FieldSelector[], field: string): string[] | undefined {
  return selectors.find((f) => f.field === field)?.equals;
}

/** Whether a trail records management events (read and write). */
export function recordsManagementEvents(trail: TrailSelectors): boolean {
  if (trail.advancedEventSelectors && trail.advancedEventSelectors.length > 0) {
    return trail.advancedEventSelectors.some((s) => {
      const category = fieldEquals(s.fieldSelectors, "eventCategory");
      const readOnly = s.fieldSelectors.find((f) => f.field === "readOnly");
      return category?.includes("Management") === true && readOnly === undefined;
    });
  }
  if (!trail.eventSelectors || trail.eventSelectors.length === 0) return true;
  return trail.eventSelectors.some(
    (s) => s.includeManagementEvents !== false && (s.readWriteType ?? "All") === "All",
  );
}

/**
 * Whether a trail records data events of `resourceType` (`AWS::S3::Object`,
 * `AWS::Lambda::Function`) for every resource of that type: a basic selector must name the whole
 * partition (`allResourcesValue`, e.g. `arn:aws:s3`), while an advanced selector on the type
 * counts even with ARN filters (they exclude resources on purpose, such as the trail's own bucket).
 */
export function recordsDataEvents(
  trail: TrailSelectors,
  resourceType: string,
  allResourcesValue: RegExp,
): ReadWrite {
  const seen = { read: false, write: false };
  for (const s of trail.eventSelectors ?? []) {
    const all = (s.dataResources ?? []).some(
      (d) => d.type === resourceType && d.values.some((v) => allResourcesValue.test(v)),
    );
    if (!all) continue;
    const rw = s.readWriteType ?? "All";
    if (rw === "All" || rw === "ReadOnly") seen.read = true;
    if (rw === "All" || rw === "WriteOnly") seen.write = true;
  }
  for (const s of trail.advancedEventSelectors ?? []) {
    const f = s.fieldSelectors;
    if (!fieldEquals(f, "eventCategory")?.includes("Data")) continue;
    if (!fieldEquals(f, "resources.type")?.includes(resourceType)) continue;
    const readOnly = fieldEquals(f, "readOnly");
    if (readOnly === undefined || readOnly.includes("true")) seen.read = true;
    if (readOnly === undefined || readOnly.includes("false")) seen.write = true;
  }
  return seen;
}

/** Every S3 object: `arn:aws:s3`, `arn:aws:s3:::` or `arn:aws:s3:::*` in any partition. */
export const ALL_S3_OBJECTS = /^arn:[^:]+:s3(:::(\*(\/\*)?)?)?$/;
/** Every Lambda function: `arn:aws:lambda` in any partition. */
export const ALL_LAMBDA_FUNCTIONS = /^arn:[^:]+:lambda$/;
