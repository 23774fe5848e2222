#pragma once

#include <cstdint>
#include <string>
#include <string_view>

/// Writes JSON exactly as Python's json.dumps does with its defaults (ensure_ascii, NaN allowed,
/// floats as repr), so our answers are byte-for-byte those of `mlflow models serve`.
namespace cairn::serving::python_json {

/// repr(float): the shortest digits that round-trip, fixed notation for exponents in [-4, 16)
/// ("0.1", "100.0", "1e+16", "1.5e-05"); NaN, Infinity and -Infinity as json.dumps writes them.
void append_float(std::string& out, double value);
/// A float32 as Python prints the float64 it widens to (0.1f -> 0.10000000149011612).
inline void append_float32(std::string& out, float value) {
  append_float(out, static_cast<double>(value));
}
void append_int(std::string& out, int64_t value);
/// A quoted string with ensure_ascii escapes: \" \\ \n \r \t \b \f, \u00XX for other control
/// characters, \uXXXX (lowercase hex, surrogate pairs above U+FFFF) for every non-ASCII character.
/// Bytes that are not UTF-8 become U+FFFD.
void append_string(std::string& out, std::string_view utf8);

}  // namespace cairn::serving::python_json
