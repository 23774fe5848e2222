#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/database.hpp"
#include "storage/deployments/deployment_records.hpp"

namespace cairn::service {

/// The `revision_healthy` event's message ("revision 3 is healthy"): written by the supervisor,
/// read back here; one definition so the two cannot drift apart.
std::string revision_healthy_message(int64_t revision);

/// The revision an automatic rollback returns to: the newest earlier revision that was healthy
/// once (the supervisor's `revision_healthy` event) and serves something else than the serving
/// revision (a model version or configuration of its own — a copy of the serving one would change
/// nothing). Revisions that never came up are passed over, so a second bad rollout in a row does
/// not roll back onto the first. nullopt when no earlier revision qualifies.
Result<std::optional<int64_t>> last_healthy_revision(storage::Connection& c, const storage::DeploymentRecord& d);

}  // namespace cairn::service
