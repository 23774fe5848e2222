#include "deploy/kubernetes/kubernetes_manifests.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "deploy/kubernetes/kubernetes_names.hpp"

namespace cairn::deploy {
namespace {

KubernetesDeployment iris_spec() {
  KubernetesDeployment s;
  s.namespace_name = "ml-serving";
  s.image = "registry.example.com/cairn/model-server:0.1.0";
  s.cairn_url = "http://cairn.cairn.svc:8080";
  s.cairn_token = "cairn_tok_s3cr3t";
  s.org = "acme";
  s.project = "fraud";
  s.deployment = "scorer";
  s.endpoint_name = "fraud-scorer";
  s.revision = 7;
  s.model = "fraud-model";
  s.model_version = "3";
  s.workers_min = 2;
  s.workers_max = 6;
  s.target_in_flight = 12;
  s.scale_down_delay_seconds = 120;
  s.preferred_batch_sizes = {8, 16};
  s.cache_enabled = true;
  s.cpu = "500m";
  s.memory = "1Gi";
  s.env = {{"LOG_LEVEL", "debug"}, {"OMP_NUM_THREADS", "1"}};
  s.secrets = {{"DB_PASSWORD", "hunter2-very-secret"}};
  return s;
}

std::vector<YAML::Node> render(const KubernetesDeployment& spec) {
  auto text = render_kubernetes_manifests(spec);
  EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message);
  return text.ok() ? YAML::LoadAll(*text) : std::vector<YAML::Node>{};
}

YAML::Node find(const std::vector<YAML::Node>& docs, const std::string& kind) {
  for (const auto& doc : docs) {
    if (doc["kind"].as<std::string>() == kind) return doc;
  }
  ADD_FAILURE() << "no " << kind;
  return YAML::Node();
}

std::string error_field(const KubernetesDeployment& spec) {
  auto text = render_kubernetes_manifests(spec);
  EXPECT_FALSE(text.ok());
  if (text.ok()) return "";
  EXPECT_EQ(text.error().code, ErrorCode::validation_failed);
  return text.error().field;
}

TEST(KubernetesManifests, renders_six_objects_in_apply_order_with_one_name) {
  auto docs = render(iris_spec());
  std::vector<std::string> kinds;
  for (const auto& doc : docs) {
    kinds.push_back(doc["kind"].as<std::string>());
    EXPECT_EQ(doc["metadata"]["name"].as<std::string>(), "cairn-fraud-scorer");
    EXPECT_EQ(doc["metadata"]["namespace"].as<std::string>(), "ml-serving");
    EXPECT_EQ(doc["metadata"]["labels"]["app.kubernetes.io/managed-by"].as<std::string>(), "cairn");
    EXPECT_EQ(doc["metadata"]["labels"]["cairn.dev/revision"].as<std::string>(), "7");
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler",
                                             "PodDisruptionBudget"}));
  EXPECT_EQ(find(docs, "HorizontalPodAutoscaler")["apiVersion"].as<std::string>(), "autoscaling/v2");
  EXPECT_EQ(find(docs, "PodDisruptionBudget")["apiVersion"].as<std::string>(), "policy/v1");
}

