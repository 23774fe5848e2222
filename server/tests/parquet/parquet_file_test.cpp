#include "parquet/parquet_file.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "compact_writer.hpp"

namespace cairn::parquet {
namespace {

using testing::build_file;
using testing::CompactWriter;
using testing::plain;
using testing::plain_texts;
using testing::TestColumn;

/// A column of one page: the fields the tests below set, the rest as TestColumn has them.
TestColumn column(std::string name, int type, int repetition, std::string values, int num_values,
                  std::string levels = {}) {
  TestColumn c;
  c.name = std::move(name);
  c.type = type;
  c.repetition = repetition;
  c.values = std::move(values);
  c.num_values = num_values;
  c.levels = std::move(levels);
  return c;
}

/// Five columns, three rows, nulls in two: every physical type the reader keeps.
std::vector<TestColumn> sample_columns() {
  TestColumn x = column("x", 1, 0, plain<int32_t>({1, -2, 3}), 3);
  // Definition levels 1 0 1: one bit-packed group (header 3), bits 101.
  TestColumn y = column("y", 5, 1, plain<double>({1.5, 2.5}), 3, "\x03\x05");
  TestColumn s = column("s", 6, 1, plain_texts({"a", "b\xc3\xa9"}), 3, "\x03\x06");
  s.converted = 0;  // UTF8
  TestColumn b = column("b", 0, 0, "\x05", 3);
  TestColumn u = column("u", 2, 0, plain<int64_t>({-1, 0, 7}), 3);
  u.converted = 14;  // UINT_64
  return {x, y, s, b, u};
}

Table read_ok(const std::string& file, const Limits& limits = {}) {
  auto table = read_table(file, limits);
  EXPECT_TRUE(table.ok()) << table.error().message;
  return table.ok() ? *table : Table{};
}

Error read_error(const std::string& file, const Limits& limits = {}) {
  auto table = read_table(file, limits);
  EXPECT_FALSE(table.ok());
  return table.ok() ? Error{} : table.error();
}

TEST(ParquetFile, reads_required_and_optional_columns_of_each_type) {
  Table t = read_ok(build_file(sample_columns(), 3));
  ASSERT_EQ(t.rows, 3u);
  ASSERT_EQ(t.columns.size(), 5u);
  EXPECT_EQ(t.columns[0].numbers, (std::vector<double>{1, -2, 3}));
  EXPECT_EQ(t.columns[1].present, (std::vector<uint8_t>{1, 0, 1}));
  EXPECT_EQ(t.columns[1].numbers[0], 1.5);
  EXPECT_TRUE(std::isnan(t.columns[1].numbers[1]));
  EXPECT_EQ(t.columns[1].numbers[2], 2.5);
  EXPECT_EQ(t.columns[2].kind, ColumnKind::text);
  EXPECT_EQ(t.columns[2].texts, (std::vector<std::string>{"", "a", "b\xc3\xa9"}));
  EXPECT_EQ(t.columns[2].present, (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(t.columns[3].kind, ColumnKind::boolean);
  EXPECT_EQ(t.columns[3].numbers, (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(t.columns[4].numbers, (std::vector<double>{18446744073709551615.0, 0, 7}));
}

TEST(ParquetFile, reads_dictionary_pages_and_data_page_v2) {
  // Dictionary red, blue; indices 0 1 1 in 1 bit (bit width byte, then one bit-packed group).
  TestColumn c = column("c", 6, 0, "\x01\x03\x06", 3);
  c.encoding = 8;
  c.dictionary = plain_texts({"red", "blue"});
  c.dictionary_values = 2;
  // A v2 page: levels without their length prefix, and the count of nulls in the header.
  TestColumn v = column("v", 1, 1, plain<int32_t>({4, 5}), 3, "\x03\x03");
  v.data_page_version = 2;
  v.num_nulls = 1;
  Table t = read_ok(build_file({c, v}, 3));
  EXPECT_EQ(t.columns[0].texts, (std::vector<std::string>{"red", "blue", "blue"}));
  EXPECT_EQ(t.columns[1].present, (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(t.columns[1].numbers[1], 5);

  // An index past the dictionary's end (2 in 2 bits).
  c.values = std::string("\x02\x03\x08\x00", 4);
  c.num_values = 2;
  EXPECT_NE(read_error(build_file({c}, 2)).message.find("dictionary index"), std::string::npos);
  // A v2 page whose null count disagrees with its levels.
  v.num_nulls = 0;
  EXPECT_EQ(read_error(build_file({v}, 3)).code, ErrorCode::bad_request);
}

TEST(ParquetFile, refuses_what_is_not_parquet) {
  const std::string good = build_file(sample_columns(), 3);
  EXPECT_EQ(read_error("hello").code, ErrorCode::bad_request);
  EXPECT_NE(read_error("PAR2" + good.substr(4)).message.find("magic"), std::string::npos);
  std::string long_footer = good;
  long_footer[long_footer.size() - 5] = '\x7f';  // footer length about 2 GB
  EXPECT_NE(read_error(long_footer).message.find("footer length"), std::string::npos);
  // Every truncation is a 400, never a crash or a read past the end.
  for (std::size_t n = 0; n < good.size(); ++n) {
    auto t = read_table(std::string_view(good).substr(0, n), {});
    ASSERT_FALSE(t.ok()) << n;
    EXPECT_EQ(t.error().code, ErrorCode::bad_request) << n << ": " << t.error().message;
  }
}

TEST(ParquetFile, any_damaged_byte_is_an_answer_not_a_crash) {
  // Each byte in turn set to values that break lengths, counts and types: the reader must return
  // (a value or a 4xx), never crash, hang or allocate without bound.
  const std::string good = build_file(sample_columns(), 3);
  Limits limits;
  limits.max_decoded_bytes = 1 << 20;
  int refused = 0;
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (unsigned char v : {0x00, 0x01, 0x0f, 0x7f, 0x80, 0xff}) {
      std::string bad = good;
      bad[i] = static_cast<char>(v);
      auto t = read_table(bad, limits);
      if (t.ok()) continue;
      ++refused;
      const int status = http_status(t.error().code);
      EXPECT_TRUE(status >= 400 && status < 500) << "byte " << i << " = " << int(v) << ": " << t.error().message;
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(ParquetFile, limits_rows_columns_and_decoded_bytes) {
  const std::string good = build_file(sample_columns(), 3);
  Limits rows;
  rows.max_rows = 2;
  Error e = read_error(good, rows);
  EXPECT_EQ(e.code, ErrorCode::validation_failed);
  EXPECT_EQ(e.field, "records");
  Limits columns;
  columns.max_columns = 4;
  EXPECT_EQ(read_error(good, columns).field, "columns");
  Limits bytes;
  bytes.max_decoded_bytes = 40;
  EXPECT_EQ(read_error(good, bytes).code, ErrorCode::payload_too_large);
}

TEST(ParquetFile, a_footer_of_many_empty_structs_is_charged_before_it_is_kept) {
  // A million schema elements of one byte each: 1 MB of footer, far more once decoded.
  CompactWriter m;
  m.list(2, thrift::kStruct, 1'000'000);
  m.out += std::string(1'000'000, '\0');
  m.end();
  std::string file = "PAR1" + m.out;
  const auto n = static_cast<uint32_t>(m.out.size());
  file.append(reinterpret_cast<const char*>(&n), 4);
  file += "PAR1";
  Limits limits;
  limits.max_decoded_bytes = 4u << 20;
  EXPECT_EQ(read_error(file, limits).code, ErrorCode::payload_too_large);
}

/// A footer of a root with one group column `g` holding `leaf`: nested.
std::string nested_file(int leaf_repetition, bool group) {
  CompactWriter m;
  m.i32(1, 2);
  m.list(2, thrift::kStruct, group ? 3 : 2);
  m.begin_element();
  m.binary(4, "schema");
  m.i32(5, 1);
  m.end();
  if (group) {
    m.begin_element();
    m.i32(3, 1);
    m.binary(4, "g");
    m.i32(5, 1);
    m.end();
  }
  m.begin_element();
  m.i32(1, 1);
  m.i32(3, leaf_repetition);
  m.binary(4, group ? "leaf" : "tags");
  m.end();
  m.i64(3, 0);
  m.list(4, thrift::kStruct, 0);
  m.end();
  std::string file = "PAR1" + m.out;
  const auto n = static_cast<uint32_t>(m.out.size());
  file.append(reinterpret_cast<const char*>(&n), 4);
  return file + "PAR1";
}

TEST(ParquetFile, names_the_nested_or_repeated_column_it_refuses) {
  Error e = read_error(nested_file(0, true));
  EXPECT_EQ(e.code, ErrorCode::validation_failed);
  EXPECT_EQ(e.field, "g");
  EXPECT_NE(e.message.find("nested columns are not supported"), std::string::npos) << e.message;
  e = read_error(nested_file(2, false));
  EXPECT_EQ(e.field, "tags");
  EXPECT_NE(e.message.find("nested columns are not supported"), std::string::npos) << e.message;
}

TEST(ParquetFile, names_the_codec_encoding_or_type_it_does_not_read) {
  auto columns = sample_columns();
  columns[1].codec = 5;
  Error e = read_error(build_file(columns, 3));
  EXPECT_EQ(e.code, ErrorCode::validation_failed);
  EXPECT_NE(e.message.find("LZ4"), std::string::npos) << e.message;
  EXPECT_EQ(e.field, "y");

  columns = sample_columns();
  columns[0].encoding = 1;
  e = read_error(build_file(columns, 3));
  EXPECT_NE(e.message.find("GROUP_VAR_INT"), std::string::npos) << e.message;

  columns = sample_columns();
  columns[0].type = 3;
  e = read_error(build_file(columns, 3));
  EXPECT_NE(e.message.find("INT96"), std::string::npos) << e.message;

  columns = sample_columns();
  columns[2].values = plain_texts({"a", "\xff"});
  e = read_error(build_file(columns, 3));
  EXPECT_EQ(e.field, "s");
  EXPECT_NE(e.message.find("UTF-8"), std::string::npos) << e.message;
}

TEST(ParquetFile, refuses_counts_that_disagree) {
  auto columns = sample_columns();
  columns[0].num_values = 2;  // the chunk and its page claim 2 of the row group's 3 rows
  EXPECT_EQ(read_error(build_file(columns, 3)).code, ErrorCode::bad_request);
  columns = sample_columns();
  columns[0].values = plain<int32_t>({1, 2});  // a page short of its values
  EXPECT_EQ(read_error(build_file(columns, 3)).code, ErrorCode::bad_request);
}

}  // namespace
}  // namespace cairn::parquet
