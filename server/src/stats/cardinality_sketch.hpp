#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace cairn::stats {

/// A 64-bit hash that is the same on every build and platform (std::hash is not): FNV-1a over the bytes, then the
/// MurmurHash3 fmix64 finalizer so that every input bit reaches the top bits HyperLogLog reads.
uint64_t stable_hash64(std::string_view bytes);

/// HyperLogLog (Flajolet et al. 2007) with 2^precision registers (default 12: 4096 registers, 4 KiB), standard
/// error 1.04 / sqrt(2^precision) (1.6% at 12), with linear counting below 2.5 * 2^precision (Heule et al.'s
/// small-range correction). Merging takes the register-wise maximum and equals the sketch of the union.
class CardinalitySketch {
 public:
  static constexpr uint8_t kDefaultPrecision = 12;
  /// precision is clamped to [4, 18].
  explicit CardinalitySketch(uint8_t precision = kDefaultPrecision);

  void add(std::string_view value) { add_hash(stable_hash64(value)); }
  void add_hash(uint64_t hash);
  /// Error when the precisions differ.
  Status merge(const CardinalitySketch& other);
  double estimate() const;
  /// 1.04 / sqrt(m): the relative standard error of estimate().
  double standard_error() const;
  uint8_t precision() const { return precision_; }

  /// Version byte, precision, then the registers dense (one byte each) or, when few are set, as (gap, value) pairs.
  std::string serialize() const;
  static Result<CardinalitySketch> deserialize(std::string_view bytes);
  nlohmann::json to_json() const;

 private:
  uint8_t precision_;
  std::vector<uint8_t> registers_;
};

}  // namespace cairn::stats
