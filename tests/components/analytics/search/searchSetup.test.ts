import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDatasetSchemas } from "../../../../components/analytics/athena";
import {
  IndexTemplate,
  indexTemplates,
  loadDocumentSpec,
  parseDocumentSpec,
  renderTemplatesFile,
} from "../../../../components/analytics/search/indexTemplates";
import { setupCode } from "../../../../components/analytics/search/setupCode";
import {
  auditLogConfig,
  searchSetupSettings,
  writerRole,
} from "../../../../components/analytics/search/setupSettings";
import { signRequest } from "../../../../components/analytics/search/setup/sigv4";
import { plannedPuts } from "../../../../components/analytics/search/setup/steps";
import {
  Credentials,
  SetupReport,
  SetupSettings,
} from "../../../../components/analytics/search/setup/types";
import { PlanResource } from "../../../../tools/offline/plan";
import { targetOf } from "../../integrations/memberPlanHelpers";
import {
  TYPES,
  analyticsKey,
  ofType,
  oneWhere,
  only,
  platformPlan,
  policyOf,
  statement,
} from "../../plan";
import { SeenRequest, expectedAuthorization, startLocalAws } from "./localAws";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const AUDIT = "345678901234";
const REGION = "eu-west-1";
const LAMBDA: Credentials = {
  accessKeyId: "ASIALAMBDAEXAMPLE",
  secretAccessKey: "lambda/secret/EXAMPLEKEY",
  sessionToken: "lambda-session-token",
};
const ADMIN: Credentials = {
  accessKeyId: "ASIAADMINEXAMPLE",
  secretAccessKey: "admin/secret/EXAMPLEKEY",
  sessionToken: "admin-session-token",
};
const ADMIN_ROLE = `arn:aws:iam::${AUDIT}:role/log-analytics-acme-logs-prod-search-admin`;
const INSTANCE_ROLE = `arn:aws:iam::${AUDIT}:role/log-analytics-acme-logs-prod-emr-instance`;

function generatedTemplates(): Record<string, IndexTemplate> {
  return indexTemplates(loadDatasetSchemas(path.join(REPO, "schemas")), loadDocumentSpec(REPO));
}

