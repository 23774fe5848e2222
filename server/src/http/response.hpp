#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace cairn::http {

class ChunkStream;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// A streamed body instead of `body`: called until it returns 0 (end) or an error. With
  /// body_length the response has a Content-Length, else it is chunked.
  std::function<Result<std::size_t>(char* buffer, std::size_t capacity)> body_source;
  std::optional<int64_t> body_length;
  /// A body pushed by a producer while the response is written (chunked; SSE). The server ends
  /// the connection after it; see ChunkStream.
  std::shared_ptr<ChunkStream> stream;

  Response& set_header(std::string name, std::string value);
  static Response json(int status, const nlohmann::json& body);
  static Response no_content();
  /// `text/event-stream` over `stream`, with a comment line as heartbeat every `heartbeat`.
  static Response event_stream(std::shared_ptr<ChunkStream> stream,
                               std::chrono::milliseconds heartbeat = std::chrono::seconds(15));
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
};

}  // namespace cairn::http
