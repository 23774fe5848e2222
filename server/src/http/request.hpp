#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn::http {

/// An HTTP request as handlers see it: parsed, fully read, free of Beast types.
struct Request {
  std::string method;                                        ///< "GET", "POST", ...
  std::string path;                                          ///< raw path, without the query string
  std::string query_string;                                  ///< after '?', undecoded
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lowercased
  std::string body;                                          ///< empty when the body was spooled to a file
  std::string body_path;  ///< the spooled body's temporary file (removed after the handler)
  std::string client_ip;
  std::string request_id;

  // Filled by the router.
  std::string route;  ///< the matched template, e.g. "/api/v1/orgs/{org}" (for logs and metrics)
  std::vector<std::pair<std::string, std::string>> path_params;  ///< percent-decoded

  // The project a call is confined to: a `/p/<org>/<project>` prefix of an MLflow call (stripped from
  // `path`), or the {org} and {project} of a native route added with Api::add_in_project.
  std::string scope_org;
  std::string scope_project;

  // Filled by handlers for the access log; never a secret.
  std::string log_org;
  std::string log_principal;

  std::optional<std::string_view> header(std::string_view lowercase_name) const;
  /// The first value of a query parameter, percent-decoded.
  std::optional<std::string> query(std::string_view name) const;
  /// Every value of a repeated query parameter (`?tag=a&tag=b`), percent-decoded, in order.
  std::vector<std::string> query_all(std::string_view name) const;
  /// A path parameter (empty when the route has none of that name).
  const std::string& param(std::string_view name) const;
};

/// Percent-decodes `text`; '+' becomes a space only when `plus_is_space` (query strings).
/// nullopt for malformed escapes.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace cairn::http
