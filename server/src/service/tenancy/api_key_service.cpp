#include "service/tenancy/api_key_service.hpp"

#include <sstream>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/tenancy/api_key_store.hpp"
#include "storage/tenancy/org_store.hpp"

namespace cairn::service {

using storage::Connection;
namespace keys = storage::api_keys;

namespace {

constexpr std::string_view kKeyPrefix = "cairn_";
constexpr std::size_t kPrefixChars = 12;
constexpr std::size_t kSecretChars = 40;

std::string join_scopes(const std::set<Scope>& scopes) {
  std::string out;
  for (Scope s : scopes) {
    if (!out.empty()) out += ' ';
    out += to_string(s);
  }
  return out;
}

std::set<Scope> split_scopes(const std::string& text) {
  std::set<Scope> out;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    if (auto s = parse_scope(word)) out.insert(*s);
  }
  return out;
}

struct NewSecret {
  std::string prefix;
  std::string full;  // what the user copies
  std::string hash;
};

NewSecret new_secret() {
  NewSecret s;
  s.prefix = crypto::random_token(kPrefixChars);
  std::string secret = crypto::random_token(kSecretChars);
  s.full = std::string(kKeyPrefix) + s.prefix + "_" + secret;
  s.hash = crypto::sha256_hex(secret);
  return s;
}

}  // namespace

bool ApiKeyService::looks_like_key(std::string_view token) {
  return token.starts_with(kKeyPrefix);
}

Result<ApiKeyWithSecret> ApiKeyService::create(const Caller& caller, const std::string& org_ref,
                                               const ApiKeyInput& input) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<ApiKeyWithSecret> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::api_key_create, org.role));
    std::optional<std::string> project_id = p.key_project_id;
    if (input.project_ref) {
      auto project = resolve_project(c, p, org, *input.project_ref);
      if (!project.ok()) return Error::validation("project_id", "no such project in this organization");
      project_id = project->project.id;
    }
    return create_in(c, caller, p, org, input, project_id);
  });
}

Result<ApiKeyWithSecret> ApiKeyService::create_in(Connection& c, const Caller& caller, const Principal& p,
                                                  const OrgAccess& org, const ApiKeyInput& input,
                                                  const std::optional<std::string>& project_id) {
  const NewSecret secret = new_secret();
  const auto allowed = grantable_scopes(org.role);
  for (Scope s : input.scopes) {
    // A key never holds more than its creator: not more than the role, nor than the key used to make it.
    if (!allowed.contains(s) || (p.scopes && !p.scopes->contains(s))) {
      return Error::forbidden("your role cannot grant the '" + std::string(to_string(s)) + "' scope");
    }
  }
  const int64_t now = now_ms();
  storage::ApiKeyRecord key{
      crypto::new_id(), org.org.id, p.user_id,        project_id,   input.name,   join_scopes(input.scopes),
      secret.prefix,    now,        input.expires_at, std::nullopt, std::nullopt, std::nullopt};
  CAIRN_TRY(keys::insert(c, key, secret.hash));
  CAIRN_TRY(record_audit(c, caller, org.org.id, "api_key.create", "api_key", key.id,
                         {{"name", key.name}, {"scopes", key.scopes}, {"prefix", key.prefix}}));
  return ApiKeyWithSecret{key, secret.full};
}

Result<storage::ApiKeyRecord> ApiKeyService::find_manageable(Connection& c, const Principal& p, const OrgAccess& org,
                                                             const std::string& key_id) {
  CAIRN_TRY_ASSIGN(auto key, keys::find(c, org.org.id, key_id));
  if (!key) return Error::not_found("API key");
  if (key->user_id != p.user_id) {
    // Members do not learn of other members' keys; admins manage them all.
    if (org.role != Role::admin) return Error::not_found("API key");
    CAIRN_TRY(authorize(p, Action::api_key_manage_others, org.role));
  }
  return *key;
}

