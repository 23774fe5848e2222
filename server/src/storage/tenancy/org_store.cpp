#include "storage/tenancy/org_store.hpp"

#include "storage/sql_where.hpp"

namespace cairn::storage::orgs {
namespace {

constexpr const char* kOrgColumns = "o.id, o.slug, o.name, o.settings, o.created_at, o.updated_at";
constexpr const char* kInvitationColumns =
    "id, org_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at";
// What invitation_from reads: the columns and the hash of the current token.
constexpr const char* kInvitationRead =
    "id, org_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at, token_hash";

OrgRecord org_from(const Row& r, bool with_role) {
  OrgRecord o{r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4), r.int64(5), {}};
  if (with_role) o.role = r.text(6);
  return o;
}

InvitationRecord invitation_from(const Row& r) {
  return InvitationRecord{r.text(0),  r.text(1),  r.text(2),      r.text(3),      r.text(4),
                          r.int64(5), r.int64(6), r.opt_int64(7), r.opt_int64(8), r.text(9)};
}

MemberRecord member_from(const Row& r) {
  return MemberRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4)};
}

}  // namespace

Status insert(Connection& c, const OrgRecord& o) {
  auto r = c.execute(
      "INSERT INTO organizations (id, slug, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      {o.id, o.slug, o.name, o.settings, o.created_at, o.updated_at});
  if (!r.ok() && r.error().code == ErrorCode::conflict) {
    Error e = Error::conflict("an organization with slug '" + o.slug + "' exists");
    e.field = "slug";
    return e;
  }
  return as_status(r);
}

Result<std::optional<OrgRecord>> find_for_member(Connection& c, const std::string& id_or_slug,
                                                 const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kOrgColumns +
                                          ", m.role FROM organizations o JOIN memberships m ON m.org_id = o.id"
                                          " WHERE (o.id = ? OR o.slug = ?) AND m.user_id = ?",
                                      {id_or_slug, id_or_slug, user_id}));
  if (rows.empty()) return std::optional<OrgRecord>{};
  return std::optional<OrgRecord>(org_from(rows[0], true));
}

Result<std::optional<OrgRecord>> find(Connection& c, const std::string& id_or_slug) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kOrgColumns + " FROM organizations o WHERE o.id = ? OR o.slug = ?",
                           {id_or_slug, id_or_slug}));
  if (rows.empty()) return std::optional<OrgRecord>{};
  return std::optional<OrgRecord>(org_from(rows[0], false));
}

Result<std::vector<OrgRecord>> list_for_user(Connection& c, const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kOrgColumns +
                                          ", m.role FROM organizations o JOIN memberships m ON m.org_id = o.id"
                                          " WHERE m.user_id = ? ORDER BY o.name, o.id",
                                      {user_id}));
  std::vector<OrgRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(org_from(rows[i], true));
  return out;
}

Status update(Connection& c, const OrgRecord& o) {
  auto r = c.execute("UPDATE organizations SET slug = ?, name = ?, settings = ?, updated_at = ? WHERE id = ?",
                     {o.slug, o.name, o.settings, o.updated_at, o.id});
  if (!r.ok() && r.error().code == ErrorCode::conflict) {
    Error e = Error::conflict("an organization with slug '" + o.slug + "' exists");
    e.field = "slug";
    return e;
  }
  return as_status(r);
}

Status remove(Connection& c, const std::string& org_id) {
  return as_status(c.execute("DELETE FROM organizations WHERE id = ?", {org_id}));
}

Status insert_membership(Connection& c, const std::string& org_id, const std::string& user_id, const std::string& role,
                         int64_t now) {
  auto r = c.execute("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                     {org_id, user_id, role, now});
  if (!r.ok() && r.error().code == ErrorCode::conflict) return Error::conflict("already a member of this organization");
  return as_status(r);
}

Result<std::optional<MemberRecord>> find_member(Connection& c, const std::string& org_id, const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT u.id, u.email, u.name, m.role, m.created_at FROM memberships m"
                                      " JOIN users u ON u.id = m.user_id WHERE m.org_id = ? AND m.user_id = ?",
                                      {org_id, user_id}));
  if (rows.empty()) return std::optional<MemberRecord>{};
  return std::optional<MemberRecord>(member_from(rows[0]));
}

const Listing<MemberRecord>& member_sorts() {
  static const Listing<MemberRecord> listing(
      {sort_key("joined_at", "m.created_at", &MemberRecord::joined_at),
       sort_key("email", "u.email", &MemberRecord::email), sort_key("name", "u.name", &MemberRecord::name)},
      "u.id", &MemberRecord::user_id);
  return listing;
}

