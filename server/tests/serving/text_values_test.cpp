#include "serving/text_values.hpp"

#include <gtest/gtest.h>

namespace cairn::serving {
namespace {

// Expected values from Python's base64.encodebytes and pandas.Timestamp (pandas 3.1).

TEST(MlflowTextValues, base64_decodes_leniently_about_line_breaks) {
  EXPECT_EQ(*decode_base64("aGVs\nbG8=\n"), "hello");
  EXPECT_EQ(*decode_base64(""), "");
  EXPECT_FALSE(decode_base64("aGV$bG8=").ok());
  EXPECT_FALSE(decode_base64("a").ok());
  EXPECT_FALSE(decode_base64("aGVsbG8=x").ok());
}

TEST(MlflowTextValues, base64_lines_as_python_encodebytes) {
  EXPECT_EQ(encode_base64_lines(std::string(58, 'a')),
            "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\nYQ==\n");
  EXPECT_EQ(encode_base64_lines(""), "");
  EXPECT_EQ(*decode_base64(encode_base64_lines(std::string("\x00\x01\xfe\xff", 4))),
            std::string("\x00\x01\xfe\xff", 4));
}

TEST(MlflowTextValues, iso_datetimes_as_pandas_reads_them) {
  EXPECT_EQ(*parse_iso_datetime("2024-01-02"), 1704153600000000000LL);
  EXPECT_EQ(*parse_iso_datetime("2024-01-02T03:04:05+01:00"), 1704161045000000000LL);
  EXPECT_EQ(*parse_iso_datetime("2024-01-02 02:04:05Z"), 1704161045000000000LL);
  EXPECT_EQ(*parse_iso_datetime("1900-01-01"), -2208988800000000000LL);
  EXPECT_EQ(*parse_iso_datetime("1970-01-01T00:00:00.000001500"), 1500);
  for (const char* bad : {"2024-02-30", "2024-01-02T25:00", "yesterday", "2024-01-02T03:04:05.", "2024-01-02X"})
    EXPECT_FALSE(parse_iso_datetime(bad).ok()) << bad;
}

TEST(MlflowTextValues, iso_datetimes_as_timestamp_isoformat) {
  EXPECT_EQ(format_iso_datetime(-1), "1969-12-31T23:59:59.999999999");
  EXPECT_EQ(format_iso_datetime(1500), "1970-01-01T00:00:00.000001500");
  EXPECT_EQ(format_iso_datetime(-2208988799999999000LL), "1900-01-01T00:00:00.000001");
  EXPECT_EQ(format_iso_datetime(1704161045000000000LL), "2024-01-02T02:04:05");
}

}  // namespace
}  // namespace cairn::serving
