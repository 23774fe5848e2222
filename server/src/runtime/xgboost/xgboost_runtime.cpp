#include "runtime/xgboost/xgboost_runtime.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <limits>

#include "runtime/xgboost/booster.hpp"
#include "runtime/xgboost/feature_layout.hpp"
#include "runtime/xgboost/model_file.hpp"
#include "runtime/xgboost/predict_params.hpp"

namespace cairn::runtime::xgboost {
namespace {

using serving::Column;
using serving::DataType;
using serving::Prediction;

/// What `predict` means for the logged Python object (MLflow's `model_class`).
enum class Semantics {
  raw,     ///< Booster.predict, XGBRegressor.predict: XGBoost's output as float32
  labels,  ///< XGBClassifier.predict: class labels from the probabilities
};

struct ModelClass {
  std::string_view name;
  Semantics semantics;
  bool sklearn;  ///< the sklearn wrappers predict with the trees up to best_iteration
};

constexpr ModelClass kModelClasses[] = {
    {"xgboost.core.Booster", Semantics::raw, false},
    {"xgboost.sklearn.XGBClassifier", Semantics::labels, true},
    {"xgboost.sklearn.XGBRFClassifier", Semantics::labels, true},
    {"xgboost.sklearn.XGBRegressor", Semantics::raw, true},
    {"xgboost.sklearn.XGBRFRegressor", Semantics::raw, true},
    {"xgboost.sklearn.XGBRanker", Semantics::raw, true},
};

const nlohmann::json* xgboost_flavor(const ModelSource& model) {
  if (!model.mlmodel.is_object()) return nullptr;
  auto flavors = model.mlmodel.find("flavors");
  if (flavors == model.mlmodel.end() || !flavors->is_object()) return nullptr;
  auto flavor = flavors->find("xgboost");
  if (flavor == flavors->end() || !flavor->is_object()) return nullptr;
  auto data = flavor->find("data");
  return data != flavor->end() && data->is_string() ? &*flavor : nullptr;
}

Result<ModelClass> model_class(const nlohmann::json& flavor) {
  // MLflow < 1.22 wrote no model_class: those are Boosters (mlflow.xgboost._load_model).
  auto it = flavor.find("model_class");
  std::string name = it != flavor.end() && it->is_string() ? it->get<std::string>() : "xgboost.core.Booster";
  for (const auto& known : kModelClasses) {
    if (known.name == name) return known;
  }
  std::string supported;
  for (const auto& known : kModelClasses) supported += (supported.empty() ? "" : ", ") + std::string(known.name);
  return Error::validation("model_class", fmt::format("the xgboost runtime cannot serve a {} (it serves {}): use the "
                                                      "python runtime",
                                                      name, supported));
}

/// How one instance turns XGBoost's output into the pyfunc's answer.
struct OutputRule {
  Semantics semantics = Semantics::raw;
  std::string objective;
  bool sklearn = false;
  int best_iteration_end = 0;      ///< the sklearn wrappers' default: best_iteration + 1; 0: every tree
  bool intercepts_folded = false;  ///< see ModelFile::intercepts_folded
};

Prediction ndarray(int64_t rows, DataType type, std::vector<int64_t> shape, const void* data, size_t bytes) {
  Prediction out;
  out.kind = Prediction::Kind::ndarray;
  out.table.kind = serving::TableKind::tensors;
  out.table.rows = rows;
  Column column;
  column.type = type;
  column.shape = std::move(shape);
  column.data.resize(bytes);
  if (bytes > 0) std::memcpy(column.data.data(), data, bytes);
  out.table.columns.push_back(std::move(column));
  return out;
}

/// XGBClassifier.predict (xgboost/sklearn.py): argmax over the classes of a multi-class model,
/// int32 class ids for multi:softmax, else 1 where the probability exceeds 0.5. (The multi-label
/// case of a 2-D binary:logistic output is 0/1 as float64, as numpy's zeros give.)
Prediction labels(const Booster::Output& raw, int64_t rows, const std::string& objective) {
  int64_t width = raw.shape.size() > 1 ? raw.shape[1] : 1;
  if (raw.shape.size() > 1 && width > 1 && objective.starts_with("multi:")) {
    std::vector<int64_t> ids(static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r) {
      const float* row = raw.values.data() + r * width;
      ids[static_cast<size_t>(r)] = std::max_element(row, row + width) - row;  // the first maximum, as numpy
    }
    return ndarray(rows, DataType::int64, {}, ids.data(), ids.size() * sizeof(int64_t));
  }
  if (raw.shape.size() > 1 && width > 1) {
    std::vector<double> flags(raw.values.size());
    std::transform(raw.values.begin(), raw.values.end(), flags.begin(), [](float p) { return p > 0.5F ? 1.0 : 0.0; });
    return ndarray(rows, DataType::float64, {width}, flags.data(), flags.size() * sizeof(double));
  }
  if (objective == "multi:softmax") {
    std::vector<int32_t> ids(raw.values.begin(), raw.values.end());
    return ndarray(rows, DataType::int32, {}, ids.data(), ids.size() * sizeof(int32_t));
  }
  std::vector<int64_t> ids(raw.values.size());
  std::transform(raw.values.begin(), raw.values.end(), ids.begin(), [](float p) { return p > 0.5F ? 1 : 0; });
  return ndarray(rows, DataType::int64, {}, ids.data(), ids.size() * sizeof(int64_t));
}

Prediction to_prediction(const Booster::Output& raw, int64_t rows, const OutputRule& rule, bool margin) {
  if (rule.semantics == Semantics::labels && !margin) return labels(raw, rows, rule.objective);
  std::vector<int64_t> shape(raw.shape.begin() + std::min<std::ptrdiff_t>(1, std::ssize(raw.shape)), raw.shape.end());
  return ndarray(rows, DataType::float32, std::move(shape), raw.values.data(), raw.values.size() * sizeof(float));
}

class XgboostInstance final : public ModelInstance {
 public:
  XgboostInstance(std::shared_ptr<Booster> booster, FeatureLayout layout, OutputRule rule, ParamsSchema params,
                  int64_t output_width, std::function<void(const InstanceStatus&)> on_state)
      : booster_(std::move(booster)),
        layout_(std::move(layout)),
        rule_(std::move(rule)),
        params_(std::move(params)),
        output_width_(output_width),
        on_state_(std::move(on_state)) {}

