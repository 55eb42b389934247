import { PlatformConfig } from "../../components/config";

/** The member an onboarding adds. */
export interface MemberRequest {
  accountId: string;
  name: string;
  regions: string[];
  roleName?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const MEMBER_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

function coreAccounts(c: PlatformConfig): Array<[string, string]> {
  return [
    [
      "the management account (organization.managementAccount.id)",
      c.organization.managementAccount.id,
    ],
    ["the log-archive account (accounts.logArchive.id)", c.accounts.logArchive.id],
    ["the audit account (accounts.audit.id)", c.accounts.audit.id],
  ];
}

function accountIdProblem(accountId: string): string | undefined {
  return ACCOUNT_ID.test(accountId)
    ? undefined
    : `--account-id "${accountId}" is not a 12-digit AWS account id`;
}

/**
 * Why `request` cannot join the stack whose validated config is `c`: the id and name formats,
 * a duplicate id or name, a core account, Regions outside `regions.governed`. Empty when none.
 */
export function onboardingProblems(c: PlatformConfig, request: MemberRequest): string[] {
  const problems: string[] = [];
  const idProblem = accountIdProblem(request.accountId);
  if (idProblem) problems.push(idProblem);
  if (!MEMBER_NAME.test(request.name)) {
    problems.push(
      `--name "${request.name}" is not a member name (2-32 of lowercase letters, digits, -; starting with a letter)`,
    );
  }
  for (const [what, id] of coreAccounts(c)) {
    if (id === request.accountId) {
      problems.push(`--account-id "${request.accountId}" is ${what}, not a member account`);
    }
  }
  const sameId = c.members.find((m) => m.id === request.accountId);
  if (sameId) {
    problems.push(
      `--account-id "${request.accountId}" is already onboarded as member "${sameId.name}"`,
    );
  }
  const sameName = c.members.find((m) => m.name === request.name);
  if (sameName) {
    problems.push(`--name "${request.name}" is already used by account ${sameName.id}`);
  }
  if (request.regions.length === 0) problems.push("--regions lists no Region");
  request.regions.forEach((r, i) => {
    if (!c.regions.governed.includes(r)) {
      problems.push(
        `--regions "${r}" is not a governed Region (regions.governed: ${c.regions.governed.join(", ")})`,
      );
    } else if (request.regions.indexOf(r) !== i) {
      problems.push(`--regions "${r}" is listed twice`);
    }
  });
  return problems;
}

/** Why the account cannot be offboarded from the stack whose config is `c`. Empty when none. */
export function offboardingProblems(c: PlatformConfig, accountId: string): string[] {
  const idProblem = accountIdProblem(accountId);
  if (idProblem) return [idProblem];
  const member = c.members.find((m) => m.id === accountId);
  if (!member) {
    const known = c.members.map((m) => `${m.id} (${m.name})`).join(", ") || "none";
    return [`--account-id "${accountId}" is not a member of this stack (members: ${known})`];
  }
  return c.redshiftAudit.clusters.flatMap((rc, i) =>
    rc.member === member.name
      ? [
          `member "${member.name}" is still named by redshiftAudit.clusters[${i}] (${rc.clusterIdentifier}): remove that entry first`,
        ]
      : [],
  );
}
