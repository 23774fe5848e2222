#include <charconv>

#include "limits/limit_store.hpp"
#include "redis/redis_client.hpp"

namespace cairn::limits {
namespace {

// GCRA in one round trip, atomically, on Redis's clock so replicas agree on time. Times in us
// (since the epoch, below 2^53, so exact in Lua's doubles); the answers in ms.
constexpr const char* kGcraScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, math.ceil((allow_at - now) / 1000), 0, math.ceil((tat - now) / 1000)}
end
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return {1, 0, math.floor((now - allow_at) / interval), math.ceil((new_tat - now) / 1000)}
)lua";

constexpr const char* kIncrementScript = R"lua(
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('PTTL', KEYS[1])}
)lua";

class RedisLimitStore final : public LimitStore {
 public:
  explicit RedisLimitStore(redis::RedisTarget target) : redis_(std::move(target)) {}

  Decision take(const std::string& key, int64_t interval_us, int64_t burst) override {
    auto reply =
        redis_.eval_integers(kGcraScript, "cairn:rl:" + key, {std::to_string(interval_us), std::to_string(burst)});
    if (!reply || reply->size() != 4) return Decision{};  // fail open
    Decision d;
    d.allowed = (*reply)[0] == 1;
    d.retry_after_ms = (*reply)[1];
    d.remaining = (*reply)[2];
    d.reset_ms = (*reply)[3];
    return d;
  }

  Window increment(const std::string& key, int64_t window_ms) override {
    auto reply = redis_.eval_integers(kIncrementScript, "cairn:cnt:" + key, {std::to_string(window_ms)});
    if (!reply || reply->size() != 2) return Window{};
    return {(*reply)[0], (*reply)[1]};
  }

  Window peek(const std::string& key) override {
    const std::string k = "cairn:cnt:" + key;
    auto count = redis_.get(k);
    if (!count) return Window{};
    int64_t n = 0;
    std::from_chars(count->data(), count->data() + count->size(), n);
    return {n, redis_.pttl(k).value_or(0)};
  }

  void reset(const std::string& key) override { redis_.del({"cairn:cnt:" + key, "cairn:rl:" + key}); }

 private:
  redis::RedisClient redis_;
};

}  // namespace

Result<std::unique_ptr<LimitStore>> make_redis_limit_store(const std::string& url) {
  CAIRN_TRY_ASSIGN(auto target, redis::parse_redis_url(url));
  return std::unique_ptr<LimitStore>(std::make_unique<RedisLimitStore>(std::move(target)));
}

}  // namespace cairn::limits
