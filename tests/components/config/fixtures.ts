/** A complete, valid raw config; each bad-config test changes one thing. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the literal type is the point
export function validRawConfig() {
  return {
    environment: "test",
    namePrefix: "acme-logs",
    organization: {
      id: "o-a1b2c3d4e5",
      managementAccount: { id: "111111111111", roleName: "PlatformDeploy" },
    },
    accounts: {
      logArchive: {
        id: "222222222222",
        breakGlassPrincipalArns: ["arn:aws:iam::222222222222:role/security-responder"],
      },
      audit: { id: "333333333333", readerRoleNames: ["log-analytics-*"] },
    },
    members: [
      { id: "444444444444", name: "payments", regions: ["eu-west-1"] },
      { id: "555555555555", name: "web", regions: ["eu-west-1", "eu-central-1"] },
      { id: "666666666666", name: "data", regions: ["eu-central-1"] },
    ],
    regions: { home: "eu-west-1", governed: ["eu-west-1", "eu-central-1"] },
    retention: {
      archiveDays: 400,
      hotDays: 90,
      archiveStorageClass: "GLACIER_IR",
      objectLock: { mode: "COMPLIANCE", days: 400 } as {
        mode: string;
        days: number;
        waiverReason?: string;
      },
      cloudWatchDays: 400,
    },
    alarmEmails: ["secops@example.com"],
  };
}
