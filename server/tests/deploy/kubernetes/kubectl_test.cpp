#include "deploy/kubernetes/kubectl.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace cairn::deploy {
namespace {

namespace fs = std::filesystem;

/// A stand-in kubectl: a shell script with the given body.
std::string script(const std::string& name, const std::string& body) {
  const auto path = fs::temp_directory_path() / ("cairn-kubectl-test-" + name + "-" + std::to_string(::getpid()));
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  ::chmod(path.c_str(), 0755);
  return path.string();
}

TEST(Kubectl, feeds_the_manifests_on_stdin_and_answers_the_output) {
  Kubectl kubectl({script("echo", "cat"), "/dev/null", "ns", std::chrono::seconds(10)});
  // Larger than a pipe's buffer: written while the output is read.
  const std::string manifests(1 << 20, 'x');
  auto applied = kubectl.apply(manifests);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->size(), manifests.size());
}

TEST(Kubectl, a_failure_carries_kubectls_own_message) {
  Kubectl kubectl(
      {script("fail", "echo 'the server rejected it' >&2; exit 1"), "/dev/null", "ns", std::chrono::seconds(10)});
  // More than a pipe holds, to a kubectl that never reads it: the write fails with EPIPE, and the
  // SIGPIPE it raises must not kill this process.
  auto applied = kubectl.apply(std::string(1 << 20, 'x'));
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::unavailable);
  EXPECT_NE(applied.error().message.find("the server rejected it"), std::string::npos);
}

TEST(Kubectl, a_hung_kubectl_is_killed_at_the_timeout) {
  Kubectl kubectl({script("hang", "sleep 30"), "/dev/null", "ns", std::chrono::seconds(1)});
  const auto started = std::chrono::steady_clock::now();
  auto status = kubectl.deployment_status("x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(Kubectl, a_missing_binary_is_unavailable_not_a_crash) {
  Kubectl kubectl({"/nonexistent/kubectl", "/dev/null", "ns", std::chrono::seconds(1)});
  auto status = kubectl.deployment_status("x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace cairn::deploy
