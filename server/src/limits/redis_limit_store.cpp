#include <hiredis/hiredis.h>

#include <charconv>
#include <chrono>
#include <mutex>

#include "common/log.hpp"
#include "limits/limit_store.hpp"

namespace cairn::limits {
namespace {

// GCRA in one round trip, atomically, on Redis's clock so replicas agree on time.
constexpr const char* kGcraScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, allow_at - now, 0, tat - now}
end
redis.call('SET', KEYS[1], new_tat, 'PX', new_tat - now + 1000)
return {1, 0, math.floor((now - allow_at) / interval), new_tat - now}
)lua";

constexpr const char* kIncrementScript = R"lua(
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('PTTL', KEYS[1])}
)lua";

struct RedisTarget {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;
  int db = 0;
};

Result<RedisTarget> parse_url(const std::string& url) {
  RedisTarget t;
  std::string_view rest = url;
  if (!rest.starts_with("redis://")) return Error::validation("redis_url", "redis_url must start with redis://");
  rest.remove_prefix(8);
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view auth = rest.substr(0, at);
    if (auto colon = auth.find(':'); colon != std::string_view::npos) auth = auth.substr(colon + 1);
    t.password = std::string(auth);
    rest.remove_prefix(at + 1);
  }
  std::string_view hostport = rest.substr(0, rest.find('/'));
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && std::from_chars(db.data(), db.data() + db.size(), t.db).ec != std::errc()) {
      return Error::validation("redis_url", "redis_url has a bad database number");
    }
  }
  if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = hostport.substr(colon + 1);
    if (std::from_chars(port.data(), port.data() + port.size(), t.port).ec != std::errc()) {
      return Error::validation("redis_url", "redis_url has a bad port");
    }
    hostport = hostport.substr(0, colon);
  }
  if (!hostport.empty()) t.host = std::string(hostport);
  return t;
}

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyFree>;

class RedisLimitStore final : public LimitStore {
 public:
  explicit RedisLimitStore(RedisTarget target) : target_(std::move(target)) {}
  ~RedisLimitStore() override {
    if (ctx_) redisFree(ctx_);
  }

  Decision take(const std::string& key, int64_t interval_ms, int64_t burst) override {
    auto reply = eval(kGcraScript, "cairn:rl:" + key, {std::to_string(interval_ms), std::to_string(burst)});
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 4) return Decision{};  // fail open
    Decision d;
    d.allowed = reply->element[0]->integer == 1;
    d.retry_after_ms = reply->element[1]->integer;
    d.remaining = reply->element[2]->integer;
    d.reset_ms = reply->element[3]->integer;
    return d;
  }

  Window increment(const std::string& key, int64_t window_ms) override {
    auto reply = eval(kIncrementScript, "cairn:cnt:" + key, {std::to_string(window_ms)});
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) return Window{};
    return {reply->element[0]->integer, reply->element[1]->integer};
  }

  Window peek(const std::string& key) override {
    std::lock_guard lock(mutex_);
    std::string k = "cairn:cnt:" + key;
    ReplyPtr count(command({"GET", k}));
    ReplyPtr ttl(command({"PTTL", k}));
    if (!count || !ttl || count->type != REDIS_REPLY_STRING) return Window{};
    int64_t n = 0;
    std::from_chars(count->str, count->str + count->len, n);
    return {n, ttl->type == REDIS_REPLY_INTEGER ? ttl->integer : 0};
  }

  void reset(const std::string& key) override {
    std::lock_guard lock(mutex_);
    ReplyPtr(command({"DEL", "cairn:cnt:" + key, "cairn:rl:" + key}));
  }

 private:
  ReplyPtr eval(const char* script, const std::string& key, const std::vector<std::string>& args) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> argv = {"EVAL", script, "1", key};
    argv.insert(argv.end(), args.begin(), args.end());
    return ReplyPtr(command(argv));
  }

  // One connection behind a mutex: each call is a single short round trip on loopback or LAN.
  redisReply* command(const std::vector<std::string>& argv) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!connected()) return nullptr;
      std::vector<const char*> parts;
      std::vector<size_t> lengths;
      for (const auto& a : argv) {
        parts.push_back(a.data());
        lengths.push_back(a.size());
      }
      auto* reply = static_cast<redisReply*>(
          redisCommandArgv(ctx_, static_cast<int>(parts.size()), parts.data(), lengths.data()));
      if (reply && reply->type == REDIS_REPLY_ERROR) {
        log::error("redis command failed", {{"error", std::string(reply->str, reply->len)}});
        freeReplyObject(reply);
        return nullptr;
      }
      if (reply) return reply;
      redisFree(ctx_);  // broken connection: reconnect once
      ctx_ = nullptr;
    }
    return nullptr;
  }

  bool connected() {
    if (ctx_) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now < retry_after_) return false;
    timeval timeout{1, 0};
    ctx_ = redisConnectWithTimeout(target_.host.c_str(), target_.port, timeout);
    if (!ctx_ || ctx_->err) {
      log::error("cannot reach redis; rate limits fail open",
                 {{"host", target_.host}, {"port", target_.port}, {"error", ctx_ ? ctx_->errstr : "out of memory"}});
      if (ctx_) redisFree(ctx_);
      ctx_ = nullptr;
      retry_after_ = now + std::chrono::seconds(1);
      return false;
    }
    redisSetTimeout(ctx_, timeout);
    if (!target_.password.empty()) {
      ReplyPtr r(
          static_cast<redisReply*>(redisCommand(ctx_, "AUTH %b", target_.password.data(), target_.password.size())));
      if (!r || r->type == REDIS_REPLY_ERROR) log::error("redis AUTH failed");
    }
    if (target_.db != 0) ReplyPtr(static_cast<redisReply*>(redisCommand(ctx_, "SELECT %d", target_.db)));
    return true;
  }

  RedisTarget target_;
  std::mutex mutex_;
  redisContext* ctx_ = nullptr;
  std::chrono::steady_clock::time_point retry_after_{};
};

}  // namespace

Result<std::unique_ptr<LimitStore>> make_redis_limit_store(const std::string& url) {
  CAIRN_TRY_ASSIGN(auto target, parse_url(url));
  return std::unique_ptr<LimitStore>(std::make_unique<RedisLimitStore>(std::move(target)));
}

}  // namespace cairn::limits
