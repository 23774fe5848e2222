#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cairn::stats {

/// How a feature is compared: numbers (ECDFs, histograms, quantiles) or labels (value counts).
enum class FeatureKind { numeric, categorical };

/// One column of raw values. Numeric columns use `numbers` (NaN and +-infinity are missing, as Evidently replaces
/// infinities with NaN and drops them); categorical columns use `texts` (nullopt is missing).
struct RawColumn {
  std::string name;
  FeatureKind kind = FeatureKind::numeric;
  std::vector<double> numbers;
  std::vector<std::optional<std::string>> texts;
};

}  // namespace cairn::stats
