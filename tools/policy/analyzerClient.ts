import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

/**
 * The engine's side of the Analyzer gRPC service, with the stubs @pulumi/pulumi ships: one
 * channel to one policy pack, each call a promise.
 */

/** The analyzer answered a call with an error: a policy threw, or the pack is broken. */
export class AnalyzerCallError extends Error {
  override readonly name = "AnalyzerCallError";
  constructor(
    readonly method: string,
    readonly code: grpc.status,
    /** The analyzer's own text: for a throwing policy, which policy and its stack. */
    readonly details: string,
  ) {
    super(`${method} failed (${grpc.status[code] ?? code}): ${details}`);
  }
}

// The engine raises the limit the same way: a stack's resources go in one AnalyzeStack call.
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

type Unary<Req, Res> = (
  request: Req,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

export class AnalyzerConnection {
  private readonly client: AnalyzerClient;

  /** Opens a channel to an analyzer listening on `address` (`127.0.0.1:<port>`). */
  constructor(readonly address: string) {
    this.client = new AnalyzerClient(address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
  }

  private call<Req, Res>(method: string, fn: Unary<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      fn.call(this.client, request, (error, response) => {
        if (error) reject(new AnalyzerCallError(method, error.code, error.details));
        else resolve(response);
      });
    });
  }

  getAnalyzerInfo(): Promise<analyzerproto.AnalyzerInfo> {
    return this.call("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty());
  }

  configure(request: analyzerproto.ConfigureAnalyzerRequest): Promise<Empty> {
    return this.call("Configure", this.client.configure, request);
  }

  configureStack(
    request: analyzerproto.AnalyzerStackConfigureRequest,
  ): Promise<analyzerproto.AnalyzerStackConfigureResponse> {
    return this.call("ConfigureStack", this.client.configureStack, request);
  }

  analyze(request: analyzerproto.AnalyzeRequest): Promise<analyzerproto.AnalyzeResponse> {
    return this.call("Analyze", this.client.analyze, request);
  }

  analyzeStack(request: analyzerproto.AnalyzeStackRequest): Promise<analyzerproto.AnalyzeResponse> {
    return this.call("AnalyzeStack", this.client.analyzeStack, request);
  }

  close(): void {
    this.client.close();
  }
}
