#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/listing.hpp"
#include "storage/records.hpp"

/// Organizations, memberships and invitations.
namespace cairn::storage::orgs {

/// ErrorCode::conflict when the slug is taken.
Status insert(Connection& c, const OrgRecord& org);
/// The organization with this id or slug, with `user_id`'s role in it; nullopt when it does not
/// exist or the user is not a member (the caller answers 404 either way).
Result<std::optional<OrgRecord>> find_for_member(Connection& c, const std::string& id_or_slug,
                                                 const std::string& user_id);
Result<std::optional<OrgRecord>> find(Connection& c, const std::string& id_or_slug);
Result<std::vector<OrgRecord>> list_for_user(Connection& c, const std::string& user_id);
Status update(Connection& c, const OrgRecord& org);
Status remove(Connection& c, const std::string& org_id);

Status insert_membership(Connection& c, const std::string& org_id, const std::string& user_id, const std::string& role,
                         int64_t now);
Result<std::optional<MemberRecord>> find_member(Connection& c, const std::string& org_id, const std::string& user_id);
Result<std::vector<MemberRecord>> list_members(Connection& c, const std::string& org_id, const PageRequest& page,
                                               const SortKey<MemberRecord>& sort);
Status update_member_role(Connection& c, const std::string& org_id, const std::string& user_id,
                          const std::string& role);
/// Also drops their project memberships and revokes their API keys in the org.
Status remove_member(Connection& c, const std::string& org_id, const std::string& user_id, int64_t now);
Result<int64_t> count_admins(Connection& c, const std::string& org_id);
/// The member list sorts by joined_at, email, name.
const Listing<MemberRecord>& member_sorts();

Status insert_invitation(Connection& c, const InvitationRecord& invitation, const std::string& token_hash);
Result<std::optional<InvitationRecord>> find_invitation(Connection& c, const std::string& org_id,
                                                        const std::string& id);
Result<std::optional<InvitationRecord>> find_invitation_by_token(Connection& c, const std::string& token_hash);
/// A pending (not accepted, revoked or expired) invitation of `email` to the org, if any.
Result<std::optional<InvitationRecord>> find_pending_invitation(Connection& c, const std::string& org_id,
                                                                const std::string& email, int64_t now);
Result<std::vector<InvitationRecord>> list_invitations(Connection& c, const std::string& org_id,
                                                       const PageRequest& page, const SortKey<InvitationRecord>& sort);
Status renew_invitation(Connection& c, const std::string& id, const std::string& token_hash, int64_t expires_at);
Status revoke_invitation(Connection& c, const std::string& id, int64_t now);
/// Marks an invitation accepted once; false when it was accepted, revoked or expired meanwhile.
Result<bool> accept_invitation(Connection& c, const std::string& id, int64_t now);
/// The invitation list sorts by created_at, email.
const Listing<InvitationRecord>& invitation_sorts();

}  // namespace cairn::storage::orgs
