// The setup function's own types. Everything under setup/ runs inside Lambda (Node.js 22): it
// imports only Node built-ins and its sibling files, never Pulumi or the rest of components/.

/** AWS credentials, as Lambda's environment and STS AssumeRole hand them out. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary credentials (Lambda's role, an assumed role). */
  sessionToken?: string;
}

/** One HTTP request to send. */
export interface HttpRequest {
  method: "GET" | "PUT" | "POST" | "DELETE" | "HEAD";
  /** Absolute URL (`https://host/path?query`). */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Its response. */
export interface HttpResponse {
  status: number;
  body: string;
}

/** Sends a request (node:https in Lambda; node:http against a local test server). */
export type Send = (request: HttpRequest) => Promise<HttpResponse>;

/** A security-plugin role: cluster and index permissions. */
export interface SecurityRole {
  cluster_permissions: string[];
  index_permissions: Array<{ index_patterns: string[]; allowed_actions: string[] }>;
}

/** What one setup run applies: the event `aws.lambda.Invocation` sends. */
export interface SetupSettings {
  /** The domain's endpoint host (no scheme). */
  endpoint: string;
  /** The fine-grained-access master role the function assumes to change the security plugin. */
  adminRoleArn: string;
  /** Index templates by name (`PUT _index_template/<name>`). */
  indexTemplates: Record<string, unknown>;
  /** ISM policy id and body (`PUT _plugins/_ism/policies/<id>`). */
  ismPolicyId: string;
  ismPolicy: Record<string, unknown>;
  /** The writer role, its permissions and the IAM roles mapped to it. */
  writerRole: { name: string; role: SecurityRole; backendRoles: string[] };
  /** The security plugin's audit-log configuration (`PUT _plugins/_security/api/audit/config`). */
  auditConfig: Record<string, unknown>;
}

/** What a run did, request by request (the Invocation's result, kept in the stack state). */
export interface SetupReport {
  applied: Array<{ method: string; path: string; status: number }>;
}
