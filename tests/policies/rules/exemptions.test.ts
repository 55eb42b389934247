import * as assert from "assert";
import { reasonProblem } from "../../../components/config";
import { BUILT_IN_EXEMPTIONS_EXPIRE, exemptionTags } from "../../../components/core";
import { exemptionOf, isRealReason } from "../../../policies/lib/exemption";
import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;

describe("exemption-has-reason", () => {
  const p = policy("exemption-has-reason");

  it("reports every exemption tag without a reason, once per tag, and cannot be exempted", async () => {
    const d = await run(p, [
      res(T.bucket, "b", { tags: { "logging:exempt": "", "logging:exempt:s3-tls-only": "  " } }),
      res(T.logGroup, "g", {
        tags: {
          "logging:exempt": "ingest buffer, 1 day by design",
          "logging:exempt-expires": "2099-12-31",
        },
      }),
    ]);
    assertLines(d, [
      'mandatory b: aws.s3.Bucket "b" has the exemption tag logging:exempt, which has no reason.',
      'mandatory b: aws.s3.Bucket "b" has the exemption tag logging:exempt:s3-tls-only, which has no reason.',
    ]);
  });

  it("requires a reason of real length and an expiry date for each exemption tag", async () => {
    const d = await run(p, [
      res(T.bucket, "b", {
        tags: {
          "logging:exempt:s3-encryption": ".",
          "logging:exempt-expires:s3-encryption": "2099-12-31",
          "logging:exempt:s3-tls-only": "legacy client that cannot speak TLS 1.2",
          "logging:exempt:s3-lifecycle": "query results expire within days",
          "logging:exempt-expires:s3-lifecycle": "2026-02-31",
        },
      }),
    ]);
    assertLines(d, [
      'mandatory b: aws.s3.Bucket "b" has the exemption tag logging:exempt:s3-encryption, which gives ".", ' +
        "which is not a reason: state in at least 20 characters and 3 words why the resource is exempt.",
      'mandatory b: aws.s3.Bucket "b" has the exemption tag logging:exempt:s3-lifecycle, which expires on ' +
        '"2026-02-31" (logging:exempt-expires:s3-lifecycle), which is not a calendar date written YYYY-MM-DD.',
      'mandatory b: aws.s3.Bucket "b" has the exemption tag logging:exempt:s3-tls-only, which has no expiry: ' +
        "add the tag logging:exempt-expires:s3-tls-only with the last day it holds (YYYY-MM-DD).",
    ]);
  });

  it("reports an expired exemption as mandatory, naming the expiry", async () => {
    const d = await run(p, [
      res(T.logGroup, "g", {
        tags: {
          "logging:exempt": "ingest buffer, one day by design",
          "logging:exempt-expires": "2020-01-31",
        },
      }),
    ]);
    assertLines(d, [
      'mandatory g: aws.cloudwatch.LogGroup "g" has the exemption tag logging:exempt, which expired on ' +
        "2020-01-31 (logging:exempt-expires): renew it with a new date and a current reason, or bring the " +
        "resource into compliance.",
    ]);
  });

  it("passes an exemption with a reason that has not expired, through its last day", async () => {
    const today = new Date().toISOString().slice(0, 10);
    assertClean(
      await run(p, [
        res(T.logGroup, "g", {
          tags: {
            "logging:exempt": "ingest buffer, one day by design",
            "logging:exempt-expires": today,
          },
        }),
      ]),
    );
  });
});

describe("exemption tags: what the platform writes is what the pack reads", () => {
  it("an exemption built by components/core is a valid exemption for the pack", () => {
    const tags = exemptionTags(
      "s3-encryption",
      "Elastic Load Balancing access logs support only SSE-S3 on the target bucket",
      BUILT_IN_EXEMPTIONS_EXPIRE,
    );
    assert.deepStrictEqual(exemptionOf(tags, "s3-encryption", "2026-12-05"), {
      kind: "valid",
      tag: "logging:exempt:s3-encryption",
      reason: "Elastic Load Balancing access logs support only SSE-S3 on the target bucket",
      expires: BUILT_IN_EXEMPTIONS_EXPIRE,
    });
  });

  it("config waivers and exemption tags judge a reason alike", () => {
    for (const reason of [
      ".",
      "n/a n/a n/a n/a n/a n/a",
      "... 2026-12-05 !!! ???",
      "test data only",
      "dev holds synthetic test logs only",
      "restore drill needs deletable copies",
    ]) {
      assert.strictEqual(reasonProblem(reason) === undefined, isRealReason(reason), reason);
    }
  });
});
