#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "service/principal.hpp"
#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"

namespace cairn::service {

/// What to list in the alert inbox.
struct AlertQuery {
  /// pending | firing | resolved | acknowledged (firing, acknowledged) | silenced (open, matched by a silence)
  std::vector<std::string> states;
  std::optional<std::string> severity;
  std::optional<std::string> rule;        ///< id or name
  std::optional<std::string> deployment;  ///< the deployment label
  int64_t from = 0;
  int64_t to = INT64_MAX;
  int limit = 100;
};

/// The alert inbox: alerts with their timelines, acknowledging, resolving and silencing them (one
/// at a time or in bulk), and analytics over a range.
class AlertInboxService {
 public:
  explicit AlertInboxService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<nlohmann::json> list(const Caller& caller, const TrackingScope& scope, const AlertQuery& q);
  /// The alert, its timeline (every transition, notification and action) and its deliveries.
  Result<nlohmann::json> get(const Caller& caller, const TrackingScope& scope, const std::string& id);
  Result<nlohmann::json> acknowledge(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                     const std::string& note);
  Result<nlohmann::json> resolve(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                 const std::string& note);
  /// Body: {ids: [...], action: acknowledge | resolve | silence, note?, duration_seconds? (silence)}.
  Result<nlohmann::json> bulk(const Caller& caller, const TrackingScope& scope, const nlohmann::json& body);
  /// Alerts per rule and per deployment, per day, mean time to acknowledge and to resolve, and the
  /// noisiest rules over [from, to).
  Result<nlohmann::json> analytics(const Caller& caller, const TrackingScope& scope, int64_t from, int64_t to);

 private:
  /// Acknowledges or resolves one alert ("acknowledge" | "resolve") and answers it as get() does.
  Result<nlohmann::json> respond_one(const Caller& caller, const TrackingScope& scope, const std::string& id,
                                     const std::string& action, const std::string& note);

  ServiceContext& ctx_;
};

}  // namespace cairn::service
