#pragma once

#include <cstdint>
#include <string>

namespace cairn::storage {

/// A project's environment (development, staging, production by default; renameable, addable).
struct EnvironmentRecord {
  std::string id;
  std::string project_id;
  std::string name;
  std::string tier;  ///< development | staging | production
  std::string description;
  int64_t created_at = 0;
  int64_t deployment_count = 0;  ///< filled by list/find
};

/// A deployment with what its current revision serves.
struct DeploymentRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string environment_id;
  std::string environment_name;  ///< joined
  std::string environment_tier;  ///< joined
  std::string name;
  std::string endpoint_name;
  std::string target;  ///< local | kubernetes
  std::string model_id;
  std::string model_name;    ///< joined
  std::string source_kind;   ///< version | alias | stage
  std::string source_value;  ///< "3" | "champion" | "production"
  int64_t revision = 0;
  int64_t model_version = 0;  ///< the current revision's (joined)
  std::string config;         ///< the current revision's configuration, JSON (joined)
  std::string desired_state;  ///< running | stopped
  std::string traffic;        ///< JSON {routes, shadow}
  std::string state;
  std::string state_reason;
  int64_t state_since = 0;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

/// An immutable revision: a model version and a configuration.
struct RevisionRecord {
  std::string deployment_id;
  int64_t number = 0;
  std::string model_id;
  std::string model_name;  ///< joined (empty when the model is gone)
  int64_t model_version = 0;
  std::string config;  ///< JSON, secrets included
  std::string reason;
  std::string created_by;
  int64_t created_at = 0;
};

struct DeploymentEventRecord {
  int64_t seq = 0;
  int64_t at = 0;
  std::string actor;
  std::string kind;
  std::string message;
};

}  // namespace cairn::storage
