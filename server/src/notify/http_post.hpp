#pragma once

#include <string>
#include <utility>
#include <vector>

#include "notify/alert_channel.hpp"
#include "notify/outbound_guard.hpp"

namespace cairn::notify {

/// One JSON POST to a receiver the OutboundGuard has checked.
struct JsonPost {
  std::string url;
  OutboundTarget target;  ///< the connection goes to target.address whatever DNS says now
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< besides Content-Type and User-Agent
  int timeout_ms = 10'000;
};

/// Sends `post` through libcurl: no redirects followed, no proxy (it would resolve the host
/// itself), the answer's first 1 KiB kept. 2xx is delivered; 429, 5xx and network failures are
/// retryable; anything else is not. Errors name the host only: URL paths may be secrets.
Delivery post_json(const JsonPost& post);

/// What the outbox does with a receiver's HTTP status.
bool is_retryable_status(int status);

}  // namespace cairn::notify
