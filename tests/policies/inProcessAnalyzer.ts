import * as grpc from "@grpc/grpc-js";
import { EnforcementLevel, Policies, PolicyPackArgs } from "@pulumi/policy";
// Its declarations are empty (the module is internal); the runtime exports `serve`.
import * as policyServer from "@pulumi/policy/server";

/**
 * @pulumi/policy's own analyzer server, started in this (test) process so specs can hand it any
 * policy object, the gate's gRPC client then drives it exactly as it drives a pack process. The
 * runtime allows one server per process and keeps its config in module state, so the served
 * policies are one array the caller refills between (serialized) runs.
 */

interface PolicyServer {
  serve(
    name: string,
    version: string,
    level: EnforcementLevel,
    args: PolicyPackArgs,
    initialConfig?: unknown,
  ): void;
}

export interface InProcessAnalyzer {
  /** `127.0.0.1:<port>`. */
  address: string;
  /** What the server serves; replace its contents to serve other policies. */
  policies: Policies;
  shutdown(): void;
}

/**
 * Serves an initially empty pack named `name`@`version`. `serve` prints the port on stdout, as
 * the CLI expects, and exits the process on a bind error; here its bind callback is swapped for
 * one that hands the port (and the server, to shut it down) back instead.
 */
export function serveInProcess(name: string, version: string): Promise<InProcessAnalyzer> {
  const server = policyServer as unknown as PolicyServer;
  const policies: Policies = [];
  const proto = grpc.Server.prototype;
  const bindAsync = proto.bindAsync;
  return new Promise((resolve, reject) => {
    proto.bindAsync = function (
      this: grpc.Server,
      port: string,
      creds: grpc.ServerCredentials,
      _callback: (error: Error | null, port: number) => void,
    ): void {
      proto.bindAsync = bindAsync;
      bindAsync.call(this, port, creds, (error, bound) => {
        if (error) reject(error);
        else {
          resolve({
            address: `127.0.0.1:${bound}`,
            policies,
            shutdown: () => this.forceShutdown(),
          });
        }
      });
    };
    try {
      server.serve(name, version, "advisory", { policies });
    } catch (e) {
      proto.bindAsync = bindAsync;
      reject(e);
    }
  });
}
