import { afterEach, describe, expect, it } from "vitest";
import { invalidateAfterDelete, queryClient } from "./query-client";

const stale = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

describe("invalidateAfterDelete", () => {
  afterEach(() => queryClient.clear());

  it("refetches the lists under the parent but never the deleted resource's own queries", async () => {
    const list = ["orgs", "acme", "projects", "list", { q: "" }];
    const deleted = ["orgs", "acme", "projects", "churn"];
    const deletedChild = ["orgs", "acme", "projects", "churn", "models"];
    const sibling = ["orgs", "acme", "projects", "fraud"];
    const elsewhere = ["orgs", "other", "projects", "list", {}];
    for (const key of [list, deleted, deletedChild, sibling, elsewhere]) queryClient.setQueryData(key, {});

    await invalidateAfterDelete(["orgs", "acme", "projects"], deleted);

    expect(stale(list)).toBe(true);
    expect(stale(sibling)).toBe(true);
    expect(stale(deleted)).toBe(false);
    expect(stale(deletedChild)).toBe(false);
    expect(stale(elsewhere)).toBe(false);
  });
});
