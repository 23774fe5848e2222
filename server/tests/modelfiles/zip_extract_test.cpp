#include "modelfiles/zip_extract.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.hpp"

namespace cairn::modelfiles {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir() {
  auto dir = fs::temp_directory_path() / ("cairn-unzip-" + crypto::random_hex(6));
  fs::create_directories(dir);
  return dir;
}

/// A zip with the given members, written with libzip directly (so that it may hold unsafe names).
std::string make_zip(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& members) {
  const std::string path = (dir / "archive.zip").string();
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, content] : members) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);  // copies the buffers now, while `members` lives
  return path;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ExtractZip, unpacks_members_into_their_folders) {
  auto dir = fresh_dir();
  auto zip = make_zip(dir, {{"MLmodel", "flavors: {}\n"}, {"data/model.pkl", std::string(100000, 'x')}});
  fs::create_directories(dir / "out");
  ASSERT_TRUE(extract_zip(zip, (dir / "out").string()).ok());
  EXPECT_EQ(read_file(dir / "out" / "MLmodel"), "flavors: {}\n");
  EXPECT_EQ(read_file(dir / "out" / "data" / "model.pkl"), std::string(100000, 'x'));
  fs::remove_all(dir);
}

TEST(ExtractZip, refuses_members_that_would_land_outside_the_target) {
  for (const char* name : {"../evil", "/etc/evil", "data/../../evil", "a\\..\\evil", "./x"}) {
    auto dir = fresh_dir();
    auto zip = make_zip(dir, {{"MLmodel", "ok"}, {name, "evil"}});
    fs::create_directories(dir / "out" / "inner");
    auto extracted = extract_zip(zip, (dir / "out" / "inner").string());
    EXPECT_FALSE(extracted.ok()) << name;
    EXPECT_FALSE(fs::exists(dir / "out" / "evil")) << name;
    EXPECT_FALSE(fs::exists(dir / "evil")) << name;
    fs::remove_all(dir);
  }
}

TEST(ExtractZip, a_file_that_is_not_a_zip_is_an_error) {
  auto dir = fresh_dir();
  std::ofstream(dir / "broken.zip") << "<html>not a zip</html>";
  EXPECT_FALSE(extract_zip((dir / "broken.zip").string(), dir.string()).ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cairn::modelfiles
