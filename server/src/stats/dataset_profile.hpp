#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "stats/drift_methods.hpp"
#include "stats/feature_profile.hpp"
#include "stats/raw_column.hpp"

namespace cairn::stats {

/// The profiles of every feature of a window (one bucket of predictions, or a reference data set). Profiles merge,
/// so a drift over any time range costs one merge per bucket, whatever the number of rows.
struct DatasetProfile {
  uint64_t rows = 0;
  std::map<std::string, FeatureProfile, std::less<>> features;

  /// Merges feature by feature. The feature sets must be the same, except that an empty profile (no features, no
  /// rows) takes the other's shape, so that folding buckets can start from DatasetProfile{}.
  Status merge(const DatasetProfile& other);
  std::string serialize() const;
  static Result<DatasetProfile> deserialize(std::string_view bytes);
  nlohmann::json to_json() const;
};

/// A reference profile from raw columns (all of the same length). Numeric columns: more than 20 distinct values ->
/// interval bins on numpy 'sturges' edges of the reference's values; at most 20 -> point bins on those values
/// (Evidently's value counts). Categorical columns: a FrequentValues large enough to count every reference value
/// exactly (capacity max(256, distinct values), at most 65536). Columns of at most NumericProfile::kRawLimit values
/// keep the values, so that KS and Wasserstein against them are exact on the reference's side.
/// Errors: duplicate names, columns of different lengths.
Result<DatasetProfile> build_reference_profile(std::span<const RawColumn> columns);

/// A current profile shaped like the reference (same features, same bins and sketch parameters), nothing counted.
DatasetProfile empty_like(const DatasetProfile& reference);

/// The drift of one feature between two profiles (see docs/monitoring-statistics.md for how each method reads a
/// profile and its error bound). Errors: kinds or bins that differ, an unknown or inapplicable method. A side with
/// no values gives a result with `skipped` set, never an error and never NaN.
Result<FeatureDrift> drift_between(std::string_view feature, const FeatureProfile& reference,
                                   const FeatureProfile& current, const DriftOptions& options);

struct DatasetDrift {
  std::vector<FeatureDrift> features;
  double drift_share = 0;  ///< drifted features / features
  double share_threshold = 0.5;
  bool dataset_drifted = false;  ///< drift_share >= share_threshold (Evidently), and at least one feature was tested
};

/// Every reference feature against the current profile. `per_feature` overrides the method or threshold of named
/// features (a name that is not a feature is an Error, so that typos do not pass silently).
Result<DatasetDrift> dataset_drift(const DatasetProfile& reference, const DatasetProfile& current,
                                   const std::map<std::string, DriftOptions, std::less<>>& per_feature,
                                   double share_threshold = 0.5);

nlohmann::json to_json(const FeatureDrift& drift);
nlohmann::json to_json(const DatasetDrift& drift);

}  // namespace cairn::stats
