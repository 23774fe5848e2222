#pragma once

#include <map>
#include <string>
#include <vector>

/// What the Kubernetes target needs to know about one revision of a deployment, as plain values:
/// the renderer (kubernetes_manifests.hpp) stays a pure function that tests can feed directly, and
/// it depends on nothing of the storage or service layers (the service fills this in).
namespace cairn::deploy {

/// How the HorizontalPodAutoscaler measures load.
enum class KubernetesScaleMetric {
  /// A Pods metric: the average in-flight requests per pod (kInFlightMetricName, exported by the
  /// model server's /metrics) against `target_in_flight`. It follows the deployment's own
  /// autoscaling setting, but needs a custom-metrics adapter (e.g. prometheus-adapter) in the
  /// cluster. The default: it is what config.autoscaling means.
  in_flight,
  /// CPU utilization against `target_cpu_utilization` percent of the CPU request: works on any
  /// cluster with metrics-server. Needs `cpu` set (utilization is relative to the request).
  cpu,
};

/// The Prometheus series the model server exports per pod for the in-flight HPA metric.
inline constexpr const char* kInFlightMetricName = "cairn_deployment_in_flight_requests";

/// The image built by deploy/model-server.Dockerfile keeps the cairn Python package here.
inline constexpr const char* kModelServerPython = "/opt/cairn/venv/bin/python";

struct KubernetesDeployment {
  // Where and what runs.
  std::string namespace_name = "default";  ///< an existing namespace (a DNS-1123 label)
  std::string image;                       ///< the model-server image (deploy/model-server.Dockerfile)
  std::string image_pull_policy = "IfNotPresent";
  std::string cairn_url;                    ///< how pods reach the Cairn server, e.g. http://cairn.cairn.svc:8080
  std::string cairn_token;                  ///< an API key that may read the model; goes to the Secret only
  std::string python = kModelServerPython;  ///< the runtime's interpreter inside the image

  // Which deployment and revision: names as Cairn knows them (any characters; the renderer
  // derives valid Kubernetes names and label values from them).
  std::string org;
  std::string project;
  std::string deployment;
  std::string endpoint_name;  ///< unique across the server; the resources are named after it
  int revision = 1;
  std::string model;          ///< registered model name
  std::string model_version;  ///< the version this revision serves

  // The deployment's configuration (docs/adr/0003-deployments-and-serving.md, `config`).
  std::string runtime = "auto";
  std::string env_manager = "local";
  int workers_min = 1;  ///< HPA minReplicas: one pod is one worker of the deployment
  int workers_max = 2;  ///< HPA maxReplicas
  int target_in_flight = 8;
  int scale_down_delay_seconds = 300;
  KubernetesScaleMetric scale_metric = KubernetesScaleMetric::in_flight;
  int target_cpu_utilization = 70;  ///< percent, for KubernetesScaleMetric::cpu
  int max_batch_size = 32;
  std::vector<int> preferred_batch_sizes;
  int max_queue_delay_ms = 5;
  int max_queue_size = 1024;
  int timeout_ms = 30000;
  int max_rows = 10000;
  bool cache_enabled = false;
  int cache_ttl_seconds = 300;
  int cache_max_entries = 10000;
  double sampling_rate = 1.0;
  /// The deployment's rate limit, which each pod applies to what it receives (pods share no counter).
  double rate_limit_per_second = 0;
  int rate_limit_burst = 0;
  std::string cpu;                             ///< a Kubernetes quantity ("500m", "2"); empty: no request or limit
  std::string memory;                          ///< a Kubernetes quantity ("1Gi"); empty: no request or limit
  std::map<std::string, std::string> env;      ///< plain variables: to the ConfigMap
  std::map<std::string, std::string> secrets;  ///< to the Secret, never to the ConfigMap
};

}  // namespace cairn::deploy
