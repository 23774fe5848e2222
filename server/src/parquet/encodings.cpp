#include "parquet/encodings.hpp"

#include <cmath>
#include <cstring>

#include "parquet/bytes.hpp"
#include "parquet/rle_hybrid.hpp"

namespace cairn::parquet {
namespace {

double scaled(double v, const ValueType& type) {
  return type.meaning == Meaning::decimal && type.scale != 0 ? v / std::pow(10.0, type.scale) : v;
}

double number_of(int32_t v, const ValueType& type) {
  if (type.meaning == Meaning::unsigned_int) return static_cast<double>(static_cast<uint32_t>(v));
  return scaled(static_cast<double>(v), type);
}

double number_of(int64_t v, const ValueType& type) {
  if (type.meaning == Meaning::unsigned_int) return static_cast<double>(static_cast<uint64_t>(v));
  return scaled(static_cast<double>(v), type);
}

std::size_t width_of(PhysicalType type) {
  switch (type) {
    case PhysicalType::int32:
    case PhysicalType::float32:
      return 4;
    case PhysicalType::int64:
    case PhysicalType::float64:
      return 8;
    default:
      return 0;
  }
}

/// One fixed-width little-endian value at `p` as a number.
double fixed_number(const char* p, const ValueType& type) {
  switch (type.type) {
    case PhysicalType::int32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      return number_of(v, type);
    }
    case PhysicalType::int64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return number_of(v, type);
    }
    case PhysicalType::float32: {
      float v;
      std::memcpy(&v, p, 4);
      return v;
    }
    default: {
      double v;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
}

/// A DELTA_BINARY_PACKED stream as raw 64-bit integers.
Status delta_integers(ByteCursor& in, std::size_t count, std::vector<uint64_t>& out) {
  CAIRN_TRY_ASSIGN(uint64_t block_size, in.varint());
  CAIRN_TRY_ASSIGN(uint64_t miniblocks, in.varint());
  CAIRN_TRY_ASSIGN(uint64_t total, in.varint());
  CAIRN_TRY_ASSIGN(int64_t first, in.zigzag());
  // The format asks for blocks of a multiple of 128 values in miniblocks of a multiple of 32;
  // anything else (or an absurd size) is a corrupt header, not a reason to allocate.
  if (block_size == 0 || block_size % 128 != 0 || block_size > (1u << 20) || miniblocks == 0 ||
      block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0)
    return corrupt("a DELTA_BINARY_PACKED header has an invalid block size");
  if (total < count) return corrupt("DELTA_BINARY_PACKED data holds fewer values than the page");
  const std::size_t per_miniblock = block_size / miniblocks;
  if (count == 0) return {};
  out.push_back(static_cast<uint64_t>(first));
  uint64_t last = static_cast<uint64_t>(first);
  // Values past `count` (the total may be larger) are still skipped whole, so `in` ends where
  // the stream does (DELTA_LENGTH_BYTE_ARRAY's bytes follow it).
  std::size_t left = static_cast<std::size_t>(total - 1);
  std::vector<uint64_t> deltas;
  while (left > 0) {
    CAIRN_TRY_ASSIGN(int64_t min_delta, in.zigzag());
    CAIRN_TRY_ASSIGN(auto widths, in.bytes(miniblocks));
    for (std::size_t m = 0; m < miniblocks && left > 0; ++m) {
      const int width = static_cast<unsigned char>(widths[m]);
      if (width > 64) return corrupt("a DELTA_BINARY_PACKED miniblock is wider than 64 bits");
      CAIRN_TRY_ASSIGN(auto packed, in.bytes(per_miniblock * static_cast<std::size_t>(width) / 8));
      const std::size_t take = std::min(left, per_miniblock);
      left -= take;
      if (out.size() >= count) continue;  // past the page's values: only skipped, never unpacked
      deltas.clear();
      CAIRN_TRY(unpack_bits(packed, width, take, deltas));
      for (uint64_t d : deltas) {
        // Two's-complement wrap-around is how the writer computed the deltas.
        last = last + static_cast<uint64_t>(min_delta) + d;
        if (out.size() < count) out.push_back(last);
      }
    }
  }
  return {};
}

}  // namespace

Status decode_plain(std::string_view data, const ValueType& type, std::size_t count, DecodedValues& out) {
  if (type.type == PhysicalType::boolean) {
    if (count > data.size() * 8) return corrupt("PLAIN booleans run past the end of their page");
    for (std::size_t i = 0; i < count; ++i)
      out.numbers.push_back((static_cast<unsigned char>(data[i / 8]) >> (i % 8)) & 1);
    return {};
  }
  if (type.type == PhysicalType::byte_array) {
    ByteCursor in(data);
    for (std::size_t i = 0; i < count; ++i) {
      CAIRN_TRY_ASSIGN(uint32_t n, in.fixed<uint32_t>());
      CAIRN_TRY_ASSIGN(auto bytes, in.bytes(n));
      out.texts.push_back(bytes);
    }
    return {};
  }
  const std::size_t width = width_of(type.type);
  if (width == 0) return corrupt("PLAIN values of an unreadable type");
  if (count > data.size() / width) return corrupt("PLAIN values run past the end of their page");
  for (std::size_t i = 0; i < count; ++i) out.numbers.push_back(fixed_number(data.data() + i * width, type));
  return {};
}

Status decode_rle_booleans(std::string_view data, std::size_t count, DecodedValues& out) {
  ByteCursor in(data);
  CAIRN_TRY_ASSIGN(uint32_t length, in.fixed<uint32_t>());
  CAIRN_TRY_ASSIGN(auto runs, in.bytes(length));
  std::vector<uint32_t> bits;
  CAIRN_TRY(decode_hybrid(runs, 1, count, bits));
  for (uint32_t b : bits) out.numbers.push_back(b);
  return {};
}

Status decode_delta_binary_packed(std::string_view data, const ValueType& type, std::size_t count, DecodedValues& out,
                                  std::size_t* consumed) {
  if (type.type != PhysicalType::int32 && type.type != PhysicalType::int64)
    return corrupt("DELTA_BINARY_PACKED on a type other than INT32 or INT64");
  ByteCursor in(data);
  std::vector<uint64_t> raw;
  CAIRN_TRY(delta_integers(in, count, raw));
  for (uint64_t v : raw)
    out.numbers.push_back(type.type == PhysicalType::int32 ? number_of(static_cast<int32_t>(v), type)
                                                           : number_of(static_cast<int64_t>(v), type));
  if (consumed) *consumed = data.size() - in.remaining();
  return {};
}

Status decode_delta_length_byte_array(std::string_view data, std::size_t count, DecodedValues& out) {
  ByteCursor in(data);
  std::vector<uint64_t> lengths;
  CAIRN_TRY(delta_integers(in, count, lengths));
  for (uint64_t n : lengths) {
    if (static_cast<int64_t>(n) < 0) return corrupt("a DELTA_LENGTH_BYTE_ARRAY length is negative");
    CAIRN_TRY_ASSIGN(auto bytes, in.bytes(static_cast<std::size_t>(n)));
    out.texts.push_back(bytes);
  }
  return {};
}

Status decode_delta_byte_array(std::string_view data, std::size_t count, DecodedValues& out, Budget& budget) {
  ByteCursor in(data);
  std::vector<uint64_t> prefixes;
  CAIRN_TRY(delta_integers(in, count, prefixes));
  DecodedValues suffixes;
  CAIRN_TRY(decode_delta_length_byte_array(std::string_view(in.position(), in.remaining()), count, suffixes));
  std::string_view previous;
  for (std::size_t i = 0; i < count; ++i) {
    const uint64_t prefix = prefixes[i];
    if (prefix > previous.size()) return corrupt("a DELTA_BYTE_ARRAY prefix is longer than the value before it");
    CAIRN_TRY(budget.take(static_cast<std::size_t>(prefix) + suffixes.texts[i].size()));
    std::string value(previous.substr(0, static_cast<std::size_t>(prefix)));
    value.append(suffixes.texts[i]);
    out.owned.push_back(std::move(value));
    previous = out.owned.back();
    out.texts.push_back(previous);
  }
  return {};
}

Status decode_byte_stream_split(std::string_view data, const ValueType& type, std::size_t count, DecodedValues& out) {
  const std::size_t width = width_of(type.type);
  if (width == 0) return corrupt("BYTE_STREAM_SPLIT on a type other than FLOAT, DOUBLE, INT32 or INT64");
  if (data.size() % width != 0) return corrupt("BYTE_STREAM_SPLIT data is not a whole number of values");
  const std::size_t n = data.size() / width;
  if (n < count) return corrupt("BYTE_STREAM_SPLIT data holds fewer values than the page");
  char value[8];
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t b = 0; b < width; ++b) value[b] = data[b * n + i];
    out.numbers.push_back(fixed_number(value, type));
  }
  return {};
}

}  // namespace cairn::parquet
