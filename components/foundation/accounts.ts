import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import { Partition, PlatformNaming, arns, baseTags, logDataTags, partitionOf } from "../core";

/** One AWS account the platform deploys into, and how it gets there. */
export interface AccountRef {
  /** Stable short key used in resource names: `management`, `log-archive`, `audit`, `member-<name>`. */
  key: string;
  /** 12-digit account id. */
  id: string;
  /** Role the deployment assumes in the account. */
  roleName: string;
}

/** Args of {@link PlatformAccounts}: the account-related sections of the validated config. */
export interface PlatformAccountsArgs {
  /** `environment` and `namePrefix` from config; name every provider and resource. */
  environment: PlatformConfig["environment"];
  namePrefix: PlatformConfig["namePrefix"];
  /** The organization and its management account. */
  organization: PlatformConfig["organization"];
  /** Log-archive and audit accounts. */
  accounts: PlatformConfig["accounts"];
  /** Home and governed regions. */
  regions: PlatformConfig["regions"];
}

/** Session name the deployment uses, visible in every CloudTrail record it causes. */
export const DEPLOY_SESSION_NAME = "logging-platform-deploy";

/** The provider arguments for one account and region (pure, so tests can assert them). */
export function providerArgs(
  account: AccountRef,
  region: string,
  environment: string,
): aws.ProviderArgs & {
  region: string;
  assumeRoles: Array<{ roleArn: string; sessionName: string }>;
  allowedAccountIds: string[];
  defaultTags: { tags: Record<string, string> };
} {
  return {
    region,
    assumeRoles: [
      {
        roleArn: arns.role(partitionOf(region), account.id, account.roleName),
        sessionName: DEPLOY_SESSION_NAME,
      },
    ],
    allowedAccountIds: [account.id],
    defaultTags: { tags: baseTags(environment) },
  };
}

/**
 * The registry of accounts and their providers: one `aws.Provider` per account, created on
 * first use, each assuming the account's deployment role and refusing to act in any other
 * account. Also carries the naming helper and tag sets every component uses.
 */
export class PlatformAccounts extends pulumi.ComponentResource {
  readonly management: AccountRef;
  readonly logArchive: AccountRef;
  readonly audit: AccountRef;
  readonly organizationId: string;
  readonly homeRegion: string;
  readonly governedRegions: readonly string[];
  readonly partition: Partition;
  readonly naming: PlatformNaming;
  /** Tags for every resource (also set as the providers' default tags). */
  readonly tags: Record<string, string>;
  /** Tags for resources holding log data (adds the data classification). */
  readonly logTags: Record<string, string>;

  private readonly environment: string;
  private readonly providers = new Map<string, aws.Provider>();

  constructor(name: string, args: PlatformAccountsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:accounts:PlatformAccounts", name, {}, opts);
    this.environment = args.environment;
    this.organizationId = args.organization.id;
    this.management = { key: "management", ...args.organization.managementAccount };
    this.logArchive = {
      key: "log-archive",
      id: args.accounts.logArchive.id,
      roleName: args.accounts.logArchive.roleName,
    };
    this.audit = {
      key: "audit",
      id: args.accounts.audit.id,
      roleName: args.accounts.audit.roleName,
    };
    this.homeRegion = args.regions.home;
    this.governedRegions = args.regions.governed;
    this.partition = partitionOf(args.regions.home);
    this.naming = new PlatformNaming(args.namePrefix, args.environment);
    this.tags = baseTags(args.environment);
    this.logTags = logDataTags(args.environment);
    this.registerOutputs({
      accounts: [this.management, this.logArchive, this.audit].map((a) => a.id),
    });
  }

  /**
   * The provider of `account`: one per account, in the home Region. Resources elsewhere pass
   * their Region through the v7 per-resource `region` argument, so the number of provider
   * plugin processes follows the accounts, not the accounts times the Regions.
   */
  provider(account: AccountRef): aws.Provider {
    let provider = this.providers.get(account.key);
    if (!provider) {
      provider = new aws.Provider(
        `${this.naming.stem}-${account.key}`,
        providerArgs(account, this.homeRegion, this.environment),
        { parent: this },
      );
      this.providers.set(account.key, provider);
    }
    return provider;
  }

  /**
   * `region`, once checked to be governed by this platform.
   * @throws Error naming the Region and the governed ones.
   */
  governed(region: string): string {
    if (!this.governedRegions.includes(region)) {
      throw new Error(
        `region "${region}" is not governed by this platform (regions.governed: ${this.governedRegions.join(", ")})`,
      );
    }
    return region;
  }
}
