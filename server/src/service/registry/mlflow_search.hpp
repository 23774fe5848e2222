#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/registry/model_version_store.hpp"
#include "storage/registry/registered_model_store.hpp"

/// MLflow's registry search language (search/) translated into the stores' queries, as
/// run_service does for runs. Clauses the stores cannot answer are validation errors.
namespace cairn::service::mlflow_search {

/// search_registered_models' filter: name =, LIKE, ILIKE and tags.<key> = / != '<value>'.
Result<storage::registered_models::ModelListFilter> model_filter(const std::string& text);

/// search_registered_models' order_by (name, creation_timestamp, last_updated_timestamp) as a
/// page sort ("name", "-created_at", ...): one key at most, "name" when none.
Result<std::string> model_sort(const std::vector<std::string>& order_by);

/// search_model_versions' filter: name =, LIKE, ILIKE; run_id = and IN; tags.<key> = and !=;
/// current_stage =; version_number =.
Result<storage::model_versions::VersionSearch> version_filter(const std::string& text);

}  // namespace cairn::service::mlflow_search
