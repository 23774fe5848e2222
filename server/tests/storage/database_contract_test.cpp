// The behaviour every Database implementation promises the stores above it, run against each
// dialect: SQLite in memory always, PostgreSQL when CAIRN_TEST_PG_URL names a server (e.g.
// postgresql://postgres@127.0.0.1:55432/postgres). Each PostgreSQL test works in its own schema,
// dropped afterwards, so runs can share a server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <random>
#include <stdexcept>
#include <thread>

#include "storage/database.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace cairn::storage {
namespace {

using namespace std::chrono_literals;

constexpr int kPoolSize = 3;
constexpr auto kShortAcquireTimeout = 300ms;

// Test bodies unwrap Results with these; a failure becomes a test failure with its message.
template <class T>
T must(Result<T> result) {
  if (!result.ok()) throw std::runtime_error(result.error().message);
  return std::move(result).value();
}
void must(Status status) {
  if (!status.ok()) throw std::runtime_error(status.error().message);
}

const char* pg_url() {
  return std::getenv("CAIRN_TEST_PG_URL");
}

std::string unique_schema_name() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return "cairn_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}

// Every pooled connection gets the test's schema first on its search_path.
std::string with_search_path(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" + schema;
}

/// A schema created for one test and dropped, with everything in it, when the test ends.
class ScratchSchema {
 public:
  explicit ScratchSchema(const std::string& url) : name_(unique_schema_name()) {
    admin_ = must(open_postgres_database(url, 1));
    must(must(admin_->acquire())->execute_script("CREATE SCHEMA " + name_));
  }
  ~ScratchSchema() {
    auto conn = admin_->acquire();
    if (conn.ok()) (void)(*conn)->execute_script("DROP SCHEMA " + name_ + " CASCADE");
  }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::unique_ptr<Database> admin_;
};

std::string dialect_name(const testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::sqlite ? "sqlite" : "postgres";
}

class DatabaseContract : public testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::sqlite) {
      sqlite_path_ = std::filesystem::temp_directory_path() /
                     ("cairn-contract-" + std::to_string(::getpid()) + "-" + std::to_string(++sqlite_counter_) + ".db");
      SqliteOptions options;
      options.acquire_timeout = kShortAcquireTimeout;
      db_ = must(open_sqlite_database("sqlite:///" + sqlite_path_.string().substr(1), kPoolSize, options));
    } else {
      const char* url = pg_url();
      if (!url) GTEST_SKIP() << "set CAIRN_TEST_PG_URL to run the PostgreSQL contract";
      schema_ = std::make_unique<ScratchSchema>(url);
      PostgresOptions options;
      options.acquire_timeout = kShortAcquireTimeout;
      db_ = must(open_postgres_database(with_search_path(url, schema_->name()), kPoolSize, options));
    }
    ASSERT_EQ(db_->dialect(), GetParam());
    must(conn()->execute_script("CREATE TABLE items (id TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT)"));
  }

  void TearDown() override {
    db_.reset();  // close the pool before its schema goes
    schema_.reset();
    if (!sqlite_path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path_.string() + suffix);
    }
  }

  PooledConnection conn() { return must(db_->acquire()); }

  int64_t count_items(Connection& c) { return must(c.query("SELECT COUNT(*) AS n FROM items"))[0].int64(0); }

  void insert_real(Connection& c, const std::string& id, double r) {
    ASSERT_EQ(must(c.execute("INSERT INTO items (id, r) VALUES (?, ?)", {id, r})), 1);
  }
  double select_real(Connection& c, const std::string& id) {
    auto rows = must(c.query("SELECT r FROM items WHERE id = ?", {id}));
    if (rows.size() != 1 || !std::holds_alternative<double>(rows.data[0][0])) {
      throw std::runtime_error("no REAL value stored for " + id);
    }
    return std::get<double>(rows.data[0][0]);
  }

  std::unique_ptr<ScratchSchema> schema_;
  std::unique_ptr<Database> db_;
  std::filesystem::path sqlite_path_;
  static inline int sqlite_counter_ = 0;
};

