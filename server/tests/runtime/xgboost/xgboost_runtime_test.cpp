#include "runtime/xgboost/xgboost_runtime.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "model_fixtures.hpp"

namespace cairn::runtime::xgboost {
namespace {

using serving::DataType;
using serving::Prediction;
using serving::Table;
using namespace testing;

Result<std::unique_ptr<ModelInstance>> start(const ModelSource& source, InstanceOptions options = {}) {
  XgboostRuntime runtime;
  return runtime.start(source, options);
}

std::unique_ptr<ModelInstance> start_ok(const std::string& name) {
  auto instance = start(model_source(name));
  EXPECT_TRUE(instance.ok()) << name << ": " << (instance.ok() ? "" : instance.error().message);
  return instance.ok() ? std::move(instance).value() : nullptr;
}

/// Runs one batch; the runtime answers inline, before execute returns.
Result<Prediction> predict(ModelInstance& instance, Table inputs, std::string params_json = {}) {
  std::optional<Result<Prediction>> answer;
  instance.execute(Batch{std::move(inputs), std::move(params_json)},
                   [&](Result<Prediction> r) { answer.emplace(std::move(r)); });
  EXPECT_TRUE(answer.has_value()) << "execute returned before answering";
  return answer ? std::move(*answer) : Result<Prediction>(Error::internal("no answer"));
}

DataType dtype(const std::string& numpy) {
  if (numpy == "int64") return DataType::int64;
  if (numpy == "int32") return DataType::int32;
  if (numpy == "float64") return DataType::float64;
  return DataType::float32;
}

/// The prediction is the ndarray MLflow's pyfunc returned: same dtype, shape and values (labels
/// exactly, floats within 1e-6).
void expect_pyfunc_answer(const Result<Prediction>& got, const nlohmann::json& spec) {
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->kind, Prediction::Kind::ndarray);
  ASSERT_EQ(got->table.columns.size(), 1U);
  const auto& column = got->table.columns[0];
  auto shape = spec["shape"].get<std::vector<int64_t>>();
  EXPECT_EQ(got->table.rows, shape[0]);
  EXPECT_EQ(got->rows(), shape[0]);
  EXPECT_EQ(column.shape, std::vector<int64_t>(shape.begin() + 1, shape.end()));
  ASSERT_EQ(column.type, dtype(spec["dtype"]));
  auto flat = spec["predictions"].flatten();  // {"/0/1": value, ...}: one entry per element
  ASSERT_EQ(column.element_count(), static_cast<int64_t>(flat.size()));
  std::vector<double> want;
  for (const auto& row : spec["predictions"]) {
    if (row.is_array()) {
      for (const auto& v : row) want.push_back(v.get<double>());
    } else {
      want.push_back(row.get<double>());
    }
  }
  for (size_t i = 0; i < want.size(); ++i) {
    switch (column.type) {
      case DataType::int64:
        EXPECT_EQ(column.values<int64_t>()[i], static_cast<int64_t>(want[i])) << "element " << i;
        break;
      case DataType::int32:
        EXPECT_EQ(column.values<int32_t>()[i], static_cast<int32_t>(want[i])) << "element " << i;
        break;
      default:
        EXPECT_NEAR(column.values<float>()[i], want[i], 1e-6) << "element " << i;
    }
  }
}

class PyfuncParity : public ::testing::TestWithParam<std::string> {};

TEST_P(PyfuncParity, predicts_what_mlflow_pyfunc_predicts) {
  auto instance = start_ok(GetParam());
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(instance->status().state, InstanceState::ready);
  auto spec = expected(GetParam());
  expect_pyfunc_answer(predict(*instance, input_table(spec)), spec);
}

class PyfuncParamsParity : public ::testing::TestWithParam<std::string> {};

TEST_P(PyfuncParamsParity, honours_the_params_its_signature_declares) {
  auto spec = expected(GetParam());
  ASSERT_TRUE(spec.contains("with_params"));
  auto instance = start_ok(GetParam());
  ASSERT_NE(instance, nullptr);
  for (const auto& c : spec["with_params"]) {
    SCOPED_TRACE(c["params"].dump());
    expect_pyfunc_answer(predict(*instance, input_table(spec), c["params"].dump()), c);
  }
  // The declared default (output_margin false, iteration_range [0, 0]) is the plain answer.
  expect_pyfunc_answer(predict(*instance, input_table(spec), "{}"), spec);
}

INSTANTIATE_TEST_SUITE_P(Models, PyfuncParity,
                         ::testing::Values("classifier", "regressor", "booster_binary", "multiclass"));
INSTANTIATE_TEST_SUITE_P(Models, PyfuncParamsParity, ::testing::Values("classifier", "regressor", "booster_binary"));

TEST(XgboostRuntime, ignores_params_without_a_params_schema) {
  // As MLflow's pyfunc does: the multiclass model's signature declares no params.
  auto instance = start_ok("multiclass");
  auto spec = expected("multiclass");
  expect_pyfunc_answer(predict(*instance, input_table(spec), R"({"output_margin": true, "pred_leaf": true})"), spec);
}

TEST(XgboostRuntime, refuses_declared_params_it_cannot_honour) {
  auto source = model_source("multiclass");
  source.mlmodel["signature"]["params"] = {{{"name", "pred_leaf"}, {"type", "boolean"}, {"default", false}},
                                           {{"name", "iteration_range"}, {"type", "long"}, {"default", {0, 0}}}};
  auto instance = start(source);
  ASSERT_TRUE(instance.ok());
  auto spec = expected("multiclass");
  expect_pyfunc_answer(predict(**instance, input_table(spec), R"({"pred_leaf": false})"), spec);
  auto leaf = predict(**instance, input_table(spec), R"({"pred_leaf": true})");
  ASSERT_FALSE(leaf.ok());
  EXPECT_EQ(leaf.error().field, "pred_leaf");
  // Its per-class intercepts (XGBoost 3.2) were folded into the first round's trees.
  auto skipping = predict(**instance, input_table(spec), R"({"iteration_range": [1, 5]})");
  ASSERT_FALSE(skipping.ok());
  EXPECT_EQ(skipping.error().field, "iteration_range");
  EXPECT_TRUE(predict(**instance, input_table(spec), R"({"iteration_range": [0, 5]})").ok());
  auto malformed = predict(**instance, input_table(spec), R"({"iteration_range": "all"})");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::validation_failed);
}

