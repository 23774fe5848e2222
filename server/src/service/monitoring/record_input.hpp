#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "stats/dataset_profile.hpp"

/// Inference records and labels as clients send them, read and validated whole before anything
/// is stored: a bad record anywhere refuses the batch with an error naming its field.
namespace cairn::service::record_input {

constexpr std::size_t kMaxRecords = 10'000;
constexpr std::size_t kMaxFeatures = 2'000;
/// Records may be this old: while their minute buckets are kept, so rollups can be recomputed.
constexpr int64_t kMaxAgeDays = 7;

struct Record {
  std::string id;  ///< the client's id, or one made up (then resending is not idempotent)
  int64_t at = 0;
  nlohmann::json features;    ///< object of scalars (null = missing)
  nlohmann::json prediction;  ///< scalar, object of scalars, or null
};

/// JSON `{records: [{id?, timestamp?, features, prediction?}]}` (timestamp: ms since the epoch or
/// ISO 8601), or CSV when `csv` (columns `id`, `timestamp`, `prediction` or `prediction.<name>`
/// are special; the others are features; cells that all parse as numbers make a numeric column).
/// Timestamps must fall within the last kMaxAgeDays and at most an hour ahead of `now`. With a
/// reference, every feature must be one of its features, of its kind.
Result<std::vector<Record>> parse_records(std::string_view body, bool csv, int64_t now,
                                          const stats::DatasetProfile* reference);

/// How a body of records is written.
enum class Format { json, csv, parquet };

/// A reference's rows in any format: parse_parquet_records for Parquet, else parse_records
/// (no reference profile to check against: this is the one being made).
Result<std::vector<Record>> parse_reference_records(std::string_view body, Format format, int64_t now);

/// What a Parquet upload may decode to (decompressed pages plus the values kept): twice the
/// server's default 32 MiB body limit, so a file compressing as well as 2:1 still reads, and a
/// decompression bomb stops there (413).
constexpr std::size_t kMaxParquetDecodedBytes = 64u << 20;

/// A flat Parquet file (parquet/parquet_file.hpp) as records, with the CSV's rules: columns `id`,
/// `timestamp`, `prediction` and `prediction.<name>` are special, the others are features; numeric
/// columns give numbers (NaN: missing), strings give labels, booleans true/false.
Result<std::vector<Record>> parse_parquet_records(std::string_view body, int64_t now,
                                                  std::size_t max_decoded_bytes = kMaxParquetDecodedBytes);

struct Label {
  std::string id;
  nlohmann::json value;
};
/// JSON `{labels: [{id, label}]}` or CSV with columns `id` and `label`.
Result<std::vector<Label>> parse_labels(std::string_view body, bool csv);

/// Records as raw columns for a reference profile (features and predictions).
std::vector<stats::RawColumn> to_columns(const std::vector<Record>& records);

}  // namespace cairn::service::record_input
