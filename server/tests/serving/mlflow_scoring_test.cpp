#include "serving/mlflow_scoring.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "serving/signature_fixtures.hpp"

namespace cairn::serving {
namespace {

using namespace testing_support;

ModelSignature columns_xyz() {
  return signature(
      R"([{"type": "double", "name": "x"}, {"type": "long", "name": "n"}, {"type": "string", "name": "s", "required": false}])");
}

std::vector<double> doubles(const Column& c) {
  return {c.values<double>(), c.values<double>() + c.element_count()};
}
std::vector<int64_t> longs(const Column& c) {
  return {c.values<int64_t>(), c.values<int64_t>() + c.element_count()};
}

TEST(MlflowScoring, dataframe_split_converts_integers_for_a_double_column) {
  auto r = parse_mlflow_json(
      R"({"dataframe_split": {"columns": ["n", "x", "extra"], "data": [[1, 2, "z"], [3, 4.5, "w"]]}})", columns_xyz(),
      0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Table& t = r->table;
  EXPECT_EQ(t.kind, TableKind::dataframe);
  EXPECT_EQ(t.rows, 2);
  ASSERT_EQ(t.columns.size(), 3u);  // signature order; "extra" dropped; optional "s" added
  EXPECT_EQ(t.columns[0].name, "x");
  EXPECT_EQ(doubles(t.columns[0]), (std::vector<double>{2.0, 4.5}));
  EXPECT_EQ(t.columns[1].name, "n");
  EXPECT_EQ(longs(t.columns[1]), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(t.columns[2].name, "s");
  EXPECT_EQ(t.columns[2].valid, (std::vector<uint8_t>{0, 0}));
  EXPECT_EQ(t.find("extra"), nullptr);
  EXPECT_TRUE(r->params_json.empty());
}

TEST(MlflowScoring, string_for_a_double_column_names_column_and_row) {
  auto r = parse_mlflow_json(R"({"dataframe_split": {"columns": ["x", "n"], "data": [[1.0, 1], ["abc", 2]]}})",
                             columns_xyz(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(r.error().field, "inputs.x");
  EXPECT_EQ(r.error().message, "expected double, got string \"abc\" at row 1");
}

TEST(MlflowScoring, numeric_strings_convert_as_pandas_astype_does) {
  auto r =
      parse_mlflow_json(R"({"dataframe_split": {"columns": ["x", "n"], "data": [["2.5", "7"]]}})", columns_xyz(), 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(doubles(r->table.columns[0]), (std::vector<double>{2.5}));
  EXPECT_EQ(longs(r->table.columns[1]), (std::vector<int64_t>{7}));
}

TEST(MlflowScoring, fractional_value_for_a_long_column_is_refused) {
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"x": 1, "n": 1.5}]})", columns_xyz(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "inputs.n");
  EXPECT_EQ(r.error().message, "expected long, got number 1.5 at row 0");
}

TEST(MlflowScoring, missing_required_column_is_named) {
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"x": 1.0}]})", columns_xyz(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(r.error().field, "inputs.n");
  EXPECT_EQ(r.error().message, "model is missing inputs ['n']");
}

TEST(MlflowScoring, dataframe_records_with_absent_keys_are_missing_values) {
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"x": 1, "n": 2, "s": "a"}, {"n": 3, "x": null}]})",
                             columns_xyz(), 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Table& t = r->table;
  EXPECT_EQ(t.rows, 2);
  EXPECT_TRUE(std::isnan(doubles(t.columns[0])[1]));
  EXPECT_EQ(t.columns[0].valid, (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(t.columns[2].string_at(0), "a");
  EXPECT_EQ(t.columns[2].valid, (std::vector<uint8_t>{1, 0}));
}

TEST(MlflowScoring, infers_types_without_a_signature) {
  auto r = parse_mlflow_json(
      R"({"dataframe_split": {"columns": ["i", "f", "s", "b", "m"], "data": [[1, 1, "a", true, 1], [2, 2.5, "b", false, null]]}})",
      kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Table& t = r->table;
  EXPECT_EQ(t.columns[0].type, DataType::int64);
  EXPECT_EQ(t.columns[1].type, DataType::float64);
  EXPECT_EQ(t.columns[2].type, DataType::string);
  EXPECT_EQ(t.columns[3].type, DataType::boolean);
  EXPECT_EQ(t.columns[4].type, DataType::float64);  // integers with a null: float64 NaN, as pandas
  EXPECT_EQ(t.columns[4].valid, (std::vector<uint8_t>{1, 0}));
}

TEST(MlflowScoring, mixed_types_without_a_signature_are_refused) {
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"a": 1}, {"a": "x"}]})", kNone, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "inputs.a");
}

