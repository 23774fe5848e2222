#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/access.hpp"
#include "service/service_context.hpp"
#include "service/tenancy/org_service.hpp"
#include "storage/tenancy/project_store.hpp"

namespace cairn::service {

struct ProjectInput {
  std::string name;
  std::string slug;
  std::string description;
  std::string visibility = "org";
};

struct ProjectUpdate {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> visibility;
};

struct ProjectQuery {
  std::string q;
  std::optional<std::string> visibility;
};

/// Projects inside an organization, their members and statistics.
class ProjectService {
 public:
  explicit ProjectService(ServiceContext& ctx) : ctx_(ctx) {}

  /// The creator becomes the project's admin.
  Result<storage::ProjectRecord> create(const Caller& caller, const std::string& org_ref, const ProjectInput& input);
  Result<ProjectAccess> get(const Caller& caller, const std::string& org_ref, const std::string& project_ref);
  Result<Page<storage::ProjectRecord>> list(const Caller& caller, const std::string& org_ref, const ProjectQuery& query,
                                            const storage::PageRequest& page);
  Result<storage::ProjectRecord> update(const Caller& caller, const std::string& org_ref,
                                        const std::string& project_ref, const ProjectUpdate& update);
  Status remove(const Caller& caller, const std::string& org_ref, const std::string& project_ref);
  Result<storage::projects::ProjectStats> stats(const Caller& caller, const std::string& org_ref,
                                                const std::string& project_ref);

  Result<std::vector<storage::MemberRecord>> list_members(const Caller& caller, const std::string& org_ref,
                                                          const std::string& project_ref);
  /// The user must be a member of the organization.
  Result<storage::MemberRecord> set_member(const Caller& caller, const std::string& org_ref,
                                           const std::string& project_ref, const std::string& user_id, Role role);
  Status remove_member(const Caller& caller, const std::string& org_ref, const std::string& project_ref,
                       const std::string& user_id);

 private:
  ServiceContext& ctx_;
};

}  // namespace cairn::service
