import * as assert from "assert";
import * as aws from "@pulumi/aws";
import {
  REGIONS_BY_PARTITION,
  UNSUPPORTED_PARTITION_REGIONS,
  closestOf,
  editDistance,
  partitionOf,
  regionProblem,
} from "../../../components/core";

describe("AWS Regions and partitions", () => {
  it("lists every Region the AWS provider knows, each in one partition or named unsupported", () => {
    const ours = [
      ...Object.values(REGIONS_BY_PARTITION).flat(),
      ...Object.keys(UNSUPPORTED_PARTITION_REGIONS),
    ].sort();
    assert.deepStrictEqual(ours, [...Object.values(aws.Region)].sort());
    assert.strictEqual(new Set(ours).size, ours.length, "no Region is listed twice");
  });

  it("derives the partition from the Region table, not from a prefix", () => {
    assert.strictEqual(partitionOf("us-gov-west-1"), "aws-us-gov");
    assert.strictEqual(partitionOf("cn-northwest-1"), "aws-cn");
    assert.strictEqual(partitionOf("eu-west-1"), "aws");
    assert.strictEqual(partitionOf("mx-central-1"), "aws");
    assert.throws(
      () => partitionOf("eu-west-9"),
      /^Error: "eu-west-9" is not an AWS Region \(did you mean "eu-west-1"\?\)$/,
    );
  });

  it("explains a bad Region: a typo gets the closest real one, an isolated partition is named", () => {
    assert.strictEqual(regionProblem("eu-west-1"), undefined);
    assert.strictEqual(
      regionProblem("xx-nowhere-7"),
      "is not an AWS Region (Region codes look like eu-west-1; the list is in components/core/regions.ts)",
    );
    assert.strictEqual(
      regionProblem("eu-wset-1"),
      'is not an AWS Region (did you mean "eu-west-1"?)',
    );
    assert.strictEqual(
      regionProblem("us-iso-east-1"),
      "is a Region of the aws-iso partition, which the platform does not support (aws, aws-cn, aws-us-gov)",
    );
  });

  it("measures edit distance", () => {
    assert.strictEqual(editDistance("logging-platfrom", "logging-platform"), 2);
    assert.strictEqual(editDistance("", "aws"), 3);
    assert.strictEqual(editDistance("aws", "aws"), 0);
    assert.strictEqual(closestOf("pulmi", ["logging-platform", "aws", "pulumi"]), "pulumi");
  });
});
