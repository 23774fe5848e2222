#include "service/tenancy/org_service.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "service/tenancy/invitation_acceptance.hpp"
#include "storage/identity/user_store.hpp"
#include "storage/tenancy/org_store.hpp"

namespace cairn::service {

using storage::Connection;
namespace orgs = storage::orgs;

Result<OrgAccess> OrgService::create(const Caller& caller, const std::string& name, const std::string& slug) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<OrgAccess> {
    // A key belongs to one organization; creating others is for people.
    if (p.is_key()) return Error::forbidden("API keys cannot create organizations");
    const int64_t now = now_ms();
    storage::OrgRecord org{crypto::new_id(), slug, name, R"({"production_promotion":"admins"})", now, now, "admin"};
    CAIRN_TRY(orgs::insert(c, org));
    CAIRN_TRY(orgs::insert_membership(c, org.id, p.user_id, "admin", now));
    CAIRN_TRY(record_audit(c, caller, org.id, "organization.create", "organization", org.id, {{"slug", slug}}));
    return OrgAccess{org, Role::admin};
  });
}

Result<OrgAccess> OrgService::get(const Caller& caller, const std::string& org_ref) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<OrgAccess> {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::org_read, access.role));
    return access;
  });
}

Result<std::vector<storage::OrgRecord>> OrgService::list_mine(const Caller& caller) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<storage::OrgRecord>> {
    CAIRN_TRY_ASSIGN(auto list, orgs::list_for_user(c, p.user_id));
    if (p.is_key()) std::erase_if(list, [&](const auto& o) { return o.id != p.key_org_id; });
    return list;
  });
}

Result<OrgAccess> OrgService::update(const Caller& caller, const std::string& org_ref, const OrgUpdate& update) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<OrgAccess> {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::org_update, access.role));
    nlohmann::json changes = nlohmann::json::object();
    auto& org = access.org;
    if (update.name && *update.name != org.name) {
      changes["name"] = *update.name;
      org.name = *update.name;
    }
    if (update.slug && *update.slug != org.slug) {
      changes["slug"] = *update.slug;
      org.slug = *update.slug;
    }
    if (update.settings) {
      auto settings = nlohmann::json::parse(org.settings, nullptr, false);
      if (!settings.is_object()) settings = nlohmann::json::object();
      settings.update(*update.settings);
      changes["settings"] = *update.settings;
      org.settings = settings.dump();
    }
    org.updated_at = now_ms();
    CAIRN_TRY(orgs::update(c, org));
    CAIRN_TRY(record_audit(c, caller, org.id, "organization.update", "organization", org.id, changes));
    return access;
  });
}

Status OrgService::remove(const Caller& caller, const std::string& org_ref, const std::string& confirm) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::org_delete, access.role));
    if (confirm != access.org.name) {
      return Error::validation("confirm", "type the organization's name to confirm its deletion");
    }
    // Recorded first: the event outlives the organization (its org_id becomes NULL).
    CAIRN_TRY(record_audit(c, caller, access.org.id, "organization.delete", "organization", access.org.id,
                           {{"org_id", access.org.id}, {"slug", access.org.slug}, {"name", access.org.name}}));
    CAIRN_TRY(orgs::remove(c, access.org.id));
    return {};
  });
}

Result<Page<storage::MemberRecord>> OrgService::list_members(const Caller& caller, const std::string& org_ref,
                                                             const storage::PageRequest& page) {
  const auto* sort = storage::find_sort(orgs::member_sorts(), page.sort);
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<storage::MemberRecord>> {
        CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
        CAIRN_TRY(authorize(p, Action::member_read, access.role));
        if (!sort) return Error::bad_request("sort is not a sortable field of this list", "sort");
        return orgs::list_members(c, access.org.id, page, *sort);
      }));
  return to_page(std::move(items), page, *sort);
}

Result<storage::MemberRecord> OrgService::change_role(const Caller& caller, const std::string& org_ref,
                                                      const std::string& user_id, Role role) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::MemberRecord> {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::member_manage, access.role));
    CAIRN_TRY_ASSIGN(auto member, orgs::find_member(c, access.org.id, user_id));
    if (!member) return Error::not_found("member");
    const std::string new_role(to_string(role));
    if (member->role == new_role) return *member;
    if (member->role == "admin") {
      CAIRN_TRY_ASSIGN(auto admins, orgs::count_admins(c, access.org.id));
      if (admins <= 1) return Error::conflict("the last admin of an organization cannot be demoted");
    }
    CAIRN_TRY(orgs::update_member_role(c, access.org.id, user_id, new_role));
    CAIRN_TRY(record_audit(c, caller, access.org.id, "member.role_change", "user", user_id,
                           {{"from", member->role}, {"to", new_role}}));
    member->role = new_role;
    return *member;
  });
}