TEST_P(DatabaseContract, round_trips_every_value_kind) {
  auto c = conn();
  EXPECT_EQ(must(c->execute("INSERT INTO items (id, i, r, s) VALUES (?, ?, ?, ?)",
                            {Value("a"), Value(int64_t{42}), Value(2.5), Value("text")})),
            1);
  auto rows = must(c->query("SELECT id, i, r, s FROM items WHERE id = ?", {"a"}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.columns, (std::vector<std::string>{"id", "i", "r", "s"}));
  EXPECT_EQ(rows.data[0][0], Value("a"));
  EXPECT_EQ(rows.data[0][1], Value(int64_t{42}));
  EXPECT_EQ(rows.data[0][2], Value(2.5));
  EXPECT_EQ(rows.data[0][3], Value("text"));
}

TEST_P(DatabaseContract, for_each_row_streams_the_rows_query_returns) {
  auto c = conn();
  must(c->execute("INSERT INTO items (id, i, r, s) VALUES (?, ?, ?, ?)",
                  {Value("a"), Value(int64_t{1}), Value(0.5), null_value()}));
  must(c->execute("INSERT INTO items (id, i, r, s) VALUES (?, ?, ?, ?)",
                  {Value("b"), Value(int64_t{2}), null_value(), Value("x")}));
  std::vector<std::vector<Value>> seen;
  ASSERT_TRUE(c->for_each_row("SELECT id, i, r, s FROM items WHERE i >= ? ORDER BY id", {int64_t{0}},
                              [&](const Row& row) -> Status {
                                seen.push_back({row.at(0), row.at(1), row.at(2), row.at(3)});
                                return {};
                              })
                  .ok());
  EXPECT_EQ(seen, must(c->query("SELECT id, i, r, s FROM items WHERE i >= ? ORDER BY id", {int64_t{0}})).data);
}

TEST_P(DatabaseContract, for_each_row_stops_at_the_callbacks_error_and_leaves_the_connection_usable) {
  auto c = conn();
  for (const char* id : {"a", "b", "c"}) must(c->execute("INSERT INTO items (id) VALUES (?)", {id}));
  int calls = 0;
  auto status = c->for_each_row("SELECT id FROM items ORDER BY id", {}, [&](const Row&) -> Status {
    ++calls;
    return Error::bad_request("enough");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "enough");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(count_items(*c), 3);
}

TEST_P(DatabaseContract, nulls_round_trip_as_null) {
  auto c = conn();
  must(c->execute("INSERT INTO items (id, i, r, s) VALUES (?, ?, ?, ?)",
                  {Value("n"), null_value(), optional_int(std::nullopt), optional_text(std::nullopt)}));
  auto rows = must(c->query("SELECT i, r, s FROM items WHERE id = ? AND i IS NULL AND s IS NULL", {"n"}));
  ASSERT_EQ(rows.size(), 1u);
  for (std::size_t col = 0; col < 3; ++col) EXPECT_TRUE(rows[0].is_null(col)) << rows.columns[col];
  EXPECT_EQ(rows[0].opt_text(2), std::nullopt);
  EXPECT_EQ(rows[0].opt_int64(0), std::nullopt);
}

TEST_P(DatabaseContract, int64_extremes_round_trip_exactly) {
  auto c = conn();
  // 2^53 + 1 is the first integer a double cannot hold: it catches a detour through double.
  const std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), 0, -1,
                                       (int64_t{1} << 53) + 1};
  for (std::size_t k = 0; k < values.size(); ++k) {
    must(c->execute("INSERT INTO items (id, i) VALUES (?, ?)", {"k" + std::to_string(k), values[k]}));
  }
  for (std::size_t k = 0; k < values.size(); ++k) {
    auto rows = must(c->query("SELECT id, i FROM items WHERE i = ?", {values[k]}));
    ASSERT_EQ(rows.size(), 1u) << values[k];
    EXPECT_EQ(rows[0].text(0), "k" + std::to_string(k));
    EXPECT_EQ(rows.data[0][1], Value(values[k]));
  }
}

