#include "service/identity/account_service.hpp"

#include <gtest/gtest.h>

#include "common/crypto.hpp"
#include "fakes/capturing_mailer.hpp"
#include "storage/migrator.hpp"

namespace cairn::service {
namespace {

class AccountServiceTest : public testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    db_ = std::move(storage::open_database("sqlite::memory:", 1).value());
    ASSERT_TRUE(storage::apply_migrations(*db_).ok());
    limits_ = limits::make_memory_limit_store();
    ServiceConfig config;
    config.login_max_failures = 3;
    ctx_ = std::make_unique<ServiceContext>(
        ServiceContext{*db_, mailer_, *limits_, AccessTokens(std::string(40, 'k')), config});
    accounts_ = std::make_unique<AccountService>(*ctx_);
    caller_.ip = "10.0.0.1";
  }

  TokenPair signup(const std::string& email) {
    auto pair = accounts_->signup({email, "correct horse", "Ann", std::nullopt}, caller_);
    EXPECT_TRUE(pair.ok());
    return pair.value();
  }

  std::unique_ptr<storage::Database> db_;
  fakes::CapturingMailer mailer_;
  std::unique_ptr<limits::LimitStore> limits_;
  std::unique_ptr<ServiceContext> ctx_;
  std::unique_ptr<AccountService> accounts_;
  Caller caller_;
};

TEST_F(AccountServiceTest, refresh_rotates_the_token) {
  auto first = signup("ann@example.com");
  auto second = accounts_->refresh(first.refresh_token, caller_);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->refresh_token, first.refresh_token);
  EXPECT_EQ(second->session_id, first.session_id);
  EXPECT_TRUE(accounts_->authenticate_access_token(second->access_token).ok());
}

TEST_F(AccountServiceTest, reusing_a_rotated_token_revokes_the_whole_session) {
  auto first = signup("ann@example.com");
  auto second = accounts_->refresh(first.refresh_token, caller_);
  ASSERT_TRUE(second.ok());
  auto replay = accounts_->refresh(first.refresh_token, caller_);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, ErrorCode::unauthenticated);
  // The legitimate holder's newer token dies with the family, and so does its access token.
  EXPECT_FALSE(accounts_->refresh(second->refresh_token, caller_).ok());
  EXPECT_FALSE(accounts_->authenticate_access_token(second->access_token).ok());
}

TEST_F(AccountServiceTest, logout_ends_the_session) {
  auto pair = signup("ann@example.com");
  ASSERT_TRUE(accounts_->logout(pair.refresh_token, caller_).ok());
  EXPECT_FALSE(accounts_->authenticate_access_token(pair.access_token).ok());
  EXPECT_FALSE(accounts_->refresh(pair.refresh_token, caller_).ok());
}

TEST_F(AccountServiceTest, duplicate_email_is_a_conflict) {
  signup("ann@example.com");
  auto again = accounts_->signup({"ann@example.com", "another password", "Ann 2", std::nullopt}, caller_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST_F(AccountServiceTest, login_throttles_after_repeated_failures_without_revealing_the_account) {
  signup("ann@example.com");
  for (int i = 0; i < 3; ++i) {
    auto r = accounts_->login("ann@example.com", "wrong password", caller_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::unauthenticated);
  }
  auto blocked = accounts_->login("ann@example.com", "correct horse", caller_);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::rate_limited);
  EXPECT_GT(blocked.error().retry_after_seconds, 0);

  Caller elsewhere;
  elsewhere.ip = "10.0.0.2";
  auto unknown = accounts_->login("nobody@example.com", "whatever1", elsewhere);
  ASSERT_FALSE(unknown.ok());
  auto wrong = accounts_->login("bob@example.com", "whatever1", elsewhere);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST_F(AccountServiceTest, password_reset_token_works_once_and_ends_sessions) {
  auto pair = signup("ann@example.com");
  ASSERT_TRUE(accounts_->request_password_reset("ann@example.com", caller_).ok());
  ASSERT_EQ(mailer_.sent.size(), 1u);
  const auto& text = mailer_.sent[0].text;
  auto at = text.find("Token: ");
  ASSERT_NE(at, std::string::npos);
  std::string token = text.substr(at + 7, 40);
  ASSERT_TRUE(accounts_->reset_password(token, "a brand new pw", caller_).ok());
  EXPECT_FALSE(accounts_->reset_password(token, "yet another pw", caller_).ok());
  EXPECT_FALSE(accounts_->authenticate_access_token(pair.access_token).ok());
  EXPECT_TRUE(accounts_->login("ann@example.com", "a brand new pw", caller_).ok());
}

TEST_F(AccountServiceTest, password_reset_for_unknown_email_sends_nothing) {
  ASSERT_TRUE(accounts_->request_password_reset("ghost@example.com", caller_).ok());
  EXPECT_TRUE(mailer_.sent.empty());
}

}  // namespace
}  // namespace cairn::service
