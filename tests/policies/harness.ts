import * as assert from "assert";
import { Policies } from "@pulumi/policy";
import { PlanResource } from "../../tools/offline/plan";
import { GivenConfig } from "../../tools/policy/packConfig";
import { Diagnostic, PolicyGate } from "../../tools/policy/session";
import { InProcessAnalyzer, serveInProcess } from "./inProcessAnalyzer";

/** What the runtime puts in place of a string that is unknown during preview (proxy.js). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** …and of an unknown boolean. */
export const UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

const PROJECT = "policy-test";
const STACK = "test";

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/** Options of a test resource: which other resources each input came from, parent, provider. */
export interface ResOptions {
  deps?: Record<string, PlanResource[]>;
  parent?: PlanResource;
  /** Outputs beyond the inputs (the provider's computed values). */
  outputs?: Record<string, unknown>;
}

/**
 * A planned resource whose inputs are `props` and whose outputs are `props` plus `outputs`, the
 * way the offline harness records them.
 */
export function res(
  type: string,
  name: string,
  props: Record<string, unknown> = {},
  opts: ResOptions = {},
): PlanResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, from] of Object.entries(opts.deps ?? {})) {
    propertyDependencies[key] = from.map((r) => r.urn);
  }
  return {
    urn: urnOf(type, name),
    type,
    name,
    custom: !type.startsWith("awsx:"),
    inputs: props,
    outputs: { ...props, ...(opts.outputs ?? {}) },
    parent: opts.parent?.urn,
    protect: false,
    retainOnDelete: false,
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
  };
}

let analyzer: Promise<InProcessAnalyzer> | undefined;
let queue: Promise<unknown> = Promise.resolve();

// The in-process server lives as long as the test run; the root hook closes it so mocha can end.
if (typeof after === "function") {
  after(async () => (await analyzer)?.shutdown());
}

/**
 * Runs one policy over resources exactly as the gate does: @pulumi/policy's analyzer serves the
 * policy (in this process), and the gate's own session reconciles `config`, sends `Configure`,
 * then `Analyze` per resource and `AnalyzeStack`, all over gRPC.
 */
export function run(
  policy: Policies[number],
  resources: PlanResource[],
  config: GivenConfig = {},
): Promise<Diagnostic[]> {
  const turn = queue.then(async () => {
    analyzer ??= serveInProcess("aws-logging-guardrails", "0.0.0-test");
    const served = await analyzer;
    served.policies.splice(0, served.policies.length, policy);
    const gate = await PolicyGate.connect(served.address);
    try {
      await gate.configure(config);
      return await gate.analyze(resources);
    } finally {
      await gate.close();
    }
  });
  queue = turn.catch(() => undefined);
  return turn;
}

/** Config for one policy in the `--policy-pack-config` shape. */
export function configFor(policy: string, properties: Record<string, unknown>): GivenConfig {
  return { [policy]: { properties } };
}

/** `<level> <resource name>: <what the policy reported>`, one line per diagnostic. */
export function lines(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const name = d.urn ? d.urn.split("::").pop() : "(stack)";
    const detail = d.message.startsWith(`${d.description}\n`)
      ? d.message.slice(d.description.length + 1)
      : d.message;
    return `${d.enforcementLevel} ${name}: ${detail}`;
  });
}

export function assertClean(diagnostics: Diagnostic[]): void {
  assert.deepStrictEqual(lines(diagnostics), []);
}

/** Exactly these diagnostics, in order. */
export function assertLines(diagnostics: Diagnostic[], expected: string[]): void {
  assert.deepStrictEqual(lines(diagnostics), expected);
}

/** Types used across the tests. */
export const T = {
  bucket: "aws:s3/bucket:Bucket",
  bucketLogging: "aws:s3/bucketLogging:BucketLogging",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  trail: "aws:cloudtrail/trail:Trail",
  eventDataStore: "aws:cloudtrail/eventDataStore:EventDataStore",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  recorder: "aws:cfg/recorder:Recorder",
  key: "aws:kms/key:Key",
  redshiftCluster: "aws:redshift/cluster:Cluster",
  redshiftLogging: "aws:redshift/logging:Logging",
  redshiftParams: "aws:redshift/parameterGroup:ParameterGroup",
  serverlessNamespace: "aws:redshiftserverless/namespace:Namespace",
  emrCluster: "aws:emr/cluster:Cluster",
  emrSecurity: "aws:emr/securityConfiguration:SecurityConfiguration",
  domain: "aws:opensearch/domain:Domain",
  lambda: "aws:lambda/function:Function",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  elb: "aws:elb/loadBalancer:LoadBalancer",
  apiStage: "aws:apigateway/stage:Stage",
  apiV2Stage: "aws:apigatewayv2/stage:Stage",
  distribution: "aws:cloudfront/distribution:Distribution",
  rdsInstance: "aws:rds/instance:Instance",
  rdsCluster: "aws:rds/cluster:Cluster",
  eks: "aws:eks/cluster:Cluster",
  vpc: "aws:ec2/vpc:Vpc",
  awsxVpc: "awsx:ec2:Vpc",
  flowLog: "aws:ec2/flowLog:FlowLog",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  firewall: "aws:networkfirewall/firewall:Firewall",
  firewallLogging: "aws:networkfirewall/loggingConfiguration:LoggingConfiguration",
  msk: "aws:msk/cluster:Cluster",
  workgroup: "aws:athena/workgroup:Workgroup",
  iamPolicy: "aws:iam/policy:Policy",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
} as const;
