#include "deploy/kubernetes/kubernetes_manifests.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "common/crypto.hpp"
#include "deploy/kubernetes/kubernetes_names.hpp"
#include "deploy/kubernetes/yaml_documents.hpp"

namespace cairn::deploy {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kContainerPort = 8080;
constexpr int kServicePort = 80;
constexpr const char* kWorkDir = "/var/lib/cairn";
/// The image's non-root user (deploy/model-server.Dockerfile creates it with this id).
constexpr int kUserId = 10001;
/// What the API server accepts for behavior.scaleDown.stabilizationWindowSeconds.
constexpr int kMaxStabilizationSeconds = 3600;

/// The keys the model server reads; a deployment's env or secrets may not shadow them.
const std::set<std::string>& reserved_keys() {
  static const std::set<std::string> keys = {
      "CAIRN_URL",
      "CAIRN_TOKEN",
      "CAIRN_ORG",
      "CAIRN_PROJECT",
      "CAIRN_DEPLOYMENT",
      "CAIRN_ENDPOINT_NAME",
      "CAIRN_REVISION",
      "CAIRN_MODEL",
      "CAIRN_MODEL_VERSION",
      "CAIRN_RUNTIME",
      "CAIRN_ENV_MANAGER",
      "CAIRN_PYTHON",
      "CAIRN_MAX_BATCH_SIZE",
      "CAIRN_PREFERRED_BATCH_SIZES",
      "CAIRN_MAX_QUEUE_DELAY_MS",
      "CAIRN_MAX_QUEUE_SIZE",
      "CAIRN_TIMEOUT_MS",
      "CAIRN_MAX_ROWS",
      "CAIRN_CACHE_ENABLED",
      "CAIRN_CACHE_TTL_SECONDS",
      "CAIRN_CACHE_MAX_ENTRIES",
      "CAIRN_SAMPLING_RATE",
      "CAIRN_RATE_LIMIT_PER_SECOND",
      "CAIRN_RATE_LIMIT_BURST",
      "HOME",
      "TMPDIR",
  };
  return keys;
}

bool matches(const std::string& text, const char* pattern) {
  return std::regex_match(text, std::regex(pattern));
}

Status check_variables(const std::map<std::string, std::string>& vars, const std::string& field,
                       const std::map<std::string, std::string>& other) {
  for (const auto& [key, value] : vars) {
    std::string at = field + "." + key;
    if (!matches(key, "[A-Za-z_][A-Za-z0-9_]*")) {
      return Error::validation(at, "a variable name is letters, digits and '_', not starting with a digit");
    }
    if (reserved_keys().count(key) != 0) return Error::validation(at, "this name is set by Cairn's model server");
    if (other.count(key) != 0) return Error::validation(at, "the same name is both a variable and a secret");
  }
  return {};
}

Status check_quantity(const std::string& value, const std::string& field) {
  if (value.empty() || matches(value, R"([0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)")) return {};
  return Error::validation(field, "not a Kubernetes quantity (e.g. \"500m\", \"2\", \"1Gi\")");
}

Status validate(const KubernetesDeployment& s) {
  if (s.namespace_name.size() > 63 || !matches(s.namespace_name, "[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
    return Error::validation("namespace", "a namespace is a DNS-1123 label: lower-case letters, digits and '-'");
  }
  if (s.image.empty() || matches(s.image, R"(.*\s.*)")) {
    return Error::validation("image", "the model-server image reference is required, without spaces");
  }
  if (s.image_pull_policy != "Always" && s.image_pull_policy != "IfNotPresent" && s.image_pull_policy != "Never") {
    return Error::validation("image_pull_policy", "one of Always, IfNotPresent, Never");
  }
  if (!matches(s.cairn_url, R"(https?://\S+)")) {
    return Error::validation("cairn_url", "the URL the pods reach Cairn at (http:// or https://)");
  }
  if (s.cairn_token.empty()) return Error::validation("cairn_token", "the model server needs an API key");
  if (s.python.empty()) return Error::validation("python", "the runtime's interpreter is required");
  for (const auto& [field, value] :
       {std::pair{"org", &s.org}, std::pair{"project", &s.project}, std::pair{"deployment", &s.deployment},
        std::pair{"endpoint_name", &s.endpoint_name}}) {
    if (value->empty()) return Error::validation(field, "required");
  }
  if (s.revision < 1) return Error::validation("revision", "revisions start at 1");
  if (s.workers_min < 1) return Error::validation("workers_min", "at least one pod");
  if (s.workers_max < s.workers_min) return Error::validation("workers_max", "at least workers_min");
  if (s.scale_down_delay_seconds < 0 || s.scale_down_delay_seconds > kMaxStabilizationSeconds) {
    return Error::validation("scale_down_delay_seconds", "between 0 and 3600 on Kubernetes");
  }
  if (s.scale_metric == KubernetesScaleMetric::in_flight && s.target_in_flight < 1) {
    return Error::validation("target_in_flight", "at least 1");
  }
  if (s.scale_metric == KubernetesScaleMetric::cpu) {
    if (s.target_cpu_utilization < 1) return Error::validation("target_cpu_utilization", "at least 1 percent");
    if (s.cpu.empty()) return Error::validation("cpu", "scaling on CPU needs a CPU request");
  }
  if (s.timeout_ms < 1) return Error::validation("timeout_ms", "at least 1");
  if (auto st = check_quantity(s.cpu, "cpu"); !st) return st;
  if (auto st = check_quantity(s.memory, "memory"); !st) return st;
  if (auto st = check_variables(s.env, "env", s.secrets); !st) return st;
  return check_variables(s.secrets, "secrets", s.env);
}

std::string join(const std::vector<int>& values) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << values[i];
  return out.str();
}

/// The names and labels every object of one revision shares.
struct Identity {
  std::string name;
  Json selector;  ///< stable across revisions: a Deployment's selector is immutable
  Json labels;
  Json annotations;
};

Identity identity_of(const KubernetesDeployment& s) {
  Identity id;
  id.name = kubernetes_resource_name(s.endpoint_name);
  id.selector = {{"app.kubernetes.io/name", "cairn-model-server"}, {"app.kubernetes.io/instance", id.name}};
  id.labels = id.selector;
  id.labels["app.kubernetes.io/component"] = "model-server";
  id.labels["app.kubernetes.io/managed-by"] = "cairn";
  id.labels["cairn.dev/org"] = kubernetes_label_value(s.org);
  id.labels["cairn.dev/project"] = kubernetes_label_value(s.project);
  id.labels["cairn.dev/deployment"] = kubernetes_label_value(s.deployment);
  id.labels["cairn.dev/revision"] = std::to_string(s.revision);
  id.annotations = {{"cairn.dev/org", s.org},
                    {"cairn.dev/project", s.project},
                    {"cairn.dev/deployment", s.deployment},
                    {"cairn.dev/endpoint-name", s.endpoint_name}};
  return id;
}

Json object(const char* api_version, const char* kind, const Identity& id, const std::string& ns) {
  return {{"apiVersion", api_version},
          {"kind", kind},
          {"metadata", {{"name", id.name}, {"namespace", ns}, {"labels", id.labels}, {"annotations", id.annotations}}}};
}

Json config_map(const KubernetesDeployment& s, const Identity& id) {
  Json data = {
      {"CAIRN_URL", s.cairn_url},
      {"CAIRN_ORG", s.org},
      {"CAIRN_PROJECT", s.project},
      {"CAIRN_DEPLOYMENT", s.deployment},
      {"CAIRN_ENDPOINT_NAME", s.endpoint_name},
      {"CAIRN_REVISION", std::to_string(s.revision)},
      {"CAIRN_MODEL", s.model},
      {"CAIRN_MODEL_VERSION", s.model_version},
      {"CAIRN_RUNTIME", s.runtime},
      {"CAIRN_ENV_MANAGER", s.env_manager},
      {"CAIRN_PYTHON", s.python},
      {"CAIRN_MAX_BATCH_SIZE", std::to_string(s.max_batch_size)},
      {"CAIRN_PREFERRED_BATCH_SIZES", join(s.preferred_batch_sizes)},
      {"CAIRN_MAX_QUEUE_DELAY_MS", std::to_string(s.max_queue_delay_ms)},
      {"CAIRN_MAX_QUEUE_SIZE", std::to_string(s.max_queue_size)},
      {"CAIRN_TIMEOUT_MS", std::to_string(s.timeout_ms)},
      {"CAIRN_MAX_ROWS", std::to_string(s.max_rows)},
      {"CAIRN_CACHE_ENABLED", s.cache_enabled ? "true" : "false"},
      {"CAIRN_CACHE_TTL_SECONDS", std::to_string(s.cache_ttl_seconds)},
      {"CAIRN_CACHE_MAX_ENTRIES", std::to_string(s.cache_max_entries)},
      {"CAIRN_SAMPLING_RATE", nlohmann::json(s.sampling_rate).dump()},
      {"CAIRN_RATE_LIMIT_PER_SECOND", nlohmann::json(s.rate_limit_per_second).dump()},
      {"CAIRN_RATE_LIMIT_BURST", std::to_string(s.rate_limit_burst)},
  };
  for (const auto& [key, value] : s.env) data[key] = value;
  Json doc = object("v1", "ConfigMap", id, s.namespace_name);
  doc["data"] = std::move(data);
  return doc;
}

Json secret(const KubernetesDeployment& s, const Identity& id) {
  Json data = {{"CAIRN_TOKEN", crypto::base64_encode(s.cairn_token)}};
  for (const auto& [key, value] : s.secrets) data[key] = crypto::base64_encode(value);
  Json doc = object("v1", "Secret", id, s.namespace_name);
  doc["type"] = "Opaque";
  doc["data"] = std::move(data);
  return doc;
}

Json container(const KubernetesDeployment& s, const Identity& id) {
  Json resources = Json::object();
  Json amounts = Json::object();
  if (!s.cpu.empty()) amounts["cpu"] = s.cpu;
  if (!s.memory.empty()) amounts["memory"] = s.memory;
  if (!amounts.empty()) {
    // Limits equal to requests: the pod gets the Guaranteed QoS class and is evicted last.
    resources = {{"requests", amounts}, {"limits", amounts}};
  }
  auto probe = [](const char* path, int initial_delay, int period) {
    return Json{{"httpGet", {{"path", path}, {"port", "http"}}},
                {"initialDelaySeconds", initial_delay},
                {"periodSeconds", period},
                {"timeoutSeconds", 2},
                {"failureThreshold", 3}};
  };
  return {
      {"name", "model-server"},
      {"image", s.image},
      {"imagePullPolicy", s.image_pull_policy},
      {"command", Json::array({"cairn"})},
      {"args",
       {"serve-model", "--cairn-url", "$(CAIRN_URL)", "--deployment", s.org + "/" + s.project + "/" + s.deployment,
        "--port", std::to_string(kContainerPort), "--work-dir", kWorkDir}},
      {"ports", {{{"name", "http"}, {"containerPort", kContainerPort}, {"protocol", "TCP"}}}},
      // Explicit entries, so that $(CAIRN_URL) in args expands whatever envFrom holds.
      {"env",
       {{{"name", "CAIRN_URL"}, {"valueFrom", {{"configMapKeyRef", {{"name", id.name}, {"key", "CAIRN_URL"}}}}}},
        {{"name", "CAIRN_TOKEN"}, {"valueFrom", {{"secretKeyRef", {{"name", id.name}, {"key", "CAIRN_TOKEN"}}}}}},
        {{"name", "HOME"}, {"value", kWorkDir}},
        {{"name", "TMPDIR"}, {"value", "/tmp"}}}},
      {"envFrom", {{{"configMapRef", {{"name", id.name}}}}, {{"secretRef", {{"name", id.name}}}}}},
      {"resources", std::move(resources)},
      // Ready once the model is loaded; live as long as the server answers at all.
      {"readinessProbe", probe("/v2/health/ready", 0, 5)},
      {"livenessProbe", probe("/v2/health/live", 10, 10)},
      {"securityContext",
       {{"allowPrivilegeEscalation", false},
        {"readOnlyRootFilesystem", true},
        {"runAsNonRoot", true},
        {"capabilities", {{"drop", Json::array({"ALL"})}}}}},
      {"volumeMounts", {{{"name", "work"}, {"mountPath", kWorkDir}}, {{"name", "tmp"}, {"mountPath", "/tmp"}}}},
  };
}

Json deployment(const KubernetesDeployment& s, const Identity& id) {
  // Long enough for the requests in flight to finish once the pod stops receiving new ones.
  int grace_seconds = std::max(30, s.timeout_ms / 1000 + 10);
  Json pod_annotations = id.annotations;
  pod_annotations["prometheus.io/scrape"] = "true";
  pod_annotations["prometheus.io/port"] = std::to_string(kContainerPort);
  pod_annotations["prometheus.io/path"] = "/metrics";
  // Environment from a Secret is read when a pod starts: a new key (Cairn issues the pods a fresh one
  // on every apply) or a changed secret changes this hash, so the pods roll and pick it up.
  pod_annotations["cairn.dev/secret-checksum"] = crypto::sha256_hex(secret(s, id)["data"].dump());
  Json pod = {
      {"automountServiceAccountToken", false},  // the model server never calls the Kubernetes API
      {"terminationGracePeriodSeconds", grace_seconds},
      {"securityContext",
       {{"runAsNonRoot", true},
        {"runAsUser", kUserId},
        {"runAsGroup", kUserId},
        {"fsGroup", kUserId},
        {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
      {"containers", Json::array({container(s, id)})},
      {"volumes", {{{"name", "work"}, {"emptyDir", Json::object()}}, {{"name", "tmp"}, {"emptyDir", Json::object()}}}},
  };
  Json doc = object("apps/v1", "Deployment", id, s.namespace_name);
  doc["spec"] = {
      {"selector", {{"matchLabels", id.selector}}},
      {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}, {"maxUnavailable", 0}}}}},
      {"template", {{"metadata", {{"labels", id.labels}, {"annotations", pod_annotations}}}, {"spec", pod}}},
  };
  return doc;
}