Status OrgService::remove_member(const Caller& caller, const std::string& org_ref, const std::string& user_id) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    const bool leaving = user_id == p.user_id && !p.is_key();
    if (!leaving) CAIRN_TRY(authorize(p, Action::member_manage, access.role));
    CAIRN_TRY_ASSIGN(auto member, orgs::find_member(c, access.org.id, user_id));
    if (!member) return Error::not_found("member");
    if (member->role == "admin") {
      CAIRN_TRY_ASSIGN(auto admins, orgs::count_admins(c, access.org.id));
      if (admins <= 1)
        return Error::conflict("the last admin cannot leave the organization; appoint another admin first");
    }
    CAIRN_TRY(orgs::remove_member(c, access.org.id, user_id, now_ms()));
    CAIRN_TRY(record_audit(c, caller, access.org.id, leaving ? "member.leave" : "member.remove", "user", user_id,
                           {{"role", member->role}}));
    return {};
  });
}

Result<Page<storage::InvitationRecord>> OrgService::list_invitations(const Caller& caller, const std::string& org_ref,
                                                                     const storage::PageRequest& page) {
  const auto* sort = storage::find_sort(orgs::invitation_sorts(), page.sort);
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<storage::InvitationRecord>> {
        CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
        CAIRN_TRY(authorize(p, Action::invitation_manage, access.role));
        if (!sort) return Error::bad_request("sort is not a sortable field of this list", "sort");
        return orgs::list_invitations(c, access.org.id, page, *sort);
      }));
  return to_page(std::move(items), page, *sort);
}

std::string OrgService::invitation_token(const std::string& invitation_id, int64_t expires_at) const {
  return crypto::base64url_encode(
      crypto::hmac_sha256(secret_key_, "cairn invitation\n" + invitation_id + "\n" + std::to_string(expires_at)));
}

std::string OrgService::accept_url(const std::string& token) const {
  return ctx_.config.public_url + "/accept-invitation?token=" + token;
}

std::optional<std::string> OrgService::invitation_link(const storage::InvitationRecord& invitation, int64_t now) const {
  if (sends_email() || invitation.accepted_at || invitation.revoked_at || invitation.expires_at <= now) {
    return std::nullopt;
  }
  std::string token = invitation_token(invitation.id, invitation.expires_at);
  if (!crypto::constant_time_equal(crypto::sha256_hex(token), invitation.token_hash)) return std::nullopt;
  return accept_url(token);
}

Status OrgService::send_invitation_email(Connection& c, const storage::OrgRecord& org,
                                         const storage::InvitationRecord& invitation, const std::string& token) {
  CAIRN_TRY_ASSIGN(auto inviter, storage::users::find_by_id(c, invitation.invited_by));
  const std::string who = inviter ? inviter->name + " (" + inviter->email + ")" : std::string("An administrator");
  notify::Email email;
  email.to = invitation.email;
  email.subject = "You are invited to " + org.name + " on Cairn";
  email.text = who + " invited you to join the organization " + org.name + " on Cairn as " + invitation.role +
               ".\n\nAccept the invitation:\n\n" + accept_url(token) +
               "\n\nOr paste this token into Cairn:\n\nToken: " + token + "\n\nThe invitation expires in 7 days.\n";
  return ctx_.mailer.send(email);
}