TEST_P(DatabaseContract, doubles_round_trip_bit_for_bit) {
  auto c = conn();
  const std::vector<double> values = {0.1,
                                      1.0 / 3.0,
                                      -2.5e-300,
                                      123456789.123456789,
                                      std::numeric_limits<double>::max(),
                                      std::numeric_limits<double>::lowest(),
                                      std::numeric_limits<double>::min(),
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::epsilon()};
  for (std::size_t k = 0; k < values.size(); ++k) insert_real(*c, "d" + std::to_string(k), values[k]);
  for (std::size_t k = 0; k < values.size(); ++k) {
    double back = select_real(*c, "d" + std::to_string(k));
    EXPECT_EQ(std::bit_cast<uint64_t>(back), std::bit_cast<uint64_t>(values[k]))
        << values[k] << " came back as " << back;
  }
}

TEST_P(DatabaseContract, nan_and_infinities_round_trip) {
  auto c = conn();
  insert_real(*c, "+inf", std::numeric_limits<double>::infinity());
  insert_real(*c, "-inf", -std::numeric_limits<double>::infinity());
  // SQLite has no NaN (it stores NULL); stores that keep NaN encode it themselves.
  if (GetParam() == Dialect::postgres) {
    insert_real(*c, "nan", std::numeric_limits<double>::quiet_NaN());
    EXPECT_TRUE(std::isnan(select_real(*c, "nan")));
  }
  EXPECT_EQ(select_real(*c, "+inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(select_real(*c, "-inf"), -std::numeric_limits<double>::infinity());
}

TEST_P(DatabaseContract, text_round_trips_quotes_unicode_and_question_marks) {
  auto c = conn();
  const std::vector<std::string> values = {
      "",          "it's",           "say \"hi\"",         "?",
      "a ? b ? c", "$1 and $2",      "back\\slash \\' \\", "-- not a comment",
      "/* nor */", "tab\tnewline\n", "ümlaut ✓ 日本語 🎉",  "'; DROP TABLE items; --"};
  for (std::size_t k = 0; k < values.size(); ++k) {
    must(c->execute("INSERT INTO items (id, s) VALUES (?, ?)", {"t" + std::to_string(k), values[k]}));
  }
  for (std::size_t k = 0; k < values.size(); ++k) {
    auto rows = must(c->query("SELECT s FROM items WHERE id = ?", {"t" + std::to_string(k)}));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.data[0][0], Value(values[k]));
    // Also as a lookup key: the value must match itself server-side.
    EXPECT_EQ(must(c->query("SELECT id FROM items WHERE s = ?", {values[k]})).size(), 1u) << values[k];
  }
}

TEST_P(DatabaseContract, question_marks_in_literals_identifiers_and_comments_are_not_placeholders) {
  auto c = conn();
  auto rows = must(c->query("SELECT 'it''s ?' AS \"what?\", ? AS p /* a ? here */ -- and ? there\n", {"x"}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.columns[0], "what?");
  EXPECT_EQ(rows[0].text(0), "it's ?");
  EXPECT_EQ(rows[0].text(1), "x");
  EXPECT_EQ(must(c->execute("INSERT INTO items (id, s) VALUES (?, 'literal ? with ''?'' inside')", {"q"})), 1);
  EXPECT_EQ(must(c->query("SELECT s FROM items WHERE id = ?", {"q"}))[0].text(0), "literal ? with '?' inside");
}

TEST_P(DatabaseContract, placeholder_count_mismatch_is_an_error) {
  auto c = conn();
  EXPECT_FALSE(c->query("SELECT ? AS a, ? AS b", {"only one"}).ok());
  EXPECT_EQ(must(c->query("SELECT ? AS a, ? AS b", {"one", "two"}))[0].text(1), "two");
}

TEST_P(DatabaseContract, unique_violation_is_conflict_without_the_value) {
  auto c = conn();
  const std::string secret = "dup-7f3a9c-secret";
  must(c->execute("INSERT INTO items (id) VALUES (?)", {secret}));
  auto again = c->execute("INSERT INTO items (id) VALUES (?)", {secret});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(again.error().message.find(secret), std::string::npos) << again.error().message;
  if (GetParam() == Dialect::postgres) {
    EXPECT_NE(again.error().message.find("items_pkey"), std::string::npos) << again.error().message;
  }
  EXPECT_EQ(count_items(*c), 1);
}

TEST_P(DatabaseContract, upsert_do_nothing_reports_zero_rows) {
  auto c = conn();
  const char* upsert = "INSERT INTO items (id, i) VALUES (?, ?) ON CONFLICT (id) DO NOTHING";
  EXPECT_EQ(must(c->execute(upsert, {"u", int64_t{1}})), 1);
  EXPECT_EQ(must(c->execute(upsert, {"u", int64_t{2}})), 0);
  EXPECT_EQ(must(c->query("SELECT i FROM items WHERE id = ?", {"u"}))[0].int64(0), 1);
}

TEST_P(DatabaseContract, foreign_key_violation_is_conflict) {
  auto c = conn();
  must(c->execute_script(
      "CREATE TABLE parents (id TEXT PRIMARY KEY);"
      "CREATE TABLE children (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parents(id));"));
  auto orphan = c->execute("INSERT INTO children (id, parent_id) VALUES (?, ?)", {"c1", "missing"});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::conflict);
  must(c->execute("INSERT INTO parents (id) VALUES (?)", {"p1"}));
  EXPECT_EQ(must(c->execute("INSERT INTO children (id, parent_id) VALUES (?, ?)", {"c1", "p1"})), 1);
}

TEST_P(DatabaseContract, check_violation_message_hides_the_row) {
  auto c = conn();
  must(c->execute_script("CREATE TABLE limited (id TEXT PRIMARY KEY, n BIGINT CHECK (n < 10))"));
  const std::string secret = "row-value-4b1d-secret";
  auto bad = c->execute("INSERT INTO limited (id, n) VALUES (?, ?)", {secret, int64_t{11}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::internal);
  EXPECT_EQ(bad.error().message.find(secret), std::string::npos) << bad.error().message;
}

TEST_P(DatabaseContract, rollback_discards_writes) {
  auto c = conn();
  const char* insert = "INSERT INTO items (id, i) VALUES (?, ?)";
  must(c->begin(true));
  must(c->execute(insert, {"rolled-back", int64_t{1}}));
  EXPECT_EQ(count_items(*c), 1);  // visible inside the transaction
  c->rollback();
  EXPECT_EQ(count_items(*c), 0);
  // The statement first prepared inside the rolled-back transaction still works.
  EXPECT_EQ(must(c->execute(insert, {"after", int64_t{2}})), 1);
}

TEST_P(DatabaseContract, commit_keeps_writes) {
  {
    auto c = conn();
    must(c->begin(true));
    must(c->execute("INSERT INTO items (id) VALUES (?)", {"kept"}));
    must(c->commit());
  }
  auto c = conn();
  EXPECT_EQ(must(c->query("SELECT id FROM items"))[0].text(0), "kept");
}

TEST_P(DatabaseContract, in_transaction_commits_on_success_and_rolls_back_on_error) {
  auto c = conn();
  auto failed = in_transaction<int>(*c, true, [](Connection& tx) -> Result<int> {
    CAIRN_TRY(tx.execute("INSERT INTO items (id) VALUES (?)", {"x1"}));
    return Error::validation("name", "rejected after the write");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(count_items(*c), 0);
  auto done = in_transaction<int>(*c, true, [](Connection& tx) -> Result<int> {
    CAIRN_TRY(tx.execute("INSERT INTO items (id) VALUES (?)", {"x2"}));
    return 7;
  });
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(count_items(*c), 1);
}

TEST_P(DatabaseContract, transaction_misuse_is_an_error) {
  auto c = conn();
  EXPECT_FALSE(c->commit().ok());  // nothing open
  must(c->begin(false));
  EXPECT_FALSE(c->begin(true).ok());  // no nesting
  c->rollback();
  must(c->begin(true));
  must(c->commit());
}

TEST_P(DatabaseContract, returning_yields_the_written_rows) {
  auto c = conn();
  auto inserted = must(c->query("INSERT INTO items (id, i) VALUES (?, ?), (?, ?) RETURNING id, i",
                                {"r1", int64_t{5}, "r2", int64_t{6}}));
  ASSERT_EQ(inserted.size(), 2u);
  EXPECT_EQ(inserted.columns, (std::vector<std::string>{"id", "i"}));
  auto updated = must(c->query("UPDATE items SET i = i + 1 WHERE id = ? RETURNING i", {"r1"}));
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated.data[0][0], Value(int64_t{6}));
  auto deleted = must(c->query("DELETE FROM items WHERE id = ? RETURNING id", {"r2"}));
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].text(0), "r2");
}

TEST_P(DatabaseContract, execute_counts_affected_rows) {
  auto c = conn();
  EXPECT_EQ(must(c->execute("INSERT INTO items (id, i) VALUES (?, ?), (?, ?), (?, ?)",
                            {"a", int64_t{1}, "b", int64_t{2}, "c", int64_t{3}})),
            3);
  EXPECT_EQ(must(c->execute("UPDATE items SET s = ? WHERE i >= ?", {"big", int64_t{2}})), 2);
  EXPECT_EQ(must(c->execute("UPDATE items SET s = ? WHERE id = ?", {"none", "missing"})), 0);
  EXPECT_EQ(must(c->execute("DELETE FROM items")), 3);
  EXPECT_TRUE(must(c->query("UPDATE items SET s = ?", {"x"})).empty());  // a non-query has no rows
}

TEST_P(DatabaseContract, execute_script_runs_every_statement_and_stops_at_an_error) {
  auto c = conn();
  must(
      c->execute_script("CREATE TABLE script_a (x BIGINT);\n"
                        "-- a comment with a ? mark\n"
                        "INSERT INTO script_a VALUES (1);\n"
                        "INSERT INTO script_a VALUES (2);\n"));
  EXPECT_EQ(must(c->query("SELECT COUNT(*) AS n FROM script_a"))[0].int64(0), 2);
  EXPECT_FALSE(c->execute_script("INSERT INTO script_a VALUES (3); INSERT INTO no_such_table VALUES (1);").ok());
  EXPECT_TRUE(c->healthy());
}

TEST_P(DatabaseContract, failed_statement_leaves_the_connection_usable) {
  auto c = conn();
  EXPECT_FALSE(c->query("SELEC nonsense").ok());
  EXPECT_FALSE(c->query("SELECT * FROM no_such_table").ok());
  EXPECT_EQ(must(c->query("SELECT ? AS v", {"still here"}))[0].text(0), "still here");
  EXPECT_TRUE(c->healthy());
}

TEST_P(DatabaseContract, select_star_sees_columns_added_after_first_run) {
  auto c = conn();
  EXPECT_EQ(must(c->query("SELECT * FROM items")).columns.size(), 4u);
  must(c->execute_script("ALTER TABLE items ADD COLUMN extra TEXT"));
  EXPECT_EQ(must(c->query("SELECT * FROM items")).columns.size(), 5u);
}

TEST_P(DatabaseContract, pool_reuses_a_released_connection) {
  Connection* first = nullptr;
  {
    auto c = conn();
    first = &*c;
  }
  {
    auto c = conn();
    EXPECT_EQ(&*c, first);
    EXPECT_EQ(db_->stats().in_use, 1);
  }
  EXPECT_EQ(db_->stats().size, 1);
  EXPECT_EQ(db_->stats().in_use, 0);
}

TEST_P(DatabaseContract, pool_exhaustion_times_out_as_unavailable) {
  std::vector<PooledConnection> held;
  for (int k = 0; k < db_->stats().max_size; ++k) held.push_back(conn());
  auto extra = db_->acquire();
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().code, ErrorCode::unavailable);
  held.pop_back();
  auto freed = db_->acquire();
  ASSERT_TRUE(freed.ok()) << freed.error().message;
  EXPECT_EQ(count_items(**freed), 0);
}

