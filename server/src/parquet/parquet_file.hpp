#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// A flat Parquet file read whole into columns: what a reference upload needs.
namespace cairn::parquet {

enum class ColumnKind {
  number,   ///< INT32, INT64 (DATE and TIMESTAMP as their integers; DECIMAL scaled), FLOAT, DOUBLE
  boolean,  ///< BOOLEAN, as 0 and 1 in `numbers`
  text,     ///< BYTE_ARRAY (UTF-8)
};

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::number;
  std::vector<double> numbers;     ///< number and boolean columns, one per row (NaN when absent)
  std::vector<std::string> texts;  ///< text columns, one per row ("" when absent)
  std::vector<uint8_t> present;    ///< one per row: 0 for a null
};

struct Table {
  std::size_t rows = 0;
  std::vector<Column> columns;
};

/// What one file may cost. A file over `max_rows` or `max_columns` is refused from its footer,
/// before any page is read; `max_decoded_bytes` caps decompressed pages plus the values kept, so a
/// small file cannot expand without bound (a decompression bomb, a dictionary repeated per row).
struct Limits {
  std::size_t max_rows = 10'000;
  std::size_t max_columns = 2'000;
  std::size_t max_decoded_bytes = 64u << 20;
};

/// Reads a whole Parquet file: 400 for one that is not valid Parquet (bad magic, truncated, lengths
/// out of range), 413 past the limits' bytes, 422 for valid Parquet this reader does not read
/// (nested or repeated columns, INT96, FIXED_LEN_BYTE_ARRAY, a codec or encoding it lacks),
/// naming the column and what it uses.
Result<Table> read_table(std::string_view file, const Limits& limits);

}  // namespace cairn::parquet
