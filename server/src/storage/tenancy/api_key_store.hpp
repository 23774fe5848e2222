#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"
#include "storage/listing.hpp"
#include "storage/records.hpp"

/// API keys, their secrets (current and rotated-but-in-grace) and daily usage.
namespace cairn::storage::api_keys {

Status insert(Connection& c, const ApiKeyRecord& key, const std::string& secret_hash);
Result<std::optional<ApiKeyRecord>> find(Connection& c, const std::string& org_id, const std::string& key_id);
/// The newest key of the organization and project with this exact name that is neither revoked nor
/// expired at `now` (the key Cairn issued for a deployment's pods is found again this way).
Result<std::optional<ApiKeyRecord>> find_active_by_name(Connection& c, const std::string& org_id,
                                                        const std::string& project_id, const std::string& name,
                                                        int64_t now);

/// What authentication needs, found by the secret's prefix.
struct Credential {
  ApiKeyRecord key;
  std::string secret_hash;
  std::optional<int64_t> secret_expires_at;  ///< set on rotated secrets
  bool creator_is_member = false;            ///< the key's creator still belongs to its org
};
Result<std::optional<Credential>> find_by_prefix(Connection& c, const std::string& prefix);

struct KeyFilter {
  std::string org_id;
  std::optional<std::string> user_id;  ///< only this user's keys (non-admins)
};
Result<std::vector<ApiKeyRecord>> list(Connection& c, const KeyFilter& filter, const PageRequest& page,
                                       const SortKey<ApiKeyRecord>& sort);
/// Sortable by created_at, name.
const Listing<ApiKeyRecord>& key_sorts();

/// Adds a new current secret; older secrets stop working at `old_secrets_expire_at`.
Status rotate(Connection& c, const std::string& key_id, const std::string& prefix, const std::string& secret_hash,
              int64_t now, int64_t old_secrets_expire_at);
Status revoke(Connection& c, const std::string& key_id, int64_t now);

/// Adds `requests` to the key's count for `day` and records the last use.
Status record_usage(Connection& c, const std::string& key_id, const std::string& day, int64_t requests,
                    int64_t last_used_at, const std::string& last_ip);
/// Daily counts since `from_day` (inclusive), oldest first.
Result<std::vector<std::pair<std::string, int64_t>>> usage(Connection& c, const std::string& key_id,
                                                           const std::string& from_day);

}  // namespace cairn::storage::api_keys
