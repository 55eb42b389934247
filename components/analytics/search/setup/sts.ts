import { signRequest } from "./sigv4";
import { Credentials, Send } from "./types";

/** STS's answer, one element: `<Name>value</Name>`. */
function element(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/**
 * Assumes `roleArn` through the STS Query API (regional endpoint, SigV4) and returns its
 * temporary credentials.
 * @throws Error with STS's status and message when it refuses.
 */
export async function assumeRole(
  send: Send,
  stsUrl: string,
  region: string,
  credentials: Credentials,
  roleArn: string,
  sessionName: string,
  now: () => Date = () => new Date(),
): Promise<Credentials> {
  const body = new URLSearchParams({
    Action: "AssumeRole",
    Version: "2011-06-15",
    RoleArn: roleArn,
    RoleSessionName: sessionName,
    DurationSeconds: "900",
  }).toString();
  const request = signRequest(
    {
      method: "POST",
      url: stsUrl,
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
    },
    credentials,
    region,
    "sts",
    now(),
  );
  const response = await send(request);
  const accessKeyId = element(response.body, "AccessKeyId");
  const secretAccessKey = element(response.body, "SecretAccessKey");
  const sessionToken = element(response.body, "SessionToken");
  if (response.status !== 200 || !accessKeyId || !secretAccessKey || !sessionToken) {
    const message = element(response.body, "Message") ?? response.body.slice(0, 300);
    throw new Error(`sts:AssumeRole ${roleArn}: HTTP ${response.status}: ${message}`);
  }
  return { accessKeyId, secretAccessKey, sessionToken };
}
