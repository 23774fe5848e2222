#pragma once

#include <optional>
#include <string>

namespace cairn::serving {

/// The tier of the response cache that every replica shares (Redis), consulted after the
/// in-process ResponseCache misses. Keys are ResponseCache::key()s. Failures read as misses:
/// the cache is an optimisation, never a reason to fail a prediction.
class SharedResponseCache {
 public:
  virtual ~SharedResponseCache() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const std::string& body, int ttl_seconds) = 0;
};

}  // namespace cairn::serving
