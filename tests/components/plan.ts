import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement } from "../../components/core/policyDocument";
import { PlanResource, resourcesOfType } from "../../tools/offline/plan";
import { installRecordingMocks } from "../../tools/offline/recordingMocks";
import { PLATFORM_DIR, resolveStack } from "../../tools/offline/resolveStack";
import { synthesize, synthesizeStack } from "../../tools/offline/synthesize";

export const TYPES = {
  provider: "pulumi:providers:aws",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  encryption:
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  trail: "aws:cloudtrail/trail:Trail",
  eventDataStore: "aws:cloudtrail/eventDataStore:EventDataStore",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const cache = new Map<string, Promise<PlanResource[]>>();

/** The platform stack's plan, synthesized once per process (each synthesis costs seconds). */
export function platformPlan(stack: "dev" | "prod"): Promise<PlanResource[]> {
  let plan = cache.get(stack);
  if (!plan) {
    plan = synthesize(PLATFORM_DIR, stack);
    cache.set(stack, plan);
  }
  return plan;
}

const memberCache = new Map<string, Promise<PlanResource[]>>();

/**
 * A member stack's plan (`<env>-<account id>`, derived from `Pulumi.<env>.yaml`), synthesized
 * once per process after its platform stack, whose outputs answer its StackReference.
 */
export function memberPlan(env: "dev" | "prod", accountId: string): Promise<PlanResource[]> {
  const stack = `${env}-${accountId}`;
  let plan = memberCache.get(stack);
  if (!plan) {
    plan = synthesizeStack(resolveStack(stack, PLATFORM_DIR));
    memberCache.set(stack, plan);
  }
  return plan;
}

/** Registers whatever `build` declares under fresh mocks and returns the recorded resources. */
export async function recordResources(build: () => void): Promise<PlanResource[]> {
  const recorder = await installRecordingMocks("unit", "test");
  await pulumi.runtime.runInPulumiStack(async () => {
    build();
    return undefined;
  });
  await pulumi.runtime.disconnect();
  return recorder.resources;
}

/** The analytics account's data key (lake, Athena results, OpenSearch, EMR). */
export function analyticsKey(plan: readonly PlanResource[]): PlanResource {
  const key = plan.find(
    (r) => r.type === TYPES.key && String(r.inputs["description"]).startsWith("Analytics data"),
  );
  assert.ok(key, "the plan has no analytics data key");
  return key;
}

/** The security topic: the management account's alarm topic, every platform alarm's target. */
export function securityTopic(plan: readonly PlanResource[]): PlanResource {
  const found = plan.filter((r) => r.type === TYPES.topic && r.name === "cis-alarms-topic");
  assert.strictEqual(found.length, 1, `expected one security topic, got ${found.length}`);
  return found[0];
}

/** Resources of one type token (the offline plan's own filter). */
export const ofType = resourcesOfType;

/** The one resource of `type` whose input `field` equals `value`. */
export function oneWhere(
  plan: readonly PlanResource[],
  type: string,
  field: string,
  value: unknown,
): PlanResource {
  const found = ofType(plan, type).filter((r) => r.inputs[field] === value);
  assert.strictEqual(
    found.length,
    1,
    `expected one ${type} with ${field}=${String(value)}, got ${found.length}`,
  );
  return found[0];
}

/** The one resource of `type`. */
export function only(plan: readonly PlanResource[], type: string): PlanResource {
  const found = ofType(plan, type);
  assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
  return found[0];
}

/** A policy input (JSON string) parsed back into a document. */
export function policyOf(resource: PlanResource, field = "policy"): PolicyDocument {
  const raw = resource.inputs[field];
  assert.strictEqual(typeof raw, "string", `${resource.name}.${field} is not a JSON string`);
  return JSON.parse(raw as string) as PolicyDocument;
}

/** The statement with `sid`. */
export function statement(doc: PolicyDocument, sid: string): PolicyStatement {
  const s = doc.Statement.find((st) => st.Sid === sid);
  assert.ok(s, `no statement ${sid} (have ${doc.Statement.map((st) => st.Sid).join(", ")})`);
  return s;
}

/** A provider's nested inputs, which reach the engine JSON-encoded. */
export function providerInput<T>(provider: PlanResource, field: string): T {
  const raw = provider.inputs[field];
  return (typeof raw === "string" ? JSON.parse(raw) : raw) as T;
}

/** Resources attached to the bucket named `bucketName` (their `bucket` input). */
export function attachedTo(
  plan: readonly PlanResource[],
  type: string,
  bucketName: string,
): PlanResource[] {
  return ofType(plan, type).filter((r) => r.inputs["bucket"] === bucketName);
}