TEST(MlflowScoring, dataframe_split_without_columns_names_them_by_position) {
  auto r = parse_mlflow_json(R"({"dataframe_split": {"data": [[1, 2], [3, 4]], "index": [7, 8]}})", kNone, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->table.columns[0].name, "0");
  EXPECT_EQ(r->table.columns[1].name, "1");
  EXPECT_EQ(longs(r->table.columns[1]), (std::vector<int64_t>{2, 4}));
}

TEST(MlflowScoring, instances_list_is_one_unnamed_tensor) {
  auto r = parse_mlflow_json(R"({"instances": [[1.0, 2.0], [3.0, 4.0], [5, 6]]})", kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Table& t = r->table;
  EXPECT_EQ(t.kind, TableKind::tensors);
  EXPECT_EQ(t.rows, 3);
  ASSERT_EQ(t.columns.size(), 1u);
  EXPECT_EQ(t.columns[0].name, "");
  EXPECT_EQ(t.columns[0].shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(doubles(t.columns[0]), (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(MlflowScoring, instances_records_become_named_tensors) {
  auto r = parse_mlflow_json(R"({"instances": [{"a": [1, 2], "b": "x"}, {"a": [3, 4], "b": "y"}]})", kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.kind, TableKind::tensors);
  EXPECT_EQ(r->table.find("a")->shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(r->table.find("b")->string_at(1), "y");
}

TEST(MlflowScoring, ragged_tensor_is_refused) {
  auto r = parse_mlflow_json(R"({"inputs": [[1, 2], [3]]})", kNone, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "inputs");
}

TEST(MlflowScoring, inputs_dict_of_columns_with_params) {
  auto r =
      parse_mlflow_json(R"({"inputs": {"x": [1, 2], "n": [3, 4]}, "params": {"k": 1, "s": "v"}})", columns_xyz(), 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.kind, TableKind::dataframe);
  EXPECT_EQ(doubles(r->table.columns[0]), (std::vector<double>{1, 2}));
  EXPECT_EQ(r->params_json, R"({"k":1,"s":"v"})");
}

TEST(MlflowScoring, inputs_columns_of_different_lengths_are_refused) {
  auto r = parse_mlflow_json(R"({"inputs": {"x": [1, 2], "n": [3]}})", columns_xyz(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "inputs.n");
}

TEST(MlflowScoring, tensor_spec_checks_shape_and_dtype) {
  auto sig = signature(R"([{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}])");
  auto ok = parse_mlflow_json(R"({"inputs": [[1, 2, 3]]})", sig, 0);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->table.columns[0].type, DataType::float32);
  EXPECT_EQ(ok->table.kind, TableKind::tensors);
  auto bad_shape = parse_mlflow_json(R"({"inputs": [[1, 2]]})", sig, 0);
  ASSERT_FALSE(bad_shape.ok());
  EXPECT_EQ(bad_shape.error().field, "inputs");
  auto bad_type = parse_mlflow_json(R"({"inputs": [[1, "a", 3]]})", sig, 0);
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.error().message, "expected float32, got string \"a\" at row 0");
  auto sig3 = signature(R"([{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, -1, 2]}}])");
  auto bad_rank = parse_mlflow_json(R"({"inputs": [[1, 2]]})", sig3, 0);
  ASSERT_FALSE(bad_rank.ok());
  EXPECT_EQ(bad_rank.error().message, "expected shape (-1, -1, 2), got (1, 2)");
}

TEST(MlflowScoring, malformed_bodies_are_bad_requests) {
  for (const char* body :
       {R"({"dataframe_split": )", R"([1, 2])", R"({"instances": [1], "inputs": [1]})",
        R"({"inputs": [1], "unknown": 1})", R"({"params": {}})", R"({"inputs": [1], "params": 3})",
        R"({"dataframe_split": [[1]]})", R"({"dataframe_split": {"columns": ["a"]}})",
        R"({"dataframe_records": {"a": 1}})", R"({"dataframe_split": {"columns": ["a", "b"], "data": [[1]]}})"}) {
    auto r = parse_mlflow_json(body, kNone, 0);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::bad_request) << body;
  }
}

TEST(MlflowScoring, empty_input_is_a_bad_request) {
  for (const char* body :
       {R"({"inputs": []})", R"({"dataframe_records": []})", R"({"dataframe_split": {"data": []}})"}) {
    auto r = parse_mlflow_json(body, kNone, 0);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::bad_request) << body;
  }
}

TEST(MlflowScoring, over_max_rows_names_the_limit) {
  auto r = parse_mlflow_json(R"({"inputs": [1, 2, 3]})", kNone, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(r.error().message, "has 3 rows, more than the limit of 2 rows per request");
  EXPECT_TRUE(parse_mlflow_json(R"({"inputs": [1, 2]})", kNone, 2).ok());
}

TEST(MlflowScoring, binary_and_datetime_columns) {
  auto sig = signature(R"([{"type": "binary", "name": "b"}, {"type": "datetime", "name": "t"}])");
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"b": "aGVsbG8=", "t": "2024-01-02T03:04:05.5Z"}]})", sig, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.columns[0].string_at(0), "hello");
  EXPECT_EQ(r->table.columns[1].values<int64_t>()[0], 1704164645500000000LL);
  auto bad = parse_mlflow_json(R"({"dataframe_records": [{"b": "aGVsbG8=", "t": "yesterday"}]})", sig, 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "inputs.t");
}

