import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LoggedFunction, Partition, arns } from "../../core";
import { IndexTemplate } from "./indexTemplates";
import { searchSetupPolicy, searchSetupTrustPolicy } from "./policies";
import { SETUP_HANDLER, setupCode } from "./setupCode";
import { searchSetupSettings } from "./setupSettings";

/** Args of {@link SearchSetup}. */
export interface SearchSetupArgs {
  /** Provider of the audit account in the home Region. Required. */
  provider: aws.Provider;
  partition: Partition;
  region: string;
  accountId: string;
  /** Name of the function and of its role (`<stem>-search-setup`). Required. */
  functionName: string;
  /** Its log group (under the platform's path, so the analytics key covers it). Required. */
  logGroupName: string;
  logRetentionDays: number;
  /** Key of the log group. Required. */
  keyArn: pulumi.Input<string>;
  /** The domain, its endpoint and its master role. Required. */
  domain: aws.opensearch.Domain;
  endpoint: pulumi.Input<string>;
  adminRole: aws.iam.Role;
  /** VPC placement: the private subnets and the VPC CIDR the domain admits. Required. */
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string[]>;
  vpcCidr: string;
  /** Index templates by name (generated from schemas/). Required. */
  templates: Record<string, IndexTemplate>;
  /** Days hot indices are kept (`search.hotDays`). Required. */
  hotDays: number;
  /** IAM roles mapped to the writer role (the EMR nodes' role). Required. */
  writerRoleArns: string[];
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * OpenSearch set up by `pulumi up`: a VPC Lambda function that assumes the domain's master role
 * and applies, with SigV4-signed requests, the index templates, the ISM policy, the writer role
 * and its role mapping, and the security plugin's audit-log configuration; invoked on deploy by
 * `aws.lambda.Invocation`, again whenever those settings or the function's code change.
 */
export class SearchSetup extends pulumi.ComponentResource {
  readonly function: LoggedFunction;
  readonly invocation: aws.lambda.Invocation;

  constructor(name: string, args: SearchSetupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:search:SearchSetup", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const tags = args.tags ?? {};
    const code = setupCode();
    const logGroupArn = arns.logGroup(
      args.partition,
      args.region,
      args.accountId,
      args.logGroupName,
    );
    // Built before any resource: a bad hotDays or an empty writer list fails the program.
    const settingsFor = (endpoint: string, adminRoleArn: string) =>
      searchSetupSettings({
        endpoint,
        adminRoleArn,
        templates: args.templates,
        hotDays: args.hotDays,
        writerRoleArns: args.writerRoleArns,
      });
    settingsFor("check", "check");

    const role = new aws.iam.Role(
      name,
      {
        name: args.functionName,
        description: "OpenSearch setup function: applies templates, ISM, roles and audit logging",
        assumeRolePolicy: JSON.stringify(searchSetupTrustPolicy(args.accountId)),
        tags,
      },
      child,
    );
    const access = new aws.iam.RolePolicy(
      name,
      {
        role: role.id,
        policy: args.adminRole.arn.apply((adminRoleArn) =>
          JSON.stringify(searchSetupPolicy({ adminRoleArn, logGroupArn })),
        ),
      },
      child,
    );
    const group = new aws.ec2.SecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: "OpenSearch setup function: HTTPS to the VPC only (domain, STS endpoint)",
        egress: [
          {
            description: "HTTPS to the domain and the interface endpoints",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [args.vpcCidr],
          },
        ],
        revokeRulesOnDelete: true,
        tags: { ...tags, Name: args.functionName },
      },
      child,
    );

    this.function = new LoggedFunction(
      name,
      {
        provider: args.provider,
        functionName: args.functionName,
        logGroupName: args.logGroupName,
        retentionDays: args.logRetentionDays,
        kmsKeyArn: args.keyArn,
        function: {
          role: role.arn,
          runtime: "nodejs22.x",
          architectures: ["arm64"],
          handler: SETUP_HANDLER,
          code: new pulumi.asset.AssetArchive(
            Object.fromEntries(
              Object.entries(code.files).map(([file, js]) => [
                file,
                new pulumi.asset.StringAsset(js),
              ]),
            ),
          ),
          timeout: 300,
          memorySize: 256,
          vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [group.id] },
        },
        tags,
      },
      { parent: this, dependsOn: [access] },
    );

    this.invocation = new aws.lambda.Invocation(
      name,
      {
        functionName: this.function.function.name,
        input: pulumi
          .all([args.endpoint, args.adminRole.arn])
          .apply(([endpoint, adminRoleArn]) => JSON.stringify(settingsFor(endpoint, adminRoleArn))),
        // The settings are the input: a change replaces the invocation, which runs it again. A
        // change of the code alone does too, through this trigger.
        triggers: { code: code.hash },
      },
      { ...child, dependsOn: [args.domain, access] },
    );
    this.registerOutputs({ functionName: this.function.function.name });
  }
}
