import { z } from "zod";

/** The parts of a zod schema's definition the walk reads (zod 4's `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
  valueType?: z.ZodType;
}

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/**
 * Every key path a config schema accepts, as the docs spell them: `retention.archiveDays`,
 * `members[].vpcIds`. `leaf` is true when nothing is nested below the path (maps such as
 * `members[].vpcIds` are leaves: their keys are data, not config keys).
 */
export function configPaths(schema: z.ZodType): Map<string, { leaf: boolean }> {
  const paths = new Map<string, { leaf: boolean }>();
  const walk = (s: z.ZodType, prefix: string): void => {
    const d = def(s);
    switch (d.type) {
      case "object":
        for (const [key, child] of Object.entries(d.shape ?? {})) {
          const path = prefix ? `${prefix}.${key}` : key;
          paths.set(path, { leaf: true });
          walk(child, path);
        }
        if (prefix && paths.has(prefix) && Object.keys(d.shape ?? {}).length > 0) {
          paths.set(prefix, { leaf: false });
        }
        return;
      case "array":
        return walk(d.element!, `${prefix}[]`);
      case "union":
        return (d.options ?? []).forEach((o) => walk(o, prefix));
      case "pipe":
        return walk(d.in!, prefix);
      case "default":
      case "prefault":
      case "optional":
      case "nullable":
      case "readonly":
      case "catch":
      case "nonoptional":
        return walk(d.innerType!, prefix);
      default:
        return;
    }
  };
  walk(schema, "");
  // An array of objects (`members[]`) nests its fields under `members`.
  for (const path of paths.keys()) {
    const parent = /^(.+)\[\]\./.exec(path)?.[1];
    if (parent !== undefined && paths.has(parent)) paths.set(parent, { leaf: false });
  }
  return paths;
}