describe("index templates generated from schemas/", () => {
  it("opensearch/index-templates.json (which the Spark tests read) is the generator's output", () => {
    assert.strictEqual(
      fs.readFileSync(path.join(REPO, "opensearch", "index-templates.json"), "utf8"),
      renderTemplatesFile(generatedTemplates()),
      "stale: run npm run search:templates",
    );
  });

  it("npm run search:templates -- --check reports the committed file current; a misspelt option writes nothing", () => {
    const run = (arg: string) =>
      spawnSync(
        process.execPath,
        [
          require.resolve("ts-node/dist/bin.js"),
          "--transpile-only",
          "tools/searchTemplates.ts",
          arg,
        ],
        { cwd: REPO, encoding: "utf8" },
      );
    const check = run("--check");
    assert.strictEqual(check.status, 0, check.stderr);
    assert.strictEqual(check.stdout, "opensearch/index-templates.json is current\n");
    const file = path.join(REPO, "opensearch", "index-templates.json");
    const before = fs.statSync(file).mtimeMs;
    const typo = run("--chek");
    assert.strictEqual(typo.status, 2);
    assert.strictEqual(
      typo.stderr,
      'search:templates: unknown argument "--chek"\nusage: npm run search:templates [-- --check]\n',
    );
    assert.strictEqual(fs.statSync(file).mtimeMs, before, "a misspelt option rewrote the file");
  });

  it("one strict template per hot dataset, types from the schema columns", () => {
    const t = generatedTemplates();
    assert.deepStrictEqual(Object.keys(t), [
      "logs-hot-cloudtrail",
      "logs-hot-alb",
      "logs-hot-emr-logs",
    ]);
    const alb = t["logs-hot-alb"];
    assert.deepStrictEqual(alb.index_patterns, ["logs-alb-*"]);
    assert.strictEqual(alb.priority, 200);
    const props = alb.template.mappings.properties;
    assert.strictEqual(alb.template.mappings.dynamic, "strict");
    assert.deepStrictEqual(props["@timestamp"], {
      type: "date",
      format: "strict_date_optional_time",
    });
    assert.deepStrictEqual(props["target_port"], { type: "integer" }, "int column");
    assert.deepStrictEqual(props["elb_status_code"], { type: "short" }, "narrowed int");
    assert.deepStrictEqual(props["source_ip"], { type: "keyword" }, "from client_ip");
    assert.deepStrictEqual(props["request_url"], {
      type: "text",
      fields: { raw: { type: "keyword", ignore_above: 1024 } },
    });
    assert.deepStrictEqual(
      t["logs-hot-cloudtrail"].template.mappings.properties["principal_arn"],
      { type: "keyword" },
      "struct member user_identity.arn",
    );
  });

  it("names the field whose column is missing, not a scalar, or of the wrong type", () => {
    const schemas = loadDatasetSchemas(path.join(REPO, "schemas"));
    const spec = (fields: Record<string, unknown>) =>
      parseDocumentSpec("d.json", JSON.stringify({ settings: {}, datasets: { alb: fields } }));
    assert.throws(
      () => indexTemplates(schemas, spec({ x: { column: "nope" } })),
      /^Error: opensearch\/documents\.json: alb\.x: column "nope" is not in schemas\/alb\.json$/,
    );
    assert.throws(
      () => indexTemplates(schemas, spec({ x: { column: "actions_executed" } })),
      /alb\.x: column "actions_executed" is array<string>, not a scalar a field can hold/,
    );
    assert.throws(
      () => indexTemplates(schemas, spec({ x: { column: "client_port", analysis: "text" } })),
      /alb\.x: analysis "text" needs a string column, got int/,
    );
    assert.throws(
      () => indexTemplates(schemas, spec({ x: { column: "sent_bytes", type: "short" } })),
      /alb\.x: type "short" does not fit bigint column "sent_bytes" \(allowed: long\)/,
    );
    assert.throws(
      () => spec({ x: { column: "elb", analyzer: "text" } }),
      /^Error: d\.json: datasets\.alb\.x: unknown key analyzer$/,
    );
  });
});

describe("OpenSearch setup settings (pure)", () => {
  const settings = searchSetupSettings({
    endpoint: "vpc-d.eu-west-1.es.amazonaws.com",
    adminRoleArn: ADMIN_ROLE,
    templates: generatedTemplates(),
    hotDays: 30,
    writerRoleArns: [INSTANCE_ROLE],
  });

  it("the writer role may create and write the hot indices only", () => {
    assert.deepStrictEqual(writerRole(), {
      cluster_permissions: ["cluster_monitor", "indices:data/write/bulk"],
      index_permissions: [
        {
          index_patterns: ["logs-cloudtrail-*", "logs-alb-*", "logs-emr-logs-*"],
          allowed_actions: ["create_index", "crud", "indices_monitor"],
        },
      ],
    });
    assert.deepStrictEqual(settings.writerRole.backendRoles, [INSTANCE_ROLE]);
  });

  it("audit logging is on for REST and transport, without the two noisy categories", () => {
    const config = auditLogConfig() as {
      enabled: boolean;
      audit: Record<string, unknown>;
      compliance: Record<string, unknown>;
    };
    assert.strictEqual(config.enabled, true);
    assert.deepStrictEqual(
      [
        config.audit["enable_rest"],
        config.audit["enable_transport"],
        config.audit["disabled_rest_categories"],
        config.audit["exclude_sensitive_headers"],
        config.compliance["enabled"],
      ],
      [true, true, ["AUTHENTICATED", "GRANTED_PRIVILEGES"], true, true],
    );
  });

  it("the run's PUTs: templates by name, then the role, its mapping and the audit config", () => {
    assert.deepStrictEqual(
      plannedPuts(settings).map((r) => `${r.method} ${r.path}`),
      [
        "PUT /_index_template/logs-hot-alb",
        "PUT /_index_template/logs-hot-cloudtrail",
        "PUT /_index_template/logs-hot-emr-logs",
        "PUT /_plugins/_security/api/roles/logs_writer",
        "PUT /_plugins/_security/api/rolesmapping/logs_writer",
        "PUT /_plugins/_security/api/audit/config",
      ],
    );
    assert.throws(
      () => searchSetupSettings({ ...settingsArgs(), writerRoleArns: [] }),
      /^Error: writerRoleArns: must name the role that writes the hot indices$/,
    );
  });

  function settingsArgs() {
    return {
      endpoint: "e",
      adminRoleArn: ADMIN_ROLE,
      templates: {},
      hotDays: 30,
      writerRoleArns: [INSTANCE_ROLE],
    };
  }
});

