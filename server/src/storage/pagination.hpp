#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace cairn::storage {

/// A sortable column of a list: the API name, the SQL expression, and whether it is text.
struct SortColumn {
  std::string_view name;  ///< as in `?sort=name` / `?sort=-name`
  std::string_view sql;   ///< e.g. "p.name"
  bool is_text = false;
};

/// Where a page starts: the sort value and id of the last row of the previous page. Opaque to
/// clients (base64url JSON), bound to the sort it was made for.
struct Cursor {
  std::string sort;  ///< e.g. "-created_at"
  Value value;
  std::string id;
};

struct PageRequest {
  int limit = 50;
  std::string sort;  ///< "name" or "-name"
  std::optional<Cursor> after;
};

std::string encode_cursor(const Cursor& cursor);
/// Offset page tokens (MLflow's style, also used by run searches): base64url JSON {"offset": n}.
std::string encode_offset_token(int64_t offset);
/// The offset of a token, or nullopt when it is not one. `accept_standard_base64` also takes
/// tokens written with the standard base64 alphabet (what MLflow's own server issues).
std::optional<int64_t> decode_offset_token(std::string_view token, bool accept_standard_base64);

/// A 400 naming `cursor` when the text is not a cursor, or was made for another sort.
Result<Cursor> decode_cursor(std::string_view text, std::string_view expected_sort);

/// SQL pieces for keyset pagination (the stores use them through SqlWhere::keyset_page, and sort
/// by a Listing's keys: listing.hpp): `where` (starts with " AND ", may be empty), its params, and
/// `order_limit` (" ORDER BY ... LIMIT ?", fetching one row more than the page to know if another
/// follows). `id_sql` is the tie-breaking unique column.
struct KeysetSql {
  std::string where;
  std::vector<Value> params;
  std::string order_limit;
};
KeysetSql keyset_sql(const SortColumn& column, std::string_view id_sql, const PageRequest& page);

/// Escapes %, _ and \ for a LIKE pattern used with ESCAPE '\'.
std::string like_escape(std::string_view text);

}  // namespace cairn::storage
