import { describe, expect, it } from "vitest";
import { applySuggestion, quoteKey, suggest } from "./filter-suggest";

const keys = { metrics: ["val_auc", "train/loss"], params: ["max_depth", "learning_rate"], tags: ["team"] };
const labels = (text: string, caret = text.length) => suggest(text, caret, keys)?.items.map((i) => i.label) ?? [];

describe("filter suggestions", () => {
  it("offers the experiment's keys where a clause starts, those matching the typed text first", () => {
    expect(labels("")).toContain("metrics.val_auc");
    expect(labels("dep")).toEqual(["params.max_depth"]);
    expect(labels("met")[0]).toBe("metrics.val_auc");
    expect(labels("stat")).toEqual(["attributes.status"]);
    expect(labels("tags.")).toEqual(["tags.team"]);
  });

  it("quotes keys the grammar cannot read bare", () => {
    expect(labels("train")).toEqual(["metrics.`train/loss`"]);
    expect(quoteKey("val_auc")).toBe("val_auc");
    expect(quoteKey("a b")).toBe("`a b`");
    expect(quoteKey("1st")).toBe("`1st`");
  });

  it("offers only the comparators the key's kind accepts", () => {
    expect(labels("metrics.val_auc ")).toEqual(["=", "!=", "<", "<=", ">", ">="]);
    expect(labels("params.max_depth ")).toEqual(["=", "!=", "LIKE", "ILIKE", "IS NULL", "IS NOT NULL"]);
    expect(labels("params.max_depth l")).toEqual(["LIKE"]);
    expect(labels("attributes.run_id ")).toContain("IN");
    expect(labels("metric.`train/loss` ")).toContain(">=");
  });

  it("offers status values, then AND, then keys again", () => {
    expect(labels("attributes.status = ")).toContain("'FINISHED'");
    expect(labels("attributes.status = 'F")).toEqual(["'FINISHED'", "'FAILED'"]);
    expect(labels("metrics.val_auc > 0.9 ")).toEqual(["and"]);
    expect(labels("metrics.val_auc > 0.9 and le")).toEqual(["params.learning_rate"]);
    expect(labels("params.x IS NOT NULL ")).toEqual(["and"]);
    expect(labels("attributes.run_id IN ('a', 'b') ")).toEqual(["and"]);
  });

  it("is quiet inside a string and after what the grammar does not take", () => {
    expect(suggest("params.max_depth = 'ab", 22, keys)).toBeNull();
    expect(suggest("bogus ", 6, keys)).toBeNull();
    expect(suggest("metrics.val_auc > 0.9 or ", 25, keys)).toBeNull();
  });

  it("completes at the caret, not at the end", () => {
    const text = "max and metrics.val_auc > 1";
    const c = suggest(text, 3, keys)!;
    expect(c.items[0]!.label).toBe("params.max_depth");
    expect(applySuggestion(text, c, c.items[0]!)).toEqual({ text: "params.max_depth and metrics.val_auc > 1", caret: 17 });
    const end = suggest("metrics.val_auc ", 16, keys)!;
    expect(applySuggestion("metrics.val_auc ", end, end.items[4]!)).toEqual({ text: "metrics.val_auc > ", caret: 18 });
  });
});
