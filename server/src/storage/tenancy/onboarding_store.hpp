#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/listing.hpp"

/// Feedback members send to their organization's admins, and the web app's error reports grouped
/// by fingerprint (migration 0011).
namespace cairn::storage::onboarding {

struct FeedbackRecord {
  std::string id;
  std::string org_id;
  std::string user_id;
  std::string user_name;   ///< joined from users when listed
  std::string user_email;  ///< joined from users when listed
  std::string message;
  std::string page;
  std::string version;
  int64_t created_at = 0;
};

Status insert_feedback(Connection& c, const FeedbackRecord& feedback);
/// Newest first (sort "-created_at").
Result<std::vector<FeedbackRecord>> list_feedback(Connection& c, const std::string& org_id, const PageRequest& page);
const SortKey<FeedbackRecord>& feedback_sort();

struct ClientErrorRecord {
  std::string org_id;
  std::string fingerprint;
  std::string kind;
  std::string message;
  std::string stack;
  std::string page;
  std::optional<int64_t> status;
  std::optional<std::string> last_request_id;
  std::string version;
  int64_t count = 1;
  int64_t first_seen = 0;
  int64_t last_seen = 0;
};

/// Adds one report to its group: a new group, or the group's count, last-seen time and latest
/// details (stack, request id, status, version) updated.
Status add_client_error(Connection& c, const ClientErrorRecord& report);
/// Most recently seen first (sort "-last_seen").
Result<std::vector<ClientErrorRecord>> list_client_errors(Connection& c, const std::string& org_id,
                                                          const PageRequest& page);
const SortKey<ClientErrorRecord>& client_error_sort();

/// What the organization has done of the first steps, over the projects in `project_ids` (the ones
/// the asker can see); `user_id`'s own active keys count for the API-key step.
struct FirstSteps {
  bool project = false;
  bool run = false;
  bool model = false;
  bool deployment = false;
  bool api_key = false;
  bool teammate = false;
};
Result<FirstSteps> first_steps(Connection& c, const std::string& org_id, const std::vector<std::string>& project_ids,
                               const std::string& user_id, int64_t now);

}  // namespace cairn::storage::onboarding
