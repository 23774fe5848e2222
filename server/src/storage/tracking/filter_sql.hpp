#pragma once

#include <string>
#include <vector>

#include "search/search_filter.hpp"
#include "storage/database.hpp"

/// SQL for the comparisons of MLflow's filter language (search/search_filter), shared by the
/// searches of runs and of logged models.
namespace cairn::storage::filter_sql {

/// "=", "<>", "<", "<=", ">", ">=" for the ordering comparators ("=" for any other).
const char* comparison_operator(search::Comparator op);

/// The comparison's value as text; a number given for a text field in its shortest form.
std::string comparison_text(const search::Comparison& cmp);

/// Appends `column <op> ?` for a text column (already qualified) and binds the value: LIKE is
/// case-sensitive on both dialects, as MLflow's (SQLite through GLOB), ILIKE is not, IN / NOT IN
/// take a non-empty list. IS [NOT] NULL is the caller's (bad_request here).
Status text_condition(Dialect dialect, std::string& sql, std::vector<Value>& params, const std::string& column,
                      const search::Comparison& cmp);

}  // namespace cairn::storage::filter_sql
