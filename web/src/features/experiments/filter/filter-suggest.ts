import type { ExperimentKeys } from "../api/analysis-queries";

/** One completion: what the list shows and what replaces the word being typed. */
export interface Suggestion {
  label: string;
  insert: string;
  kind: "key" | "operator" | "value" | "joiner";
  /** A short note: the key's group or what the operator does. */
  detail: string;
}

/** The suggestions for the word ending at the caret, which spans `from`..`to` of the text. */
export interface Completion {
  from: number;
  to: number;
  items: Suggestion[];
}

type Subject = "metric" | "param" | "tag" | "attribute-text" | "attribute-number" | "attribute-id" | "status" | "dataset";

// What the server's grammar accepts per kind of key (server/src/search/search_filter.cpp), so no
// suggestion leads to a refusal.
const NUMERIC_OPS = ["=", "!=", "<", "<=", ">", ">="];
const TEXT_OPS = ["=", "!=", "LIKE", "ILIKE"];
const OPS: Record<Subject, string[]> = {
  metric: NUMERIC_OPS,
  param: [...TEXT_OPS, "IS NULL", "IS NOT NULL"],
  tag: [...TEXT_OPS, "IS NULL", "IS NOT NULL"],
  "attribute-text": TEXT_OPS,
  status: [...TEXT_OPS],
  "attribute-number": NUMERIC_OPS,
  "attribute-id": [...TEXT_OPS, "IN", "NOT IN"],
  dataset: [...TEXT_OPS, "IN", "NOT IN"],
};
const OP_DETAIL: Record<string, string> = {
  LIKE: "pattern, % any text",
  ILIKE: "pattern, any case",
  IN: "one of ('a', 'b')",
  "NOT IN": "none of ('a', 'b')",
  "IS NULL": "not set",
  "IS NOT NULL": "set",
};
const ATTRIBUTES: Array<[string, Subject]> = [
  ["run_name", "attribute-text"],
  ["status", "status"],
  ["run_id", "attribute-id"],
  ["user_id", "attribute-text"],
  ["start_time", "attribute-number"],
  ["end_time", "attribute-number"],
  ["artifact_uri", "attribute-text"],
];
const STATUSES = ["FINISHED", "RUNNING", "FAILED", "KILLED", "SCHEDULED"];
const DATASET_FIELDS = ["name", "digest", "context"];

