import { policies } from "../../../policies/rules";
import { T, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("exemption-has-reason", () => {
  const p = policy("exemption-has-reason");

  it("reports every exemption tag without a reason, once per resource, and cannot be exempted", async () => {
    const d = await run(p, [
      res(T.bucket, "b", { tags: { "logging:exempt": "", "logging:exempt:s3-tls-only": "  " } }),
      res(T.logGroup, "g", { tags: { "logging:exempt": "ingest buffer, 1 day by design" } }),
    ]);
    assertLines(d, [
      'mandatory b: aws.s3.Bucket "b" has logging:exempt and logging:exempt:s3-tls-only without a reason: set the tag\'s value to why the resource is exempt, or remove the tag.',
    ]);
  });
});
