#include <gtest/gtest.h>

#include "modelfiles/shallow_json.hpp"
#include "test_readers.hpp"

namespace cairn::modelfiles {
namespace {

using testing::inspect_bytes;

/// The layout of Booster.save_model in XGBoost 2.x/3.x, with one tree.
nlohmann::json xgboost_document() {
  return {
      {"learner",
       {{"attributes", nlohmann::json::object()},
        {"feature_names", {"age", "income"}},
        {"feature_types", {"float", "float"}},
        {"gradient_booster",
         {{"name", "gbtree"},
          {"model", {{"trees", {{{"left_children", {1, -1, -1}}, {"split_conditions", {0.5, 1.0, -1.0}}}}}}}}},
        {"learner_model_param",
         {{"base_score", "5E-1"}, {"num_class", "0"}, {"num_feature", "2"}, {"num_target", "1"}}},
        {"objective", {{"name", "binary:logistic"}, {"reg_loss_param", {{"scale_pos_weight", "1"}}}}}}},
      {"version", {2, 0, 3}},
  };
}

void expect_binary_logistic(const FileInspection& r) {
  EXPECT_EQ(r.framework, "xgboost");
  EXPECT_FALSE(r.executable_code);
  EXPECT_EQ(r.details["objective"], "binary:logistic");
  EXPECT_EQ(r.details["booster"], "gbtree");
  EXPECT_EQ(r.details["num_feature"], 2);
  EXPECT_FALSE(r.details.contains("num_class"));  // 0 means not a multi-class model
  EXPECT_EQ(r.details["feature_names"], (nlohmann::json{"age", "income"}));
  EXPECT_EQ(r.details["version"], (nlohmann::json{2, 0, 3}));
}

TEST(XgbModel, reads_json_model_header) {
  auto r = inspect_bytes("model.json", xgboost_document().dump(), 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "xgboost_json");
  expect_binary_logistic(*r);
}

TEST(XgbModel, reads_ubj_model_header) {
  auto ubj = nlohmann::json::to_ubjson(xgboost_document(), /*use_size=*/true, /*use_type=*/true);
  auto r = inspect_bytes("model.ubj", std::string(ubj.begin(), ubj.end()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "xgboost_ubj");
  expect_binary_logistic(*r);
}

TEST(XgbModel, other_json_documents_are_opaque_without_warning) {
  auto r = inspect_bytes("input_example.json", R"({"columns": ["a"], "data": [[1]]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "opaque");
  EXPECT_TRUE(r->details.empty());
}

TEST(XgbModel, corrupt_ubj_is_opaque_with_warning) {
  auto ubj = nlohmann::json::to_ubjson(xgboost_document());
  auto r =
      inspect_bytes("model.ubj", std::string(ubj.begin(), ubj.begin() + static_cast<std::ptrdiff_t>(ubj.size() / 2)));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "opaque");
  EXPECT_NE(r->details["warning"].get<std::string>().find("XGBoost UBJ"), std::string::npos) << r->details.dump();
}

TEST(XgbModel, deeply_nested_ubj_is_rejected_not_a_stack_overflow) {
  std::string ubj(1'000'000, '[');  // a million nested arrays
  auto r = inspect_bytes("model.ubj", ubj);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "opaque");
  EXPECT_NE(r->details["warning"].get<std::string>().find("nested deeper"), std::string::npos) << r->details.dump();
}

TEST(XgbModel, shallow_parse_drops_levels_below_the_kept_depth) {
  std::string error;
  auto doc = parse_shallow_json(R"({"a": {"b": {"c": 1}, "d": [1, [2]]}, "e": 3})", JsonEncoding::text, 2, error);
  ASSERT_TRUE(doc) << error;
  EXPECT_EQ(*doc, nlohmann::json::parse(R"({"a": {"b": null, "d": null}, "e": 3})"));
}

TEST(XgbModel, reads_real_multiclass_json_and_ubj_from_xgboost_3) {
  // multiclass.{json,ubj}: XGBClassifier(n_estimators=3, max_depth=2) on 3 features, 3 classes.
  for (const char* name : {"multiclass.json", "multiclass.ubj"}) {
    auto r = inspect_bytes(name, testing::test_data(name));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->framework, "xgboost") << name << r->details.dump();
    EXPECT_EQ(r->details["objective"], "multi:softprob");
    EXPECT_EQ(r->details["booster"], "gbtree");
    EXPECT_EQ(r->details["num_feature"], 3);
    EXPECT_EQ(r->details["num_class"], 3);
    EXPECT_EQ(r->details["version"], (nlohmann::json{3, 2, 0}));
  }
}

}  // namespace
}  // namespace cairn::modelfiles
