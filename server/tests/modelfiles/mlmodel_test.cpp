#include <gtest/gtest.h>

#include "test_readers.hpp"

namespace cairn::modelfiles {
namespace {

// As MLflow 3 writes it for mlflow.sklearn.log_model inside a run (the signature strings are
// PyYAML-folded across lines, as in the real file).
constexpr const char* kLoggedSklearn = R"yaml(artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: '3.10'
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.5.2
is_signature_from_type_hint: false
mlflow_version: 3.1.0
model_id: m-4b2e0b8b1c6a4a0e9d1f0c5a7e3b2d1f
model_size_bytes: 1043
model_uuid: m-4b2e0b8b1c6a4a0e9d1f0c5a7e3b2d1f
prompts: null
run_id: 0f6c2a9e2d5b4c7e8a1b3c5d7e9f1a2b
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  serving_input_path: serving_input_example.json
  type: dataframe
signature:
  inputs: '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type":
    "double", "name": "petal width", "required": true}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'
  params: '[{"name": "threshold", "type": "double", "default": 0.5, "shape": null}]'
utc_time_created: '2025-06-30 12:00:00.000000'
)yaml";

TEST(MlModel, parses_flavors_signature_and_ids_of_a_logged_sklearn_model) {
  auto m = parse_mlmodel(kLoggedSklearn);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->framework, "sklearn");
  EXPECT_EQ(m->flavors["sklearn"]["sklearn_version"], "1.5.2");
  EXPECT_EQ(m->flavors["python_function"]["python_version"], "3.10");  // quoted: not the number 3.1
  EXPECT_TRUE(m->flavors["sklearn"]["code"].is_null());
  EXPECT_EQ(m->flavors["python_function"]["env"]["conda"], "conda.yaml");
  ASSERT_TRUE(m->signature.is_object());
  ASSERT_EQ(m->signature["inputs"].size(), 2u);
  EXPECT_EQ(m->signature["inputs"][1]["name"], "petal width");  // the folded line was joined
  EXPECT_EQ(m->signature["outputs"][0]["tensor-spec"]["shape"], (nlohmann::json{-1}));
  EXPECT_EQ(m->signature["params"][0]["default"], 0.5);
  EXPECT_EQ(m->saved_input_example_info["pandas_orient"], "split");
  EXPECT_EQ(m->mlflow_version, "3.1.0");
  EXPECT_EQ(m->run_id, "0f6c2a9e2d5b4c7e8a1b3c5d7e9f1a2b");
  EXPECT_EQ(m->model_id, "m-4b2e0b8b1c6a4a0e9d1f0c5a7e3b2d1f");
  EXPECT_EQ(m->model_uuid, "m-4b2e0b8b1c6a4a0e9d1f0c5a7e3b2d1f");
  EXPECT_EQ(m->artifact_path, "model");
  EXPECT_EQ(m->model_size_bytes, 1043);
}

TEST(MlModel, parses_a_real_mlflow_3_saved_model) {
  // MLmodel_sklearn: mlflow.sklearn.save_model from MLflow 3.17 (skops format, no run).
  auto m = parse_mlmodel(testing::test_data("MLmodel_sklearn"));
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->framework, "sklearn");
  EXPECT_EQ(m->mlflow_version, "3.17.2");
  EXPECT_EQ(m->model_uuid, "156c79bee8bb4393bd920f5b91227570");
  EXPECT_EQ(m->model_id, "");  // model_id: null
  EXPECT_EQ(m->run_id, "");
  EXPECT_EQ(m->model_size_bytes, 10764);
  EXPECT_EQ(m->signature["inputs"][0]["name"], "sepal length (cm)");
  EXPECT_TRUE(m->signature["params"].is_null());
}

TEST(MlModel, only_python_function_is_the_framework) {
  auto m = parse_mlmodel("flavors:\n  python_function:\n    loader_module: my_model\n");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->framework, "python_function");
  EXPECT_TRUE(m->signature.is_null());
  EXPECT_TRUE(m->saved_input_example_info.is_null());
  EXPECT_EQ(m->model_size_bytes, -1);
}

TEST(MlModel, first_flavor_in_file_order_wins) {
  auto m = parse_mlmodel("flavors:\n  python_function: {}\n  xgboost: {}\n  keras: {}\n");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->framework, "xgboost");
}

TEST(MlModel, corrupt_yaml_names_line_and_column) {
  auto m = parse_mlmodel("flavors:\n  sklearn:\n    code: [unclosed\nrun_id: x\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::bad_request);
  EXPECT_TRUE(m.error().message.starts_with("MLmodel: line ")) << m.error().message;
  EXPECT_NE(m.error().message.find("column"), std::string::npos);
}

TEST(MlModel, bad_indentation_reports_its_position) {
  auto m = parse_mlmodel("flavors:\n  sklearn: {}\n bad: indentation\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "MLmodel: line 3, column 2: end of map not found") << m.error().message;
}

TEST(MlModel, flavors_must_be_a_mapping) {
  auto m = parse_mlmodel("flavors: [sklearn]\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "MLmodel: flavors must be a mapping");
  EXPECT_EQ(parse_mlmodel("run_id: x\n").error().message, "MLmodel: flavors is missing");
  EXPECT_EQ(parse_mlmodel("just text").error().message, "MLmodel: the document must be a mapping");
}

TEST(MlModel, signature_strings_must_be_json) {
  auto m = parse_mlmodel("flavors: {sklearn: {}}\nsignature:\n  inputs: '[{\"type\": '\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "MLmodel: signature.inputs is not valid JSON");
  auto n = parse_mlmodel("flavors: {sklearn: {}}\nsignature:\n  outputs: [1, 2]\n");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().message, "MLmodel: signature.outputs must be a JSON string");
}

TEST(MlModel, model_size_must_be_an_integer) {
  auto m = parse_mlmodel("flavors: {sklearn: {}}\nmodel_size_bytes: big\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "MLmodel: model_size_bytes must be a non-negative integer");
}

TEST(MlModel, requirements_drop_comments_options_and_blank_lines) {
  auto r = parse_requirements(
      "# pinned by mlflow\r\nmlflow==3.1.0\r\n\n-r base.txt\n--index-url https://example.invalid/simple\n"
      "scikit-learn==1.5.2  # the model\ncloudpickle==3.0.0 \\\n  --hash=sha256:abc\n"
      "pkg @ https://example.invalid/pkg.zip#sha1=deadbeef\n");
  EXPECT_EQ(r, (std::vector<std::string>{"mlflow==3.1.0", "scikit-learn==1.5.2", "cloudpickle==3.0.0 --hash=sha256:abc",
                                         "pkg @ https://example.invalid/pkg.zip#sha1=deadbeef"}));
}

TEST(MlModel, inspect_tells_mlmodel_and_requirements_files_apart) {
  auto m = testing::inspect_bytes("model/MLmodel", kLoggedSklearn);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->format, "mlmodel");
  EXPECT_TRUE(m->details.empty());
  auto r = testing::inspect_bytes("model/requirements.txt", "mlflow==3.1.0\nnumpy\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "requirements");
  EXPECT_EQ(r->details["requirements"], (nlohmann::json{"mlflow==3.1.0", "numpy"}));
}

}  // namespace
}  // namespace cairn::modelfiles