  void execute(Batch batch, BatchDone done) override { done(run(batch)); }

  InstanceStatus status() const override {
    if (stopped_.load()) return {InstanceState::exited, 0, "stopped"};
    return {InstanceState::ready, 0, {}};
  }

  void stop(std::chrono::milliseconds) override {
    // The booster lives as long as the instance: a batch running on another thread finishes.
    if (stopped_.exchange(true)) return;
    if (on_state_) on_state_(status());
  }

 private:
  Result<Prediction> run(const Batch& batch) const {
    if (stopped_.load()) return Error::unavailable("the xgboost instance was stopped");
    const auto& inputs = batch.inputs;
    try {
      CAIRN_TRY_ASSIGN(auto params, params_.resolve(batch.params_json));
      // Booster.predict: the range asked for, else every tree; the sklearn wrappers fall back to
      // best_iteration when none (or an end of 0) is given (XGBModel._get_iteration_range).
      int begin = params.has_iteration_range ? params.iteration_begin : 0;
      int end = params.has_iteration_range ? params.iteration_end : 0;
      if (rule_.sklearn && end == 0) {
        begin = 0;
        end = rule_.best_iteration_end;
      }
      if (rule_.intercepts_folded && begin > 0) {
        return Error::validation("iteration_range",
                                 "iteration_range must start at 0 for this model in the xgboost runtime (its per-class "
                                 "intercepts live in the first trees): serve it with the python runtime");
      }
      CAIRN_TRY_ASSIGN(auto matrix, to_dense(inputs, layout_));
      Booster::Output raw;
      if (inputs.rows == 0) {
        raw.shape = output_width_ > 1 ? std::vector<int64_t>{0, output_width_} : std::vector<int64_t>{0};
      } else {
        CAIRN_TRY_ASSIGN(
            raw, booster_->predict_dense(matrix.data(), inputs.rows, layout_.count, params.output_margin, begin, end));
      }
      return to_prediction(raw, inputs.rows, rule_, params.output_margin);
    } catch (const std::exception& e) {  // std::bad_alloc on a huge batch: that request fails alone
      return Error::internal(std::string("xgboost runtime: ") + e.what());
    }
  }

