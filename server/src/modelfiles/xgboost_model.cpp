#include "modelfiles/xgboost_model.hpp"

#include <charconv>

namespace cairn::modelfiles {
namespace {

const nlohmann::json* member(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

/// learner_model_param holds numbers as strings ("4", "0"); older files may hold numbers.
std::optional<int64_t> as_int(const nlohmann::json* v) {
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (!v->is_string()) return std::nullopt;
  const auto& s = v->get_ref<const std::string&>();
  int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<nlohmann::json> xgboost_details(const nlohmann::json& doc) {
  const auto* learner = member(doc, "learner");
  const auto* version = member(doc, "version");
  if (!learner || !learner->is_object() || !version || !version->is_array()) return std::nullopt;

  nlohmann::json out = {{"version", *version}};
  if (const auto* objective = member(*learner, "objective")) {
    if (const auto* name = member(*objective, "name"); name && name->is_string()) out["objective"] = *name;
  }
  if (const auto* booster = member(*learner, "gradient_booster")) {
    if (const auto* name = member(*booster, "name"); name && name->is_string()) out["booster"] = *name;
  }
  const auto* params = member(*learner, "learner_model_param");
  if (auto n = as_int(params ? member(*params, "num_feature") : nullptr)) out["num_feature"] = *n;
  if (auto n = as_int(params ? member(*params, "num_class") : nullptr); n && *n > 0) out["num_class"] = *n;
  if (auto n = as_int(params ? member(*params, "num_target") : nullptr); n && *n > 1) out["num_target"] = *n;
  if (const auto* names = member(*learner, "feature_names"); names && names->is_array() && !names->empty()) {
    out["feature_names"] = *names;
  }
  return out;
}

}  // namespace cairn::modelfiles
