#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>

#include "common/crypto.hpp"
#include "test_readers.hpp"

namespace cairn::modelfiles {
namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("cairn-zip-" + crypto::random_hex(6) + "-" + name)).string();
}

/// Deterministic, poorly compressible bytes.
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  uint32_t x = 2463534242u;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return s;
}

ZipMember member_of(std::string name, std::string content) {
  auto size = static_cast<int64_t>(content.size());
  return {std::move(name), size,
          [content = std::move(content)]() -> Result<ReadFn> { return testing::memory_reader(content, 100'000); }};
}

struct ReadBack {
  std::string name;
  std::string content;
  int32_t comp_method = -1;
};

std::vector<ReadBack> read_zip(const std::string& path) {
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  EXPECT_NE(z, nullptr) << "libzip error " << code;
  std::vector<ReadBack> out;
  if (!z) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
    ReadBack rb{st.name, std::string(st.size, '\0'), st.comp_method};
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    EXPECT_EQ(zip_fread(f, rb.content.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    out.push_back(std::move(rb));
  }
  zip_close(z);
  return out;
}

TEST(ZipWriter, writes_members_byte_exact_deflating_small_and_storing_large) {
  auto path = temp_path("model.zip");
  std::string mlmodel = "flavors:\n  sklearn: {}\n" + std::string(1000, '#');
  std::string weights = pattern(17 << 20);  // above the 16 MiB store threshold
  auto status = write_zip(path, {member_of("model/MLmodel", mlmodel), member_of("model/weights.bin", weights),
                                 member_of("model/empty.txt", "")});
  ASSERT_TRUE(status.ok()) << status.error().message;
  auto entries = read_zip(path);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].name, "model/MLmodel");
  EXPECT_EQ(entries[0].content, mlmodel);
  EXPECT_EQ(entries[0].comp_method, ZIP_CM_DEFLATE);
  EXPECT_EQ(entries[1].name, "model/weights.bin");
  EXPECT_EQ(entries[1].content.size(), weights.size());
  EXPECT_TRUE(entries[1].content == weights);
  EXPECT_EQ(entries[1].comp_method, ZIP_CM_STORE);
  EXPECT_EQ(entries[2].content, "");
  EXPECT_LT(std::filesystem::file_size(path), weights.size() + 2000);  // MLmodel was compressed
  std::filesystem::remove(path);
}

TEST(ZipWriter, more_than_65535_members_use_zip64_and_are_listed_back) {
  // The entry count overflows the classic end record: libzip writes the ZIP64 one, and the torch
  // archive check must read the directory through it.
  auto path = temp_path("many.pt");
  std::vector<ZipMember> members{member_of("archive/data.pkl", "\x80\x02}q\x00.")};
  for (int i = 0; i < 70000; ++i) members.push_back(member_of("archive/data/" + std::to_string(i), std::to_string(i)));
  ASSERT_TRUE(write_zip(path, members).ok());
  auto bytes = testing::read_file(path);
  EXPECT_NE(bytes.find("PK\x06\x06"), std::string::npos) << "no ZIP64 end record";
  auto entries = read_zip(path);
  ASSERT_EQ(entries.size(), 70001u);
  EXPECT_EQ(entries[69999].name, "archive/data/69998");
  EXPECT_EQ(entries[69999].content, "69998");
  auto r = testing::inspect_bytes("many.pt", bytes, 1 << 20);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "pickle") << r->details.dump();
  std::filesystem::remove(path);
}

TEST(ZipWriter, empty_member_list_is_an_empty_archive) {
  auto path = temp_path("empty.zip");
  ASSERT_TRUE(write_zip(path, {}).ok());
  EXPECT_TRUE(read_zip(path).empty());
  std::filesystem::remove(path);
}

TEST(ZipWriter, reader_failure_is_returned_and_the_file_removed) {
  auto path = temp_path("fail.zip");
  ZipMember broken{"b.bin", 10, []() -> Result<ReadFn> {
                     return ReadFn([](char*, std::size_t) -> Result<std::size_t> {
                       return Error::unavailable("artifact store unreachable");
                     });
                   }};
  auto status = write_zip(path, {member_of("a.txt", "hello"), broken});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "artifact store unreachable");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ZipWriter, member_shorter_than_declared_fails) {
  auto path = temp_path("short.zip");
  ZipMember liar = member_of("a.txt", "hello");
  liar.size = 50;
  auto status = write_zip(path, {liar});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("expected 50 bytes, read 5"), std::string::npos) << status.error().message;
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ZipWriter, open_failure_is_returned) {
  auto path = temp_path("open.zip");
  ZipMember missing{"gone.bin", 3, []() -> Result<ReadFn> { return Error::not_found("artifact gone.bin"); }};
  auto status = write_zip(path, {missing});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::not_found);
  EXPECT_FALSE(std::filesystem::exists(path));
}

/// A zip built with libzip directly (not write_zip), entries deflated unless stored is asked.
std::string build_zip(const std::vector<std::pair<std::string, std::string>>& entries, bool store = false) {
  auto path = temp_path("built.zip");
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  for (const auto& [name, content] : entries) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    auto index = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (store) zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  auto bytes = testing::read_file(path);
  std::filesystem::remove(path);
  return bytes;
}

TEST(ZipTorch, torchscript_archive_is_not_executable) {
  auto zip = build_zip({{"model/data.pkl", "\x80\x02}q\x00."},
                        {"model/code/__torch__/model.py", "class Model(Module): ..."},
                        {"model/constants.pkl", "\x80\x02)."},
                        {"model/version", "3\n"}});
  auto r = testing::inspect_bytes("model.pt", zip, 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "torchscript") << r->details.dump();
  EXPECT_EQ(r->framework, "pytorch");
  EXPECT_FALSE(r->executable_code);
}

TEST(ZipTorch, torch_save_archive_is_an_executable_pickle) {
  // A 40 MiB weight entry pushes the central directory past the first trims of the kept tail.
  auto zip = build_zip(
      {{"archive/data.pkl", "\x80\x02}q\x00."}, {"archive/data/0", pattern(40 << 20)}, {"archive/version", "3\n"}},
      /*store=*/true);
  auto r = testing::inspect_bytes("weights.pth", zip, 1 << 20);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "pickle") << r->details.dump();
  EXPECT_EQ(r->framework, "pytorch");
  EXPECT_TRUE(r->executable_code);
}

TEST(ZipTorch, other_zip_named_pt_is_opaque) {
  auto r = testing::inspect_bytes("x.pt", build_zip({{"readme.txt", "hi"}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "opaque");
  EXPECT_FALSE(r->executable_code);
}

TEST(ZipTorch, truncated_zip_is_opaque_with_warning) {
  auto zip = build_zip({{"archive/data.pkl", "\x80\x02}q\x00."}});
  auto r = testing::inspect_bytes("x.pt", zip.substr(0, zip.size() - 30));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "opaque");
  EXPECT_NE(r->details["warning"].get<std::string>().find("zip"), std::string::npos);
}

}  // namespace
}  // namespace cairn::modelfiles
