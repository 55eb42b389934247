import * as assert from "assert";
import * as path from "path";
import { QueryFile, loadQueryFiles } from "../../../components/analytics/athena/queryFiles";
import { LogEvent, QueryResult, runInsightsQuery } from "./insightsEvaluator";

const REPO = path.resolve(__dirname, "..", "..", "..");
const QUERIES = loadQueryFiles(path.join(REPO, "queries", "insights"), ".txt");

const SETUP = "345678901234:/acme-logs/prod/lambda/acme-logs-prod-search-setup";
const OTHER = "345678901234:/aws/lambda/acme-logs-prod-other";
const at = (minute: number, second = 0) => Date.UTC(2026, 0, 15, 10, minute, second);
const iso = (ms: number) => new Date(ms).toISOString();

/** A JSON application record as the Node.js and Python runtimes write it in JSON format. */
function app(log: string, ms: number, level: string, message: string, requestId: string): LogEvent {
  return {
    log,
    timestamp: ms,
    message: JSON.stringify({ timestamp: iso(ms), level, message, requestId }),
  };
}

/** A JSON platform.report record (systemLogLevel INFO). */
function report(
  log: string,
  ms: number,
  requestId: string,
  status: "success" | "error" | "failure" | "timeout",
  durationMs: number,
  initDurationMs?: number,
): LogEvent {
  return {
    log,
    timestamp: ms,
    message: JSON.stringify({
      time: iso(ms),
      type: "platform.report",
      record: {
        requestId,
        metrics: {
          durationMs,
          billedDurationMs: Math.ceil(durationMs),
          memorySizeMB: 256,
          maxMemoryUsedMB: 88,
          ...(initDurationMs === undefined ? {} : { initDurationMs }),
        },
        status,
      },
    }),
  };
}

/** Representative events of two functions, the kinds a query must select and the ones it must not. */
const LAMBDA_EVENTS: LogEvent[] = [
  {
    log: SETUP,
    timestamp: at(0, 1),
    message: JSON.stringify({
      time: iso(at(0, 1)),
      type: "platform.start",
      record: { requestId: "r1", version: "$LATEST" },
    }),
  },
  app(SETUP, at(0, 2), "INFO", "PUT _index_template/logs-cloudtrail: 200", "r1"),
  report(SETUP, at(0, 3), "r1", "success", 812.4, 240.5),
  app(SETUP, at(1), "ERROR", "PUT _plugins/_security/api/rolesmapping/logs_writer: 403", "r2"),
  report(SETUP, at(1, 1), "r2", "error", 95.2),
  app(OTHER, at(2), "FATAL", "out of file descriptors", "b1"),
  report(OTHER, at(2, 1), "b1", "success", 40),
  report(SETUP, at(3), "r3", "timeout", 30000),
  // Text that mentions what the filters look for, but in the message, not in the fields.
  app(SETUP, at(3, 5), "INFO", 'saw type "platform.report" with level ERROR upstream', "r3"),
  {
    log: SETUP,
    timestamp: at(3, 6),
    message: "REPORT RequestId: r0\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 256 MB",
  },
  report(SETUP, at(7), "r4", "success", 12.5),
];

/** CloudTrail records of the organization trail's log group. */
function trail(
  minute: number,
  principal: string,
  eventSource: string,
  eventName: string,
  errorCode?: string,
): LogEvent {
  const ms = at(minute);
  return {
    log: "123456789012:/acme-logs/prod/cloudtrail/organization",
    timestamp: ms,
    message: JSON.stringify({
      eventVersion: "1.09",
      eventTime: iso(ms).replace(/\.000Z$/, "Z"),
      eventSource,
      eventName,
      userIdentity: { type: "AssumedRole", arn: principal },
      ...(errorCode === undefined ? {} : { errorCode, errorMessage: "denied" }),
    }),
  };
}

const ALICE = "arn:aws:sts::456789012345:assumed-role/Dev/alice";
const CI = "arn:aws:sts::123456789012:assumed-role/platform-ci-deployer/logging-platform-deploy";
const TRAIL_EVENTS: LogEvent[] = [
  trail(0, ALICE, "s3.amazonaws.com", "GetObject", "AccessDenied"),
  trail(1, ALICE, "s3.amazonaws.com", "GetObject"),
  trail(2, CI, "ec2.amazonaws.com", "DescribeVpcs", "Client.RequestLimitExceeded"),
  trail(4, ALICE, "s3.amazonaws.com", "GetObject", "AccessDenied"),
  trail(5, ALICE, "kms.amazonaws.com", "Decrypt"),
];

