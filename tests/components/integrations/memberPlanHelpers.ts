import * as assert from "assert";
import { PlanResource } from "../../../tools/offline/plan";
import { packFindings as gateFindings } from "../../policies/packGate";
import { providerInput } from "../plan";

/** Resource types of the integrations, as the engine names them. */
export const INTEGRATION_TYPES = {
  provider: "pulumi:providers:aws",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  destination: "aws:cloudwatch/logDestination:LogDestination",
  destinationPolicy: "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy",
  accountPolicy: "aws:cloudwatch/logAccountPolicy:LogAccountPolicy",
  subscriptionFilter: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  flowLog: "aws:ec2/flowLog:FlowLog",
  accountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  key: "aws:kms/key:Key",
  parameterGroup: "aws:redshift/parameterGroup:ParameterGroup",
  redshiftLogging: "aws:redshift/logging:Logging",
  cluster: "aws:redshift/cluster:Cluster",
  namespace: "aws:redshiftserverless/namespace:Namespace",
  lambda: "aws:lambda/function:Function",
} as const;

/** The account of a resource's explicit provider, and the Region it acts in (its own or the provider's). */
export function targetOf(
  plan: readonly PlanResource[],
  r: PlanResource,
): { accountId: string; region: string } {
  const provider = plan.find((p) => p.urn === r.provider);
  assert.ok(provider, `${r.type} ${r.name} has no explicit provider`);
  return {
    accountId: providerInput<string[]>(provider, "allowedAccountIds")[0],
    region: String(r.inputs["region"] ?? provider.inputs["region"]),
  };
}

/** The top-level component a resource belongs to (its ancestor just below the stack). */
export function topComponentOf(plan: readonly PlanResource[], r: PlanResource): PlanResource {
  const parent = r.parent === undefined ? undefined : plan.find((p) => p.urn === r.parent);
  return parent === undefined || parent.type === "pulumi:pulumi:Stack"
    ? r
    : topComponentOf(plan, parent);
}

/** The custom resources under the top-level component named `name`. */
export function resourcesUnder(plan: readonly PlanResource[], name: string): PlanResource[] {
  return plan.filter((r) => r.custom && topComponentOf(plan, r).name === name);
}

/** A JSON-string input parsed back. */
export function jsonInput<T>(r: PlanResource, field: string): T {
  const raw = r.inputs[field];
  assert.strictEqual(typeof raw, "string", `${r.name}.${field} is not a JSON string`);
  return JSON.parse(raw as string) as T;
}

/** Findings of the policy pack (default config) over a plan, as `<policy>: <message>`. */
export async function packFindings(
  plan: readonly PlanResource[],
  policyNames: readonly string[],
): Promise<string[]> {
  return (await gateFindings(plan))
    .filter((f) => policyNames.includes(f.policy))
    .map((f) => `${f.policy}: ${f.detail}`);
}
