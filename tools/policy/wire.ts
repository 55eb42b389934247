import * as pulumi from "@pulumi/pulumi";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { specialArchiveSig, specialAssetSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PlanResource } from "../offline/plan";

/**
 * The offline plan as the Pulumi engine hands it to an analyzer (pkg/resource/plugin's
 * analyzer.Analyze and AnalyzeStack): property values marshalled with KeepUnknowns, KeepSecrets
 * and SkipInternalKeys, options with the values the engine sends when one is unset, the explicit
 * provider with its inputs. `Analyze` gets a resource's inputs (before it is created);
 * `AnalyzeStack` gets every resource's outputs (after the preview or update).
 */

/** A value the engine could not marshal: the plan holds something no provider would receive. */
export class WireError extends Error {
  override readonly name = "WireError";
}

/** What an `AnalyzeRequest` and an `AnalyzerResource` both carry. */
interface DescribedResource {
  setType(value: string): unknown;
  setName(value: string): unknown;
  setUrn(value: string): unknown;
  setProperties(value?: Struct): unknown;
  setOptions(value?: analyzerproto.AnalyzerResourceOptions): unknown;
  setProvider(value?: analyzerproto.AnalyzerProviderResource): unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

async function assetValue(asset: pulumi.asset.Asset): Promise<Json> {
  const a = asset as Partial<Record<"path" | "text" | "uri", Promise<string>>>;
  if (a.path) return { [specialSigKey]: specialAssetSig, path: await a.path };
  if (a.text) return { [specialSigKey]: specialAssetSig, text: await a.text };
  if (a.uri) return { [specialSigKey]: specialAssetSig, uri: await a.uri };
  throw new WireError("an asset with neither path, text nor uri");
}

async function archiveValue(archive: pulumi.asset.Archive, at: string): Promise<Json> {
  const a = archive as Partial<Record<"path" | "uri", Promise<string>>> & {
    assets?: Promise<Record<string, pulumi.asset.Asset | pulumi.asset.Archive>>;
  };
  if (a.assets) {
    const assets: Record<string, Json> = {};
    for (const [name, member] of Object.entries(await a.assets)) {
      assets[name] = await wireValue(member, `${at}.assets.${name}`);
    }
    return { [specialSigKey]: specialArchiveSig, assets };
  }
  if (a.path) return { [specialSigKey]: specialArchiveSig, path: await a.path };
  if (a.uri) return { [specialSigKey]: specialArchiveSig, uri: await a.uri };
  throw new WireError(`${at}: an archive with neither assets, path nor uri`);
}

/**
 * One property value in the engine's wire form. Undefined object members are dropped and
 * undefined array items become null, as JSON would; keys starting with `__` are internal and
 * skipped; assets and archives get their signature; anything else that is not plain data is an
 * error naming where it is.
 */
export async function wireValue(value: unknown, at: string): Promise<Json> {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new WireError(`${at}: ${value} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const [i, item] of value.entries()) {
      items.push(item === undefined ? null : await wireValue(item, `${at}[${i}]`));
    }
    return items;
  }
  if (pulumi.asset.Asset.isInstance(value)) return assetValue(value);
  if (pulumi.asset.Archive.isInstance(value)) return archiveValue(value, at);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || key.startsWith("__")) continue;
      out[key] = await wireValue(v, at === "" ? key : `${at}.${key}`);
    }
    return out;
  }
  const kind =
    typeof value === "object" ? ((value as object).constructor?.name ?? "object") : typeof value;
  throw new WireError(`${at}: a ${kind} is not a value the engine sends to an analyzer`);
}

/** A property bag as the `google.protobuf.Struct` the analyzer receives. */
export async function propertiesStruct(
  props: Record<string, unknown>,
  resource: string,
): Promise<Struct> {
  try {
    return Struct.fromJavaScript((await wireValue(props, "")) as Record<string, Json>);
  } catch (e) {
    if (e instanceof WireError) throw new WireError(`${resource}: ${e.message}`);
    throw e;
  }
}

/** The options the engine sends: the plan's `protect` and `parent`, the rest at their unset values. */
export function resourceOptions(r: PlanResource): analyzerproto.AnalyzerResourceOptions {
  const opts = new analyzerproto.AnalyzerResourceOptions();
  opts.setProtect(r.protect);
  opts.setIgnorechangesList([]);
  opts.setDeletebeforereplacedefined(false);
  opts.setAdditionalsecretoutputsList([]);
  opts.setAliasesList([]);
  opts.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
  opts.setParent(r.parent ?? "");
  return opts;
}

/** Converts one plan for one analyzer session, marshalling each provider's inputs once. */
export class PlanWire {
  private readonly byUrn: Map<string, PlanResource>;
  private readonly providers = new Map<string, Promise<analyzerproto.AnalyzerProviderResource>>();

  constructor(readonly plan: readonly PlanResource[]) {
    this.byUrn = new Map(plan.map((r) => [r.urn, r]));
  }

  /** The explicit provider of `r`; a resource on the default provider has none offline. */
  private provider(r: PlanResource): Promise<analyzerproto.AnalyzerProviderResource> | undefined {
    if (r.provider === undefined) return undefined;
    let wired = this.providers.get(r.provider);
    if (wired === undefined) {
      const p = this.byUrn.get(r.provider);
      if (p === undefined) {
        throw new WireError(`${r.urn}: its provider ${r.provider} is not in the plan`);
      }
      wired = propertiesStruct(p.inputs, p.urn).then((props) => {
        const m = new analyzerproto.AnalyzerProviderResource();
        m.setType(p.type);
        m.setName(p.name);
        m.setUrn(p.urn);
        m.setProperties(props);
        return m;
      });
      this.providers.set(r.provider, wired);
    }
    return wired;
  }

  /** The fields `Analyze` and `AnalyzeStack` share: identity, properties, options, provider. */
  private async describe<M extends DescribedResource>(
    m: M,
    r: PlanResource,
    properties: Record<string, unknown>,
  ): Promise<M> {
    m.setType(r.type);
    m.setName(r.name);
    m.setUrn(r.urn);
    m.setProperties(await propertiesStruct(properties, r.urn));
    m.setOptions(resourceOptions(r));
    const provider = this.provider(r);
    if (provider) m.setProvider(await provider);
    return m;
  }

  /** `Analyze`'s request for one resource: its inputs. */
  async analyzeRequest(r: PlanResource): Promise<analyzerproto.AnalyzeRequest> {
    return this.describe(new analyzerproto.AnalyzeRequest(), r, r.inputs);
  }

  /** `AnalyzeStack`'s request: every resource with its outputs, parent and dependencies. */
  async analyzeStackRequest(): Promise<analyzerproto.AnalyzeStackRequest> {
    const resources = await Promise.all(
      this.plan.map(async (r) => {
        const m = await this.describe(new analyzerproto.AnalyzerResource(), r, r.outputs);
        m.setParent(r.parent ?? "");
        m.setDependenciesList(r.dependencies);
        const deps = m.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
          // The engine leaves out properties that depend on nothing.
          if (urns.length === 0) continue;
          const d = new analyzerproto.AnalyzerPropertyDependencies();
          d.setUrnsList(urns);
          deps.set(key, d);
        }
        return m;
      }),
    );
    const req = new analyzerproto.AnalyzeStackRequest();
    req.setResourcesList(resources);
    return req;
  }
}

/**
 * A plan whose property values are already in wire form (plain JSON, assets as signatures), so
 * it can cross a process boundary as JSON and still reach the analyzer unchanged.
 */
export async function wirePlan(plan: readonly PlanResource[]): Promise<PlanResource[]> {
  return Promise.all(
    plan.map(async (r) => ({
      ...r,
      inputs: (await wireValue(r.inputs, "")) as Record<string, unknown>,
      outputs: (await wireValue(r.outputs, "")) as Record<string, unknown>,
    })),
  );
}
