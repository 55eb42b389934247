/**
 * How a resource is named in messages: the TypeScript class a developer wrote plus the logical
 * name, e.g. `aws.s3.Bucket "logs"` for type token `aws:s3/bucket:Bucket`.
 */
export function classPath(type: string): string {
  const [pkg, mod, cls] = type.split(":");
  if (cls === undefined) return type;
  const module = (mod ?? "").split("/")[0];
  return module === "index" || module === "" ? `${pkg}.${cls}` : `${pkg}.${module}.${cls}`;
}

/** `aws.s3.Bucket "logs"`. */
export function subject(type: string, name: string): string {
  return `${classPath(type)} "${name}"`;
}
