#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/http_metrics.hpp"
#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/response.hpp"

namespace cairn::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  ///< 0 picks a free port
  int threads = 2;
  std::size_t body_limit = 32 * 1024 * 1024;
  std::chrono::seconds header_timeout{30};  ///< to read a request's headers once bytes arrive
  std::chrono::seconds idle_timeout{75};    ///< keep-alive connection with no request
  std::chrono::seconds body_timeout{120};   ///< to read a request body
  std::chrono::seconds shutdown_grace{20};  ///< in-flight requests get this long after SIGTERM
  /// Routes whose bodies go to a temporary file instead of memory (artifact uploads), up to
  /// spool_limit bytes; Request::body_path names the file while the handler runs.
  std::function<bool(std::string_view method, std::string_view path)> spool_body;
  std::size_t spool_limit = 0;
  std::string spool_dir = "/tmp";
  /// Runs blocking work off the I/O threads (reads of streamed bodies: artifact downloads); false
  /// when its queue is full (the server retries shortly). Unset: such reads run inline.
  std::function<bool(std::function<void()>)> offload;
};

/// The HTTP/1.1 server (Boost.Beast, C++20 coroutines). The only translation unit that sees Beast.
/// The handler is called on an I/O thread and must not block there: it answers through its
/// Responder, at once or later from any thread (blocking work goes to a WorkPool). While a request
/// waits for its answer the connection holds no thread. Bodies may be strings, pulled from a
/// source (read through `offload`), or pushed by a producer (ChunkStream: chunked, SSE) — for a
/// pushed stream the server watches the socket, so a client that disconnects ends the stream and
/// its producer at once. Each request carries an X-Request-Id (accepted when sane, otherwise
/// generated) and is logged as one JSON line and counted in HttpMetrics.
class Server {
 public:
  using Handler = std::function<void(Request&, Responder)>;

  Server(ServerOptions options, Handler handler, HttpMetrics& metrics);
  ~Server();

  /// Binds and serves until SIGINT or SIGTERM, then stops accepting, lets in-flight requests finish
  /// (up to shutdown_grace) and returns. `on_listening` gets the bound port. Throws when the
  /// address cannot be bound.
  void run(const std::function<void(uint16_t)>& on_listening);
  /// Shuts down as SIGTERM does, from any thread, also before run() (it then stops at once).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cairn::http