TEST_P(DatabaseContract, connection_returned_mid_transaction_does_not_leak_it) {
  {
    auto c = conn();
    must(c->begin(true));
    must(c->execute("INSERT INTO items (id) VALUES (?)", {"abandoned"}));
  }  // back to the pool without commit or rollback
  auto c = conn();
  EXPECT_EQ(count_items(*c), 0);
  must(c->begin(true));  // not still inside the abandoned transaction
  c->rollback();
}

TEST_P(DatabaseContract, pool_serves_concurrent_threads) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        auto c = db_->acquire();
        if (!c.ok() || !(*c)->execute("INSERT INTO items (id, i) VALUES (?, ?)",
                                      {std::to_string(t) + "-" + std::to_string(k), int64_t{k}})
                            .ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(count_items(*conn()), kThreads * kPerThread);
  EXPECT_LE(db_->stats().size, db_->stats().max_size);
}

INSTANTIATE_TEST_SUITE_P(Dialects, DatabaseContract, testing::Values(Dialect::sqlite, Dialect::postgres), dialect_name);

// ---------------------------------------------------------------------------------------------
// PostgreSQL only: its connection handling and the SQL that SQLite does not have.

TEST(PostgresConnect, unreachable_server_names_target_but_not_password) {
  PostgresOptions options;
  options.connect_timeout = 2s;
  auto opened = open_postgres_database("postgresql://cairn:pw-s3cr3t-value@127.0.0.1:1/metadata", 1, options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::unavailable);
  EXPECT_NE(opened.error().message.find("127.0.0.1:1/metadata"), std::string::npos) << opened.error().message;
  EXPECT_EQ(opened.error().message.find("s3cr3t"), std::string::npos) << opened.error().message;
}

