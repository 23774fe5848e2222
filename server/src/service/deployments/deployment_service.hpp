#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "deploy/kubernetes/kubectl.hpp"
#include "service/deployments/deployment_access.hpp"
#include "service/service_context.hpp"
#include "storage/deployments/deployment_records.hpp"

namespace cairn::service {

/// One change between two revisions, by the path of the field ("config.batching.max_batch_size").
struct RevisionChange {
  std::string path;
  nlohmann::json from;
  nlohmann::json to;
};

/// Deployments of registered models: create, change (each change of model or configuration is a
/// new immutable revision), roll back, split traffic, stop and start, delete; their events.
/// Running them is the supervisor's (DeploymentSupervisor); this class records what is wanted and
/// tells the supervisor through `on_change`.
class DeploymentService {
 public:
  explicit DeploymentService(ServiceContext& ctx) : ctx_(ctx) {}

  /// Called with a deployment's id after every change that the supervisor must act on.
  void set_on_change(std::function<void(const std::string&)> on_change) { on_change_ = std::move(on_change); }

  /// Body: {name, environment, source, target?, endpoint_name?, config?}.
  Result<storage::DeploymentRecord> create(const Caller& caller, const TrackingScope& scope,
                                           const nlohmann::json& body);
  Result<std::vector<storage::DeploymentRecord>> list(const Caller& caller, const TrackingScope& scope,
                                                      const std::optional<std::string>& environment);
  Result<storage::DeploymentRecord> get(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  /// Body: {source?, config?}; a new revision when the version or the configuration changes.
  Result<storage::DeploymentRecord> update(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                           const nlohmann::json& body);
  Status remove(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  Result<storage::DeploymentRecord> set_running(const Caller& caller, const TrackingScope& scope,
                                                const std::string& ref, bool running);
  Result<storage::DeploymentRecord> rollback(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                             int64_t revision);
  /// Body: {routes: [{revision, weight}], shadow: {revision, percent} | null}.
  Result<storage::DeploymentRecord> set_traffic(const Caller& caller, const TrackingScope& scope,
                                                const std::string& ref, const nlohmann::json& body);

  Result<std::vector<storage::RevisionRecord>> revisions(const Caller& caller, const TrackingScope& scope,
                                                         const std::string& ref);
  Result<storage::RevisionRecord> revision(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                           int64_t number);
  Result<std::vector<RevisionChange>> diff(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                           int64_t from, int64_t to);
  Result<std::vector<storage::DeploymentEventRecord>> events(const Caller& caller, const TrackingScope& scope,
                                                             const std::string& ref, int limit);
  /// Kubernetes manifests for the deployment's current revision (ConfigMap, Secret, Deployment,
  /// Service, HorizontalPodAutoscaler, PodDisruptionBudget). They carry the deployment's secrets,
  /// so reading them takes the right to change the deployment. The pods' API key is `cairn_token`,
  /// or a placeholder to replace when empty.
  Result<std::string> manifests(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                const std::string& image, const std::string& cairn_token = {});

  /// The `kubernetes` target with a cluster configured (kubeconfig): kubectl and the model-server
  /// image its manifests name. Without it, apply and status answer 409 (download the manifests).
  void set_kubernetes(deploy::KubectlOptions kubectl, std::string image);
  /// The deployment, when the caller may apply it to the configured cluster (409 without one): what
  /// to check before issuing the pods a key (see ApiKeyService::issue_service_key).
  Result<DeploymentContext> kubernetes_apply_target(const Caller& caller, const TrackingScope& scope,
                                                    const std::string& ref);
  /// Applies the current revision's manifests to the cluster, with `api_key` (a Cairn API key with
  /// the scopes `read`, which the pods fetch the model with, and `monitor`, which they report their
  /// requests with) in their Secret. Audited, an event.
  Result<nlohmann::json> apply_to_kubernetes(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                             const std::string& api_key);
  /// The deployment's Kubernetes Deployment as the cluster reports it (replicas, conditions).
  Result<nlohmann::json> kubernetes_status(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  /// Whether the caller may call the deployment's inference API (Action::predict): false when the
  /// project is visible to them but predicting is not theirs; 404 when they cannot see it.
  Result<bool> may_predict(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  /// The deployment, checked for read access: for logs and statistics that live elsewhere.
  Result<DeploymentContext> authorize_read(const Caller& caller, const TrackingScope& scope, const std::string& ref);

  /// Rolls out a new revision for every deployment whose alias or stage now names another version
  /// (the supervisor calls it on its tick): returns the ids it changed.
  Result<std::vector<std::string>> follow_sources();

 private:
  /// The manifests of a deployment already found and authorized (see manifests()).
  Result<std::string> render_manifests(const DeploymentContext& ctx, const std::string& image,
                                       const std::string& cairn_token) const;
  /// A change to one deployment the caller may change: `apply` runs in one write transaction after
  /// the access check; the answer is the deployment read back, and the supervisor hears of it.
  Result<storage::DeploymentRecord> change(
      const Caller& caller, const TrackingScope& scope, const std::string& ref,
      const std::function<Status(storage::Connection&, const Principal&, const DeploymentContext&)>& apply);
  /// Writes revision n+1 of `d` and makes it current (with an event and an audit record).
  Status add_revision(storage::Connection& c, const Caller& caller, const std::string& actor,
                      const storage::DeploymentRecord& d, const std::string& model_id, int64_t version,
                      const std::string& config_json, const std::string& reason, const std::string& event_kind);
  void changed(const std::string& id) const {
    if (on_change_) on_change_(id);
  }

  ServiceContext& ctx_;
  std::function<void(const std::string&)> on_change_;
  std::optional<deploy::KubectlOptions> kubectl_;
  std::string model_server_image_;
};

/// Checks a deployment or environment name: lowercase letters, digits and '-', 1-63 characters,
/// starting with a letter or digit (a DNS label, so it can name Kubernetes objects).
Status validate_deployment_name(const std::string& name, const std::string& field);

}  // namespace cairn::service
