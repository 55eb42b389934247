import { loadPlatformConfig } from "./components/config";
import { buildFoundation, foundationOutputs } from "./components/foundation";

// Validation throws before the first resource is declared: a bad config never yields a partial stack.
const config = loadPlatformConfig();

const platformFoundation = buildFoundation(config);

export const foundation = foundationOutputs(platformFoundation);
