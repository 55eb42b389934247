import * as pulumi from "@pulumi/pulumi";
import {
  analyticsFoundationOptions,
  analyticsOutputs,
  buildAnalytics,
} from "./components/analytics";
import { PlatformConfig, loadPlatformConfig } from "./components/config";
import {
  buildFoundation,
  combineFoundationOptions,
  foundationOutputs,
} from "./components/foundation";
import { buildHealth, healthOutputs } from "./components/health";
import {
  MEMBER_INPUTS_OUTPUT,
  buildIntegrations,
  buildMemberStack,
  integrationFoundationOptions,
  integrationOutputs,
  parseMemberStackInputs,
} from "./components/integrations";

type StackOutputs = Record<string, pulumi.Input<unknown>>;

/**
 * The platform stack of an environment: management, log-archive and audit accounts, one
 * provider each. Nothing in it depends on which members are registered.
 */
function platformStack(config: PlatformConfig): StackOutputs {
  // Later capabilities' roles have fixed names, so what the foundation's policies must grant
  // them is known before anything exists.
  const foundation = buildFoundation(
    config,
    combineFoundationOptions(
      integrationFoundationOptions(config),
      analyticsFoundationOptions(config),
    ),
  );
  const analytics = buildAnalytics(config, foundation);
  const integrations = buildIntegrations(config, foundation);
  const health = buildHealth(config, foundation, integrations, analytics);
  return {
    foundation: foundationOutputs(foundation),
    integrations: integrationOutputs(integrations),
    analytics: analyticsOutputs(analytics, config),
    health: healthOutputs(health),
    [MEMBER_INPUTS_OUTPUT]: integrations.memberInputs,
  };
}

/** A member stack: one member account's baseline, through one provider, pointed at the platform. */
function memberStack(config: PlatformConfig, platformStackName: string): StackOutputs {
  const platform = new pulumi.StackReference("platform", { name: platformStackName });
  const inputs = platform
    .getOutput(MEMBER_INPUTS_OUTPUT)
    .apply((v: unknown) => parseMemberStackInputs(v, platformStackName));
  const member = buildMemberStack(config, inputs);
  return {
    accountId: config.members[0].id,
    regions: config.members[0].regions,
    redshiftAuditParameterGroups: member.redshift.map((r) => r.parameterGroupName),
  };
}

/**
 * The program: validation throws before the first resource is declared, so a bad config never
 * yields a partial stack; then `stack.kind` picks which stack this is.
 */
export = async (): Promise<StackOutputs> => {
  const config = loadPlatformConfig();
  return config.stack.kind === "member"
    ? memberStack(config, config.stack.platformStack)
    : platformStack(config);
};
