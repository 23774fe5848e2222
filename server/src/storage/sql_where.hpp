#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/database.hpp"
#include "storage/listing.hpp"
#include "storage/pagination.hpp"

namespace cairn::storage {

/// SQL text and the values its `?` placeholders bind, in order.
struct SqlStatement {
  std::string sql;
  std::vector<Value> params;
};

/// The WHERE clause and the page of a query, built one condition at a time, each condition
/// together with the values its `?`s bind. Stores grew the SQL text and a parallel params vector
/// by hand (`sql += " AND x = ?"` in one line, `params.push_back` in the next), which drift apart
/// silently when one side is edited; here they go in together and come out in order.
/// Placeholders stay `?` in both dialects: the PostgreSQL connection numbers them.
class SqlWhere {
 public:
  /// A condition with as many `?` as `values`. Conditions are joined by AND, so one with OR at
  /// its top level brings its own parentheses.
  SqlWhere& add(std::string_view condition, std::vector<Value> values = {});
  /// add() when `value` is set, binding it to the condition's one `?`.
  template <class T>
  SqlWhere& add_if(const std::optional<T>& value, std::string_view condition) {
    if (value) add(condition, {Value(*value)});
    return *this;
  }
  /// `column IN (?, ...)` over `values`; with none, a condition no row meets.
  SqlWhere& add_in(std::string_view column, const std::vector<std::string>& values);

  // The page or order below ends the statement; each call replaces the one before.

  /// A keyset page (pagination.hpp): its condition joins the others, and ORDER BY the sort and
  /// `id_sql` with LIMIT ends the statement, fetching one row more than the page.
  SqlWhere& keyset_page(const SortColumn& sort, std::string_view id_sql, const PageRequest& page);
  /// keyset_page by a list's sort key, which knows the list's id column.
  template <class Record>
  SqlWhere& keyset_page(const SortKey<Record>& sort, const PageRequest& page) {
    return keyset_page(sort, sort.id_sql, page);
  }
  /// An offset page: ORDER BY `order` LIMIT ? OFFSET ?, fetching `limit + 1` rows so the caller
  /// can tell whether another page follows.
  SqlWhere& offset_page(std::string_view order, int64_t limit, int64_t offset);
  /// ORDER BY `order` LIMIT ?: the first `limit` rows, for lists that are not paged.
  SqlWhere& order_limit(std::string_view order, int64_t limit);
  /// ORDER BY `order`, every row.
  SqlWhere& order_by(std::string_view order);

  /// `head` (SELECT ... FROM ... and joins, whose `?`s bind `head_values`), then the WHERE clause,
  /// then the page.
  SqlStatement statement(std::string_view head, std::vector<Value> head_values = {}) const;
  /// Runs statement(head, head_values) on `c`.
  Result<Rows> query(Connection& c, std::string_view head, std::vector<Value> head_values = {}) const;

 private:
  std::string conditions_;
  std::vector<Value> condition_values_;
  std::string order_;
  std::vector<Value> order_values_;
};

}  // namespace cairn::storage
