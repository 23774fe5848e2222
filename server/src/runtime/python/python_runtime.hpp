#pragma once

#include <string>

#include "runtime/runtime.hpp"

namespace cairn::runtime::python {

/// The `python` runtime: each instance is a worker process of the `cairn` Python package that
/// loads any MLflow pyfunc model (sklearn, xgboost, lightgbm, pytorch, custom) or a raw ONNX file.
/// Pickled models are only ever loaded there, never in the server.
class PythonRuntime : public Runtime {
 public:
  /// `python`: the interpreter with the `cairn` package installed (a deployment may bring its own).
  explicit PythonRuntime(std::string python) : python_(std::move(python)) {}

  std::string_view name() const override { return "python"; }
  bool supports(const ModelSource& model) const override;
  Result<std::unique_ptr<ModelInstance>> start(const ModelSource& model, const InstanceOptions& options) override;

 private:
  std::string python_;
};

}  // namespace cairn::runtime::python
