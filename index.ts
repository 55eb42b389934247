import {
  analyticsFoundationOptions,
  analyticsOutputs,
  buildAnalytics,
} from "./components/analytics";
import { loadPlatformConfig } from "./components/config";
import {
  buildFoundation,
  combineFoundationOptions,
  foundationOutputs,
} from "./components/foundation";
import {
  buildIntegrations,
  integrationFoundationOptions,
  integrationOutputs,
} from "./components/integrations";

// Validation throws before the first resource is declared: a bad config never yields a partial stack.
const config = loadPlatformConfig();

// Later capabilities' roles have fixed names, so what the foundation's policies must grant them
// is known before anything exists.
const platformFoundation = buildFoundation(
  config,
  combineFoundationOptions(
    integrationFoundationOptions(config),
    analyticsFoundationOptions(config),
  ),
);
const platformAnalytics = buildAnalytics(config, platformFoundation);
const platformIntegrations = buildIntegrations(config, platformFoundation);

export const foundation = foundationOutputs(platformFoundation);
export const integrations = integrationOutputs(platformIntegrations);
export const analytics = analyticsOutputs(platformAnalytics, config);
