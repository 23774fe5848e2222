#include "parquet/encodings.hpp"

#include <gtest/gtest.h>

#include "compact_writer.hpp"

namespace cairn::parquet {
namespace {

using namespace std::literals;

const ValueType kInt64{PhysicalType::int64, Meaning::none, 0};

/// -1 as a PLAIN INT32.
std::string plain_bytes() {
  return std::string(4, '\xff');
}

TEST(ParquetEncodings, delta_binary_packed_as_the_format_documents_it) {
  // Block of 128 in 4 miniblocks, 5 values, first 1; every delta 1: the minimum, width 0.
  DecodedValues out;
  ASSERT_TRUE(decode_delta_binary_packed("\x80\x01\x04\x05\x02\x02\x00\x00\x00\x00"sv, kInt64, 5, out).ok());
  EXPECT_EQ(out.numbers, (std::vector<double>{1, 2, 3, 4, 5}));
  // 7 5 3 1 2 3 4 5: deltas -2 -2 -2 1 1 1 1, minimum -2, so 0 0 0 3 3 3 3 in 2 bits.
  std::string bytes = "\x80\x01\x04\x08\x0e\x03\x02\x00\x00\x00\xc0\x3f"s + std::string(6, '\0');
  out = {};
  std::size_t consumed = 0;
  ASSERT_TRUE(decode_delta_binary_packed(bytes, kInt64, 8, out, &consumed).ok());
  EXPECT_EQ(out.numbers, (std::vector<double>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, bytes.size());
}

TEST(ParquetEncodings, delta_binary_packed_refuses_lies) {
  DecodedValues out;
  // Fewer values in the stream than the page needs.
  EXPECT_FALSE(decode_delta_binary_packed("\x80\x01\x04\x05\x02\x02\x00\x00\x00\x00"sv, kInt64, 6, out).ok());
  // A block size that is not a multiple of 128, and an absurd one.
  EXPECT_FALSE(decode_delta_binary_packed("\x05\x01\x01\x02"sv, kInt64, 1, out).ok());
  EXPECT_FALSE(decode_delta_binary_packed("\x80\x80\x80\x80\x10\x04\x01\x02"sv, kInt64, 1, out).ok());
  // A miniblock wider than 64 bits, and one cut short.
  EXPECT_FALSE(decode_delta_binary_packed("\x80\x01\x04\x08\x0e\x03\x41\x00\x00\x00"sv, kInt64, 8, out).ok());
  EXPECT_FALSE(decode_delta_binary_packed("\x80\x01\x04\x08\x0e\x03\x02\x00\x00\x00\xc0"sv, kInt64, 8, out).ok());
  // A huge stated count in few bytes is walked only as far as its bytes go.
  EXPECT_FALSE(
      decode_delta_binary_packed("\x80\x01\x04\xff\xff\xff\xff\x0f\x02\x02\x00\x00\x00\x00"sv, kInt64, 1, out).ok());
}

/// DELTA_BINARY_PACKED of n values first, first + step, ...: every delta the minimum, width 0.
std::string arithmetic(std::size_t n, int64_t first, int64_t step) {
  testing::CompactWriter w;
  w.varint(128);
  w.varint(4);
  w.varint(n);
  w.zigzag(first);
  for (std::size_t left = n - 1; left > 0; left -= std::min<std::size_t>(left, 128)) {
    w.zigzag(step);
    w.out += std::string(4, '\0');
  }
  return w.out;
}

TEST(ParquetEncodings, delta_byte_array_rebuilds_prefixes_within_its_budget) {
  // Value i is value i-1 plus "x": 2,000 values of a 4 KB page grow to 2 MB.
  const std::size_t n = 2000;
  const std::string page = arithmetic(n, 0, 1) + arithmetic(n, 1, 0) + std::string(n, 'x');
  DecodedValues out;
  Budget enough(8u << 20);
  ASSERT_TRUE(decode_delta_byte_array(page, n, out, enough).ok());
  EXPECT_EQ(out.texts[0], "x");
  EXPECT_EQ(out.texts[n - 1], std::string(n, 'x'));
  DecodedValues refused;
  Budget small(100'000);
  auto status = decode_delta_byte_array(page, n, refused, small);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::payload_too_large);
  // A prefix longer than the value before it.
  DecodedValues bad;
  EXPECT_FALSE(decode_delta_byte_array(arithmetic(2, 1, 0) + arithmetic(2, 1, 0) + "xy", 2, bad, enough).ok());
}

TEST(ParquetEncodings, plain_and_byte_stream_split) {
  DecodedValues out;
  ASSERT_TRUE(decode_plain("\x02\x00\x00\x00hi\x00\x00\x00\x00"sv, {PhysicalType::byte_array}, 2, out).ok());
  EXPECT_EQ(out.texts, (std::vector<std::string_view>{"hi", ""}));
  EXPECT_FALSE(decode_plain("\x05\x00\x00\x00hi"sv, {PhysicalType::byte_array}, 1, out).ok());
  EXPECT_FALSE(decode_plain("\x01\x00\x00"sv, {PhysicalType::int32}, 1, out).ok());
  out = {};
  // Two FLOATs 1.0 (00 00 80 3f) and -2.0 (00 00 00 c0), split into their byte streams.
  ASSERT_TRUE(decode_byte_stream_split("\x00\x00\x00\x00\x80\x00\x3f\xc0"sv, {PhysicalType::float32}, 2, out).ok());
  EXPECT_EQ(out.numbers, (std::vector<double>{1.0, -2.0}));
  EXPECT_FALSE(decode_byte_stream_split("\x00\x00\x00"sv, {PhysicalType::float32}, 1, out).ok());
  out = {};
  // DECIMAL(scale 2) in an INT32, and a UINT_32.
  ASSERT_TRUE(decode_plain(plain_bytes(), {PhysicalType::int32, Meaning::decimal, 2}, 1, out).ok());
  ASSERT_TRUE(decode_plain(plain_bytes(), {PhysicalType::int32, Meaning::unsigned_int, 0}, 1, out).ok());
  EXPECT_EQ(out.numbers, (std::vector<double>{-0.01, 4294967295.0}));
}

}  // namespace
}  // namespace cairn::parquet
