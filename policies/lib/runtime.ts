import * as policySdk from "@pulumi/policy";

/**
 * The two runtime helpers @pulumi/policy exports without type declarations (its proxy.d.ts is
 * empty), typed here once so neither the pack nor the offline gate handles `any`.
 */
interface PolicyRuntime {
  unknownCheckingProxy<T extends object>(value: T): T;
  UnknownValueError: new (sentinel: string, props: string[]) => Error;
}

const runtime = policySdk as unknown as PolicyRuntime;

/** Wraps resource properties so reading a value unknown during preview throws. */
export function unknownCheckingProxy<T extends object>(value: T): T {
  return runtime.unknownCheckingProxy(value);
}

/** True for the error the proxy throws when a policy reads a value unknown during preview. */
export function isUnknownValueError(e: unknown): e is Error {
  return e instanceof runtime.UnknownValueError;
}
