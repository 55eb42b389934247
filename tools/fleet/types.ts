import { LoadedStack } from "../offline/stackConfig";

/** What `npm run fleet` does to each selected stack. */
export const OPERATIONS = ["preview", "up", "refresh", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The two kinds of stack in the one Pulumi project. */
export type StackKind = "platform" | "member";

/** One stack of the fleet, as a runner needs it. */
export interface StackSpec {
  /** Short stack name: `prod` (platform) or `prod-456789012345` (member). */
  name: string;
  /** `<organization>/<project>/<name>`: how the backend and StackReferences name it. */
  qualifiedName: string;
  kind: StackKind;
  /** The member's account; for the platform stack, the management account. */
  accountId: string;
  /**
   * The flat config (`namespace:key` → string) to set before the operation: a member stack's,
   * derived from the registry. Undefined for the platform stack, whose file is its config.
   */
  config?: Readonly<Record<string, string>>;
  /**
   * The stack as offline synthesis loads it (config and referenced stacks). Undefined for a
   * member stack whose account left the registry: it can only be destroyed, which needs none.
   */
  loaded?: LoadedStack;
}

/** What one operation on one stack did. */
export interface StackOutcome {
  /** Resources changed (up, refresh, destroy) or that would change (preview). */
  resources: number;
  /** Explicit providers the stack registers: each is its own plugin process. */
  providers: number;
  /** Mandatory policy violations found (offline runs gate every stack). */
  violations?: number;
  /** The first violations, `policy: resource: message`, for the report. */
  violationSummary?: string;
}

/** Runs one operation on one stack. Implementations: Automation API, offline synthesis. */
export interface StackRunner {
  /**
   * @throws Error whose message says what failed; {@link isTransient} decides whether the
   * orchestrator retries it.
   */
  run(spec: StackSpec, operation: Operation): Promise<StackOutcome>;
  /** Short names of the stacks the backend holds for this project (`fleet status`). */
  listStacks(): Promise<string[]>;
  /** Releases workers or servers the runner started. */
  close(): Promise<void>;
}

/**
 * Errors worth another attempt: AWS and Pulumi Cloud throttling, 5xx and network faults, and a
 * stack another update holds (the lock is released when that update ends).
 */
const TRANSIENT = [
  /throttl/i,
  /rate exceeded/i,
  /too many requests/i,
  /requestlimitexceeded/i,
  /\b(429|502|503|504)\b/,
  /service unavailable/i,
  /timed? ?out/i,
  /ECONNRESET|ETIMEDOUT|EAI_AGAIN|ECONNREFUSED|socket hang up/,
  /another update is currently in progress/i,
  /the stack is currently locked/i,
];

/** Whether an error is worth retrying (see {@link TRANSIENT}). */
export function isTransient(e: unknown): boolean {
  const text =
    e instanceof Error
      ? `${e.message}\n${String((e as { stderr?: unknown }).stderr ?? "")}`
      : String(e);
  return TRANSIENT.some((p) => p.test(text));
}
