#include "api/json_input.hpp"

#include <algorithm>
#include <charconv>

#include "common/json_number.hpp"

namespace cairn::api {

bool is_id(std::string_view text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

Result<JsonBody> JsonBody::parse(const std::string& body) {
  if (body.empty()) return JsonBody(nlohmann::json::object());
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) return Error::bad_request("request body is not valid JSON");
  if (!json.is_object()) return Error::bad_request("request body must be a JSON object");
  return JsonBody(std::move(json));
}

bool JsonBody::has(std::string_view field) const {
  auto it = json_.find(field);
  return it != json_.end() && !it->is_null();
}

namespace {

std::string f(std::string_view field) {
  return std::string(field);
}

Result<std::string> check_length(std::string_view field, std::string value, std::size_t min, std::size_t max) {
  const auto length = utf8_length(value);
  if (length < min) {
    return Error::validation(f(field), min == 1
                                           ? f(field) + " must not be empty"
                                           : f(field) + " must be at least " + std::to_string(min) + " characters");
  }
  if (length > max)
    return Error::validation(f(field), f(field) + " must be at most " + std::to_string(max) + " characters");
  return value;
}

}  // namespace

Status JsonBody::allow_only(std::initializer_list<std::string_view> fields) const {
  for (const auto& [key, value] : json_.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end())
      return Error::validation(key, key + " is not a field of this request");
  }
  return {};
}

Status JsonBody::reject_nulls() const {
  for (const auto& [key, value] : json_.items()) {
    if (value.is_null()) return Error::validation(key, key + " must not be null (leave it out instead)");
  }
  return {};
}

Result<std::string> JsonBody::required_string(std::string_view field, std::size_t min, std::size_t max) const {
  if (!has(field)) return Error::validation(f(field), f(field) + " is required");
  const auto& v = json_.at(std::string(field));
  if (!v.is_string()) return Error::validation(f(field), f(field) + " must be a string");
  return check_length(field, v.get<std::string>(), min, max);
}