Result<Page<storage::ApiKeyRecord>> ApiKeyService::list(const Caller& caller, const std::string& org_ref,
                                                        const storage::PageRequest& page) {
  const auto* sort = storage::find_sort(keys::key_sorts(), page.sort);
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<storage::ApiKeyRecord>> {
        CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
        CAIRN_TRY(authorize(p, Action::org_read, org.role));
        if (!sort) return Error::bad_request("sort is not a sortable field of this list", "sort");
        keys::KeyFilter filter{org.org.id, std::nullopt};
        if (org.role != Role::admin || (p.scopes && !p.scopes->contains(Scope::admin))) filter.user_id = p.user_id;
        return keys::list(c, filter, page, *sort);
      }));
  Page<storage::ApiKeyRecord> out;
  out.next_cursor = storage::finish_page(items, page, *sort);
  out.items = std::move(items);
  return out;
}

Result<storage::ApiKeyRecord> ApiKeyService::get(const Caller& caller, const std::string& org_ref,
                                                 const std::string& key_id) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<storage::ApiKeyRecord> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::org_read, org.role));
    return find_manageable(c, p, org, key_id);
  });
}

Result<ApiKeyWithSecret> ApiKeyService::rotate(const Caller& caller, const std::string& org_ref,
                                               const std::string& key_id, int64_t grace_seconds) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<ApiKeyWithSecret> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::api_key_create, org.role));
    CAIRN_TRY_ASSIGN(auto key, find_manageable(c, p, org, key_id));
    return rotate_in(c, caller, org, std::move(key), grace_seconds);
  });
}

Result<ApiKeyWithSecret> ApiKeyService::rotate_in(Connection& c, const Caller& caller, const OrgAccess& org,
                                                  storage::ApiKeyRecord key, int64_t grace_seconds) {
  if (key.revoked_at) return Error::conflict("a revoked key cannot be rotated");
  const NewSecret secret = new_secret();
  const int64_t now = now_ms();
  CAIRN_TRY(keys::rotate(c, key.id, secret.prefix, secret.hash, now, now + grace_seconds * 1000));
  CAIRN_TRY(record_audit(c, caller, org.org.id, "api_key.rotate", "api_key", key.id,
                         {{"grace_period_seconds", grace_seconds}, {"prefix", secret.prefix}}));
  key.prefix = secret.prefix;
  return ApiKeyWithSecret{key, secret.full};
}

Result<ApiKeyWithSecret> ApiKeyService::issue_service_key(const Caller& caller, const std::string& org_id,
                                                          const std::string& project_id, const std::string& name,
                                                          const std::set<Scope>& scopes, int64_t grace_seconds) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<ApiKeyWithSecret> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_id));
    CAIRN_TRY(authorize(p, Action::api_key_create, org.role));
    CAIRN_TRY_ASSIGN(auto existing, keys::find_active_by_name(c, org.org.id, project_id, name, now_ms()));
    // The same key rotated when it is the caller's to manage with the same scopes; otherwise (another
    // member issued it, or the scopes changed) a key of the caller's own, and the other keeps working
    // until its owner or an admin revokes it.
    if (existing && split_scopes(existing->scopes) == scopes) {
      auto manageable = find_manageable(c, p, org, existing->id);
      if (manageable.ok()) return rotate_in(c, caller, org, std::move(*manageable), grace_seconds);
    }
    ApiKeyInput input;
    input.name = name;
    input.scopes = scopes;
    return create_in(c, caller, p, org, input, project_id);
  });
}

Status ApiKeyService::revoke(const Caller& caller, const std::string& org_ref, const std::string& key_id) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    // Revoking only ever reduces access, so any key or member may revoke what they can see.
    CAIRN_TRY(authorize(p, Action::org_read, org.role));
    CAIRN_TRY_ASSIGN(auto key, find_manageable(c, p, org, key_id));
    CAIRN_TRY(keys::revoke(c, key.id, now_ms()));
    CAIRN_TRY(record_audit(c, caller, org.org.id, "api_key.revoke", "api_key", key.id, {{"name", key.name}}));
    return {};
  });
}

