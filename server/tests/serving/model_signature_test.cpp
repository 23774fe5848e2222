#include "serving/model_signature.hpp"

#include <gtest/gtest.h>

namespace cairn::serving {
namespace {

TEST(MlflowSignature, parses_column_specs_from_json_strings) {
  nlohmann::json sig = {
      {"inputs",
       R"([{"type": "double", "name": "x", "required": true}, {"type": "long", "name": "n", "required": false},)"
       R"( {"type": "string", "name": "s"}, {"type": "integer", "name": "i"}, {"type": "float", "name": "f"},)"
       R"( {"type": "boolean", "name": "b"}, {"type": "binary", "name": "raw"}, {"type": "datetime", "name": "t"}])"},
      {"outputs", R"([{"type": "double"}])"},
      {"params", R"([{"name": "temperature", "type": "double", "default": 0.5, "shape": null}])"}};
  auto parsed = parse_model_signature(sig);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const Schema& in = *parsed->inputs;
  ASSERT_EQ(in.specs.size(), 8u);
  EXPECT_FALSE(in.is_tensor());
  EXPECT_TRUE(in.has_names());
  EXPECT_EQ(in.specs[0].type, DataType::float64);
  EXPECT_TRUE(in.specs[0].required);
  EXPECT_EQ(in.specs[1].type, DataType::int64);
  EXPECT_FALSE(in.specs[1].required);
  EXPECT_EQ(in.specs[2].type, DataType::string);
  EXPECT_EQ(in.specs[3].type, DataType::int32);
  EXPECT_EQ(in.specs[4].type, DataType::float32);
  EXPECT_EQ(in.specs[5].type, DataType::boolean);
  EXPECT_EQ(in.specs[6].type, DataType::binary);
  EXPECT_EQ(in.specs[7].type, DataType::datetime);
  EXPECT_EQ(in.find("s")->mlflow_type, "string");
  EXPECT_FALSE(parsed->outputs->has_names());
  ASSERT_EQ(parsed->params.size(), 1u);
  EXPECT_EQ(parsed->params[0].name, "temperature");
  EXPECT_EQ(parsed->params[0].default_value, 0.5);
}

TEST(MlflowSignature, parses_tensor_specs_with_numpy_dtypes) {
  nlohmann::json sig = {
      {"inputs", R"([{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}])"},
      {"outputs", R"([{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}, "name": "label"}])"}};
  auto parsed = parse_model_signature(sig);
  ASSERT_TRUE(parsed.ok());
  const InputSpec& spec = parsed->inputs->specs.at(0);
  EXPECT_TRUE(spec.tensor);
  EXPECT_EQ(spec.type, DataType::float32);
  EXPECT_EQ(spec.shape, (std::vector<int64_t>{-1, 4}));
  EXPECT_TRUE(parsed->inputs->is_tensor());
  EXPECT_FALSE(parsed->inputs->has_names());
  EXPECT_EQ(parsed->outputs->specs.at(0).name, "label");
  EXPECT_EQ(parsed->outputs->specs.at(0).type, DataType::int64);
}

TEST(MlflowSignature, missing_signature_validates_nothing) {
  auto parsed = parse_model_signature(nlohmann::json());
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->inputs.has_value());
  auto only_outputs = parse_model_signature({{"outputs", R"([{"type": "double"}])"}});
  ASSERT_TRUE(only_outputs.ok());
  EXPECT_FALSE(only_outputs->inputs.has_value());
}

TEST(MlflowSignature, marks_types_the_table_cannot_hold_unsupported) {
  nlohmann::json sig = {{"inputs",
                         R"([{"type": "array", "items": {"type": "double"}, "name": "xs"},)"
                         R"( {"type": "tensor", "tensor-spec": {"dtype": "complex64", "shape": [-1]}, "name": "c"}])"}};
  auto parsed = parse_model_signature(sig);
  ASSERT_FALSE(parsed.ok());  // mixes column and tensor specs
  sig = {{"inputs", R"([{"type": "array", "items": {"type": "double"}, "name": "xs"}])"}};
  parsed = parse_model_signature(sig);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->inputs->specs[0].supported);
}

TEST(MlflowSignature, rejects_malformed_specs) {
  EXPECT_FALSE(parse_model_signature({{"inputs", "not json"}}).ok());
  EXPECT_FALSE(parse_model_signature({{"inputs", R"([{"name": "x"}])"}}).ok());
  EXPECT_FALSE(parse_model_signature({{"inputs", R"([{"type": "tensor"}])"}}).ok());
  EXPECT_FALSE(parse_model_signature(nlohmann::json("x")).ok());
}

TEST(MlflowSignature, maps_numpy_dtypes_widening_narrow_integers) {
  EXPECT_EQ(data_type_of_numpy_dtype("uint8"), DataType::int32);
  EXPECT_EQ(data_type_of_numpy_dtype("uint32"), DataType::int64);
  EXPECT_EQ(data_type_of_numpy_dtype("float16"), DataType::float32);
  EXPECT_EQ(data_type_of_numpy_dtype("bool"), DataType::boolean);
  EXPECT_EQ(data_type_of_numpy_dtype("object"), DataType::string);
  EXPECT_FALSE(data_type_of_numpy_dtype("complex128").has_value());
  EXPECT_FALSE(data_type_of_mlflow_type("map").has_value());
}

}  // namespace
}  // namespace cairn::serving
