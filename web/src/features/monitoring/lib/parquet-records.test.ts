// @vitest-environment node
// (jsdom's TextEncoder makes Uint8Arrays of another realm, which the Parquet writer does not recognise.)
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { parquetRecords } from "./parquet-records";
import { MAX_REFERENCE_ROWS } from "./reference-limits";

describe("parquetRecords", () => {
  it("turns a Parquet file's rows into reference records, with 64-bit integers as numbers", async () => {
    const file = parquetWriteBuffer({
      columnData: [
        { name: "age", data: [31, 47, null], type: "DOUBLE" },
        { name: "visits", data: [3n, 12n, 7n], type: "INT64" },
        { name: "plan", data: ["free", "pro", "free"], type: "STRING" },
        { name: "churned", data: [false, true, false], type: "BOOLEAN" },
      ],
    });
    expect(await parquetRecords(file)).toEqual([
      { features: { age: 31, visits: 3, plan: "free", churned: false } },
      { features: { age: 47, visits: 12, plan: "pro", churned: true } },
      { features: { age: null, visits: 7, plan: "free", churned: false } },
    ]);
  });

  it("refuses more rows than one upload takes, and bytes that are not Parquet", async () => {
    const many = parquetWriteBuffer({ columnData: [{ name: "x", data: Array.from({ length: MAX_REFERENCE_ROWS + 1 }, (_, i) => i), type: "DOUBLE" }] });
    await expect(parquetRecords(many)).rejects.toThrow(/at most 10,000/);
    await expect(parquetRecords(new TextEncoder().encode("a,b\n1,2\n").buffer)).rejects.toThrow();
  });
});