describe("SigV4 signing (against the AWS SDK's signer)", () => {
  const when = new Date(Date.UTC(2026, 10, 24, 13, 5, 7));
  const cases = [
    {
      method: "GET" as const,
      url: "http://127.0.0.1:9200/_plugins/_ism/policies/logs-hot-retention",
    },
    {
      method: "PUT" as const,
      url: "http://127.0.0.1:9200/_plugins/_ism/policies/logs-hot-retention?if_seq_no=7&if_primary_term=2",
      body: JSON.stringify({ policy: { description: "d é" } }),
      headers: { "content-type": "application/json" },
    },
    {
      method: "POST" as const,
      url: "http://127.0.0.1:9200/sts/",
      body: "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    },
  ];
  for (const c of cases) {
    it(`${c.method} ${new URL(c.url).pathname}: the same authorization the SDK computes`, async () => {
      const signed = signRequest(
        { method: c.method, url: c.url, headers: c.headers ?? {}, body: c.body },
        ADMIN,
        REGION,
        "es",
        when,
      );
      const url = new URL(c.url);
      const seen = {
        method: c.method,
        path: `${url.pathname}${url.search}`,
        headers: signed.headers,
        body: c.body ?? "",
      };
      assert.strictEqual(
        signed.headers["authorization"],
        await expectedAuthorization(seen, ADMIN, REGION, "es"),
      );
      assert.strictEqual(signed.headers["x-amz-security-token"], "admin-session-token");
      assert.strictEqual(signed.headers["x-amz-date"], "20261124T130507Z");
      assert.notStrictEqual(
        signed.headers["authorization"],
        await expectedAuthorization(seen, LAMBDA, REGION, "es"),
        "another identity's key gives another signature",
      );
    });
  }
});

type Handler = (event: SetupSettings) => Promise<SetupReport>;

/** The setup function as Lambda runs it: the compiled files, loaded from a directory. */
function loadCompiledHandler(dir: string): Handler {
  const code = setupCode();
  for (const [file, js] of Object.entries(code.files)) fs.writeFileSync(path.join(dir, file), js);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(dir, "handler.js")) as { handler: Handler }).handler;
}

const STS_OK = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${ADMIN.accessKeyId}</AccessKeyId><SecretAccessKey>${ADMIN.secretAccessKey}</SecretAccessKey><SessionToken>${ADMIN.sessionToken}</SessionToken><Expiration>2026-11-24T13:20:07Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;

