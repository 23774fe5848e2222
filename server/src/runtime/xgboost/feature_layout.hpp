#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "serving/table.hpp"

namespace cairn::runtime::xgboost {

/// Which request column feeds which feature of the model.
struct FeatureLayout {
  int64_t count = 0;  ///< the model's number of features
  /// The features' names in the model's order: the booster's own names when it was trained on a
  /// DataFrame, else the MLflow signature's column names; empty when neither names them (then the
  /// request's columns are taken in their order, as a plain matrix).
  std::vector<std::string> names;

  /// The layout for a booster with `count` features named `booster_names` (possibly none) and an
  /// MLmodel whose `signature.inputs` may name columns.
  static FeatureLayout make(int64_t count, std::vector<std::string> booster_names, const nlohmann::json& mlmodel);
};

/// The request as XGBoost reads it: a row-major float32 matrix of `rows` x `layout.count`, NaN where
/// a value is missing (a NaN, or a row marked missing in the column's validity). A DataFrame (or
/// named tensors) is mapped by name when the layout has names, extra columns ignored as MLflow's
/// schema enforcement does; one unnamed 2-D tensor is taken as the matrix itself. Numeric and
/// boolean columns are converted; anything else, a missing column or a wrong width is a
/// validation error naming the column.
Result<std::vector<float>> to_dense(const serving::Table& table, const FeatureLayout& layout);

}  // namespace cairn::runtime::xgboost
