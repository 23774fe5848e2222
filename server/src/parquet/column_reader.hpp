#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.hpp"
#include "parquet/encodings.hpp"
#include "parquet/file_metadata.hpp"
#include "parquet/parquet_file.hpp"

/// One column chunk's pages (dictionary, data v1 and v2) decoded and appended to its Column.
namespace cairn::parquet {

/// A top-level column: its name, whether it may hold nulls, and how its values read.
struct ColumnSpec {
  std::string name;
  bool optional = false;
  ValueType value;
};

/// Decodes the chunk found at its offsets in `file` (`data_end`: where the footer begins) and
/// appends its `rows` values to `out`.
Status read_column_chunk(std::string_view file, std::size_t data_end, const ColumnChunk& chunk, const ColumnSpec& spec,
                         std::size_t rows, Budget& budget, Column& out);

}  // namespace cairn::parquet
