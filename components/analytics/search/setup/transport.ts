import * as http from "http";
import * as https from "https";
import { HttpRequest, HttpResponse } from "./types";

/** How long one request may take before it fails the run, in milliseconds. */
export const REQUEST_TIMEOUT_MS = 20_000;

/** Sends a request with node:https (or node:http for a local test server). */
export function nodeSend(request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const client = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: request.method, headers: request.headers, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${request.method} ${url.pathname}: timed out`)));
    req.on("error", reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
