#include "storage/postgres/postgres_values.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cairn::storage::postgres {
namespace {

// From the server's catalog/pg_type_d.h, which libpq-dev does not ship; these OIDs are fixed.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

double parse_double(std::string_view text) {
  double out = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range) {
    // Only numeric can exceed a double; strtod saturates to +/-HUGE_VAL or underflows to 0,
    // and numeric's output never depends on the locale's decimal point for the integer part.
    return std::strtod(std::string(text).c_str(), nullptr);
  }
  return out;
}

}  // namespace

std::optional<std::string> encode_param(const Value& value) {
  if (auto n = std::get_if<int64_t>(&value)) return std::to_string(*n);
  if (auto d = std::get_if<double>(&value)) {
    if (std::isnan(*d)) return "NaN";
    if (std::isinf(*d)) return *d > 0 ? "Infinity" : "-Infinity";
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, end);
  }
  if (auto s = std::get_if<std::string>(&value)) return *s;
  return std::nullopt;
}

Value decode_column(Oid type, std::string_view text) {
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t out = 0;
      std::from_chars(text.data(), text.data() + text.size(), out);
      return out;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return parse_double(text);
    case kBoolOid:
      return static_cast<int64_t>(text == "t" ? 1 : 0);
    default:
      return std::string(text);
  }
}

}  // namespace cairn::storage::postgres