TEST(MlflowScoring, csv_with_a_signature) {
  auto r = parse_mlflow_csv("n,x,s\r\n1,2.5,\"a,b\"\n3,4,\"say \"\"hi\"\"\"\n", columns_xyz(), 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Table& t = r->table;
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(doubles(t.columns[0]), (std::vector<double>{2.5, 4}));
  EXPECT_EQ(longs(t.columns[1]), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(t.columns[2].string_at(0), "a,b");
  EXPECT_EQ(t.columns[2].string_at(1), "say \"hi\"");
  auto bad = parse_mlflow_csv("x,n\nabc,1\n", columns_xyz(), 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "inputs.x");
  EXPECT_EQ(bad.error().message, "expected double, got \"abc\" at row 0");
}

TEST(MlflowScoring, csv_infers_types_without_a_signature) {
  auto r = parse_mlflow_csv("i,f,s,b,m\n1,1.5,a,True,1\n2,2,b,False,\n", kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Table& t = r->table;
  EXPECT_EQ(t.columns[0].type, DataType::int64);
  EXPECT_EQ(t.columns[1].type, DataType::float64);
  EXPECT_EQ(t.columns[2].type, DataType::string);
  EXPECT_EQ(t.columns[3].type, DataType::boolean);
  EXPECT_EQ(t.columns[4].type, DataType::float64);
  EXPECT_EQ(t.columns[4].valid, (std::vector<uint8_t>{1, 0}));
}

TEST(MlflowScoring, csv_malformed_is_a_bad_request) {
  for (const char* body : {"", "a,b\n1\n", "a\n\"open\n"}) {
    auto r = parse_mlflow_csv(body, kNone, 0);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::bad_request) << body;
  }
}

TEST(MlflowScoring, content_types_follow_mlflow) {
  EXPECT_TRUE(parse_mlflow_invocation("application/json; charset=UTF-8", R"({"inputs": [1]})", kNone, 0).ok());
  EXPECT_TRUE(parse_mlflow_invocation("text/csv", "a\n1\n", kNone, 0).ok());
  for (const char* type :
       {"text/plain", "application/json; charset=latin-1", "application/json; format=pandas-split"}) {
    auto r = parse_mlflow_invocation(type, R"({"inputs": [1]})", kNone, 0);
    ASSERT_FALSE(r.ok()) << type;
    EXPECT_EQ(r.error().field, "content_type") << type;
  }
}

TEST(MlflowScoring, instances_records_with_a_column_signature_are_a_dataframe) {
  auto r = parse_mlflow_json(R"({"instances": [{"x": 1, "n": 2}, {"x": 3.5, "n": 4}]})", columns_xyz(), 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.kind, TableKind::dataframe);
  EXPECT_EQ(doubles(r->table.columns[0]), (std::vector<double>{1, 3.5}));
}

TEST(MlflowScoring, plain_list_fills_the_only_named_column) {
  auto sig = signature(R"([{"type": "string", "name": "text"}])");
  auto r = parse_mlflow_json(R"({"inputs": ["a", "b"]})", sig, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.kind, TableKind::dataframe);
  EXPECT_EQ(r->table.columns[0].name, "text");
  EXPECT_EQ(r->table.columns[0].string_at(1), "b");
}

TEST(MlflowScoring, plain_list_for_several_named_columns_is_refused) {
  auto r = parse_mlflow_json(R"({"inputs": [[1, 2]]})", columns_xyz(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::validation_failed);
}

TEST(MlflowScoring, unnamed_column_signature_applies_types_by_position) {
  auto sig = signature(R"([{"type": "double"}, {"type": "string"}])");
  auto r = parse_mlflow_json(R"({"dataframe_split": {"data": [[1, "a"]]}})", sig, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.columns[0].type, DataType::float64);
  EXPECT_EQ(r->table.columns[1].type, DataType::string);
  auto few = parse_mlflow_json(R"({"dataframe_split": {"data": [[1]]}})", sig, 0);
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.error().code, ErrorCode::validation_failed);
}

TEST(MlflowScoring, list_value_in_a_scalar_column_is_refused) {
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"x": [1, 2], "n": 1}]})", columns_xyz(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "expected double, got a list at row 0");
}

