#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "service/alerting/alert_target.hpp"
#include "service/alerting/rule_evaluation.hpp"
#include "service/deployments/deployment_service.hpp"
#include "service/service_context.hpp"

namespace cairn::service {

/// Evaluates due alert rules (a scheduler job, once across replicas: DESIGN D13): each rule's
/// series over its window, its condition, and what that does to its alert — pending, firing,
/// resolved — with every transition recorded and, when the rule asks for it, the deployment
/// rolled back on firing.
class AlertEngine {
 public:
  AlertEngine(ServiceContext& ctx, DeploymentService& deployments) : ctx_(ctx), deployments_(deployments) {}

  /// The scheduler job: every enabled rule whose next evaluation is due.
  Status evaluate_due();
  /// Prometheus lines: evaluations, failures, alerts opened.
  std::string metrics_text() const;

 private:
  /// A rule's series now (and `offset_seconds` back, for a change), or why it cannot be measured.
  struct Measurement {
    std::optional<alerting::RuleSpec> spec;
    std::optional<alerting::RuleTarget> target;
    alerting::Reading reading;
    std::string error;  ///< empty when measured
  };
  /// What a firing rule rolls back, as its evaluation found it.
  struct Rollback {
    std::string alert_id;
    std::string deployment_id;
    std::string rule_name;
    std::string author;  ///< the rule's creator, whom the rollback acts as
  };
  static Measurement measure(storage::Connection& c, const storage::alerting::RuleRecord& rule, int64_t now);
  /// `listed`: the rule as the due query read it.
  Status evaluate(const storage::alerting::RuleRecord& listed, int64_t now);
  void roll_back(const Rollback& what);

  ServiceContext& ctx_;
  DeploymentService& deployments_;
  std::atomic<uint64_t> evaluations_{0};
  std::atomic<uint64_t> failures_{0};
  std::atomic<uint64_t> rollbacks_{0};
};

}  // namespace cairn::service
