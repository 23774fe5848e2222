#include "serving/csv_reader.hpp"

namespace cairn::serving {

namespace {

/// Reads one record starting at `at`; appends its cells to `out`. Returns false at the end.
Result<bool> read_record(std::string_view body, size_t& at, std::vector<std::string_view>& out,
                         std::deque<std::string>& unescaped) {
  while (at < body.size() && (body[at] == '\n' || body[at] == '\r')) ++at;  // blank lines
  if (at >= body.size()) return false;
  while (true) {
    if (at < body.size() && body[at] == '"') {
      size_t begin = ++at;
      bool escaped = false;
      while (true) {
        if (at >= body.size()) return Error::bad_request("malformed CSV: an unterminated quoted value");
        if (body[at] == '"') {
          if (at + 1 < body.size() && body[at + 1] == '"') {
            escaped = true;
            at += 2;
            continue;
          }
          break;
        }
        ++at;
      }
      std::string_view raw = body.substr(begin, at - begin);
      ++at;  // closing quote
      if (escaped) {
        std::string s;
        s.reserve(raw.size());
        for (size_t i = 0; i < raw.size(); ++i) {
          s += raw[i];
          if (raw[i] == '"') ++i;
        }
        unescaped.push_back(std::move(s));
        out.push_back(unescaped.back());
      } else {
        out.push_back(raw);
      }
      if (at < body.size() && body[at] != ',' && body[at] != '\n' && body[at] != '\r')
        return Error::bad_request("malformed CSV: text after a closing quote");
    } else {
      size_t begin = at;
      while (at < body.size() && body[at] != ',' && body[at] != '\n' && body[at] != '\r') ++at;
      out.push_back(body.substr(begin, at - begin));
    }
    if (at < body.size() && body[at] == ',') {
      ++at;
      continue;
    }
    if (at < body.size() && body[at] == '\r') ++at;
    if (at < body.size() && body[at] == '\n') ++at;
    return true;
  }
}

}  // namespace

Result<CsvTable> read_csv(std::string_view body) {
  CsvTable table;
  size_t at = 0;
  std::vector<std::string_view> header;
  CAIRN_TRY_ASSIGN(bool any, read_record(body, at, header, table.unescaped));
  if (!any) return Error::bad_request("empty input: the CSV body has no header row");
  for (size_t i = 0; i < header.size(); ++i)
    table.header.push_back(header[i].empty() ? "Unnamed: " + std::to_string(i) : std::string(header[i]));
  size_t row = 0;
  while (true) {
    size_t before = table.cells.size();
    CAIRN_TRY_ASSIGN(bool more, read_record(body, at, table.cells, table.unescaped));
    if (!more) break;
    size_t n = table.cells.size() - before;
    if (n != header.size())
      return Error::bad_request("malformed CSV: row " + std::to_string(row) + " has " + std::to_string(n) +
                                " values, the header has " + std::to_string(header.size()));
    ++row;
  }
  return table;
}

}  // namespace cairn::serving
