#include "serving/request_record_wire.hpp"

#include <gtest/gtest.h>

namespace cairn::serving {
namespace {

using nlohmann::json;

constexpr int64_t kNow = 1'800'000'000'000;

RequestRecord sampled_record() {
  RequestRecord r;
  r.request_id = "req-1";
  r.revision = 3;
  r.at_ms = kNow - 5000;
  r.latency_ms = 4.25;
  r.status = 200;
  r.rows = 2;
  r.cache_hit = true;
  r.principal = "key:0a1b";
  r.inputs_json = R"([{"f0":1.5},{"f0":2.5}])";
  r.outputs_json = "[0,1]";
  // Never on the wire: whose record it is comes from the path Cairn authorized.
  r.org_id = "org";
  r.deployment_id = "dep";
  return r;
}

TEST(RequestRecordWire, RoundTripKeepsWhatThePodKnowsAndNothingElse) {
  const json wire = record_to_wire(sampled_record());
  EXPECT_FALSE(wire.contains("org_id"));
  EXPECT_FALSE(wire.contains("deployment_id"));
  auto back = records_from_wire({{"records", {wire}}}, kNow);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), 1u);
  const auto& r = back->front();
  EXPECT_EQ(r.request_id, "req-1");
  EXPECT_EQ(r.revision, 3);
  EXPECT_EQ(r.at_ms, kNow - 5000);
  EXPECT_DOUBLE_EQ(r.latency_ms, 4.25);
  EXPECT_EQ(r.rows, 2);
  EXPECT_TRUE(r.cache_hit);
  EXPECT_EQ(r.principal, "key:0a1b");
  EXPECT_EQ(json::parse(*r.inputs_json), json::parse(R"([{"f0":1.5},{"f0":2.5}])"));
  EXPECT_EQ(*r.outputs_json, "[0,1]");
  EXPECT_TRUE(r.org_id.empty() && r.deployment_id.empty());
}

TEST(RequestRecordWire, AnUnsampledErrorCarriesItsCodeAndField) {
  RequestRecord r = sampled_record();
  r.inputs_json.reset();
  r.outputs_json.reset();
  r.status = 400;
  r.error_code = "validation_failed";
  r.error_field = "f0";
  const json wire = record_to_wire(r);
  EXPECT_FALSE(wire.contains("inputs"));
  auto back = records_from_wire({{"records", {wire}}}, kNow);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->front().error_field, "f0");
  EXPECT_FALSE(back->front().inputs_json.has_value());
}

/// The field a report with record 0 changed by `edit` is refused for ("" when accepted).
std::string refused_field(const std::function<void(json&)>& edit) {
  json wire = record_to_wire(sampled_record());
  edit(wire);
  auto result = records_from_wire({{"records", {wire}}}, kNow);
  return result.ok() ? "" : result.error().field;
}

TEST(RequestRecordWire, EachBadFieldIsNamed) {
  EXPECT_EQ(refused_field([](json& r) { r["revision"] = 0; }), "records[0].revision");
  EXPECT_EQ(refused_field([](json& r) { r["at"] = kNow + 2 * 3'600'000; }), "records[0].at");
  EXPECT_EQ(refused_field([](json& r) { r["at"] = kNow - 8LL * 24 * 3'600'000; }), "records[0].at");
  EXPECT_EQ(refused_field([](json& r) { r["status"] = 99; }), "records[0].status");
  EXPECT_EQ(refused_field([](json& r) { r["latency_ms"] = -0.5; }), "records[0].latency_ms");
  EXPECT_EQ(refused_field([](json& r) { r["latency_ms"] = "fast"; }), "records[0].latency_ms");
  EXPECT_EQ(refused_field([](json& r) { r["request_id"] = "has space"; }), "records[0].request_id");
  EXPECT_EQ(refused_field([](json& r) { r["principal"] = "key:"; }), "records[0].principal");
  EXPECT_EQ(refused_field([](json& r) { r["principal"] = "admin:1"; }), "records[0].principal");
  EXPECT_EQ(refused_field([](json& r) { r["error_code"] = nullptr; }), "records[0].error_code");
  EXPECT_EQ(refused_field([](json& r) { r["inputs"] = json::array({1, 2}); }), "records[0].inputs");
  EXPECT_EQ(refused_field([](json& r) { r.erase("inputs"); }), "records[0].outputs");
  EXPECT_EQ(refused_field([](json& r) { r["org_id"] = "other"; }), "records[0].org_id");
  EXPECT_EQ(refused_field([](json& r) { r["revision"] = 2.0; }), "");  // JSON Schema's integer
}

TEST(RequestRecordWire, AReportHoldsOneToAThousandRecords) {
  const json one = record_to_wire(sampled_record());
  EXPECT_EQ(records_from_wire({{"records", json::array()}}, kNow).error().field, "records");
  EXPECT_EQ(records_from_wire(json::object(), kNow).error().field, "records");
  EXPECT_EQ(records_from_wire({{"records", {one}}, {"extra", 1}}, kNow).error().field, "extra");
  json many = json::array();
  for (int i = 0; i < 1001; ++i) many.push_back(one);
  EXPECT_EQ(records_from_wire({{"records", many}}, kNow).error().field, "records");
  many.erase(many.begin());
  EXPECT_TRUE(records_from_wire({{"records", many}}, kNow).ok());
}

}  // namespace
}  // namespace cairn::serving
