#include "parquet/rle_hybrid.hpp"

#include "parquet/bytes.hpp"

namespace cairn::parquet {

Status unpack_bits(std::string_view data, int bit_width, std::size_t count, std::vector<uint64_t>& out) {
  if (bit_width < 0 || bit_width > 64) return corrupt("a bit width is above 64");
  if (bit_width == 0) {
    out.insert(out.end(), count, 0);
    return {};
  }
  const auto bw = static_cast<std::size_t>(bit_width);
  if (count > data.size() * 8 / bw) return corrupt("bit-packed values run past the end of their data");
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t bit = 0;
  for (std::size_t i = 0; i < count; ++i) {
    uint64_t v = 0;
    // Gather the value's bits byte by byte (a 64-bit value may straddle nine bytes).
    for (std::size_t got = 0; got < bw;) {
      const std::size_t byte = bit / 8, offset = bit % 8;
      const std::size_t take = std::min<std::size_t>(8 - offset, bw - got);
      const uint64_t part = (bytes[byte] >> offset) & ((1u << take) - 1);
      v |= part << got;
      got += take;
      bit += take;
    }
    out.push_back(v);
  }
  return {};
}

Status decode_hybrid(std::string_view data, int bit_width, std::size_t count, std::vector<uint32_t>& out) {
  if (bit_width < 0 || bit_width > 32) return corrupt("an RLE bit width is above 32");
  ByteCursor in(data);
  const std::size_t value_bytes = (static_cast<std::size_t>(bit_width) + 7) / 8;
  const uint64_t max_value = bit_width == 32 ? UINT32_MAX : (uint64_t{1} << bit_width) - 1;
  std::size_t left = count;
  std::vector<uint64_t> unpacked;
  while (left > 0) {
    if (in.empty()) return corrupt("RLE data ends before its " + std::to_string(count) + " values");
    CAIRN_TRY_ASSIGN(uint64_t header, in.varint());
    if (header & 1) {
      // Bit-packed: (header >> 1) groups of 8 values, bit_width bytes per group.
      const uint64_t groups = header >> 1;
      if (bit_width > 0 && groups > in.remaining() / static_cast<std::size_t>(bit_width))
        return corrupt("a bit-packed run is longer than its data");
      const uint64_t values = groups * 8;
      const std::size_t take = values < left ? static_cast<std::size_t>(values) : left;
      CAIRN_TRY_ASSIGN(auto packed, in.bytes(static_cast<std::size_t>(groups) * static_cast<std::size_t>(bit_width)));
      unpacked.clear();
      CAIRN_TRY(unpack_bits(packed, bit_width, take, unpacked));
      for (uint64_t v : unpacked) out.push_back(static_cast<uint32_t>(v));
      left -= take;
    } else {
      // A run: (header >> 1) copies of one value stored in whole bytes.
      const uint64_t run = header >> 1;
      CAIRN_TRY_ASSIGN(auto raw, in.bytes(value_bytes));
      uint64_t v = 0;
      for (std::size_t i = 0; i < value_bytes; ++i)
        v |= static_cast<uint64_t>(static_cast<unsigned char>(raw[i])) << (8 * i);
      if (v > max_value) return corrupt("an RLE value is wider than its bit width");
      const std::size_t take = run < left ? static_cast<std::size_t>(run) : left;
      out.insert(out.end(), take, static_cast<uint32_t>(v));
      left -= take;
    }
  }
  return {};
}

}  // namespace cairn::parquet
