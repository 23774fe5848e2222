#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/ttl_cache.hpp"
#include "service/access.hpp"
#include "service/service_context.hpp"
#include "service/tenancy/org_service.hpp"
#include "service/tenancy/usage_recorder.hpp"
#include "storage/records.hpp"

namespace cairn::service {

struct ApiKeyInput {
  std::string name;
  std::set<Scope> scopes;
  std::optional<std::string> project_ref;
  std::optional<int64_t> expires_at;
};

struct ApiKeyWithSecret {
  storage::ApiKeyRecord key;
  std::string secret;  ///< `cairn_<prefix>_<secret>`: shown once, stored only as a hash
};

struct ApiKeyUsage {
  std::string key_id;
  std::vector<std::pair<std::string, int64_t>> days;  ///< the last 30 UTC days, oldest first
  std::optional<int64_t> last_used_at;
  std::optional<std::string> last_used_ip;
};

/// API keys: creation within the creator's role, rotation with a grace period, revocation,
/// authentication by prefix lookup and hash comparison, rate limits and usage.
class ApiKeyService {
 public:
  static constexpr int64_t kMaxGraceSeconds = 7 * 24 * 3600;
  static constexpr int kUsageDays = 30;

  ApiKeyService(ServiceContext& ctx, UsageRecorder& usage) : ctx_(ctx), usage_(usage) {}

  Result<ApiKeyWithSecret> create(const Caller& caller, const std::string& org_ref, const ApiKeyInput& input);
  /// Admins see every key of the organization; others their own.
  Result<Page<storage::ApiKeyRecord>> list(const Caller& caller, const std::string& org_ref,
                                           const storage::PageRequest& page);
  Result<storage::ApiKeyRecord> get(const Caller& caller, const std::string& org_ref, const std::string& key_id);
  Result<ApiKeyWithSecret> rotate(const Caller& caller, const std::string& org_ref, const std::string& key_id,
                                  int64_t grace_seconds);
  Status revoke(const Caller& caller, const std::string& org_ref, const std::string& key_id);
  /// A secret for a service Cairn runs on the caller's behalf (a deployment's model-server pods): the
  /// project's active key named `name` rotated (its old secret works for `grace_seconds` more, while
  /// the pods roll) when the caller may manage it, else a new key of the caller with `scopes`,
  /// restricted to the project. Within the caller's role and scopes, audited, as any key.
  Result<ApiKeyWithSecret> issue_service_key(const Caller& caller, const std::string& org_id,
                                             const std::string& project_id, const std::string& name,
                                             const std::set<Scope>& scopes, int64_t grace_seconds);
  Result<ApiKeyUsage> usage(const Caller& caller, const std::string& org_ref, const std::string& key_id);

  /// Whether `token` looks like an API key (rather than a JWT).
  static bool looks_like_key(std::string_view token);
  /// Resolves a presented key: 401 when unknown, wrong, revoked, expired or past its grace period.
  Result<Principal> authenticate(const std::string& token, const std::string& ip);
  /// Takes one request from the key's rate limit.
  limits::LimitStore::Decision take_rate(const std::string& key_id);
  int rate_limit_per_minute() const { return ctx_.config.api_key_rate_limit; }
  int rate_burst() const { return ctx_.config.api_key_rate_burst; }

 private:
  /// A new key of `p` (the scopes checked against the role and the key `p` signs in with).
  Result<ApiKeyWithSecret> create_in(storage::Connection& c, const Caller& caller, const Principal& p,
                                     const OrgAccess& org, const ApiKeyInput& input,
                                     const std::optional<std::string>& project_id);
  /// A new secret for `key`; its older secrets keep working for `grace_seconds`.
  Result<ApiKeyWithSecret> rotate_in(storage::Connection& c, const Caller& caller, const OrgAccess& org,
                                     storage::ApiKeyRecord key, int64_t grace_seconds);
  Result<storage::ApiKeyRecord> find_manageable(storage::Connection& c, const Principal& p, const OrgAccess& org,
                                                const std::string& key_id);

  /// A verified key as authenticate() found it, with the expiries it must still check per call.
  struct VerifiedKey {
    Principal principal;
    std::optional<int64_t> expires_at;
  };

  ServiceContext& ctx_;
  UsageRecorder& usage_;
  /// By the SHA-256 of the whole token (never the token): predictions authenticate without a
  /// database round trip (see AccessEpoch for how changes reach it).
  TtlCache<VerifiedKey> verified_{kAccessCacheTtlMs, 10000};
};

}  // namespace cairn::service
