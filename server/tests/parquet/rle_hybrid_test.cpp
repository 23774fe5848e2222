#include "parquet/rle_hybrid.hpp"

#include <gtest/gtest.h>

namespace cairn::parquet {
namespace {

using namespace std::literals;

std::vector<uint32_t> decode(std::string_view data, int width, std::size_t count) {
  std::vector<uint32_t> out;
  auto status = decode_hybrid(data, width, count, out);
  EXPECT_TRUE(status.ok()) << status.error().message;
  return out;
}

TEST(RleHybrid, bit_packed_run_as_the_format_documents_it) {
  // The example of the Parquet encodings page: 0..7 in 3 bits are 10001000 11000110 11111010.
  // Header 3 = one group of 8, bit-packed.
  EXPECT_EQ(decode("\x03\x88\xc6\xfa", 3, 8), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  // Fewer values wanted than the padded group holds.
  EXPECT_EQ(decode("\x03\x88\xc6\xfa", 3, 5), (std::vector<uint32_t>{0, 1, 2, 3, 4}));
}

TEST(RleHybrid, rle_runs_and_mixed_runs) {
  // Header 10 = a run of 5; the value takes ceil(3/8) = 1 byte.
  EXPECT_EQ(decode("\x0a\x07", 3, 5), (std::vector<uint32_t>(5, 7)));
  // A run of 3 ones (bit width 1), then a bit-packed group 0b10110010 read LSB first.
  EXPECT_EQ(decode("\x06\x01\x03\xb2", 1, 11), (std::vector<uint32_t>{1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1}));
  // A 17-bit value stored in 3 bytes, little-endian.
  EXPECT_EQ(decode("\x04\x01\x00\x01"sv, 17, 2), (std::vector<uint32_t>{65537, 65537}));
  // Bit width 0: every value is 0 and a run carries no value bytes.
  EXPECT_EQ(decode("\x08", 0, 4), (std::vector<uint32_t>(4, 0)));
  // A run longer than asked for is cut.
  EXPECT_EQ(decode("\xfe\xff\xff\xff\x0f\x01", 1, 3), (std::vector<uint32_t>(3, 1)));
}

TEST(RleHybrid, 32_bit_values_round_trip) {
  std::string packed = "\x03";
  for (int i = 0; i < 8; ++i) packed += std::string("\xff\xff\xff\xff", 4);
  EXPECT_EQ(decode(packed, 32, 8), (std::vector<uint32_t>(8, UINT32_MAX)));
}

TEST(RleHybrid, refuses_data_that_ends_early_or_lies) {
  std::vector<uint32_t> out;
  EXPECT_FALSE(decode_hybrid("", 1, 1, out).ok());
  EXPECT_FALSE(decode_hybrid("\x0a", 3, 5, out).ok());                  // a run without its value
  EXPECT_FALSE(decode_hybrid("\x03\x88\xc6", 3, 8, out).ok());          // a group cut short
  EXPECT_FALSE(decode_hybrid("\x0a\x07", 3, 6, out).ok());              // fewer values than asked
  EXPECT_FALSE(decode_hybrid("\x0a\x09", 3, 5, out).ok());              // 9 does not fit in 3 bits
  EXPECT_FALSE(decode_hybrid("\x0a\x07", 33, 5, out).ok());             // no level or index is that wide
  EXPECT_FALSE(decode_hybrid("\xff\xff\xff\xff\x0f", 8, 8, out).ok());  // a billion groups in no bytes
  // Zero-length runs make no values: the data ends before the count.
  EXPECT_FALSE(decode_hybrid("\x00\x00\x01\x00"sv, 1, 1, out).ok());
}

TEST(RleHybrid, unpacks_values_up_to_64_bits_wide) {
  std::vector<uint64_t> out;
  ASSERT_TRUE(unpack_bits(std::string(16, '\xff'), 64, 2, out).ok());
  EXPECT_EQ(out, (std::vector<uint64_t>(2, UINT64_MAX)));
  out.clear();
  // 5-bit values 1, 2, 3: 00001 00010 00011 -> bytes 0x41 0x0c.
  ASSERT_TRUE(unpack_bits("\x41\x0c", 5, 3, out).ok());
  EXPECT_EQ(out, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_FALSE(unpack_bits("\x41", 5, 3, out).ok());
  EXPECT_FALSE(unpack_bits("", 65, 1, out).ok());
}

}  // namespace
}  // namespace cairn::parquet
