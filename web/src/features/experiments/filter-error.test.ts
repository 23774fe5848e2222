import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { filterProblemOf } from "./filter-error";

const refusal = (message: string, field = "filter") => new ApiError(400, "bad_request", message, "rq-1", field);

describe("filterProblemOf", () => {
  it("reads the position of a filter the server could not parse", () => {
    const filter = "metrics.auc >> 0.9";
    const problem = filterProblemOf(refusal("Invalid comparator '>>': expected one of = != < <= > >= at position 12"), filter);
    expect(problem).toEqual({ message: expect.stringContaining("'>>'"), position: 12 });
  });

  it("maps the server's byte offset onto characters of non-ASCII text", () => {
    // "é" is two bytes in UTF-8 and one character in the box: byte 22 is character 21.
    const filter = "params.name = 'café' andd x";
    expect(filterProblemOf(refusal("Invalid token 'andd' at position 22"), filter)?.position).toBe(21);
  });

  it("keeps a message without a position, and ignores other errors", () => {
    expect(filterProblemOf(refusal("IN needs a non-empty list"), "x")).toEqual({ message: "IN needs a non-empty list", position: null });
    expect(filterProblemOf(refusal("bad order", "order_by"), "x")).toBeNull();
    expect(filterProblemOf(new ApiError(500, "internal", "down"), "x")).toBeNull();
  });
});
