#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::http {

/// A response body that a producer pushes while the response is being written: live logs,
/// status changes, dashboard updates (Server-Sent Events), or any chunked body. The producer may
/// write from any thread; the server sends what was written, chunk by chunk, and keeps an idle
/// stream alive with heartbeats. When the client disconnects (or is too slow to keep up), the
/// stream ends and the producer's on_end callback runs once, so it can stop producing.
class ChunkStream {
 public:
  /// What buffers at most between producer and client; a write beyond it ends the stream (a client
  /// that does not read is cut off rather than costing memory without bound).
  explicit ChunkStream(std::size_t max_buffered_bytes = 4 * 1024 * 1024);

  // --- producer side
  /// Queues bytes for the client; false once the stream has ended (stop producing).
  bool write(std::string_view data);
  /// Ends the body after what is queued.
  void close();
  /// True once the client went away or the stream was closed.
  bool ended() const;
  /// Runs once when the stream ends for any reason (client gone, overflow, close, server stop),
  /// on whichever thread ends it; immediately when it has already ended.
  void on_end(std::function<void()> callback);

  /// Heartbeat sent when nothing was written for `interval` (SSE: a comment line).
  void set_heartbeat(std::chrono::milliseconds interval, std::string bytes);
  std::chrono::milliseconds heartbeat_interval() const { return heartbeat_interval_; }
  const std::string& heartbeat_bytes() const { return heartbeat_bytes_; }
  /// Ends the body `after` from now, once what is queued is sent: a client that asked for a bounded
  /// stream (`timeout_seconds`, as a Kubernetes watch takes it) reconnects when it wants more.
  void close_after(std::chrono::steady_clock::duration after);
  /// When close_after's time is up; time_point::max() without one. The server wakes for it.
  std::chrono::steady_clock::time_point deadline() const;

  // --- server side
  enum class Take { data, empty, finished };
  /// Moves what is queued into `out` (data), or says there is nothing yet (empty) or never will be
  /// again (finished: closed and drained, or ended by the client).
  Take take(std::string& out);
  /// Called (from any thread) whenever there is something new to take; the server sets it.
  void set_notify(std::function<void()> notify);
  /// The client is gone or the server stops: ends the stream and tells the producer.
  void abort();

 private:
  void end_locked(std::unique_lock<std::mutex>& lock);

  const std::size_t max_buffered_;
  mutable std::mutex mutex_;
  std::string buffered_;
  bool closed_ = false;   // producer finished: send what is left, then end
  bool aborted_ = false;  // client gone: drop everything
  bool end_fired_ = false;
  std::vector<std::function<void()>> on_end_;
  std::function<void()> notify_;
  std::chrono::milliseconds heartbeat_interval_{0};
  std::string heartbeat_bytes_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
};

/// One Server-Sent Event: `event:` (when given), `id:` (when given) and the data split into `data:`
/// lines, ended by a blank line.
std::string sse_event(std::string_view data, std::string_view event = {}, std::string_view id = {});

}  // namespace cairn::http
