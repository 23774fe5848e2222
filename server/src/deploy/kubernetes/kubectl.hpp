#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace cairn::deploy {

struct KubectlOptions {
  std::string kubectl = "kubectl";  ///< the binary (on PATH or a path)
  std::string kubeconfig;           ///< the cluster and credentials
  std::string namespace_name = "default";
  std::chrono::seconds timeout{60};
};

/// The `kubernetes` target's hands on a cluster: it runs kubectl (the cluster's own client, so
/// every authentication plugin and kubeconfig feature works) with the configured kubeconfig and
/// namespace. Blocking: call it from a worker, never an I/O thread.
class Kubectl {
 public:
  explicit Kubectl(KubectlOptions options) : options_(std::move(options)) {}

  /// `kubectl apply --server-side --field-manager=cairn -f -` of a multi-document YAML stream;
  /// answers what kubectl printed (one line per object). A failure carries kubectl's own message.
  Result<std::string> apply(const std::string& manifests);
  /// The Deployment `name` as the cluster reports it, summarized: replicas (desired, updated,
  /// ready, available), the revision label its pods run, and its conditions. not_found when the
  /// cluster has no such Deployment.
  Result<nlohmann::json> deployment_status(const std::string& name);

 private:
  struct Outcome {
    int exit_code = -1;
    std::string out;
    std::string err;
  };
  Result<Outcome> run(const std::vector<std::string>& args, const std::string& input);

  KubectlOptions options_;
};

}  // namespace cairn::deploy
