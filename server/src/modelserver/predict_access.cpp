#include "modelserver/predict_access.hpp"

#include <cctype>

#include "common/clock.hpp"
#include "common/crypto.hpp"

namespace cairn::modelserver {
namespace {

constexpr int64_t kAnswerTtlMs = 60000;
constexpr std::size_t kMaxTokens = 10000;

/// The token of "Bearer <token>" (the scheme in any case), or nullopt.
std::optional<std::string> bearer_token(std::optional<std::string_view> header) {
  if (!header) return std::nullopt;
  std::string_view value = *header;
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return std::nullopt;
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

}  // namespace

PredictAccess::PredictAccess(const CairnClient& cairn, std::string access_path, WorkPool& pool)
    : cairn_(cairn), access_path_(std::move(access_path)), pool_(pool), answers_(kAnswerTtlMs, kMaxTokens) {}

void PredictAccess::check(std::optional<std::string_view> authorization,
                          const std::function<void(Result<std::string>)>& done) {
  auto token = bearer_token(authorization);
  if (!token) return done(Error::unauthenticated("send an API key that may predict: Authorization: Bearer <key>"));
  const std::string key = crypto::sha256_hex(*token);
  if (auto known = answers_.get(key, now_ms(), 0)) return done(to_result(*known));
  const bool queued = pool_.try_submit([this, token = std::move(*token), key, done] {
    auto answer = ask(token);
    if (!answer.ok()) return done(std::move(answer).error());
    answers_.put(key, *answer, now_ms(), 0);
    done(to_result(*answer));
  });
  if (!queued) done(Error::unavailable("too many access checks waiting; try again"));
}

Result<PredictAccess::Known> PredictAccess::ask(const std::string& token) const {
  auto answer = cairn_.get_json(access_path_, token);
  if (answer.ok()) {
    const bool allowed = answer->is_object() && answer->value("predict", false);
    std::string principal;
    if (answer->is_object() && answer->contains("principal") && (*answer)["principal"].is_string())
      principal = (*answer)["principal"].get<std::string>().substr(0, 80);
    return Known{allowed ? Answer::allowed : Answer::forbidden, std::move(principal)};
  }
  switch (answer.error().code) {
    case ErrorCode::unauthenticated:
      return Known{Answer::unauthenticated, {}};
    case ErrorCode::forbidden:
      return Known{Answer::forbidden, {}};
    case ErrorCode::not_found:
      return Known{Answer::not_found, {}};
    default:
      return Error::unavailable("cannot check the token with Cairn now; try again");
  }
}

Result<std::string> PredictAccess::to_result(const Known& known) const {
  switch (known.answer) {
    case Answer::allowed:
      return known.principal;
    case Answer::unauthenticated:
      return Error::unauthenticated("the API key is not valid (unknown, expired or revoked)");
    case Answer::forbidden:
      return Error::forbidden("this API key may not call this deployment: it needs the 'predict' scope");
    case Answer::not_found:
      break;
  }
  // As Cairn answers a caller of another organization: nothing about what exists.
  return Error::not_found("deployment");
}

}  // namespace cairn::modelserver
