#include "stats/cardinality_sketch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "stats/binary_io.hpp"

namespace cairn::stats {

namespace {
constexpr uint8_t kCardinalityVersion = 1;
constexpr uint8_t kDenseRegisters = 0, kSparseRegisters = 1;
}  // namespace

uint64_t stable_hash64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a offset basis
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;  // FNV prime
  }
  // fmix64 (MurmurHash3)
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

CardinalitySketch::CardinalitySketch(uint8_t precision)
    : precision_(std::clamp<uint8_t>(precision, 4, 18)), registers_(std::size_t{1} << precision_, 0) {}

void CardinalitySketch::add_hash(uint64_t hash) {
  const std::size_t index = static_cast<std::size_t>(hash >> (64 - precision_));
  const uint64_t rest = hash << precision_;
  // The position of the first 1 bit in the remaining 64 - p bits (64 - p + 1 when they are all zero).
  const int rank = rest == 0 ? 64 - precision_ + 1 : std::countl_zero(rest) + 1;
  registers_[index] = std::max<uint8_t>(registers_[index], static_cast<uint8_t>(rank));
}

Status CardinalitySketch::merge(const CardinalitySketch& other) {
  if (other.precision_ != precision_)
    return Error::validation("precision", "cardinality sketches of different precision do not merge");
  for (std::size_t i = 0; i < registers_.size(); ++i) registers_[i] = std::max(registers_[i], other.registers_[i]);
  return {};
}

double CardinalitySketch::estimate() const {
  const double m = static_cast<double>(registers_.size());
  double harmonic = 0;
  std::size_t zeros = 0;
  for (uint8_t r : registers_) {
    harmonic += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  const double alpha = 0.7213 / (1 + 1.079 / m);
  const double raw = alpha * m * m / harmonic;
  if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
  return raw;
}

double CardinalitySketch::standard_error() const {
  return 1.04 / std::sqrt(static_cast<double>(registers_.size()));
}

std::string CardinalitySketch::serialize() const {
  BinaryWriter w;
  w.put_u8(kCardinalityVersion);
  w.put_u8(precision_);
  const auto set =
      static_cast<std::size_t>(std::count_if(registers_.begin(), registers_.end(), [](uint8_t r) { return r != 0; }));
  if (set * 3 < registers_.size()) {
    w.put_u8(kSparseRegisters);
    w.put_varint(set);
    std::size_t last = 0;
    for (std::size_t i = 0; i < registers_.size(); ++i) {
      if (!registers_[i]) continue;
      w.put_varint(i - last);
      w.put_u8(registers_[i]);
      last = i;
    }
  } else {
    w.put_u8(kDenseRegisters);
    for (uint8_t r : registers_) w.put_u8(r);
  }
  return w.take();
}

Result<CardinalitySketch> CardinalitySketch::deserialize(std::string_view bytes) {
  auto bad = [](const std::string& what) { return Error::bad_request("cardinality sketch: " + what); };
  BinaryReader r(bytes);
  uint8_t version = 0, precision = 0, format = 0;
  if (!r.get_u8(version)) return bad("empty");
  if (version != kCardinalityVersion) return bad("unknown version " + std::to_string(version));
  if (!r.get_u8(precision) || !r.get_u8(format)) return bad("truncated header");
  if (precision < 4 || precision > 18) return bad("invalid precision");
  CardinalitySketch out(precision);
  const auto max_rank = static_cast<uint8_t>(64 - precision + 1);
  if (format == kDenseRegisters) {
    for (auto& reg : out.registers_) {
      if (!r.get_u8(reg)) return bad("truncated registers");
      if (reg > max_rank) return bad("invalid register");
    }
  } else if (format == kSparseRegisters) {
    uint64_t n = 0;
    if (!r.get_varint(n) || n > out.registers_.size()) return bad("invalid register count");
    std::size_t index = 0;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t gap = 0;
      uint8_t reg = 0;
      if (!r.get_varint(gap) || !r.get_u8(reg)) return bad("truncated registers");
      if ((i > 0 && gap == 0) || gap >= out.registers_.size() - index || reg == 0 || reg > max_rank)
        return bad("invalid register");
      index += static_cast<std::size_t>(gap);
      out.registers_[index] = reg;
    }
  } else {
    return bad("unknown register format");
  }
  if (!r.done()) return bad("trailing bytes");
  return out;
}

nlohmann::json CardinalitySketch::to_json() const {
  return {{"estimate", estimate()}, {"precision", precision_}, {"standard_error", standard_error()}};
}

}  // namespace cairn::stats
