#include "service/tracking/orphan_artifacts.hpp"

#include <algorithm>

#include "storage/tracking/artifact_owners.hpp"

namespace cairn::service {

namespace owners = storage::artifact_owners;
using artifacts::join_key;

namespace {

/// The sub-folders of `key` whose names pass `judged`.
Result<std::vector<std::string>> sub_folders(artifacts::ArtifactStore& store, const std::string& key,
                                             bool (*judged)(std::string_view)) {
  CAIRN_TRY_ASSIGN(auto entries, store.list(key));
  std::vector<std::string> out;
  for (const auto& entry : entries) {
    if (entry.is_dir && judged(entry.path)) out.push_back(entry.path);
  }
  return out;
}

bool is_registry_folder(std::string_view name) {
  return name == "registry";
}
bool is_models_folder(std::string_view name) {
  return name == "models";
}

class OrphanScan {
 public:
  OrphanScan(storage::Connection& c, artifacts::ArtifactStore& store) : c_(c), store_(store) {}

  Status organization(const std::string& org) {
    CAIRN_TRY_ASSIGN(bool exists, owners::org_exists(c_, org));
    if (!exists) {
      found.push_back(org);
      return {};
    }
    CAIRN_TRY_ASSIGN(auto experiments, sub_folders(store_, org, is_experiment_id));
    for (const auto& experiment : experiments) CAIRN_TRY(this->experiment(org, experiment));
    CAIRN_TRY_ASSIGN(auto registry, sub_folders(store_, org, is_registry_folder));
    if (registry.empty()) return {};
    const std::string registry_key = join_key(org, "registry");
    CAIRN_TRY_ASSIGN(auto models, sub_folders(store_, registry_key, is_hex_id));
    for (const auto& model : models) {
      CAIRN_TRY_ASSIGN(bool owned, owners::registered_model_exists(c_, org, model));
      if (!owned) found.push_back(join_key(registry_key, model));
    }
    return {};
  }

  std::vector<std::string> found;

 private:
  Status experiment(const std::string& org, const std::string& experiment) {
    const std::string key = join_key(org, experiment);
    CAIRN_TRY_ASSIGN(bool exists, owners::experiment_exists(c_, org, experiment));
    if (!exists) {
      found.push_back(key);
      return {};
    }
    CAIRN_TRY_ASSIGN(auto runs, sub_folders(store_, key, is_hex_id));
    for (const auto& run : runs) {
      CAIRN_TRY_ASSIGN(bool owned, owners::run_exists(c_, experiment, run));
      if (!owned) found.push_back(join_key(key, run));
    }
    CAIRN_TRY_ASSIGN(auto models_dir, sub_folders(store_, key, is_models_folder));
    if (models_dir.empty()) return {};
    const std::string models_key = join_key(key, "models");
    CAIRN_TRY_ASSIGN(auto models, sub_folders(store_, models_key, is_logged_model_id));
    for (const auto& model : models) {
      CAIRN_TRY_ASSIGN(bool owned, owners::logged_model_exists(c_, experiment, model));
      if (!owned) found.push_back(join_key(models_key, model));
    }
    return {};
  }

  storage::Connection& c_;
  artifacts::ArtifactStore& store_;
};

}  // namespace

bool is_hex_id(std::string_view name) {
  return name.size() == 32 && std::all_of(name.begin(), name.end(),
                                          [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
}

bool is_experiment_id(std::string_view name) {
  return !name.empty() && name.size() <= 20 &&
         std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

bool is_logged_model_id(std::string_view name) {
  return name.starts_with("m-") && is_hex_id(name.substr(2));
}

Result<std::vector<std::string>> find_orphaned_folders(storage::Connection& c, artifacts::ArtifactStore& store) {
  OrphanScan scan(c, store);
  CAIRN_TRY_ASSIGN(auto orgs, sub_folders(store, "", is_hex_id));
  for (const auto& org : orgs) CAIRN_TRY(scan.organization(org));
  return std::move(scan.found);
}

}  // namespace cairn::service
