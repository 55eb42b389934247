import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "./policyDocument";

/** Args of {@link LogKey}. */
export interface LogKeyArgs {
  /** Provider of the account that owns the key. Required. */
  provider: aws.Provider;
  /** Region of the key and its alias. Default: the provider's Region. */
  region?: string;
  /** Key description shown in the KMS console. Required. */
  description: string;
  /** The key policy, built by a pure builder in keyPolicies.ts. Required. */
  policy: PolicyDocument;
  /** Alias (`alias/...`) to create for the key. Required. */
  alias: string;
  /** Tags on the key. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
  /** Protect and retain the key (prod). Default: false. */
  protect?: boolean;
  /** Days KMS waits before deleting a key scheduled for deletion. Default: 30 (the maximum). */
  deletionWindowInDays?: number;
}

/** A symmetric, yearly-rotated KMS key for log data, with its alias. */
export class LogKey extends pulumi.ComponentResource {
  /** The key ARN (use ARNs, not ids, for cross-account and service integrations). */
  readonly arn: pulumi.Output<string>;
  /** The key id. */
  readonly keyId: pulumi.Output<string>;
  /** The underlying key, for `dependsOn`. */
  readonly key: aws.kms.Key;

  constructor(name: string, args: LogKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:kms:LogKey", name, {}, opts);
    const protect = args.protect ?? false;
    const child = { parent: this, provider: args.provider };
    this.key = new aws.kms.Key(
      name,
      {
        region: args.region,
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: args.deletionWindowInDays ?? 30,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        policy: JSON.stringify(args.policy),
        tags: args.tags,
      },
      { ...child, protect, retainOnDelete: protect },
    );
    new aws.kms.Alias(
      name,
      { region: args.region, name: args.alias, targetKeyId: this.key.keyId },
      child,
    );
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.registerOutputs({ arn: this.arn, keyId: this.keyId });
  }
}
