#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// The one file that includes XGBoost's C API: a loaded booster of Debian's libxgboost (1.7.4)
/// behind our types, every failure an Error carrying XGBoost's own message (first line only,
/// without its stack trace).
namespace cairn::runtime::xgboost {

class Booster {
 public:
  /// Loads a model file (JSON, UBJSON or the legacy binary) as XGBoosterLoadModel reads it.
  static Result<std::shared_ptr<Booster>> load_file(const std::string& path);
  /// Loads a model from memory (a JSON document rewritten by legacy_model.hpp).
  static Result<std::shared_ptr<Booster>> load_buffer(std::string_view bytes);

  ~Booster();
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;

  /// Features the model was trained with.
  int64_t num_features() const { return num_features_; }
  /// The training data's column names, in the model's order; empty when it had none (a matrix).
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  /// A learner attribute (`best_iteration`, `scikit_learn`, ...), nullopt when not set.
  std::optional<std::string> attribute(const char* key) const;
  int boosted_rounds() const;
  /// The objective's name ("binary:logistic", "multi:softprob", ...), from the learner's config.
  Result<std::string> objective() const;
  /// Sets a learner parameter (`nthread`).
  Status set_param(const char* name, const char* value);

  /// The shape and values of one prediction: 1-D (rows) or 2-D (rows, k).
  struct Output {
    std::vector<int64_t> shape;
    std::vector<float> values;
  };
  /// Predicts a dense row-major float32 matrix (NaN = missing) with inplace prediction
  /// (XGBoosterPredictFromDense), which XGBoost documents as thread-safe: the output buffer is
  /// thread-local to the learner, so instances may call this from several threads at once.
  /// `margin`: the raw margins (output_margin), else the objective's output; the trees
  /// [iteration_begin, iteration_end), `iteration_end` 0 meaning every tree.
  Result<Output> predict_dense(const float* values, int64_t rows, int64_t columns, bool margin = false,
                               int iteration_begin = 0, int iteration_end = 0) const;

 private:
  explicit Booster(void* handle) : handle_(handle) {}
  Status read_metadata();

  void* handle_;  ///< BoosterHandle
  int64_t num_features_ = 0;
  std::vector<std::string> feature_names_;
};

/// "1.7.4": the library this process linked.
std::string library_version();

}  // namespace cairn::runtime::xgboost
