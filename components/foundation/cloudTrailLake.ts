import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Args of {@link OrganizationEventDataStore}. */
export interface OrganizationEventDataStoreArgs {
  /** Provider of the management account in the home Region. Required. */
  provider: aws.Provider;
  /** Event data store name. Required. */
  storeName: string;
  /** KMS key (ARN) encrypting the store; cannot be changed after creation. Required. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days events are kept (7–3653 extendable, 7–2557 fixed pricing). Required. */
  retentionDays: number;
  /** Billing mode. Required. */
  billingMode: "EXTENDABLE_RETENTION_PRICING" | "FIXED_RETENTION_PRICING";
  /** Refuse deletion while enabled. Default: true. */
  terminationProtection?: boolean;
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
  /** Protect and retain the store (prod). Default: false. */
  protect?: boolean;
}

/**
 * A CloudTrail Lake event data store for the whole organization (all Regions, all management
 * events). AWS closed CloudTrail Lake to new customers on 2026-05-31: only organizations that
 * already use it can create one, so it sits behind `features.cloudTrailLake`, and every audit
 * question it answers is also answerable with Athena over the archive.
 */
export class OrganizationEventDataStore extends pulumi.ComponentResource {
  /** The event data store. */
  readonly store: aws.cloudtrail.EventDataStore;

  constructor(
    name: string,
    args: OrganizationEventDataStoreArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("logging:cloudtrail:OrganizationEventDataStore", name, {}, opts);
    const protect = args.protect ?? false;
    this.store = new aws.cloudtrail.EventDataStore(
      name,
      {
        name: args.storeName,
        organizationEnabled: true,
        multiRegionEnabled: true,
        retentionPeriod: args.retentionDays,
        billingMode: args.billingMode,
        terminationProtectionEnabled: args.terminationProtection ?? true,
        kmsKeyId: args.kmsKeyArn,
        advancedEventSelectors: [
          {
            name: "All management events",
            fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
          },
        ],
        tags: args.tags,
      },
      { parent: this, provider: args.provider, protect, retainOnDelete: protect },
    );
    this.registerOutputs({ arn: this.store.arn });
  }
}
