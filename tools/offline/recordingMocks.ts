import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  ProviderTarget,
  invokeResult,
  physicalName,
  resourceArn,
  resourceId,
  stableSuffix,
} from "./mockCloud";
import { PlanResource, providerAccountId } from "./plan";

/** The subset of RegisterResourceRequest this recorder reads (protobuf getters). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom(): boolean;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
interface RegisterResponse {
  getUrn(): string;
}
type Callback = (err: unknown, response: RegisterResponse | undefined) => void;

/** The type token of `pulumi.StackReference`. */
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** A provider reference is `<urn>::<id>`; the URN itself contains `::`. */
function providerUrn(ref: string): string | undefined {
  if (!ref) return undefined;
  const cut = ref.lastIndexOf("::");
  return cut > 0 ? ref.slice(0, cut) : ref;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : {};
}

/** Outputs a type reports beyond its inputs, for the types whose outputs programs read. */
function extraOutputs(
  type: string,
  physical: string,
  id: string,
  target: ProviderTarget,
): Record<string, unknown> {
  const r = target.region;
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return {
        bucket: physical,
        bucketDomainName: `${physical}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${physical}.s3.${r}.amazonaws.com`,
        region: r,
      };
    case "aws:kms/key:Key":
      return { keyId: id };
    case "aws:iam/role:Role":
      return { uniqueId: `AROA${stableSuffix(physical).toUpperCase()}` };
    case "awsx:ec2:Vpc": {
      const azs = ["a", "b", "c"];
      return {
        vpcId: `vpc-${stableSuffix(physical)}`,
        privateSubnetIds: azs.map((z) => `subnet-priv${z}${stableSuffix(physical).slice(0, 5)}`),
        publicSubnetIds: azs.map((z) => `subnet-pub${z}${stableSuffix(physical).slice(0, 6)}`),
        isolatedSubnetIds: [],
      };
    }
    case "aws:opensearch/domain:Domain":
      return {
        endpoint: `vpc-${physical}-${stableSuffix(physical)}.${r}.es.amazonaws.com`,
        domainId: `${target.accountId}/${physical}`,
      };
    case "aws:sqs/queue:Queue":
      return { url: `https://sqs.${r}.amazonaws.com/${target.accountId}/${physical}` };
    case "aws:emr/cluster:Cluster":
      return { masterPublicDns: `ip-10-0-0-1.${r}.compute.internal`, clusterState: "WAITING" };
    default:
      return {};
  }
}

/**
 * Mocks plus a monitor that records every registration with its options and references,
 * so the offline plan carries what the engine would know (parent, provider, protect,
 * property dependencies), not only what `MockResourceArgs` exposes.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  /** Everything registered, in registration order. */
  readonly resources: PlanResource[] = [];

  /** @param stackOutputs outputs of the stacks a StackReference may name, by fully qualified name. */
  constructor(
    private readonly stackOutputs: Readonly<Record<string, Record<string, unknown>>> = {},
  ) {}
  private readonly targets = new Map<string, ProviderTarget>();
  private readonly pending = new Map<string, Record<string, unknown>>();

  /** The account and Region a resource or invoke acts in: its provider's, or its own `region`. */
  private targetOf(
    providerRef: string | undefined,
    inputs: Record<string, unknown>,
  ): ProviderTarget {
    const urn = providerRef ? providerUrn(providerRef) : undefined;
    const target = (urn && this.targets.get(urn)) || {
      accountId: DEFAULT_ACCOUNT_ID,
      region: DEFAULT_REGION,
    };
    const region = inputs["region"];
    return typeof region === "string" && region !== "" ? { ...target, region } : target;
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = asRecord(args.inputs);
    if (args.type === STACK_REFERENCE_TYPE) return this.stackReference(inputs);
    const target = this.targetOf(args.provider, inputs);
    const physical = physicalName(args.type, args.name, inputs);
    const id = resourceId(args.type, args.name, physical);
    const arn = resourceArn(args.type, physical, id, target);
    const state: Record<string, unknown> = {
      ...inputs,
      ...(arn ? { arn } : {}),
      ...(inputs["name"] === undefined ? { name: physical } : {}),
      ...extraOutputs(args.type, physical, id, target),
    };
    this.pending.set(`${args.type}::${args.name}`, state);
    return { id: args.custom === false ? undefined : id, state };
  }

  /**
   * A StackReference reads another stack's outputs: offline, those of a stack synthesized first.
   * @throws Error naming the reference when no synthesized stack answers to it.
   */
  private stackReference(inputs: Record<string, unknown>): pulumi.runtime.MockResourceResult {
    const name = String(inputs["name"]);
    const outputs = this.stackOutputs[name];
    if (outputs === undefined) {
      const known = Object.keys(this.stackOutputs);
      throw new Error(
        `offline synthesis: StackReference "${name}" names no stack synthesized first ` +
          `(known: ${known.join(", ") || "none"})`,
      );
    }
    return { id: name, state: { name, outputs, secretOutputNames: [] } };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const inputs = asRecord(args.inputs);
    return invokeResult(args.token, inputs, this.targetOf(args.provider, inputs));
  }

  /** Called by the monitor once the URN is known. */
  record(req: RegisterRequest, urn: string, inputs: Record<string, unknown>): void {
    const type = req.getType();
    const name = req.getName();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
      const urns = value.getUrnsList();
      if (urns.length > 0) propertyDependencies[key] = urns;
    });
    const entry: PlanResource = {
      urn,
      type,
      name,
      custom: req.getCustom(),
      inputs,
      outputs: this.pending.get(`${type}::${name}`) ?? {},
      parent: req.getParent() || undefined,
      provider: providerUrn(req.getProvider()),
      protect: req.getProtect() === true,
      retainOnDelete: req.getRetainondelete() === true,
      dependencies: req.getDependenciesList(),
      propertyDependencies,
    };
    this.pending.delete(`${type}::${name}`);
    if (type.startsWith("pulumi:providers:")) {
      const accountId = providerAccountId(entry) ?? DEFAULT_ACCOUNT_ID;
      const region = typeof inputs["region"] === "string" ? inputs["region"] : DEFAULT_REGION;
      this.targets.set(urn, { accountId, region });
    }
    this.resources.push(entry);
  }
}

/** The SDK's MockMonitor, with each registration also handed to the recorder. */
export class RecordingMonitor extends MockMonitor {
  constructor(private readonly recorder: RecordingMocks) {
    super(recorder);
  }

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    const rpc = await import("@pulumi/pulumi/runtime/rpc");
    const object = (
      req as unknown as { getObject(): Parameters<typeof rpc.deserializeProperties>[0] }
    ).getObject();
    const inputs = asRecord(rpc.deserializeProperties(object));
    return super.registerResource(req, (err: unknown, response: RegisterResponse | undefined) => {
      if (!err && response) this.recorder.record(req, response.getUrn(), inputs);
      callback(err, response);
    });
  }
}

/**
 * Points the Pulumi runtime at a fresh recorder. Returns the recorder; its `resources`
 * fill up as the program registers resources.
 */
export async function installRecordingMocks(
  project: string,
  stack: string,
  stackOutputs: Readonly<Record<string, Record<string, unknown>>> = {},
): Promise<RecordingMocks> {
  const recorder = new RecordingMocks(stackOutputs);
  // setMocks switches on the monitor features mocks support; then swap in our monitor.
  await pulumi.runtime.setMocks(recorder, project, stack, false);
  const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as {
    setMockOptions(monitor: unknown, project?: string, stack?: string, preview?: boolean): void;
  };
  settings.setMockOptions(new RecordingMonitor(recorder), project, stack, false);
  return recorder;
}
