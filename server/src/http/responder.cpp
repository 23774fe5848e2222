#include "http/responder.hpp"

#include <atomic>
#include <nlohmann/json.hpp>

#include "common/log.hpp"

namespace cairn::http {

struct Responder::State {
  Sink sink;
  std::atomic<bool> sent{false};

  explicit State(Sink s) : sink(std::move(s)) {}
  ~State() {
    if (sent.exchange(true)) return;
    log::error("a request was dropped without a response");
    sink(Response::json(500, {{"error", {{"code", "internal"}, {"message", "the request was dropped unanswered"}}}}));
  }
};

Responder::Responder(Sink sink) : state_(std::make_shared<State>(std::move(sink))) {}

void Responder::send(Response response) const {
  if (state_->sent.exchange(true)) return;
  state_->sink(std::move(response));
}

bool Responder::sent() const {
  return state_->sent.load();
}

}  // namespace cairn::http
