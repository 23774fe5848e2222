// DeploymentService's `kubernetes` target with a cluster configured: apply and status through kubectl.
#include "common/clock.hpp"
#include "deploy/kubernetes/kubernetes_names.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/registry/registry_access.hpp"
#include "service/tenancy/api_key_service.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/deployments/deployment_store.hpp"

namespace cairn::service {

void DeploymentService::set_kubernetes(deploy::KubectlOptions kubectl, std::string image) {
  kubectl_ = std::move(kubectl);
  model_server_image_ = std::move(image);
}

namespace {

Error no_cluster() {
  return Error::conflict(
      "this server has no Kubernetes cluster configured (the kubeconfig setting); download the manifests and apply "
      "them yourself");
}

}  // namespace

Result<DeploymentContext> DeploymentService::kubernetes_apply_target(const Caller& caller, const TrackingScope& scope,
                                                                     const std::string& ref) {
  return ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<DeploymentContext> {
    if (!kubectl_) return no_cluster();
    return deployment_for(c, p, scope, ref, Action::deployment_write);
  });
}

Result<nlohmann::json> DeploymentService::apply_to_kubernetes(const Caller& caller, const TrackingScope& scope,
                                                              const std::string& ref, const std::string& api_key) {
  struct Applying {
    std::string yaml;
    storage::DeploymentRecord deployment;
  };
  CAIRN_TRY_ASSIGN(
      auto applying, ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<Applying> {
        if (!ApiKeyService::looks_like_key(api_key))
          return Error::validation(
              "api_key", "must be a Cairn API key (with the read and monitor scopes) for the model-server pods");
        if (!kubectl_) return no_cluster();
        // The right to change the deployment, as for downloading its manifests (they carry its secrets).
        CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_write));
        CAIRN_TRY_ASSIGN(auto yaml, render_manifests(ctx, model_server_image_, api_key));
        return Applying{std::move(yaml), std::move(ctx.deployment)};
      }));
  const auto& d = applying.deployment;
  // kubectl may take seconds: no database connection is held meanwhile.
  CAIRN_TRY_ASSIGN(auto output, deploy::Kubectl(*kubectl_).apply(applying.yaml));
  CAIRN_TRY(ctx_.write(caller, [&](storage::Connection& c, const Principal& p) -> Status {
    const int64_t now = now_ms();
    CAIRN_TRY_ASSIGN(auto actor, actor_name(c, p));
    const std::string what =
        "applied revision " + std::to_string(d.revision) + " to Kubernetes namespace " + kubectl_->namespace_name;
    CAIRN_TRY(storage::deployments::append_event(c, d.id, now, actor, "kubernetes_applied", what));
    return record_audit(c, caller, d.org_id, "deployment.kubernetes_apply", "deployment", d.id,
                        {{"revision", d.revision}, {"namespace", kubectl_->namespace_name}});
  }));
  return nlohmann::json{{"namespace", kubectl_->namespace_name},
                        {"name", deploy::kubernetes_resource_name(d.endpoint_name)},
                        {"revision", d.revision},
                        {"output", output}};
}

Result<nlohmann::json> DeploymentService::kubernetes_status(const Caller& caller, const TrackingScope& scope,
                                                            const std::string& ref) {
  CAIRN_TRY_ASSIGN(auto name, ctx_.read(caller, [&](storage::Connection& c, const Principal& p) -> Result<std::string> {
    CAIRN_TRY_ASSIGN(auto ctx, deployment_for(c, p, scope, ref, Action::deployment_read));
    return deploy::kubernetes_resource_name(ctx.deployment.endpoint_name);
  }));
  if (!kubectl_) return no_cluster();
  return deploy::Kubectl(*kubectl_).deployment_status(name);
}

}  // namespace cairn::service