Result<ApiKeyUsage> ApiKeyService::usage(const Caller& caller, const std::string& org_ref, const std::string& key_id) {
  CAIRN_TRY_ASSIGN(auto key, get(caller, org_ref, key_id));
  usage_.flush();  // so the figures include the requests of the last seconds
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  const int64_t now = now_ms();
  const int64_t day_ms = 24LL * 3600 * 1000;
  CAIRN_TRY_ASSIGN(auto counted, keys::usage(*conn, key.id, utc_day(now - (kUsageDays - 1) * day_ms)));
  CAIRN_TRY_ASSIGN(auto fresh, keys::find(*conn, key.org_id, key.id));
  ApiKeyUsage out;
  out.key_id = key.id;
  std::size_t next = 0;
  for (int i = kUsageDays - 1; i >= 0; --i) {
    std::string day = utc_day(now - i * day_ms);
    int64_t requests = 0;
    if (next < counted.size() && counted[next].first == day) requests = counted[next++].second;
    out.days.emplace_back(std::move(day), requests);
  }
  if (fresh) {
    out.last_used_at = fresh->last_used_at;
    out.last_used_ip = fresh->last_used_ip;
  }
  return out;
}

Result<Principal> ApiKeyService::authenticate(const std::string& token, const std::string& ip) {
  auto invalid = [] { return Error::unauthenticated("API key is invalid, expired or revoked"); };
  std::string_view rest(token);
  if (!rest.starts_with(kKeyPrefix) || rest.size() > 256) return invalid();
  rest.remove_prefix(kKeyPrefix.size());
  const auto underscore = rest.find('_');
  if (underscore == std::string_view::npos) return invalid();
  const std::string prefix(rest.substr(0, underscore));
  const std::string secret(rest.substr(underscore + 1));
  const std::string token_hash = crypto::sha256_hex(token);
  const uint64_t epoch = ctx_.access_epoch->current();
  if (auto cached = verified_.get(token_hash, now_ms(), epoch)) {
    const int64_t now = now_ms();
    if (cached->expires_at && *cached->expires_at <= now) return invalid();
    usage_.record(cached->principal.api_key_id, ip, now);
    return cached->principal;
  }
  CAIRN_TRY_ASSIGN(auto conn, ctx_.db.acquire());
  CAIRN_TRY_ASSIGN(auto credential, keys::find_by_prefix(*conn, prefix));
  if (!credential) return invalid();
  const int64_t now = now_ms();
  const auto& key = credential->key;
  if (!crypto::constant_time_equal(crypto::sha256_hex(secret), credential->secret_hash)) return invalid();
  if (key.revoked_at || (key.expires_at && *key.expires_at <= now)) return invalid();
  if (credential->secret_expires_at && *credential->secret_expires_at <= now) return invalid();
  if (!credential->creator_is_member) return invalid();  // the creator left: the key went with them
  usage_.record(key.id, ip, now);
  Principal p;
  p.kind = Principal::Kind::api_key;
  p.user_id = key.user_id;
  p.api_key_id = key.id;
  p.key_org_id = key.org_id;
  p.key_project_id = key.project_id;
  p.scopes = split_scopes(key.scopes);
  // The earlier of the key's expiry and its old secret's (after a rotation) bounds the cached answer.
  std::optional<int64_t> expires_at = key.expires_at;
  if (credential->secret_expires_at && (!expires_at || *credential->secret_expires_at < *expires_at))
    expires_at = credential->secret_expires_at;
  verified_.put(token_hash, VerifiedKey{p, expires_at}, now, epoch);
  return p;
}

limits::LimitStore::Decision ApiKeyService::take_rate(const std::string& key_id) {
  const int64_t interval_us = std::max<int64_t>(1, 60'000'000 / ctx_.config.api_key_rate_limit);
  return ctx_.limits.take("key:" + key_id, interval_us, ctx_.config.api_key_rate_burst);
}

}  // namespace cairn::service
