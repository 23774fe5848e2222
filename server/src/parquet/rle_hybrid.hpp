#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// Parquet's RLE/bit-packed hybrid (definition levels, dictionary indices, RLE booleans) and the
/// little-endian bit unpacking it shares with DELTA_BINARY_PACKED:
/// https://parquet.apache.org/docs/file-format/data-pages/encodings/
namespace cairn::parquet {

/// Appends `count` values of `bit_width` bits (at most 64), packed least significant bit first,
/// from the start of `data`; fails when `data` holds fewer than count * bit_width bits.
Status unpack_bits(std::string_view data, int bit_width, std::size_t count, std::vector<uint64_t>& out);

/// Decodes exactly `count` values of `bit_width` bits (0 to 32) from hybrid runs filling `data`
/// (a run may promise more values than needed: the last bit-packed group is padded). Fails on
/// data that ends before `count` values.
Status decode_hybrid(std::string_view data, int bit_width, std::size_t count, std::vector<uint32_t>& out);

}  // namespace cairn::parquet
