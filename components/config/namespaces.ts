import { closestOf } from "../core";
import { CONFIG_NAMESPACE } from "./errors";

/**
 * The config namespaces a stack of this program may use: its own, the AWS provider's and
 * Pulumi's. A key in any other namespace is read by nothing, so a typo such as
 * `logging-platfrom:features` would silently leave the section at its defaults.
 */
export const CONFIG_NAMESPACES: readonly string[] = [CONFIG_NAMESPACE, "aws", "pulumi"];

/**
 * One problem line per config key (`namespace:key`) whose namespace is not one of
 * {@link CONFIG_NAMESPACES}, naming the key and the closest valid namespace.
 */
export function namespaceProblems(keys: readonly string[]): string[] {
  return keys.flatMap((qualified) => {
    const cut = qualified.indexOf(":");
    const namespace = cut < 0 ? "" : qualified.slice(0, cut);
    if (CONFIG_NAMESPACES.includes(namespace)) return [];
    const key = qualified.slice(cut + 1);
    const suggestion = closestOf(namespace, CONFIG_NAMESPACES);
    return [
      `${qualified}: unknown config namespace ${JSON.stringify(namespace)}, so nothing reads this key ` +
        `(namespaces: ${CONFIG_NAMESPACES.join(", ")}); did you mean ${JSON.stringify(`${suggestion}:${key}`)}?`,
    ];
  });
}
