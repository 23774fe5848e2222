#include "storage/tracking/artifact_owners.hpp"

namespace cairn::storage::artifact_owners {
namespace {

Result<bool> owner_row_exists(Connection& c, std::string_view sql, const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(sql, params));
  return !rows.empty();
}

}  // namespace

Result<bool> org_exists(Connection& c, const std::string& org_id) {
  return owner_row_exists(c, "SELECT 1 FROM organizations WHERE id = ?", {org_id});
}

Result<bool> experiment_exists(Connection& c, const std::string& org_id, const std::string& experiment_id) {
  return owner_row_exists(c, "SELECT 1 FROM experiments WHERE id = ? AND org_id = ?", {experiment_id, org_id});
}

Result<bool> run_exists(Connection& c, const std::string& experiment_id, const std::string& run_id) {
  return owner_row_exists(c, "SELECT 1 FROM runs WHERE id = ? AND experiment_id = ?", {run_id, experiment_id});
}

Result<bool> logged_model_exists(Connection& c, const std::string& experiment_id, const std::string& model_id) {
  return owner_row_exists(c, "SELECT 1 FROM logged_models WHERE id = ? AND experiment_id = ?",
                          {model_id, experiment_id});
}

Result<bool> registered_model_exists(Connection& c, const std::string& org_id, const std::string& model_id) {
  return owner_row_exists(c, "SELECT 1 FROM registered_models WHERE id = ? AND org_id = ?", {model_id, org_id});
}

}  // namespace cairn::storage::artifact_owners