/** A key as the grammar reads it: bare when it is one word, else in backticks (double quotes if it holds one). */
export function quoteKey(key: string): string {
  if (/^[A-Za-z0-9_$#\u0080-\uffff]+$/.test(key) && !/^[0-9]/.test(key)) return key;
  return key.includes("`") ? `"${key.replace(/"/g, '\\"')}"` : `\`${key}\``;
}

interface Candidate {
  text: string;
  subject: Subject;
  detail: string;
}

function candidates(keys: ExperimentKeys | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const k of keys?.metrics ?? []) out.push({ text: `metrics.${quoteKey(k)}`, subject: "metric", detail: "metric" });
  for (const k of keys?.params ?? []) out.push({ text: `params.${quoteKey(k)}`, subject: "param", detail: "param" });
  for (const k of keys?.tags ?? []) out.push({ text: `tags.${quoteKey(k)}`, subject: "tag", detail: "tag" });
  for (const [a, subject] of ATTRIBUTES) out.push({ text: `attributes.${a}`, subject, detail: "attribute" });
  for (const f of DATASET_FIELDS) out.push({ text: `datasets.${f}`, subject: "dataset", detail: "dataset" });
  return out;
}

// Entity names the grammar takes besides the canonical ones (MLflow's aliases).
const ALIASES: Record<string, string> = {
  metric: "metrics",
  parameter: "params",
  parameters: "params",
  param: "params",
  tag: "tags",
  attribute: "attributes",
  attr: "attributes",
  run: "attributes",
  dataset: "datasets",
};

/** The kind of key an identifier names, or null when it is none the experiment has. */
function subjectOf(identifier: string, all: Candidate[]): Subject | null {
  const dot = identifier.indexOf(".");
  if (dot < 0) return null;
  const entity = identifier.slice(0, dot).toLowerCase();
  const rest = identifier.slice(dot + 1).replace(/^[`"](.*)[`"]$/, "$1");
  const canonical = `${ALIASES[entity] ?? entity}.${quoteKey(rest)}`;
  const found = all.find((c) => c.text === canonical);
  if (found) return found.subject;
  // A key not logged yet is still a key of its kind.
  const kind = ALIASES[entity] ?? entity;
  return kind === "metrics" ? "metric" : kind === "params" ? "param" : kind === "tags" ? "tag" : null;
}

type Token = { kind: "word" | "string" | "op" | "punct"; text: string };

/** The tokens of a (partial) filter: words with their dots and quoted segments, strings, comparators, parentheses and commas. */
function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || (c === '"' && tokens.at(-1)?.kind === "op")) {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return null; // inside an unfinished string: nothing to suggest
      tokens.push({ kind: "string", text: text.slice(i, end + 1) });
      i = end + 1;
    } else if ("=!<>~".includes(c)) {
      let j = i;
      while (j < text.length && "=!<>~".includes(text[j]!)) j++;
      tokens.push({ kind: "op", text: text.slice(i, j) });
      i = j;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: "punct", text: c });
      i++;
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j]!) && !"=!<>~(),'".includes(text[j]!)) {
        if (text[j] === "`" || text[j] === '"') {
          const end = text.indexOf(text[j]!, j + 1);
          if (end < 0) return null;
          j = end + 1;
        } else j++;
      }
      tokens.push({ kind: "word", text: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

type State = { expect: "subject" } | { expect: "operator"; subject: Subject } | { expect: "value"; subject: Subject } | { expect: "joiner" } | { expect: "nothing" };

/** Walks the finished tokens: what the grammar expects next. */
function stateAfter(tokens: Token[], all: Candidate[]): State {
  let state: State = { expect: "subject" };
  let inList = false;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    const word = tok.kind === "word" ? tok.text.toUpperCase() : "";
    if (inList) {
      if (tok.text === ")") {
        inList = false;
        state = { expect: "joiner" };
      }
      continue;
    }
    switch (state.expect) {
      case "subject": {
        const subject = tok.kind === "word" ? subjectOf(tok.text, all) : null;
        state = subject ? { expect: "operator", subject } : { expect: "nothing" };
        break;
      }
      case "operator":
        if (tok.kind === "op") state = { expect: "value", subject: state.subject };
        else if (word === "LIKE" || word === "ILIKE") state = { expect: "value", subject: state.subject };
        else if (word === "NOT" || word === "IS") {
          // NOT IN, IS NULL, IS NOT NULL: read the rest of the comparator.
          const next = tokens[t + 1]?.text.toUpperCase();
          if (word === "IS" && next === "NOT") t++;
          if (tokens[t + 1]?.text.toUpperCase() === "NULL" || tokens[t + 1]?.text.toUpperCase() === "IN") {
            const last = tokens[t + 1]!.text.toUpperCase();
            t++;
            state = last === "NULL" ? { expect: "joiner" } : { expect: "value", subject: state.subject };
          } else state = { expect: "nothing" };
        } else if (word === "IN") state = { expect: "value", subject: state.subject };
        else state = { expect: "nothing" };
        break;
      case "value":
        if (tok.text === "(") inList = true;
        else state = { expect: "joiner" };
        break;
      case "joiner":
        state = word === "AND" ? { expect: "subject" } : { expect: "nothing" };
        break;
      case "nothing":
        break;
    }
  }
  return state;
}

/** Ranks by where the typed text occurs: at the start, after a dot, anywhere. */
function rank(text: string, typed: string): number {
  const t = text.toLowerCase();
  const q = typed.toLowerCase();
  if (!q) return 0;
  if (t.startsWith(q)) return 0;
  if (t.includes(`.${q}`)) return 1;
  return t.includes(q) ? 2 : -1;
}

/**
 * What may come at the caret of a filter being typed: the experiment's keys (metrics.x, params.y,
 * tags.z, attributes, datasets) where a clause starts, the comparators that key's kind accepts after
 * it, status values, and AND after a finished clause. Null inside a string or where nothing fits.
 */
export function suggest(text: string, caret: number, keys: ExperimentKeys | undefined, limit = 12): Completion | null {
  const before = text.slice(0, caret);
  // The word being typed: back to the last space (or a comparator or parenthesis, after which a value starts).
  let from = caret;
  while (from > 0 && !/[\s=!<>~(,]/.test(before[from - 1]!)) from--;
  const typed = before.slice(from);
  const tokens = tokenize(before.slice(0, from));
  if (!tokens) return null;
  const all = candidates(keys);
  const state = stateAfter(tokens, all);
  let items: Suggestion[] = [];
  if (state.expect === "subject") {
    items = all
      .map((c) => ({ c, r: rank(c.text, typed) }))
      .filter((x) => x.r >= 0 && x.c.text !== typed)
      .sort((a, b) => a.r - b.r)
      .map(({ c }) => ({ label: c.text, insert: `${c.text} `, kind: "key", detail: c.detail }));
  } else if (state.expect === "operator") {
    // A comparator may be typed glued to the key's end (metrics.x>): the word then is its start.
    items = OPS[state.subject]
      .filter((op) => op.toLowerCase().startsWith(typed.toLowerCase()) && op !== typed)
      .map((op) => ({ label: op, insert: op.endsWith("IN") ? `${op} (` : `${op} `, kind: "operator", detail: OP_DETAIL[op] ?? "" }));
  } else if (state.expect === "value" && state.subject === "status") {
    items = STATUSES.filter((s) => `'${s}'`.toLowerCase().startsWith(typed.toLowerCase()) || s.toLowerCase().startsWith(typed.toLowerCase())).map(
      (s) => ({ label: `'${s}'`, insert: `'${s}' `, kind: "value", detail: "status" }),
    );
  } else if (state.expect === "joiner" && "and".startsWith(typed.toLowerCase()) && typed.toLowerCase() !== "and") {
    items = [{ label: "and", insert: "and ", kind: "joiner", detail: "another clause" }];
  }
  return items.length ? { from, to: caret, items: items.slice(0, limit) } : null;
}

/** The text with a suggestion put in place of the word it completes, and where the caret goes. */
export function applySuggestion(text: string, completion: Completion, item: Suggestion): { text: string; caret: number } {
  const rest = text.slice(completion.to).replace(/^\S*/, "");
  const head = text.slice(0, completion.from) + item.insert;
  return { text: head + rest.replace(/^ /, head.endsWith(" ") ? "" : " "), caret: head.length };
}
