// Routes that exist to test the server itself — how it behaves when every worker is busy, when
// requests wait without a thread, when a stream's client goes away. Added only with
// --debug-routes (refused in production); never part of the API contract.
#include <atomic>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/api.hpp"
#include "http/chunk_stream.hpp"

namespace cairn::api {
namespace {

constexpr int kMaxDelayMs = 60'000;

Result<int> delay_ms(const http::Request& req, std::string_view name, int fallback) {
  auto text = req.query(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    int value = std::stoi(*text, &used);
    if (used != text->size() || value < 0 || value > kMaxDelayMs) throw std::out_of_range(name.data());
    return value;
  } catch (const std::exception&) {
    return Error::validation(std::string(name),
                             std::string(name) + " must be an integer in 0.." + std::to_string(kMaxDelayMs));
  }
}

struct ProducerCounts {
  std::atomic<int64_t> active{0};
  std::atomic<int64_t> started{0};
  std::atomic<int64_t> stopped{0};
};

// Writes an event every interval until told to stop (the stream ended) or `remaining` runs out.
class TickingProducer : public std::enable_shared_from_this<TickingProducer> {
 public:
  TickingProducer(TimerQueue& timers, std::shared_ptr<http::ChunkStream> stream, ProducerCounts& counts,
                  int interval_ms, int count)
      : timers_(timers), stream_(std::move(stream)), counts_(counts), interval_(interval_ms), remaining_(count) {}

  void start() {
    ++counts_.active;
    ++counts_.started;
    auto self = shared_from_this();
    stream_->on_end([self] { self->stop(); });
    tick();
  }

 private:
  void tick() {
    if (stopped_) return;
    const int seq = sent_++;
    if (!stream_->write(http::sse_event(nlohmann::json{{"seq", seq}}.dump(), "tick", std::to_string(seq)))) return;
    if (remaining_ > 0 && --remaining_ == 0) return stream_->close();
    auto self = shared_from_this();
    timer_ = timers_.schedule(std::chrono::milliseconds(interval_), [self] { self->tick(); });
  }

  void stop() {
    if (stopped_.exchange(true)) return;
    timers_.cancel(timer_);
    --counts_.active;
    ++counts_.stopped;
  }

  TimerQueue& timers_;
  std::shared_ptr<http::ChunkStream> stream_;
  ProducerCounts& counts_;
  const int interval_;
  int remaining_;
  int sent_ = 0;
  std::atomic<bool> stopped_{false};
  std::atomic<TimerQueue::Id> timer_{0};
};

}  // namespace

void add_debug_routes(Api& api, TimerQueue& timers) {
  static ProducerCounts counts;

  // Holds a worker for `ms`: fills the pools on purpose.
  auto sleeper = [](http::Request& req, const service::Caller&) -> Result<http::Response> {
    CAIRN_TRY_ASSIGN(int ms, delay_ms(req, "ms", 1000));
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return json_result(200, {{"slept_ms", ms}});
  };
  api.add("GET", "/_debug/sleep", AuthMode::none, sleeper);
  api.add("GET", "/_debug/transfer-sleep", AuthMode::none, sleeper, ErrorStyle::native, Lane::transfer);

  // Answers after `ms` without holding any thread meanwhile (as a prediction waits for its batch).
  api.add_async("GET", "/_debug/delay", AuthMode::none,
                [&timers](http::Request& req, const service::Caller&, const Reply& reply) {
                  auto ms = delay_ms(req, "ms", 1000);
                  if (!ms.ok()) return reply(ms.error());
                  timers.schedule(std::chrono::milliseconds(*ms), [reply, ms = *ms] {
                    reply(json_result(200, {{"delayed_ms", ms}}));
                  });
                });

  // Server-Sent Events: a `tick` every interval_ms (count of them, 0: until the client leaves).
  api.add("GET", "/_debug/events", AuthMode::none,
          [&timers](http::Request& req, const service::Caller&) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(int interval, delay_ms(req, "interval_ms", 100));
            CAIRN_TRY_ASSIGN(int count, delay_ms(req, "count", 0));
            CAIRN_TRY_ASSIGN(int heartbeat, delay_ms(req, "heartbeat_ms", 15'000));
            if (interval < 1) return Error::validation("interval_ms", "interval_ms must be >= 1");
            auto stream = std::make_shared<http::ChunkStream>();
            std::make_shared<TickingProducer>(timers, stream, counts, interval, count)->start();
            return http::Response::event_stream(stream, std::chrono::milliseconds(std::max(heartbeat, 1)));
          });

  api.add(
      "GET", "/_debug/producers", AuthMode::none, [](http::Request&, const service::Caller&) -> Result<http::Response> {
        return json_result(
            200,
            {{"active", counts.active.load()}, {"started", counts.started.load()}, {"stopped", counts.stopped.load()}});
      });
}

}  // namespace cairn::api
