#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "http/request.hpp"
#include "storage/pagination.hpp"

/// Reading and validating what clients send. Every failure names the field at fault.
namespace cairn::api {

/// A parsed JSON object body. An empty body reads as {}.
class JsonBody {
 public:
  /// 400 for malformed JSON or a body that is not an object.
  static Result<JsonBody> parse(const std::string& body);

  bool has(std::string_view field) const;
  /// 422 when missing, not a string, or its length (in characters) is out of [min, max].
  Result<std::string> required_string(std::string_view field, std::size_t min, std::size_t max) const;
  Result<std::optional<std::string>> optional_string(std::string_view field, std::size_t min, std::size_t max) const;
  Result<std::optional<int64_t>> optional_int(std::string_view field, int64_t min, int64_t max) const;
  /// A string out of `allowed` (422 naming the allowed values otherwise).
  Result<std::optional<std::string>> optional_enum(std::string_view field,
                                                   const std::vector<std::string>& allowed) const;
  Result<std::vector<std::string>> required_string_array(std::string_view field, std::size_t min_items,
                                                         std::size_t max_items, std::size_t max_length) const;
  /// 422 naming the first field that is not one of `fields` (a body with additionalProperties: false).
  Status allow_only(std::initializer_list<std::string_view> fields) const;
  /// 422 naming the first field given as null (for bodies whose fields are never nullable: the
  /// other readers take a null as not given).
  Status reject_nulls() const;
  const nlohmann::json& json() const { return json_; }

 private:
  explicit JsonBody(nlohmann::json json) : json_(std::move(json)) {}
  nlohmann::json json_;
};

/// Lowercased and checked email address (422 on "email" or `field`).
Result<std::string> validate_email(std::string_view email, std::string_view field = "email");
/// Password rules: 8..128 characters.
Status validate_password(std::string_view password, std::string_view field);
/// Slug rules: 2..50 of [a-z0-9-], starting and ending alphanumeric.
Status validate_slug(std::string_view slug, std::string_view field = "slug");
/// A slug made from a name ("My Team!" -> "my-team"), padded to be valid.
std::string slugify(std::string_view name);
/// Whether `text` has the shape of a Cairn id (32 lowercase hex characters).
bool is_id(std::string_view text);
/// Number of UTF-8 code points.
std::size_t utf8_length(std::string_view text);

/// Reads `limit` (1..200, default 50), `cursor` and `sort` (default `default_sort`) from the query.
Result<storage::PageRequest> page_request(const http::Request& req, std::string_view default_sort);
/// An optional integer query parameter (400 naming it when not an integer).
Result<std::optional<int64_t>> query_int(const http::Request& req, std::string_view name);
/// The latest time a range may name: the end of year 9999 in ms since the epoch. Ranges do arithmetic
/// on their ends (a default start an hour before the end), which must not overflow.
inline constexpr int64_t kMaxTimeMs = 253'402'300'799'999;
/// A time query parameter in ms since the epoch, 0..kMaxTimeMs; otherwise a 400 naming it.
Result<std::optional<int64_t>> query_time_ms(const http::Request& req, std::string_view name);
/// A boolean query parameter: absent is `fallback`; "true" or "false", anything else a 400 naming it.
Result<bool> query_bool(const http::Request& req, std::string_view name, bool fallback);

}  // namespace cairn::api
