#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/tracking/saved_view_store.hpp"

namespace cairn::service {

/// What a PATCH changes; unset fields stay.
struct SavedViewChanges {
  std::optional<std::string> name;
  std::optional<std::string> visibility;
  std::optional<std::string> state;  ///< validated JSON object text
};

/// Saved views of an experiment's runs grid. Reading asks tracking_read, changing tracking_write;
/// a private view exists only for its creator (404 for everyone else), and a shared view changes
/// only by its creator or a project admin (403).
class SavedViewService {
 public:
  explicit SavedViewService(ServiceContext& ctx) : ctx_(ctx) {}

  /// The experiment's shared views and the caller's private ones, by name.
  Result<std::vector<storage::saved_views::SavedViewRecord>> list(const Caller& caller, const TrackingScope& scope,
                                                                  const std::string& experiment_id);
  Result<storage::saved_views::SavedViewRecord> create(const Caller& caller, const TrackingScope& scope,
                                                       const std::string& experiment_id, const std::string& name,
                                                       const std::string& visibility, const std::string& state);
  Result<storage::saved_views::SavedViewRecord> get(const Caller& caller, const TrackingScope& scope,
                                                    const std::string& experiment_id, const std::string& id);
  Result<storage::saved_views::SavedViewRecord> update(const Caller& caller, const TrackingScope& scope,
                                                       const std::string& experiment_id, const std::string& id,
                                                       const SavedViewChanges& changes);
  Status remove(const Caller& caller, const TrackingScope& scope, const std::string& experiment_id,
                const std::string& id);

 private:
  ServiceContext& ctx_;
};

}  // namespace cairn::service
