#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace cairn::runtime::xgboost {

/// The prediction options a request's MLflow `params` may set.
struct PredictParams {
  bool output_margin = false;  ///< raw margins: no link function, no class labels
  int iteration_begin = 0;     ///< the trees [begin, end) of `iteration_range`
  int iteration_end = 0;       ///< 0: every tree
  bool has_iteration_range = false;
};

/// MLflow's params handling for this flavor: pyfunc passes a param to the model only when the
/// signature's params schema declares it (others are ignored), filling declared params the
/// request left out with their defaults; the xgboost wrapper then hands the ones `predict`
/// accepts to it. Here `output_margin` and `iteration_range` are honoured; another declared
/// param of predict's (pred_leaf, pred_contribs, ...) set to a non-default value is a validation
/// error, since the answer would differ from the model's.
class ParamsSchema {
 public:
  /// From MLmodel's `signature.params` (a JSON string as MLflow writes it, or parsed).
  static ParamsSchema from_mlmodel(const nlohmann::json& mlmodel);

  /// The options for one batch; `params_json` is the request's params object or empty.
  Result<PredictParams> resolve(std::string_view params_json) const;

 private:
  nlohmann::json defaults_ = nlohmann::json::object();  ///< declared name -> default (null: none)
};

}  // namespace cairn::runtime::xgboost
