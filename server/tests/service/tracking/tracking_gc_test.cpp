#include "service/tracking/tracking_gc.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "service/tracking/orphan_artifacts.hpp"
#include "storage/scratch_database.hpp"

namespace cairn::service {
namespace {

using storage::Dialect;
using storage::Value;

constexpr int64_t kDay = 86'400'000;
const std::string kOrg(32, 'a');
const std::string kOtherOrg(32, 'b');

std::string hex_id(char c) {
  return std::string(32, c);
}

/// gc on a real database of each dialect and a real local artifact folder: rows put in with SQL
/// as the services leave them (a delete sets lifecycle_stage and deleted_at / updated_at).
class TrackingGcTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres && !storage_testing::pg_url()) GTEST_SKIP() << "set CAIRN_TEST_PG_URL";
    scratch_ = std::make_unique<storage_testing::ScratchDatabase>(GetParam());
    root_ = std::filesystem::temp_directory_path() / ("cairn-gc-" + crypto::random_hex(6));
    auto store = artifacts::open_artifact_store(root_.string(), {});
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    for (const auto& org : {kOrg, kOtherOrg}) {
      run("INSERT INTO organizations (id, slug, name, created_at, updated_at) VALUES (?, ?, 'O', 0, 0)",
          {org, "o" + org.substr(0, 4)});
      run("INSERT INTO projects (id, org_id, slug, name, visibility, created_by, created_at, updated_at)"
          " VALUES (?, ?, 'p', 'P', 'private', 'u', 0, 0)",
          {"p" + org, org});
    }
  }
  void TearDown() override {
    store_.reset();
    scratch_.reset();
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

  void run(const std::string& sql, const std::vector<Value>& params = {}) {
    auto conn = scratch_->connection();
    auto done = conn->execute(sql, params);
    ASSERT_TRUE(done.ok()) << done.error().message << "\n" << sql;
  }
  int64_t count(const std::string& sql, const std::vector<Value>& params = {}) {
    auto conn = scratch_->connection();
    auto rows = conn->query(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows.ok() && !rows->empty() ? (*rows)[0].int64(0) : -1;
  }

  /// An experiment; `deleted_days_ago` < 0 keeps it active.
  void experiment(const std::string& id, int64_t deleted_days_ago = -1, const std::string& org = kOrg) {
    const bool deleted = deleted_days_ago >= 0;
    run("INSERT INTO experiments (id, org_id, project_id, name, artifact_location, lifecycle_stage, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
        {id, org, "p" + org, "exp" + id, "mlflow-artifacts:/" + id, deleted ? "deleted" : "active",
         deleted ? now_ms() - deleted_days_ago * kDay : now_ms()});
  }
  /// A run with a param, a tag, two metric points and an artifact file.
  void run_in(const std::string& experiment_id, const std::string& id, int64_t deleted_days_ago = -1,
              const std::string& org = kOrg) {
    const bool deleted = deleted_days_ago >= 0;
    run("INSERT INTO runs (id, org_id, project_id, experiment_id, name, status, start_time, lifecycle_stage,"
        " artifact_uri, deleted_at) VALUES (?, ?, ?, ?, 'r', 'FINISHED', 0, ?, ?, ?)",
        {id, org, "p" + org, experiment_id, deleted ? "deleted" : "active",
         "mlflow-artifacts:/" + experiment_id + "/" + id + "/artifacts",
         deleted ? Value(now_ms() - deleted_days_ago * kDay) : Value()});
    run("INSERT INTO run_params (run_id, key, value) VALUES (?, 'lr', '0.1')", {id});
    run("INSERT INTO run_tags (run_id, key, value) VALUES (?, 'team', 'x')", {id});
    for (int step : {0, 1}) {
      run("INSERT INTO metrics (run_id, key, step, timestamp, value) VALUES (?, 'loss', ?, 0, 1.5)",
          {id, int64_t{step}});
    }
    file(org + "/" + experiment_id + "/" + id + "/artifacts/model.bin");
  }
  void file(const std::string& key) {
    auto out = store_->open_write(key);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->write("bytes").ok());
    ASSERT_TRUE((*out)->finish().ok());
  }
  bool exists(const std::string& key) { return std::filesystem::exists(root_ / key); }
  int64_t runs_named(const std::string& id) { return count("SELECT COUNT(*) FROM runs WHERE id = ?", {id}); }

  GcReport gc(int64_t older_than_days, bool dry_run) {
    auto report = collect_garbage(scratch_->db(), *store_, {now_ms() - older_than_days * kDay, dry_run});
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : GcReport{};
  }

  std::unique_ptr<storage_testing::ScratchDatabase> scratch_;
  std::filesystem::path root_;
  std::unique_ptr<artifacts::ArtifactStore> store_;
};

