/**
 * A small evaluator for the subset of CloudWatch Logs Insights the saved queries use, so tests
 * can run each query over representative log events and check which records it selects and what
 * it computes. Anything outside the subset is refused, never skipped:
 *
 * - commands: `filter`, `fields`, `stats … [by …]`, `sort <field> [asc|desc]`, `limit <n>`;
 * - expressions: field names (`a.b`, `@log`, `` `odd name` ``), numbers, "strings", /regex/
 *   (with `(?i)`), ["lists"], `= != < <= > >=`, `like`, `in`, `and`, `or`, `not`, `+ - * /`;
 * - functions: `ispresent`, `strcontains`, `coalesce`, `bin`; aggregates `count`, `sum`, `avg`,
 *   `min`, `max`, `earliest`, `latest`.
 *
 * Semantics follow Insights where the tests depend on them: JSON messages are flattened into
 * dotted fields; a comparison with a missing field is false; functions and arithmetic on a
 * missing field give no value, which aggregates skip.
 */

/** One CloudWatch Logs event as Insights reads it. */
export interface LogEvent {
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** The raw message (JSON records are parsed into fields). */
  message: string;
  /** Log group, as `@log` shows it (`<account>:<group>`). */
  log: string;
}

type Value = string | number | boolean | null | Value[] | RegExp;
type Row = Record<string, Value>;

type Expr =
  | { kind: "literal"; value: Value }
  | { kind: "field"; name: string }
  | { kind: "call"; name: string; args: Expr[]; star?: boolean }
  | { kind: "unary"; op: "not" | "-"; arg: Expr }
  | { kind: "binary"; op: string; left: Expr; right: Expr };

interface Token {
  kind: "word" | "field" | "string" | "number" | "regex" | "punct";
  text: string;
}

