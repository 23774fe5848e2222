#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

/// Model files of newer Python XGBoost made readable by Debian's libxgboost 1.7.4.
///
/// The compatibility rule (measured with libxgboost 1.7.4 and the Python xgboost of PyPI):
/// - files written by XGBoost <= 3.0 (any format: JSON, UBJSON, MLflow's model.xgb) load as they
///   are and predict exactly what Python predicts;
/// - XGBoost >= 3.1 writes `base_score` as a vector ("[5.35E-1]", one intercept per class or
///   target). 1.7.4 loads such a file without complaint and then predicts with a base score of 0.5:
///   silently wrong answers. Those files are rewritten here before loading: one intercept (or all
///   equal) becomes the scalar 1.7 understands; per-class intercepts of a multi-class tree model
///   are folded into the leaves of each class's first tree, which gives the same sums;
/// - anything else written by >= 3.1 that 1.7 cannot express (per-target intercepts of another
///   objective, categorical re-coding) and any file of XGBoost >= 4 is refused with a reason
///   naming the versions, so start() fails instead of serving wrong numbers.
/// scikit-learn >= 1.8 needs Python XGBoost >= 3.1 for the sklearn API (XGBClassifier, ...), so
/// those models always take the rewriting path.
namespace cairn::runtime::xgboost {

struct ModelFile {
  /// The writer's version ([3, 2, 0]); empty for the legacy binary format, which has none.
  std::vector<int> version;
  /// Set when the file cannot be loaded as it is: a JSON document for XGBoosterLoadModelFromBuffer.
  std::optional<std::string> rewritten;
  /// Per-class intercepts were folded into the first round's trees: a prediction that skips them
  /// (iteration_range starting after 0) would lose the intercepts.
  bool intercepts_folded = false;
};

/// Reads the model file's header and, when needed, rewrites it (see above). A validation error
/// (field "model") when the file is missing, does not parse, or cannot be served by libxgboost 1.7.
Result<ModelFile> read_model_file(const std::string& path);

}  // namespace cairn::runtime::xgboost
