#include "redis/redis_response_cache.hpp"

#include "redis/redis_client.hpp"

namespace cairn::redis {
namespace {

/// Larger answers are not worth a network copy per hit (and would crowd Redis's memory).
constexpr std::size_t kMaxSharedBody = std::size_t{1} << 20;

class RedisResponseCache final : public serving::SharedResponseCache {
 public:
  explicit RedisResponseCache(RedisTarget target) : redis_(std::move(target)) {}

  std::optional<std::string> get(const std::string& key) override { return redis_.get("cairn:rc:" + key); }

  void put(const std::string& key, const std::string& body, int ttl_seconds) override {
    if (body.size() > kMaxSharedBody || ttl_seconds <= 0) return;
    redis_.set("cairn:rc:" + key, body, int64_t{ttl_seconds} * 1000);
  }

 private:
  RedisClient redis_;
};

}  // namespace

Result<std::unique_ptr<serving::SharedResponseCache>> make_redis_response_cache(const std::string& url) {
  CAIRN_TRY_ASSIGN(auto target, parse_redis_url(url));
  return std::unique_ptr<serving::SharedResponseCache>(std::make_unique<RedisResponseCache>(std::move(target)));
}

}  // namespace cairn::redis
