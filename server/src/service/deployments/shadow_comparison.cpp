#include "service/deployments/shadow_comparison.hpp"

#include "common/clock.hpp"
#include "serving/mlflow_scoring.hpp"

namespace cairn::service {
namespace {

/// A log line shows this much of each answer.
constexpr std::size_t kShownChars = 300;

std::string shortened(const std::string& text) {
  return text.size() <= kShownChars ? text : text.substr(0, kShownChars) + "...";
}

}  // namespace

void ShadowComparison::arrive(const Result<serving::Prediction>& answer, Side& side) {
  Side result;
  result.arrived = true;
  if (answer.ok()) {
    std::string json;
    serving::append_mlflow_value(json, *answer);
    result.rendered = std::move(json);
  } else {
    result.error = answer.error().message;
  }
  bool both = false;
  {
    std::lock_guard lock(mutex_);
    side = std::move(result);
    both = served_.arrived && shadow_.arrived;
  }
  if (both) compare();
}

void ShadowComparison::compare() {
  // Both sides have arrived: no other thread touches them any more.
  if (!stats_) return;
  if (!shadow_.rendered) {
    const auto n = ++stats_->shadow_errors;
    if (n <= 10 || n % 100 == 0)
      log("shadow revision " + std::to_string(shadow_revision_) + " failed: " + shortened(shadow_.error));
    return;
  }
  if (!served_.rendered) return;  // nothing to compare against: the client got an error
  if (*served_.rendered == *shadow_.rendered) {
    ++stats_->shadow_matches;
    return;
  }
  const auto n = ++stats_->shadow_mismatches;
  if (n <= 10 || n % 100 == 0)
    log("shadow revision " + std::to_string(shadow_revision_) + " differs from revision " +
        std::to_string(served_revision_) + ": " + shortened(*shadow_.rendered) + " instead of " +
        shortened(*served_.rendered));
}

void ShadowComparison::log(std::string message) {
  if (logs_) logs_->append({now_ms(), -1, "cairn", std::move(message)});
}

}  // namespace cairn::service