/** For every committed query: the events it runs over and the exact result it must give. */
const CASES: Record<string, { events: LogEvent[]; expect: QueryResult }> = {
  "lambda_errors_and_cold_starts.txt": {
    events: LAMBDA_EVENTS,
    expect: {
      columns: [
        "@log",
        "bin(5m)",
        "invocations",
        "failed_invocations",
        "error_records",
        "cold_starts",
        "avg_init_ms",
      ],
      rows: [
        {
          "@log": SETUP,
          "bin(5m)": at(0),
          invocations: 3,
          failed_invocations: 2,
          error_records: 1,
          cold_starts: 1,
          avg_init_ms: 240.5,
        },
        {
          "@log": OTHER,
          "bin(5m)": at(0),
          invocations: 1,
          failed_invocations: 0,
          error_records: 1,
          cold_starts: 0,
          avg_init_ms: null,
        },
        {
          "@log": SETUP,
          "bin(5m)": at(5),
          invocations: 1,
          failed_invocations: 0,
          error_records: 0,
          cold_starts: 0,
          avg_init_ms: null,
        },
      ],
    },
  },
  "lambda_slowest_invocations.txt": {
    events: LAMBDA_EVENTS,
    expect: {
      columns: [
        "@timestamp",
        "function",
        "request_id",
        "duration_ms",
        "billed_ms",
        "max_memory_mb",
        "memory_mb",
        "init_ms",
        "status",
      ],
      rows: (
        [
          [at(3), SETUP, "r3", 30000, 30000, null, "timeout"],
          [at(0, 3), SETUP, "r1", 812.4, 813, 240.5, "success"],
          [at(1, 1), SETUP, "r2", 95.2, 96, null, "error"],
          [at(2, 1), OTHER, "b1", 40, 40, null, "success"],
          [at(7), SETUP, "r4", 12.5, 13, null, "success"],
        ] as const
      ).map(([ts, fn, id, duration, billed, init, status]) => ({
        "@timestamp": ts,
        function: fn,
        request_id: id,
        duration_ms: duration,
        billed_ms: billed,
        max_memory_mb: 88,
        memory_mb: 256,
        init_ms: init,
        status,
      })),
    },
  },
  "cloudtrail_errors_by_principal.txt": {
    events: TRAIL_EVENTS,
    expect: {
      columns: [
        "userIdentity.arn",
        "errorCode",
        "eventSource",
        "eventName",
        "calls",
        "first_seen",
        "last_seen",
      ],
      rows: [
        {
          "userIdentity.arn": ALICE,
          errorCode: "AccessDenied",
          eventSource: "s3.amazonaws.com",
          eventName: "GetObject",
          calls: 2,
          first_seen: "2026-01-15T10:00:00Z",
          last_seen: "2026-01-15T10:04:00Z",
        },
        {
          "userIdentity.arn": CI,
          errorCode: "Client.RequestLimitExceeded",
          eventSource: "ec2.amazonaws.com",
          eventName: "DescribeVpcs",
          calls: 1,
          first_seen: "2026-01-15T10:02:00Z",
          last_seen: "2026-01-15T10:02:00Z",
        },
      ],
    },
  },
};

const query = (file: string): QueryFile => {
  const q = QUERIES.find((x) => x.file === file);
  assert.ok(q, `queries/insights/${file} is missing`);
  return q;
};

describe("saved Logs Insights queries over representative records", () => {
  it("every committed query has a case here (a new query comes with its records)", () => {
    assert.deepStrictEqual(QUERIES.map((q) => q.file).sort(), Object.keys(CASES).sort());
  });

  for (const [file, c] of Object.entries(CASES)) {
    it(`${file} selects exactly the records it is meant for`, () => {
      assert.deepStrictEqual(runInsightsQuery(query(file).query, c.events), c.expect);
    });
  }

  it("the Lambda queries read JSON fields: a text REPORT filter finds none of these records", () => {
    assert.strictEqual(
      runInsightsQuery('filter @type = "REPORT"', LAMBDA_EVENTS).rows.length,
      0,
      "JSON-format functions write no text REPORT line Insights would parse into @type",
    );
    assert.strictEqual(
      runInsightsQuery('filter type = "platform.report"', LAMBDA_EVENTS).rows.length,
      5,
    );
  });
});

describe("the Insights evaluator itself", () => {
  const events: LogEvent[] = [
    { log: "g", timestamp: 1, message: JSON.stringify({ a: { b: 2 }, s: "x" }) },
    { log: "g", timestamp: 2, message: JSON.stringify({ a: { b: 5 } }) },
    { log: "g", timestamp: 3, message: "plain text" },
  ];

  it("a comparison with a missing field is false both ways; functions on it give no value", () => {
    assert.strictEqual(runInsightsQuery('filter s = "x"', events).rows.length, 1);
    assert.strictEqual(runInsightsQuery('filter s != "x"', events).rows.length, 0);
    assert.deepStrictEqual(
      runInsightsQuery('fields strcontains(s, "x") as c, a.b * 2 as d', events).rows,
      [
        { c: 1, d: 4 },
        { c: null, d: 10 },
        { c: null, d: null },
      ],
    );
    assert.deepStrictEqual(
      runInsightsQuery("filter not ispresent(a.b) or a.b > 4 | fields @message", events).rows,
      [{ "@message": JSON.stringify({ a: { b: 5 } }) }, { "@message": "plain text" }],
    );
    assert.strictEqual(runInsightsQuery("filter @message like /(?i)PLAIN/", events).rows.length, 1);
  });

  it("refuses syntax it does not implement instead of ignoring it", () => {
    assert.throws(
      () => runInsightsQuery("parse @message 'a * b' as x", events),
      /unsupported command parse/,
    );
    assert.throws(
      () => runInsightsQuery("fields tolower(s)", events),
      /unsupported function tolower\(\)/,
    );
    assert.throws(
      () => runInsightsQuery("stats count(*) by s | dedup s", events),
      /unsupported command dedup/,
    );
    assert.throws(
      () => runInsightsQuery("filter s = 'x' s", events),
      /unparsed input after filter/,
    );
  });
});