Result<storage::InvitationRecord> OrgService::invite(const Caller& caller, const std::string& org_ref,
                                                     const std::string& email, Role role) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::InvitationRecord> {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::invitation_manage, access.role));
    const int64_t now = now_ms();
    CAIRN_TRY_ASSIGN(auto existing_user, storage::users::find_by_email(c, email));
    if (existing_user) {
      CAIRN_TRY_ASSIGN(auto member, orgs::find_member(c, access.org.id, existing_user->id));
      if (member) return Error::conflict("this person is already a member");
    }
    CAIRN_TRY_ASSIGN(auto pending, orgs::find_pending_invitation(c, access.org.id, email, now));
    if (pending) return Error::conflict("a pending invitation for this email exists; resend it instead");
    storage::InvitationRecord invitation{crypto::new_id(),
                                         access.org.id,
                                         email,
                                         std::string(to_string(role)),
                                         p.user_id,
                                         now,
                                         now + kInvitationLifetimeMs,
                                         std::nullopt,
                                         std::nullopt,
                                         {}};
    const std::string token = invitation_token(invitation.id, invitation.expires_at);
    invitation.token_hash = crypto::sha256_hex(token);
    CAIRN_TRY(orgs::insert_invitation(c, invitation, invitation.token_hash));
    CAIRN_TRY(record_audit(c, caller, access.org.id, "invitation.create", "invitation", invitation.id,
                           {{"email", email}, {"role", invitation.role}}));
    CAIRN_TRY(send_invitation_email(c, access.org, invitation, token));
    return invitation;
  });
}

Result<storage::InvitationRecord> OrgService::resend_invitation(const Caller& caller, const std::string& org_ref,
                                                                const std::string& invitation_id) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::InvitationRecord> {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::invitation_manage, access.role));
    CAIRN_TRY_ASSIGN(auto invitation, orgs::find_invitation(c, access.org.id, invitation_id));
    if (!invitation) return Error::not_found("invitation");
    if (invitation->accepted_at || invitation->revoked_at) {
      return Error::conflict("only pending or expired invitations can be resent");
    }
    // A new expiry makes a new token, which invalidates the one in the earlier email.
    invitation->expires_at = std::max(now_ms() + kInvitationLifetimeMs, invitation->expires_at + 1);
    const std::string token = invitation_token(invitation->id, invitation->expires_at);
    invitation->token_hash = crypto::sha256_hex(token);
    CAIRN_TRY(orgs::renew_invitation(c, invitation->id, invitation->token_hash, invitation->expires_at));
    CAIRN_TRY(record_audit(c, caller, access.org.id, "invitation.resend", "invitation", invitation->id,
                           {{"email", invitation->email}}));
    CAIRN_TRY(send_invitation_email(c, access.org, *invitation, token));
    return *invitation;
  });
}

Status OrgService::revoke_invitation(const Caller& caller, const std::string& org_ref,
                                     const std::string& invitation_id) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
    CAIRN_TRY(authorize(p, Action::invitation_manage, access.role));
    CAIRN_TRY_ASSIGN(auto invitation, orgs::find_invitation(c, access.org.id, invitation_id));
    if (!invitation) return Error::not_found("invitation");
    if (invitation->accepted_at) return Error::conflict("the invitation was already accepted");
    CAIRN_TRY(orgs::revoke_invitation(c, invitation->id, now_ms()));
    CAIRN_TRY(record_audit(c, caller, access.org.id, "invitation.revoke", "invitation", invitation->id,
                           {{"email", invitation->email}}));
    return {};
  });
}

Result<OrgAccess> OrgService::accept_invitation(const Caller& caller, const std::string& token) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<OrgAccess> {
    if (p.is_key()) return Error::forbidden("API keys cannot accept invitations");
    CAIRN_TRY_ASSIGN(auto user, storage::users::find_by_id(c, p.user_id));
    if (!user) return Error::unauthenticated();
    CAIRN_TRY_ASSIGN(auto org_id, accept_invitation_token(c, token, *user, caller, "token"));
    CAIRN_TRY(storage::users::mark_email_verified(c, user->id, now_ms()));
    return resolve_org(c, p, org_id);
  });
}

Result<Page<storage::AuditRecord>> OrgService::audit_log(const Caller& caller, const std::string& org_ref,
                                                         storage::audit::AuditFilter filter,
                                                         const storage::PageRequest& page) {
  CAIRN_TRY_ASSIGN(
      auto items,
      ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<storage::AuditRecord>> {
        CAIRN_TRY_ASSIGN(auto access, resolve_org(c, p, org_ref));
        CAIRN_TRY(authorize(p, Action::audit_read, access.role));
        filter.org_id = access.org.id;
        return storage::audit::list(c, filter, page);
      }));
  return to_page(std::move(items), page, storage::audit::audit_sort());
}

}  // namespace cairn::service
