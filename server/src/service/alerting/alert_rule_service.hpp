#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/principal.hpp"
#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"

namespace cairn::service {

/// Alert rules of a project: create, change, enable, delete, preview on past data, and the
/// templates of the rule editor. Rules are evaluated by AlertEngine.
class AlertRuleService {
 public:
  explicit AlertRuleService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<nlohmann::json> list(const Caller& caller, const TrackingScope& scope);
  Result<nlohmann::json> get(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  /// Body: {name, enabled?, severity, monitor, series, window_seconds?, condition, interval_seconds?,
  /// for_seconds?, keep_firing_seconds?, labels?, annotations?, actions?}.
  Result<nlohmann::json> create(const Caller& caller, const TrackingScope& scope, const nlohmann::json& body);
  /// Any field of create; takes effect at the next evaluation.
  Result<nlohmann::json> update(const Caller& caller, const TrackingScope& scope, const std::string& ref,
                                const nlohmann::json& body);
  Status remove(const Caller& caller, const TrackingScope& scope, const std::string& ref);
  /// Body: {rule: {...as create, name optional}, hours?: 1..168}. The series over the last hours
  /// with the condition and when the rule would have been pending or firing.
  Result<nlohmann::json> preview(const Caller& caller, const TrackingScope& scope, const nlohmann::json& body);

 private:
  ServiceContext& ctx_;
};

}  // namespace cairn::service
