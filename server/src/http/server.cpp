// clang-format off
// Include <utility> before Asio: Boost 1.74's Asio misses it under g++ 12 (kept out of the
// formatter's include sorting, which would move it after Asio).
#include <utility>
// clang-format on

#include "http/server.hpp"

#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "common/request_id.hpp"
#include "common/text.hpp"
#include "http/chunk_stream.hpp"
#include "http/error_mapping.hpp"

namespace cairn::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Wakes a session's coroutine from any thread: a response completed on a worker, new data of a
// stream, a client gone. The session's timer is reachable only while the session lives (detach),
// so a late notify from a worker never touches a destroyed timer.
class Wakeup : public std::enable_shared_from_this<Wakeup> {
 public:
  explicit Wakeup(asio::any_io_executor executor) : executor_(std::move(executor)) {}

  void attach(asio::steady_timer* timer) {
    std::lock_guard lock(mutex_);
    timer_ = timer;
  }
  void detach() {
    std::lock_guard lock(mutex_);
    timer_ = nullptr;
  }
  // The waiter checks its condition and starts waiting in one step on its strand, and the cancel
  // runs on the same strand: a notify is never lost between the check and the wait.
  void notify() {
    std::lock_guard lock(mutex_);
    if (!timer_) return;
    asio::post(executor_, [self = shared_from_this()] {
      std::lock_guard inner(self->mutex_);
      if (self->timer_) self->timer_->cancel();
    });
  }

 private:
  asio::any_io_executor executor_;
  std::mutex mutex_;
  asio::steady_timer* timer_ = nullptr;
};

// One request in flight: the handler's answer arrives here from whichever thread completes it.
struct Exchange {
  Request request;
  std::mutex mutex;
  std::optional<Response> response;
  std::atomic<bool> done{false};
};

// Detaches the wakeup when the session's frame goes away, however it goes (also when a stopped
// io_context destroys a suspended session).
struct WakeupGuard {
  std::shared_ptr<Wakeup> wakeup;
  ~WakeupGuard() { wakeup->detach(); }
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  HttpMetrics& metrics;
  asio::io_context ioc;
  std::atomic<bool> stopping{false};
  tcp::acceptor* acceptor = nullptr;  ///< while run() runs; for stop()
  std::atomic<int> active_sessions{0};
  std::mutex idle_mutex;
  std::set<beast::tcp_stream*> idle_streams;  // waiting for a next request; closed on shutdown
  std::mutex streams_mutex;
  std::set<std::shared_ptr<ChunkStream>> pushed_streams;  // producers to end on shutdown

  Impl(ServerOptions o, Handler h, HttpMetrics& m)
      : options(std::move(o)), handler(std::move(h)), metrics(m), ioc(options.threads) {}

  void mark_idle(beast::tcp_stream* stream, bool idle) {
    std::lock_guard lock(idle_mutex);
    if (idle)
      idle_streams.insert(stream);
    else
      idle_streams.erase(stream);
  }

