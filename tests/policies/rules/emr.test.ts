import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const EXEMPT = {
  "logging:exempt": "load test, torn down within the hour",
  "logging:exempt-expires": "2099-12-31",
};
const exempted =
  ' Exempted by tag logging:exempt until 2099-12-31: "load test, torn down within the hour".';

describe("emr", () => {
  it("emr-logging wants an s3 logUri and a security configuration", async () => {
    const p = policy("emr-logging");
    assertClean(
      await run(p, [
        res(T.emrCluster, "c", { logUri: "s3://logs/emr/", securityConfiguration: "sec" }),
      ]),
    );
    assertLines(await run(p, [res(T.emrCluster, "c", { logUri: "hdfs:///logs" })]), [
      'mandatory c: aws.emr.Cluster "c" has logUri hdfs:///logs: set it to an s3:// location.',
      'mandatory c: aws.emr.Cluster "c" runs without a security configuration: set securityConfiguration to the name of an aws.emr.SecurityConfiguration.',
    ]);
    assertLines(
      await run(p, [res(T.emrCluster, "c", { securityConfiguration: "sec", tags: EXEMPT })]),
      [
        `advisory c: aws.emr.Cluster "c" keeps its logs only on the cluster nodes: set logUri to an s3:// location.${exempted}`,
      ],
    );
  });

  it("emr-security-configuration wants S3 and local disk encryption at rest", async () => {
    const p = policy("emr-security-configuration");
    const good = {
      EncryptionConfiguration: {
        EnableInTransitEncryption: false,
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: {
          S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: "k" },
          LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: "k" },
        },
      },
    };
    assertClean(await run(p, [res(T.emrSecurity, "sec", { configuration: JSON.stringify(good) })]));
    const noDisk = JSON.stringify({
      EncryptionConfiguration: {
        EnableAtRestEncryption: true,
        AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: "SSE-S3" } },
      },
    });
    assertLines(await run(p, [res(T.emrSecurity, "sec", { configuration: noDisk })]), [
      'mandatory sec: aws.emr.SecurityConfiguration "sec" does not encrypt data at rest: set AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EncryptionKeyProviderType under EncryptionConfiguration in configuration.',
    ]);
    assertLines(await run(p, [res(T.emrSecurity, "sec", { configuration: "{" })]), [
      'mandatory sec: aws.emr.SecurityConfiguration "sec" configuration is not valid JSON: fix the document.',
    ]);
  });
});
