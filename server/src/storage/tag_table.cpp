#include "storage/tag_table.hpp"

#include <map>

#include "storage/sql_where.hpp"

namespace cairn::storage {

TagTable::TagTable(std::string_view table, std::initializer_list<std::string_view> owner_columns)
    : table_(table), owner_columns_(owner_columns.begin(), owner_columns.end()) {
  std::string columns;
  std::string placeholders;
  std::string owner_match;
  for (const auto& column : owner_columns_) {
    columns += column + ", ";
    placeholders += "?, ";
    owner_match += column + " = ? AND ";
  }
  upsert_sql_ = "INSERT INTO " + table_ + " (" + columns + "key, value) VALUES (" + placeholders + "?, ?)" +
                " ON CONFLICT (" + columns + "key) DO UPDATE SET value = excluded.value";
  delete_sql_ = "DELETE FROM " + table_ + " WHERE " + owner_match + "key = ?";
}

Status TagTable::set(Connection& c, const Owner& owner, const std::string& key, const std::string& value) const {
  std::vector<Value> params = owner;
  params.emplace_back(key);
  params.emplace_back(value);
  return as_status(c.execute(upsert_sql_, params));
}

Result<bool> TagTable::remove(Connection& c, const Owner& owner, const std::string& key) const {
  std::vector<Value> params = owner;
  params.emplace_back(key);
  CAIRN_TRY_ASSIGN(auto removed, c.execute(delete_sql_, params));
  return removed > 0;
}

Result<std::vector<TagList>> TagTable::load(Connection& c, const std::vector<Owner>& owners) const {
  std::vector<TagList> out(owners.size());
  if (owners.empty()) return out;
  // Rows find their owner by the owner columns they carry.
  std::map<Owner, std::vector<std::size_t>> index;
  for (std::size_t i = 0; i < owners.size(); ++i) index[owners[i]].push_back(i);

  std::string select = "SELECT ";
  for (const auto& column : owner_columns_) select += column + ", ";
  select += "key, value FROM " + table_;
  SqlWhere where;
  if (owner_columns_.size() == 1) {
    std::string in = owner_columns_[0] + " IN (";
    std::vector<Value> values;
    for (const auto& owner : owners) {
      in += values.empty() ? "?" : ", ?";
      values.push_back(owner.at(0));
    }
    where.add(in + ")", std::move(values));
  } else {
    std::string any_owner;
    std::vector<Value> values;
    for (const auto& owner : owners) {
      std::string match;
      for (std::size_t k = 0; k < owner_columns_.size(); ++k) {
        match += (k ? " AND " : "") + owner_columns_[k] + " = ?";
        values.push_back(owner.at(k));
      }
      any_owner += (any_owner.empty() ? "(" : " OR (") + match + ")";
    }
    where.add("(" + any_owner + ")", std::move(values));
  }
  where.order_by("key");
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, select));

  const std::size_t width = owner_columns_.size();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row row = rows[r];
    Owner owner(rows.data[r].begin(), rows.data[r].begin() + static_cast<std::ptrdiff_t>(width));
    auto found = index.find(owner);
    if (found == index.end()) continue;
    for (std::size_t i : found->second) out[i].emplace_back(row.text(width), row.text(width + 1));
  }
  return out;
}

Result<TagList> TagTable::load_one(Connection& c, const Owner& owner) const {
  CAIRN_TRY_ASSIGN(auto tags, load(c, {owner}));
  return std::move(tags.front());
}

}  // namespace cairn::storage
