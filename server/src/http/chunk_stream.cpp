#include "http/chunk_stream.hpp"

namespace cairn::http {

ChunkStream::ChunkStream(std::size_t max_buffered_bytes) : max_buffered_(max_buffered_bytes) {}

bool ChunkStream::write(std::string_view data) {
  std::function<void()> notify;
  {
    std::unique_lock lock(mutex_);
    if (closed_ || aborted_) return false;
    if (buffered_.size() + data.size() > max_buffered_) {
      aborted_ = true;  // the client stopped reading: cut it off
      end_locked(lock);
      return false;
    }
    buffered_ += data;
    notify = notify_;
  }
  if (notify) notify();
  return true;
}

void ChunkStream::close() {
  std::function<void()> notify;
  {
    std::unique_lock lock(mutex_);
    if (closed_ || aborted_) return;
    closed_ = true;
    notify = notify_;
    end_locked(lock);
  }
  if (notify) notify();
}

void ChunkStream::abort() {
  std::function<void()> notify;
  {
    std::unique_lock lock(mutex_);
    if (aborted_) return;
    aborted_ = true;
    buffered_.clear();
    notify = notify_;
    end_locked(lock);
  }
  if (notify) notify();
}

// Runs the end callbacks once, without the lock (they may write, close or cancel timers).
void ChunkStream::end_locked(std::unique_lock<std::mutex>& lock) {
  if (end_fired_) return;
  end_fired_ = true;
  auto callbacks = std::move(on_end_);
  on_end_.clear();
  lock.unlock();
  for (auto& callback : callbacks) callback();
  lock.lock();
}

bool ChunkStream::ended() const {
  std::lock_guard lock(mutex_);
  return closed_ || aborted_;
}

void ChunkStream::on_end(std::function<void()> callback) {
  {
    std::lock_guard lock(mutex_);
    if (!end_fired_) {
      on_end_.push_back(std::move(callback));
      return;
    }
  }
  callback();
}

void ChunkStream::set_heartbeat(std::chrono::milliseconds interval, std::string bytes) {
  std::lock_guard lock(mutex_);
  heartbeat_interval_ = interval;
  heartbeat_bytes_ = std::move(bytes);
}

void ChunkStream::close_after(std::chrono::steady_clock::duration after) {
  std::lock_guard lock(mutex_);
  deadline_ = std::chrono::steady_clock::now() + after;
}

std::chrono::steady_clock::time_point ChunkStream::deadline() const {
  std::lock_guard lock(mutex_);
  return deadline_;
}

ChunkStream::Take ChunkStream::take(std::string& out) {
  std::unique_lock lock(mutex_);
  if (aborted_) return Take::finished;
  if (!buffered_.empty()) {
    out.swap(buffered_);
    buffered_.clear();
    return Take::data;
  }
  if (!closed_ && std::chrono::steady_clock::now() >= deadline_) {
    closed_ = true;  // the time the client asked for is up: end like a producer's close
    end_locked(lock);
  }
  return closed_ ? Take::finished : Take::empty;
}

void ChunkStream::set_notify(std::function<void()> notify) {
  std::lock_guard lock(mutex_);
  notify_ = std::move(notify);
}

std::string sse_event(std::string_view data, std::string_view event, std::string_view id) {
  std::string out;
  if (!event.empty()) out.append("event: ").append(event).append("\n");
  if (!id.empty()) out.append("id: ").append(id).append("\n");
  // Each line of the payload is its own data: field; the client joins them with newlines.
  std::size_t start = 0;
  while (true) {
    auto end = data.find('\n', start);
    out.append("data: ").append(data.substr(start, end == std::string_view::npos ? end : end - start)).append("\n");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  out.append("\n");
  return out;
}

}  // namespace cairn::http
