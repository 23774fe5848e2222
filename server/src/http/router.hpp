#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/response.hpp"

namespace cairn::http {

/// A route's handler: answers through the responder, now or later, from any thread. The request
/// stays valid until the response is sent.
using Handler = std::function<void(Request&, Responder)>;

/// Maps (method, path template) to handlers. Templates are literal segments and `{name}`
/// parameters; a parameter matches one non-empty segment, and a last `{name...}` matches all the
/// remaining ones (joined with '/', each decoded). Literal segments win over parameters
/// whatever the registration order, so `/orgs/new` can sit beside `/orgs/{org}`.
class Router {
 public:
  struct RouteInfo {
    std::string method;
    std::string path;
  };

  enum class MatchKind { found, not_found, method_not_allowed, bad_path };

  struct Match {
    MatchKind kind = MatchKind::not_found;
    const Handler* handler = nullptr;
    std::string route;
    std::vector<std::pair<std::string, std::string>> params;
    std::vector<std::string> allowed_methods;  ///< for method_not_allowed
  };

  void add(std::string method, std::string path_template, Handler handler);
  Match match(std::string_view method, std::string_view path) const;
  std::vector<RouteInfo> routes() const;

 private:
  struct Segment {
    std::string text;
    bool is_param = false;
    bool is_rest = false;
  };
  struct Route {
    std::string method;
    std::string path;
    std::vector<Segment> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace cairn::http