Result<std::optional<std::string>> JsonBody::optional_string(std::string_view field, std::size_t min,
                                                             std::size_t max) const {
  if (!has(field)) return std::optional<std::string>{};
  CAIRN_TRY_ASSIGN(auto value, required_string(field, min, max));
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<int64_t>> JsonBody::optional_int(std::string_view field, int64_t min, int64_t max) const {
  if (!has(field)) return std::optional<int64_t>{};
  const auto& v = json_.at(std::string(field));
  if (!v.is_number()) return Error::validation(f(field), f(field) + " must be an integer");
  const auto whole = whole_number(v);
  if (!whole) {
    const bool fractional =
        v.is_number_float() && std::isfinite(v.get<double>()) && std::trunc(v.get<double>()) != v.get<double>();
    return Error::validation(f(field), f(field) + (fractional ? " must be an integer" : " is out of range"));
  }
  const int64_t n = *whole;
  if (n < min || n > max) {
    return Error::validation(f(field),
                             f(field) + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return std::optional<int64_t>(n);
}

Result<std::optional<std::string>> JsonBody::optional_enum(std::string_view field,
                                                           const std::vector<std::string>& allowed) const {
  if (!has(field)) return std::optional<std::string>{};
  const auto& v = json_.at(std::string(field));
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  if (!v.is_string()) return Error::validation(f(field), f(field) + " must be one of: " + list);
  auto value = v.get<std::string>();
  for (const auto& a : allowed) {
    if (a == value) return std::optional<std::string>(value);
  }
  return Error::validation(f(field), f(field) + " must be one of: " + list);
}

Result<std::vector<std::string>> JsonBody::required_string_array(std::string_view field, std::size_t min_items,
                                                                 std::size_t max_items, std::size_t max_length) const {
  if (!has(field)) return Error::validation(f(field), f(field) + " is required");
  const auto& v = json_.at(std::string(field));
  if (!v.is_array()) return Error::validation(f(field), f(field) + " must be an array of strings");
  if (v.size() < min_items)
    return Error::validation(f(field), f(field) + " must have at least " + std::to_string(min_items) + " item(s)");
  if (v.size() > max_items)
    return Error::validation(f(field), f(field) + " must have at most " + std::to_string(max_items) + " items");
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) return Error::validation(f(field), f(field) + " must be an array of strings");
    if (item.get<std::string>().size() > max_length)
      return Error::validation(f(field), f(field) + " has an over-long item");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::string> validate_email(std::string_view email, std::string_view field) {
  if (email.size() > 254) return Error::validation(f(field), f(field) + " must be at most 254 characters");
  const auto at = email.find('@');
  const bool shaped = at != std::string_view::npos && at > 0 && at == email.rfind('@') && at + 1 < email.size() &&
                      email.substr(at + 1).find('.') != std::string_view::npos && !email.ends_with('.');
  if (!shaped) return Error::validation(f(field), f(field) + " is not a valid email address");
  std::string out;
  for (char c : email) {
    // Control characters, spaces and angle brackets have no place in an address (and would
    // let a value smuggle SMTP headers).
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == '"' || c == '\\' || c == 0x7f) {
      return Error::validation(f(field), f(field) + " is not a valid email address");
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

Status validate_password(std::string_view password, std::string_view field) {
  const auto n = utf8_length(password);
  if (n < 8) return Error::validation(f(field), f(field) + " must be at least 8 characters");
  if (n > 128) return Error::validation(f(field), f(field) + " must be at most 128 characters");
  return {};
}

Status validate_slug(std::string_view slug, std::string_view field) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool ok = slug.size() >= 2 && slug.size() <= 50 && alnum(slug.front()) && alnum(slug.back());
  for (char c : slug) ok = ok && (alnum(c) || c == '-');
  if (!ok) {
    return Error::validation(
        f(field),
        f(field) + " must be 2-50 characters of a-z, 0-9 and '-', starting and ending with a letter or digit");
  }
  return {};
}

std::string slugify(std::string_view name) {
  std::string out;
  for (char c : name) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      out.push_back(lower);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
    if (out.size() >= 50) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  while (out.size() < 2) out += "x";
  return out;
}

Result<std::optional<int64_t>> query_int(const http::Request& req, std::string_view name) {
  auto text = req.query(name);
  if (!text) return std::optional<int64_t>{};
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Error::bad_request(f(name) + " must be an integer", f(name));
  }
  return std::optional<int64_t>(value);
}

Result<std::optional<int64_t>> query_time_ms(const http::Request& req, std::string_view name) {
  CAIRN_TRY_ASSIGN(auto value, query_int(req, name));
  if (value && (*value < 0 || *value > kMaxTimeMs)) {
    return Error::bad_request(
        f(name) + " must be a time in ms since the epoch, from 0 to " + std::to_string(kMaxTimeMs), f(name));
  }
  return value;
}

Result<bool> query_bool(const http::Request& req, std::string_view name, bool fallback) {
  auto text = req.query(name);
  if (!text) return fallback;
  if (*text == "true") return true;
  if (*text == "false") return false;
  return Error::bad_request(f(name) + " must be true or false", f(name));
}

Result<storage::PageRequest> page_request(const http::Request& req, std::string_view default_sort) {
  storage::PageRequest page;
  CAIRN_TRY_ASSIGN(auto limit, query_int(req, "limit"));
  if (limit) {
    if (*limit < 1 || *limit > 200) return Error::bad_request("limit must be between 1 and 200", "limit");
    page.limit = static_cast<int>(*limit);
  }
  page.sort = req.query("sort").value_or(std::string(default_sort));
  if (page.sort.empty() || page.sort.size() > 64) return Error::bad_request("sort is not a sortable field", "sort");
  if (auto cursor = req.query("cursor")) {
    // The contract says minLength 1: an empty cursor is a client bug, not "the first page".
    if (cursor->empty() || cursor->size() > 1024)
      return Error::bad_request("cursor is not valid for this list", "cursor");
    CAIRN_TRY_ASSIGN(auto decoded, storage::decode_cursor(*cursor, page.sort));
    page.after = std::move(decoded);
  }
  return page;
}

}  // namespace cairn::api