TEST(KubernetesManifests, selectors_match_the_pod_labels_and_leave_out_the_revision) {
  auto docs = render(iris_spec());
  auto deployment = find(docs, "Deployment");
  auto selector = deployment["spec"]["selector"]["matchLabels"];
  auto labels = deployment["spec"]["template"]["metadata"]["labels"];
  ASSERT_TRUE(selector.IsMap());
  EXPECT_FALSE(selector["cairn.dev/revision"]);
  for (const auto& pair : selector) {
    EXPECT_EQ(labels[pair.first.as<std::string>()].as<std::string>(), pair.second.as<std::string>());
  }
  EXPECT_EQ(labels["app.kubernetes.io/name"].as<std::string>(), "cairn-model-server");
  EXPECT_EQ(labels["app.kubernetes.io/instance"].as<std::string>(), "cairn-fraud-scorer");
  EXPECT_EQ(labels["app.kubernetes.io/component"].as<std::string>(), "model-server");
  EXPECT_EQ(labels["cairn.dev/org"].as<std::string>(), "acme");
  EXPECT_EQ(labels["cairn.dev/project"].as<std::string>(), "fraud");
  EXPECT_EQ(labels["cairn.dev/deployment"].as<std::string>(), "scorer");
  EXPECT_EQ(labels["cairn.dev/revision"].as<std::string>(), "7");
  auto service = find(docs, "Service");
  EXPECT_EQ(YAML::Dump(service["spec"]["selector"]), YAML::Dump(selector));
  EXPECT_EQ(service["spec"]["ports"][0]["port"].as<int>(), 80);
  EXPECT_EQ(service["spec"]["ports"][0]["targetPort"].as<std::string>(), "http");
  EXPECT_EQ(YAML::Dump(find(docs, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"]), YAML::Dump(selector));
}

TEST(KubernetesManifests, container_runs_the_model_server_with_probes_resources_and_no_root) {
  auto deployment = find(render(iris_spec()), "Deployment");
  EXPECT_FALSE(deployment["spec"]["replicas"]) << "the HPA owns the replica count";
  auto pod = deployment["spec"]["template"]["spec"];
  ASSERT_EQ(pod["containers"].size(), 1u);
  auto c = pod["containers"][0];
  EXPECT_EQ(c["image"].as<std::string>(), "registry.example.com/cairn/model-server:0.1.0");
  EXPECT_EQ(c["command"][0].as<std::string>(), "cairn");
  std::vector<std::string> args = c["args"].as<std::vector<std::string>>();
  EXPECT_EQ(args, (std::vector<std::string>{"serve-model", "--cairn-url", "$(CAIRN_URL)", "--deployment",
                                            "acme/fraud/scorer", "--port", "8080", "--work-dir", "/var/lib/cairn"}));
  EXPECT_EQ(c["ports"][0]["containerPort"].as<int>(), 8080);
  EXPECT_EQ(c["ports"][0]["name"].as<std::string>(), "http");
  EXPECT_EQ(c["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/v2/health/ready");
  EXPECT_EQ(c["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/v2/health/live");
  EXPECT_EQ(c["livenessProbe"]["httpGet"]["port"].as<std::string>(), "http");
  EXPECT_EQ(c["resources"]["requests"]["cpu"].as<std::string>(), "500m");
  EXPECT_EQ(c["resources"]["limits"]["memory"].as<std::string>(), "1Gi");
  EXPECT_TRUE(pod["securityContext"]["runAsNonRoot"].as<bool>());
  EXPECT_GT(pod["securityContext"]["runAsUser"].as<int>(), 0);
  EXPECT_FALSE(c["securityContext"]["allowPrivilegeEscalation"].as<bool>());
  EXPECT_TRUE(c["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  EXPECT_FALSE(pod["automountServiceAccountToken"].as<bool>());

  // The token comes from the Secret by reference; CAIRN_URL is defined for $(CAIRN_URL) to expand.
  std::map<std::string, YAML::Node> env;
  for (std::size_t i = 0; i < c["env"].size(); ++i) env[c["env"][i]["name"].as<std::string>()] = c["env"][i];
  ASSERT_TRUE(env.count("CAIRN_TOKEN"));
  EXPECT_FALSE(env["CAIRN_TOKEN"]["value"]);
  EXPECT_EQ(env["CAIRN_TOKEN"]["valueFrom"]["secretKeyRef"]["name"].as<std::string>(), "cairn-fraud-scorer");
  EXPECT_EQ(env["CAIRN_TOKEN"]["valueFrom"]["secretKeyRef"]["key"].as<std::string>(), "CAIRN_TOKEN");
  EXPECT_EQ(env["CAIRN_URL"]["valueFrom"]["configMapKeyRef"]["key"].as<std::string>(), "CAIRN_URL");
  EXPECT_EQ(c["envFrom"][0]["configMapRef"]["name"].as<std::string>(), "cairn-fraud-scorer");
  EXPECT_EQ(c["envFrom"][1]["secretRef"]["name"].as<std::string>(), "cairn-fraud-scorer");
}

TEST(KubernetesManifests, resources_are_left_out_when_not_configured) {
  auto spec = iris_spec();
  spec.cpu.clear();
  spec.memory.clear();
  auto c = find(render(spec), "Deployment")["spec"]["template"]["spec"]["containers"][0];
  EXPECT_FALSE(c["resources"]["requests"]);
  EXPECT_FALSE(c["resources"]["limits"]);
}

TEST(KubernetesManifests, autoscaler_follows_workers_and_the_in_flight_target) {
  auto hpa = find(render(iris_spec()), "HorizontalPodAutoscaler")["spec"];
  EXPECT_EQ(hpa["minReplicas"].as<int>(), 2);
  EXPECT_EQ(hpa["maxReplicas"].as<int>(), 6);
  EXPECT_EQ(hpa["scaleTargetRef"]["kind"].as<std::string>(), "Deployment");
  EXPECT_EQ(hpa["scaleTargetRef"]["name"].as<std::string>(), "cairn-fraud-scorer");
  EXPECT_EQ(hpa["behavior"]["scaleDown"]["stabilizationWindowSeconds"].as<int>(), 120);
  ASSERT_EQ(hpa["metrics"].size(), 1u);
  EXPECT_EQ(hpa["metrics"][0]["type"].as<std::string>(), "Pods");
  EXPECT_EQ(hpa["metrics"][0]["pods"]["metric"]["name"].as<std::string>(), kInFlightMetricName);
  EXPECT_EQ(hpa["metrics"][0]["pods"]["target"]["averageValue"].as<std::string>(), "12");
}

TEST(KubernetesManifests, autoscaler_can_scale_on_cpu_instead) {
  auto spec = iris_spec();
  spec.scale_metric = KubernetesScaleMetric::cpu;
  spec.target_cpu_utilization = 65;
  auto metric = find(render(spec), "HorizontalPodAutoscaler")["spec"]["metrics"][0];
  EXPECT_EQ(metric["type"].as<std::string>(), "Resource");
  EXPECT_EQ(metric["resource"]["name"].as<std::string>(), "cpu");
  EXPECT_EQ(metric["resource"]["target"]["averageUtilization"].as<int>(), 65);
  spec.cpu.clear();
  EXPECT_EQ(error_field(spec), "cpu");
}

TEST(KubernetesManifests, disruption_budget_keeps_one_pod_only_when_there_are_two) {
  auto spec = iris_spec();
  auto pdb = find(render(spec), "PodDisruptionBudget")["spec"];
  EXPECT_EQ(pdb["minAvailable"].as<int>(), 1);
  EXPECT_FALSE(pdb["maxUnavailable"]);
  spec.workers_min = 1;
  pdb = find(render(spec), "PodDisruptionBudget")["spec"];
  EXPECT_EQ(pdb["maxUnavailable"].as<int>(), 1);
  EXPECT_FALSE(pdb["minAvailable"]);
}

TEST(KubernetesManifests, secrets_are_base64_in_the_secret_and_nowhere_else) {
  auto spec = iris_spec();
  auto text = render_kubernetes_manifests(spec);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->find("hunter2-very-secret"), std::string::npos);
  EXPECT_EQ(text->find("cairn_tok_s3cr3t"), std::string::npos);

  auto docs = YAML::LoadAll(*text);
  auto data = find(docs, "Secret")["data"];
  EXPECT_EQ(find(docs, "Secret")["type"].as<std::string>(), "Opaque");
  EXPECT_EQ(crypto::base64_decode(data["DB_PASSWORD"].as<std::string>()), "hunter2-very-secret");
  EXPECT_EQ(crypto::base64_decode(data["CAIRN_TOKEN"].as<std::string>()), "cairn_tok_s3cr3t");
  EXPECT_FALSE(find(docs, "Secret")["stringData"]);

  auto config = YAML::Dump(find(docs, "ConfigMap"));
  EXPECT_EQ(config.find("DB_PASSWORD"), std::string::npos);
  EXPECT_EQ(config.find(data["DB_PASSWORD"].as<std::string>()), std::string::npos);
  EXPECT_EQ(config.find("CAIRN_TOKEN"), std::string::npos);
}

TEST(KubernetesManifests, config_map_holds_the_settings_as_strings) {
  auto spec = iris_spec();
  spec.env["FLAG"] = "true";
  spec.env["RATIO"] = "1e3";
  auto data = find(render(spec), "ConfigMap")["data"];
  EXPECT_EQ(data["CAIRN_ENDPOINT_NAME"].as<std::string>(), "fraud-scorer");
  EXPECT_EQ(data["CAIRN_REVISION"].as<std::string>(), "7");
  EXPECT_EQ(data["CAIRN_MAX_BATCH_SIZE"].as<std::string>(), "32");
  EXPECT_EQ(data["CAIRN_PREFERRED_BATCH_SIZES"].as<std::string>(), "8,16");
  EXPECT_EQ(data["CAIRN_CACHE_ENABLED"].as<std::string>(), "true");
  EXPECT_EQ(data["CAIRN_TIMEOUT_MS"].as<std::string>(), "30000");
  EXPECT_EQ(data["CAIRN_PYTHON"].as<std::string>(), kModelServerPython);
  EXPECT_EQ(data["LOG_LEVEL"].as<std::string>(), "debug");
  // Quoted, so that Kubernetes reads strings, not a number or a boolean (its data is string-only).
  for (const char* key : {"CAIRN_REVISION", "CAIRN_CACHE_ENABLED", "CAIRN_TIMEOUT_MS", "OMP_NUM_THREADS", "FLAG",
                          "RATIO", "CAIRN_SAMPLING_RATE"}) {
    EXPECT_EQ(data[key].Tag(), "!") << key << " is written plain";
  }
}

TEST(KubernetesManifests, rejects_specs_that_make_invalid_objects) {
  auto spec = iris_spec();
  spec.workers_max = 1;
  EXPECT_EQ(error_field(spec), "workers_max");
  spec = iris_spec();
  spec.workers_min = 0;
  EXPECT_EQ(error_field(spec), "workers_min");
  spec = iris_spec();
  spec.namespace_name = "ML_Serving";
  EXPECT_EQ(error_field(spec), "namespace");
  spec = iris_spec();
  spec.memory = "1 GB";
  EXPECT_EQ(error_field(spec), "memory");
  spec = iris_spec();
  spec.env["1BAD"] = "x";
  EXPECT_EQ(error_field(spec), "env.1BAD");
  spec = iris_spec();
  spec.secrets["CAIRN_TOKEN"] = "mine";
  EXPECT_EQ(error_field(spec), "secrets.CAIRN_TOKEN");
  spec = iris_spec();
  spec.env["DB_PASSWORD"] = "both";
  EXPECT_EQ(error_field(spec), "env.DB_PASSWORD");
  spec = iris_spec();
  spec.scale_down_delay_seconds = 3601;
  EXPECT_EQ(error_field(spec), "scale_down_delay_seconds");
  spec = iris_spec();
  spec.cairn_token.clear();
  EXPECT_EQ(error_field(spec), "cairn_token");
  spec = iris_spec();
  spec.image.clear();
  EXPECT_EQ(error_field(spec), "image");
}

TEST(KubernetesManifests, labels_and_names_of_unusual_cairn_names_stay_valid) {
  auto spec = iris_spec();
  spec.org = "Acme Corp.";
  spec.project = std::string(80, 'p');
  spec.endpoint_name = "Fraud_Scorer v2";
  auto docs = render(spec);
  auto meta = find(docs, "Deployment")["metadata"];
  EXPECT_EQ(meta["labels"]["cairn.dev/org"].as<std::string>(), "Acme-Corp");
  EXPECT_EQ(meta["labels"]["cairn.dev/project"].as<std::string>(), std::string(63, 'p'));
  EXPECT_EQ(meta["annotations"]["cairn.dev/org"].as<std::string>(), "Acme Corp.");
  EXPECT_EQ(meta["annotations"]["cairn.dev/endpoint-name"].as<std::string>(), "Fraud_Scorer v2");
  EXPECT_EQ(meta["name"].as<std::string>(), kubernetes_resource_name("Fraud_Scorer v2"));
}

}  // namespace
}  // namespace cairn::deploy
