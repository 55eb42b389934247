import { Severity } from "@pulumi/policy";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PlanResource } from "../offline/plan";
import { AnalyzerCallError, AnalyzerConnection } from "./analyzerClient";
import {
  PackInfo,
  levelFromProto,
  levelToProto,
  packInfoFromProto,
  severityFromProto,
} from "./packInfo";
import { GivenConfig, reconcileConfig } from "./packConfig";
import { PACK_DIR, PackProcess, startPack } from "./packProcess";
import { PlanWire } from "./wire";

/** One diagnostic, as the analyzer's AnalyzeDiagnostic carries it. */
export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /** The runtime's message: the policy description, a newline, then what the policy reported. */
  message: string;
  /** The resource the diagnostic is about; absent for stack-wide findings. */
  urn?: string;
  enforcementLevel: "advisory" | "mandatory";
  severity?: Severity;
}

/** A policy threw, or the pack failed a call: the gate cannot decide. */
export class PolicyRuntimeError extends Error {
  override readonly name = "PolicyRuntimeError";
}

/** Which stack a plan is, for `ConfigureStack`. */
export interface StackIdentity {
  project: string;
  stack: string;
}

// Analyze calls in flight at once: the pack answers them one by one, this only hides latency.
const IN_FLIGHT = 16;

function diagnostic(d: analyzerproto.AnalyzeDiagnostic, analyzedUrn?: string): Diagnostic {
  const level = levelFromProto(d.getEnforcementlevel());
  const out: Diagnostic = {
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    description: d.getDescription(),
    message: d.getMessage(),
    // The engine reports a resource policy's diagnostic against the resource it analyzed when
    // the policy names no URN; it treats "remediate" as "mandatory" (the runtime already does).
    enforcementLevel: level === "advisory" ? "advisory" : "mandatory",
  };
  const urn = d.getUrn() || analyzedUrn;
  if (urn) out.urn = urn;
  const severity = severityFromProto(d.getSeverity());
  if (severity) out.severity = severity;
  return out;
}

function runtimeError(e: unknown): unknown {
  return e instanceof AnalyzerCallError ? new PolicyRuntimeError(e.message) : e;
}

/**
 * The engine's half of a policy check, against one policy pack process: `GetAnalyzerInfo` once,
 * then `Configure` with the reconciled config, then per plan `ConfigureStack`, `Analyze` for
 * every resource and `AnalyzeStack` once. One session serves any number of stacks.
 */
export class PolicyGate {
  private configured = false;

  private constructor(
    private readonly connection: AnalyzerConnection,
    /** The pack as `GetAnalyzerInfo` describes it. */
    readonly pack: PackInfo,
    private readonly process?: PackProcess,
  ) {}

  /**
   * Starts the pack in `packDir` (see startPack) and asks it what it is. Aborting `signal`
   * stops a pack that is still starting.
   */
  static async start(packDir: string = PACK_DIR, signal?: AbortSignal): Promise<PolicyGate> {
    const pack = await startPack(packDir, { signal });
    try {
      return await PolicyGate.connect(pack.address, pack);
    } catch (e) {
      await pack.stop();
      throw e;
    }
  }

  /** A session with an analyzer already listening on `address`. */
  static async connect(address: string, process?: PackProcess): Promise<PolicyGate> {
    const connection = new AnalyzerConnection(address);
    try {
      const info = await connection.getAnalyzerInfo();
      return new PolicyGate(connection, packInfoFromProto(info), process);
    } catch (e) {
      connection.close();
      throw runtimeError(e);
    }
  }

  /**
   * Reconciles `given` with the pack's defaults, validates it against the schemas the pack
   * reported and sends it with `Configure`.
   * @throws PolicyConfigError naming the policy, the property and what its schema allows.
   */
  async configure(given: GivenConfig = {}, source?: string): Promise<void> {
    const settings = reconcileConfig(this.pack, given, source);
    const req = new analyzerproto.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, s] of settings) {
      const c = new analyzerproto.PolicyConfig();
      c.setEnforcementlevel(levelToProto(s.enforcementLevel));
      // Always a Struct, as the engine sends it: the runtime reads it without a null check.
      c.setProperties(
        Struct.fromJavaScript(s.properties as Parameters<typeof Struct.fromJavaScript>[0]),
      );
      map.set(name, c);
    }
    try {
      await this.connection.configure(req);
    } catch (e) {
      throw runtimeError(e);
    }
    this.configured = true;
  }

  /** Every diagnostic the pack reports on `plan`: resource by resource, then the stack's. */
  async analyze(plan: readonly PlanResource[], stack?: StackIdentity): Promise<Diagnostic[]> {
    if (!this.configured) await this.configure({});
    try {
      if (stack) {
        const req = new analyzerproto.AnalyzerStackConfigureRequest();
        req.setProject(stack.project);
        req.setStack(stack.stack);
        req.setDryRun(true);
        await this.connection.configureStack(req);
      }
      const wire = new PlanWire(plan);
      const perResource: Diagnostic[][] = new Array(plan.length);
      let next = 0;
      const worker = async () => {
        while (next < plan.length) {
          const i = next++;
          const res = await this.connection.analyze(await wire.analyzeRequest(plan[i]));
          perResource[i] = res.getDiagnosticsList().map((d) => diagnostic(d, plan[i].urn));
        }
      };
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, plan.length) }, worker));
      const stackRes = await this.connection.analyzeStack(await wire.analyzeStackRequest());
      return [...perResource.flat(), ...stackRes.getDiagnosticsList().map((d) => diagnostic(d))];
    } catch (e) {
      throw runtimeError(e);
    }
  }

  /** CPU time the pack process this session started has used, in ms (see PackProcess.cpuMs). */
  packCpuMs(): number | undefined {
    return this.process?.cpuMs();
  }

  /** Closes the channel and stops the pack process this session started. */
  async close(): Promise<void> {
    this.connection.close();
    await this.process?.stop();
  }
}
