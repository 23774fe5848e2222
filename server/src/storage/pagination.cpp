#include "storage/pagination.hpp"

#include <nlohmann/json.hpp>

#include "common/crypto.hpp"

namespace cairn::storage {

std::string encode_cursor(const Cursor& cursor) {
  nlohmann::json j = {{"s", cursor.sort}, {"i", cursor.id}};
  if (auto n = std::get_if<int64_t>(&cursor.value))
    j["v"] = *n;
  else if (auto s = std::get_if<std::string>(&cursor.value))
    j["v"] = *s;
  else if (auto d = std::get_if<double>(&cursor.value))
    j["v"] = *d;
  else
    j["v"] = nullptr;
  return crypto::base64url_encode(j.dump());
}

Result<Cursor> decode_cursor(std::string_view text, std::string_view expected_sort) {
  auto invalid = [] { return Error::bad_request("cursor is not valid for this list", "cursor"); };
  auto raw = crypto::base64url_decode(text);
  if (!raw) return invalid();
  auto j = nlohmann::json::parse(*raw, nullptr, false);
  if (!j.is_object() || !j.contains("s") || !j["s"].is_string() || !j.contains("i") || !j["i"].is_string() ||
      !j.contains("v")) {
    return invalid();
  }
  if (j["s"].get<std::string>() != expected_sort) {
    return Error::bad_request("cursor was made for another sort order", "cursor");
  }
  Cursor cursor;
  cursor.sort = j["s"].get<std::string>();
  cursor.id = j["i"].get<std::string>();
  const auto& v = j["v"];
  if (v.is_number_integer())
    cursor.value = v.get<int64_t>();
  else if (v.is_number())
    cursor.value = v.get<double>();
  else if (v.is_string())
    cursor.value = v.get<std::string>();
  else if (!v.is_null())
    return invalid();
  return cursor;
}

std::string encode_offset_token(int64_t offset) {
  return crypto::base64url_encode(nlohmann::json({{"offset", offset}}).dump());
}

std::optional<int64_t> decode_offset_token(std::string_view token, bool accept_standard_base64) {
  auto raw = crypto::base64url_decode(token);
  if (!raw && accept_standard_base64) raw = crypto::base64_decode(token);
  if (!raw) return std::nullopt;
  auto json = nlohmann::json::parse(*raw, nullptr, false);
  if (!json.is_object() || !json.contains("offset") || !json["offset"].is_number_integer()) return std::nullopt;
  const int64_t offset = json["offset"].get<int64_t>();
  if (offset < 0) return std::nullopt;
  return offset;
}

KeysetSql keyset_sql(const SortColumn& column, std::string_view id_sql, const PageRequest& page) {
  const bool descending = page.sort.starts_with('-');
  const char* cmp = descending ? "<" : ">";
  const char* dir = descending ? " DESC" : " ASC";
  KeysetSql out;
  if (page.after) {
    out.where = " AND (" + std::string(column.sql) + " " + cmp + " ? OR (" + std::string(column.sql) + " = ? AND " +
                std::string(id_sql) + " " + cmp + " ?))";
    out.params = {page.after->value, page.after->value, page.after->id};
  }
  out.order_limit = " ORDER BY " + std::string(column.sql) + dir + ", " + std::string(id_sql) + dir + " LIMIT ?";
  out.params.push_back(static_cast<int64_t>(page.limit + 1));
  return out;
}

std::string like_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace cairn::storage