const KEYWORDS = new Set(["and", "or", "not", "like", "in", "as", "by", "asc", "desc"]);

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const prevAllowsRegex = () => {
    const p = tokens[tokens.length - 1];
    return p === undefined || p.kind === "punct" || (p.kind === "word" && KEYWORDS.has(p.text));
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\") j++;
        text += src[j];
        j++;
      }
      if (j >= src.length) throw new Error(`unterminated string at ${src.slice(i)}`);
      tokens.push({ kind: "string", text });
      i = j + 1;
    } else if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) throw new Error(`unterminated backtick at ${src.slice(i)}`);
      tokens.push({ kind: "field", text: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "/" && prevAllowsRegex()) {
      let j = i + 1;
      while (j < src.length && src[j] !== "/") j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) throw new Error(`unterminated regex at ${src.slice(i)}`);
      tokens.push({ kind: "regex", text: src.slice(i + 1, j) });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?[a-z]*/.exec(src.slice(i))!;
      tokens.push({ kind: "number", text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_@$]/.test(c)) {
      const m = /^[A-Za-z_@$][\w@$.-]*/.exec(src.slice(i))!;
      const text = m[0].replace(/[.-]+$/, "");
      tokens.push({ kind: "word", text });
      i += text.length;
    } else {
      const two = src.slice(i, i + 2);
      if (["!=", "<=", ">="].includes(two)) {
        tokens.push({ kind: "punct", text: two });
        i += 2;
      } else if ("|(),[]=<>+-*/".includes(c)) {
        tokens.push({ kind: "punct", text: c });
        i++;
      } else {
        throw new Error(`unsupported character ${JSON.stringify(c)} at ${src.slice(i, i + 20)}`);
      }
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }
  peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  next(): Token {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new Error("unexpected end of query");
    return t;
  }
  isWord(w: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === "word" && t.text.toLowerCase() === w;
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === "punct" && t.text === p;
  }
  expectPunct(p: string): void {
    const t = this.next();
    if (t.kind !== "punct" || t.text !== p) throw new Error(`expected ${p}, got ${t.text}`);
  }

  expr(): Expr {
    return this.or();
  }
  private or(): Expr {
    let left = this.and();
    while (this.isWord("or")) {
      this.next();
      left = { kind: "binary", op: "or", left, right: this.and() };
    }
    return left;
  }
  private and(): Expr {
    let left = this.not();
    while (this.isWord("and")) {
      this.next();
      left = { kind: "binary", op: "and", left, right: this.not() };
    }
    return left;
  }
  private not(): Expr {
    if (this.isWord("not")) {
      this.next();
      return { kind: "unary", op: "not", arg: this.not() };
    }
    return this.comparison();
  }
  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t?.kind === "punct" && ["=", "!=", "<", "<=", ">", ">="].includes(t.text)) {
      this.next();
      return { kind: "binary", op: t.text, left, right: this.additive() };
    }
    if (this.isWord("like") || this.isWord("in")) {
      const op = this.next().text.toLowerCase();
      return { kind: "binary", op, left, right: this.additive() };
    }
    return left;
  }
  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isPunct("+") || this.isPunct("-")) {
      const op = this.next().text;
      left = { kind: "binary", op, left, right: this.multiplicative() };
    }
    return left;
  }
  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isPunct("*") || this.isPunct("/")) {
      const op = this.next().text;
      left = { kind: "binary", op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): Expr {
    if (this.isPunct("-")) {
      this.next();
      return { kind: "unary", op: "-", arg: this.unary() };
    }
    return this.primary();
  }
  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case "string":
        return { kind: "literal", value: t.text };
      case "number":
        if (!/^\d+(\.\d+)?$/.test(t.text)) return { kind: "literal", value: t.text };
        return { kind: "literal", value: Number(t.text) };
      case "regex": {
        const insensitive = t.text.startsWith("(?i)");
        return {
          kind: "literal",
          value: new RegExp(insensitive ? t.text.slice(4) : t.text, insensitive ? "i" : ""),
        };
      }
      case "field":
        return { kind: "field", name: t.text };
      case "word": {
        if (KEYWORDS.has(t.text.toLowerCase())) throw new Error(`unexpected keyword ${t.text}`);
        if (this.isPunct("(")) {
          this.next();
          const args: Expr[] = [];
          let star = false;
          if (this.isPunct("*")) {
            this.next();
            star = true;
          } else if (!this.isPunct(")")) {
            args.push(this.expr());
            while (this.isPunct(",")) {
              this.next();
              args.push(this.expr());
            }
          }
          this.expectPunct(")");
          return { kind: "call", name: t.text.toLowerCase(), args, star };
        }
        return { kind: "field", name: t.text };
      }
      case "punct":
        if (t.text === "(") {
          const inner = this.expr();
          this.expectPunct(")");
          return inner;
        }
        if (t.text === "[") {
          const items: Value[] = [];
          while (!this.isPunct("]")) {
            const item = this.primary();
            if (item.kind !== "literal") throw new Error("list items must be literals");
            items.push(item.value);
            if (this.isPunct(",")) this.next();
          }
          this.next();
          return { kind: "literal", value: items };
        }
        throw new Error(`unexpected ${t.text}`);
    }
  }

  /** `expr [as alias]`, the alias defaulting to the expression's field name. */
  aliased(): { expr: Expr; alias: string } {
    const start = this.pos;
    const expr = this.expr();
    if (this.isWord("as")) {
      this.next();
      const name = this.next();
      return { expr, alias: name.text };
    }
    const alias =
      expr.kind === "field"
        ? expr.name
        : this.tokens
            .slice(start, this.pos)
            .map((t) => t.text)
            .join("");
    return { expr, alias };
  }
}

/** JSON records' fields as Insights discovers them: nested keys joined by dots. */
function flatten(value: unknown, prefix: string, into: Row): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, prefix === "" ? k : `${prefix}.${k}`, into);
    }
  } else if (prefix !== "") {
    into[prefix] = value as Value;
  }
}