TEST_P(TrackingGcTest, removes_runs_deleted_before_the_cutoff_with_their_rows_and_artifacts) {
  experiment("100");
  run_in("100", hex_id('1'), 10);  // deleted 10 days ago: goes
  run_in("100", hex_id('2'), 1);   // deleted yesterday: stays
  run_in("100", hex_id('3'));      // active: stays
  auto report = gc(7, false);
  EXPECT_EQ(report.runs, std::vector<std::string>{hex_id('1')});
  EXPECT_TRUE(report.experiments.empty());
  EXPECT_EQ(report.rows.runs, 1);
  EXPECT_EQ(report.rows.params, 1);
  EXPECT_EQ(report.rows.tags, 1);
  EXPECT_EQ(report.rows.metric_points, 2);
  EXPECT_EQ(report.artifact_folders, std::vector<std::string>{kOrg + "/100/" + hex_id('1')});
  EXPECT_TRUE(report.orphaned_folders.empty());
  EXPECT_EQ(runs_named(hex_id('1')), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM metrics WHERE run_id = ?", {hex_id('1')}), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM run_params WHERE run_id = ?", {hex_id('1')}), 0);
  EXPECT_FALSE(exists(kOrg + "/100/" + hex_id('1')));
  for (char kept : {'2', '3'}) {
    EXPECT_EQ(runs_named(hex_id(kept)), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM metrics WHERE run_id = ?", {hex_id(kept)}), 2);
    EXPECT_TRUE(exists(kOrg + "/100/" + hex_id(kept) + "/artifacts/model.bin"));
  }
}

