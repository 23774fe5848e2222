#include "storage/tenancy/project_store.hpp"

#include "common/text.hpp"
#include "storage/sql_where.hpp"

namespace cairn::storage::projects {
namespace {

constexpr const char* kColumns =
    "p.id, p.org_id, p.slug, p.name, p.description, p.visibility, p.created_by, p.created_at, p.updated_at";

ProjectRecord project_from(const Row& r) {
  return ProjectRecord{r.text(0), r.text(1), r.text(2),  r.text(3), r.text(4),
                       r.text(5), r.text(6), r.int64(7), r.int64(8)};
}

Error slug_taken(const std::string& slug) {
  Error e = Error::conflict("a project with slug '" + slug + "' exists in this organization");
  e.field = "slug";
  return e;
}

}  // namespace

Status insert(Connection& c, const ProjectRecord& p) {
  auto r = c.execute(
      "INSERT INTO projects (id, org_id, slug, name, description, visibility, created_by, created_at,"
      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, p.org_id, p.slug, p.name, p.description, p.visibility, p.created_by, p.created_at, p.updated_at});
  if (!r.ok() && r.error().code == ErrorCode::conflict) return slug_taken(p.slug);
  CAIRN_TRY(as_status(r));
  // Every project starts with the three deployment environments (as migration 0005 gave the
  // projects that existed before it).
  for (const char* tier : {"development", "staging", "production"}) {
    CAIRN_TRY(as_status(c.execute(
        "INSERT INTO environments (id, project_id, name, tier, description, created_at) VALUES (?, ?, ?, ?, '', ?)",
        {p.id + "-" + tier, p.id, std::string(tier), std::string(tier), p.created_at})));
  }
  return {};
}

Result<std::optional<ProjectRecord>> find(Connection& c, const std::string& org_id, const std::string& id_or_slug) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(std::string("SELECT ") + kColumns +
                                          " FROM projects p WHERE p.org_id = ? AND (p.id = ? OR p.slug = ?)"
                                          " ORDER BY CASE WHEN p.id = ? THEN 0 ELSE 1 END LIMIT 1",
                                      {org_id, id_or_slug, id_or_slug, id_or_slug}));
  if (rows.empty()) return std::optional<ProjectRecord>{};
  return std::optional<ProjectRecord>(project_from(rows[0]));
}

const Listing<ProjectRecord>& project_sorts() {
  static const Listing<ProjectRecord> listing({sort_key("name", "p.name", &ProjectRecord::name),
                                               sort_key("created_at", "p.created_at", &ProjectRecord::created_at),
                                               sort_key("updated_at", "p.updated_at", &ProjectRecord::updated_at)},
                                              "p.id");
  return listing;
}

Result<std::vector<ProjectRecord>> list(Connection& c, const ProjectFilter& f, const PageRequest& page,
                                        const SortKey<ProjectRecord>& sort) {
  SqlWhere where;
  where.add("p.org_id = ?", {f.org_id});
  if (!f.viewer_sees_private) {
    where.add(
        "(p.visibility = 'org' OR EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id"
        " AND pm.user_id = ?))",
        {f.viewer_user_id});
  }
  where.add_if(f.project_id, "p.id = ?");
  if (!f.query.empty()) {
    const std::string pattern = "%" + like_escape(ascii_lower(f.query)) + "%";
    where.add(
        "(lower(p.name) LIKE ? ESCAPE '\\' OR p.slug LIKE ? ESCAPE '\\' OR lower(p.description) LIKE ? ESCAPE '\\')",
        {pattern, pattern, pattern});
  }
  where.add_if(f.visibility, "p.visibility = ?").keyset_page(sort, page);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kColumns + " FROM projects p"));
  std::vector<ProjectRecord> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(project_from(rows[i]));
  return out;
}

Status update(Connection& c, const ProjectRecord& p) {
  auto r =
      c.execute("UPDATE projects SET slug = ?, name = ?, description = ?, visibility = ?, updated_at = ? WHERE id = ?",
                {p.slug, p.name, p.description, p.visibility, p.updated_at, p.id});
  if (!r.ok() && r.error().code == ErrorCode::conflict) return slug_taken(p.slug);
  return as_status(r);
}

Status remove(Connection& c, const std::string& project_id) {
  return as_status(c.execute("DELETE FROM projects WHERE id = ?", {project_id}));
}

Result<std::optional<std::string>> member_role(Connection& c, const std::string& project_id,
                                               const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT role FROM project_members WHERE project_id = ? AND user_id = ?",
                                      {project_id, user_id}));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(rows[0].text(0));
}

Result<std::vector<MemberRecord>> list_members(Connection& c, const std::string& project_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT u.id, u.email, u.name, pm.role, pm.created_at FROM project_members pm"
                                      " JOIN users u ON u.id = pm.user_id WHERE pm.project_id = ? ORDER BY u.email",
                                      {project_id}));
  std::vector<MemberRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.push_back(MemberRecord{rows[i].text(0), rows[i].text(1), rows[i].text(2), rows[i].text(3), rows[i].int64(4)});
  }
  return out;
}

Result<std::optional<MemberRecord>> find_member(Connection& c, const std::string& project_id,
                                                const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto rows, c.query("SELECT u.id, u.email, u.name, pm.role, pm.created_at FROM project_members pm"
                                      " JOIN users u ON u.id = pm.user_id WHERE pm.project_id = ? AND pm.user_id = ?",
                                      {project_id, user_id}));
  if (rows.empty()) return std::optional<MemberRecord>{};
  return std::optional<MemberRecord>(
      MemberRecord{rows[0].text(0), rows[0].text(1), rows[0].text(2), rows[0].text(3), rows[0].int64(4)});
}

Status upsert_member(Connection& c, const std::string& project_id, const std::string& user_id, const std::string& role,
                     int64_t now) {
  return as_status(
      c.execute("INSERT INTO project_members (project_id, user_id, role, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role",
                {project_id, user_id, role, now}));
}

Result<bool> remove_member(Connection& c, const std::string& project_id, const std::string& user_id) {
  CAIRN_TRY_ASSIGN(auto changed, c.execute("DELETE FROM project_members WHERE project_id = ? AND user_id = ?",
                                           {project_id, user_id}));
  return changed > 0;
}

Result<ProjectStats> stats(Connection& c, const std::string& project_id) {
  // One count per feature that lives in a project; a new feature adds its table here.
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT"
                           " (SELECT COUNT(*) FROM experiments WHERE project_id = ? AND lifecycle_stage = 'active'),"
                           " (SELECT COUNT(*) FROM runs WHERE project_id = ? AND lifecycle_stage = 'active'),"
                           " (SELECT COUNT(*) FROM registered_models WHERE project_id = ?),"
                           " (SELECT COUNT(*) FROM deployments WHERE project_id = ?)",
                           {project_id, project_id, project_id, project_id}));
  ProjectStats stats;
  stats.experiments = rows[0].int64(0);
  stats.runs = rows[0].int64(1);
  stats.models = rows[0].int64(2);
  stats.deployments = rows[0].int64(3);
  return stats;
}

}  // namespace cairn::storage::projects