  template <class Body>
  Request to_request(bhttp::request<Body>&& message, const std::string& client_ip) {
    Request req;
    req.method = std::string(message.method_string().data(), message.method_string().size());
    std::string_view target(message.target().data(), message.target().size());
    auto question = target.find('?');
    req.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) req.query_string = std::string(target.substr(question + 1));
    for (const auto& field : message) {
      auto name = field.name_string();
      auto value = field.value();
      req.headers.emplace_back(ascii_lower(std::string_view(name.data(), name.size())),
                               std::string(value.data(), value.size()));
    }
    if constexpr (std::is_same_v<Body, bhttp::string_body>) req.body = std::move(message.body());
    req.client_ip = client_ip;
    auto given = req.header("x-request-id");
    req.request_id = given && is_valid_request_id(*given) ? std::string(*given) : crypto::random_hex(12);
    return req;
  }

  // Calls the handler and suspends (holding no thread) until its responder completes.
  asio::awaitable<Response> call_handler(std::shared_ptr<Exchange> exchange, const std::shared_ptr<Wakeup>& wakeup,
                                         asio::steady_timer& timer) {
    Responder responder([exchange, wakeup](Response&& response) {
      {
        std::lock_guard lock(exchange->mutex);
        exchange->response = std::move(response);
      }
      exchange->done = true;
      wakeup->notify();
    });
    try {
      handler(exchange->request, responder);
    } catch (const std::exception& e) {
      log::error("unhandled exception in handler", {{"request_id", exchange->request.request_id}, {"error", e.what()}});
      responder.send(error_response(Error::internal("unhandled exception"), exchange->request.request_id));
    } catch (...) {
      log::error("unhandled exception in handler", {{"request_id", exchange->request.request_id}});
      responder.send(error_response(Error::internal("unhandled exception"), exchange->request.request_id));
    }
    while (!exchange->done) co_await wait_for_wakeup(timer, std::chrono::hours(24));
    std::lock_guard lock(exchange->mutex);
    co_return std::move(*exchange->response);
  }

  // Waits until woken (true) or until `timeout` passed (false).
  static asio::awaitable<bool> wait_for_wakeup(asio::steady_timer& timer, std::chrono::steady_clock::duration timeout) {
    beast::error_code ec;
    timer.expires_after(timeout);
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    co_return ec == asio::error::operation_aborted;
  }

  static bhttp::response<bhttp::string_body> to_message(Response&& response, unsigned version, bool keep_alive,
                                                        bool head) {
    bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), version};
    message.set(bhttp::field::server, "cairn");
    for (auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep_alive);
    message.body() = std::move(response.body);
    message.prepare_payload();
    if (head) message.body().clear();
    return message;
  }

  void access_log(const Request& req, int status, double seconds, std::size_t bytes_out) {
    nlohmann::json fields = {
        {"request_id", req.request_id},
        {"method", req.method},
        {"route", req.route.empty() ? std::string("(unmatched)") : req.route},
        {"status", status},
        {"latency_ms", seconds * 1000.0},
        {"bytes_in", req.body.size()},
        {"bytes_out", bytes_out},
        {"spooled", !req.body_path.empty()},
        {"ip", req.client_ip},
    };
    if (!req.log_org.empty()) fields["org"] = req.log_org;
    if (!req.log_principal.empty()) fields["principal"] = req.log_principal;
    log::info("request", std::move(fields));
  }

  // Answers a request that could not be read whole (too large, malformed) and closes.
  asio::awaitable<void> reject(beast::tcp_stream& stream, const Error& error, std::string_view method) {
    std::string request_id = crypto::random_hex(12);
    Response response = error_response(error, request_id);
    response.set_header("X-Request-Id", request_id);
    int status = response.status;
    auto message = to_message(std::move(response), 11, false, false);
    beast::error_code ec;
    stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, message, asio::redirect_error(asio::use_awaitable, ec));
    metrics.observe("(unmatched)", method, status, 0);
  }

  static std::string method_of(const auto& parser) {
    auto m = parser.get().method_string();
    return std::string(m.data(), m.size());
  }

  static Error too_large(std::size_t limit) {
    return Error{ErrorCode::payload_too_large, "request body exceeds the limit of " + std::to_string(limit) + " bytes"};
  }

  static constexpr std::size_t kSpoolReadBytes = 64 * 1024;

  // Reads the body of a spooled route into a temporary file (memory stays flat whatever the
  // size). Returns the file's path, or empty after answering an error.
  asio::awaitable<std::string> read_spooled(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                            bhttp::request_parser<bhttp::string_body>& header_parser,
                                            std::optional<bhttp::request<bhttp::file_body>>& out) {
    beast::error_code ec;
    bhttp::request_parser<bhttp::file_body> parser(std::move(header_parser));
    parser.body_limit(options.spool_limit);
    std::string path = options.spool_dir + "/cairn-upload-" + crypto::random_hex(12);
    parser.get().body().open(path.c_str(), beast::file_mode::write, ec);
    if (ec) {
      co_await reject(stream, Error::unavailable("cannot spool the upload: " + ec.message()), method_of(parser));
      co_return std::string();
    }
    stream.expires_after(options.body_timeout);
    // Beast reads no more than the buffer's free capacity at a time (at most 64 KiB): left at the
    // few KiB the headers needed, a large upload would cost a wake-up per few KiB (27 MiB/s).
    buffer.reserve(kSpoolReadBytes);
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      parser.get().body().close();
      std::remove(path.c_str());
      if (ec == bhttp::error::body_limit) co_await reject(stream, too_large(options.spool_limit), method_of(parser));
      co_return std::string();
    }
    out.emplace(parser.release());
    out->body().close();
    co_return path;
  }

  // The head of a response whose body follows in pieces: a Content-Length when known, else chunked.
  static bhttp::response<bhttp::buffer_body> streamed_head(const Response& response, unsigned version, bool keep_alive,
                                                           bool head) {
    bhttp::response<bhttp::buffer_body> message{static_cast<bhttp::status>(response.status), version};
    message.set(bhttp::field::server, "cairn");
    for (const auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep_alive);
    if (response.body_length)
      message.content_length(*response.body_length);
    else
      message.chunked(true);
    message.body().data = nullptr;
    message.body().more = !head;
    return message;
  }

  // Writes one piece of a streamed body (`more` false: the last one, which may be empty).
  asio::awaitable<void> write_piece(beast::tcp_stream& stream,
                                    bhttp::response_serializer<bhttp::buffer_body>& serializer,
                                    bhttp::response<bhttp::buffer_body>& message, char* data, std::size_t size,
                                    bool more, beast::error_code& ec) {
    message.body().data = size ? data : nullptr;
    message.body().size = size;
    message.body().more = more;
    stream.expires_after(options.body_timeout);
    co_await bhttp::async_write(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::need_buffer) ec = {};  // the piece went out; the serializer wants the next
  }

  // A pulled body read on a worker: the source, its buffer and the last result live here, shared
  // with the worker's task so that nothing it touches dies with an ended session.
  struct PulledBody {
    std::function<Result<std::size_t>(char*, std::size_t)> source;
    std::vector<char> buffer = std::vector<char>(256 * 1024);
    std::optional<Result<std::size_t>> result;
    std::atomic<bool> ready{false};
  };

  asio::awaitable<Result<std::size_t>> read_pulled(std::shared_ptr<PulledBody> body,
                                                   const std::shared_ptr<Wakeup>& wakeup, asio::steady_timer& timer) {
    if (!options.offload) co_return body->source(body->buffer.data(), body->buffer.size());
    body->ready = false;
    auto task = [body, wakeup] {
      auto n = body->source(body->buffer.data(), body->buffer.size());
      body->result.emplace(std::move(n));
      body->ready = true;
      wakeup->notify();
    };
    // A full queue delays the next chunk rather than failing a download half-way.
    while (!options.offload(task)) co_await wait_for_wakeup(timer, std::chrono::milliseconds(10));
    while (!body->ready) co_await wait_for_wakeup(timer, std::chrono::hours(24));
    co_return std::move(*body->result);
  }

  // Writes a response whose body is pulled from a source, chunk by chunk (bounded memory).
  asio::awaitable<std::size_t> write_pulled(beast::tcp_stream& stream, Response& response, unsigned version,
                                            bool& keep_alive, bool head, beast::error_code& ec,
                                            const std::shared_ptr<Wakeup>& wakeup, asio::steady_timer& timer) {
    auto message = streamed_head(response, version, keep_alive, head);
    bhttp::response_serializer<bhttp::buffer_body> serializer{message};
    stream.expires_after(options.body_timeout);
    co_await bhttp::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
    std::size_t sent = 0;
    if (ec || head) co_return sent;
    auto body = std::make_shared<PulledBody>();
    body->source = std::move(response.body_source);
    while (true) {
      auto n = co_await read_pulled(body, wakeup, timer);
      if (!n.ok()) {
        // The status line is gone; all we can do is cut the connection so the client sees a
        // truncated body rather than a complete-looking wrong one.
        log::error("streamed response failed", {{"error", n.error().message}});
        keep_alive = false;
        ec = asio::error::connection_aborted;
        co_return sent;
      }
      co_await write_piece(stream, serializer, message, body->buffer.data(), *n, *n > 0, ec);
      if (ec) co_return sent;
      sent += *n;
      if (*n == 0) co_return sent;
    }
  }

  // Watches a streaming connection for the client going away (EOF, reset) and ends the stream,
  // which tells its producer. Bytes the client sends meanwhile are discarded: the connection
  // closes after a pushed stream.
  static asio::awaitable<void> watch_client(tcp::socket& socket, std::shared_ptr<ChunkStream> pushed) {
    char byte[64];
    // The stream ends before the session closes the socket (same strand): once it has ended, the
    // socket may be gone and must not be touched again.
    while (!pushed->ended()) {
      beast::error_code ec;
      co_await socket.async_read_some(asio::buffer(byte), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        pushed->abort();  // the client is gone (or the session cancelled the watch: a no-op then)
        co_return;
      }
    }
  }

  // Writes a body pushed by a producer as chunks, with heartbeats while it is idle, until the
  // producer closes it, the client goes away, or the server stops.
  asio::awaitable<std::size_t> write_pushed(beast::tcp_stream& stream, Response& response, unsigned version, bool head,
                                            beast::error_code& ec, const std::shared_ptr<Wakeup>& wakeup,
                                            asio::steady_timer& timer) {
    auto pushed = response.stream;
    auto message = streamed_head(response, version, false, head);  // a pushed body has no known length
    bhttp::response_serializer<bhttp::buffer_body> serializer{message};
    stream.expires_after(options.body_timeout);
    co_await bhttp::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || head) {
      pushed->abort();
      co_return 0;
    }
    {
      std::lock_guard lock(streams_mutex);
      pushed_streams.insert(pushed);
    }
    metrics.stream_opened();
    pushed->set_notify([wakeup] { wakeup->notify(); });
    if (stopping) pushed->abort();
    asio::co_spawn(stream.get_executor(), watch_client(stream.socket(), pushed), asio::detached);
    const auto heartbeat = pushed->heartbeat_interval();
    std::size_t sent = 0;
    std::string chunk;
    bool finished = false;
    while (!finished) {
      chunk.clear();
      auto state = pushed->take(chunk);
      if (state == ChunkStream::Take::empty) {
        const auto idle_for =
            heartbeat.count() > 0 ? std::chrono::steady_clock::duration(heartbeat) : std::chrono::hours(24);
        const auto now = std::chrono::steady_clock::now();
        const auto deadline = pushed->deadline();
        const bool deadline_first = deadline - now < idle_for;  // max() - now never underflows
        const bool woken = co_await wait_for_wakeup(timer, deadline_first ? deadline - now : idle_for);
        if (woken || deadline_first || heartbeat.count() == 0) continue;
        chunk = pushed->heartbeat_bytes();
      } else if (state == ChunkStream::Take::finished) {
        finished = true;
      }
      co_await write_piece(stream, serializer, message, chunk.data(), chunk.size(), !finished, ec);
      if (ec) break;
      sent += chunk.size();
    }
    pushed->abort();  // ends the producer when the client, not the producer, ended the stream
    pushed->set_notify(nullptr);
    beast::error_code ignored;
    stream.socket().cancel(ignored);  // ends watch_client
    {
      std::lock_guard lock(streams_mutex);
      pushed_streams.erase(pushed);
    }
    metrics.stream_closed();
    co_return sent;
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::error_code ec;
    std::string client_ip = stream.socket().remote_endpoint(ec).address().to_string();
    metrics.connection_opened();
    beast::flat_buffer buffer;
    asio::steady_timer timer(stream.get_executor());
    WakeupGuard guard{std::make_shared<Wakeup>(stream.get_executor())};
    const auto& wakeup = guard.wakeup;
    wakeup->attach(&timer);
    while (!stopping) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(64 * 1024);
      // The limit depends on the route (uploads may be far larger): checked once the head is in.
      parser.body_limit(std::max(options.body_limit, options.spool_limit));

      mark_idle(&stream, true);
      stream.expires_after(options.idle_timeout);
      co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      mark_idle(&stream, false);
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout) {
        break;
      }
      if (ec == bhttp::error::body_limit) {  // Content-Length above every limit, seen with the headers
        co_await reject(stream, too_large(options.body_limit), method_of(parser));
        break;
      }
      if (ec == bhttp::error::header_limit) {
        co_await reject(stream, Error{ErrorCode::payload_too_large, "request headers too large"}, "?");
        break;
      }
      if (ec) {
        if (ec != asio::error::eof && ec != asio::error::connection_reset) {
          co_await reject(stream, Error::bad_request("malformed HTTP request"), "?");
        }
        break;
      }
      const auto target = parser.get().target();
      const std::string_view path(target.data(), std::min(target.size(), target.find('?')));
      const bool spool = options.spool_body && options.spool_body(method_of(parser), path);
      const std::size_t limit = spool ? options.spool_limit : options.body_limit;
      const auto length = parser.content_length();
      if (length && *length > limit) {
        co_await reject(stream, too_large(limit), method_of(parser));
        break;
      }

      const auto started = std::chrono::steady_clock::now();
      Request req;
      unsigned version = 11;
      bool keep_alive = false;
      bool head = false;
      if (spool) {
        std::optional<bhttp::request<bhttp::file_body>> message;
        std::string file = co_await read_spooled(stream, buffer, parser, message);
        if (file.empty()) break;
        version = message->version();
        keep_alive = message->keep_alive() && !stopping;
        req = to_request(std::move(*message), client_ip);
        req.body_path = file;
      } else {
        parser.body_limit(options.body_limit);
        stream.expires_after(options.body_timeout);
        co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == bhttp::error::body_limit) {
          co_await reject(stream, too_large(options.body_limit), method_of(parser));
          break;
        }
        if (ec) break;
        auto message = parser.release();
        version = message.version();
        keep_alive = message.keep_alive() && !stopping;
        head = message.method() == bhttp::verb::head;
        req = to_request(std::move(message), client_ip);
      }
      auto exchange = std::make_shared<Exchange>();
      exchange->request = std::move(req);
      Response response = co_await call_handler(exchange, wakeup, timer);
      const Request& done = exchange->request;
      if (!done.body_path.empty()) std::remove(done.body_path.c_str());
      response.set_header("X-Request-Id", done.request_id);
      const int status = response.status;
      std::size_t bytes_out = 0;
      if (response.stream) {
        bytes_out = co_await write_pushed(stream, response, version, head, ec, wakeup, timer);
        keep_alive = false;
      } else if (response.body_source) {
        bytes_out = co_await write_pulled(stream, response, version, keep_alive, head, ec, wakeup, timer);
      } else {
        auto reply = to_message(std::move(response), version, keep_alive, head);
        bytes_out = reply.body().size();
        stream.expires_after(options.body_timeout);
        co_await bhttp::async_write(stream, reply, asio::redirect_error(asio::use_awaitable, ec));
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      metrics.observe(done.route.empty() ? "(unmatched)" : done.route, done.method, status, seconds);
      access_log(done, status, seconds, bytes_out);
      if (ec || !keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    metrics.connection_closed();
  }

  asio::awaitable<void> listen(tcp::acceptor& acceptor) {
    while (!stopping) {
      beast::error_code ec;
      tcp::socket socket =
          co_await acceptor.async_accept(asio::make_strand(ioc), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) break;
        // e.g. EMFILE: keep serving the connections we have, and try again shortly rather than
        // spinning on a listen queue we cannot drain.
        asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      ++active_sessions;
      auto executor = socket.get_executor();
      asio::co_spawn(executor, session(std::move(socket)), [this](std::exception_ptr) { --active_sessions; });
    }
  }

  void begin_shutdown(tcp::acceptor& acceptor) {
    if (stopping.exchange(true)) return;
    log::info("shutting down: no new connections, finishing in-flight requests");
    beast::error_code ec;
    acceptor.close(ec);
    {
      std::lock_guard lock(idle_mutex);
      for (auto* stream : idle_streams) {
        // Runs on the session's strand; the session leaves the set on that strand before it
        // destroys the stream, so membership proves the stream is still alive.
        asio::post(stream->get_executor(), [this, stream] {
          std::lock_guard inner(idle_mutex);
          if (idle_streams.contains(stream)) stream->cancel();
        });
      }
    }
    {
      std::lock_guard lock(streams_mutex);
      for (const auto& pushed : pushed_streams) pushed->abort();
    }
    asio::co_spawn(ioc, drain(), asio::detached);
  }

  // Waits until every session has ended or the grace period is over, then stops the loop.
  asio::awaitable<void> drain() {
    asio::steady_timer timer(ioc);
    const auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    while (active_sessions > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(50));
      beast::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    ioc.stop();
  }
};

Server::Server(ServerOptions options, Handler handler, HttpMetrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {}

Server::~Server() = default;

namespace {

// Each connection is a descriptor; the default soft limit (often 1,024) would refuse clients long
// before memory or CPU run out. Raise it to the hard limit the system grants.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

void Server::run(const std::function<void(uint16_t)>& on_listening) {
  raise_open_file_limit();
  auto& ioc = impl_->ioc;
  auto address = asio::ip::make_address(impl_->options.host);
  tcp::acceptor acceptor(ioc);
  tcp::endpoint endpoint(address, impl_->options.port);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  on_listening(acceptor.local_endpoint().port());

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([this, &acceptor](beast::error_code ec, int) {
    if (!ec) impl_->begin_shutdown(acceptor);
  });
  impl_->acceptor = &acceptor;
  asio::co_spawn(ioc, impl_->listen(acceptor), asio::detached);

  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  impl_->acceptor = nullptr;
}

void Server::stop() {
  // Runs on an I/O thread once run() serves (queued until then), as a signal's shutdown does.
  asio::post(impl_->ioc, [this] {
    if (impl_->acceptor) impl_->begin_shutdown(*impl_->acceptor);
  });
}

}  // namespace cairn::http