function rowOf(e: LogEvent): Row {
  const row: Row = { "@timestamp": e.timestamp, "@message": e.message, "@log": e.log };
  const text = e.message.trim();
  if (text.startsWith("{")) {
    try {
      flatten(JSON.parse(text), "", row);
    } catch {
      // Not JSON after all: only the @ fields, as Insights does.
    }
  }
  return row;
}

const DURATION_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function evaluate(e: Expr, row: Row): Value {
  switch (e.kind) {
    case "literal":
      return e.value;
    case "field":
      return row[e.name] ?? null;
    case "unary": {
      const v = evaluate(e.arg, row);
      if (e.op === "not") return !truthy(v);
      return typeof v === "number" ? -v : null;
    }
    case "binary":
      return binary(e.op, e.left, e.right, row);
    case "call":
      return call(e, row);
  }
}

function truthy(v: Value): boolean {
  return v !== null && v !== false && v !== 0 && v !== "";
}

function binary(op: string, l: Expr, r: Expr, row: Row): Value {
  if (op === "and") return truthy(evaluate(l, row)) && truthy(evaluate(r, row));
  if (op === "or") return truthy(evaluate(l, row)) || truthy(evaluate(r, row));
  const a = evaluate(l, row);
  const b = evaluate(r, row);
  if (["+", "-", "*", "/"].includes(op)) {
    if (typeof a !== "number" || typeof b !== "number") return null;
    if (op === "+") return a + b;
    if (op === "-") return a - b;
    if (op === "*") return a * b;
    return b === 0 ? null : a / b;
  }
  if (a === null || b === null) return false;
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return (a as number) < (b as number);
    case "<=":
      return (a as number) <= (b as number);
    case ">":
      return (a as number) > (b as number);
    case ">=":
      return (a as number) >= (b as number);
    case "like":
      if (b instanceof RegExp) return b.test(String(a));
      return String(a).includes(String(b));
    case "in":
      if (!Array.isArray(b)) throw new Error("in needs a [list]");
      return b.includes(a);
  }
  throw new Error(`unsupported operator ${op}`);
}

function call(e: Extract<Expr, { kind: "call" }>, row: Row): Value {
  const arg = (i: number) => evaluate(e.args[i], row);
  switch (e.name) {
    case "ispresent":
      return arg(0) === null ? 0 : 1;
    case "strcontains": {
      const s = arg(0);
      if (s === null) return null;
      return String(s).includes(String(arg(1))) ? 1 : 0;
    }
    case "coalesce":
      return e.args.map((_, i) => arg(i)).find((v) => v !== null) ?? null;
    case "bin": {
      const size = e.args[0];
      if (size.kind !== "literal" || typeof size.value !== "string") {
        throw new Error("bin() takes a duration like 5m");
      }
      const m = /^(\d+)([smhd])$/.exec(size.value);
      if (!m) throw new Error(`unsupported bin size ${size.value}`);
      const ms = Number(m[1]) * DURATION_MS[m[2]];
      return Math.floor((row["@timestamp"] as number) / ms) * ms;
    }
  }
  throw new Error(`unsupported function ${e.name}()`);
}

const AGGREGATES = new Set(["count", "sum", "avg", "min", "max", "earliest", "latest"]);

function aggregate(e: Expr, rows: Row[]): Value {
  if (e.kind !== "call" || !AGGREGATES.has(e.name)) {
    throw new Error(
      "stats takes aggregate functions (count, sum, avg, min, max, earliest, latest)",
    );
  }
  if (e.name === "count" && e.star) return rows.length;
  const values = rows.map((r) => evaluate(e.args[0], r));
  const present = values.filter((v): v is Value => v !== null);
  const numbers = present.filter((v): v is number => typeof v === "number");
  switch (e.name) {
    case "count":
      return present.length;
    case "sum":
      return numbers.reduce((s, v) => s + v, 0);
    case "avg":
      return numbers.length === 0 ? null : numbers.reduce((s, v) => s + v, 0) / numbers.length;
    case "min":
      return numbers.length === 0 ? null : Math.min(...numbers);
    case "max":
      return numbers.length === 0 ? null : Math.max(...numbers);
    default: {
      const withValue = rows.filter((_, i) => values[i] !== null);
      if (withValue.length === 0) return null;
      const pick = withValue.reduce((best, r) =>
        (e.name === "earliest") === r["@timestamp"]! < best["@timestamp"]! ? r : best,
      );
      return evaluate(e.args[0], pick);
    }
  }
}

