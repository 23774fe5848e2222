#include "modelserver/model_server_settings.hpp"

#include <gtest/gtest.h>

#include <map>

namespace cairn::modelserver {
namespace {

/// The environment a rendered pod gets: the ConfigMap's keys and the Secret's token.
std::map<std::string, std::string> pod_environment() {
  return {{"CAIRN_URL", "http://cairn.cairn.svc:8080"},
          {"CAIRN_TOKEN", "cairn_secret"},
          {"CAIRN_ENDPOINT_NAME", "churn-api"},
          {"CAIRN_REVISION", "3"},
          {"CAIRN_MODEL", "churn"},
          {"CAIRN_MODEL_VERSION", "7"},
          {"CAIRN_RUNTIME", "python"},
          {"CAIRN_ENV_MANAGER", "local"},
          {"CAIRN_PYTHON", "/opt/cairn/venv/bin/python"},
          {"CAIRN_MAX_BATCH_SIZE", "16"},
          {"CAIRN_PREFERRED_BATCH_SIZES", "4,8"},
          {"CAIRN_MAX_QUEUE_DELAY_MS", "2"},
          {"CAIRN_MAX_QUEUE_SIZE", "100"},
          {"CAIRN_TIMEOUT_MS", "5000"},
          {"CAIRN_MAX_ROWS", "50"},
          {"CAIRN_CACHE_ENABLED", "true"},
          {"CAIRN_CACHE_TTL_SECONDS", "60"},
          {"CAIRN_CACHE_MAX_ENTRIES", "10"},
          {"CAIRN_SAMPLING_RATE", "0.5"},
          {"CAIRN_RATE_LIMIT_PER_SECOND", "2500.5"},
          {"CAIRN_RATE_LIMIT_BURST", "40"}};
}

ModelServerFlags pod_flags() {
  return {"http://cairn.cairn.svc:8080", "acme/churn/churn-api", 8080, "/var/lib/cairn"};
}

Result<ModelServerSettings> read(const std::map<std::string, std::string>& env,
                                 const ModelServerFlags& flags = pod_flags()) {
  return read_model_server_settings(flags, [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(ModelServerSettings, reads_what_the_rendered_pod_is_given) {
  auto s = read(pod_environment());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->org, "acme");
  EXPECT_EQ(s->project, "churn");
  EXPECT_EQ(s->deployment, "churn-api");
  EXPECT_EQ(s->endpoint_name, "churn-api");
  EXPECT_EQ(s->revision, 3);
  EXPECT_EQ(s->model_version, 7);
  EXPECT_EQ(s->python, "/opt/cairn/venv/bin/python");
  EXPECT_EQ(s->config.runtime, "python");
  EXPECT_EQ(s->config.max_batch_size, 16);
  EXPECT_EQ(s->config.preferred_batch_sizes, (std::vector<int>{4, 8}));
  EXPECT_EQ(s->config.timeout_ms, 5000);
  EXPECT_EQ(s->config.max_rows, 50);
  EXPECT_TRUE(s->config.cache_enabled);
  EXPECT_DOUBLE_EQ(s->config.sampling_rate, 0.5);
  EXPECT_DOUBLE_EQ(s->config.rate_limit_per_second, 2500.5);
  EXPECT_EQ(s->config.rate_limit_burst, 40);
  // One pod is one worker: Kubernetes scales the pods.
  EXPECT_EQ(s->config.workers_min, 1);
  EXPECT_EQ(s->config.workers_max, 1);
}

TEST(ModelServerSettings, an_empty_preferred_batch_sizes_means_none) {
  auto env = pod_environment();
  env["CAIRN_PREFERRED_BATCH_SIZES"] = "";
  auto s = read(env);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s->config.preferred_batch_sizes.empty());
}

TEST(ModelServerSettings, a_bad_value_is_named_by_its_variable) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"CAIRN_MAX_BATCH_SIZE", "big"},
           {"CAIRN_MAX_BATCH_SIZE", "0"},
           {"CAIRN_PREFERRED_BATCH_SIZES", "4,,8"},
           {"CAIRN_TIMEOUT_MS", "1"},
           {"CAIRN_CACHE_ENABLED", "yes"},
           {"CAIRN_SAMPLING_RATE", "2"},
           {"CAIRN_RATE_LIMIT_PER_SECOND", "-3"},
           {"CAIRN_RATE_LIMIT_BURST", "many"},
           {"CAIRN_RUNTIME", "java"},
           {"CAIRN_MODEL_VERSION", "v7"},
           {"CAIRN_REVISION", "0"},
       }) {
    auto env = pod_environment();
    env[name] = value;
    auto s = read(env);
    ASSERT_FALSE(s.ok()) << name << "=" << value;
    EXPECT_EQ(s.error().field, name) << s.error().message;
    EXPECT_NE(s.error().message.find(value), std::string::npos) << s.error().message;
  }
}

TEST(ModelServerSettings, required_variables_and_flags_are_named_when_missing) {
  for (const char* name : {"CAIRN_TOKEN", "CAIRN_ENDPOINT_NAME", "CAIRN_MODEL", "CAIRN_MODEL_VERSION"}) {
    auto env = pod_environment();
    env.erase(name);
    auto s = read(env);
    ASSERT_FALSE(s.ok()) << name;
    EXPECT_EQ(s.error().field, name);
  }
  for (const char* deployment : {"acme/churn", "acme//api", "/churn/api", "acme/churn/api/x", "acme/churn/"}) {
    auto flags = pod_flags();
    flags.deployment = deployment;
    auto s = read(pod_environment(), flags);
    ASSERT_FALSE(s.ok()) << deployment;
    EXPECT_EQ(s.error().field, "--deployment");
  }
  auto flags = pod_flags();
  flags.cairn_url = "";
  auto env = pod_environment();
  env.erase("CAIRN_URL");
  auto s = read(env, flags);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "--cairn-url");
}

TEST(ModelServerSettings, the_url_comes_from_the_environment_when_the_flag_is_absent) {
  auto flags = pod_flags();
  flags.cairn_url = "";
  auto s = read(pod_environment(), flags);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->cairn_url, "http://cairn.cairn.svc:8080");
}

}  // namespace
}  // namespace cairn::modelserver
