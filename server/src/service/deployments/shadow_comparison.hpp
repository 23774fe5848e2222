#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "deploy/deployment_logs.hpp"
#include "serving/request_stats.hpp"
#include "serving/table.hpp"

namespace cairn::service {

/// One request's copy to a shadow revision: once the answer the client got and the shadow's
/// answer have both arrived, counts the shadow request as a match, a mismatch (different
/// predictions, as the MLflow scoring protocol would render them) or an error, and logs the
/// first mismatches and every 100th so a person can see how the candidate differs.
class ShadowComparison {
 public:
  ShadowComparison(std::shared_ptr<serving::RequestStats> stats, std::shared_ptr<deploy::DeploymentLogs> logs,
                   int64_t served_revision, int64_t shadow_revision)
      : stats_(std::move(stats)),
        logs_(std::move(logs)),
        served_revision_(served_revision),
        shadow_revision_(shadow_revision) {}

  void served(const Result<serving::Prediction>& answer) { arrive(answer, served_); }
  void shadowed(const Result<serving::Prediction>& answer) { arrive(answer, shadow_); }

 private:
  struct Side {
    bool arrived = false;
    std::optional<std::string> rendered;  ///< nullopt: it failed
    std::string error;
  };
  void arrive(const Result<serving::Prediction>& answer, Side& side);
  void compare();
  void log(std::string message);

  std::shared_ptr<serving::RequestStats> stats_;
  std::shared_ptr<deploy::DeploymentLogs> logs_;
  int64_t served_revision_;
  int64_t shadow_revision_;
  std::mutex mutex_;
  Side served_;
  Side shadow_;
};

}  // namespace cairn::service
