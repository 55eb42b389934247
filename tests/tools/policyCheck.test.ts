import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanResource } from "../../tools/offline/plan";
import { resolveStack } from "../../tools/offline/resolveStack";
import { synthesizeStack } from "../../tools/offline/synthesize";
import { Finding } from "../../tools/policy/findings";
import { formatSarif } from "../../tools/policy/format/sarif";
import { PackInfo } from "../../tools/policy/packInfo";
import { packFindings, packGate } from "../policies/packGate";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = "tests/fixtures/noncompliant";

/** Runs the CLI the way `npm run policy:check --` does. */
function cli(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "tools/policyCheck.ts", ...args],
    { cwd: ROOT, encoding: "utf8" },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const key = (f: Finding) => `${f.policy} ${f.resourceType} ${f.resourceName}`;

describe("policy gate on the noncompliant fixture", () => {
  let pack: PackInfo;
  let plan: PlanResource[];
  let findings: Finding[];

  before(async () => {
    pack = (await packGate()).pack;
    plan = await synthesizeStack(resolveStack(FIXTURE, ROOT));
    findings = await packFindings(plan);
  });

  it("reports exactly the planted mandatory violations", () => {
    const mandatory = new Set(findings.filter((f) => f.level === "mandatory").map(key));
    assert.deepStrictEqual(
      [...mandatory].sort(),
      [
        "apigateway-execution-logging aws.apigateway.Stage orders-v1",
        "appsync-logging aws.appsync.GraphQLApi catalog",
        "bedrock-invocation-logging aws.bedrockmodel.InvocationLoggingConfiguration bedrock",
        "cloudtrail-log-validation aws.cloudtrail.Trail audit",
        "cloudtrail-logging-enabled aws.cloudtrail.Trail stopped",
        "codebuild-logging aws.codebuild.Project build",
        "config-recorder-enabled aws.cfg.Recorder config",
        "datasync-logging aws.datasync.Task copy",
        "directoryservice-log-forwarding aws.directoryservice.Directory corp",
        "dms-task-logging aws.dms.ReplicationTask migrate",
        "docdb-audit-logs aws.docdb.ClusterParameterGroup docs",
        "ec2clientvpn-connection-logs aws.ec2clientvpn.Endpoint vpn",
        "ecs-logging aws.ecs.TaskDefinition worker",
        "elasticbeanstalk-logs aws.elasticbeanstalk.Environment web",
        "elb-access-logs aws.lb.LoadBalancer web",
        "emr-logging aws.emr.Cluster spark",
        "globalaccelerator-flow-logs aws.globalaccelerator.Accelerator edge",
        "glue-logging aws.glue.Job etl",
        "log-group-data-protection aws.cloudwatch.LogGroup agent",
        "log-group-not-public aws.cloudwatch.LogResourcePolicy open-logs",
        "log-group-retention aws.cloudwatch.LogGroup app-logs",
        "mq-broker-logs aws.mq.Broker queue",
        "mwaa-logging aws.mwaa.Environment airflow",
        "neptune-audit-logs aws.neptune.Cluster graph",
        "opensearch-logs aws.opensearch.Domain search",
        "redshift-audit-logging aws.redshift.Cluster warehouse",
        "route53-query-logging aws.route53.Zone public",
        "s3-access-logging aws.s3.Bucket unlogged",
        "ssm-session-logging aws.ssm.Document session-preferences",
        "vpc-flow-logs aws.ec2.Vpc app",
        "waf-classic-logging aws.wafregional.WebAcl classic",
      ].sort(),
    );
  });

  it("reports exactly the planted advisory findings, the exempted CIS alarms among them", () => {
    const advisory = new Set(findings.filter((f) => f.level === "advisory").map(key));
    assert.deepStrictEqual([...advisory].sort(), [
      "apigateway-no-data-trace aws.apigateway.MethodSettings orders-v2",
      "cis-metric-alarms aws.cloudtrail.Trail audit",
      "cis-metric-alarms aws.cloudtrail.Trail stopped",
      "cloudtrail-bucket-mfa-delete aws.s3.Bucket trail-logs",
      "cloudtrail-insights aws.cloudtrail.Trail audit",
      "cloudtrail-lambda-data-events aws.cloudtrail.Trail audit",
      "cloudtrail-sns-topic aws.cloudtrail.Trail audit",
      "cloudwatch-alarm-actions aws.cloudwatch.MetricAlarm muted",
      "config-aggregator-all-regions aws.cfg.ConfigurationAggregator org",
      "config-recorder-service-role aws.cfg.Recorder config-frankfurt",
      "guardduty-eks-audit-logs aws.guardduty.Detector main",
      "lambda-logging aws.lambda.Function worker",
      "log-group-kms aws.cloudwatch.LogGroup app-logs",
      "opensearch-logs aws.opensearch.Domain search",
      "rds-postgres-query-logging aws.rds.Instance orders-db",
      "waf-rule-metrics aws.wafv2.WebAcl edge",
    ]);
    const cis = findings.find((f) => f.policy === "cis-metric-alarms")!;
    assert.ok(
      cis.detail.endsWith(
        'Exempted by tag logging:exempt:cis-metric-alarms until 2099-12-31: "CIS alarms are deployed by the security account\'s stack".',
      ),
      cis.detail,
    );
  });

  it("says what is missing on the Redshift cluster, both ways", () => {
    const redshift = findings
      .filter((f) => f.policy === "redshift-audit-logging")
      .map((f) => f.detail);
    assert.deepStrictEqual(redshift, [
      '[Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "warehouse" does not log user activity: add parameter { name: "enable_user_activity_logging", value: "true" } to its aws.redshift.ParameterGroup.',
      '[Redshift.4 | CKV_AWS_71] aws.redshift.Cluster "warehouse" has no audit logging: add an aws.redshift.Logging with clusterIdentifier = this cluster and logDestinationType "s3" (bucketName) or "cloudwatch" (logExports connectionlog, userlog and useractivitylog).',
    ]);
  });

  it("writes SARIF that GitHub code scanning accepts", () => {
    const sarif = JSON.parse(
      formatSarif(
        {
          pack,
          stackLabel: "noncompliant-fixture/ci",
          programFile: `${FIXTURE}/index.ts`,
          resourceCount: plan.length,
          findings,
        },
        pack.version,
      ),
    ) as {
      $schema: string;
      version: string;
      runs: {
        tool: {
          driver: {
            name: string;
            rules: {
              id: string;
              shortDescription: { text: string };
              help: { text: string };
              properties: Record<string, unknown>;
            }[];
          };
        };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            logicalLocations: { fullyQualifiedName: string; kind: string }[];
          }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    assert.strictEqual(sarif.version, "2.1.0");
    assert.strictEqual(sarif.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
    assert.strictEqual(sarif.runs.length, 1);
    const { driver } = sarif.runs[0].tool;
    assert.strictEqual(driver.name, "aws-logging-guardrails policy gate");
    assert.deepStrictEqual(
      driver.rules.map((r) => r.id),
      pack.policies.map((p) => p.name),
    );
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.ok(rule.help.text.includes("Fix: "), `${rule.id} has no fix in its help text`);
      assert.match(String(rule.properties["security-severity"]), /^\d+\.\d$/);
    }
    const results = sarif.runs[0].results;
    assert.strictEqual(results.length, findings.length);
    const urns = new Set(plan.map((r) => r.urn));
    for (const r of results) {
      assert.strictEqual(driver.rules[r.ruleIndex].id, r.ruleId);
      assert.ok(["error", "warning"].includes(r.level));
      assert.ok(r.message.text.length > 0);
      assert.strictEqual(
        r.locations[0].physicalLocation.artifactLocation.uri,
        `${FIXTURE}/index.ts`,
      );
      assert.strictEqual(r.locations[0].physicalLocation.region.startLine, 1);
      assert.ok(urns.has(r.locations[0].logicalLocations[0].fullyQualifiedName));
      assert.match(r.partialFingerprints["pulumiPolicyFinding/v1"], /^[0-9a-f]{64}$/);
    }
    const unlogged = results.find((r) => r.ruleId === "s3-access-logging")!;
    assert.strictEqual(unlogged.level, "error");
    assert.strictEqual(
      unlogged.locations[0].logicalLocations[0].fullyQualifiedName,
      "urn:pulumi:ci::noncompliant-fixture::pulumi:pulumi:Stack$aws:s3/bucket:Bucket::unlogged",
    );
  });
});

describe("policy:check CLI", function () {
  this.timeout(180000);

  it("exits 1 on the fixture, prints every planted violation and writes SARIF with --output", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-")), "gate.sarif");
    const { code, stdout } = cli("--stack", FIXTURE, "--format", "sarif", "--output", out);
    assert.strictEqual(code, 1);
    for (const line of [
      'aws.s3.Bucket "unlogged" has no server access logging',
      'aws.lb.LoadBalancer "web" writes no access logs',
      'aws.redshift.Cluster "warehouse" has no audit logging',
      'aws.emr.Cluster "spark" keeps its logs only on the cluster nodes',
      'aws.opensearch.Domain "search" does not publish AUDIT_LOGS',
      'aws.ec2.Vpc "app" has no flow log',
      'aws.cloudtrail.Trail "audit" does not validate log files',
      'aws.cloudwatch.LogGroup "app-logs" keeps events forever',
      'aws.lambda.Function "worker" writes to log group /aws/lambda/',
      'aws.cloudtrail.Trail "stopped" is switched off and records no events',
      'aws.cloudwatch.LogResourcePolicy "open-logs" statement AnyoneWrites lets any AWS principal',
      'aws.apigateway.Stage "orders-v1" writes no execution logs',
      'aws.wafregional.WebAcl "classic" logs no requests',
      "32 mandatory, 18 advisory — the gate fails",
    ]) {
      assert.ok(stdout.includes(line), `missing: ${line}\n${stdout}`);
    }
    const sarif = JSON.parse(fs.readFileSync(out, "utf8")) as { runs: { results: unknown[] }[] };
    assert.strictEqual(sarif.runs[0].results.length, 50);
  });

  it("exits 2 on usage and config errors, before synthesizing anything", () => {
    const usage = cli("--format", "xml", "--stack", "dev");
    assert.strictEqual(usage.code, 2);
    assert.match(usage.stderr, /--format xml is not one of text, json, sarif/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(
      bad,
      JSON.stringify({ "log-group-retention": { minRetentionDays: "a year" } }),
    );
    const config = cli("--stack", FIXTURE, "--config", bad);
    assert.strictEqual(config.code, 2);
    assert.match(config.stderr, /log-group-retention: minRetentionDays: "a year" must be integer/);
    const stack = cli("--stack", `${FIXTURE}:staging`);
    assert.strictEqual(stack.code, 2);
    assert.match(stack.stderr, /unknown stack "staging"/);
  });

  it("passes the fixture once config disables what it plants", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
    const file = path.join(dir, "lenient.json");
    const disabled = [
      "apigateway-execution-logging",
      "appsync-logging",
      "bedrock-invocation-logging",
      "cloudtrail-log-validation",
      "cloudtrail-logging-enabled",
      "codebuild-logging",
      "config-recorder-enabled",
      "datasync-logging",
      "directoryservice-log-forwarding",
      "dms-task-logging",
      "docdb-audit-logs",
      "ec2clientvpn-connection-logs",
      "ecs-logging",
      "elasticbeanstalk-logs",
      "elb-access-logs",
      "emr-logging",
      "globalaccelerator-flow-logs",
      "glue-logging",
      "log-group-data-protection",
      "log-group-not-public",
      "log-group-retention",
      "mq-broker-logs",
      "mwaa-logging",
      "neptune-audit-logs",
      "redshift-audit-logging",
      "route53-query-logging",
      "s3-access-logging",
      "ssm-session-logging",
      "vpc-flow-logs",
      "waf-classic-logging",
    ];
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...Object.fromEntries(disabled.map((p) => [p, "disabled"])),
        "opensearch-logs": {
          enforcementLevel: "advisory",
          requiredLogTypes: ["ES_APPLICATION_LOGS"],
        },
      }),
    );
    const { code, stdout } = cli("--stack", FIXTURE, "--config", file, "--format", "json");
    assert.strictEqual(code, 0, stdout);
    const report = JSON.parse(stdout) as { passed: boolean; summary: { mandatory: number } };
    assert.strictEqual(report.passed, true);
    assert.strictEqual(report.summary.mandatory, 0);
  });
});