TEST(PostgresConnect, malformed_url_is_rejected_without_echoing_the_password) {
  // Unencoded '@', '/', '?', '#' or a bad %-escape in the password: libpq would read the rest of
  // the password as host, port or database and name it in its error.
  for (const char* url :
       {"postgresql://cairn:p@ss-s3cr3t@127.0.0.1:1/db", "postgresql://cairn:12/34-s3cr3t@127.0.0.1:1/db",
        "postgresql://cairn:pa?ss-s3cr3t@127.0.0.1:1/db", "postgresql://cairn:pa#ss-s3cr3t@127.0.0.1:1/db",
        "postgresql://cairn:pa%zzss-s3cr3t@127.0.0.1:1/db", "postgresql://127.0.0.1:1/db?bogus=s3cr3t"}) {
    auto opened = open_postgres_database(url, 1);
    ASSERT_FALSE(opened.ok()) << url;
    EXPECT_EQ(opened.error().code, ErrorCode::bad_request) << url << ": " << opened.error().message;
    EXPECT_EQ(opened.error().message.find("s3cr3t"), std::string::npos) << opened.error().message;
  }
}

class PostgresOnly : public testing::Test {
 protected:
  void SetUp() override {
    const char* url = pg_url();
    if (!url) GTEST_SKIP() << "set CAIRN_TEST_PG_URL to run the PostgreSQL tests";
    url_ = url;
    schema_ = std::make_unique<ScratchSchema>(url_);
    db_ = open(PostgresOptions{});
  }
  void TearDown() override {
    db_.reset();
    schema_.reset();
  }
  std::unique_ptr<Database> open(PostgresOptions options) {
    options.acquire_timeout = kShortAcquireTimeout;
    return must(open_postgres_database(with_search_path(url_, schema_->name()), 2, options));
  }
  PooledConnection conn() { return must(db_->acquire()); }

