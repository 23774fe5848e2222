#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "common/ttl_cache.hpp"
#include "common/work_pool.hpp"
#include "modelserver/cairn_client.hpp"

namespace cairn::modelserver {

/// Who may call the model server: the holders of tokens Cairn says may predict on this deployment
/// (GET .../deployments/{deployment}/access, asked with the caller's own token). Each token's answer
/// is kept for a minute, keyed by the token's SHA-256 (the token itself is neither kept nor logged),
/// so only the first call per token per minute waits for Cairn; revoking a key or a scope therefore
/// takes up to a minute to reach a running model server. When Cairn cannot be reached the call
/// answers 503 and nothing is kept.
class PredictAccess {
 public:
  /// `access_path`: the access route of the served deployment; the checks run on `pool`.
  PredictAccess(const CairnClient& cairn, std::string access_path, WorkPool& pool);

  /// Checks the request's Authorization header and calls `done` once, on this thread when the
  /// answer is cached and on the pool otherwise: who the caller is as Cairn names them in request
  /// records ("key:<id>"; empty when Cairn did not say), or the error to answer with
  /// (unauthenticated, forbidden, not_found, unavailable).
  void check(std::optional<std::string_view> authorization, const std::function<void(Result<std::string>)>& done);

 private:
  /// Cairn's answer for one token, as kept.
  enum class Answer { allowed, unauthenticated, forbidden, not_found };
  struct Known {
    Answer answer = Answer::not_found;
    std::string principal;
  };
  Result<std::string> to_result(const Known& known) const;
  Result<Known> ask(const std::string& token) const;

  const CairnClient& cairn_;
  std::string access_path_;
  WorkPool& pool_;
  TtlCache<Known> answers_;
};

}  // namespace cairn::modelserver
