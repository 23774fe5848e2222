#include "storage/postgres/postgres_values.hpp"

#include <bit>
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
constexpr Oid kNameOid = 19;
constexpr Oid kTextOid = 25;
constexpr Oid kBpcharOid = 1042;
constexpr Oid kVarcharOid = 1043;

// Binary results are network byte order (big-endian).
template <class T>
T big_endian(std::string_view bytes) {
  std::make_unsigned_t<T> out = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) out = (out << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<T>(out);
}

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

bool has_binary_form(Oid type) {
  switch (type) {
    case kBoolOid:
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
    case kFloat4Oid:
    case kFloat8Oid:
    case kNameOid:
    case kTextOid:
    case kBpcharOid:
    case kVarcharOid:
      return true;
    default:
      return false;
  }
}

Value decode_binary_column(Oid type, std::string_view bytes) {
  switch (type) {
    case kBoolOid:
      return static_cast<int64_t>(!bytes.empty() && bytes[0] != 0);
    case kInt2Oid:
      return bytes.size() == 2 ? Value(static_cast<int64_t>(big_endian<int16_t>(bytes))) : Value{};
    case kInt4Oid:
      return bytes.size() == 4 ? Value(static_cast<int64_t>(big_endian<int32_t>(bytes))) : Value{};
    case kOidOid:
      return bytes.size() == 4 ? Value(static_cast<int64_t>(big_endian<uint32_t>(bytes))) : Value{};
    case kInt8Oid:
      return bytes.size() == 8 ? Value(big_endian<int64_t>(bytes)) : Value{};
    case kFloat4Oid: {
      if (bytes.size() != 4) return Value{};
      return static_cast<double>(std::bit_cast<float>(big_endian<uint32_t>(bytes)));
    }
    case kFloat8Oid: {
      if (bytes.size() != 8) return Value{};
      return std::bit_cast<double>(big_endian<uint64_t>(bytes));
    }
    default:
      return std::string(bytes);  // the text types: their binary form is the text itself
  }
}

}  // namespace cairn::storage::postgres
