#include "redis/redis_client.hpp"

#include <hiredis/hiredis.h>

#include <charconv>

#include "common/log.hpp"

namespace cairn::redis {

Result<RedisTarget> parse_redis_url(const std::string& url) {
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

struct RedisClient::Reply {
  explicit Reply(redisReply* r) : reply(r) {}
  ~Reply() {
    if (reply) freeReplyObject(reply);
  }
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
  redisReply* reply;
};

namespace {
redisContext* as_context(void* p) {
  return static_cast<redisContext*>(p);
}
}  // namespace

RedisClient::RedisClient(RedisTarget target) : target_(std::move(target)) {}

RedisClient::~RedisClient() {
  if (ctx_) redisFree(as_context(ctx_));
}

std::optional<std::vector<int64_t>> RedisClient::eval_integers(const char* script, const std::string& key,
                                                               const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"EVAL", script, "1", key};
  argv.insert(argv.end(), args.begin(), args.end());
  std::lock_guard lock(mutex_);
  auto r = command(argv);
  if (!r || r->reply->type != REDIS_REPLY_ARRAY) return std::nullopt;
  std::vector<int64_t> out;
  for (size_t i = 0; i < r->reply->elements; ++i) {
    if (r->reply->element[i]->type != REDIS_REPLY_INTEGER) return std::nullopt;
    out.push_back(r->reply->element[i]->integer);
  }
  return out;
}

std::optional<std::string> RedisClient::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto r = command({"GET", key});
  if (!r || r->reply->type != REDIS_REPLY_STRING) return std::nullopt;
  return std::string(r->reply->str, r->reply->len);
}

std::optional<int64_t> RedisClient::pttl(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto r = command({"PTTL", key});
  if (!r || r->reply->type != REDIS_REPLY_INTEGER || r->reply->integer < 0) return std::nullopt;
  return r->reply->integer;
}

bool RedisClient::set(const std::string& key, const std::string& value, int64_t ttl_ms) {
  std::lock_guard lock(mutex_);
  auto r = command({"SET", key, value, "PX", std::to_string(std::max<int64_t>(1, ttl_ms))});
  return r && r->reply->type == REDIS_REPLY_STATUS;
}

void RedisClient::del(const std::vector<std::string>& keys) {
  std::vector<std::string> argv = {"DEL"};
  argv.insert(argv.end(), keys.begin(), keys.end());
  std::lock_guard lock(mutex_);
  (void)command(argv);
}

std::unique_ptr<RedisClient::Reply> RedisClient::command(const std::vector<std::string>& argv) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!connected()) return nullptr;
    std::vector<const char*> parts;
    std::vector<size_t> lengths;
    for (const auto& a : argv) {
      parts.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(as_context(ctx_), static_cast<int>(parts.size()), parts.data(), lengths.data()));
    if (reply && reply->type == REDIS_REPLY_ERROR) {
      log::error("redis command failed", {{"command", argv.front()}, {"error", std::string(reply->str, reply->len)}});
      freeReplyObject(reply);
      return nullptr;
    }
    if (reply) return std::make_unique<Reply>(reply);
    redisFree(as_context(ctx_));  // broken connection: reconnect once
    ctx_ = nullptr;
  }
  return nullptr;
}

bool RedisClient::connected() {
  if (ctx_) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now < retry_after_) return false;
  timeval timeout{1, 0};
  redisContext* ctx = redisConnectWithTimeout(target_.host.c_str(), target_.port, timeout);
  if (!ctx || ctx->err) {
    log::error("cannot reach redis; its limits and caches fail open",
               {{"host", target_.host}, {"port", target_.port}, {"error", ctx ? ctx->errstr : "out of memory"}});
    if (ctx) redisFree(ctx);
    retry_after_ = now + std::chrono::seconds(1);
    return false;
  }
  redisSetTimeout(ctx, timeout);
  // Directly on the new context (not through command(), which would reconnect on failure).
  if (!target_.password.empty()) {
    Reply r(static_cast<redisReply*>(redisCommand(ctx, "AUTH %b", target_.password.data(), target_.password.size())));
    if (!r.reply || r.reply->type == REDIS_REPLY_ERROR) log::error("redis AUTH failed");
  }
  if (target_.db != 0) Reply(static_cast<redisReply*>(redisCommand(ctx, "SELECT %d", target_.db)));
  ctx_ = ctx;
  return true;
}

}  // namespace cairn::redis
