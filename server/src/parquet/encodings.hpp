#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "parquet/bytes.hpp"
#include "parquet/file_metadata.hpp"

/// Decoding a page's non-null values from the bytes of one encoding.
namespace cairn::parquet {

/// How a column's stored values become numbers or text.
struct ValueType {
  PhysicalType type = PhysicalType::int32;
  Meaning meaning = Meaning::none;
  int32_t scale = 0;
};

/// Decoded non-null values: `numbers` (numeric and boolean types) or `texts` (BYTE_ARRAY), which
/// point into the page's or dictionary's bytes or into `owned` (values rebuilt from prefixes).
struct DecodedValues {
  std::vector<double> numbers;
  std::vector<std::string_view> texts;
  std::deque<std::string> owned;
  std::size_t size() const { return numbers.size() + texts.size(); }
};

/// PLAIN: `count` values (fixed-width little-endian, bit-packed booleans, length-prefixed byte
/// arrays).
Status decode_plain(std::string_view data, const ValueType& type, std::size_t count, DecodedValues& out);

/// RLE booleans: a 4-byte length, then hybrid runs of 1-bit values.
Status decode_rle_booleans(std::string_view data, std::size_t count, DecodedValues& out);

/// DELTA_BINARY_PACKED (INT32, INT64). `consumed` tells where the encoded values ended.
Status decode_delta_binary_packed(std::string_view data, const ValueType& type, std::size_t count, DecodedValues& out,
                                  std::size_t* consumed = nullptr);

/// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (BYTE_ARRAY). The latter rebuilds each value from
/// a prefix of the one before, so its values are charged to `budget` as they are made: n values
/// of a page of S bytes may grow to n * S bytes.
Status decode_delta_length_byte_array(std::string_view data, std::size_t count, DecodedValues& out);
Status decode_delta_byte_array(std::string_view data, std::size_t count, DecodedValues& out, Budget& budget);

/// BYTE_STREAM_SPLIT (FLOAT, DOUBLE, INT32, INT64): the k-th bytes of all values, then the next.
Status decode_byte_stream_split(std::string_view data, const ValueType& type, std::size_t count, DecodedValues& out);

}  // namespace cairn::parquet
