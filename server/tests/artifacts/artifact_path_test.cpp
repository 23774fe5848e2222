#include <gtest/gtest.h>

#include "artifacts/artifact_store.hpp"
#include "artifacts/s3_xml.hpp"

namespace cairn::artifacts {
namespace {

void expect_rejected(std::string_view path, std::string_view why) {
  auto result = normalize_relative_path(path);
  ASSERT_FALSE(result.ok()) << why << ": accepted as '" << result.value() << "'";
  EXPECT_EQ(result.error().code, ErrorCode::bad_request) << why;
  EXPECT_EQ(result.error().field, "path") << why;
}

TEST(ArtifactPathNormalization, accepts_clean_relative_paths_unchanged) {
  EXPECT_EQ(normalize_relative_path("a/b.txt").value(), "a/b.txt");
  EXPECT_EQ(normalize_relative_path("model").value(), "model");
  EXPECT_EQ(normalize_relative_path("a/.hidden/..dots../x.").value(), "a/.hidden/..dots../x.");
  EXPECT_EQ(normalize_relative_path("with space/and-dash_under.score~").value(), "with space/and-dash_under.score~");
}

TEST(ArtifactPathNormalization, drops_one_trailing_slash) {
  EXPECT_EQ(normalize_relative_path("a/b/").value(), "a/b");
  expect_rejected("a/b//", "two trailing slashes");
}

TEST(ArtifactPathNormalization, allows_unicode_names) {
  EXPECT_EQ(normalize_relative_path("модель/données 1.txt").value(), "модель/données 1.txt");
  EXPECT_EQ(normalize_relative_path("日本語/\xF0\x9F\x98\x80.bin").value(), "日本語/\xF0\x9F\x98\x80.bin");
}

TEST(ArtifactPathNormalization, rejects_traversal_and_dot_segments) {
  expect_rejected("..", "parent");
  expect_rejected("../etc/passwd", "leading parent");
  expect_rejected("a/../b", "inner parent");
  expect_rejected("a/..", "trailing parent");
  expect_rejected(".", "current");
  expect_rejected("./a", "leading current");
  expect_rejected("a/./b", "inner current");
}

TEST(ArtifactPathNormalization, rejects_absolute_and_empty_segments) {
  expect_rejected("", "empty");
  expect_rejected("/", "root");
  expect_rejected("/abs", "absolute");
  expect_rejected("//server/share", "UNC-like");
  expect_rejected("a//b", "empty segment");
}

TEST(ArtifactPathNormalization, rejects_backslashes_nul_and_control_characters) {
  expect_rejected("a\\b", "backslash");
  expect_rejected("..\\..\\windows", "backslash traversal");
  expect_rejected(std::string_view("a\0b", 3), "NUL");
  expect_rejected("a\nb", "newline");
  expect_rejected("a\tb", "tab");
  expect_rejected("a\x7f", "DEL");
  expect_rejected("a\xC2\x85", "C1 control (NEL)");
}

TEST(ArtifactPathNormalization, rejects_invalid_utf8) {
  expect_rejected("a\xFF", "invalid byte");
  expect_rejected("a\xC3", "truncated sequence");
  expect_rejected("\xC0\xAF", "overlong '/'");
  expect_rejected("\xED\xA0\x80", "surrogate");
}

TEST(ArtifactPathNormalization, limits_lengths) {
  std::string segment(250, 'x');
  std::string at_limit = segment + "/" + segment + "/" + segment + "/" + segment + "/" + std::string(20, 'y');
  ASSERT_EQ(at_limit.size(), 1024u);
  EXPECT_TRUE(normalize_relative_path(at_limit).ok());
  expect_rejected(at_limit + "z", "1025 bytes");
  expect_rejected(std::string(256, 'x'), "segment over 255 bytes");
  EXPECT_TRUE(normalize_relative_path(std::string(255, 'x')).ok());
}

TEST(ArtifactJoinKey, puts_exactly_one_slash_between_parts) {
  EXPECT_EQ(join_key("org/run/artifacts", "model/MLmodel"), "org/run/artifacts/model/MLmodel");
  EXPECT_EQ(join_key("org/run/artifacts/", "model"), "org/run/artifacts/model");
  EXPECT_EQ(join_key("", "model"), "model");
  EXPECT_EQ(join_key("prefix", ""), "prefix");
  EXPECT_EQ(join_key("", ""), "");
}

TEST(ArtifactS3Xml, finds_elements_by_exact_name) {
  std::string_view doc =
      "<ListBucketResult><KeyCount>2</KeyCount><Contents><Key>a&amp;b</Key><Size>3</Size></Contents>"
      "<Contents><Key>c&lt;d&#x41;&#66;</Key><Size>0</Size></Contents><Prefix/></ListBucketResult>";
  auto contents = xml::elements(doc, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(xml::text(contents[0], "Key"), "a&b");
  EXPECT_EQ(xml::text(contents[1], "Key"), "c<dAB");
  EXPECT_EQ(xml::text(doc, "KeyCount"), "2");
  EXPECT_EQ(xml::text(doc, "Prefix"), "");
  EXPECT_EQ(xml::text(doc, "Missing"), std::nullopt);
}

TEST(ArtifactS3Xml, escape_and_unescape_round_trip) {
  std::string text = "a<b>&\"c'd\xE6\x97\xA5";
  EXPECT_EQ(xml::unescape(xml::escape(text)), text);
  EXPECT_EQ(xml::escape("\"etag\""), "&quot;etag&quot;");
  EXPECT_EQ(xml::unescape("&#x1F600;"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(xml::unescape("&unknown; & alone"), "&unknown; & alone");
}

}  // namespace
}  // namespace cairn::artifacts