TEST(MlflowScoring, unsupported_signature_type_is_refused_by_name) {
  auto sig = signature(R"([{"type": "array", "items": {"type": "double"}, "name": "xs"}])");
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"xs": [1, 2]}]})", sig, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "inputs.xs");
}

TEST(MlflowScoring, corrupted_bodies_never_crash) {
  const std::string json =
      R"({"dataframe_split": {"columns": ["x", "n", "s"], "data": [[1.5, 2, "a"], [3, 4, "b"]]}, "params": {"k": [1]}})";
  const std::string records = R"({"instances": [{"a": [1, 2], "b": "x"}, {"a": [3, 4], "b": "y"}]})";
  const std::string csv = "x,n,s\n1.5,2,\"a\"\"b\"\n3,4,c\n";
  std::mt19937 random(7);
  for (int round = 0; round < 2000; ++round) {
    for (const std::string* base : {&json, &records, &csv}) {
      std::string bytes = *base;
      bytes[random() % bytes.size()] = "[]{},:\"0a-.\n"[random() % 13];
      auto r = base == &csv ? parse_mlflow_csv(bytes, columns_xyz(), 0) : parse_mlflow_json(bytes, kNone, 0);
      if (r.ok()) {
        EXPECT_GT(r->table.rows, 0);
      }
    }
  }
}

TEST(MlflowScoring, missing_rows_before_a_tensor_row_take_its_shape) {
  auto r = parse_mlflow_json(R"({"instances": [{"b": 1}, {"a": null, "b": 2}, {"a": [[1, 2]], "b": 3}]})", kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Column& a = *r->table.find("a");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(a.element_count(), 6);
  EXPECT_EQ(a.valid, (std::vector<uint8_t>{0, 0, 1}));
  EXPECT_EQ(doubles(a)[4], 1.0);
  auto strings = parse_mlflow_json(R"({"instances": [{"s": null}, {"s": ["x", "y"]}]})", kNone, 0);
  ASSERT_TRUE(strings.ok()) << strings.error().message;
  const Column& s = *strings->table.find("s");
  EXPECT_EQ(s.element_count(), 4);
  EXPECT_EQ(s.string_at(3), "y");
}

TEST(MlflowScoring, null_in_a_long_column_is_refused_as_mlflow_does) {
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"x": 1, "n": null}]})", columns_xyz(), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "expected long, got null at row 0");
}

TEST(MlflowScoring, a_missing_first_row_is_recorded) {
  auto r = parse_mlflow_json(R"({"dataframe_records": [{"x": null, "n": 1}, {"x": 2, "n": 2}]})", columns_xyz(), 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.columns[0].valid, (std::vector<uint8_t>{0, 1}));
  auto csv = parse_mlflow_csv("x,n\n,1\n2,2\n", columns_xyz(), 0);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ(csv->table.columns[0].valid, (std::vector<uint8_t>{0, 1}));
}

}  // namespace
}  // namespace cairn::serving
