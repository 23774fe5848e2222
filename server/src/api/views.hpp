#pragma once

#include <nlohmann/json.hpp>

#include "service/identity/account_service.hpp"
#include "service/tenancy/api_key_service.hpp"
#include "service/tenancy/org_service.hpp"
#include "storage/records.hpp"
#include "storage/tenancy/project_store.hpp"

/// How resources look on the wire (api/openapi.yaml's schemas). Never includes a secret hash.
namespace cairn::api::views {

nlohmann::json user(const storage::UserRecord& u);
nlohmann::json me(const service::MeView& me);
nlohmann::json token_pair(const service::TokenPair& t);
nlohmann::json session(const storage::SessionRecord& s, const std::string& current_session_id);
nlohmann::json organization(const storage::OrgRecord& o, std::string_view role);
nlohmann::json member(const storage::MemberRecord& m);
nlohmann::json project_member(const storage::MemberRecord& m);
/// `accept_url`: the link that accepts it, answered to admins when the server sends no email.
nlohmann::json invitation(const storage::InvitationRecord& i, int64_t now,
                          const std::optional<std::string>& accept_url = std::nullopt);
nlohmann::json project(const storage::ProjectRecord& p);
nlohmann::json project_stats(const storage::projects::ProjectStats& s);
nlohmann::json api_key(const storage::ApiKeyRecord& k);
nlohmann::json api_key_with_secret(const service::ApiKeyWithSecret& k);
nlohmann::json api_key_usage(const service::ApiKeyUsage& u);
nlohmann::json audit_event(const storage::AuditRecord& e);

/// {"items": [...], "next_cursor": ...}
template <class T, class Render>
nlohmann::json page(const service::Page<T>& page, Render render) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(render(item));
  return {{"items", std::move(items)},
          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json(nullptr)}};
}

}  // namespace cairn::api::views
