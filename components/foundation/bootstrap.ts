import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BootstrapConfig } from "../config";
import { DEPLOY_SESSION_NAME, PlatformAccounts } from "./accounts";
import { bootstrapTemplate } from "./bootstrapTemplate";

/** Args of {@link DeploymentRoleStackSet}. */
export interface DeploymentRoleStackSetArgs {
  /** The account registry (management provider, organization, core accounts, naming). Required. */
  accounts: PlatformAccounts;
  /** The `organization.bootstrap` config section. Required. */
  bootstrap: BootstrapConfig;
  /**
   * IAM role-name patterns the platform creates, which the core accounts' deployment role may
   * manage. Required (at least one; none may match the deployment role's own name).
   */
  platformRolePatterns: readonly string[];
  /** Tags of the StackSet, its stacks and the role. Default: none beyond the provider's. */
  tags?: Record<string, string>;
}

/**
 * The bootstrap: a service-managed CloudFormation StackSet in the management account (or its
 * delegated administrator) that creates the deployment role in every account of the configured
 * OUs, with automatic deployment so an account that joins one of them later gets the role with
 * no manual step, and whose stacks are removed with an account that leaves.
 */
export class DeploymentRoleStackSet extends pulumi.ComponentResource {
  readonly stackSet: aws.cloudformation.StackSet;
  readonly instance: aws.cloudformation.StackSetInstance;
  /** The template body the StackSet deploys (also what the management account gets by hand). */
  readonly templateBody: string;

  constructor(
    name: string,
    args: DeploymentRoleStackSetArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("logging:foundation:DeploymentRoleStackSet", name, {}, opts);
    const { accounts, bootstrap } = args;
    const tags = args.tags ?? {};
    this.templateBody = JSON.stringify(
      bootstrapTemplate({
        partition: accounts.partition,
        organizationId: accounts.organizationId,
        deployPrincipalArns: bootstrap.deployPrincipalArns,
        sessionName: DEPLOY_SESSION_NAME,
        roleName: bootstrap.deployRoleName,
        coreAccountIds: [accounts.management.id, accounts.logArchive.id, accounts.audit.id],
        platformRolePatterns: args.platformRolePatterns,
        tags,
      }),
    );
    const child = { parent: this, provider: accounts.provider(accounts.management) };
    this.stackSet = new aws.cloudformation.StackSet(
      name,
      {
        name: accounts.naming.resource("bootstrap"),
        description: `Creates ${bootstrap.deployRoleName}, the logging platform's deployment role, in every account of its OUs`,
        permissionModel: "SERVICE_MANAGED",
        callAs: bootstrap.callAs,
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        capabilities: ["CAPABILITY_NAMED_IAM"],
        managedExecution: { active: true },
        operationPreferences: {
          failureToleranceCount: 0,
          maxConcurrentPercentage: 25,
          regionConcurrencyType: "SEQUENTIAL",
        },
        templateBody: this.templateBody,
        tags,
      },
      // AWS fills in the StackSets service role it uses; the argument is for SELF_MANAGED only.
      { ...child, ignoreChanges: ["administrationRoleArn"] },
    );
    // IAM is global: one stack per account, in the home Region, is the whole role.
    this.instance = new aws.cloudformation.StackSetInstance(
      name,
      {
        stackSetName: this.stackSet.name,
        callAs: bootstrap.callAs,
        stackSetInstanceRegion: accounts.homeRegion,
        deploymentTargets: { organizationalUnitIds: [...bootstrap.organizationalUnitIds] },
        operationPreferences: { failureToleranceCount: 0, maxConcurrentPercentage: 25 },
      },
      child,
    );
    this.registerOutputs({ stackSetName: this.stackSet.name });
  }
}
