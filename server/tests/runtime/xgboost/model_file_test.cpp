#include "runtime/xgboost/model_file.hpp"

#include <gtest/gtest.h>

#include "model_fixtures.hpp"
#include "runtime/xgboost/xgboost_runtime.hpp"

namespace cairn::runtime::xgboost {
namespace {

using namespace testing;

Result<std::unique_ptr<ModelInstance>> start_dir(const std::filesystem::path& dir) {
  XgboostRuntime runtime;
  return runtime.start(model_source_at(dir), {});
}

std::string start_error(const std::filesystem::path& dir) {
  auto started = start_dir(dir);
  EXPECT_FALSE(started.ok());
  if (started.ok()) return {};
  EXPECT_EQ(started.error().code, ErrorCode::validation_failed);
  return started.error().message;
}

/// Edits the regressor's model.json (written by XGBoost 3.2) in a copy.
std::filesystem::path edited_regressor(const TempDir& tmp, const std::function<void(nlohmann::json&)>& edit) {
  auto dir = tmp.copy_model("regressor");
  auto doc = nlohmann::json::parse(read_text(dir / "model.json"));
  edit(doc);
  write_text(dir / "model.json", doc.dump());
  return dir;
}

float first_prediction(ModelInstance& instance) {
  std::optional<Result<serving::Prediction>> answer;
  instance.execute({input_table(expected("regressor")), {}}, [&](auto r) { answer.emplace(std::move(r)); });
  EXPECT_TRUE(answer && answer->ok());
  return answer && answer->ok() ? (*answer)->table.columns[0].values<float>()[0] : -1.0F;
}

TEST(XgboostModelFile, reads_the_writers_version_and_rewrites_vector_base_scores) {
  auto file = read_model_file((data_dir() / "regressor/model.json").string());
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->version, (std::vector<int>{3, 2, 0}));
  ASSERT_TRUE(file->rewritten.has_value());
  auto doc = nlohmann::json::parse(*file->rewritten);
  auto base_score = doc["learner"]["learner_model_param"]["base_score"].get<std::string>();
  EXPECT_NE(base_score.front(), '[') << base_score;
}

TEST(XgboostModelFile, files_of_xgboost_3_0_load_as_they_are) {
  TempDir tmp;
  auto dir = edited_regressor(tmp, [](nlohmann::json& doc) {
    auto& param = doc["learner"]["learner_model_param"]["base_score"];
    auto text = param.get<std::string>();
    param = text.substr(1, text.size() - 2);  // "[-2.97E-1]" -> "-2.97E-1", as 3.0 wrote it
    doc["version"] = {3, 0, 5};
  });
  auto file = read_model_file((dir / "model.json").string());
  ASSERT_TRUE(file.ok());
  EXPECT_FALSE(file->rewritten.has_value());
  auto instance = start_dir(dir);
  ASSERT_TRUE(instance.ok()) << instance.error().message;
  EXPECT_NEAR(first_prediction(**instance), expected("regressor")["predictions"][0].get<double>(), 1e-6);
}

TEST(XgboostModelFile, the_base_score_is_what_makes_3_2_files_right) {
  // Regression guard for the silent failure: libxgboost 1.7 reads "[x]" as no base score at all.
  TempDir tmp;
  auto dir = edited_regressor(tmp, [](nlohmann::json& doc) { doc["version"] = {3, 0, 5}; });
  auto instance = start_dir(dir);
  ASSERT_TRUE(instance.ok());
  EXPECT_GT(std::abs(first_prediction(**instance) - expected("regressor")["predictions"][0].get<double>()), 1e-3);
}

TEST(XgboostModelFile, refuses_files_of_xgboost_4_naming_the_versions) {
  TempDir tmp;
  auto dir = edited_regressor(tmp, [](nlohmann::json& doc) { doc["version"] = {4, 0, 1}; });
  auto message = start_error(dir);
  EXPECT_NE(message.find("XGBoost 4.0.1"), std::string::npos) << message;
  EXPECT_NE(message.find("libxgboost 1.7"), std::string::npos) << message;
  EXPECT_NE(message.find("python runtime"), std::string::npos) << message;
}

TEST(XgboostModelFile, refuses_per_target_intercepts_it_cannot_express) {
  TempDir tmp;
  auto dir = edited_regressor(
      tmp, [](nlohmann::json& doc) { doc["learner"]["learner_model_param"]["base_score"] = "[1E0,2E0]"; });
  auto message = start_error(dir);
  EXPECT_NE(message.find("one intercept per target"), std::string::npos) << message;
}

TEST(XgboostModelFile, a_corrupt_model_file_fails_start_with_a_reason) {
  TempDir tmp;
  auto dir = tmp.copy_model("classifier");
  write_text(dir / "model.ubj", "{this is not a model");
  auto message = start_error(dir);
  EXPECT_NE(message.find("not an XGBoost model"), std::string::npos) << message;

  auto truncated = tmp.copy_model("multiclass");
  auto bytes = read_text(truncated / "model.ubj");
  write_text(truncated / "model.ubj", bytes.substr(0, bytes.size() / 2));
  EXPECT_FALSE(start_error(truncated).empty());

  auto binary = tmp.copy_model("booster_binary");
  write_text(binary / "model.xgb", std::string("binf\x01\x02\x03 garbage", 16));  // the legacy binary header
  EXPECT_FALSE(start_error(binary).empty());

  auto gone = tmp.copy_model("regressor");
  std::filesystem::remove(gone / "model.json");
  EXPECT_NE(start_error(gone).find("model file not found"), std::string::npos);
}

TEST(XgboostModelFile, a_member_of_the_wrong_type_fails_start_with_a_reason) {
  TempDir tmp;
  auto broken_objective = edited_regressor(tmp, [](nlohmann::json& doc) {
    doc["learner"]["learner_model_param"]["base_score"] = "[1E0,2E0]";
    doc["learner"]["objective"] = 5;  // the rewrite reads its name
  });
  auto message = start_error(broken_objective);
  EXPECT_NE(message.find("could not be read for libxgboost 1.7"), std::string::npos) << message;

  TempDir other;
  auto broken_params =
      edited_regressor(other, [](nlohmann::json& doc) { doc["learner"]["learner_model_param"] = "broken"; });
  EXPECT_NE(start_error(broken_params).find("XGBoost could not load"), std::string::npos);
}

TEST(XgboostModelFile, refuses_model_classes_it_does_not_know) {
  auto source = model_source("classifier");
  source.mlmodel["flavors"]["xgboost"]["model_class"] = "xgboost.dask.DaskXGBClassifier";
  XgboostRuntime runtime;
  auto started = runtime.start(source, {});
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().field, "model_class");
  EXPECT_NE(started.error().message.find("xgboost.dask.DaskXGBClassifier"), std::string::npos);
}

}  // namespace
}  // namespace cairn::runtime::xgboost