/** Splits a query into its commands at top-level pipes. */
function commands(query: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokenize(query)) {
    if (t.kind === "punct" && (t.text === "(" || t.text === "[")) depth++;
    if (t.kind === "punct" && (t.text === ")" || t.text === "]")) depth--;
    if (t.kind === "punct" && t.text === "|" && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}

/** The result of a query: its rows with the columns the last `fields` or `stats` produced. */
export interface QueryResult {
  columns: string[];
  rows: Row[];
}

/**
 * Runs `query` over `events` and returns the result rows.
 * @throws Error on any syntax outside the supported subset.
 */
export function runInsightsQuery(query: string, events: readonly LogEvent[]): QueryResult {
  let rows: Row[] = events.map(rowOf);
  let columns: string[] = ["@timestamp", "@message"];
  for (const tokens of commands(query)) {
    const [head, ...rest] = tokens;
    if (head === undefined) throw new Error("empty command between pipes");
    const p = new Parser(rest);
    switch (head.text.toLowerCase()) {
      case "filter": {
        const cond = p.expr();
        rows = rows.filter((r) => truthy(evaluate(cond, r)));
        break;
      }
      case "fields": {
        const items = [p.aliased()];
        while (p.isPunct(",")) {
          p.next();
          items.push(p.aliased());
        }
        rows = rows.map((r) => {
          const out = { ...r };
          for (const { expr, alias } of items) out[alias] = evaluate(expr, r);
          return out;
        });
        columns = items.map((i) => i.alias);
        break;
      }
      case "stats": {
        const aggs = [p.aliased()];
        while (p.isPunct(",")) {
          p.next();
          aggs.push(p.aliased());
        }
        const keys: Array<{ expr: Expr; alias: string }> = [];
        if (p.isWord("by")) {
          p.next();
          keys.push(p.aliased());
          while (p.isPunct(",")) {
            p.next();
            keys.push(p.aliased());
          }
        }
        const groups = new Map<string, Row[]>();
        for (const r of rows) {
          const k = JSON.stringify(keys.map((key) => evaluate(key.expr, r)));
          groups.set(k, [...(groups.get(k) ?? []), r]);
        }
        rows = [...groups.entries()].map(([k, members]) => {
          const out: Row = {};
          (JSON.parse(k) as Value[]).forEach((v, i) => (out[keys[i].alias] = v));
          for (const { expr, alias } of aggs) out[alias] = aggregate(expr, members);
          return out;
        });
        columns = [...keys.map((k) => k.alias), ...aggs.map((a) => a.alias)];
        break;
      }
      case "sort": {
        const field = p.next().text;
        const desc = p.isWord("desc");
        if (p.isWord("desc") || p.isWord("asc")) p.next();
        const num = (v: Value | undefined) => (typeof v === "number" ? v : -Infinity);
        rows = [...rows].sort((a, b) => (desc ? -1 : 1) * (num(a[field]) - num(b[field])));
        break;
      }
      case "limit": {
        const n = p.next();
        if (n.kind !== "number") throw new Error("limit takes a number");
        rows = rows.slice(0, Number(n.text));
        break;
      }
      default:
        throw new Error(`unsupported command ${head.text}`);
    }
    if (!p.done()) throw new Error(`unparsed input after ${head.text}: ${p.peek()?.text}`);
  }
  return {
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))),
  };
}