describe("the compiled setup function against a local STS and domain that check every request", () => {
  let prod: PlanResource[];
  let event: SetupSettings;
  let handler: Handler;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const ENV = [
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "STS_URL",
    "DOMAIN_URL",
  ];

  before(async () => {
    prod = await platformPlan("prod");
    event = JSON.parse(
      String(only(prod, "aws:lambda/invocation:Invocation").inputs["input"]),
    ) as SetupSettings;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-setup-"));
    handler = loadCompiledHandler(dir);
    for (const k of ENV) saved[k] = process.env[k];
  });
  after(() => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(
    answer: (r: SeenRequest) => { status: number; body: string } | undefined,
  ): Promise<{ requests: SeenRequest[]; result: SetupReport | Error }> {
    const server = await startLocalAws(REGION, { lambda: LAMBDA, admin: ADMIN }, (r) => {
      if (r.path === "/sts/") return { status: 200, body: STS_OK };
      return answer(r) ?? { status: 200, body: '{"acknowledged":true}' };
    });
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LAMBDA.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LAMBDA.secretAccessKey,
      AWS_SESSION_TOKEN: LAMBDA.sessionToken,
      STS_URL: `${server.url}/sts/`,
      DOMAIN_URL: server.url,
    });
    const log = console.log;
    console.log = () => undefined;
    try {
      return { requests: server.requests, result: await handler(event) };
    } catch (e) {
      return { requests: server.requests, result: e as Error };
    } finally {
      console.log = log;
      await server.close();
    }
  }

  const json = (r: SeenRequest): unknown => JSON.parse(r.body);

  it("first run: assumes the master role, then creates everything, each request signed by the right identity", async () => {
    const { requests, result } = await run((r) =>
      r.method === "GET" ? { status: 404, body: '{"status":404}' } : undefined,
    );
    assert.ok(!(result instanceof Error), String(result));
    assert.deepStrictEqual(
      requests.map((r) => [r.method, r.path, r.signedBy]),
      [
        ["POST", "/sts/", "lambda"],
        ["PUT", "/_index_template/logs-hot-alb", "admin"],
        ["PUT", "/_index_template/logs-hot-cloudtrail", "admin"],
        ["PUT", "/_index_template/logs-hot-emr-logs", "admin"],
        ["GET", "/_plugins/_ism/policies/logs-hot-retention", "admin"],
        ["PUT", "/_plugins/_ism/policies/logs-hot-retention", "admin"],
        ["PUT", "/_plugins/_security/api/roles/logs_writer", "admin"],
        ["PUT", "/_plugins/_security/api/rolesmapping/logs_writer", "admin"],
        ["PUT", "/_plugins/_security/api/audit/config", "admin"],
      ],
    );
    assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(requests[0].body)), {
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: ADMIN_ROLE,
      RoleSessionName: "search-setup",
      DurationSeconds: "900",
    });
    assert.strictEqual(requests[1].headers["x-amz-security-token"], "admin-session-token");
    assert.strictEqual(requests[1].headers["content-type"], "application/json");
    assert.deepStrictEqual(json(requests[1]), event.indexTemplates["logs-hot-alb"]);
    assert.deepStrictEqual(json(requests[5]), event.ismPolicy);
    assert.deepStrictEqual(json(requests[6]), writerRole());
    assert.deepStrictEqual(json(requests[7]), { backend_roles: [INSTANCE_ROLE] });
    assert.deepStrictEqual(json(requests[8]), auditLogConfig());
    assert.deepStrictEqual(
      (result as SetupReport).applied.map((a) => a.path),
      requests.filter((r) => r.method === "PUT").map((r) => r.path),
      "the report lists every change it made",
    );
  });

  it("a later run updates the ISM policy with the sequence number and primary term the domain reports", async () => {
    const { requests, result } = await run((r) =>
      r.method === "GET"
        ? {
            status: 200,
            body: JSON.stringify({ _id: "logs-hot-retention", _seq_no: 7, _primary_term: 2 }),
          }
        : undefined,
    );
    assert.ok(!(result instanceof Error), String(result));
    const put = requests.find((r) => r.method === "PUT" && r.path.startsWith("/_plugins/_ism"));
    assert.strictEqual(
      put?.path,
      "/_plugins/_ism/policies/logs-hot-retention?if_seq_no=7&if_primary_term=2",
    );
    assert.strictEqual(put?.signedBy, "admin", "the query string is part of the signature");
  });

  it("a refused request fails the run, naming it, and nothing after it is sent", async () => {
    const { requests, result } = await run((r) =>
      r.path.includes("rolesmapping")
        ? { status: 403, body: '{"status":"FORBIDDEN","message":"no permissions"}' }
        : r.method === "GET"
          ? { status: 404, body: "{}" }
          : undefined,
    );
    assert.ok(result instanceof Error);
    assert.strictEqual(
      result.message,
      'PUT /_plugins/_security/api/rolesmapping/logs_writer: HTTP 403: {"status":"FORBIDDEN","message":"no permissions"}',
    );
    assert.ok(!requests.some((r) => r.path.includes("audit/config")));
  });

  it("STS refusing the master role fails the run before any domain request", async () => {
    const server = await startLocalAws(REGION, { lambda: LAMBDA }, () => ({
      status: 403,
      body: "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>",
    }));
    Object.assign(process.env, { STS_URL: `${server.url}/sts/`, DOMAIN_URL: server.url });
    await assert.rejects(
      handler(event),
      new RegExp(
        `^Error: sts:AssumeRole ${ADMIN_ROLE}: HTTP 403: not authorized to perform sts:AssumeRole$`,
      ),
    );
    await server.close();
    assert.deepStrictEqual(
      server.requests.map((r) => [r.path, r.signedBy]),
      [["/sts/", "lambda"]],
    );
  });

  it("the server's check is not vacuous: a request signed with another key is flagged", async () => {
    const server = await startLocalAws(REGION, { admin: ADMIN }, () => ({
      status: 200,
      body: "{}",
    }));
    const signed = signRequest(
      { method: "GET", url: `${server.url}/_cluster/health`, headers: {} },
      LAMBDA,
      REGION,
      "es",
      new Date(),
    );
    await fetch(signed.url, { headers: signed.headers });
    await server.close();
    assert.strictEqual(server.requests[0].signedBy, "bad signature for es");
  });
});

