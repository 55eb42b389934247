import { Resource } from "@pulumi/pulumi";
import {
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "../../policies/lib/runtime";
import { PlanResource } from "../offline/plan";

/**
 * Builds the argument bags @pulumi/policy 1.21's analyzer server (server.js) hands to policies,
 * from the offline plan instead of gRPC requests. Which properties a policy sees follows the
 * runtime: resource policies run in `Analyze`, which the engine calls with a resource's *inputs*
 * before it is created or updated; stack policies run in `AnalyzeStack`, which gets every
 * resource's *outputs* once the deployment (or preview) is done. So `ResourceValidationArgs.props`
 * are the plan's `inputs` and `PolicyResource.props` are its `outputs`.
 */

/** `args.notApplicable(reason)` — caught by the evaluator and recorded, never reported. */
export class NotApplicableError extends Error {
  constructor(readonly reason: string | undefined) {
    super(reason ?? "Policy does not apply");
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableError(reason);
}

/** `__pulumiType` as the runtime reads it: a non-empty string or nothing. */
export function pulumiTypeOf(obj: unknown): string | undefined {
  const t = (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
}

/** The runtime's `isTypeOf`: the class's `__pulumiType`, else its `isInstance`. */
export function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = pulumiTypeOf(resourceClass);
  if (token) return type === token;
  const isInstance = (resourceClass as { isInstance?: unknown }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Plain JSON as the runtime's deserializer yields it: undefined properties dropped, secrets
 * unwrapped to their values (policies see plaintext).
 */
export function policyValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(policyValue);
  const obj = value as Record<string, unknown>;
  if (obj[SIG_KEY] === SECRET_SIG) return policyValue(obj["value"]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = policyValue(v);
  return out;
}

function proxied(props: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(policyValue(props) as Record<string, unknown>);
}

/**
 * The runtime's resource options. The plan records `protect` and `parent`; the options it does not
 * record (ignoreChanges, aliases, timeouts, additional secret outputs) get the values the engine
 * sends when they are unset.
 */
export function resourceOptions(r: PlanResource): PolicyResourceOptions {
  const opts: PolicyResourceOptions = {
    protect: r.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
  if (r.parent) opts.parent = r.parent;
  return opts;
}

/** The explicit provider of a resource; resources on the default provider have none offline. */
export function providerResource(
  r: PlanResource,
  byUrn: ReadonlyMap<string, PlanResource>,
): PolicyProviderResource | undefined {
  const provider = r.provider ? byUrn.get(r.provider) : undefined;
  if (!provider) return undefined;
  return {
    type: provider.type,
    props: proxied(provider.inputs),
    urn: provider.urn,
    name: provider.name,
  };
}

/** Tags of the stack; Pulumi Cloud supplies them, offline there are none. */
export const EMPTY_STACK_TAGS: ReadonlyMap<string, string> = Object.freeze(
  new Map<string, string>(),
);

/** `ResourceValidationArgs` for one resource, with its inputs behind the unknown-checking proxy. */
export function resourceValidationArgs(
  r: PlanResource,
  byUrn: ReadonlyMap<string, PlanResource>,
  config: Record<string, unknown>,
): ResourceValidationArgs {
  const props = proxied(r.inputs);
  const args: ResourceValidationArgs = {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: resourceOptions(r),
    stackTags: EMPTY_STACK_TAGS,
    isType: (resourceClass) => isTypeOf(r.type, resourceClass),
    asType: <TResource extends Resource, TArgs>(resourceClass: {
      new (name: string, args: TArgs, ...rest: never[]): TResource;
    }) => (isTypeOf(r.type, resourceClass) ? (props as never) : undefined),
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable: throwNotApplicable,
  };
  const provider = providerResource(r, byUrn);
  if (provider) args.provider = provider;
  return args;
}

/** Every resource as a `PolicyResource`, outputs as props, links resolved to objects. */
export function policyResources(plan: readonly PlanResource[]): PolicyResource[] {
  const byUrn = new Map(plan.map((r) => [r.urn, r]));
  const resources = plan.map((r) => {
    const props = proxied(r.outputs);
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: resourceOptions(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(r.type, resourceClass),
      asType: (resourceClass) => (isTypeOf(r.type, resourceClass) ? (props as never) : undefined),
    };
    const provider = providerResource(r, byUrn);
    if (provider) resource.provider = provider;
    return resource;
  });
  const objects = new Map(resources.map((r) => [r.urn, r]));
  plan.forEach((r, i) => {
    const resource = resources[i];
    const parent = r.parent ? objects.get(r.parent) : undefined;
    if (parent) resource.parent = parent;
    resource.dependencies = r.dependencies
      .map((d) => objects.get(d))
      .filter((d): d is PolicyResource => d !== undefined);
    for (const [key, urns] of Object.entries(r.propertyDependencies)) {
      resource.propertyDependencies[key] = urns
        .map((d) => objects.get(d))
        .filter((d): d is PolicyResource => d !== undefined);
    }
  });
  return resources;
}

/** `StackValidationArgs` over the whole plan. */
export function stackValidationArgs(
  resources: PolicyResource[],
  config: Record<string, unknown>,
): StackValidationArgs {
  return {
    resources,
    stackTags: EMPTY_STACK_TAGS,
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable: throwNotApplicable,
  };
}
