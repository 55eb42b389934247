import { z } from "zod";
import { regionProblem } from "../core";

/**
 * The value shapes several config sections share. Each refinement's message names the bad value
 * and what is allowed, so a problem line reads `logging-platform:<path>: <value> is not …`.
 */

/** A config value as a problem line quotes it. */
export const show = (v: unknown): string => (v === undefined ? "undefined" : JSON.stringify(v));

export const accountId = z.string().refine((v) => /^\d{12}$/.test(v), {
  error: (iss) => `${show(iss.input)} is not a 12-digit AWS account id`,
});

/** IAM role names; `*` is allowed only where a field says it takes patterns. */
export const roleName = z.string().refine((v) => /^[\w+=,.@-]{1,64}$/.test(v), {
  error: (iss) => `${show(iss.input)} is not an IAM role name (1-64 of letters, digits, +=,.@_-)`,
});

export const roleNamePattern = z.string().refine((v) => /^[\w+=,.@*-]{1,64}$/.test(v), {
  error: (iss) =>
    `${show(iss.input)} is not an IAM role name or pattern (1-64 of letters, digits, +=,.@_-*)`,
});

/**
 * An IAM role or user ARN a trust policy may name as a principal. Account roots are refused:
 * they would hand the decision to every administrator of that account.
 */
export const principalArn = z
  .string()
  .refine((v) => /^arn:aws(-us-gov|-cn)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/.test(v), {
    error: (iss) =>
      `${show(iss.input)} is not an IAM role or user ARN (arn:<partition>:iam::<account>:role/<name> or :user/<name>; account roots are not accepted)`,
  });

/** An AWS Organizations organizational unit (`ou-…`) or root (`r-…`) id. */
export const organizationalUnitId = z
  .string()
  .refine((v) => /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/.test(v), {
    error: (iss) =>
      `${show(iss.input)} is not an organizational unit id (ou-<root>-<unit>) or root id (r-<root>)`,
  });

/** A Region of a partition the platform supports (components/core/regions.ts), not a pattern. */
export const region = z.string().superRefine((v, ctx) => {
  const problem = regionProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: `${show(v)} ${problem}`, input: v });
});

/** A whole number of `what` between `min` and `max` inclusive. */
export const wholeNumber = (what: string, min: number, max: number): z.ZodNumber =>
  z
    .number()
    .int()
    .refine((v) => v >= min && v <= max, {
      error: (iss) => `${show(iss.input)} is outside ${min}..${max} ${what}`,
    });

/** A whole number of days between `min` and `max` inclusive. */
export const wholeDays = (min: number, max: number): z.ZodNumber => wholeNumber("days", min, max);

export const email = z.string().refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
  error: (iss) => `${show(iss.input)} is not an email address`,
});

/** The name a member account goes by in config (and in its resources' names). */
export const memberName = z.string().refine((v) => /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/.test(v), {
  error: (iss) =>
    `${show(iss.input)} is not a member name (2-32 of lowercase letters, digits, -; starting with a letter)`,
});

/** A (config path, message) pair; the loader prefixes the namespace. */
export type Problem = [path: string, message: string];
