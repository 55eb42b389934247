import { runSetup } from "./steps";
import { assumeRole } from "./sts";
import { nodeSend } from "./transport";
import { Credentials, SetupReport, SetupSettings } from "./types";

/** Session name of the master-role session, visible in CloudTrail and the domain's audit log. */
export const SETUP_SESSION_NAME = "search-setup";

/**
 * The Lambda entry point: assumes the domain's master role with the function's own credentials
 * (STS through the VPC's interface endpoint), then applies the settings with SigV4-signed
 * requests. `STS_URL` and `DOMAIN_URL` override the endpoints (tests point them at a local
 * server); otherwise they are the Region's STS and `https://<settings.endpoint>`.
 * @throws Error naming the missing environment variable, or the request that failed.
 */
export async function handler(event: SetupSettings): Promise<SetupReport> {
  const env = (name: string): string => {
    const v = process.env[name];
    if (v === undefined || v === "") throw new Error(`environment variable ${name} is not set`);
    return v;
  };
  const region = env("AWS_REGION");
  const own: Credentials = {
    accessKeyId: env("AWS_ACCESS_KEY_ID"),
    secretAccessKey: env("AWS_SECRET_ACCESS_KEY"),
    sessionToken: process.env["AWS_SESSION_TOKEN"],
  };
  const stsUrl = process.env["STS_URL"] ?? `https://sts.${region}.amazonaws.com/`;
  const admin = await assumeRole(
    nodeSend,
    stsUrl,
    region,
    own,
    event.adminRoleArn,
    SETUP_SESSION_NAME,
  );
  const report = await runSetup(event, {
    baseUrl: process.env["DOMAIN_URL"] ?? `https://${event.endpoint}`,
    region,
    credentials: admin,
    send: nodeSend,
  });
  console.log(JSON.stringify({ level: "INFO", message: "search setup applied", ...report }));
  return report;
}
