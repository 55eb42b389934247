import { PolicyComplianceFramework } from "@pulumi/policy";

/** The public control IDs a policy maps to, so findings line up with compliance reports. */
export interface Controls {
  /** AWS Security Hub Foundational Security Best Practices IDs, e.g. `S3.9`. */
  securityHub?: string[];
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation numbers, e.g. `3.7`. */
  cis?: string[];
  /** Checkov check IDs, e.g. `CKV_AWS_18`. */
  checkov?: string[];
}

/** Every ID in one list, CIS numbers prefixed so they cannot be mistaken for another scheme. */
export function controlIds(controls: Controls): string[] {
  return [
    ...(controls.securityHub ?? []),
    ...(controls.cis ?? []).map((n) => `CIS ${n}`),
    ...(controls.checkov ?? []),
  ];
}

/** The prefix every violation message starts with, e.g. `[S3.9 | CKV_AWS_18]`. */
export function controlPrefix(controls: Controls): string {
  const ids = controlIds(controls);
  return ids.length > 0 ? `[${ids.join(" | ")}] ` : "";
}

/**
 * The Security Hub documentation anchor of a control: `CloudTrail.4` lives at
 * `cloudtrail-controls.html#cloudtrail-4`.
 */
export function securityHubUrl(id: string): string {
  const [service, number] = id.split(".");
  const slug = service.toLowerCase();
  return `https://docs.aws.amazon.com/securityhub/latest/userguide/${slug}-controls.html#${slug}-${number}`;
}

const CIS_BENCHMARK_URL = "https://www.cisecurity.org/benchmark/amazon_web_services";
const CHECKOV_URL = "https://www.checkov.io/5.Policy%20Index/terraform.html";

/** The first public reference for the controls: Security Hub, else CIS, else Checkov. */
export function controlUrl(controls: Controls): string | undefined {
  if (controls.securityHub?.length) return securityHubUrl(controls.securityHub[0]);
  if (controls.cis?.length) return CIS_BENCHMARK_URL;
  if (controls.checkov?.length) return CHECKOV_URL;
  return undefined;
}

/** The compliance framework CrossGuard shows next to the policy, from the primary control. */
export function controlFramework(
  controls: Controls,
  description: string,
): PolicyComplianceFramework | undefined {
  if (controls.securityHub?.length) {
    return {
      name: "AWS Foundational Security Best Practices",
      version: "1.0.0",
      reference: controls.securityHub.join(", "),
      specification: description,
    };
  }
  if (controls.cis?.length) {
    return {
      name: "CIS AWS Foundations Benchmark",
      version: "3.0.0",
      reference: controls.cis.join(", "),
      specification: description,
    };
  }
  if (controls.checkov?.length) {
    return {
      name: "Checkov",
      version: "3",
      reference: controls.checkov.join(", "),
      specification: description,
    };
  }
  return undefined;
}
