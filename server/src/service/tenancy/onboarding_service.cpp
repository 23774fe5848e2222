#include "service/tenancy/onboarding_service.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/access.hpp"
#include "storage/tenancy/project_store.hpp"

namespace cairn::service {
namespace {

using storage::Connection;
namespace store = storage::onboarding;

constexpr int64_t kReportsPerMinute = 60;

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

/// Runs of digits, and words of 8+ hex characters with a digit (ids, hashes), as '#': what varies
/// between two reports of one error.
std::string masked(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && is_hex(text[j])) ++j;
    if (j == i) {
      out += text[i++];
      continue;
    }
    const std::string_view word(text.data() + i, j - i);
    const bool digits = std::all_of(word.begin(), word.end(), is_digit);
    const bool id_like = word.size() >= 8 && std::any_of(word.begin(), word.end(), is_digit);
    out += digits || id_like ? std::string("#") : std::string(word);
    i = j;
  }
  return out;
}

/// The first line of a stack that names where it was thrown ("at ..." in Chrome, "fn@url" in Firefox).
std::string first_frame(const std::string& stack) {
  std::istringstream lines(stack);
  std::string line;
  while (std::getline(lines, line)) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos) continue;
    std::string trimmed = line.substr(start);
    if (trimmed.rfind("at ", 0) == 0 || trimmed.find('@') != std::string::npos) return trimmed;
  }
  return "";
}

}  // namespace

std::string OnboardingService::path_only(const std::string& page) {
  return page.substr(0, page.find_first_of("?#"));
}

std::string OnboardingService::fingerprint(const ClientErrorReport& r) {
  const std::string key =
      r.kind + "\n" + masked(r.message) + "\n" + first_frame(r.stack) + "\n" + masked(path_only(r.page));
  return crypto::sha256_hex(key).substr(0, 32);
}

Result<Onboarding> OnboardingService::onboarding(const Caller& caller, const std::string& org_ref) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<Onboarding> {
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::org_read, org.role));
    // The projects the caller can see, oldest first: the steps count only what they can open.
    storage::projects::ProjectFilter filter;
    filter.org_id = org.org.id;
    filter.viewer_user_id = p.user_id;
    filter.viewer_sees_private = org.role == Role::admin;
    filter.project_id = p.key_project_id;
    storage::PageRequest page;
    page.limit = 200;
    page.sort = "created_at";
    const auto* sort = storage::find_sort(storage::projects::project_sorts(), page.sort);
    CAIRN_TRY_ASSIGN(auto projects, storage::projects::list(c, filter, page, *sort));
    std::vector<std::string> ids;
    for (const auto& project : projects) ids.push_back(project.id);
    CAIRN_TRY_ASSIGN(auto steps, store::first_steps(c, org.org.id, ids, p.user_id, now_ms()));
    Onboarding out;
    out.steps = {{"create_project", steps.project}, {"log_run", steps.run},
                 {"register_model", steps.model},   {"deploy_model", steps.deployment},
                 {"create_api_key", steps.api_key}, {"invite_teammate", steps.teammate}};
    if (!projects.empty()) out.first_project = projects.front();
    return out;
  });
}

Result<store::FeedbackRecord> OnboardingService::send_feedback(const Caller& caller, const std::string& org_ref,
                                                               const FeedbackInput& input) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<store::FeedbackRecord> {
    if (p.is_key()) return Error::forbidden("feedback comes from a person: sign in to send it");
    CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::org_read, org.role));
    store::FeedbackRecord f;
    f.id = crypto::new_id();
    f.org_id = org.org.id;
    f.user_id = p.user_id;
    f.message = input.message;
    f.page = path_only(input.page);
    f.version = input.version;
    f.created_at = now_ms();
    CAIRN_TRY(store::insert_feedback(c, f));
    return f;
  });
}

Result<Page<store::FeedbackRecord>> OnboardingService::list_feedback(const Caller& caller, const std::string& org_ref,
                                                                     const storage::PageRequest& page) {
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<store::FeedbackRecord>> {
        CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
        CAIRN_TRY(authorize(p, Action::audit_read, org.role));
        return store::list_feedback(c, org.org.id, page);
      }));
  return to_page(std::move(items), page, store::feedback_sort());
}

Result<std::string> OnboardingService::report_client_error(const Caller& caller, ClientErrorReport report) {
  // A browser in a loop must not flood the table: per address, as the sign-in throttle counts.
  const auto decision =
      ctx_.limits.take("client-errors:" + caller.ip, 60'000'000 / kReportsPerMinute, kReportsPerMinute);
  if (!decision.allowed)
    return Error::rate_limited(static_cast<int>((decision.retry_after_ms + 999) / 1000),
                               "too many error reports from this address");
  (report.kind == "request" ? failed_requests_ : uncaught_)++;
  report.page = path_only(report.page);
  const std::string group = fingerprint(report);
  if (!caller.principal || !report.org_ref) return group;
  auto kept = ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    auto org = resolve_org(c, p, *report.org_ref);
    if (!org.ok()) return {};  // not theirs to report into: counted only
    store::ClientErrorRecord r;
    r.org_id = org->org.id;
    r.fingerprint = group;
    r.kind = report.kind;
    r.message = report.message;
    r.stack = report.stack;
    r.page = report.page;
    r.status = report.status;
    r.last_request_id = report.request_id;
    r.version = report.version;
    r.first_seen = r.last_seen = now_ms();
    return store::add_client_error(c, r);
  });
  if (!kept.ok()) return kept.error();
  return group;
}

Result<Page<store::ClientErrorRecord>> OnboardingService::list_client_errors(const Caller& caller,
                                                                             const std::string& org_ref,
                                                                             const storage::PageRequest& page) {
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<store::ClientErrorRecord>> {
        CAIRN_TRY_ASSIGN(auto org, resolve_org(c, p, org_ref));
        CAIRN_TRY(authorize(p, Action::audit_read, org.role));
        return store::list_client_errors(c, org.org.id, page);
      }));
  return to_page(std::move(items), page, store::client_error_sort());
}

std::string OnboardingService::metrics_text() const {
  return "# HELP cairn_client_errors_total Errors the web app reported from browsers.\n"
         "# TYPE cairn_client_errors_total counter\n"
         "cairn_client_errors_total{kind=\"uncaught\"} " +
         std::to_string(uncaught_.load()) +
         "\n"
         "cairn_client_errors_total{kind=\"request\"} " +
         std::to_string(failed_requests_.load()) + "\n";
}

}  // namespace cairn::service
