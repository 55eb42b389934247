import { PolicyResource } from "@pulumi/policy";
import { isUnknownValueError } from "./runtime";

/** A type token, e.g. `aws:s3/bucketLogging:BucketLogging`. */
export type TypeToken = string;

/** The resources of one or more types, in stack order. */
export function ofType(
  resources: readonly PolicyResource[],
  ...types: TypeToken[]
): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}

/** A property value read from outputs, or `undefined` when it is unknown during preview. */
function readKnown(resource: PolicyResource, key: string): unknown {
  try {
    return resource.props[key];
  } catch (e) {
    if (isUnknownValueError(e)) return undefined;
    throw e;
  }
}

/**
 * True when `from.<property>` refers to `target`. The engine records which resources each input
 * came from (propertyDependencies), which holds even while the value itself is unknown during
 * preview, so that is checked first. Hard-coded names and ids leave no such record; then the
 * value (after `normalize`, e.g. an S3 ARN to its bucket name) is compared with the target's
 * outputs named in `targetKeys`.
 */
export function refersTo(
  from: PolicyResource,
  property: string,
  target: PolicyResource,
  targetKeys: readonly string[],
  value: (from: PolicyResource) => unknown = (r) => r.props[property],
  normalize: (v: string) => string = (v) => v,
): boolean {
  const deps = from.propertyDependencies[property] ?? [];
  if (deps.some((d) => d.urn === target.urn)) return true;
  let raw: unknown;
  try {
    raw = value(from);
  } catch (e) {
    // Recorded dependencies on other resources already rule the target out.
    if (isUnknownValueError(e) && deps.length > 0) return false;
    throw e;
  }
  if (typeof raw !== "string" || raw.length === 0) return false;
  const wanted = normalize(raw);
  return targetKeys.some((key) => {
    const have = readKnown(target, key);
    return typeof have === "string" && have.length > 0 && (have === wanted || have === raw);
  });
}

/** The bucket name in an S3 reference: ARN, `s3://` URI, domain name or plain name. */
export function s3BucketName(ref: string): string {
  const arn = /^arn:[^:]+:s3:::([^/]+)/.exec(ref);
  if (arn) return arn[1];
  const uri = /^s3n?:\/\/([^/]+)/.exec(ref);
  if (uri) return uri[1];
  const domain = /^([^/]+?)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com/.exec(ref);
  if (domain) return domain[1];
  return ref;
}

/** The log group name in a CloudWatch Logs ARN (`...:log-group:<name>` or `...:<name>:*`). */
export function logGroupNameFromArn(arn: string): string | undefined {
  return /:log-group:([^:]+)/.exec(arn)?.[1];
}

/**
 * True when `a.<aProp>` and `b.<bProp>` name the same thing, e.g. a MethodSettings' and a Stage's
 * `restApi`: both came from the same resource, one's value matches the resource the other came
 * from (its outputs named in `targetKeys`), or both hold the same hard-coded value.
 */
export function sameReference(
  a: PolicyResource,
  aProp: string,
  b: PolicyResource,
  bProp: string,
  targetKeys: readonly string[],
): boolean {
  const aDeps = a.propertyDependencies[aProp] ?? [];
  const bDeps = b.propertyDependencies[bProp] ?? [];
  if (aDeps.some((d) => refersTo(b, bProp, d, targetKeys))) return true;
  if (bDeps.some((d) => refersTo(a, aProp, d, targetKeys))) return true;
  if (aDeps.length > 0 || bDeps.length > 0) return false;
  const value = a.props[aProp];
  return typeof value === "string" && value.length > 0 && value === b.props[bProp];
}