TEST(XgboostRuntime, supports_only_models_with_an_xgboost_flavor) {
  XgboostRuntime runtime;
  EXPECT_EQ(runtime.name(), "xgboost");
  EXPECT_TRUE(runtime.supports(model_source("classifier")));
  ModelSource sklearn{
      "/nowhere",
      {{"flavors",
        {{"python_function", {{"loader_module", "mlflow.sklearn"}}}, {"sklearn", {{"pickled_model", "model.pkl"}}}}}},
      "sklearn"};
  EXPECT_FALSE(runtime.supports(sklearn));
  auto started = runtime.start(sklearn, {});
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("xgboost flavor"), std::string::npos);
}

TEST(XgboostRuntime, reports_ready_through_on_state) {
  std::vector<InstanceState> states;
  InstanceOptions options;
  options.on_state = [&](const InstanceStatus& s) { states.push_back(s.state); };
  auto instance = start(model_source("regressor"), options);
  ASSERT_TRUE(instance.ok());
  (*instance)->stop(std::chrono::milliseconds(0));
  (*instance)->stop(std::chrono::milliseconds(0));  // idempotent: one more `exited` would be a bug
  EXPECT_EQ(states, (std::vector{InstanceState::ready, InstanceState::exited}));
  auto after = predict(**instance, input_table(expected("regressor")));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, ErrorCode::unavailable);
}

TEST(XgboostRuntime, maps_columns_by_the_booster_feature_names) {
  // classifier and multiclass were trained on a DataFrame: the booster knows its features' names.
  for (std::string name : {"classifier", "multiclass"}) {
    auto instance = start_ok(name);
    auto spec = expected(name);
    expect_pyfunc_answer(predict(*instance, input_table(spec, {3, 1, 0, 2})), spec);
  }
}

TEST(XgboostRuntime, maps_columns_by_the_signature_when_the_booster_has_no_names) {
  auto instance = start_ok("booster_binary");
  auto spec = expected("booster_binary");
  auto shuffled = input_table(spec, {2, 0, 3, 1});
  shuffled.columns.push_back(shuffled.columns[0]);
  shuffled.columns.back().name = "unused_extra";  // MLflow's schema enforcement drops extra columns too
  expect_pyfunc_answer(predict(*instance, shuffled), spec);
}

