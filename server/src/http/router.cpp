#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace cairn::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.starts_with('/')) path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// Higher is more specific: a literal segment earlier in the path outranks a parameter.
std::vector<int> specificity(const auto& segments) {
  std::vector<int> out;
  for (const auto& s : segments) out.push_back(s.is_rest ? -1 : s.is_param ? 0 : 1);
  return out;
}

}  // namespace

void Router::add(std::string method, std::string path_template, Handler handler) {
  Route route{std::move(method), std::move(path_template), {}, std::move(handler)};
  for (auto part : split_path(route.path)) {
    if (part.size() >= 5 && part.front() == '{' && part.ends_with("...}")) {
      route.segments.push_back({std::string(part.substr(1, part.size() - 5)), true, true});
    } else if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      route.segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
    } else {
      route.segments.push_back({std::string(part), false});
    }
  }
  for (const auto& existing : routes_) {
    if (existing.method == route.method && existing.path == route.path) {
      throw std::logic_error("route registered twice: " + route.method + " " + route.path);
    }
  }
  routes_.push_back(std::move(route));
  std::stable_sort(routes_.begin(), routes_.end(),
                   [](const Route& a, const Route& b) { return specificity(a.segments) > specificity(b.segments); });
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  auto parts = split_path(path);
  const std::string* most_specific = nullptr;
  for (const auto& route : routes_) {
    const bool has_rest = !route.segments.empty() && route.segments.back().is_rest;
    if (has_rest ? parts.size() < route.segments.size() : route.segments.size() != parts.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool matched = true;
    bool bad_escape = false;
    for (std::size_t i = 0; i < route.segments.size() && matched; ++i) {
      const auto& segment = route.segments[i];
      if (segment.is_rest) {
        std::string joined;
        for (std::size_t k = i; k < parts.size() && !bad_escape; ++k) {
          auto decoded = percent_decode(parts[k], false);
          if (!decoded)
            bad_escape = true;
          else
            joined += (k > i ? "/" : "") + *decoded;
        }
        if (bad_escape)
          matched = false;
        else if (joined.empty())
          matched = false;
        else
          params.emplace_back(segment.text, std::move(joined));
      } else if (segment.is_param) {
        if (parts[i].empty()) {
          matched = false;
        } else if (auto decoded = percent_decode(parts[i], false)) {
          params.emplace_back(segment.text, std::move(*decoded));
        } else {
          bad_escape = true;
          matched = false;
        }
      } else {
        matched = segment.text == parts[i];
      }
    }
    if (bad_escape) {
      result.kind = MatchKind::bad_path;
      return result;
    }
    if (!matched) continue;
    // The path is the most specific template that matches it (the first one, routes being sorted), as
    // OpenAPI matches concrete paths before templated ones: PATCH /runs/compare is 405 (compare is
    // POST only), not a PATCH of a run named "compare".
    if (most_specific != nullptr && route.path != *most_specific) continue;
    if (route.method != method) {
      // Allow lists the methods the document gives that path.
      if (most_specific == nullptr) most_specific = &route.path;
      if (route.path == *most_specific && std::find(result.allowed_methods.begin(), result.allowed_methods.end(),
                                                    route.method) == result.allowed_methods.end()) {
        result.allowed_methods.push_back(route.method);
      }
      continue;
    }
    result.kind = MatchKind::found;
    result.handler = &route.handler;
    result.route = route.path;
    result.params = std::move(params);
    return result;
  }
  if (!result.allowed_methods.empty()) result.kind = MatchKind::method_not_allowed;
  return result;
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& route : routes_) out.push_back({route.method, route.path});
  return out;
}

}  // namespace cairn::http
