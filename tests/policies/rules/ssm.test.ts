import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const DOC = "aws:ssm/document:Document";
const prefix = '[CKV_AWS_113] aws.ssm.Document "session-prefs"';
const session = (content: string, documentFormat?: string) =>
  res(DOC, "session-prefs", {
    name: "SSM-SessionManagerRunShell",
    documentType: "Session",
    content,
    ...(documentFormat ? { documentFormat } : {}),
  });

describe("ssm-session-logging", () => {
  const p = policy("ssm-session-logging");

  it("passes encrypted S3 (JSON) or CloudWatch (YAML) session logging", async () => {
    assertClean(
      await run(p, [
        session(
          JSON.stringify({
            schemaVersion: "1.0",
            sessionType: "Standard_Stream",
            inputs: { s3BucketName: "sessions", s3EncryptionEnabled: true },
          }),
        ),
      ]),
    );
    assertClean(
      await run(p, [
        session(
          "schemaVersion: '1.0'\nsessionType: Standard_Stream\ninputs:\n  cloudWatchLogGroupName: /ssm/sessions\n  cloudWatchEncryptionEnabled: true\n",
          "YAML",
        ),
      ]),
    );
  });

  it("fails unencrypted or absent session logging, and unreadable content", async () => {
    const message = `mandatory session-prefs: ${prefix} does not log sessions to an encrypted destination: set inputs s3BucketName with s3EncryptionEnabled: true, or cloudWatchLogGroupName with cloudWatchEncryptionEnabled: true.`;
    assertLines(
      await run(p, [
        session(
          JSON.stringify({ inputs: { s3BucketName: "sessions", s3EncryptionEnabled: false } }),
        ),
      ]),
      [message],
    );
    assertLines(await run(p, [session("inputs: {}\n", "YAML")]), [message]);
    assertLines(await run(p, [session("{not json")]), [
      `mandatory session-prefs: ${prefix} content is not valid JSON: fix the document.`,
    ]);
  });

  it("leaves other document types alone", async () => {
    assertClean(await run(p, [res(DOC, "cmd", { documentType: "Command", content: "{}" })]));
  });
});
