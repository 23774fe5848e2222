#include "config/settings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "common/crypto.hpp"

namespace cairn::config {
namespace {

auto env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(Settings, defaults_need_no_file) {
  auto s = load({}, "", env_of({}));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->port, 8080);
  EXPECT_EQ(s->host, "127.0.0.1");
}

TEST(Settings, flags_win_over_environment_which_wins_over_the_file) {
  auto dir = std::filesystem::temp_directory_path() / ("cairn-settings-" + crypto::random_hex(4));
  std::filesystem::create_directories(dir);
  auto file = dir / "cairn.yaml";
  std::ofstream(file) << "port: 7000\nhost: 0.0.0.0\nlog_level: debug\n";
  auto s = load({{"port", "9000"}}, file.string(), env_of({{"CAIRN_PORT", "8000"}, {"CAIRN_HOST", "10.0.0.1"}}));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->port, 9000);          // flag
  EXPECT_EQ(s->host, "10.0.0.1");    // environment over file
  EXPECT_EQ(s->log_level, "debug");  // file over default
  std::filesystem::remove_all(dir);
}

TEST(Settings, bad_integer_names_the_setting_and_source) {
  auto s = load({}, "", env_of({{"CAIRN_PORT", "eighty"}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "port");
  EXPECT_NE(s.error().message.find("CAIRN_PORT"), std::string::npos);
}

TEST(Settings, unknown_key_in_file_is_rejected) {
  auto dir = std::filesystem::temp_directory_path() / ("cairn-settings-" + crypto::random_hex(4));
  std::filesystem::create_directories(dir);
  auto file = dir / "cairn.yaml";
  std::ofstream(file) << "prot: 7000\n";
  auto s = load({}, file.string(), env_of({}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "prot");
  std::filesystem::remove_all(dir);
}

TEST(Settings, production_refuses_to_start_without_a_secret) {
  Settings s;
  s.env = "production";
  s.data_dir = "/nonexistent-cairn-dir";
  auto notes = finalize(s);
  ASSERT_FALSE(notes.ok());
  EXPECT_EQ(notes.error().field, "secret_key");
}

TEST(Settings, development_generates_and_keeps_a_secret) {
  crypto::init();
  auto dir = std::filesystem::temp_directory_path() / ("cairn-settings-" + crypto::random_hex(4));
  Settings first;
  first.data_dir = dir.string();
  ASSERT_TRUE(finalize(first).ok());
  EXPECT_GE(first.secret_key.size(), 32u);
  Settings second;
  second.data_dir = dir.string();
  auto notes = finalize(second);
  ASSERT_TRUE(notes.ok());
  EXPECT_FALSE(notes->generated_secret);
  EXPECT_EQ(first.secret_key, second.secret_key);
  EXPECT_EQ(second.database_url, "sqlite://" + std::filesystem::absolute(dir / "cairn.db").lexically_normal().string());
  std::filesystem::remove_all(dir);
}

TEST(Settings, short_secret_is_rejected) {
  Settings s;
  s.secret_key = "too-short";
  auto notes = finalize(s);
  ASSERT_FALSE(notes.ok());
  EXPECT_EQ(notes.error().field, "secret_key");
}

}  // namespace
}  // namespace cairn::config
