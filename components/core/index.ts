// The shared building blocks every capability uses: naming, policy documents and their
// builders, role grants, keys, the secure bucket, lifecycle rules and storage classes.
// Nothing here reads config or knows a capability.
export * from "./archiveBucketPolicy";
export * from "./keyPolicies";
export * from "./lifecycle";
export * from "./logKey";
export * from "./loggedFunction";
export * from "./naming";
export * from "./policyDocument";
export * from "./regions";
export * from "./roleGrants";
export * from "./secureBucket";
export * from "./serviceLogBucketPolicies";
export * from "./storageClasses";
