#include "http/response.hpp"

#include <nlohmann/json.hpp>

#include "http/chunk_stream.hpp"

namespace cairn::http {

Response& Response::set_header(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (key == name) {
      existing = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  // Replace invalid UTF-8 rather than throw: user-supplied strings are echoed in errors.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::event_stream(std::shared_ptr<ChunkStream> stream, std::chrono::milliseconds heartbeat) {
  Response r;
  r.status = 200;
  r.headers.emplace_back("Content-Type", "text/event-stream");
  r.headers.emplace_back("Cache-Control", "no-cache");
  // Proxies such as nginx would otherwise hold events back to fill their buffers.
  r.headers.emplace_back("X-Accel-Buffering", "no");
  stream->set_heartbeat(heartbeat, ": keep-alive\n\n");
  r.stream = std::move(stream);
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

}  // namespace cairn::http
