/**
 * A small evaluator for the subset of CloudWatch Logs JSON filter patterns the CIS controls use:
 * `{ ... }` around `&&`, `||`, parentheses, `$.a.b = value`, `$.a.b != value` (values bare or
 * quoted, `*` as prefix/suffix wildcard) and `$.a.b NOT EXISTS`. Lets tests prove a pattern
 * matches the CloudTrail record it is meant for and not a benign one.
 */
type Token = { kind: "op" | "paren" | "selector" | "value" | "keyword"; text: string };

function tokenize(pattern: string): Token[] {
  const body = pattern.trim();
  if (!body.startsWith("{") || !body.endsWith("}"))
    throw new Error(`not a JSON pattern: ${pattern}`);
  const src = body.slice(1, -1);
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " ") {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: "paren", text: c });
      i++;
    } else if (src.startsWith("&&", i) || src.startsWith("||", i) || src.startsWith("!=", i)) {
      tokens.push({ kind: "op", text: src.slice(i, i + 2) });
      i += 2;
    } else if (c === "=") {
      tokens.push({ kind: "op", text: "=" });
      i++;
    } else if (c === '"') {
      const end = src.indexOf('"', i + 1);
      tokens.push({ kind: "value", text: src.slice(i + 1, end) });
      i = end + 1;
    } else {
      const m = /^[^\s()=!&|"]+/.exec(src.slice(i));
      if (!m) throw new Error(`cannot read pattern at ${src.slice(i)}`);
      const word = m[0];
      const kind = word.startsWith("$.")
        ? "selector"
        : word === "NOT" || word === "EXISTS"
          ? "keyword"
          : "value";
      tokens.push({ kind, text: word });
      i += word.length;
    }
  }
  return tokens;
}

function lookup(record: unknown, selector: string): unknown {
  let cur: unknown = record;
  for (const part of selector.slice(2).split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function equalsValue(actual: unknown, expected: string): boolean {
  if (actual === undefined || actual === null) return false;
  const a = String(actual);
  const starts = expected.startsWith("*");
  const ends = expected.endsWith("*");
  const core = expected.replace(/^\*/, "").replace(/\*$/, "");
  if (starts && ends) return a.includes(core);
  if (starts) return a.endsWith(core);
  if (ends) return a.startsWith(core);
  return a === expected;
}

/** True when `record` (a parsed CloudTrail event) matches `pattern`. */
export function matchesFilterPattern(pattern: string, record: unknown): boolean {
  const tokens = tokenize(pattern);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];

  const comparison = (): boolean => {
    const t = next();
    if (t.kind === "paren" && t.text === "(") {
      const v = disjunction();
      if (next()?.text !== ")") throw new Error("unbalanced parentheses");
      return v;
    }
    if (t.kind !== "selector") throw new Error(`expected a selector, got ${t.text}`);
    const op = next();
    if (op.kind === "keyword" && op.text === "NOT") {
      if (next()?.text !== "EXISTS") throw new Error("expected EXISTS");
      return lookup(record, t.text) === undefined;
    }
    const value = next();
    const actual = lookup(record, t.text);
    if (op.text === "=") return equalsValue(actual, value.text);
    if (op.text === "!=") return !equalsValue(actual, value.text);
    throw new Error(`unknown operator ${op.text}`);
  };
  const conjunction = (): boolean => {
    let v = comparison();
    while (peek()?.text === "&&") {
      next();
      const r = comparison();
      v = v && r;
    }
    return v;
  };
  const disjunction = (): boolean => {
    let v = conjunction();
    while (peek()?.text === "||") {
      next();
      const r = conjunction();
      v = v || r;
    }
    return v;
  };
  const result = disjunction();
  if (pos !== tokens.length) throw new Error(`trailing tokens in pattern: ${pattern}`);
  return result;
}
