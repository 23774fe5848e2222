#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace cairn::redis {

/// Where a redis:// URL points.
struct RedisTarget {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;
  int db = 0;
};

/// redis://[:password@]host:port[/db]; a validation error names `redis_url`.
Result<RedisTarget> parse_redis_url(const std::string& url);

/// One connection to Redis behind a mutex, opened lazily and reopened once when it breaks: each
/// call is a single short round trip on loopback or a LAN. Everything Cairn keeps in Redis is an
/// optional shared cache or counter, so a failed call answers "nothing" (nullopt / false) and
/// logs; the caller fails open. While Redis is unreachable, connecting is retried once a second.
class RedisClient {
 public:
  explicit RedisClient(RedisTarget target);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// EVAL of a script over one key whose reply is an array of integers.
  std::optional<std::vector<int64_t>> eval_integers(const char* script, const std::string& key,
                                                    const std::vector<std::string>& args);
  /// The string under `key`; nullopt when absent or on failure.
  std::optional<std::string> get(const std::string& key);
  /// Milliseconds `key` has left; nullopt when it is absent, has no expiry, or on failure.
  std::optional<int64_t> pttl(const std::string& key);
  /// SET key value PX ttl_ms.
  bool set(const std::string& key, const std::string& value, int64_t ttl_ms);
  void del(const std::vector<std::string>& keys);

 private:
  struct Reply;
  std::unique_ptr<Reply> command(const std::vector<std::string>& argv);
  bool connected();

  RedisTarget target_;
  std::mutex mutex_;
  void* ctx_ = nullptr;  ///< redisContext*, kept out of this header with hiredis
  std::chrono::steady_clock::time_point retry_after_{};
};

}  // namespace cairn::redis
