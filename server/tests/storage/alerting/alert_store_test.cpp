#include "storage/alerting/alert_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/crypto.hpp"
#include "storage/migrator.hpp"

namespace cairn::storage::alerting {
namespace {

/// An alert of a rule in a real (SQLite) database with the migrations applied.
class AlertStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("cairn-alerts-" + crypto::random_hex(6) + ".db");
    auto db = open_database("sqlite:///" + path_.string(), 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(apply_migrations(*db_).ok());
    auto conn = db_->acquire();
    ASSERT_TRUE(conn.ok());
    c_ = std::move(*conn);
    ASSERT_TRUE((**c_)
                    .execute("INSERT INTO organizations (id, slug, name, created_at, updated_at) VALUES"
                             " ('o', 'o', 'O', 0, 0)")
                    .ok());
    ASSERT_TRUE((**c_)
                    .execute("INSERT INTO projects (id, org_id, slug, name, visibility, created_by, created_at,"
                             " updated_at) VALUES ('p', 'o', 'p', 'P', 'private', 'u', 0, 0)")
                    .ok());
    RuleRecord rule;
    rule.id = "r";
    rule.org_id = "o";
    rule.project_id = "p";
    rule.name = "slow";
    rule.spec = "{}";
    rule.created_by = "u";
    ASSERT_TRUE(insert_rule(**c_, rule).ok());
    alert_.id = "a";
    alert_.org_id = "o";
    alert_.project_id = "p";
    alert_.rule_id = "r";
    alert_.fingerprint = "f";
    alert_.state = "firing";
    alert_.severity = "critical";
    alert_.labels = alert_.annotations = "{}";
    alert_.active_since = alert_.fired_at = alert_.last_true_at = alert_.updated_at = 1000;
    ASSERT_TRUE(insert_alert(**c_, alert_).ok());
  }
  void TearDown() override {
    c_.reset();
    db_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
  }
  std::filesystem::path path_;
  std::unique_ptr<Database> db_;
  std::optional<PooledConnection> c_;
  AlertRecord alert_;
};

// Regression: the evaluation read the alert, an acknowledgement landed, and the evaluation's write
// put acknowledged_at back to 0 (seen on PostgreSQL under make test).
TEST_F(AlertStoreTest, an_evaluation_that_read_before_an_acknowledgement_does_not_undo_it) {
  auto read = open_alert(**c_, "r");
  ASSERT_TRUE(read.ok() && read->has_value());
  auto acked = acknowledge_alert(**c_, "a", "mara", "on it", 2000);
  ASSERT_TRUE(acked.ok() && *acked);
  auto stale = **read;
  stale.value = 42;
  stale.updated_at = 3000;
  auto written = update_alert(**c_, stale, (*read)->updated_at);
  ASSERT_TRUE(written.ok());
  EXPECT_FALSE(*written) << "the alert changed since it was read";
  auto now = find_alert(**c_, "p", "a");
  ASSERT_TRUE(now.ok() && now->has_value());
  EXPECT_EQ((*now)->acknowledged_by, "mara");
  EXPECT_EQ((*now)->acknowledged_at, 2000);
  EXPECT_FALSE((*now)->value.has_value());

  auto fresh = **now;
  fresh.value = 7;
  fresh.updated_at = 4000;
  auto again = update_alert(**c_, fresh, (*now)->updated_at);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again);
  EXPECT_EQ((*find_alert(**c_, "p", "a"))->acknowledged_by, "mara") << "an evaluation never writes the acknowledgement";
}

TEST_F(AlertStoreTest, acknowledging_or_resolving_twice_is_refused) {
  EXPECT_TRUE(*acknowledge_alert(**c_, "a", "mara", "", 2000));
  EXPECT_FALSE(*acknowledge_alert(**c_, "a", "lee", "", 2100));
  EXPECT_TRUE(*resolve_alert(**c_, "a", 3000));
  EXPECT_FALSE(*resolve_alert(**c_, "a", 3100));
  EXPECT_FALSE(*acknowledge_alert(**c_, "a", "lee", "", 3200)) << "a resolved alert is not acknowledged";
  EXPECT_EQ((*find_alert(**c_, "p", "a"))->resolved_at, 3000);
}

}  // namespace
}  // namespace cairn::storage::alerting
