#include "storage/tracking/filter_sql.hpp"

namespace cairn::storage::filter_sql {
namespace {

using search::Comparator;

// MLflow's LIKE is case-sensitive; SQLite's is not, so SQLite uses GLOB with the pattern
// translated (% -> *, _ -> ?, GLOB's own metacharacters bracketed).
std::string like_to_glob(const std::string& pattern) {
  std::string out;
  for (char ch : pattern) {
    if (ch == '%')
      out += '*';
    else if (ch == '_')
      out += '?';
    else if (ch == '*' || ch == '?' || ch == '[')
      out += std::string("[") + ch + "]";
    else
      out += ch;
  }
  return out;
}

}  // namespace

const char* comparison_operator(Comparator op) {
  switch (op) {
    case Comparator::eq:
      return "=";
    case Comparator::ne:
      return "<>";
    case Comparator::lt:
      return "<";
    case Comparator::le:
      return "<=";
    case Comparator::gt:
      return ">";
    case Comparator::ge:
      return ">=";
    default:
      return "=";
  }
}

std::string comparison_text(const search::Comparison& cmp) {
  if (const auto* s = std::get_if<std::string>(&cmp.value)) return *s;
  if (const auto* d = std::get_if<double>(&cmp.value)) {
    // A number given for a string field: compare its shortest text form.
    std::string out = std::to_string(*d);
    while (out.find('.') != std::string::npos && (out.back() == '0' || out.back() == '.')) {
      bool dot = out.back() == '.';
      out.pop_back();
      if (dot) break;
    }
    return out;
  }
  return {};
}

Status text_condition(Dialect dialect, std::string& sql, std::vector<Value>& params, const std::string& column,
                      const search::Comparison& cmp) {
  switch (cmp.op) {
    case Comparator::like:
      if (dialect == Dialect::sqlite) {
        sql += column + " GLOB ?";
        params.emplace_back(like_to_glob(comparison_text(cmp)));
      } else {
        sql += column + " LIKE ?";
        params.emplace_back(comparison_text(cmp));
      }
      return {};
    case Comparator::ilike:
      sql += "lower(" + column + ") LIKE lower(?)";
      params.emplace_back(comparison_text(cmp));
      return {};
    case Comparator::in:
    case Comparator::not_in: {
      const auto* list = std::get_if<std::vector<std::string>>(&cmp.value);
      if (!list || list->empty()) return Error::bad_request("IN needs a non-empty list", "filter");
      sql += column + (cmp.op == Comparator::in ? " IN " : " NOT IN ") + in_list(*list, params);
      return {};
    }
    case Comparator::is_null:
    case Comparator::is_not_null:
      return Error::bad_request("IS NULL is not supported here", "filter");
    default:
      sql += column + " " + comparison_operator(cmp.op) + " ?";
      params.emplace_back(comparison_text(cmp));
      return {};
  }
}

}  // namespace cairn::storage::filter_sql
