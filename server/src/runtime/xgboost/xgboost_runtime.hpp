#pragma once

#include "runtime/runtime.hpp"

namespace cairn::runtime::xgboost {

/// The `xgboost` runtime (DESIGN D8): MLflow xgboost-flavor models executed in the server process
/// through Debian's libxgboost (1.7.4), with no Python on the path. An instance answers what
/// MLflow's pyfunc answers for the same model and input (mlflow/xgboost `_XGBModelWrapper.predict`):
/// a native Booster gives its raw prediction (probabilities for binary:logistic, a rows x classes
/// matrix for multi:softprob) as float32; the sklearn wrappers their `predict`: XGBClassifier
/// class labels (int64; int32 for multi:softmax), XGBRegressor / XGBRanker values (float32), both
/// using the trees up to `best_iteration` when the model was stopped early. MLflow `params` apply
/// as pyfunc applies them (predict_params.hpp). Columns are matched to features by name
/// (feature_layout.hpp).
///
/// Instances are loaded synchronously by start() and run `execute` inline on the caller's thread;
/// inplace prediction is thread-safe, so one instance may be executed from several threads at once
/// (the gateway may still treat it as one slot). Model files of Python XGBoost >= 3.1 are adapted or
/// refused as model_file.hpp explains.
class XgboostRuntime final : public Runtime {
 public:
  /// Whether an instance predicts with one OpenMP thread (the default: requests are small and the
  /// gateway runs instances side by side) or with all cores (XGBOOST_NTHREAD in the deployment's
  /// environment overrides it per deployment).
  explicit XgboostRuntime(int default_threads = 1) : default_threads_(default_threads) {}

  std::string_view name() const override { return "xgboost"; }
  /// True when the MLmodel has an `xgboost` flavor with a `data` file.
  bool supports(const ModelSource& model) const override;
  /// Loads the booster; the instance is `ready` when this returns. A validation error names what
  /// cannot be served (an unknown model class, a model file libxgboost cannot read).
  Result<std::unique_ptr<ModelInstance>> start(const ModelSource& model, const InstanceOptions& options) override;

 private:
  int default_threads_;
};

}  // namespace cairn::runtime::xgboost
