#pragma once

#include <functional>
#include <memory>

#include "http/response.hpp"

namespace cairn::http {

/// The completion of one request: a handler calls send() once, from any thread, now or later
/// (after a query on a worker, a batch of predictions, a timer). Copies share the one completion;
/// the first send() wins. When every copy is gone without a send() — a handler that forgot, a task
/// a stopping pool dropped — the request answers 500 rather than hanging the connection.
class Responder {
 public:
  using Sink = std::function<void(Response&&)>;

  /// `sink` receives the response exactly once (the server's session, or a test's capture).
  explicit Responder(Sink sink);

  void send(Response response) const;
  bool sent() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace cairn::http
