import { policies } from "../../../policies/rules";
import { assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const JOB = "aws:glue/job:Job";
const ENDPOINT = "aws:glue/devEndpoint:DevEndpoint";
const SECURITY = "aws:glue/securityConfiguration:SecurityConfiguration";

const security = (mode: string) =>
  res(SECURITY, "kms", {
    name: "kms",
    encryptionConfiguration: {
      cloudwatchEncryption: { cloudwatchEncryptionMode: mode, kmsKeyArn: "k" },
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: "k" },
      s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: "k" },
    },
  });
const job = (props: Record<string, unknown>) =>
  res(JOB, "etl", { roleArn: "arn", command: { scriptLocation: "s3://s/etl.py" }, ...props });
const continuous = { defaultArguments: { "--enable-continuous-cloudwatch-log": "true" } };

describe("glue-logging", () => {
  const p = policy("glue-logging");

  it("passes a continuously logging job and an endpoint under a KMS security configuration", async () => {
    assertClean(
      await run(p, [
        security("SSE-KMS"),
        job({ ...continuous, securityConfiguration: "kms" }),
        res(ENDPOINT, "dev", { roleArn: "arn", securityConfiguration: "kms" }),
      ]),
    );
  });

  it("flags a job without continuous logging or security configuration", async () => {
    assertLines(await run(p, [job({})]), [
      'mandatory etl: [Glue.2] aws.glue.Job "etl" does not log continuously: set defaultArguments { "--enable-continuous-cloudwatch-log": "true" }.',
      'mandatory etl: [Glue.2] aws.glue.Job "etl" runs without a security configuration, so its CloudWatch logs are not encrypted with KMS: set securityConfiguration to an aws.glue.SecurityConfiguration with cloudwatchEncryption.cloudwatchEncryptionMode "SSE-KMS".',
    ]);
  });

  it("flags a security configuration that leaves CloudWatch logs unencrypted", async () => {
    assertLines(
      await run(p, [
        security("DISABLED"),
        res(ENDPOINT, "dev", { roleArn: "arn", securityConfiguration: "kms" }),
      ]),
      [
        'mandatory dev: [Glue.2] aws.glue.DevEndpoint "dev" writes CloudWatch logs unencrypted: set encryptionConfiguration.cloudwatchEncryption.cloudwatchEncryptionMode "SSE-KMS" on aws.glue.SecurityConfiguration "kms".',
      ],
    );
  });

  it("is advisory when the security configuration lives in another stack", async () => {
    assertLines(await run(p, [job({ ...continuous, securityConfiguration: "shared" })]), [
      'advisory etl: [Glue.2] aws.glue.Job "etl" uses security configuration shared, which this stack does not manage, so its log encryption is not checked here.',
    ]);
  });
});