  std::string url_;
  std::unique_ptr<ScratchSchema> schema_;
  std::unique_ptr<Database> db_;
};

TEST_F(PostgresOnly, sessions_carry_cairn_settings) {
  auto c = conn();
  auto rows = must(
      c->query("SELECT current_setting('application_name') AS app, current_setting('statement_timeout') AS timeout, "
               "current_setting('client_encoding') AS encoding, current_schema() AS schema"));
  EXPECT_EQ(rows[0].text(0), "cairn");
  EXPECT_EQ(rows[0].text(1), "30s");
  EXPECT_EQ(rows[0].text(2), "UTF8");
  EXPECT_EQ(rows[0].text(3), schema_->name());  // options from the URL are kept
}

TEST_F(PostgresOnly, columns_convert_by_type) {
  auto rows = must(conn()->query(
      "SELECT 7::int2 AS a, 8::int4 AS b, 9::int8 AS c, 10::oid AS d, 1.5::float4 AS e, 2.25::numeric AS f, "
      "true AS g, false AS h, 'x'::varchar AS i, '{\"k\":1}'::jsonb AS j, NULL::int8 AS k, 'NaN'::numeric AS l"));
  const auto& r = rows.data[0];
  EXPECT_EQ(r[0], Value(int64_t{7}));
  EXPECT_EQ(r[1], Value(int64_t{8}));
  EXPECT_EQ(r[2], Value(int64_t{9}));
  EXPECT_EQ(r[3], Value(int64_t{10}));
  EXPECT_EQ(r[4], Value(1.5));
  EXPECT_EQ(r[5], Value(2.25));
  EXPECT_EQ(r[6], Value(int64_t{1}));
  EXPECT_EQ(r[7], Value(int64_t{0}));
  EXPECT_EQ(r[8], Value("x"));
  EXPECT_EQ(r[9], Value("{\"k\": 1}"));
  EXPECT_EQ(r[10], null_value());
  ASSERT_TRUE(std::holds_alternative<double>(r[11]));
  EXPECT_TRUE(std::isnan(std::get<double>(r[11])));
}

