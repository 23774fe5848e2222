#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "deploy/kubernetes/kubernetes_manifests.hpp"

// The specs whose manifests scripts/run-tests.sh decodes with the real Kubernetes API types
// (tools/k8s-check): run with CAIRN_K8S_MANIFESTS_DIR=<dir> to write one <name>.yaml per spec
// there. Without it the specs are still rendered, so that one that stops rendering fails here.
namespace cairn::deploy {
namespace {

KubernetesDeployment base_spec() {
  KubernetesDeployment s;
  s.image = "ghcr.io/example/cairn-model-server:0.1.0";
  s.cairn_url = "http://cairn.cairn.svc.cluster.local:8080";
  s.cairn_token = "cairn_test_token";
  s.org = "acme";
  s.project = "fraud";
  s.deployment = "scorer";
  s.endpoint_name = "fraud-scorer";
  s.model = "fraud-model";
  s.model_version = "1";
  return s;
}

std::vector<std::pair<std::string, KubernetesDeployment>> sample_specs() {
  std::vector<std::pair<std::string, KubernetesDeployment>> specs;
  specs.emplace_back("defaults", base_spec());

  auto full = base_spec();
  full.namespace_name = "ml-prod";
  full.revision = 42;
  full.workers_min = 3;
  full.workers_max = 10;
  full.target_in_flight = 16;
  full.scale_down_delay_seconds = 3600;
  full.preferred_batch_sizes = {4, 8, 32};
  full.cache_enabled = true;
  full.sampling_rate = 0.25;
  full.cpu = "1500m";
  full.memory = "2Gi";
  full.env = {{"OMP_NUM_THREADS", "2"}, {"FEATURE_FLAG", "true"}, {"EMPTY", ""}};
  full.secrets = {{"DB_PASSWORD", "p@ss: word\n"}, {"API_KEY", "0123"}};
  specs.emplace_back("full", full);

  auto cpu = base_spec();
  cpu.scale_metric = KubernetesScaleMetric::cpu;
  cpu.cpu = "2";
  cpu.memory = "512Mi";
  cpu.workers_min = 2;
  cpu.workers_max = 2;
  specs.emplace_back("cpu-scaling", cpu);

  auto odd = base_spec();
  odd.org = "Acme Corp.";
  odd.project = std::string(90, 'P');
  odd.deployment = "Scorer/v2 (beta)";
  odd.endpoint_name = "9_Fraud Scorer: " + std::string(80, 'x');
  odd.model = "model with spaces";
  specs.emplace_back("unusual-names", odd);
  return specs;
}

TEST(KubernetesManifestSamples, render_and_are_written_for_the_kubernetes_checker) {
  const char* dir = std::getenv("CAIRN_K8S_MANIFESTS_DIR");
  for (const auto& [name, spec] : sample_specs()) {
    auto text = render_kubernetes_manifests(spec);
    ASSERT_TRUE(text.ok()) << name << ": " << text.error().field << ": " << text.error().message;
    if (dir == nullptr || *dir == '\0') continue;
    std::filesystem::create_directories(dir);
    std::ofstream out(std::filesystem::path(dir) / (name + ".yaml"));
    out << *text;
    ASSERT_TRUE(out.good()) << name;
  }
}

}  // namespace
}  // namespace cairn::deploy
