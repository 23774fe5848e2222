import { describe, expect, it } from "vitest";
import type { Run } from "../api/run-queries";
import { runRows } from "./run-tree";

const run = (id: string, parent: string | null = null) => ({ id, parent_run_id: parent }) as unknown as Run;
const ids = (rows: ReturnType<typeof runRows>) => rows.map((r) => `${"  ".repeat(r.depth)}${r.run.id}${r.childCount ? `(${r.childCount})` : ""}`);

describe("runRows", () => {
  const page = [run("cv"), run("fold1", "cv"), run("solo"), run("fold2", "cv"), run("inner", "fold1")];

  it("hides children under a collapsed parent, counting them", () => {
    expect(ids(runRows(page, new Set()))).toEqual(["cv(2)", "solo"]);
  });

  it("lists children under an expanded parent in the page's order", () => {
    expect(ids(runRows(page, new Set(["cv"])))).toEqual(["cv(2)", "  fold1(1)", "  fold2", "solo"]);
    expect(ids(runRows(page, new Set(["cv", "fold1"])))).toEqual(["cv(2)", "  fold1(1)", "    inner", "  fold2", "solo"]);
  });

  it("keeps a child whose parent is on another page at the top level", () => {
    expect(ids(runRows([run("fold3", "elsewhere"), run("x")], new Set()))).toEqual(["fold3", "x"]);
  });

  it("does not loop or drop runs on a cycle of parents", () => {
    expect(ids(runRows([run("a", "b"), run("b", "a")], new Set(["a", "b"]))).sort()).toEqual(["  b(1)", "a(1)"].sort());
  });
});
