#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/pagination.hpp"

namespace cairn::storage {

/// One sortable field of a list of `Record`s: the SQL column a page is ordered and continued by
/// (the SortColumn), the reader of the same value from a record, which the next page's cursor
/// holds, and the list's tie-breaking id, column and reader alike (set by Listing). The cursor is
/// read from a record and compared in SQL, so each column and its reader must agree: they are
/// defined together, once per list, where they used to be a column here and a name-to-field
/// lambda in the service.
template <class Record>
struct SortKey : SortColumn {
  std::function<Value(const Record&)> value_of;
  std::string_view id_sql;
  std::string Record::*id = nullptr;
};

/// A sort key on a member of the record (text when the member is a string):
/// `sort_key("name", "p.name", &ProjectRecord::name)`.
template <class Record, class Field>
SortKey<Record> sort_key(std::string_view name, std::string_view sql, Field Record::*member) {
  SortKey<Record> key;
  key.name = name;
  key.sql = sql;
  key.is_text = std::is_same_v<Field, std::string>;
  key.value_of = [member](const Record& record) { return Value(record.*member); };
  return key;
}

/// The sortable fields of one list and its tie-breaking unique id (`id_sql` in SQL, `id` in the
/// record: `&Record::id` unless the record names it otherwise).
template <class Record>
class Listing {
 public:
  Listing(std::vector<SortKey<Record>> keys, std::string_view id_sql, std::string Record::*id = &Record::id)
      : keys_(std::move(keys)) {
    for (auto& key : keys_) {
      key.id_sql = id_sql;
      key.id = id;
    }
  }

  /// The key a sort names ("name" or "-name"); nullptr when the list has none of that name.
  const SortKey<Record>* find(std::string_view sort) const {
    if (sort.starts_with('-')) sort.remove_prefix(1);
    for (const auto& key : keys_) {
      if (key.name == sort) return &key;
    }
    return nullptr;
  }
  const std::vector<SortKey<Record>>& keys() const { return keys_; }

 private:
  std::vector<SortKey<Record>> keys_;
};

template <class Record>
const SortKey<Record>* find_sort(const Listing<Record>& listing, std::string_view sort) {
  return listing.find(sort);
}

/// Trims the extra row a keyset page fetched and returns the cursor of the next page, if any:
/// the sort value and id of the page's last record.
template <class Record>
std::optional<std::string> finish_page(std::vector<Record>& items, const PageRequest& page,
                                       const SortKey<Record>& key) {
  if (static_cast<int>(items.size()) <= page.limit) return std::nullopt;
  items.resize(page.limit);
  const Record& last = items.back();
  return encode_cursor(Cursor{page.sort, key.value_of(last), last.*key.id});
}

/// The offset-page counterpart: trims the extra row an offset page fetched (SqlWhere::offset_page
/// reads `limit + 1`) and returns the offset of the next page, if there is one.
template <class Record>
std::optional<int64_t> trim_offset_page(std::vector<Record>& items, int64_t offset, int64_t limit) {
  if (static_cast<int64_t>(items.size()) <= limit) return std::nullopt;
  items.resize(static_cast<std::size_t>(limit));
  return offset + limit;
}

}  // namespace cairn::storage
