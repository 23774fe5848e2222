#include "runtime/python/python_runtime.hpp"

#include "runtime/python/worker_process.hpp"

namespace cairn::runtime::python {

bool PythonRuntime::supports(const ModelSource& model) const {
  const auto flavors = model.mlmodel.find("flavors");
  if (flavors != model.mlmodel.end() && flavors->is_object()) return flavors->contains("python_function");
  return model.framework == "onnx";  // a raw .onnx upload: the worker runs it with onnxruntime
}

Result<std::unique_ptr<ModelInstance>> PythonRuntime::start(const ModelSource& model, const InstanceOptions& options) {
  WorkerCommand command;
  command.python = options.python.empty() ? python_ : options.python;
  command.model_dir = model.model_dir;
  command.environment = options.environment;
  CAIRN_TRY_ASSIGN(auto worker, WorkerProcess::spawn(command, options));
  return std::unique_ptr<ModelInstance>(std::move(worker));
}

}  // namespace cairn::runtime::python
