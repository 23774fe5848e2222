#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "stats/raw_column.hpp"

namespace cairn::stats::testing_samples {

// The generator data/make_expectations.py mirrors: splitmix64 and arithmetic only, so Python and C++ draw
// bit-identical samples.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double normal() {
    double s = 0.0;
    for (int i = 0; i < 12; ++i) s += uniform();
    return s - 6.0;
  }

 private:
  uint64_t state_;
};

/// One sample from a recipe of make_expectations.py (dist, n, seed, loc, scale, k, p, nan_every).
inline RawColumn generate(const nlohmann::json& recipe, std::string name = "x") {
  SplitMix64 g(recipe.at("seed").get<uint64_t>());
  const auto n = recipe.at("n").get<std::size_t>();
  const std::string dist = recipe.at("dist");
  const double loc = recipe.value("loc", 0.0), scale = recipe.value("scale", 1.0);
  const int k = recipe.value("k", 2);
  const std::size_t nan_every = recipe.value("nan_every", 0);
  RawColumn column;
  column.name = std::move(name);
  column.kind = (dist == "cat" || dist == "binary") ? FeatureKind::categorical : FeatureKind::numeric;
  for (std::size_t i = 0; i < n; ++i) {
    const bool missing = nan_every && i % nan_every == nan_every - 1;
    if (column.kind == FeatureKind::numeric) {
      double v = 0;
      if (dist == "normal") v = loc + scale * g.normal();
      if (dist == "uniform") v = loc + scale * g.uniform();
      if (dist == "int") v = loc + std::floor(g.uniform() * k);
      column.numbers.push_back(missing ? std::numeric_limits<double>::quiet_NaN() : v);
    } else {
      std::string v;
      const double u = g.uniform();
      if (dist == "cat") v = "c" + std::to_string(static_cast<int>(std::floor(u * u * k)));
      if (dist == "binary") v = u < recipe.value("p", 0.5) ? "yes" : "no";
      if (missing) {
        column.texts.emplace_back(std::nullopt);
      } else {
        column.texts.emplace_back(std::move(v));
      }
    }
  }
  return column;
}

}  // namespace cairn::stats::testing_samples
