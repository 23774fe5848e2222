#pragma once

#include <memory>

#include "common/result.hpp"
#include "http/chunk_stream.hpp"
#include "http/request.hpp"

namespace cairn::api {

/// A stream for a Server-Sent Events route, ended after the request's `timeout_seconds` (1..86400)
/// when it names one, as a Kubernetes watch takes `timeoutSeconds`: scripts and probes that want a
/// bounded look get a response that ends, and a browser leaves it out and stays subscribed.
/// 400 naming the parameter when it is not a whole number in range.
Result<std::shared_ptr<http::ChunkStream>> open_event_stream(const http::Request& req);

}  // namespace cairn::api
