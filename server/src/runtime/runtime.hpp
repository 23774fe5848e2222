#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "serving/table.hpp"

/// Model runtimes, in Triton's shape (docs/adr/0003-deployments-and-serving.md): a Runtime is a
/// kind of execution (python, xgboost); it starts ModelInstances of one model; an instance
/// executes one batch at a time and answers it once. Batching, splitting a batch's answer among
/// its requests and retrying requests one by one after a failed batch are the gateway's
/// (serving/), not the runtime's.
namespace cairn::runtime {

/// A model version's files on local disk and what its MLmodel file says.
struct ModelSource {
  std::string model_dir;   ///< a directory holding MLmodel and the flavor's files
  nlohmann::json mlmodel;  ///< the MLmodel file as JSON (flavors, signature, ...)
  std::string framework;   ///< the registry's framework (sklearn, xgboost, onnx, pyfunc, ...)
};

/// A batch to execute: the inputs of one or more requests, concatenated, and their shared params.
struct Batch {
  serving::Table inputs;
  std::string params_json;  ///< MLflow `params` as a JSON object, or empty
};

using BatchDone = std::function<void(Result<serving::Prediction>)>;

/// Where an instance is in its life. The supervisor (deploy/local) acts on the changes.
enum class InstanceState { starting, ready, exited };

std::string_view to_string(InstanceState state);

struct InstanceStatus {
  InstanceState state = InstanceState::starting;
  int pid = 0;         ///< 0 for an in-process instance
  std::string reason;  ///< why it exited: "worker exited with code 1: ModuleNotFoundError: ..."
};

/// What an instance is started with.
struct InstanceOptions {
  std::map<std::string, std::string> environment;  ///< the deployment's variables and secrets
  std::string python;                              ///< interpreter for the python runtime
  std::chrono::milliseconds load_timeout{120000};
  /// Each line the instance writes (stdout, stderr); called from the instance's reader thread.
  std::function<void(std::string_view stream, std::string_view line)> on_log;
  /// Called on every state change, from any thread.
  std::function<void(const InstanceStatus&)> on_state;
};

/// One execution slot of a model: a worker process, or a model loaded in this process.
class ModelInstance {
 public:
  virtual ~ModelInstance() = default;
  /// Runs one batch; `done` is called exactly once, from any thread. An instance runs one batch
  /// at a time: the gateway sends the next one after `done`. A model exception is an error
  /// (ErrorCode::internal with the model's message); an instance that died answers unavailable.
  virtual void execute(Batch batch, BatchDone done) = 0;
  virtual InstanceStatus status() const = 0;
  /// Stops the instance (SIGTERM, then SIGKILL after `grace`); idempotent.
  virtual void stop(std::chrono::milliseconds grace) = 0;
};

/// A kind of model execution.
class Runtime {
 public:
  virtual ~Runtime() = default;
  virtual std::string_view name() const = 0;
  /// Whether this runtime can serve the model (by its flavors).
  virtual bool supports(const ModelSource& model) const = 0;
  /// Starts an instance. It may still be loading when this returns (state `starting`); it reports
  /// `ready` or `exited` through `options.on_state`.
  virtual Result<std::unique_ptr<ModelInstance>> start(const ModelSource& model, const InstanceOptions& options) = 0;
};

}  // namespace cairn::runtime
