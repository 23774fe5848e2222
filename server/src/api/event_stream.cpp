#include "api/event_stream.hpp"

#include <chrono>

#include "api/json_input.hpp"

namespace cairn::api {

Result<std::shared_ptr<http::ChunkStream>> open_event_stream(const http::Request& req) {
  CAIRN_TRY_ASSIGN(auto timeout, query_int(req, "timeout_seconds"));
  if (timeout && (*timeout < 1 || *timeout > 86400))
    return Error::bad_request("timeout_seconds must be between 1 and 86400", "timeout_seconds");
  auto stream = std::make_shared<http::ChunkStream>();
  if (timeout) stream->close_after(std::chrono::seconds(*timeout));
  return stream;
}

}  // namespace cairn::api
