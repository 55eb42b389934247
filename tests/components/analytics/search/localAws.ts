import * as http from "http";
import { AddressInfo } from "net";
import { createHash, createHmac } from "crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Credentials } from "../../../../components/analytics/search/setup/types";

/**
 * A local stand-in for STS and an OpenSearch domain that checks every request it receives: the
 * SigV4 signature is recomputed with the AWS SDK's own signer (@smithy/signature-v4) from the
 * credentials the caller should be using, and the request is recorded for the test to compare
 * with what it expected. Answers come from a script the test supplies.
 */

function bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** A SHA-256 with the interface the SDK signer takes, on node:crypto. */
class NodeSha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    throw new Error("not needed");
  }
}

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Which identity signed it (`lambda` or `admin`), or why its signature is wrong. */
  signedBy: string;
}

/** What the server answers to a request. */
export interface Answer {
  status: number;
  body: string;
}

/**
 * The SDK signer's `authorization` for the request as received, signed with `credentials`:
 * the headers the client listed as signed, the client's `x-amz-date` as the signing date.
 */
export async function expectedAuthorization(
  seen: Omit<SeenRequest, "signedBy">,
  credentials: Credentials,
  region: string,
  service: string,
): Promise<string> {
  const signedNames = /SignedHeaders=([^,]+)/.exec(seen.headers["authorization"] ?? "")?.[1];
  if (signedNames === undefined) return "(no authorization header)";
  const headers: Record<string, string> = {};
  for (const name of signedNames.split(";")) headers[name] = seen.headers[name] ?? "";
  const url = new URL(`http://${seen.headers["host"]}${seen.path}`);
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const amz = seen.headers["x-amz-date"] ?? "";
  const date = new Date(
    `${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({ credentials, region, service, sha256: NodeSha256 });
  const signed = await signer.sign(
    {
      method: seen.method,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
      body: seen.body,
    },
    { signingDate: date },
  );
  return signed.headers["authorization"];
}

/** A running local server. */
export interface LocalAws {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts the server. `identities` are the credentials that may sign (by label); STS requests
 * (`POST /sts/`) are checked against service `sts`, everything else against `es`.
 */
export async function startLocalAws(
  region: string,
  identities: Record<string, Credentials>,
  answer: (r: SeenRequest) => Answer,
): Promise<LocalAws> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = String(v);
        const seen = {
          method: req.method ?? "",
          path: req.url ?? "",
          headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        const service = seen.path.startsWith("/sts/") ? "sts" : "es";
        let signedBy = `bad signature for ${service}`;
        for (const [label, creds] of Object.entries(identities)) {
          if (
            (await expectedAuthorization(seen, creds, region, service)) === headers["authorization"]
          ) {
            signedBy = label;
          }
        }
        const record = { ...seen, signedBy };
        requests.push(record);
        const a = answer(record);
        res.writeHead(a.status, { "content-type": "application/json" });
        res.end(a.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
