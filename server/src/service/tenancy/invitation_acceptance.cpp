#include "service/tenancy/invitation_acceptance.hpp"

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "storage/tenancy/org_store.hpp"

namespace cairn::service {

Result<std::string> accept_invitation_token(storage::Connection& c, const std::string& token,
                                            const storage::UserRecord& user, const Caller& caller,
                                            const std::string& field) {
  const int64_t now = now_ms();
  CAIRN_TRY_ASSIGN(auto invitation, storage::orgs::find_invitation_by_token(c, crypto::sha256_hex(token)));
  if (!invitation || invitation->accepted_at || invitation->revoked_at || invitation->expires_at <= now) {
    return Error::validation(field, "invitation is invalid, used, revoked or expired");
  }
  if (invitation->email != user.email) {
    // Signing up with it is a bad input (422 on the field); a signed-in member holding someone
    // else's invitation is refused (403).
    if (field == "invitation_token")
      return Error::validation(field, "this invitation was sent to another email address");
    return Error::forbidden("this invitation was sent to another email address");
  }
  CAIRN_TRY(storage::orgs::insert_membership(c, invitation->org_id, user.id, invitation->role, now));
  CAIRN_TRY_ASSIGN(bool accepted, storage::orgs::accept_invitation(c, invitation->id, now));
  if (!accepted) return Error::validation(field, "invitation is invalid, used, revoked or expired");
  Caller as_user = caller;
  if (!as_user.principal) {
    Principal p;
    p.user_id = user.id;
    as_user.principal = p;
  }
  CAIRN_TRY(record_audit(c, as_user, invitation->org_id, "invitation.accept", "invitation", invitation->id,
                         {{"email", invitation->email}, {"role", invitation->role}, {"user_id", user.id}}));
  return invitation->org_id;
}

}  // namespace cairn::service
