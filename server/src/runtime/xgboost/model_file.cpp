#include "runtime/xgboost/model_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "modelfiles/shallow_json.hpp"
#include "modelfiles/xgboost_model.hpp"

namespace cairn::runtime::xgboost {
namespace {

using modelfiles::JsonEncoding;

/// XGBoost keeps its header (version, objective, learner_model_param) in the first three levels.
constexpr int kHeaderDepth = 3;

Error refuse(const std::string& message) {
  return Error::validation("model", message);
}

std::string version_text(const std::vector<int>& v) {
  return v.empty() ? "an unknown version" : fmt::format("{}", fmt::join(v, "."));
}

Result<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return refuse("model file not found: " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// "[8.29E-2,7.36E-2]" or "5E-1" -> the numbers.
std::vector<double> parse_base_score(const std::string& text) {
  std::vector<double> out;
  std::string body = text;
  std::erase_if(body, [](char c) { return c == '[' || c == ']' || c == ' '; });
  std::stringstream items(body);
  for (std::string item; std::getline(items, item, ',');) out.push_back(std::strtod(item.c_str(), nullptr));
  return out;
}

std::string float_text(double value) {
  return fmt::format("{:.9g}", static_cast<float>(value));
}

/// Adds each class's intercept to every leaf of that class's first tree: a row reaches exactly one
/// leaf per tree, and XGBoost adds the base score first and the trees in order, so the float sums
/// are the same as with per-class base scores.
Status fold_class_intercepts(nlohmann::json& model, const std::vector<double>& intercepts) {
  auto& trees = model["trees"];
  auto& tree_info = model["tree_info"];
  if (!trees.is_array() || !tree_info.is_array() || trees.size() != tree_info.size()) {
    return refuse("XGBoost model without a readable tree list");
  }
  for (size_t k = 0; k < intercepts.size(); ++k) {
    auto first = std::find(tree_info.begin(), tree_info.end(), static_cast<int64_t>(k));
    if (first == tree_info.end()) return refuse(fmt::format("XGBoost model without a tree for class {}", k));
    auto& tree = trees[static_cast<size_t>(first - tree_info.begin())];
    const auto& left = tree["left_children"];
    auto& leaf_values = tree["split_conditions"];
    for (size_t node = 0; node < left.size(); ++node) {
      if (left[node].get<int64_t>() != -1) continue;
      leaf_values[node] = static_cast<double>(static_cast<float>(leaf_values[node].get<double>() + intercepts[k]));
    }
  }
  return {};
}

/// Makes a document written by XGBoost 3.1+ what 1.7 reads (see model_file.hpp).
Status rewrite_for_1_7(nlohmann::json& doc, const std::string& writer, bool& folded) {
  auto& learner = doc["learner"];
  auto& params = learner["learner_model_param"];
  auto& booster = learner["gradient_booster"];
  if (booster.contains("model") && booster["model"].contains("cats")) {
    const auto& cats = booster["model"]["cats"];
    if (cats.contains("enc") && !cats["enc"].empty()) {
      return refuse("the model re-codes categorical features (XGBoost " + writer +
                    "), which libxgboost 1.7 cannot do: serve it with the python runtime");
    }
  }
  if (!params.contains("base_score") || !params["base_score"].is_string()) return {};
  auto intercepts = parse_base_score(params["base_score"].get<std::string>());
  if (intercepts.empty()) return refuse("unreadable base_score in a model of XGBoost " + writer);
  bool all_equal = std::all_of(intercepts.begin(), intercepts.end(), [&](double v) { return v == intercepts[0]; });
  if (all_equal) {
    params["base_score"] = float_text(intercepts[0]);
    return {};
  }
  std::string objective = learner["objective"].value("name", "");
  bool multiclass = objective == "multi:softprob" || objective == "multi:softmax";
  if (!multiclass || booster.value("name", "") != "gbtree") {
    return refuse(fmt::format(
        "the model of XGBoost {} has one intercept per target ({}, {}), which libxgboost 1.7 cannot express: "
        "serve it with the python runtime or log it with xgboost<=3.0",
        writer, objective, booster.value("name", "")));
  }
  // Multi-class margins are the identity of base_score: 0 plus the folded intercepts.
  CAIRN_TRY(fold_class_intercepts(booster["model"], intercepts));
  params["base_score"] = "0";
  folded = true;
  return {};
}

}  // namespace

Result<ModelFile> read_model_file(const std::string& path) {
  CAIRN_TRY_ASSIGN(std::string bytes, read_all(path));
  ModelFile out;
  // The legacy binary format (XGBoost <= 2.x, `.deprecated` or old `.bin`/`.model` files) has no
  // version and is what 1.7 reads natively.
  if (bytes.empty() || bytes[0] != '{') return out;
  auto encoding = bytes.size() > 1 && (bytes[1] == '"' || std::isspace(static_cast<unsigned char>(bytes[1])))
                      ? JsonEncoding::text
                      : JsonEncoding::ubjson;
  std::string error;
  auto header = modelfiles::parse_shallow_json(bytes, encoding, kHeaderDepth, error);
  auto details = header ? modelfiles::xgboost_details(*header) : std::nullopt;
  if (!details) return refuse("not an XGBoost model file (" + (error.empty() ? "no learner and version" : error) + ")");
  for (const auto& v : (*details)["version"]) out.version.push_back(v.is_number_integer() ? v.get<int>() : 0);
  auto writer = version_text(out.version);
  int major = out.version.empty() ? 0 : out.version[0];
  int minor = out.version.size() > 1 ? out.version[1] : 0;
  if (major >= 4) {
    return refuse("the model was written by XGBoost " + writer +
                  "; the in-process runtime (libxgboost 1.7) reads models of XGBoost <= 3.x: serve it with the "
                  "python runtime");
  }
  if (major < 3 || (major == 3 && minor == 0)) return out;

  nlohmann::json doc;
  // nlohmann reports a malformed document or a member of an unexpected type by throwing.
  try {
    doc = encoding == JsonEncoding::text ? nlohmann::json::parse(bytes) : nlohmann::json::from_ubjson(bytes);
    CAIRN_TRY(rewrite_for_1_7(doc, writer, out.intercepts_folded));
    out.rewritten = doc.dump();
  } catch (const std::exception& e) {
    return refuse("the model of XGBoost " + writer + " could not be read for libxgboost 1.7: " + e.what());
  }
  return out;
}

}  // namespace cairn::runtime::xgboost
