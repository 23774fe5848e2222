#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/listing.hpp"
#include "storage/records.hpp"

namespace cairn::storage::audit {

Status insert(Connection& c, const AuditRecord& event);

struct AuditFilter {
  std::string org_id;
  std::optional<std::string> action;
  std::optional<std::string> actor_id;
  std::optional<std::string> target_type;
  std::optional<int64_t> since;  ///< inclusive
  std::optional<int64_t> until;  ///< exclusive
};
/// Newest first (sort "-created_at").
Result<std::vector<AuditRecord>> list(Connection& c, const AuditFilter& filter, const PageRequest& page);
/// The audit log's one sort, by created_at.
const SortKey<AuditRecord>& audit_sort();

}  // namespace cairn::storage::audit
