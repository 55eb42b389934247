import { z } from "zod";
import { MemberAccountConfig } from "./integrations";
import { Problem, accountId, show } from "./values";

/**
 * Which kind of stack this is, and what the fleet needs to name stacks. Pulumi.<env>.yaml is a
 * platform stack (the default) and the registry of members; each member stack's config is
 * derived from it by `npm run fleet` and carries `stack.kind: member`.
 */

/** `<organization>/<project>/<stack>`, the fully qualified name a StackReference takes. */
const stackReference = z
  .string()
  .refine((v) => /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v), {
    error: (iss) =>
      `${show(iss.input)} is not a fully qualified stack name (<organization>/<project>/<stack>)`,
  });

const platformStack = z.strictObject({ kind: z.literal("platform") });
const memberStack = z.strictObject({
  kind: z.literal("member"),
  /** The member account this stack deploys (one of `members`). */
  accountId,
  /** The platform stack of the environment, whose `memberInputs` output the member reads. */
  platformStack: stackReference,
});

/** Backend organization names: what Pulumi Cloud calls an organization, or `organization`. */
const organizationName = z.string().refine((v) => /^[A-Za-z0-9_.-]{1,100}$/.test(v), {
  error: (iss) => `${show(iss.input)} is not a Pulumi organization name`,
});

/** The stack sections' top-level keys of the namespace. */
export const stackSections = {
  stack: z
    .discriminatedUnion("kind", [platformStack, memberStack], {
      error: (iss) =>
        iss.code === "invalid_union"
          ? `${show((iss.input as { kind?: unknown } | undefined)?.kind)} is not one of "platform", "member"`
          : undefined,
    })
    .default({ kind: "platform" }),
  fleet: z
    .strictObject({
      /**
       * The backend organization stacks live in: the Pulumi Cloud organization, or
       * `organization` on a self-managed backend (S3, Azure Blob, GCS, file).
       */
      organization: organizationName.default("organization"),
    })
    .prefault({}),
};

/** The validated stack section. */
export type StackKindConfig = z.infer<z.ZodObject<typeof stackSections>>["stack"];
/** The validated fleet section. */
export type FleetConfig = z.infer<z.ZodObject<typeof stackSections>>["fleet"];

/** A member stack lists exactly its own member, so its config is constant in size. */
export function stackProblems(
  stack: StackKindConfig,
  members: readonly MemberAccountConfig[],
): Problem[] {
  if (stack.kind !== "member") return [];
  const own = members.filter((m) => m.id === stack.accountId);
  if (own.length === 1 && members.length === 1) return [];
  return [
    [
      "members",
      `a member stack lists exactly its own account ${show(stack.accountId)}; ` +
        `got ${members.length === 0 ? "none" : members.map((m) => show(m.id)).join(", ")}`,
    ],
  ];
}
