#include "parquet/thrift_compact.hpp"

#include <gtest/gtest.h>

#include "compact_writer.hpp"

namespace cairn::parquet::thrift {
namespace {

using namespace std::literals;

using testing::CompactWriter;

TEST(ThriftCompact, reads_short_and_long_field_ids_and_zigzag_integers) {
  // Hand-built: field 1 i32 -3 (short form, zigzag 5), field 300 i64 2^40 (long form), field
  // 301 binary "ab", field 302 bool true (in the header), stop.
  std::string bytes = "\x15\x05";
  bytes += "\x06\xd8\x04";              // type i64, id 300 as zigzag varint (600)
  bytes += "\x80\x80\x80\x80\x80\x40";  // zigzag(2^40) = 2^41
  bytes +=
      "\x18\x02"
      "ab";
  bytes += "\x11";
  bytes += '\0';
  CompactReader r(bytes);
  int32_t a = 0;
  int64_t b = 0;
  std::string_view c;
  bool d = false;
  ASSERT_TRUE(r.read_struct([&](int16_t id, uint8_t type) -> Status {
                 if (id == 1) a = *r.read_i32(type);
                 if (id == 300) b = *r.read_i64(type);
                 if (id == 301) c = *r.read_binary(type);
                 if (id == 302) d = *r.read_bool(type);
                 return {};
               }).ok());
  EXPECT_EQ(a, -3);
  EXPECT_EQ(b, int64_t{1} << 40);
  EXPECT_EQ(c, "ab");
  EXPECT_TRUE(d);
}

TEST(ThriftCompact, skips_unknown_nested_lists_maps_and_structs) {
  CompactWriter w;
  w.begin(1);  // an unknown struct holding a list of structs and a map
  w.list(1, kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    w.begin_element();
    w.binary(1, "x");
    w.end();
  }
  w.field(2, kMap);
  w.varint(2);
  w.out += static_cast<char>((kBinary << 4) | kI32);
  for (int i = 0; i < 2; ++i) {
    w.bytes("k");
    w.zigzag(i);
  }
  w.field(3, kDouble);
  w.out += std::string(8, '\0');
  w.list(4, kTrue, 3);  // bools in a list: one byte each
  w.out += "\x01\x02\x01";
  w.end();
  w.i32(2, 42);
  w.end();
  CompactReader r(w.out);
  int32_t known = 0;
  ASSERT_TRUE(r.read_struct([&](int16_t id, uint8_t type) -> Status {
                 if (id == 2) return r.read_i32(type).ok() ? (known = 42, Status{}) : Status{Error::internal("")};
                 return r.skip(type);
               }).ok());
  EXPECT_EQ(known, 42);
  EXPECT_EQ(r.consumed(w.out), w.out.size());
}

Status skip_all(std::string_view bytes) {
  CompactReader r(bytes);
  return r.read_struct([&](int16_t, uint8_t type) { return r.skip(type); });
}

TEST(ThriftCompact, refuses_truncated_and_lying_input) {
  CompactWriter w;
  w.binary(1, "hello");
  w.end();
  for (std::size_t n = 0; n < w.out.size(); ++n)
    EXPECT_FALSE(skip_all(std::string_view(w.out).substr(0, n)).ok()) << "prefix of " << n << " bytes";
  EXPECT_TRUE(skip_all(w.out).ok());
  // A string longer than what follows.
  EXPECT_EQ(skip_all("\x18\xff\x01"
                     "ab")
                .error()
                .code,
            ErrorCode::bad_request);
  // A list of a billion elements in four bytes.
  EXPECT_FALSE(skip_all("\x19\xf5\x80\x94\xeb\xdc\x03").ok());
  // A varint that never ends.
  EXPECT_FALSE(skip_all(std::string("\x15") + std::string(20, '\xff')).ok());
  // An unknown type (13) and a field id beyond int16.
  EXPECT_FALSE(skip_all("\x1d").ok());
  EXPECT_FALSE(skip_all("\x05\xfe\xff\x7f\x00"sv).ok());
  // A field read as the wrong type.
  CompactReader r("\x18\x01x\x00"sv);
  EXPECT_FALSE(r.read_struct([&](int16_t, uint8_t type) -> Status {
                  auto v = r.read_i32(type);
                  if (!v) return v.error();
                  return {};
                }).ok());
}

TEST(ThriftCompact, refuses_nesting_deeper_than_its_limit_without_recursing_further) {
  // 100,000 nested structs: without the depth limit, skip() would overflow the stack.
  std::string deep;
  for (int i = 0; i < 100'000; ++i) deep += "\x1c";
  auto status = skip_all(deep);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("nested deeper"), std::string::npos) << status.error().message;
  std::string lists;
  for (int i = 0; i < 100'000; ++i) lists += "\x19\x19";
  EXPECT_FALSE(skip_all(lists).ok());
}

}  // namespace
}  // namespace cairn::parquet::thrift
