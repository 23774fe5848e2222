#include "service/permissions.hpp"

#include <gtest/gtest.h>

namespace cairn::service {
namespace {

struct Cell {
  Action action;
  Role role;
  bool allowed;
};

class PermissionMatrix : public testing::TestWithParam<Cell> {};

TEST_P(PermissionMatrix, role_decides_for_signed_in_users) {
  const auto cell = GetParam();
  auto status = authorize(cell.action, cell.role, std::nullopt);
  EXPECT_EQ(status.ok(), cell.allowed);
  if (!status.ok()) {
    EXPECT_EQ(status.error().code, ErrorCode::forbidden);
    EXPECT_NE(status.error().message.find("role"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cells, PermissionMatrix,
    testing::Values(Cell{Action::org_read, Role::viewer, true}, Cell{Action::org_update, Role::developer, false},
                    Cell{Action::org_update, Role::admin, true}, Cell{Action::org_delete, Role::developer, false},
                    Cell{Action::member_manage, Role::viewer, false}, Cell{Action::member_manage, Role::admin, true},
                    Cell{Action::invitation_manage, Role::developer, false},
                    Cell{Action::audit_read, Role::developer, false}, Cell{Action::audit_read, Role::admin, true},
                    Cell{Action::project_read, Role::viewer, true}, Cell{Action::project_create, Role::viewer, false},
                    Cell{Action::project_create, Role::developer, true},
                    Cell{Action::project_update, Role::viewer, false},
                    Cell{Action::project_delete, Role::developer, false},
                    Cell{Action::project_delete, Role::admin, true}, Cell{Action::api_key_create, Role::viewer, true},
                    Cell{Action::api_key_manage_others, Role::developer, false}));

TEST(Permissions, key_without_scope_is_refused_naming_the_scope) {
  auto status = authorize(Action::project_create, Role::admin, std::set<Scope>{Scope::read});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::forbidden);
  EXPECT_NE(status.error().message.find("'write'"), std::string::npos);
}

TEST(Permissions, key_scope_does_not_lift_the_creators_role) {
  auto status = authorize(Action::project_create, Role::viewer, std::set<Scope>{Scope::write});
  EXPECT_FALSE(status.ok());
}

TEST(Permissions, grantable_scopes_follow_the_role) {
  EXPECT_EQ(grantable_scopes(Role::viewer), (std::set<Scope>{Scope::read, Scope::predict}));
  EXPECT_FALSE(grantable_scopes(Role::developer).contains(Scope::admin));
  EXPECT_TRUE(grantable_scopes(Role::admin).contains(Scope::admin));
}

TEST(Permissions, the_monitor_scope_sends_records_and_nothing_else) {
  const std::set<Scope> monitor_only{Scope::monitor};
  EXPECT_TRUE(authorize(Action::monitor_ingest, Role::developer, monitor_only).ok());
  EXPECT_FALSE(authorize(Action::monitor_read, Role::developer, monitor_only).ok());
  EXPECT_FALSE(authorize(Action::tracking_write, Role::developer, monitor_only).ok());
  // Sending records writes data: a viewer's key cannot, whatever its scopes.
  EXPECT_FALSE(authorize(Action::monitor_ingest, Role::viewer, monitor_only).ok());
  EXPECT_FALSE(grantable_scopes(Role::viewer).contains(Scope::monitor));
  EXPECT_TRUE(grantable_scopes(Role::developer).contains(Scope::monitor));
  EXPECT_EQ(parse_scope("monitor"), Scope::monitor);
}

TEST(Permissions, project_role_narrows_and_hides_private_projects) {
  EXPECT_EQ(project_role(Role::admin, std::nullopt, true), Role::admin);
  EXPECT_EQ(project_role(Role::developer, std::nullopt, true), std::nullopt);
  EXPECT_EQ(project_role(Role::developer, Role::viewer, false), Role::viewer);
  EXPECT_EQ(project_role(Role::developer, Role::admin, false), Role::admin);
  EXPECT_EQ(project_role(Role::viewer, Role::developer, false), Role::viewer);
  EXPECT_EQ(project_role(Role::viewer, std::nullopt, false), Role::viewer);
}

TEST(Permissions, parse_rejects_unknown_names) {
  EXPECT_EQ(parse_role("owner"), std::nullopt);
  EXPECT_EQ(parse_scope("ADMIN"), std::nullopt);
  EXPECT_EQ(parse_role("developer"), Role::developer);
}

}  // namespace
}  // namespace cairn::service
