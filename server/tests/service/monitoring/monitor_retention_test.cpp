#include <gtest/gtest.h>

#include <filesystem>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/monitoring/monitor_jobs.hpp"
#include "storage/migrator.hpp"

namespace cairn::service::monitor_jobs {
namespace {

constexpr int64_t kDay = 86'400'000;

/// Retention as configured (--retention-*-days) on a real SQLite database: each resolution, the
/// series and the raw records keep exactly their own number of days.
class MonitorRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("cairn-retention-" + crypto::random_hex(6) + ".db");
    auto db = storage::open_database("sqlite:///" + path_.string(), 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(storage::apply_migrations(*db_).ok());
    run("INSERT INTO organizations (id, slug, name, created_at, updated_at) VALUES ('o', 'o', 'O', 0, 0)");
    run("INSERT INTO projects (id, org_id, slug, name, visibility, created_by, created_at, updated_at)"
        " VALUES ('p', 'o', 'p', 'P', 'private', 'u', 0, 0)");
    run("INSERT INTO monitors (id, org_id, project_id, name, created_by, created_at, updated_at)"
        " VALUES ('m', 'o', 'p', 'churn', 'u', 0, 0)");
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove(path_);
  }
  void run(const std::string& sql, const std::vector<storage::Value>& params = {}) {
    auto conn = db_->acquire();
    ASSERT_TRUE(conn.ok());
    auto done = (*conn)->execute(sql, params);
    ASSERT_TRUE(done.ok()) << done.error().message;
  }
  int64_t count(const std::string& sql) {
    auto conn = db_->acquire();
    auto rows = (*conn)->query(sql, {});
    return rows.ok() && !rows->empty() ? (*rows)[0].int64(0) : -1;
  }
  void bucket(int64_t resolution, int64_t age_days) {
    run("INSERT INTO monitor_buckets (monitor_id, resolution, start_at, revision, writer, requests, errors, service,"
        " profile, written_at) VALUES ('m', ?, ?, 0, 'w', 1, 0, '{}', '', 0)",
        {resolution, now_ms() - age_days * kDay});
  }

  std::filesystem::path path_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(MonitorRetentionTest, each_resolution_series_and_records_keep_their_configured_days) {
  for (int64_t age : {1, 10}) bucket(60, age);
  for (int64_t age : {10, 30}) bucket(3600, age);
  for (int64_t age : {30, 200}) bucket(86400, age);
  for (int64_t age : {1, 12}) {
    const int64_t at = now_ms() - age * kDay;
    run("INSERT INTO monitor_series (monitor_id, name, at, value) VALUES ('m', 'drift_share', ?, 0.5)", {at});
    run("INSERT INTO monitor_records (monitor_id, record_id, at, features, prediction) VALUES ('m', ?, ?, '{}', '0')",
        {"r" + std::to_string(age), at});
  }
  const Retention retention{9, 20, 100, 11, 5};
  ASSERT_TRUE(apply_retention(*db_, retention).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM monitor_buckets WHERE resolution = 60"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM monitor_buckets WHERE resolution = 3600"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM monitor_buckets WHERE resolution = 86400"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM monitor_series"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM monitor_records"), 1);
  EXPECT_EQ(count("SELECT record_id = 'r1' FROM monitor_records"), 1) << "the fresh record stays";
}

}  // namespace
}  // namespace cairn::service::monitor_jobs
