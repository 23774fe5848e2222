#pragma once

#include <nlohmann/json.hpp>

#include "service/registry/model_version_service.hpp"

/// The registry's JSON, as api/openapi.yaml describes it (native API).
namespace cairn::api::registry_views {

nlohmann::json model(const storage::RegisteredModelRecord& m);
nlohmann::json version(const service::VersionView& v);
nlohmann::json file(const storage::ModelFileRecord& f);
nlohmann::json transition(const storage::StageTransitionRecord& t);

}  // namespace cairn::api::registry_views
