#include "runtime/xgboost/predict_params.hpp"

#include <fmt/format.h>

namespace cairn::runtime::xgboost {
namespace {

/// Params of Booster.predict / XGBModel.predict that change what it returns.
constexpr const char* kUnsupported[] = {"pred_leaf",    "pred_contribs", "approx_contribs", "pred_interactions",
                                        "strict_shape", "training",      "base_margin"};

bool truthy(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  return !v.is_null();
}

}  // namespace

ParamsSchema ParamsSchema::from_mlmodel(const nlohmann::json& mlmodel) {
  ParamsSchema schema;
  if (!mlmodel.is_object() || !mlmodel.contains("signature") || !mlmodel["signature"].is_object()) return schema;
  nlohmann::json params = mlmodel["signature"].value("params", nlohmann::json());
  if (params.is_string()) params = nlohmann::json::parse(params.get<std::string>(), nullptr, false);
  if (!params.is_array()) return schema;
  for (const auto& param : params) {
    if (!param.is_object() || !param.contains("name") || !param["name"].is_string()) continue;
    schema.defaults_[param["name"].get<std::string>()] = param.value("default", nlohmann::json());
  }
  return schema;
}

Result<PredictParams> ParamsSchema::resolve(std::string_view params_json) const {
  PredictParams out;
  if (defaults_.empty()) return out;  // no params schema: MLflow ignores every param
  nlohmann::json given = nlohmann::json::object();
  if (!params_json.empty()) {
    given = nlohmann::json::parse(params_json, nullptr, false);
    if (!given.is_object()) return Error::validation("params", "params must be a JSON object");
  }
  nlohmann::json effective = defaults_;
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (effective.contains(it.key())) effective[it.key()] = it.value();
  }
  for (const char* name : kUnsupported) {
    if (effective.contains(name) && truthy(effective[name])) {
      return Error::validation(name, fmt::format("the xgboost runtime does not support the param '{}': serve the "
                                                 "model with the python runtime",
                                                 name));
    }
  }
  if (effective.contains("output_margin")) out.output_margin = truthy(effective["output_margin"]);
  if (effective.contains("iteration_range") && !effective["iteration_range"].is_null()) {
    const auto& range = effective["iteration_range"];
    if (!range.is_array() || range.size() != 2 || !range[0].is_number_integer() || !range[1].is_number_integer()) {
      return Error::validation("iteration_range", "iteration_range must be two integers [begin, end]");
    }
    out.iteration_begin = range[0].get<int>();
    out.iteration_end = range[1].get<int>();
    out.has_iteration_range = true;
  }
  return out;
}

}  // namespace cairn::runtime::xgboost
