#include "storage/sqlite/sqlite_backup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.hpp"
#include "storage/migrator.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace cairn::storage {
namespace {

namespace fs = std::filesystem;

class SqliteBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cairn-backup-" + crypto::random_hex(6));
    fs::create_directories(dir_);
    auto db = open_database("sqlite:///" + (dir_ / "live.db").string(), 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(apply_migrations(*db_).ok());
    exec("INSERT INTO organizations (id, slug, name, created_at, updated_at) VALUES ('o1', 'o1', 'O', 0, 0)");
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void exec(const std::string& sql) {
    auto conn = db_->acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->execute(sql).ok()) << sql;
  }
  static int64_t orgs_in(const std::string& path) {
    auto db = open_database("sqlite:///" + path, 1);
    if (!db.ok()) return -1;
    auto conn = (*db)->acquire();
    auto rows = (*conn)->query("SELECT COUNT(*) FROM organizations");
    return rows.ok() ? (*rows)[0].int64(0) : -1;
  }

  fs::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteBackupTest, copies_what_is_committed_while_a_writer_holds_its_transaction_open) {
  auto writer = db_->acquire();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->begin(true).ok());
  ASSERT_TRUE((*writer)
                  ->execute("INSERT INTO organizations (id, slug, name, created_at, updated_at)"
                            " VALUES ('o2', 'o2', 'O', 0, 0)")
                  .ok());
  const std::string copy = (dir_ / "copy.db").string();
  auto done = backup_sqlite((dir_ / "live.db").string(), copy);
  ASSERT_TRUE(done.ok()) << done.error().message;
  ASSERT_TRUE((*writer)->commit().ok());
  EXPECT_TRUE(check_sqlite_integrity(copy).ok());
  EXPECT_FALSE(fs::exists(copy + "-wal"));
  EXPECT_EQ(orgs_in(copy), 1) << "the uncommitted row is not in the backup";
  EXPECT_EQ(orgs_in((dir_ / "live.db").string()), 2);
}

TEST_F(SqliteBackupTest, refuses_to_overwrite_an_existing_file) {
  std::ofstream(dir_ / "taken.db") << "x";
  auto done = backup_sqlite((dir_ / "live.db").string(), (dir_ / "taken.db").string());
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, ErrorCode::conflict);
}

TEST_F(SqliteBackupTest, integrity_check_rejects_a_damaged_file_and_a_foreign_database) {
  const std::string copy = (dir_ / "copy.db").string();
  ASSERT_TRUE(backup_sqlite((dir_ / "live.db").string(), copy).ok());
  // Zeroes over the pages after the first: the header still says SQLite, the b-trees are gone.
  {
    std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    const std::string zeros(8192, '\0');
    f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  EXPECT_FALSE(check_sqlite_integrity(copy).ok());

  const std::string other = (dir_ / "other.db").string();
  {
    auto db = open_database("sqlite:///" + other, 1);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*(*db)->acquire())->execute("CREATE TABLE t (x INTEGER)").ok());
  }
  auto foreign = check_sqlite_integrity(other);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("schema_migrations"), std::string::npos);
  EXPECT_FALSE(check_sqlite_integrity((dir_ / "missing.db").string()).ok());
}

TEST(SqliteFilePath, follows_the_url_forms_of_open_sqlite_database) {
  EXPECT_EQ(*sqlite_file_path("sqlite:///abs/cairn.db"), "/abs/cairn.db");
  EXPECT_EQ(*sqlite_file_path("sqlite://rel/cairn.db"), "rel/cairn.db");
  EXPECT_EQ(*sqlite_file_path("sqlite:cairn.db"), "cairn.db");
  EXPECT_FALSE(sqlite_file_path("sqlite::memory:").ok());
  EXPECT_FALSE(sqlite_file_path("postgresql://h/db").ok());
  EXPECT_FALSE(sqlite_file_path("sqlite://").ok());
}

}  // namespace
}  // namespace cairn::storage