TEST_P(TrackingGcTest, a_dry_run_reports_the_same_and_changes_nothing) {
  experiment("100");
  run_in("100", hex_id('1'), 10);
  experiment("200", 30);
  run_in("200", hex_id('4'), 30);
  file(kOrg + "/300/" + hex_id('5') + "/artifacts/left.txt");  // no experiment 300
  auto dry = gc(7, true);
  EXPECT_EQ(dry.runs, std::vector<std::string>{hex_id('1')});
  EXPECT_EQ(dry.experiments, std::vector<std::string>{"200"});
  EXPECT_EQ(dry.rows.runs, 2);
  EXPECT_EQ(dry.orphaned_folders, std::vector<std::string>{kOrg + "/300"});
  EXPECT_EQ(runs_named(hex_id('1')), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM experiments WHERE id = '200'"), 1);
  EXPECT_TRUE(exists(kOrg + "/100/" + hex_id('1') + "/artifacts/model.bin"));
  EXPECT_TRUE(exists(kOrg + "/300/" + hex_id('5') + "/artifacts/left.txt"));
  // The real pass removes exactly what the dry run listed.
  auto done = gc(7, false);
  EXPECT_EQ(done.runs, dry.runs);
  EXPECT_EQ(done.experiments, dry.experiments);
  EXPECT_EQ(done.orphaned_folders, dry.orphaned_folders);
  EXPECT_EQ(done.rows.metric_points, dry.rows.metric_points);
  EXPECT_FALSE(exists(kOrg + "/300"));
}

TEST_P(TrackingGcTest, an_expired_experiment_goes_with_its_runs_datasets_and_folder) {
  experiment("200", 30);
  run_in("200", hex_id('4'), 30);
  run_in("200", hex_id('6'), 30);
  run("INSERT INTO datasets (id, experiment_id, name, digest) VALUES ('d', '200', 'train', 'x')");
  file(kOrg + "/200/models/m-" + hex_id('7') + "/artifacts/MLmodel");
  experiment("201", 2);  // deleted two days ago: stays
  run_in("201", hex_id('8'), 2);
  auto report = gc(7, false);
  EXPECT_EQ(report.experiments, std::vector<std::string>{"200"});
  EXPECT_TRUE(report.runs.empty()) << "the experiment's runs are counted with it";
  EXPECT_EQ(report.rows.runs, 2);
  EXPECT_EQ(report.rows.metric_points, 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM experiments WHERE id = '200'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM runs WHERE experiment_id = '200'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM datasets WHERE experiment_id = '200'"), 0);
  EXPECT_FALSE(exists(kOrg + "/200"));
  EXPECT_EQ(runs_named(hex_id('8')), 1);
  EXPECT_TRUE(exists(kOrg + "/201/" + hex_id('8') + "/artifacts/model.bin"));
}

TEST_P(TrackingGcTest, keeps_what_a_registered_model_version_serves_its_files_from) {
  experiment("100");
  run_in("100", hex_id('1'), 10);
  run("INSERT INTO registered_models (id, org_id, project_id, name, created_at, updated_at) VALUES (?, ?, ?, 'm', 0, "
      "0)",
      {hex_id('9'), kOrg, "p" + kOrg});
  run("INSERT INTO model_versions (model_id, version, source_type, source_uri, run_id, storage_location, created_by,"
      " created_at, updated_at) VALUES (?, 1, 'run', 'runs:/x/model', ?, ?, 'u', 0, 0)",
      {hex_id('9'), hex_id('1'), "100/" + hex_id('1') + "/artifacts/model"});
  auto report = gc(7, false);
  EXPECT_TRUE(report.runs.empty());
  EXPECT_EQ(report.held, std::vector<std::string>{"run " + hex_id('1')});
  EXPECT_EQ(runs_named(hex_id('1')), 1);
  EXPECT_TRUE(exists(kOrg + "/100/" + hex_id('1') + "/artifacts/model.bin"));
}

TEST_P(TrackingGcTest, removes_folders_no_row_owns_and_keeps_the_rest) {
  experiment("100");
  run_in("100", hex_id('3'));
  experiment("150", -1, kOtherOrg);
  const std::vector<std::string> orphans = {
      kOrg + "/100/" + hex_id('e'),           // a run that no longer exists
      kOrg + "/100/models/m-" + hex_id('f'),  // a logged model that no longer exists
      kOrg + "/150",                          // another organization's experiment
      kOrg + "/999",                          // an experiment that no longer exists
      kOrg + "/registry/" + hex_id('d'),      // a registered model that no longer exists
      hex_id('c'),                            // an organization that no longer exists
  };
  for (const auto& key : orphans) file(key + "/artifacts/f.txt");
  file(kOrg + "/100/notes/readme.txt");  // not a folder of the layout: kept
  auto report = gc(0, false);
  auto found = report.orphaned_folders;
  auto expected = orphans;
  std::sort(found.begin(), found.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
  for (const auto& key : orphans) EXPECT_FALSE(exists(key)) << key;
  EXPECT_TRUE(exists(kOrg + "/100/notes/readme.txt"));
  EXPECT_TRUE(exists(kOrg + "/100/" + hex_id('3') + "/artifacts/model.bin"));
  EXPECT_TRUE(report.failures.empty());
}

TEST(OrphanArtifactNames, judge_only_the_shapes_of_ids) {
  EXPECT_TRUE(is_hex_id(std::string(32, 'f')));
  EXPECT_FALSE(is_hex_id(std::string(32, 'F')));
  EXPECT_FALSE(is_hex_id(std::string(31, 'a')));
  EXPECT_TRUE(is_experiment_id("104918237465120"));
  EXPECT_FALSE(is_experiment_id("registry"));
  EXPECT_FALSE(is_experiment_id(""));
  EXPECT_TRUE(is_logged_model_id("m-" + std::string(32, '0')));
  EXPECT_FALSE(is_logged_model_id("models"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, TrackingGcTest, ::testing::Values(Dialect::sqlite, Dialect::postgres),
                         [](const auto& info) { return storage_testing::dialect_name(info.param); });

}  // namespace
}  // namespace cairn::service
