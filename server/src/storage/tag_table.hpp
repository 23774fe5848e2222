#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace cairn::storage {

/// Tags as key/value pairs, in key order where they are read.
using TagList = std::vector<std::pair<std::string, std::string>>;

/// A table of key/value tags owned by rows of another table: `(owner columns..., key, value)`
/// with the primary key `(owner columns..., key)`. Experiments, runs, registered models, model
/// versions and logged models each have one, and each had its own copy of the same upsert,
/// delete and load; they differ only in the table and owner columns, named here.
class TagTable {
 public:
  /// The values of an owner's columns, in the order of `owner_columns`.
  using Owner = std::vector<Value>;

  TagTable(std::string_view table, std::initializer_list<std::string_view> owner_columns);

  /// Inserts the tag or replaces its value.
  Status set(Connection& c, const Owner& owner, const std::string& key, const std::string& value) const;
  /// Whether the owner had the tag.
  Result<bool> remove(Connection& c, const Owner& owner, const std::string& key) const;
  /// The tags of each owner in one query, by key: `result[i]` belongs to `owners[i]`.
  Result<std::vector<TagList>> load(Connection& c, const std::vector<Owner>& owners) const;
  /// load() for one owner.
  Result<TagList> load_one(Connection& c, const Owner& owner) const;

 private:
  std::string table_;
  std::vector<std::string> owner_columns_;
  std::string upsert_sql_;
  std::string delete_sql_;
};

}  // namespace cairn::storage
