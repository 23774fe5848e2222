import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { MAX_REFERENCE_ROWS } from "./reference-limits";

/** A reference record as the API takes it: the row's columns are its features. */
export type FeatureValue = string | number | boolean | null;
export interface ReferenceRecord {
  features: Record<string, FeatureValue>;
}


/**
 * A Parquet file's rows as reference records, read in the browser (hyparquet, with every codec pandas
 * and Spark write: snappy, gzip, zstd, brotli, lz4): Cairn's server reads CSV and JSON, and no
 * Parquet library is packaged for its C++ build. 64-bit integers become numbers, timestamps ISO text, nested values (lists, structs) their JSON text.
 */
export async function parquetRecords(file: ArrayBuffer): Promise<ReferenceRecord[]> {
  const rows = await parquetReadObjects({ file, compressors });
  if (rows.length > MAX_REFERENCE_ROWS)
    throw new Error(`The file has ${rows.length.toLocaleString()} rows; a reference upload takes at most ${MAX_REFERENCE_ROWS.toLocaleString()} (sample it first).`);
  return rows.map((row) => ({
    features: Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([name, value]) => [name, jsonValue(value)])),
  }));
}

function jsonValue(value: unknown): FeatureValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
}
