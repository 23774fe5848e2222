#include "service/monitoring/record_input.hpp"

#include <gtest/gtest.h>

#include "service/monitoring/monitor_config.hpp"

namespace cairn::service::record_input {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;

TEST(RecordInput, csv_columns_are_features_with_special_id_timestamp_and_prediction) {
  auto records = parse_records(
      "id,timestamp,age,city,prediction\nr1,2027-01-15T07:00:00.250Z,41,paris,1\nr2,,,lyon,0\n", true, kNow, nullptr);
  ASSERT_TRUE(records.ok()) << records.error().message;
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].id, "r1");
  EXPECT_EQ((*records)[0].at, kNow - 3'600'000 + 250) << "ISO 8601 UTC, to the millisecond";
  EXPECT_EQ((*records)[0].features["age"], 41.0);
  EXPECT_EQ((*records)[0].features["city"], "paris");
  EXPECT_TRUE((*records)[1].features["age"].is_null());
  EXPECT_EQ((*records)[1].at, kNow) << "no timestamp: now";
  EXPECT_EQ((*records)[1].prediction, 0.0);
}

TEST(RecordInput, a_bad_record_refuses_the_batch_naming_its_field) {
  auto bad_time = parse_records(R"({"records": [{"features": {"a": 1}}, {"timestamp": 5, "features": {"a": 1}}]})",
                                false, kNow, nullptr);
  ASSERT_FALSE(bad_time.ok());
  EXPECT_EQ(bad_time.error().field, "records[1].timestamp");
  auto nested = parse_records(R"({"records": [{"features": {"a": [1]}}]})", false, kNow, nullptr);
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().field, "records[0].features.a");
  auto unknown = parse_records(R"({"records": [{"features": {"a": 1}, "extra": 1}]})", false, kNow, nullptr);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "records[0].extra");
}

TEST(RecordInput, the_reference_fixes_features_and_their_kinds) {
  stats::RawColumn age{"age", stats::FeatureKind::numeric, {30, 40, 50}, {}};
  stats::RawColumn city{"city", stats::FeatureKind::categorical, {}, {"a", "b", "c"}};
  std::vector<stats::RawColumn> columns{age, city};
  auto reference = stats::build_reference_profile(columns);
  ASSERT_TRUE(reference.ok());
  auto wrong_kind = parse_records(R"({"records": [{"features": {"age": "old"}}]})", false, kNow, &*reference);
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_EQ(wrong_kind.error().field, "records[0].features.age");
  auto stranger = parse_records(R"({"records": [{"features": {"height": 1}}]})", false, kNow, &*reference);
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().field, "records[0].features.height");
  // In CSV a column the reference keeps as labels stays text even when it spells numbers.
  auto csv = parse_records("age,city\n30,1\n", true, kNow, &*reference);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ((*csv)[0].features["city"], "1");
}

TEST(RecordInput, labels_from_json_and_csv) {
  auto json = parse_labels(R"({"labels": [{"id": "r1", "label": 1}, {"id": 7, "label": "cat"}]})", false);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ((*json)[1].id, "7");
  auto csv = parse_labels("id,label\nr1,0.5\n", true);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ((*csv)[0].value, 0.5);
  EXPECT_FALSE(parse_labels("id,value\nr1,1\n", true).ok());
  EXPECT_FALSE(parse_labels(R"({"labels": [{"id": "r1", "label": null}]})", false).ok());
}

TEST(MonitorConfig, validates_and_round_trips) {
  auto config = parse_monitor_config(nlohmann::json::parse(
      R"({"drift_share": 0.3, "features": {"age": {"method": "psi", "threshold": 0.2}}, "ignore": ["id"]})"));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->options_for("age").method, "psi");
  EXPECT_FALSE(config->options_for("city").method);
  auto again = parse_monitor_config(monitor_config_json(*config));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->drift_share, 0.3);
  auto bad = parse_monitor_config(nlohmann::json::parse(R"({"features": {"age": {"method": "magic"}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "config.features.age.method");
}

}  // namespace
}  // namespace cairn::service::record_input
