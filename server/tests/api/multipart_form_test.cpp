#include "api/multipart_form.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace cairn::api {
namespace {

/// A spooled body in a temporary file, removed with the fixture.
class MultipartFileTest : public ::testing::Test {
 protected:
  std::string write(const std::string& body) {
    std::ofstream(path_, std::ios::binary) << body;
    return path_;
  }
  std::string slice(const FormPart& part) {
    auto content = read_part(path_, part, 1 << 24);
    return content.ok() ? *content : "<error>";
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::string path_ = (std::filesystem::temp_directory_path() / ("multipart-" + std::to_string(::getpid()))).string();
};

TEST(MultipartBoundary, ReadsQuotedAndBareBoundaries) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\""), "a b;c");
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST_F(MultipartFileTest, FindsFileAndFieldPartsWithExactRanges) {
  const std::string binary("\r\n--Xq\0\r\n--X", 12);  // looks like a delimiter, is not one
  const std::string body =
      "--Xqz\r\n"
      "Content-Disposition: form-data; name=\"description\"\r\n\r\n"
      "first cut\r\n"
      "--Xqz\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"model/MLmodel\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n" +
      binary +
      "\r\n--Xqz\r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"empty.txt\"\r\n\r\n"
      "\r\n--Xqz--\r\n";
  auto parts = parse_multipart_file(write(body), "Xqz");
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "description");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ(slice((*parts)[0]), "first cut");
  EXPECT_EQ((*parts)[1].filename, "model/MLmodel");
  EXPECT_EQ((*parts)[1].content_type, "application/octet-stream");
  EXPECT_EQ(slice((*parts)[1]), binary);
  EXPECT_EQ((*parts)[2].filename, "empty.txt");
  EXPECT_EQ((*parts)[2].length, 0);
}

TEST_F(MultipartFileTest, FindsDelimitersAcrossReadChunks) {
  // The parser reads 1 MiB at a time: put a delimiter across the first chunk's end.
  const std::size_t chunk = 1 << 20;
  std::string head = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n";
  std::string first(chunk - head.size() - 3, 'a');
  std::string body =
      head + first + "\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\"\r\n\r\nbb\r\n--B--";
  auto parts = parse_multipart_file(write(body), "B");
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].length, static_cast<int64_t>(first.size()));
  EXPECT_EQ(slice((*parts)[1]), "bb");
}

TEST_F(MultipartFileTest, RefusesMalformedBodies) {
  const std::vector<std::string> bad = {
      "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nno closing delimiter",
      "--B\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--B--",
      "--B\r\nContent-Disposition: form-data; name=\"f\"\r\nno blank line\r\n--B--",
      "--BX\r\n\r\n--B--",
      "nothing here at all",
  };
  for (const auto& body : bad) {
    auto parts = parse_multipart_file(write(body), "B");
    ASSERT_FALSE(parts.ok()) << body;
    EXPECT_EQ(parts.error().code, ErrorCode::bad_request) << body;
  }
  auto too_many = parse_multipart_file(write("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\n"
                                             "Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--B--"),
                                       "B", 1);
  EXPECT_FALSE(too_many.ok());
}

TEST_F(MultipartFileTest, SmallFieldsHaveALimit) {
  auto parts = parse_multipart_file(
      write("--B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n0123456789\r\n--B--"), "B");
  ASSERT_TRUE(parts.ok());
  EXPECT_FALSE(read_part(path_, (*parts)[0], 5).ok());
  EXPECT_EQ(*read_part(path_, (*parts)[0], 10), "0123456789");
}

}  // namespace
}  // namespace cairn::api
