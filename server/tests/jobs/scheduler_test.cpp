#include "jobs/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "common/crypto.hpp"
#include "storage/jobs/job_slots.hpp"
#include "storage/migrator.hpp"

namespace cairn::jobs {
namespace {

/// One SQLite file shared by two schedulers, as two replicas share one database.
class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("cairn-scheduler-" + crypto::random_hex(6) + ".db");
    auto db = storage::open_database("sqlite:///" + path_.string(), 4);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(storage::apply_migrations(*db_).ok());
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
  }
  std::filesystem::path path_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(SchedulerTest, a_job_runs_once_per_interval_across_replicas) {
  std::atomic<int> runs{0};
  auto job = [&] {
    return Job{"count", 400, [&] {
                 ++runs;
                 return Status{};
               }};
  };
  Scheduler a(*db_, "a", 20), b(*db_, "b", 20);
  a.add(job());
  b.add(job());
  a.start();
  b.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  a.stop();
  b.stop();
  // Due at 0, 400, 800, 1200 ms: four runs in 1.5 s, however many replicas ask.
  EXPECT_GE(runs.load(), 3);
  EXPECT_LE(runs.load(), 5);
}

TEST_F(SchedulerTest, every_replica_jobs_run_on_each_and_failures_are_counted) {
  std::atomic<int> runs{0};
  Scheduler a(*db_, "a", 20), b(*db_, "b", 20);
  for (auto* s : {&a, &b})
    s->add(Job{"flush", 100,
               [&] {
                 ++runs;
                 return Status(Error::unavailable("database away"));
               },
               true});
  a.start();
  b.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(450));
  a.stop();
  b.stop();
  EXPECT_GE(runs.load(), 6);  // both replicas, about every 100 ms
  EXPECT_NE(a.metrics_text().find("cairn_job_failures_total{job=\"flush\"}"), std::string::npos);
}

TEST_F(SchedulerTest, a_claim_moves_the_slot_once) {
  auto conn = db_->acquire();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(storage::jobs::ensure_slot(**conn, "x", 1000).ok());
  EXPECT_TRUE(*storage::jobs::claim(**conn, "x", 1000, 2000, "a"));
  EXPECT_FALSE(*storage::jobs::claim(**conn, "x", 1000, 2000, "b"));  // already moved to 2000
  EXPECT_TRUE(*storage::jobs::claim(**conn, "x", 2000, 3000, "b"));
  auto slot = storage::jobs::find_slot(**conn, "x");
  ASSERT_TRUE(slot.ok() && *slot);
  EXPECT_EQ((*slot)->owner, "b");
  EXPECT_EQ((*slot)->next_run_at, 3000);
}

}  // namespace
}  // namespace cairn::jobs
