#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// A CSV body (RFC 4180 as pandas.DataFrame.to_csv writes it) read into a header and row-major
/// cells that point into the body, so a request is never copied cell by cell.
namespace cairn::serving {

struct CsvTable {
  std::vector<std::string> header;      ///< an empty header cell is named "Unnamed: i", as pandas does
  std::vector<std::string_view> cells;  ///< rows() x header.size(), row-major
  std::deque<std::string> unescaped;    ///< storage for quoted cells holding "" escapes
  size_t rows() const { return header.empty() ? 0 : cells.size() / header.size(); }
  std::string_view at(size_t row, size_t column) const { return cells[row * header.size() + column]; }
};

/// Reads `body`: the first line is the header; blank lines are skipped; a row with a different
/// number of cells, an unterminated quote or a missing header is a bad request.
Result<CsvTable> read_csv(std::string_view body);

}  // namespace cairn::serving
