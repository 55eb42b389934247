import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BundleFile, bundleKeys, sparkBundle } from "./sparkBundle";
import { SparkJobLocations } from "./stepCommand";

/** The opensearch-spark connector (Spark 3.x, Scala 2.12: EMR 7's Spark 3.5) on Maven Central. */
export const OPENSEARCH_CONNECTOR = {
  artifact: "opensearch-spark-30_2.12",
  version: "1.3.0",
  url: "https://repo1.maven.org/maven2/org/opensearch/client/opensearch-spark-30_2.12/1.3.0/opensearch-spark-30_2.12-1.3.0.jar",
} as const;

/** Args of {@link SparkArtifacts}. */
export interface SparkArtifactsArgs {
  /** Provider of the artifacts bucket's account and Region. Required. */
  provider: aws.Provider;
  /** Where the bundle goes. Required. */
  artifactsBucketName: string;
  /** The lake the steps write to (for the returned locations). Required. */
  lakeBucketName: string;
  /** KMS key the objects are encrypted with. Required. */
  keyArn: pulumi.Input<string>;
  /** Repository root holding spark/ and schemas/. Required. */
  repoRoot: string;
  /** Tags. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * The Spark job's code in the artifacts bucket: the `logparse` package zip, the schemas zip,
 * both entry scripts and the JVM parsers' jar under content-hashed keys (a change uploads new objects and changes the
 * steps that name them), and the connector jar, fetched from Maven Central by the machine that
 * runs `pulumi up` so the cluster never needs the internet.
 */
export class SparkArtifacts extends pulumi.ComponentResource {
  /** Where the steps find the code and write their output. */
  readonly locations: SparkJobLocations;

  constructor(name: string, args: SparkArtifactsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:emr:SparkArtifacts", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const bundle = sparkBundle(args.repoRoot);
    const keys = bundleKeys(bundle.hash);
    const archive = (files: BundleFile[]) =>
      new pulumi.asset.AssetArchive(
        Object.fromEntries(
          files.map((f) => [
            f.archivePath,
            f.text === undefined
              ? new pulumi.asset.FileAsset(f.sourcePath)
              : new pulumi.asset.StringAsset(f.text),
          ]),
        ),
      );
    const upload = (
      suffix: string,
      key: string,
      source: pulumi.asset.Asset | pulumi.asset.Archive,
      contentType: string,
    ) =>
      new aws.s3.BucketObjectv2(
        `${name}-${suffix}`,
        {
          bucket: args.artifactsBucketName,
          key,
          source,
          contentType,
          serverSideEncryption: "aws:kms",
          kmsKeyId: args.keyArn,
          bucketKeyEnabled: true,
          tags: args.tags,
        },
        child,
      );
    upload("package", keys.packageZip, archive(bundle.packageFiles), "application/zip");
    upload("schemas", keys.schemasZip, archive(bundle.schemaFiles), "application/zip");
    upload(
      "job",
      keys.jobScript,
      new pulumi.asset.FileAsset(bundle.jobScript.sourcePath),
      "text/x-python",
    );
    upload(
      "search-index",
      keys.searchScript,
      new pulumi.asset.FileAsset(bundle.searchScript.sourcePath),
      "text/x-python",
    );
    upload(
      "parsers",
      keys.parserJar,
      new pulumi.asset.FileAsset(bundle.parserJar.sourcePath),
      "application/java-archive",
    );
    const jarKey = `jars/${OPENSEARCH_CONNECTOR.artifact}-${OPENSEARCH_CONNECTOR.version}.jar`;
    upload(
      "connector",
      jarKey,
      new pulumi.asset.RemoteAsset(OPENSEARCH_CONNECTOR.url),
      "application/java-archive",
    );
    const art = (key: string) => `s3://${args.artifactsBucketName}/${key}`;
    const lake = (prefix: string) => `s3://${args.lakeBucketName}/${prefix}`;
    this.locations = {
      packageZipUri: art(keys.packageZip),
      schemasZipUri: art(keys.schemasZip),
      jobScriptUri: art(keys.jobScript),
      searchScriptUri: art(keys.searchScript),
      parserJarUri: art(keys.parserJar),
      connectorJarUri: art(jarKey),
      outputUri: lake("parsed/"),
      rejectsUri: lake("rejects/"),
      runsUri: lake("runs/"),
    };
    this.registerOutputs({ bundleHash: bundle.hash });
  }
}
