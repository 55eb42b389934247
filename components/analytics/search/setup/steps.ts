import { signRequest } from "./sigv4";
import { Credentials, HttpRequest, Send, SetupReport, SetupSettings } from "./types";

/** Where and as whom the run talks to the domain. */
export interface DomainClient {
  /** `https://<endpoint>` (a local `http://` server in tests). */
  baseUrl: string;
  region: string;
  /** The master role's credentials. */
  credentials: Credentials;
  send: Send;
  /** The signing clock. Default: now. */
  now?: () => Date;
}

/** One request of the run: what it does and which answers count as done. */
export interface PlannedRequest {
  method: "GET" | "PUT";
  path: string;
  body?: unknown;
  /** Statuses that are not a failure (a GET may find nothing). */
  accept: number[];
}

const ISM_PATH = (id: string) => `/_plugins/_ism/policies/${encodeURIComponent(id)}`;

/**
 * The idempotent PUTs of a run, in order: index templates, the writer role and its mapping, the
 * audit-log configuration. (The ISM policy needs a read first; see {@link runSetup}.)
 */
export function plannedPuts(s: SetupSettings): PlannedRequest[] {
  const role = encodeURIComponent(s.writerRole.name);
  return [
    ...Object.entries(s.indexTemplates)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, body]): PlannedRequest => ({
        method: "PUT",
        path: `/_index_template/${encodeURIComponent(name)}`,
        body,
        accept: [200],
      })),
    {
      method: "PUT",
      path: `/_plugins/_security/api/roles/${role}`,
      body: s.writerRole.role,
      accept: [200, 201],
    },
    {
      method: "PUT",
      path: `/_plugins/_security/api/rolesmapping/${role}`,
      body: { backend_roles: s.writerRole.backendRoles },
      accept: [200, 201],
    },
    {
      method: "PUT",
      path: "/_plugins/_security/api/audit/config",
      body: s.auditConfig,
      accept: [200],
    },
  ];
}

/** Sends one planned request, signed; returns the status and parsed JSON body (if any). */
async function call(
  c: DomainClient,
  r: PlannedRequest,
  query = "",
): Promise<{ status: number; json: unknown }> {
  const unsigned: HttpRequest = {
    method: r.method,
    url: `${c.baseUrl}${r.path}${query}`,
    headers: r.body === undefined ? {} : { "content-type": "application/json" },
    body: r.body === undefined ? undefined : JSON.stringify(r.body),
  };
  const signed = signRequest(
    unsigned,
    c.credentials,
    c.region,
    "es",
    (c.now ?? (() => new Date()))(),
  );
  const response = await c.send(signed);
  if (!r.accept.includes(response.status)) {
    throw new Error(
      `${r.method} ${r.path}${query}: HTTP ${response.status}: ${response.body.slice(0, 500)}`,
    );
  }
  let json: unknown = undefined;
  try {
    json = response.body === "" ? undefined : JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/**
 * Applies the settings to the domain: the templates, the ISM policy (created, or updated with
 * the sequence number and primary term the domain reports, as ISM requires), the writer role,
 * its mapping and the audit-log configuration. Stops at the first failure, naming the request.
 * @throws Error naming the request, the status and the domain's answer.
 */
export async function runSetup(s: SetupSettings, c: DomainClient): Promise<SetupReport> {
  const applied: SetupReport["applied"] = [];
  const puts = plannedPuts(s);
  const templates = puts.filter((p) => p.path.startsWith("/_index_template/"));
  const security = puts.filter((p) => !p.path.startsWith("/_index_template/"));
  for (const r of templates) {
    applied.push({ method: r.method, path: r.path, status: (await call(c, r)).status });
  }

  const ism = ISM_PATH(s.ismPolicyId);
  const current = await call(c, { method: "GET", path: ism, accept: [200, 404] });
  const seq = current.json as { _seq_no?: unknown; _primary_term?: unknown } | undefined;
  const update =
    current.status === 200 &&
    typeof seq?._seq_no === "number" &&
    typeof seq._primary_term === "number";
  if (current.status === 200 && !update) {
    throw new Error(`GET ${ism}: the domain answered without _seq_no and _primary_term`);
  }
  const query = update ? `?if_seq_no=${seq._seq_no}&if_primary_term=${seq._primary_term}` : "";
  const put = await call(
    c,
    { method: "PUT", path: ism, body: s.ismPolicy, accept: update ? [200] : [200, 201] },
    query,
  );
  applied.push({ method: "PUT", path: `${ism}${query}`, status: put.status });

  for (const r of security) {
    applied.push({ method: r.method, path: r.path, status: (await call(c, r)).status });
  }
  return { applied };
}