Result<std::vector<MemberRecord>> list_members(Connection& c, const std::string& org_id, const PageRequest& page,
                                               const SortKey<MemberRecord>& sort) {
  SqlWhere where;
  where.add("m.org_id = ?", {org_id}).keyset_page(sort, page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c,
                                          "SELECT u.id, u.email, u.name, m.role, m.created_at FROM memberships m"
                                          " JOIN users u ON u.id = m.user_id"));
  std::vector<MemberRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(member_from(rows[i]));
  return out;
}

Status update_member_role(Connection& c, const std::string& org_id, const std::string& user_id,
                          const std::string& role) {
  return as_status(
      c.execute("UPDATE memberships SET role = ? WHERE org_id = ? AND user_id = ?", {role, org_id, user_id}));
}

Status remove_member(Connection& c, const std::string& org_id, const std::string& user_id, int64_t now) {
  CAIRN_TRY(
      c.execute("DELETE FROM project_members WHERE user_id = ? AND project_id IN"
                " (SELECT id FROM projects WHERE org_id = ?)",
                {user_id, org_id}));
  // A departed member's keys stop working with their membership.
  CAIRN_TRY(c.execute("UPDATE api_keys SET revoked_at = ? WHERE org_id = ? AND user_id = ? AND revoked_at IS NULL",
                      {now, org_id, user_id}));
  return as_status(c.execute("DELETE FROM memberships WHERE org_id = ? AND user_id = ?", {org_id, user_id}));
}

Result<int64_t> count_admins(Connection& c, const std::string& org_id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT COUNT(*) FROM memberships WHERE org_id = ? AND role = 'admin'", {org_id}));
  return rows[0].int64(0);
}

Status insert_invitation(Connection& c, const InvitationRecord& i, const std::string& token_hash) {
  return as_status(c.execute(std::string("INSERT INTO invitations (") + kInvitationColumns +
                                 ", token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             {i.id, i.org_id, i.email, i.role, i.invited_by, i.created_at, i.expires_at,
                              optional_int(i.accepted_at), optional_int(i.revoked_at), token_hash}));
}

Result<std::optional<InvitationRecord>> find_invitation(Connection& c, const std::string& org_id,
                                                        const std::string& id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query(std::string("SELECT ") + kInvitationRead + " FROM invitations WHERE org_id = ? AND id = ?",
                           {org_id, id}));
  if (rows.empty()) return std::optional<InvitationRecord>{};
  return std::optional<InvitationRecord>(invitation_from(rows[0]));
}

Result<std::optional<InvitationRecord>> find_invitation_by_token(Connection& c, const std::string& token_hash) {
  CAIRN_TRY_ASSIGN(
      auto rows,
      c.query(std::string("SELECT ") + kInvitationRead + " FROM invitations WHERE token_hash = ?", {token_hash}));
  if (rows.empty()) return std::optional<InvitationRecord>{};
  return std::optional<InvitationRecord>(invitation_from(rows[0]));
}

Result<std::optional<InvitationRecord>> find_pending_invitation(Connection& c, const std::string& org_id,
                                                                const std::string& email, int64_t now) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kInvitationRead +
                                          " FROM invitations WHERE org_id = ? AND email = ? AND accepted_at IS NULL"
                                          " AND revoked_at IS NULL AND expires_at > ?",
                                      {org_id, email, now}));
  if (rows.empty()) return std::optional<InvitationRecord>{};
  return std::optional<InvitationRecord>(invitation_from(rows[0]));
}

const Listing<InvitationRecord>& invitation_sorts() {
  static const Listing<InvitationRecord> listing({sort_key("created_at", "created_at", &InvitationRecord::created_at),
                                                  sort_key("email", "email", &InvitationRecord::email)},
                                                 "id");
  return listing;
}

Result<std::vector<InvitationRecord>> list_invitations(Connection& c, const std::string& org_id,
                                                       const PageRequest& page, const SortKey<InvitationRecord>& sort) {
  SqlWhere where;
  where.add("org_id = ?", {org_id}).keyset_page(sort, page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kInvitationRead + " FROM invitations"));
  std::vector<InvitationRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(invitation_from(rows[i]));
  return out;
}

Status renew_invitation(Connection& c, const std::string& id, const std::string& token_hash, int64_t expires_at) {
  return as_status(
      c.execute("UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ?", {token_hash, expires_at, id}));
}

Status revoke_invitation(Connection& c, const std::string& id, int64_t now) {
  return as_status(c.execute("UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", {now, id}));
}

Result<bool> accept_invitation(Connection& c, const std::string& id, int64_t now) {
  CAIRN_TRY_ASSIGN(auto changed, c.execute("UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL"
                                           " AND revoked_at IS NULL AND expires_at > ?",
                                           {now, id, now}));
  return changed == 1;
}

}  // namespace cairn::storage::orgs
