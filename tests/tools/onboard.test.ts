import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { runFleetAfter } from "../../tools/onboarding/apply";
import { parseOffboardArgs, parseOnboardArgs } from "../../tools/onboarding/args";
import { CommandIo, runOffboard, runOnboard } from "../../tools/onboarding/commands";
import { unifiedDiff } from "../../tools/onboarding/diff";
import { validateStackText } from "../../tools/onboarding/stackDocument";
import { PLATFORM_DIR } from "../../tools/offline/resolveStack";

/** A scratch copy of the program's project and stack files, so the repository is never touched. */
function scratchProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "onboard-test-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
    fs.copyFileSync(path.join(PLATFORM_DIR, f), path.join(dir, f));
  }
  return dir;
}

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

const DEV_ADD = ["--stack", "dev", "--account-id", "123456789012", "--name", "sandbox"];

describe("onboard CLI", () => {
  let dir: string;
  let devFile: string;
  beforeEach(() => {
    dir = scratchProgram();
    devFile = path.join(dir, "Pulumi.dev.yaml");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--dry-run prints the diff and the next commands and leaves the file byte for byte", () => {
    const before = sha256(devFile);
    const io = capture();
    assert.strictEqual(runOnboard([...DEV_ADD, "--dry-run"], io, dir), 0);
    assert.strictEqual(sha256(devFile), before);
    assert.deepStrictEqual(io.stderr, []);
    assert.deepStrictEqual(io.stdout, [
      [
        "--- a/Pulumi.dev.yaml",
        "+++ b/Pulumi.dev.yaml",
        "@@ -34,6 +34,10 @@",
        "       name: shared-services",
        "       regions:",
        "         - eu-west-1",
        '+    - id: "123456789012"',
        "+      name: sandbox",
        "+      regions:",
        "+        - eu-west-1",
        "   logging-platform:regions:",
        "     home: eu-west-1",
        "     governed:",
      ].join("\n"),
      "next:",
      "  # dry run: Pulumi.dev.yaml not changed; to apply:",
      "  npm run onboard -- --stack dev --account-id 123456789012 --name sandbox",
      "  npm run policy:check -- --stack dev-123456789012   # its member stack, offline gate",
      "  npm run fleet -- preview --stack dev --accounts 123456789012",
      "  npm run fleet -- up --stack dev --accounts 123456789012",
    ]);
  });

  it("appends the member in place: comments, key order and every other line kept", () => {
    const before = fs.readFileSync(devFile, "utf8");
    const io = capture();
    assert.strictEqual(
      runOnboard([...DEV_ADD, "--regions", "eu-west-1", "--role-name", "PlatformDeploy"], io, dir),
      0,
    );
    const after = fs.readFileSync(devFile, "utf8");
    const insertAt = before.indexOf("  logging-platform:regions:");
    assert.strictEqual(
      after,
      before.slice(0, insertAt) +
        '    - id: "123456789012"\n' +
        "      name: sandbox\n" +
        "      regions:\n" +
        "        - eu-west-1\n" +
        "      roleName: PlatformDeploy\n" +
        before.slice(insertAt),
    );
    assert.ok(after.includes("    # CloudWatch Logs keeps a year even in dev"));
    const config = validateStackText(dir, "dev", after);
    assert.deepStrictEqual(config.members[1], {
      id: "123456789012",
      name: "sandbox",
      regions: ["eu-west-1"],
      roleName: "PlatformDeploy",
    });
    assert.strictEqual(
      io.stdout[io.stdout.length - 1],
      "  npm run fleet -- up --stack dev --accounts 123456789012",
    );
  });

  it("keeps comments inside the member list", () => {
    const text = fs
      .readFileSync(devFile, "utf8")
      .replace(
        "  logging-platform:members:\n",
        "  logging-platform:members:\n    # owned by team X\n",
      );
    fs.writeFileSync(devFile, text);
    assert.strictEqual(runOnboard(DEV_ADD, capture(), dir), 0);
    const after = fs.readFileSync(devFile, "utf8");
    assert.ok(
      after.includes(
        '  logging-platform:members:\n    # owned by team X\n    - id: "543210987654"',
      ),
    );
    assert.strictEqual(
      (parse(after) as { config: Record<string, unknown[]> }).config["logging-platform:members"]
        .length,
      2,
    );
  });

  const rejections: Array<[string, string[], string[]]> = [
    [
      "a malformed account id",
      ["--stack", "dev", "--account-id", "12345", "--name", "sandbox"],
      ['  --account-id "12345" is not a 12-digit AWS account id'],
    ],
    [
      "a malformed name",
      ["--stack", "dev", "--account-id", "123456789012", "--name", "Sandbox_1"],
      [
        '  --name "Sandbox_1" is not a member name (2-32 of lowercase letters, digits, -; starting with a letter)',
      ],
    ],
    [
      "an account that is already a member",
      ["--stack", "dev", "--account-id", "543210987654", "--name", "sandbox"],
      ['  --account-id "543210987654" is already onboarded as member "shared-services"'],
    ],
    [
      "a name already in use",
      ["--stack", "dev", "--account-id", "123456789012", "--name", "shared-services"],
      ['  --name "shared-services" is already used by account 543210987654'],
    ],
    [
      "the management account",
      ["--stack", "dev", "--account-id", "210987654321", "--name", "sandbox"],
      [
        '  --account-id "210987654321" is the management account (organization.managementAccount.id), not a member account',
      ],
    ],
    [
      "the log-archive account",
      ["--stack", "dev", "--account-id", "321098765432", "--name", "sandbox"],
      [
        '  --account-id "321098765432" is the log-archive account (accounts.logArchive.id), not a member account',
      ],
    ],
    [
      "the audit account",
      ["--stack", "dev", "--account-id", "432109876543", "--name", "sandbox"],
      [
        '  --account-id "432109876543" is the audit account (accounts.audit.id), not a member account',
      ],
    ],
    [
      "a Region outside the governed set, and one listed twice",
      [...DEV_ADD, "--regions", "eu-west-1,us-west-2,eu-west-1"],
      [
        '  --regions "us-west-2" is not a governed Region (regions.governed: eu-west-1)',
        '  --regions "eu-west-1" is listed twice',
      ],
    ],
  ];
  for (const [what, argv, problems] of rejections) {
    it(`rejects ${what}, leaving the file byte for byte`, () => {
      const before = sha256(devFile);
      const io = capture();
      assert.strictEqual(runOnboard(argv, io, dir), 2);
      assert.deepStrictEqual(io.stderr, ["onboard: Pulumi.dev.yaml not changed:", ...problems]);
      assert.deepStrictEqual(io.stdout, []);
      assert.strictEqual(sha256(devFile), before);
    });
  }

  it("rejects what only the stack's own validation catches (a bad role name), file untouched", () => {
    const before = sha256(devFile);
    const io = capture();
    assert.strictEqual(runOnboard([...DEV_ADD, "--role-name", "bad role!"], io, dir), 2);
    assert.deepStrictEqual(io.stderr, [
      "onboard: the edited stack would not validate, nothing changed:",
      '  logging-platform:members[1].roleName: "bad role!" is not an IAM role name (1-64 of letters, digits, +=,.@_-)',
    ]);
    assert.strictEqual(sha256(devFile), before);
  });

  it("refuses to edit a stack file that is already invalid", () => {
    fs.writeFileSync(
      devFile,
      fs.readFileSync(devFile, "utf8").replace("home: eu-west-1", "home: mars-1"),
    );
    const before = sha256(devFile);
    const io = capture();
    assert.strictEqual(runOnboard(DEV_ADD, io, dir), 2);
    assert.strictEqual(
      io.stderr[0],
      "onboard: Pulumi.dev.yaml does not validate as it is; fix it first, nothing changed:",
    );
    assert.ok(
      io.stderr.includes(
        '  logging-platform:regions.home: "mars-1" is not an AWS Region (Region codes look like eu-west-1; the list is in components/core/regions.ts)',
      ),
    );
    assert.strictEqual(sha256(devFile), before);
  });

  it("usage errors and unknown stacks exit 2 with the usage line", () => {
    const io = capture();
    assert.strictEqual(runOnboard(["--stack", "dev", "--account-id", "123456789012"], io, dir), 2);
    assert.deepStrictEqual(io.stderr, [
      "onboard: --name is required",
      "usage: npm run onboard -- --stack <env> --account-id <12 digits> --name <slug> [--regions r1,r2] [--role-name <role>] [--dry-run | --apply]",
    ]);
    const unknown = capture();
    assert.strictEqual(
      runOnboard(["--stack", "qa", "--account-id", "123456789012", "--name", "x1"], unknown, dir),
      2,
    );
    assert.deepStrictEqual(unknown.stderr, [
      `onboard: unknown stack "qa": ${path.join(dir, "Pulumi.qa.yaml")} does not exist (stacks here: dev, prod)`,
    ]);
  });

  it("parses flags strictly", () => {
    assert.deepStrictEqual(
      parseOnboardArgs([...DEV_ADD, "--regions", "eu-west-1, us-east-1", "--dry-run"]),
      {
        stack: "dev",
        accountId: "123456789012",
        name: "sandbox",
        regions: ["eu-west-1", "us-east-1"],
        roleName: undefined,
        dryRun: true,
        apply: false,
      },
    );
    assert.strictEqual(parseOnboardArgs([...DEV_ADD, "--apply"]).apply, true);
    assert.throws(
      () => parseOnboardArgs([...DEV_ADD, "--apply", "--dry-run"]),
      /^UsageError: --dry-run and --apply contradict each other: choose one$/,
    );
    assert.throws(
      () => parseOnboardArgs([...DEV_ADD, "--force"]),
      /^UsageError: unknown argument "--force"/,
    );
    assert.throws(() => parseOnboardArgs(["--stack"]), /^UsageError: --stack needs a value$/);
    assert.throws(
      () => parseOffboardArgs(["--stack", "dev", "--stack", "prod"]),
      /^UsageError: --stack is given twice$/,
    );
  });
});

