#pragma once

#include <postgres_ext.h>

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

/// How Values travel to and from PostgreSQL. Parameters use the text format: the server infers
/// each parameter's type from the statement, which binary parameters would not allow. Results use
/// the binary format when every column has one we read (numbers as 8 bytes instead of up to 24
/// characters to parse: metric histories are millions of them), else the text format.
namespace cairn::storage::postgres {

/// The text form of a parameter, or nullopt for NULL. Doubles round-trip exactly (shortest
/// representation) and NaN/Infinity use the spellings float8 and numeric accept.
std::optional<std::string> encode_param(const Value& value);

/// A non-NULL column value in text format, converted by its column type: integer types and oid
/// to int64, float4/float8/numeric to double, bool to 0/1, everything else as text.
Value decode_column(Oid type, std::string_view text);

/// Whether results of this column type can come in binary format (integers, floats, bool, text).
bool has_binary_form(Oid type);

/// A non-NULL column value in binary format, for a type with has_binary_form; converted as
/// decode_column converts the text form.
Value decode_binary_column(Oid type, std::string_view bytes);

}  // namespace cairn::storage::postgres