TEST_F(PostgresOnly, dollar_quotes_and_escape_strings_hide_question_marks) {
  auto rows = must(conn()->query(
      "SELECT $$a ? b$$ AS d, $tag$ ? $$ ? $tag$ AS t, E'it\\'s ?' AS e, ? AS p, /* outer /* nested ? */ ? */ ? AS q",
      {"one", "two"}));
  EXPECT_EQ(rows[0].text(0), "a ? b");
  EXPECT_EQ(rows[0].text(1), " ? $$ ? ");
  EXPECT_EQ(rows[0].text(2), "it's ?");
  EXPECT_EQ(rows[0].text(3), "one");
  EXPECT_EQ(rows[0].text(4), "two");
}

TEST_F(PostgresOnly, invalid_input_message_hides_the_value) {
  auto c = conn();
  must(c->execute_script("CREATE TABLE numbers (n BIGINT)"));
  auto bad = c->execute("INSERT INTO numbers (n) VALUES (?)", {"token-9e8d-secret"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::internal);
  EXPECT_NE(bad.error().message.find("invalid input syntax for type bigint"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().message.find("secret"), std::string::npos) << bad.error().message;
}

TEST_F(PostgresOnly, nul_in_text_is_refused_not_truncated) {
  auto bad = conn()->query("SELECT ? AS v", {std::string("before\0after", 12)});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::bad_request);
}

TEST_F(PostgresOnly, statement_timeout_is_unavailable) {
  PostgresOptions options;
  options.statement_timeout = 100ms;
  auto db = open(options);
  auto slow = must(db->acquire())->query("SELECT pg_sleep(2)");
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().code, ErrorCode::unavailable) << slow.error().message;
}

TEST_F(PostgresOnly, lock_timeout_is_unavailable) {
  auto holder = conn();
  auto waiter = conn();
  must(holder->execute_script("CREATE TABLE locked (id TEXT PRIMARY KEY); INSERT INTO locked VALUES ('row')"));
  must(holder->begin(true));
  must(holder->query("SELECT id FROM locked WHERE id = ? FOR UPDATE", {"row"}));
  must(waiter->execute_script("SET lock_timeout = '50ms'"));
  auto blocked = waiter->execute("UPDATE locked SET id = ? WHERE id = ?", {"other", "row"});
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::unavailable) << blocked.error().message;
  holder->rollback();
}

