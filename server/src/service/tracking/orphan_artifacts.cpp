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

class OrphanScan {
 public:
  OrphanScan(storage::Connection& c, artifacts::ArtifactStore& store) : c_(c), store_(store) {}

  // Each level is listed before its rows are read (see the header): a folder created meanwhile
  // has its row already.
  Status organizations() {
    CAIRN_TRY_ASSIGN(auto orgs, sub_folders(store_, "", is_hex_id));
    CAIRN_TRY_ASSIGN(auto existing, owners::organizations(c_));
    for (const auto& org : orgs) {
      if (!existing.contains(org)) {
        found.push_back(org);
        continue;
      }
      CAIRN_TRY(organization(org));
    }
    return {};
  }

  std::vector<std::string> found;

 private:
  Status organization(const std::string& org) {
    CAIRN_TRY_ASSIGN(auto experiments, sub_folders(store_, org, is_experiment_id));
    CAIRN_TRY_ASSIGN(auto existing, owners::experiments_of(c_, org));
    for (const auto& experiment : experiments) {
      if (!existing.contains(experiment)) {
        found.push_back(join_key(org, experiment));
        continue;
      }
      CAIRN_TRY(this->experiment(org, experiment));
    }
    const std::string registry = join_key(org, "registry");
    CAIRN_TRY_ASSIGN(auto models, sub_folders(store_, registry, is_hex_id));
    if (models.empty()) return {};
    CAIRN_TRY_ASSIGN(auto registered, owners::registered_models_of(c_, org));
    keep_owned(registry, models, registered);
    return {};
  }

  Status experiment(const std::string& org, const std::string& experiment) {
    const std::string key = join_key(org, experiment);
    CAIRN_TRY_ASSIGN(auto runs, sub_folders(store_, key, is_hex_id));
    if (!runs.empty()) {
      CAIRN_TRY_ASSIGN(auto existing, owners::runs_of(c_, experiment));
      keep_owned(key, runs, existing);
    }
    const std::string models_key = join_key(key, "models");
    CAIRN_TRY_ASSIGN(auto models, sub_folders(store_, models_key, is_logged_model_id));
    if (models.empty()) return {};
    CAIRN_TRY_ASSIGN(auto existing, owners::logged_models_of(c_, experiment));
    keep_owned(models_key, models, existing);
    return {};
  }

  /// The folders under `parent` without a row are orphans.
  void keep_owned(const std::string& parent, const std::vector<std::string>& folders, const owners::Ids& owned) {
    for (const auto& folder : folders) {
      if (!owned.contains(folder)) found.push_back(join_key(parent, folder));
    }
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
  CAIRN_TRY(scan.organizations());
  return std::move(scan.found);
}

}  // namespace cairn::service
