/** An organization trail that every trail policy accepts; tests override one property at a time. */
export const GOOD_TRAIL = {
  s3BucketName: "trail-phys",
  isMultiRegionTrail: true,
  isOrganizationTrail: true,
  includeGlobalServiceEvents: true,
  enableLogFileValidation: true,
  kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k",
  cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:trail:*",
  cloudWatchLogsRoleArn: "arn:aws:iam::111111111111:role/trail-cw",
  enableLogging: true,
  snsTopicName: "arn:aws:sns:eu-west-1:111111111111:trail-files",
  insightSelectors: [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }],
  eventSelectors: [
    {
      includeManagementEvents: true,
      readWriteType: "All",
      dataResources: [
        { type: "AWS::S3::Object", values: ["arn:aws:s3"] },
        { type: "AWS::Lambda::Function", values: ["arn:aws:lambda"] },
      ],
    },
  ],
};
