#pragma once

// Helpers shared by the artifact store tests: where the test S3 server is, unwrapping Results,
// deterministic payloads, and a measure of the live heap for the bounded-memory checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
// Exported by libasan; declared here because g++ ships without <sanitizer/allocator_interface.h>.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

#include "artifacts/artifact_store.hpp"

namespace cairn::artifacts::testing_support {

inline constexpr std::size_t kMiB = 1024 * 1024;

template <class T>
T must(Result<T> result) {
  if (!result.ok())
    throw std::runtime_error(std::string(to_string(result.error().code)) + ": " + result.error().message);
  return std::move(result).value();
}
inline void must(Status status) {
  if (!status.ok())
    throw std::runtime_error(std::string(to_string(status.error().code)) + ": " + status.error().message);
}

/// The test S3 server, from the environment that `scripts/test-services.sh env` prints.
struct S3TestServer {
  std::string endpoint;
  std::string bucket;
};

inline std::optional<S3TestServer> s3_test_server() {
  const char* endpoint = std::getenv("CAIRN_TEST_S3_ENDPOINT");
  const char* bucket = std::getenv("CAIRN_TEST_S3_BUCKET");
  const char* key = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  if (!endpoint || !*endpoint || !bucket || !*bucket || !key || !*key || !secret || !*secret) return std::nullopt;
  return S3TestServer{endpoint, bucket};
}

/// CAIRN_TEST_REQUIRE_S3=1 (set by CI) turns a missing S3 server into a failure, so a broken
/// service start cannot pass as a skipped suite.
inline bool s3_required() {
  const char* required = std::getenv("CAIRN_TEST_REQUIRE_S3");
  return required && std::string(required) == "1";
}

inline std::string unique_name(const std::string& stem) {
  static std::atomic<int> counter{0};
  std::random_device random;
  return stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(random() % 1000000);
}

/// Deterministic pseudo-random bytes: block `index` of a stream, regenerated to check a read
/// without keeping the whole payload in memory.
inline std::string payload_block(uint64_t seed, uint64_t index, std::size_t size) {
  std::string out(size, '\0');
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + index;
  for (std::size_t i = 0; i < size; i += 8) {
    state += 0x9E3779B97F4A7C15ull;  // splitmix64
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    for (std::size_t b = 0; b < 8 && i + b < size; ++b) out[i + b] = static_cast<char>(z >> (8 * b));
  }
  return out;
}

/// Bytes currently allocated on the heap by the whole process.
inline std::size_t live_heap_bytes() {
#if defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

}  // namespace cairn::artifacts::testing_support
