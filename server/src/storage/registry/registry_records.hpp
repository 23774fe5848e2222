#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/tracking/tracking_records.hpp"

/// Rows of the model registry (migration 0004_model_registry).
namespace cairn::storage {

struct RegisteredModelRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string name;
  std::string description;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  KeyValues tags;
  // Summary of the versions, read with the model.
  std::map<std::string, int64_t> aliases;  ///< alias -> version
  std::optional<int64_t> latest_version;
  std::map<std::string, int64_t> stages;  ///< stage -> newest version in it
  std::string framework;                  ///< of the latest version
  int64_t version_count = 0;
};

struct ModelVersionRecord {
  std::string model_id;
  int64_t version = 0;
  std::string description;
  std::string stage = "development";
  std::string source_type;  ///< run | logged_model | upload
  std::string source_uri;
  std::optional<std::string> run_id;
  std::optional<std::string> logged_model_id;
  std::string storage_location;  ///< proxy path: store key = <org_id>/<storage_location>/<file>
  std::string framework;
  std::string metadata = "{}";  ///< JSON: flavors, signature, input_example, pip_requirements
  bool executable_code = false;
  int64_t size_bytes = 0;
  int64_t file_count = 0;
  std::optional<std::string> idempotency_key;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  KeyValues tags;
  std::vector<std::pair<std::string, double>> metrics;  ///< NaN round-trips
  std::vector<std::string> aliases;
};

struct ModelFileRecord {
  std::string path;
  int64_t size = 0;
  std::string sha256;
  std::string format;
  bool executable_code = false;
  std::string details = "{}";  ///< JSON
};

struct StageTransitionRecord {
  std::string id;
  std::string model_id;
  int64_t version = 0;
  std::string from_stage;
  std::string to_stage;
  std::string comment;
  std::string actor;
  int64_t created_at = 0;
};

}  // namespace cairn::storage
