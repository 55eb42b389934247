import { policies } from "../../../policies/rules";
import { T, assertClean, assertLines, res, run } from "../harness";

const policy = (name: string) => policies.find((p) => p.name === name)!;
const CONFIG = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration";
const AGENT = "aws:bedrock/agentAgent:AgentAgent";
const SSE =
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

describe("bedrock-invocation-logging", () => {
  const p = policy("bedrock-invocation-logging");
  const group = (kmsKeyId?: string) =>
    res(T.logGroup, "invocations", {
      name: "/bedrock/invocations",
      ...(kmsKeyId ? { kmsKeyId } : {}),
    });
  const config = (loggingConfig: Record<string, unknown>) =>
    res(CONFIG, "bedrock", { loggingConfig });
  const toCloudWatch = {
    cloudwatchConfig: { logGroupName: "/bedrock/invocations", roleArn: "arn" },
  };

  it("passes logging to a KMS-encrypted log group", async () => {
    assertClean(await run(p, [group("k"), config(toCloudWatch)]));
  });

  it("passes logging to an encrypted bucket, and fails an unencrypted one", async () => {
    const bucket = res(T.bucket, "invocations", { bucket: "invocations-phys" });
    const toS3 = { s3Config: { bucketName: "invocations-phys" } };
    assertClean(
      await run(p, [
        bucket,
        res(SSE, "sse", { bucket: "invocations-phys", rules: [] }, { deps: { bucket: [bucket] } }),
        config(toS3),
      ]),
    );
    assertLines(await run(p, [bucket, config(toS3)]), [
      'mandatory bedrock: aws.bedrockmodel.InvocationLoggingConfiguration "bedrock" delivers invocation logs unencrypted: add an aws.s3.BucketServerSideEncryptionConfiguration for aws.s3.Bucket "invocations".',
    ]);
  });

  it("fails a configuration without destination, without text, or to an unencrypted group", async () => {
    assertLines(await run(p, [config({})]), [
      'mandatory bedrock: aws.bedrockmodel.InvocationLoggingConfiguration "bedrock" logs invocations nowhere: set loggingConfig.cloudwatchConfig { logGroupName, roleArn } or loggingConfig.s3Config { bucketName }.',
    ]);
    assertLines(
      await run(p, [group(), config({ ...toCloudWatch, textDataDeliveryEnabled: false })]),
      [
        'mandatory bedrock: aws.bedrockmodel.InvocationLoggingConfiguration "bedrock" drops prompts and completions: remove loggingConfig.textDataDeliveryEnabled: false.',
        'mandatory bedrock: aws.bedrockmodel.InvocationLoggingConfiguration "bedrock" delivers invocation logs unencrypted: add kmsKeyId on aws.cloudwatch.LogGroup "invocations".',
      ],
    );
  });

  it("reminds a stack that uses Bedrock without declaring invocation logging", async () => {
    assertLines(await run(p, [res(AGENT, "helper", { agentName: "helper" })]), [
      'advisory helper: aws.bedrock.AgentAgent "helper" invokes Bedrock models, and this stack declares no aws.bedrockmodel.InvocationLoggingConfiguration: make sure one exists for its account and region.',
    ]);
    assertClean(
      await run(p, [
        res(AGENT, "helper", { agentName: "helper" }),
        group("k"),
        config(toCloudWatch),
      ]),
    );
  });
});
