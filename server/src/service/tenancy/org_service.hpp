#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/access.hpp"
#include "service/service_context.hpp"
#include "storage/listing.hpp"
#include "storage/pagination.hpp"
#include "storage/tenancy/audit_store.hpp"

namespace cairn::service {

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

/// A keyset page of `items` (fetched with one row more than the page holds) with its next cursor.
template <class T>
Page<T> to_page(std::vector<T> items, const storage::PageRequest& page, const storage::SortKey<T>& sort) {
  Page<T> out;
  out.next_cursor = storage::finish_page(items, page, sort);
  out.items = std::move(items);
  return out;
}

struct OrgUpdate {
  std::optional<std::string> name;
  std::optional<std::string> slug;
  std::optional<nlohmann::json> settings;  ///< validated object of known settings
};

/// Organizations, their members, invitations and audit log.
class OrgService {
 public:
  static constexpr int64_t kInvitationLifetimeMs = 7LL * 24 * 3600 * 1000;

  /// `secret_key` derives invitation tokens (see invitation_token).
  OrgService(ServiceContext& ctx, std::string secret_key) : ctx_(ctx), secret_key_(std::move(secret_key)) {}

  /// The creator becomes its admin. ErrorCode::conflict (field "slug") when the slug is taken.
  Result<OrgAccess> create(const Caller& caller, const std::string& name, const std::string& slug);
  Result<OrgAccess> get(const Caller& caller, const std::string& org_ref);
  Result<std::vector<storage::OrgRecord>> list_mine(const Caller& caller);
  Result<OrgAccess> update(const Caller& caller, const std::string& org_ref, const OrgUpdate& update);
  /// `confirm` must equal the organization's name.
  Status remove(const Caller& caller, const std::string& org_ref, const std::string& confirm);

  Result<Page<storage::MemberRecord>> list_members(const Caller& caller, const std::string& org_ref,
                                                   const storage::PageRequest& page);
  /// ErrorCode::conflict when this would leave the organization without an admin.
  Result<storage::MemberRecord> change_role(const Caller& caller, const std::string& org_ref,
                                            const std::string& user_id, Role role);
  /// Admins remove anyone; members remove themselves (leave).
  Status remove_member(const Caller& caller, const std::string& org_ref, const std::string& user_id);

  Result<Page<storage::InvitationRecord>> list_invitations(const Caller& caller, const std::string& org_ref,
                                                           const storage::PageRequest& page);
  Result<storage::InvitationRecord> invite(const Caller& caller, const std::string& org_ref, const std::string& email,
                                           Role role);
  Result<storage::InvitationRecord> resend_invitation(const Caller& caller, const std::string& org_ref,
                                                      const std::string& invitation_id);
  Status revoke_invitation(const Caller& caller, const std::string& org_ref, const std::string& invitation_id);
  /// Whether invitations are emailed; when not, create, resend and list answer their links.
  bool sends_email() const { return ctx_.config.sends_email; }
  /// The link that accepts a pending invitation, for an admin to pass on when this server sends no
  /// email. nullopt when email is sent, when the invitation is not pending, or when its token is
  /// not the one this server derives (an older random token, or another secret key: resend it).
  /// Callers are admins of the invitation's org (list_invitations, invite, resend_invitation).
  std::optional<std::string> invitation_link(const storage::InvitationRecord& invitation, int64_t now) const;
  /// The signed-in user accepts an invitation sent to their address.
  Result<OrgAccess> accept_invitation(const Caller& caller, const std::string& token);

  Result<Page<storage::AuditRecord>> audit_log(const Caller& caller, const std::string& org_ref,
                                               storage::audit::AuditFilter filter, const storage::PageRequest& page);

 private:
  Status send_invitation_email(storage::Connection& c, const storage::OrgRecord& org,
                               const storage::InvitationRecord& invitation, const std::string& token);
  /// The token of an invitation, derived from the secret key, its id and its expiry: the database
  /// keeps only its hash, yet the server can show it again while it is current. A resend moves the
  /// expiry and so changes the token.
  std::string invitation_token(const std::string& invitation_id, int64_t expires_at) const;
  std::string accept_url(const std::string& token) const;

  ServiceContext& ctx_;
  std::string secret_key_;
};

}  // namespace cairn::service