describe("policy:check exit codes: 2 when the gate cannot decide", function () {
  this.timeout(180000);
  const BROKEN = "tests/fixtures/broken";

  /** A program directory of its own in a temporary directory, with one stack `s`. */
  function tempProgram(files: Record<string, string>, main = "index.ts"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-program-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: temp\nruntime: nodejs\nmain: ${main}\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), "config: {}\n");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  it("exits 2 and prints the program's stack when the program throws (through npm run)", () => {
    const npm = spawnSync(
      "npm",
      ["run", "-s", "policy:check", "--", "--stack", `${BROKEN}:throws`],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    const { status: code, stdout, stderr } = npm;
    assert.strictEqual(code, 2, stderr);
    assert.strictEqual(stdout, "");
    assert.match(
      stderr,
      /the program \S+broken\/index\.ts failed: planted: no retention configured for the archive/,
    );
    // The stack, frame by frame, down to the line in the program that threw.
    assert.match(stderr, /\n {4}at retentionDays \(\S+broken\/index\.ts:13:9\)/);
  });

  it("exits 2 when an exported Output rejects, and is not ended by the rejection's echoes", () => {
    const { code, stdout, stderr } = cli("--stack", `${BROKEN}:rejects`);
    assert.strictEqual(code, 2, stderr);
    assert.strictEqual(stdout, "");
    assert.match(stderr, /failed: planted: no Region known for archive-/);
    assert.match(stderr, /\n {4}at \S+broken\/index\.ts:21:\d+/);
    // Node's own report of an unhandled rejection would quote the source line.
    assert.doesNotMatch(stderr, /^\s*\^\s*$/m);
  });

  it("exits 2 on a program that does not compile and on one without its main module", () => {
    const syntax = cli("--stack", `${tempProgram({ "index.ts": "export const x = ;\n" })}:s`);
    assert.strictEqual(syntax.code, 2, syntax.stderr);
    assert.match(syntax.stderr, /index\.ts failed: ⨯ Unable to compile TypeScript/);
    assert.match(syntax.stderr, /index\.ts\(1,18\): error TS1109: Expression expected/);
    const dir = tempProgram({}, "app.ts");
    const missing = cli("--stack", `${dir}:s`);
    assert.strictEqual(missing.code, 2, missing.stderr);
    assert.match(
      missing.stderr,
      new RegExp(`${dir}/app\\.ts has no main module: .*set "main" in ${dir}/Pulumi\\.yaml`),
    );
  });

  it("exits 2 when --output cannot be written, without claiming a report was written", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-out-")), "file");
    fs.writeFileSync(file, "");
    const out = path.join(file, "gate.sarif");
    const { code, stdout, stderr } = cli("--stack", FIXTURE, "--format", "sarif", "--output", out);
    assert.strictEqual(code, 2, stderr);
    assert.match(stderr, new RegExp(`cannot write --output ${out}: ENOTDIR`));
    assert.doesNotMatch(stdout, /report written/);
  });

  it("exits 2 when a policy throws, naming the policy and printing its stack", () => {
    const { code, stderr } = cli(
      "--stack",
      FIXTURE,
      "--policy-pack",
      "tests/fixtures/throwingPack",
    );
    assert.strictEqual(code, 2, stderr);
    assert.match(
      stderr,
      /Error validating resource with policy 'always-throws' from policy pack 'throwing-pack@v0\.0\.1'/,
    );
    assert.match(stderr, /planted: this policy cannot read /);
    assert.match(stderr, /\n {4}at inspect \(\S+throwingPack\/index\.ts:4:9\)/);
  });

  it("exits 2 when the policy pack cannot be started", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-pack-"));
    const { code, stderr } = cli("--stack", FIXTURE, "--policy-pack", dir);
    assert.strictEqual(code, 2, stderr);
    assert.match(stderr, /has no package\.json: expected a policy pack directory/);
  });
});