Json service(const KubernetesDeployment& s, const Identity& id) {
  Json doc = object("v1", "Service", id, s.namespace_name);
  doc["spec"] = {
      {"type", "ClusterIP"},
      {"selector", id.selector},
      {"ports", {{{"name", "http"}, {"port", kServicePort}, {"targetPort", "http"}, {"protocol", "TCP"}}}},
  };
  return doc;
}

Json autoscaler(const KubernetesDeployment& s, const Identity& id) {
  Json metric;
  if (s.scale_metric == KubernetesScaleMetric::in_flight) {
    metric = {{"type", "Pods"},
              {"pods",
               {{"metric", {{"name", kInFlightMetricName}}},
                {"target", {{"type", "AverageValue"}, {"averageValue", std::to_string(s.target_in_flight)}}}}}};
  } else {
    metric = {
        {"type", "Resource"},
        {"resource",
         {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", s.target_cpu_utilization}}}}}};
  }
  Json doc = object("autoscaling/v2", "HorizontalPodAutoscaler", id, s.namespace_name);
  doc["spec"] = {
      {"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", id.name}}},
      {"minReplicas", s.workers_min},
      {"maxReplicas", s.workers_max},
      {"metrics", Json::array({metric})},
      {"behavior", {{"scaleDown", {{"stabilizationWindowSeconds", s.scale_down_delay_seconds}}}}},
  };
  return doc;
}

Json disruption_budget(const KubernetesDeployment& s, const Identity& id) {
  Json doc = object("policy/v1", "PodDisruptionBudget", id, s.namespace_name);
  doc["spec"] = {{"selector", {{"matchLabels", id.selector}}}};
  if (s.workers_min >= 2) {
    doc["spec"]["minAvailable"] = 1;
  } else {
    doc["spec"]["maxUnavailable"] = 1;
  }
  return doc;
}

}  // namespace

Result<std::string> render_kubernetes_manifests(const KubernetesDeployment& spec) {
  if (auto st = validate(spec); !st) return std::move(st).error();
  Identity id = identity_of(spec);
  return to_yaml_documents({config_map(spec, id), secret(spec, id), deployment(spec, id), service(spec, id),
                            autoscaler(spec, id), disruption_budget(spec, id)});
}

}  // namespace cairn::deploy