  std::shared_ptr<Booster> booster_;
  FeatureLayout layout_;
  OutputRule rule_;
  ParamsSchema params_;
  int64_t output_width_;
  std::function<void(const InstanceStatus&)> on_state_;
  std::atomic<bool> stopped_{false};
};

struct Loaded {
  std::shared_ptr<Booster> booster;
  bool intercepts_folded = false;
};

Result<Loaded> load_booster(const std::string& path) {
  CAIRN_TRY_ASSIGN(auto file, read_model_file(path));
  auto booster = file.rewritten ? Booster::load_buffer(*file.rewritten) : Booster::load_file(path);
  if (!booster.ok()) return std::move(booster).error();
  return Loaded{std::move(booster).value(), file.intercepts_folded};
}

int thread_count(const InstanceOptions& options, int fallback) {
  auto it = options.environment.find("XGBOOST_NTHREAD");
  if (it == options.environment.end()) return fallback;
  int threads = std::atoi(it->second.c_str());
  return threads >= 0 ? threads : fallback;  // 0: XGBoost's default, every core
}

}  // namespace

bool XgboostRuntime::supports(const ModelSource& model) const {
  return xgboost_flavor(model) != nullptr;
}

Result<std::unique_ptr<ModelInstance>> XgboostRuntime::start(const ModelSource& model, const InstanceOptions& options) {
  const auto* flavor = xgboost_flavor(model);
  if (flavor == nullptr) return Error::validation("flavor", "the model has no xgboost flavor with a data file");
  CAIRN_TRY_ASSIGN(auto kind, model_class(*flavor));
  auto path = (std::filesystem::path(model.model_dir) / (*flavor)["data"].get<std::string>()).string();
  CAIRN_TRY_ASSIGN(auto loaded, load_booster(path));
  auto booster = std::move(loaded.booster);
  CAIRN_TRY(booster->set_param("nthread", std::to_string(thread_count(options, default_threads_)).c_str()));

  OutputRule rule;
  rule.semantics = kind.semantics;
  CAIRN_TRY_ASSIGN(rule.objective, booster->objective());
  rule.sklearn = kind.sklearn;
  rule.intercepts_folded = loaded.intercepts_folded;
  if (kind.sklearn) {
    if (auto best = booster->attribute("best_iteration")) rule.best_iteration_end = std::atoi(best->c_str()) + 1;
  }
  auto layout = FeatureLayout::make(booster->num_features(), booster->feature_names(), model.mlmodel);

  // One row of missing values: configures the learner now rather than inside the first requests,
  // proves the model predicts, and gives the output's width for empty batches.
  std::vector<float> probe(static_cast<size_t>(layout.count), std::numeric_limits<float>::quiet_NaN());
  CAIRN_TRY_ASSIGN(auto sample, booster->predict_dense(probe.data(), 1, layout.count));
  int64_t width = sample.shape.size() > 1 ? sample.shape[1] : 1;

  auto instance = std::make_unique<XgboostInstance>(std::move(booster), std::move(layout), std::move(rule),
                                                    ParamsSchema::from_mlmodel(model.mlmodel), width, options.on_state);
  if (options.on_state) options.on_state(instance->status());
  return std::unique_ptr<ModelInstance>(std::move(instance));
}

}  // namespace cairn::runtime::xgboost
