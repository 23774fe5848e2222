#pragma once

#include <postgres_ext.h>

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

/// How Values travel to and from PostgreSQL. Both directions use the text format: the server
/// infers each parameter's type from the statement, which binary parameters would not allow.
namespace cairn::storage::postgres {

/// The text form of a parameter, or nullopt for NULL. Doubles round-trip exactly (shortest
/// representation) and NaN/Infinity use the spellings float8 and numeric accept.
std::optional<std::string> encode_param(const Value& value);

/// A non-NULL column value in text format, converted by its column type: integer types and oid
/// to int64, float4/float8/numeric to double, bool to 0/1, everything else as text.
Value decode_column(Oid type, std::string_view text);

}  // namespace cairn::storage::postgres