describe("setup function code", () => {
  it("compiles every source to JavaScript with a stable hash, importing only Node built-ins", () => {
    const a = setupCode();
    assert.deepStrictEqual(Object.keys(a.files), [
      "handler.js",
      "sigv4.js",
      "steps.js",
      "sts.js",
      "transport.js",
      "types.js",
    ]);
    assert.strictEqual(setupCode().hash, a.hash);
    for (const js of Object.values(a.files)) {
      for (const m of js.matchAll(/require\("([^"]+)"\)/g)) {
        assert.ok(["crypto", "http", "https"].includes(m[1]) || m[1].startsWith("./"), m[1]);
      }
    }
  });

  it("refuses a source that imports a package Lambda does not have", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "setup-src-"));
    try {
      fs.writeFileSync(path.join(dir, "x.ts"), 'import { z } from "zod";\nexport const y = z;\n');
      assert.throws(
        () => setupCode(dir),
        /^Error: x\.ts: imports "zod"; the setup function may import only its siblings and crypto, http, https$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("OpenSearch setup (synthesized prod stack)", () => {
  let prod: PlanResource[];
  before(async () => {
    prod = await platformPlan("prod");
  });

  it("is invoked on deploy with the settings as input, and again when the code changes", () => {
    const invocation = only(prod, "aws:lambda/invocation:Invocation");
    const fn = only(prod, "aws:lambda/function:Function");
    const domain = only(prod, "aws:opensearch/domain:Domain");
    assert.strictEqual(targetOf(prod, invocation).accountId, AUDIT);
    assert.strictEqual(invocation.inputs["functionName"], fn.inputs["name"]);
    assert.deepStrictEqual(invocation.inputs["triggers"], { code: setupCode().hash });
    assert.ok(invocation.dependencies.includes(domain.urn), "runs once the domain exists");
    assert.deepStrictEqual(
      JSON.parse(String(invocation.inputs["input"])),
      searchSetupSettings({
        endpoint: String(domain.outputs["endpoint"]),
        adminRoleArn: ADMIN_ROLE,
        templates: generatedTemplates(),
        hotDays: 30,
        writerRoleArns: [INSTANCE_ROLE],
      }),
    );
  });

  it("the function: Node.js 22 in the private subnets, JSON logs to a KMS log group of the platform", () => {
    const fn = only(prod, "aws:lambda/function:Function");
    assert.deepStrictEqual(
      [fn.inputs["name"], fn.inputs["runtime"], fn.inputs["handler"], fn.inputs["timeout"]],
      ["acme-logs-prod-search-setup", "nodejs22.x", "handler.handler", 300],
    );
    const vpc = fn.inputs["vpcConfig"] as { subnetIds: string[]; securityGroupIds: string[] };
    assert.strictEqual(vpc.subnetIds.length, 3);
    assert.strictEqual(vpc.securityGroupIds.length, 1);
    const sg = oneWhere(
      prod,
      "aws:ec2/securityGroup:SecurityGroup",
      "description",
      "OpenSearch setup function: HTTPS to the VPC only (domain, STS endpoint)",
    );
    assert.ok(
      fn.propertyDependencies["vpcConfig"].includes(sg.urn),
      "the function uses this group",
    );
    assert.deepStrictEqual(sg.inputs["ingress"], undefined);
    assert.deepStrictEqual(sg.inputs["egress"], [
      {
        description: "HTTPS to the domain and the interface endpoints",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.64.0.0/16"],
      },
    ]);
    const group = oneWhere(
      prod,
      TYPES.logGroup,
      "name",
      "/acme-logs/prod/lambda/acme-logs-prod-search-setup",
    );
    assert.strictEqual(group.inputs["kmsKeyId"], analyticsKey(prod).outputs["arn"]);
    assert.strictEqual(group.inputs["retentionInDays"], 400);
    assert.deepStrictEqual(fn.inputs["loggingConfig"], {
      logFormat: "JSON",
      logGroup: "/acme-logs/prod/lambda/acme-logs-prod-search-setup",
      applicationLogLevel: "INFO",
      systemLogLevel: "INFO",
    });
  });

  it("its role may assume only the master role, write its own logs and manage its network interfaces", () => {
    const role = oneWhere(prod, TYPES.role, "name", "acme-logs-prod-search-setup");
    assert.deepStrictEqual(policyOf(role, "assumeRolePolicy").Statement, [
      {
        Sid: "LambdaAssume",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": AUDIT } },
      },
    ]);
    const doc = policyOf(ofType(prod, TYPES.rolePolicy).find((p) => p.name === "search-setup")!);
    assert.strictEqual(statement(doc, "AssumeSearchMasterRole").Resource, ADMIN_ROLE);
    assert.strictEqual(
      statement(doc, "WriteOwnLogs").Resource,
      `arn:aws:logs:eu-west-1:${AUDIT}:log-group:/acme-logs/prod/lambda/acme-logs-prod-search-setup:*`,
    );
    assert.deepStrictEqual(
      doc.Statement.map((s) => s.Sid),
      ["AssumeSearchMasterRole", "WriteOwnLogs", "VpcNetworkInterfaces"],
    );
  });

  it("the Lambda Insights queries are saved in the audit account, bound to the setup function's group", () => {
    const queries = ofType(prod, "aws:cloudwatch/queryDefinition:QueryDefinition");
    const bound = queries.map((q) => [
      q.inputs["name"],
      targetOf(prod, q).accountId,
      q.inputs["logGroupNames"],
    ]);
    assert.deepStrictEqual(bound, [
      [
        "acme-logs-prod/CloudTrail errors by principal",
        "123456789012",
        ["/acme-logs/prod/cloudtrail/organization"],
      ],
      [
        "acme-logs-prod/Lambda errors and cold starts",
        AUDIT,
        ["/acme-logs/prod/lambda/acme-logs-prod-search-setup"],
      ],
      [
        "acme-logs-prod/Slowest Lambda invocations",
        AUDIT,
        ["/acme-logs/prod/lambda/acme-logs-prod-search-setup"],
      ],
    ]);
  });
});
