#include "api/registry/registry_input.hpp"

#include <charconv>

#include "service/registry/registry_access.hpp"
#include "storage/pagination.hpp"

namespace cairn::api::registry_input {

Result<int64_t> version_param(const http::Request& req) {
  const std::string& text = req.param("version");
  int64_t version = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc{} || end != text.data() + text.size() || version < 1) {
    return Error::not_found("version '" + text + "'");
  }
  return version;
}

Result<OffsetPage> offset_page(const http::Request& req) {
  OffsetPage page;
  CAIRN_TRY_ASSIGN(auto limit, query_int(req, "limit"));
  if (limit) {
    if (*limit < 1 || *limit > 200) return Error::bad_request("limit must be between 1 and 200", "limit");
    page.limit = static_cast<int>(*limit);
  }
  if (auto cursor = req.query("cursor")) {
    auto offset = storage::decode_offset_token(*cursor, false);
    if (!offset) return Error::bad_request("cursor is not valid for this list", "cursor");
    page.offset = *offset;
  }
  return page;
}

Result<std::string> stage_query(const http::Request& req) {
  auto text = req.query("stage");
  if (!text || text->empty()) return std::string{};
  auto stage = service::parse_stage(*text);
  if (!stage) {
    return Error::bad_request("unknown stage '" + *text + "': use development, staging, production or archived",
                              "stage");
  }
  return *stage;
}

Status check_tag_key(const std::string& key) {
  if (key.empty() || utf8_length(key) > kMaxTagKey) {
    return Error::bad_request("a tag key has 1 to " + std::to_string(kMaxTagKey) + " characters", "key");
  }
  return {};
}

}  // namespace cairn::api::registry_input
