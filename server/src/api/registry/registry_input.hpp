#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/json_input.hpp"
#include "http/request.hpp"

/// Reading what the native registry routes receive.
namespace cairn::api::registry_input {

// MLflow's bounds: tag keys 250 characters, values and descriptions 5000.
inline constexpr std::size_t kMaxTagKey = 250;
inline constexpr std::size_t kMaxTagValue = 5000;
inline constexpr std::size_t kMaxDescription = 5000;

/// The `{version}` path parameter: a positive integer (404 otherwise, like a missing version).
Result<int64_t> version_param(const http::Request& req);

/// `limit` (1..200, default 50) and an offset `cursor` (as the version and history lists page).
struct OffsetPage {
  int64_t offset = 0;
  int limit = 50;
};
Result<OffsetPage> offset_page(const http::Request& req);

/// A `stage` query parameter: empty when absent, else a known stage (400 otherwise).
Result<std::string> stage_query(const http::Request& req);

/// A tag key from the path (1..250 characters).
Status check_tag_key(const std::string& key);

}  // namespace cairn::api::registry_input
