#include "storage/tracking/artifact_owners.hpp"

namespace cairn::storage::artifact_owners {
namespace {

Result<Ids> owner_ids(Connection& c, std::string_view sql, const std::vector<Value>& params) {
  Ids out;
  CAIRN_TRY(c.for_each_row(sql, params, [&](const Row& r) -> Status {
    out.insert(r.text(0));
    return {};
  }));
  return out;
}

}  // namespace

Result<Ids> organizations(Connection& c) {
  return owner_ids(c, "SELECT id FROM organizations", {});
}

Result<Ids> experiments_of(Connection& c, const std::string& org_id) {
  return owner_ids(c, "SELECT id FROM experiments WHERE org_id = ?", {org_id});
}

Result<Ids> runs_of(Connection& c, const std::string& experiment_id) {
  return owner_ids(c, "SELECT id FROM runs WHERE experiment_id = ?", {experiment_id});
}

Result<Ids> logged_models_of(Connection& c, const std::string& experiment_id) {
  return owner_ids(c, "SELECT id FROM logged_models WHERE experiment_id = ?", {experiment_id});
}

Result<Ids> registered_models_of(Connection& c, const std::string& org_id) {
  return owner_ids(c, "SELECT id FROM registered_models WHERE org_id = ?", {org_id});
}

}  // namespace cairn::storage::artifact_owners
