#include "storage/sql_where.hpp"

namespace cairn::storage {

SqlWhere& SqlWhere::add(std::string_view condition, std::vector<Value> values) {
  conditions_ += conditions_.empty() ? " WHERE " : " AND ";
  conditions_ += condition;
  condition_values_.insert(condition_values_.end(), std::make_move_iterator(values.begin()),
                           std::make_move_iterator(values.end()));
  return *this;
}

SqlWhere& SqlWhere::add_in(std::string_view column, const std::vector<std::string>& values) {
  if (values.empty()) return add("1 = 0");
  std::vector<Value> bound;
  std::string list = in_list(values, bound);
  return add(std::string(column) + " IN " + list, std::move(bound));
}

SqlWhere& SqlWhere::keyset_page(const SortColumn& sort, std::string_view id_sql, const PageRequest& page) {
  // keyset_sql's condition (" AND (...)", empty on the first page) binds every value but the
  // last, which is the LIMIT of its ORDER BY.
  KeysetSql keyset = keyset_sql(sort, id_sql, page);
  Value limit = std::move(keyset.params.back());
  keyset.params.pop_back();
  if (!keyset.where.empty()) {
    constexpr std::string_view kAnd = " AND ";
    add(keyset.where.substr(kAnd.size()), std::move(keyset.params));
  }
  order_ = std::move(keyset.order_limit);
  order_values_ = {std::move(limit)};
  return *this;
}

SqlWhere& SqlWhere::offset_page(std::string_view order, int64_t limit, int64_t offset) {
  order_ = " ORDER BY " + std::string(order) + " LIMIT ? OFFSET ?";
  order_values_ = {limit + 1, offset};
  return *this;
}

SqlWhere& SqlWhere::order_limit(std::string_view order, int64_t limit) {
  order_ = " ORDER BY " + std::string(order) + " LIMIT ?";
  order_values_ = {limit};
  return *this;
}

SqlWhere& SqlWhere::order_by(std::string_view order) {
  order_ = " ORDER BY " + std::string(order);
  order_values_.clear();
  return *this;
}

SqlStatement SqlWhere::statement(std::string_view head, std::vector<Value> head_values) const {
  SqlStatement out{std::string(head) + conditions_ + order_, std::move(head_values)};
  out.params.insert(out.params.end(), condition_values_.begin(), condition_values_.end());
  out.params.insert(out.params.end(), order_values_.begin(), order_values_.end());
  return out;
}

Result<Rows> SqlWhere::query(Connection& c, std::string_view head, std::vector<Value> head_values) const {
  auto s = statement(head, std::move(head_values));
  return c.query(s.sql, s.params);
}

}  // namespace cairn::storage
