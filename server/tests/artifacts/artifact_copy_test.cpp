#include "artifacts/artifact_copy.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "artifacts/artifact_test_support.hpp"
#include "common/crypto.hpp"

namespace cairn::artifacts {
namespace {

using testing_support::must;
namespace fs = std::filesystem;

void put(ArtifactStore& store, const std::string& key, const std::string& body) {
  auto out = must(store.open_write(key));
  must(out->write(body));
  must(out->finish());
}

std::string get(ArtifactStore& store, const std::string& key) {
  auto in = must(store.open_read(key));
  std::string out(static_cast<std::size_t>(in->size()), '\0');
  std::size_t at = 0;
  while (at < out.size()) {
    const std::size_t n = must(in->read(out.data() + at, out.size() - at));
    if (n == 0) break;
    at += n;
  }
  return out.substr(0, at);
}

TEST(ArtifactCopy, copies_every_file_under_the_same_keys_between_two_stores) {
  const fs::path base = fs::temp_directory_path() / ("cairn-copy-" + crypto::random_hex(6));
  auto from = must(open_artifact_store((base / "from").string(), {}));
  auto to = must(open_artifact_store((base / "to").string(), {}));
  put(*from, "org/1/run/artifacts/model/MLmodel", "flavors: {}");
  put(*from, "org/1/run/artifacts/data.bin", std::string(3 << 20, 'x'));  // more than one read chunk
  put(*from, "org/registry/m/u/weights", "w");
  auto stats = must(copy_tree(*from, *to));
  EXPECT_EQ(stats.files, 3);
  EXPECT_EQ(stats.bytes, static_cast<int64_t>((3 << 20) + 11 + 1));
  EXPECT_EQ(get(*to, "org/1/run/artifacts/model/MLmodel"), "flavors: {}");
  EXPECT_EQ(get(*to, "org/1/run/artifacts/data.bin"), std::string(3 << 20, 'x'));
  EXPECT_EQ(get(*to, "org/registry/m/u/weights"), "w");
  auto only = must(copy_tree(*from, *to, "org/registry"));
  EXPECT_EQ(only.files, 1);
  std::error_code ec;
  fs::remove_all(base, ec);
}

}  // namespace
}  // namespace cairn::artifacts
