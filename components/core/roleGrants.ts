import { arns } from "./naming";
import { Partition } from "./regions";
import { Condition, Principal } from "./policyDocument";

/**
 * Roles of one account that a foundation resource policy (bucket, topic, key) admits. Later
 * capabilities hand these to the foundation before anything is created: their roles have
 * explicit names, so the ARNs are known as plain strings and no dependency cycle arises.
 */
export interface RoleGrant {
  /** The account holding the roles (12 digits). */
  accountId: string;
  /** Role names, or IAM `*` patterns where the grant allows them. At least one. */
  roleNames: string[];
}

/** A grant resolved into what a resource-policy statement names. */
export interface GrantedPrincipals {
  /** The granted accounts' roots, in grant order, each once. */
  Principal: Principal;
  /** `aws:PrincipalArn` narrowed to exactly the granted roles. */
  Condition: Condition;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATTERN = /^[\w+=,.@*-]{1,64}$/;

/**
 * The principal block and `aws:PrincipalArn` condition admitting exactly the granted roles:
 * account roots as principals (a resource policy naming a role that does not exist yet is
 * rejected), narrowed to the roles by ARN.
 * @param field Name of the input, for error messages (like `alarmPublishers`).
 * @param patterns Whether role names may be `*` patterns (`ArnLike`) or must be exact
 *   (`ArnEquals`).
 * @throws Error naming the input, the bad value and what was expected.
 */
export function grantedPrincipals(
  partition: Partition,
  grants: readonly RoleGrant[],
  field: string,
  patterns: boolean,
): GrantedPrincipals {
  if (grants.length === 0) throw new Error(`${field}: must list at least one grant`);
  const roots: string[] = [];
  const roles: string[] = [];
  grants.forEach((g, i) => {
    if (!ACCOUNT_ID.test(g.accountId)) {
      throw new Error(
        `${field}[${i}].accountId: ${JSON.stringify(g.accountId)} is not a 12-digit AWS account id`,
      );
    }
    if (g.roleNames.length === 0) throw new Error(`${field}[${i}].roleNames: must name a role`);
    g.roleNames.forEach((name, j) => {
      if (!(patterns ? ROLE_PATTERN : ROLE_NAME).test(name)) {
        const expected = patterns
          ? "an IAM role name or * pattern (1-64 of letters, digits, +=,.@_-*)"
          : "an exact IAM role name (1-64 of letters, digits, +=,.@_-; no * patterns)";
        throw new Error(
          `${field}[${i}].roleNames[${j}]: ${JSON.stringify(name)} is not ${expected}`,
        );
      }
      roles.push(arns.role(partition, g.accountId, name));
    });
    const root = arns.accountRoot(partition, g.accountId);
    if (!roots.includes(root)) roots.push(root);
  });
  return {
    Principal: { AWS: roots.length === 1 ? roots[0] : roots },
    Condition: {
      [patterns ? "ArnLike" : "ArnEquals"]: { "aws:PrincipalArn": [...new Set(roles)] },
    },
  };
}
