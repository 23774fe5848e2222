#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cairn::stats {

// The compact encoding of sketches and profiles: LEB128 varints for counts and lengths, zig-zag for signed keys,
// doubles as 8 little-endian bytes. The reader never throws and never reads past the end: every get returns false
// on truncated or malformed input, and callers check sizes against the bytes left before allocating.

class BinaryWriter {
 public:
  void put_u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void put_varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void put_signed(int64_t v) { put_varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void put_double(double v) {
    uint64_t bits = std::bit_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  void put_bytes(std::string_view bytes) {
    put_varint(bytes.size());
    out_.append(bytes);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view in) : in_(in) {}
  std::size_t remaining() const { return in_.size() - pos_; }
  bool done() const { return pos_ == in_.size(); }

  bool get_u8(uint8_t& v) {
    if (remaining() < 1) return false;
    v = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool get_varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t byte;
      if (!get_u8(byte)) return false;
      if (shift == 63 && byte > 1) return false;  // more than 64 bits
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool get_signed(int64_t& v) {
    uint64_t u;
    if (!get_varint(u)) return false;
    v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  bool get_double(double& v) {
    if (remaining() < 8) return false;
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    v = std::bit_cast<double>(bits);
    return true;
  }
  bool get_bytes(std::string_view& v) {
    uint64_t n;
    if (!get_varint(n) || n > remaining()) return false;
    v = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace cairn::stats
