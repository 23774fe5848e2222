#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.hpp"
#include "deploy/deployment_config.hpp"

/// What `cairn serve-model` runs with: the contract of the pods the Kubernetes target renders
/// (deploy/kubernetes/kubernetes_manifests.hpp) — four flags, and the rest as CAIRN_* variables
/// from the deployment's ConfigMap and Secret.
namespace cairn::modelserver {

/// The flags as given on the command line.
struct ModelServerFlags {
  std::string cairn_url;
  std::string deployment;  ///< <org>/<project>/<deployment>
  int port = 8080;
  std::string work_dir;
};

struct ModelServerSettings {
  std::string cairn_url;  ///< without a trailing '/'
  std::string token;      ///< CAIRN_TOKEN: an API key that may read the model version
  std::string org;
  std::string project;
  std::string deployment;
  std::string endpoint_name;  ///< names the model in the Open Inference paths
  int64_t revision = 1;
  std::string model;
  int64_t model_version = 0;
  std::string python;  ///< CAIRN_PYTHON: the interpreter of the python runtime
  int port = 8080;
  std::string work_dir;
  /// The revision's configuration. One pod is one worker of the deployment (Kubernetes scales the
  /// pods between workers.min and workers.max), so workers.min = workers.max = 1 here. The
  /// deployment's env and secrets reach the workers through the pod's environment, not through it.
  deploy::DeploymentConfig config;
};

/// Reads the flags and the environment (through `getenv`). A bad value is a validation error whose
/// field names the variable or flag ("CAIRN_MAX_BATCH_SIZE", "--deployment").
Result<ModelServerSettings> read_model_server_settings(const ModelServerFlags& flags,
                                                       const std::function<const char*(const char*)>& getenv);

}  // namespace cairn::modelserver
