#pragma once

#include <string>

#include "common/result.hpp"
#include "deploy/kubernetes/kubernetes_deployment.hpp"

/// The `kubernetes` deployment target's manifests (DESIGN.md D10, D18). A revision of a deployment
/// becomes six objects, all named kubernetes_resource_name(endpoint_name) in `namespace_name`:
///
/// - ConfigMap: the non-secret settings as environment variables (the CAIRN_* keys below and the
///   deployment's `env`);
/// - Secret (Opaque, base64 `data`): CAIRN_TOKEN and the deployment's `secrets` — a secret value
///   is never written anywhere else;
/// - Deployment (apps/v1): pods running the model server, no `replicas` (the HPA owns the count,
///   and `kubectl apply` would reset it otherwise), rolling updates that never go below capacity;
/// - Service (ClusterIP, port 80 → the pods' 8080);
/// - HorizontalPodAutoscaler (autoscaling/v2): workers.min..workers.max pods on the in-flight
///   Pods metric or on CPU (KubernetesScaleMetric), scale-down stabilized for
///   scale_down_delay_seconds;
/// - PodDisruptionBudget (policy/v1): minAvailable 1 when at least two pods run, else
///   maxUnavailable 1 (minAvailable 1 of 1 would block every node drain).
///
/// Labels: app.kubernetes.io/{name: cairn-model-server, instance: <resource name>, component:
/// model-server, managed-by: cairn} and cairn.dev/{org, project, deployment, revision}; the
/// selectors use name + instance only, so a new revision rolls the same Deployment. Annotations
/// carry the exact Cairn names when labels had to shorten them.
///
/// The model server is the `cairn` binary in its one-deployment mode, started as
///
///     cairn serve-model --cairn-url $(CAIRN_URL) --deployment <org>/<project>/<deployment>
///                       --port 8080 --work-dir /var/lib/cairn
///
///   --cairn-url    the Cairn server it fetches the model of CAIRN_REVISION from, authenticated
///                  with the API key in the CAIRN_TOKEN environment variable;
///   --deployment   which deployment it serves (org, project and deployment names);
///   --port         where it serves the inference API (MLflow invocations and Open Inference v2,
///                  including /v2/health/live and /v2/health/ready used by the probes) and /metrics;
///   --work-dir     a writable directory (an emptyDir) for the model files and virtual
///                  environments: the root filesystem is read-only.
/// It reads the rest of its settings from the environment (the ConfigMap): CAIRN_URL, CAIRN_ORG,
/// CAIRN_PROJECT, CAIRN_DEPLOYMENT, CAIRN_ENDPOINT_NAME, CAIRN_REVISION, CAIRN_MODEL,
/// CAIRN_MODEL_VERSION, CAIRN_RUNTIME, CAIRN_ENV_MANAGER, CAIRN_PYTHON (the runtime's
/// interpreter), CAIRN_MAX_BATCH_SIZE, CAIRN_PREFERRED_BATCH_SIZES (comma-separated),
/// CAIRN_MAX_QUEUE_DELAY_MS, CAIRN_MAX_QUEUE_SIZE, CAIRN_TIMEOUT_MS, CAIRN_MAX_ROWS,
/// CAIRN_CACHE_ENABLED (true|false), CAIRN_CACHE_TTL_SECONDS, CAIRN_CACHE_MAX_ENTRIES,
/// CAIRN_SAMPLING_RATE. The deployment's own `env` and `secrets` reach it (and its workers) the
/// same way; their names must be C identifiers and may not reuse these keys, nor HOME and TMPDIR
/// (set to the writable emptyDirs).
namespace cairn::deploy {

/// The manifests of `spec` as one multi-document YAML stream, ready for `kubectl apply -f -`.
/// A validation error names the field at fault ("workers_max", "env.1BAD", "cpu") when the spec
/// cannot make valid objects; the renderer never emits a manifest the API server would reject for
/// a reason it can see.
Result<std::string> render_kubernetes_manifests(const KubernetesDeployment& spec);

}  // namespace cairn::deploy
