#pragma once

#include "modelserver/model_server_settings.hpp"

namespace cairn::app {

/// `cairn serve-model`: serves one deployment, the model server of the Kubernetes target
/// (deploy/kubernetes/kubernetes_manifests.hpp). Exit codes: 0 after SIGTERM, 1 when the model
/// cannot be fetched or loaded (the pod restarts and its log says why), 2 for invalid settings.
int run_serve_model(const modelserver::ModelServerFlags& flags);

}  // namespace cairn::app
