import { Resource, Unwrap } from "@pulumi/pulumi";
import {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { Controls, controlFramework, controlIds, controlPrefix, controlUrl } from "./controls";
import { exemptionOf } from "./exemption";
import { subject } from "./naming";
import { isUnknownValueError } from "./runtime";

/** What every policy of the pack declares besides its check. */
export interface PolicySpec {
  /** Kebab-case policy name, unique in the pack. */
  name: string;
  /** One sentence: what the policy requires. */
  description: string;
  severity: Severity;
  /** Default level; `--policy-pack-config` can override it per policy. */
  enforcementLevel: "mandatory" | "advisory";
  controls: Controls;
  /** Controls named at the start of each message, when `controls` is too long to repeat. */
  messageControls?: Controls;
  /** What to change so the resource complies. */
  remediationSteps: string;
  /** Thresholds, each with a default. */
  configSchema?: PolicyConfigSchema;
}

/** The object form of reportViolation that @pulumi/policy ≥1.21 accepts (not yet in its types). */
type ReportDiagnostic = (diagnostic: {
  message: string;
  urn?: string;
  enforcementLevel: EnforcementLevel;
}) => void;

/**
 * Reports one finding about one resource (or the stack, without a URN). Messages start with the
 * control IDs and should name the property to set.
 */
export class Finding {
  constructor(
    private readonly spec: PolicySpec,
    private readonly report: ReportViolation,
    /** `aws.s3.Bucket "logs"`, for messages. */
    readonly subject: string,
    private readonly urn: string | undefined,
    private readonly readTags: () => unknown,
  ) {}

  /**
   * A violation at the policy's enforcement level, downgraded to advisory when the resource
   * carries an exemption tag with a reason and an expiry date that has not passed. Any other
   * exemption tag exempts nothing, and the finding says why.
   */
  violation(message: string): void {
    const text = `${controlPrefix(this.spec.messageControls ?? this.spec.controls)}${message}`;
    const exemption = exemptionOf(this.readTags(), this.spec.name);
    if (exemption.kind === "valid") {
      this.advisory(
        `${message} Exempted by tag ${exemption.tag} until ${exemption.expires}: "${exemption.reason}".`,
      );
    } else if (exemption.kind === "invalid") {
      this.report(
        `${text} The tag ${exemption.tag} on this resource exempts nothing: it ${exemption.problem}.`,
        this.urn,
      );
    } else {
      this.report(text, this.urn);
    }
  }

  /** A violation at the policy's level that no exemption tag can downgrade. */
  violationWithoutExemption(message: string): void {
    this.report(
      `${controlPrefix(this.spec.messageControls ?? this.spec.controls)}${message}`,
      this.urn,
    );
  }

  /** Always advisory: recommendations, exemptions and checks that cannot run during preview. */
  advisory(message: string): void {
    // The object form is the only way to lower one diagnostic's level below the policy's; its
    // message is not prefixed with the description by the runtime, so prefix it here.
    (this.report as unknown as ReportDiagnostic)({
      message: `${this.spec.description}\n${controlPrefix(this.spec.messageControls ?? this.spec.controls)}${message}`,
      urn: this.urn,
      enforcementLevel: "advisory",
    });
  }

  /** A value the check needs is unknown until apply: say so instead of passing silently. */
  unknown(error: Error): void {
    this.advisory(
      `${this.subject} cannot be checked during preview: ${error.message}; ` +
        "the policy checks it again once the value is known.",
    );
  }
}

/** Runs `check`, turning an unknown-during-preview read into an advisory finding. */
export function guarded(finding: Finding, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (!isUnknownValueError(e)) throw e;
    finding.unknown(e);
  }
}

function metadata(spec: PolicySpec) {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    severity: spec.severity,
    configSchema: spec.configSchema,
    framework: controlFramework(spec.controls, spec.description),
    tags: ["logging", ...controlIds(spec.controls)],
    remediationSteps: spec.remediationSteps,
    url: controlUrl(spec.controls),
  };
}

/** A check of one resource's inputs. */
export type ResourceCheck<TProps, TConfig> = (
  props: TProps,
  finding: Finding,
  config: TConfig,
  args: ResourceValidationArgs,
) => void;

/** A resource class as `validateResourceOfType` accepts it. */
export type ResourceClass<TResource extends Resource, TArgs> = Parameters<
  typeof validateResourceOfType<TResource, TArgs>
>[0];

/**
 * A validation for one resource class, with exemptions and unknown values handled; the runtime's
 * fast type filter still applies because `validateResourceOfType` tags it with the type token.
 */
export function forType<TResource extends Resource, TArgs, TConfig extends object = object>(
  spec: PolicySpec,
  resourceClass: ResourceClass<TResource, TArgs>,
  check: ResourceCheck<Unwrap<NonNullable<TArgs>>, TConfig>,
): ResourceValidation {
  return validateResourceOfType(resourceClass, (props, args, report) => {
    const finding = new Finding(
      spec,
      report,
      subject(args.type, args.name),
      args.urn,
      () => (props as { tags?: unknown }).tags,
    );
    guarded(finding, () => check(props, finding, args.getConfig<TConfig>(), args));
  });
}

/** A resource policy made of one validation per resource class it covers. */
export function resourcePolicy(
  spec: PolicySpec,
  validations: ResourceValidation | ResourceValidation[],
): ResourceValidationPolicy {
  return { ...metadata(spec), validateResource: validations };
}

/** What a stack check gets: every resource, a way to report on one, and the config. */
export class StackContext<TConfig> {
  constructor(
    private readonly spec: PolicySpec,
    private readonly report: ReportViolation,
    readonly resources: PolicyResource[],
    readonly config: TConfig,
  ) {}

  /** A finding about one resource, exemptions read from its `tags` output. */
  findingFor(resource: PolicyResource): Finding {
    return new Finding(
      this.spec,
      this.report,
      subject(resource.type, resource.name),
      resource.urn,
      () => resource.props["tags"],
    );
  }

  /** Runs `check` for each resource; an unknown value stops only that resource's check. */
  each(
    resources: PolicyResource[],
    check: (resource: PolicyResource, finding: Finding) => void,
  ): void {
    for (const resource of resources) {
      const finding = this.findingFor(resource);
      guarded(finding, () => check(resource, finding));
    }
  }
}

/** A policy over the whole stack, for rules that relate several resources. */
export function stackPolicy<TConfig extends object = object>(
  spec: PolicySpec,
  check: (stack: StackContext<TConfig>, args: StackValidationArgs) => void,
): StackValidationPolicy {
  return {
    ...metadata(spec),
    validateStack: (args, report) => {
      check(new StackContext(spec, report, args.resources, args.getConfig<TConfig>()), args);
    },
  };
}