TEST(XgboostRuntime, takes_columns_in_order_without_names_or_signature) {
  auto source = model_source("booster_binary");
  source.mlmodel.erase("signature");
  auto instance = start(source);
  ASSERT_TRUE(instance.ok());
  auto spec = expected("booster_binary");
  auto table = input_table(spec);
  for (auto& column : table.columns) column.name = "c_" + column.name;  // names mean nothing here
  expect_pyfunc_answer(predict(**instance, table), spec);

  table.columns.pop_back();
  auto narrow = predict(**instance, table);
  ASSERT_FALSE(narrow.ok());
  EXPECT_EQ(narrow.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(narrow.error().message, "expected 4 columns, got 3");
}

TEST(XgboostRuntime, a_missing_column_is_a_validation_error_naming_it) {
  auto instance = start_ok("classifier");
  auto table = input_table(expected("classifier"));
  table.columns.erase(table.columns.begin() + 1);  // income
  auto answer = predict(*instance, table);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(answer.error().field, "income");
  EXPECT_NE(answer.error().message.find("missing column 'income'"), std::string::npos) << answer.error().message;
}

TEST(XgboostRuntime, a_string_column_is_a_validation_error) {
  auto instance = start_ok("regressor");
  auto table = input_table(expected("regressor"));
  auto& score = table.columns[2];
  score.type = DataType::string;
  score.data.assign(table.rows, 'x');
  score.offsets.clear();
  for (int64_t i = 0; i <= table.rows; ++i) score.offsets.push_back(static_cast<uint32_t>(i));
  auto answer = predict(*instance, table);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(answer.error().field, "score");
}

TEST(XgboostRuntime, rows_marked_missing_are_nan) {
  auto instance = start_ok("booster_binary");
  auto spec = expected("booster_binary");
  auto table = input_table(spec);
  // Row 3 has NaN in age and score: mark them missing instead, over values that would count.
  for (size_t j : {0U, 2U}) {
    auto& column = table.columns[j];
    column.valid.assign(static_cast<size_t>(table.rows), 1);
    column.valid[3] = 0;
    reinterpret_cast<double*>(column.data.data())[3] = 123.0;
  }
  expect_pyfunc_answer(predict(*instance, table), spec);
}

TEST(XgboostRuntime, reads_ints_and_booleans_as_numbers) {
  auto instance = start_ok("regressor");
  auto spec = expected("regressor");
  auto table = input_table(spec);
  auto& row4 = spec["rows"][4];  // all zeros
  Table zeros;
  zeros.rows = 1;
  for (const auto& column : table.columns) {
    serving::Column c;
    c.name = column.name;
    c.type = column.name == "age" ? DataType::boolean : DataType::int64;
    c.data.assign(c.type == DataType::boolean ? 1 : 8, 0);
    zeros.columns.push_back(std::move(c));
  }
  ASSERT_EQ(row4, nlohmann::json({0.0, 0.0, 0.0, 0.0}));
  auto answer = predict(*instance, zeros);
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_NEAR(answer->table.columns[0].values<float>()[0], spec["predictions"][4].get<double>(), 1e-6);
}

TEST(XgboostRuntime, takes_one_unnamed_2d_tensor_as_the_matrix) {
  auto instance = start_ok("multiclass");
  auto spec = expected("multiclass");
  auto frame = input_table(spec);
  serving::Column tensor;
  tensor.type = DataType::float32;
  tensor.shape = {4};
  for (int64_t r = 0; r < frame.rows; ++r) {
    for (const auto& column : frame.columns) {
      float v = static_cast<float>(column.values<double>()[r]);
      auto* bytes = reinterpret_cast<uint8_t*>(&v);
      tensor.data.insert(tensor.data.end(), bytes, bytes + sizeof v);
    }
  }
  Table tensors{serving::TableKind::tensors, frame.rows, {tensor}};
  expect_pyfunc_answer(predict(*instance, tensors), spec);

  tensors.columns[0].shape = {2};  // 2 values per row for 4 features
  tensors.rows = frame.rows * 2;
  auto wrong = predict(*instance, tensors);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::validation_failed);
}

TEST(XgboostRuntime, an_empty_batch_gives_an_empty_answer) {
  auto instance = start_ok("multiclass");
  auto table = input_table(expected("multiclass"));
  auto answer = predict(*instance, serving::slice(table, 0, 0));
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(answer->table.rows, 0);
  EXPECT_EQ(answer->table.columns[0].shape, std::vector<int64_t>{3});
}

TEST(XgboostRuntime, concurrent_execute_from_four_threads_gives_the_same_answers) {
  auto instance = start_ok("multiclass");
  auto spec = expected("multiclass");
  auto table = input_table(spec);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  auto reference = predict(*instance, table);
  ASSERT_TRUE(reference.ok());
  const auto& want = reference->table.columns[0].data;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        // Each thread asks for different rows, so a shared output buffer would show.
        int64_t begin = (t + i) % table.rows;
        auto answer = predict(*instance, serving::slice(table, begin, table.rows));
        const size_t row_bytes = 3 * sizeof(float);
        if (!answer.ok() || !std::equal(answer->table.columns[0].data.begin(), answer->table.columns[0].data.end(),
                                        want.begin() + static_cast<std::ptrdiff_t>(begin * row_bytes))) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, (std::vector<int>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace cairn::runtime::xgboost