describe("onboard and offboard --apply: the fleet runs for that one account", () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchProgram();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A runner that records what the fleet asked of it. */
  const recording = () => {
    const ran: string[] = [];
    const runner = {
      run: (spec: { name: string }, op: string) => {
        ran.push(`${op} ${spec.name}`);
        return Promise.resolve({ resources: 5, providers: 1 });
      },
      listStacks: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    };
    return { ran, deps: { runner: () => runner, programDir: dir } };
  };

  it("onboard --apply writes the registry, then runs fleet up of the new member's stack only", async () => {
    const io = capture();
    const argv = [...DEV_ADD, "--apply"];
    const { ran, deps } = recording();
    const code = await runFleetAfter("onboard", argv, runOnboard(argv, io, dir), io, deps);
    assert.strictEqual(code, 0, io.stderr.join("\n"));
    assert.deepStrictEqual(ran, ["up dev-123456789012"]);
    assert.ok(
      io.stdout.includes(
        "  npm run fleet -- up --stack dev --accounts 123456789012   # running it now (--apply)",
      ),
    );
  });

  it("without --apply, or when the registry edit fails, the fleet does not run", async () => {
    const { ran, deps } = recording();
    const io = capture();
    assert.strictEqual(
      await runFleetAfter("onboard", DEV_ADD, runOnboard(DEV_ADD, io, dir), io, deps),
      0,
    );
    const again = [...DEV_ADD, "--apply"];
    assert.strictEqual(
      await runFleetAfter("onboard", again, runOnboard(again, capture(), dir), io, deps),
      2,
    );
    assert.deepStrictEqual(ran, []);
  });

  it("offboard --apply removes the member, then destroys its stack (the account left the registry)", async () => {
    const io = capture();
    const argv = ["--stack", "dev", "--account-id", "543210987654", "--apply"];
    const { ran, deps } = recording();
    const code = await runFleetAfter("offboard", argv, runOffboard(argv, io, dir), io, deps);
    assert.strictEqual(code, 0, io.stderr.join("\n"));
    assert.deepStrictEqual(ran, ["destroy dev-543210987654"]);
  });
});

