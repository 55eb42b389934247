import { z } from "zod";
import { tagValueProblem } from "../core";
import { show } from "./values";

/**
 * Dates and waivers: a waiver lets an environment keep a control weaker than its baseline, and
 * must say why (in words that would convince a reviewer) and until when (so it is reviewed).
 */

/** The environment whose archive must meet the baseline unless a waiver says otherwise. */
export const PRODUCTION_ENVIRONMENT = "prod";

/** Shortest waiver reason: a sentence, not a placeholder such as "." or "n/a". */
export const MIN_REASON_CHARACTERS = 20;
/**
 * Distinct words (3+ letters) a reason must contain, so that punctuation, digits and repeated
 * placeholders ("n/a n/a n/a") do not count.
 */
export const MIN_REASON_WORDS = 3;
/** A production waiver ends within this many days of the day it is deployed: reviewed yearly. */
export const MAX_PRODUCTION_WAIVER_DAYS = 366;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `text` is not a calendar date written `YYYY-MM-DD`, or undefined when it is one. */
export function calendarDateProblem(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return "is not a date written YYYY-MM-DD";
  const [year, month, day] = m.slice(1).map(Number);
  if (month < 1 || month > 12) return `is not a calendar date: there is no month ${m[2]}`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return `is not a calendar date: ${MONTHS[month - 1]} ${year} has ${last} days`;
  }
  return undefined;
}

/** A `YYYY-MM-DD` calendar date (checked against the calendar, so 2026-02-31 is refused). */
export const calendarDate = z.string().superRefine((v, ctx) => {
  const problem = calendarDateProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: `${show(v)} ${problem}`, input: v });
});

/** Today in UTC as `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Why `reason` does not justify a waiver, or undefined: it must be at least
 * {@link MIN_REASON_CHARACTERS} characters with {@link MIN_REASON_WORDS} distinct words, and,
 * since it becomes the exemption tag on the resource, a valid S3 tag value.
 */
export function reasonProblem(reason: string): string | undefined {
  const trimmed = reason.trim();
  const words = new Set(trimmed.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
  if (trimmed.length < MIN_REASON_CHARACTERS || words.size < MIN_REASON_WORDS) {
    return (
      `${show(reason)} is not a reason: say in at least ${MIN_REASON_CHARACTERS} characters and ` +
      `${MIN_REASON_WORDS} words why this environment may keep the weaker control`
    );
  }
  const tag = tagValueProblem(reason);
  return tag === undefined ? undefined : `${show(reason)} ${tag}`;
}

/** A waiver as config states it. */
export interface WaiverFields {
  waiverReason?: string;
  waiverExpires?: string;
}

/** What a waiver is checked against. */
export interface WaiverContext {
  /** The config path of the waived setting, such as `retention.objectLock`. */
  path: string;
  /** Whether the setting is weaker than its baseline, so it needs a waiver. */
  weaker: boolean;
  /** The setting and its baseline, for messages: `GOVERNANCE for 1 day` / `COMPLIANCE for 365 days`. */
  actual: string;
  baseline: string;
  environment: string;
  /** Today (UTC, `YYYY-MM-DD`). */
  today: string;
}

/**
 * Problems of a waiver as (path, message) pairs: a weaker setting without a waiver, a waiver
 * without a real reason or without a future expiry date, a production waiver longer than a year,
 * and a waiver for a setting that needs none.
 */
export function waiverProblems(w: WaiverFields, ctx: WaiverContext): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const add = (key: string, message: string) => problems.push([`${ctx.path}.${key}`, message]);
  const given = w.waiverReason !== undefined || w.waiverExpires !== undefined;
  if (!ctx.weaker) {
    if (w.waiverReason !== undefined) {
      add("waiverReason", `must be absent: ${ctx.actual} needs no waiver`);
    }
    if (w.waiverExpires !== undefined) {
      add("waiverExpires", `must be absent: ${ctx.actual} needs no waiver`);
    }
    return problems;
  }
  const production = ctx.environment === PRODUCTION_ENVIRONMENT;
  const why =
    `${ctx.actual} is weaker than ${ctx.baseline}` +
    (production ? " in production" : "") +
    ": a waiver needs waiverReason (why) and waiverExpires (until when, YYYY-MM-DD)";
  if (!given) {
    add("waiverReason", `is required: ${why}`);
    return problems;
  }
  if (w.waiverReason === undefined) add("waiverReason", `is required: ${why}`);
  else {
    const problem = reasonProblem(w.waiverReason);
    if (problem) add("waiverReason", problem);
  }
  if (w.waiverExpires === undefined) add("waiverExpires", `is required: ${why}`);
  else if (calendarDateProblem(w.waiverExpires) === undefined) {
    const left = daysBetween(ctx.today, w.waiverExpires);
    if (left < 1) {
      add(
        "waiverExpires",
        `${show(w.waiverExpires)} is not in the future (today is ${ctx.today}): the waiver has ` +
          `expired; renew it with a new date and a current reason, or meet ${ctx.baseline}`,
      );
    } else if (production && left > MAX_PRODUCTION_WAIVER_DAYS) {
      add(
        "waiverExpires",
        `${show(w.waiverExpires)} is ${left} days away: a production waiver ends within ` +
          `${MAX_PRODUCTION_WAIVER_DAYS} days (by ${addDays(ctx.today, MAX_PRODUCTION_WAIVER_DAYS)}), so it is reviewed every year`,
      );
    }
  }
  return problems;
}

function addDays(day: string, days: number): string {
  return todayUtc(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}
