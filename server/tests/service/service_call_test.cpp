#include "service/service_call.hpp"

#include <gtest/gtest.h>

#include "fakes/capturing_mailer.hpp"
#include "service/service_context.hpp"

namespace cairn::service {
namespace {

using storage::Connection;

class ServiceCallTest : public testing::Test {
 protected:
  void SetUp() override {
    // One connection: an in-memory SQLite database lives as long as its connection.
    db_ = std::move(storage::open_database("sqlite::memory:", 1).value());
    {
      auto conn = db_->acquire();
      ASSERT_TRUE(conn.ok());
      ASSERT_TRUE((*conn)->execute_script("CREATE TABLE notes (text TEXT NOT NULL)").ok());
    }
    limits_ = limits::make_memory_limit_store();
    ctx_ = std::make_unique<ServiceContext>(
        ServiceContext{*db_, mailer_, *limits_, AccessTokens(std::string(40, 'k')), ServiceConfig{}});
    Principal p;
    p.user_id = "u1";
    signed_in_.principal = p;
  }

  int64_t notes() {
    auto conn = db_->acquire();
    EXPECT_TRUE(conn.ok());
    auto rows = (*conn)->query("SELECT COUNT(*) FROM notes");
    EXPECT_TRUE(rows.ok());
    return (*rows)[0].int64(0);
  }

  static Status add_note(Connection& c) { return storage::as_status(c.execute("INSERT INTO notes VALUES ('n')")); }

  std::unique_ptr<storage::Database> db_;
  fakes::CapturingMailer mailer_;
  std::unique_ptr<limits::LimitStore> limits_;
  std::unique_ptr<ServiceContext> ctx_;
  Caller signed_in_;
  Caller anonymous_;
};

TEST_F(ServiceCallTest, read_hands_the_body_the_callers_principal_and_answers_what_it_answers) {
  auto answer =
      ctx_->read(signed_in_, [](Connection&, const Principal& p) -> Result<std::string> { return p.user_id; });
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(*answer, "u1");
  auto failed = ctx_->read(signed_in_, [](Connection&, const Principal&) -> Status { return Error::not_found("x"); });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::not_found);
}

TEST_F(ServiceCallTest, anonymous_calls_answer_401_without_running_the_body) {
  bool ran = false;
  auto body = [&](Connection&, const Principal&) -> Status {
    ran = true;
    return {};
  };
  auto read = ctx_->read(anonymous_, body);
  auto written = ctx_->write(anonymous_, body);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::unauthenticated);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, ErrorCode::unauthenticated);
  EXPECT_FALSE(ran);
}

TEST_F(ServiceCallTest, an_anonymous_call_does_not_wait_for_a_connection) {
  auto held = db_->acquire();  // the pool's only one: taking another would wait its 10 s and answer 503
  ASSERT_TRUE(held.ok());
  auto answer = ctx_->read(anonymous_, [](Connection&, const Principal&) -> Status { return {}; });
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::unauthenticated);
}

TEST_F(ServiceCallTest, read_runs_in_no_transaction_so_a_failing_body_keeps_what_it_wrote) {
  auto answer = ctx_->read(signed_in_, [](Connection& c, const Principal&) -> Status {
    CAIRN_TRY(add_note(c));
    return Error::conflict("after the write");
  });
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(notes(), 1);
}

TEST_F(ServiceCallTest, write_commits_what_the_body_wrote_when_it_answers_ok) {
  auto answer = ctx_->write(signed_in_, [](Connection& c, const Principal& p) -> Result<std::string> {
    CAIRN_TRY(add_note(c));
    return p.user_id;
  });
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(*answer, "u1");
  EXPECT_TRUE(ctx_->write(signed_in_, [](Connection& c, const Principal&) { return add_note(c); }).ok());
  EXPECT_EQ(notes(), 2);
}

TEST_F(ServiceCallTest, write_rolls_back_everything_the_body_wrote_when_it_fails) {
  auto value = ctx_->write(signed_in_, [](Connection& c, const Principal&) -> Result<int> {
    CAIRN_TRY(add_note(c));
    return Error::conflict("after the write");
  });
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().code, ErrorCode::conflict);
  auto status = ctx_->write(signed_in_, [](Connection& c, const Principal&) -> Status {
    CAIRN_TRY(add_note(c));
    CAIRN_TRY(add_note(c));
    return Error::forbidden("after the writes");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::forbidden);
  EXPECT_EQ(notes(), 0);
}

}  // namespace
}  // namespace cairn::service