describe("offboard CLI", () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchProgram();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("removes the member in place and prints the diff", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    const before = fs.readFileSync(file, "utf8");
    const io = capture();
    assert.strictEqual(
      runOffboard(["--stack", "prod", "--account-id", "678901234567"], io, dir),
      0,
    );
    const after = fs.readFileSync(file, "utf8");
    assert.strictEqual(
      after,
      before.replace(
        '    - id: "678901234567"\n      name: web-frontend\n      regions:\n        - eu-west-1\n        - us-east-1\n',
        "",
      ),
    );
    assert.ok(io.stdout[0].includes('-    - id: "678901234567"'));
    assert.ok(after.includes("# Listed rather than discovered"));
  });

  it("refuses while a Redshift audit entry names the member, file untouched", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    const before = sha256(file);
    const io = capture();
    assert.strictEqual(
      runOffboard(["--stack", "prod", "--account-id", "567890123456"], io, dir),
      2,
    );
    assert.deepStrictEqual(io.stderr, [
      "offboard: Pulumi.prod.yaml not changed:",
      '  member "data-platform" is still named by redshiftAudit.clusters[0] (analytics-warehouse): remove that entry first',
    ]);
    assert.strictEqual(sha256(file), before);
  });

  it("refuses an account that is not a member", () => {
    const io = capture();
    assert.strictEqual(runOffboard(["--stack", "dev", "--account-id", "123456789012"], io, dir), 2);
    assert.deepStrictEqual(io.stderr, [
      "offboard: Pulumi.dev.yaml not changed:",
      '  --account-id "123456789012" is not a member of this stack (members: 543210987654 (shared-services))',
    ]);
  });

  it("removing the last member leaves an empty list that still validates", () => {
    assert.strictEqual(
      runOffboard(["--stack", "dev", "--account-id", "543210987654"], capture(), dir),
      0,
    );
    const after = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
    assert.ok(after.includes("  logging-platform:members: []\n"));
    assert.deepStrictEqual(validateStackText(dir, "dev", after).members, []);
  });
});

describe("unified diff", () => {
  it("prints hunks with context and diff -u line numbers", () => {
    const a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
    assert.strictEqual(
      unifiedDiff(a, b, "a/f", "b/f", 1),
      [
        "--- a/f",
        "+++ b/f",
        "@@ -4,3 +4,3 @@",
        " 4",
        "-5",
        "+five",
        " 6",
        "@@ -9,1 +9,2 @@",
        " 9",
        "+10",
        "",
      ].join("\n"),
    );
  });

  it("is empty for equal texts", () => {
    assert.strictEqual(unifiedDiff("x\n", "x\n", "a", "b"), "");
  });
});
