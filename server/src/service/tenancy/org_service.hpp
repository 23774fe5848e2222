#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/access.hpp"
#include "service/service_context.hpp"
#include "storage/pagination.hpp"
#include "storage/tenancy/audit_store.hpp"

namespace cairn::service {

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

struct OrgUpdate {
  std::optional<std::string> name;
  std::optional<std::string> slug;
  std::optional<nlohmann::json> settings;  ///< validated object of known settings
};

/// Organizations, their members, invitations and audit log.
class OrgService {
 public:
  static constexpr int64_t kInvitationLifetimeMs = 7LL * 24 * 3600 * 1000;

  explicit OrgService(ServiceContext& ctx) : ctx_(ctx) {}

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
  /// The signed-in user accepts an invitation sent to their address.
  Result<OrgAccess> accept_invitation(const Caller& caller, const std::string& token);

  Result<Page<storage::AuditRecord>> audit_log(const Caller& caller, const std::string& org_ref,
                                               storage::audit::AuditFilter filter, const storage::PageRequest& page);

 private:
  Status send_invitation_email(storage::Connection& c, const storage::OrgRecord& org,
                               const storage::InvitationRecord& invitation, const std::string& token);

  ServiceContext& ctx_;
};

}  // namespace cairn::service