TEST_F(PostgresOnly, commit_after_a_failed_statement_reports_the_failure) {
  auto c = conn();
  must(c->execute_script("CREATE TABLE once (id TEXT PRIMARY KEY)"));
  must(c->begin(true));
  must(c->execute("INSERT INTO once (id) VALUES (?)", {"a"}));
  EXPECT_EQ(c->execute("INSERT INTO once (id) VALUES (?)", {"a"}).error().code, ErrorCode::conflict);
  auto committed = c->commit();
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.error().code, ErrorCode::conflict) << committed.error().message;
  EXPECT_TRUE(c->healthy());
  EXPECT_TRUE(must(c->query("SELECT id FROM once")).empty());
}

TEST_F(PostgresOnly, serialization_failure_is_unavailable_through_commit) {
  auto reader = conn();
  auto writer = conn();
  must(writer->execute_script(
      "CREATE TABLE counters (id TEXT PRIMARY KEY, n BIGINT); INSERT INTO counters VALUES ('c', 0)"));
  must(reader->begin(true));
  must(reader->execute_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
  EXPECT_EQ(must(reader->query("SELECT n FROM counters WHERE id = ?", {"c"}))[0].int64(0), 0);  // snapshot taken
  must(writer->execute("UPDATE counters SET n = n + 1 WHERE id = ?", {"c"}));
  auto stale = reader->execute("UPDATE counters SET n = n + 10 WHERE id = ?", {"c"});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::unavailable) << stale.error().message;
  // A caller that carries on to commit still learns the transaction is worth retrying.
  auto committed = reader->commit();
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.error().code, ErrorCode::unavailable) << committed.error().message;
  EXPECT_EQ(must(reader->query("SELECT n FROM counters WHERE id = ?", {"c"}))[0].int64(0), 1);
}

TEST_F(PostgresOnly, statements_dropped_behind_our_back_are_prepared_again) {
  auto c = conn();
  EXPECT_EQ(must(c->query("SELECT ? AS v", {"before"}))[0].text(0), "before");
  must(c->execute_script("DEALLOCATE ALL"));  // what DISCARD ALL or a pooler switching backends does
  EXPECT_EQ(must(c->query("SELECT ? AS v", {"after"}))[0].text(0), "after");
}

TEST_F(PostgresOnly, terminated_session_is_unavailable_and_replaced) {
  int64_t victim_pid = 0;
  {
    auto victim = conn();
    victim_pid = must(victim->query("SELECT pg_backend_pid() AS pid"))[0].int64(0);
    {
      auto killer = conn();
      must(killer->query("SELECT pg_terminate_backend(?::int)", {victim_pid}));
    }
    auto lost = victim->query("SELECT 1 AS one");
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code, ErrorCode::unavailable) << lost.error().message;
    EXPECT_FALSE(victim->healthy());
  }
  EXPECT_EQ(db_->stats().size, 1);  // only the killer is left
  for (int k = 0; k < 3; ++k) {
    auto c = conn();
    EXPECT_NE(must(c->query("SELECT pg_backend_pid() AS pid"))[0].int64(0), victim_pid);
  }
}

TEST_F(PostgresOnly, prepared_statements_stay_bounded) {
  auto c = conn();
  const int distinct = 300;
  for (int k = 0; k < distinct; ++k) {
    auto sql = "SELECT ? + " + std::to_string(k) + " AS v";
    ASSERT_EQ(must(c->query(sql, {int64_t{1}}))[0].int64(0), k + 1);
  }
  auto prepared = must(c->query("SELECT COUNT(*) AS n FROM pg_prepared_statements"))[0].int64(0);
  EXPECT_LE(prepared, 257);
  EXPECT_GE(prepared, 200);
  // An evicted statement is prepared again transparently.
  EXPECT_EQ(must(c->query("SELECT ? + 0 AS v", {int64_t{5}}))[0].int64(0), 5);
}

}  // namespace
}  // namespace cairn::storage
