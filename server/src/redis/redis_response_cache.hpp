#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "serving/shared_response_cache.hpp"

namespace cairn::redis {

/// The shared response cache in Redis at `url` (redis://...), keys under "cairn:rc:", each with
/// its deployment's TTL; answers over 1 MiB stay in process only.
Result<std::unique_ptr<serving::SharedResponseCache>> make_redis_response_cache(const std::string& url);

}  // namespace cairn::redis
