#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "service/service_context.hpp"
#include "service/tenancy/org_service.hpp"
#include "storage/tenancy/onboarding_store.hpp"

namespace cairn::service {

struct OnboardingStep {
  std::string id;  ///< create_project, log_run, register_model, deploy_model, create_api_key, invite_teammate
  bool done = false;
};

struct Onboarding {
  std::vector<OnboardingStep> steps;
  std::optional<storage::ProjectRecord> first_project;  ///< the oldest the caller can see
};

struct FeedbackInput {
  std::string message;
  std::string page;
  std::string version;
};

struct ClientErrorReport {
  std::string kind;  ///< uncaught | request
  std::string message;
  std::string stack;
  std::string page;
  std::optional<std::string> request_id;
  std::optional<int64_t> status;
  std::string version;
  std::optional<std::string> org_ref;
};

/// What helps a new organization along: its first steps (the web app's checklist), feedback from
/// its members to its admins, and the errors the web app met in members' browsers, grouped.
class OnboardingService {
 public:
  explicit OnboardingService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<Onboarding> onboarding(const Caller& caller, const std::string& org_ref);
  /// A member's feedback, signed in (an API key is not a person to answer).
  Result<storage::onboarding::FeedbackRecord> send_feedback(const Caller& caller, const std::string& org_ref,
                                                            const FeedbackInput& input);
  Result<Page<storage::onboarding::FeedbackRecord>> list_feedback(const Caller& caller, const std::string& org_ref,
                                                                  const storage::PageRequest& page);
  /// Counts the report; keeps it in its group when the caller is signed in and belongs to the
  /// organization it names. At most 60 a minute per address. Returns the group's fingerprint.
  Result<std::string> report_client_error(const Caller& caller, ClientErrorReport report);
  Result<Page<storage::onboarding::ClientErrorRecord>> list_client_errors(const Caller& caller,
                                                                          const std::string& org_ref,
                                                                          const storage::PageRequest& page);

  /// Prometheus lines: cairn_client_errors_total by kind.
  std::string metrics_text() const;

  /// The group a report belongs to: its kind, its message with numbers and ids masked, its first
  /// stack frame, and its page with ids masked (so /runs/<id> pages share a group).
  static std::string fingerprint(const ClientErrorReport& report);
  /// The path alone: no query string or fragment (they may carry tokens).
  static std::string path_only(const std::string& page);

 private:
  ServiceContext& ctx_;
  std::atomic<uint64_t> uncaught_{0};
  std::atomic<uint64_t> failed_requests_{0};
};

}  // namespace cairn::service
