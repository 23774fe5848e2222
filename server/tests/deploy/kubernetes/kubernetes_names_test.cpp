#include "deploy/kubernetes/kubernetes_names.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace cairn::deploy {
namespace {

/// Kubernetes' DNS-1035 label (what a Service name must be; it implies DNS-1123).
bool is_dns1035_label(const std::string& name) {
  return name.size() <= 63 && std::regex_match(name, std::regex("[a-z]([-a-z0-9]*[a-z0-9])?"));
}

bool is_label_value(const std::string& value) {
  return value.empty() ||
         (value.size() <= 63 && std::regex_match(value, std::regex("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")));
}

TEST(KubernetesNames, a_valid_endpoint_name_only_gets_the_prefix) {
  EXPECT_EQ(kubernetes_resource_name("fraud-scorer"), "cairn-fraud-scorer");
  EXPECT_EQ(kubernetes_resource_name("a1"), "cairn-a1");
}

TEST(KubernetesNames, a_changed_name_gets_a_hash_so_that_lookalikes_differ) {
  std::string upper = kubernetes_resource_name("Iris");
  EXPECT_TRUE(std::regex_match(upper, std::regex("cairn-iris-[0-9a-f]{8}"))) << upper;
  EXPECT_NE(upper, kubernetes_resource_name("iris"));
  EXPECT_NE(kubernetes_resource_name("a_b"), kubernetes_resource_name("a.b"));
  EXPECT_EQ(kubernetes_resource_name("Iris"), upper) << "deterministic";
}

TEST(KubernetesNames, long_names_are_bounded_to_63_and_stay_distinct) {
  std::string a(100, 'a');
  std::string b = a + "b";
  EXPECT_EQ(kubernetes_resource_name(a).size(), 63u);
  EXPECT_EQ(kubernetes_resource_name(b).size(), 63u);
  EXPECT_NE(kubernetes_resource_name(a), kubernetes_resource_name(b));
  // Exactly at the bound: "cairn-" + 57 characters needs no hash.
  EXPECT_EQ(kubernetes_resource_name(std::string(57, 'x')), "cairn-" + std::string(57, 'x'));
  EXPECT_EQ(kubernetes_resource_name(std::string(58, 'x')).size(), 63u);
}

TEST(KubernetesNames, every_resource_name_is_a_dns_label) {
  for (std::string raw : std::vector<std::string>{"", "-", "---a---", "Fraud_Scorer v2", "9lives", "é-model", "x/y/z",
                                                  "UPPER", std::string(200, '-') + "z",
                                                  std::string(62, 'a') + "-" + std::string(5, 'b'), "a..b"}) {
    std::string name = kubernetes_resource_name(raw);
    EXPECT_TRUE(is_dns1035_label(name)) << "'" << raw << "' -> '" << name << "'";
  }
}

TEST(KubernetesNames, label_values_keep_what_is_allowed_and_trim_the_rest) {
  EXPECT_EQ(kubernetes_label_value("Fraud_Scorer.v2"), "Fraud_Scorer.v2");
  EXPECT_EQ(kubernetes_label_value("Acme Corp."), "Acme-Corp");
  EXPECT_EQ(kubernetes_label_value("__x__"), "x");
  EXPECT_EQ(kubernetes_label_value("..."), "");
  EXPECT_EQ(kubernetes_label_value(std::string(70, 'v')), std::string(63, 'v'));
  for (std::string raw : std::vector<std::string>{"", "é", "a b c", std::string(62, 'a') + "._z", "-_.", "1"}) {
    EXPECT_TRUE(is_label_value(kubernetes_label_value(raw))) << raw;
  }
}

}  // namespace
}  // namespace cairn::deploy
