import { analyticsOutputs, buildAnalytics } from "./components/analyticsPlatform";
import { loadPlatformConfig } from "./components/config";
import { buildFoundation, foundationOutputs } from "./components/foundation";
import {
  buildIntegrations,
  integrationFoundationOptions,
  integrationOutputs,
} from "./components/integrations";

// Validation throws before the first resource is declared: a bad config never yields a partial stack.
const config = loadPlatformConfig();

const platformFoundation = buildFoundation(config, integrationFoundationOptions(config));
const platformAnalytics = buildAnalytics(config, platformFoundation);
const platformIntegrations = buildIntegrations(config, platformFoundation);

export const foundation = foundationOutputs(platformFoundation);
export const integrations = integrationOutputs(platformIntegrations);
export const analytics = analyticsOutputs(platformAnalytics, config);
