import * as assert from "assert";
import { CIS_CONTROLS } from "../../../components/foundation/cisPatterns";
import { matchesFilterPattern } from "./filterPattern";

const pattern = (id: string): string => {
  const control = CIS_CONTROLS.find((c) => c.id === id);
  assert.ok(control, `no control ${id}`);
  return control.pattern;
};

const apiCall = (eventSource: string, eventName: string, extra: object = {}) => ({
  eventVersion: "1.09",
  eventSource,
  eventName,
  eventType: "AwsApiCall",
  sourceIPAddress: "203.0.113.10",
  userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111111111111:assumed-role/Dev/alice" },
  ...extra,
});

/** For each control: a CloudTrail record it must catch and a near miss it must ignore. */
const CASES: Record<string, { hit: object; miss: object }> = {
  "4.1": {
    hit: apiCall("ec2.amazonaws.com", "RunInstances", {
      errorCode: "Client.UnauthorizedOperation",
    }),
    miss: apiCall("s3.amazonaws.com", "HeadBucket", { errorCode: "AccessDenied" }),
  },
  "4.2": {
    hit: {
      eventName: "ConsoleLogin",
      userIdentity: { type: "IAMUser" },
      additionalEventData: { MFAUsed: "No" },
      responseElements: { ConsoleLogin: "Success" },
    },
    miss: {
      eventName: "ConsoleLogin",
      userIdentity: { type: "IAMUser" },
      additionalEventData: { MFAUsed: "Yes" },
      responseElements: { ConsoleLogin: "Success" },
    },
  },
  "4.3": {
    hit: apiCall("iam.amazonaws.com", "CreateUser", { userIdentity: { type: "Root" } }),
    miss: {
      ...apiCall("s3.amazonaws.com", "PutObject"),
      userIdentity: { type: "Root", invokedBy: "s3.amazonaws.com" },
    },
  },
  "4.4": {
    hit: apiCall("iam.amazonaws.com", "AttachRolePolicy"),
    miss: apiCall("iam.amazonaws.com", "ListPolicies"),
  },
  "4.5": {
    hit: apiCall("cloudtrail.amazonaws.com", "StopLogging"),
    miss: apiCall("cloudtrail.amazonaws.com", "LookupEvents"),
  },
  "4.6": {
    hit: { eventName: "ConsoleLogin", errorMessage: "Failed authentication" },
    miss: { eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Success" } },
  },
  "4.7": {
    hit: apiCall("kms.amazonaws.com", "ScheduleKeyDeletion"),
    miss: apiCall("kms.amazonaws.com", "Decrypt"),
  },
  "4.8": {
    hit: apiCall("s3.amazonaws.com", "PutBucketPolicy"),
    miss: apiCall("s3.amazonaws.com", "GetBucketPolicy"),
  },
  "4.9": {
    hit: apiCall("config.amazonaws.com", "StopConfigurationRecorder"),
    miss: apiCall("config.amazonaws.com", "DescribeConfigRules"),
  },
  "4.10": {
    hit: apiCall("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"),
    miss: apiCall("ec2.amazonaws.com", "DescribeSecurityGroups"),
  },
  "4.11": {
    hit: apiCall("ec2.amazonaws.com", "ReplaceNetworkAclEntry"),
    miss: apiCall("ec2.amazonaws.com", "DescribeNetworkAcls"),
  },
  "4.12": {
    hit: apiCall("ec2.amazonaws.com", "AttachInternetGateway"),
    miss: apiCall("ec2.amazonaws.com", "DescribeInternetGateways"),
  },
  "4.13": {
    hit: apiCall("ec2.amazonaws.com", "CreateRoute"),
    miss: apiCall("ec2.amazonaws.com", "DescribeRouteTables"),
  },
  "4.14": {
    hit: apiCall("ec2.amazonaws.com", "CreateVpcPeeringConnection"),
    miss: apiCall("ec2.amazonaws.com", "DescribeVpcs"),
  },
  "4.15": {
    hit: apiCall("organizations.amazonaws.com", "LeaveOrganization"),
    miss: apiCall("organizations.amazonaws.com", "ListAccounts"),
  },
};

describe("CIS AWS Foundations metric filter patterns", () => {
  it("cover controls 4.1 to 4.15 exactly once each, with unique metric names", () => {
    assert.deepStrictEqual(
      CIS_CONTROLS.map((c) => c.id),
      Array.from({ length: 15 }, (_, i) => `4.${i + 1}`),
    );
    assert.strictEqual(new Set(CIS_CONTROLS.map((c) => c.metric)).size, 15);
  });

  for (const [id, { hit, miss }] of Object.entries(CASES)) {
    it(`${id} matches its event and ignores the near miss`, () => {
      assert.strictEqual(matchesFilterPattern(pattern(id), hit), true, "should match");
      assert.strictEqual(matchesFilterPattern(pattern(id), miss), false, "should not match");
    });
  }

  it("4.1 ignores access denied on log delivery by the logs service", () => {
    const delivery = apiCall("s3.amazonaws.com", "PutObject", {
      errorCode: "AccessDenied",
      sourceIPAddress: "delivery.logs.amazonaws.com",
    });
    assert.strictEqual(matchesFilterPattern(pattern("4.1"), delivery), false);
  });

  it("4.3 ignores service events attributed to root", () => {
    const serviceEvent = {
      eventName: "CreateServiceLinkedRole",
      eventType: "AwsServiceEvent",
      userIdentity: { type: "Root" },
    };
    assert.strictEqual(matchesFilterPattern(pattern("4.3"), serviceEvent), false);
  });

  it("4.13 requires the EC2 event source", () => {
    const other = apiCall("ec2-like.example.com", "CreateRoute");
    assert.strictEqual(matchesFilterPattern(pattern("4.13"), other), false);
  });

  it("4.4 names every IAM policy mutation", () => {
    for (const name of [
      "PutRolePolicy",
      "DeleteUserPolicy",
      "CreatePolicyVersion",
      "SetDefaultPolicyVersion",
      "DetachGroupPolicy",
    ]) {
      assert.strictEqual(
        matchesFilterPattern(pattern("4.4"), apiCall("iam.amazonaws.com", name)),
        true,
        name,
      );
    }
  });
});
