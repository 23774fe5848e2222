#include "serving/open_inference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "serving/signature_fixtures.hpp"

namespace cairn::serving {
namespace {

using namespace testing_support;

template <class T>
std::vector<T> values(const Column& c) {
  return {c.values<T>(), c.values<T>() + c.element_count()};
}

template <class T>
std::string raw(std::vector<T> v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

std::string bytes_element(std::string_view s) {
  auto n = static_cast<uint32_t>(s.size());
  return std::string(reinterpret_cast<const char*>(&n), 4) + std::string(s);
}

TEST(V2Infer, nested_json_data_becomes_an_unnamed_tensor) {
  auto r = parse_v2_infer_request(
      R"({"id": "r1", "inputs": [{"name": "INPUT0", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6.5]]}]})",
      std::nullopt, kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->id, "r1");
  const Table& t = r->table;
  EXPECT_EQ(t.kind, TableKind::tensors);
  EXPECT_EQ(t.rows, 2);
  ASSERT_EQ(t.columns.size(), 1u);
  EXPECT_EQ(t.columns[0].name, "");
  EXPECT_EQ(t.columns[0].type, DataType::float32);
  EXPECT_EQ(t.columns[0].shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(values<float>(t.columns[0]), (std::vector<float>{1, 2, 3, 4, 5, 6.5f}));
}

TEST(V2Infer, flat_data_with_several_inputs_without_signature) {
  auto r = parse_v2_infer_request(R"({"inputs": [{"name": "a", "shape": [2], "datatype": "INT64", "data": [1, 2]},)"
                                  R"( {"name": "b", "shape": [2, 1], "datatype": "BYTES", "data": ["x", "y"]}]})",
                                  std::nullopt, kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.find("a")->type, DataType::int64);
  EXPECT_EQ(r->table.find("b")->string_at(1), "y");
  EXPECT_EQ(r->table.find("b")->shape, (std::vector<int64_t>{1}));
}

TEST(V2Infer, single_tensor_spec_takes_the_only_input_and_its_dtype) {
  auto sig = signature(R"([{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 2]}}])");
  auto r = parse_v2_infer_request(
      R"({"inputs": [{"name": "INPUT0", "shape": [1, 2], "datatype": "INT64", "data": [3, 4]}]})", std::nullopt, sig,
      0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.columns[0].type, DataType::float64);
  EXPECT_EQ(values<double>(r->table.columns[0]), (std::vector<double>{3, 4}));
  auto bad = parse_v2_infer_request(
      R"({"inputs": [{"name": "INPUT0", "shape": [1, 3], "datatype": "FP64", "data": [3, 4, 5]}]})", std::nullopt, sig,
      0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "expected shape (-1, 2), got (1, 3)");
}

TEST(V2Infer, named_inputs_become_dataframe_columns_for_a_column_signature) {
  auto sig = signature(R"([{"type": "double", "name": "x"}, {"type": "long", "name": "n"}])");
  auto r = parse_v2_infer_request(
      R"({"inputs": [{"name": "n", "shape": [2, 1], "datatype": "INT32", "data": [1, 2]},)"
      R"( {"name": "x", "shape": [2], "datatype": "FP32", "data": [0.5, 1.5]}, {"name": "z", "shape": [2], "datatype": "BOOL", "data": [true, false]}]})",
      std::nullopt, sig, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Table& t = r->table;
  EXPECT_EQ(t.kind, TableKind::dataframe);
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0].name, "x");
  EXPECT_EQ(t.columns[0].type, DataType::float64);
  EXPECT_TRUE(t.columns[0].shape.empty());
  EXPECT_EQ(values<double>(t.columns[0]), (std::vector<double>{0.5, 1.5}));
  EXPECT_EQ(values<int64_t>(t.columns[1]), (std::vector<int64_t>{1, 2}));
}

TEST(V2Infer, column_signature_errors_name_the_input) {
  auto sig = signature(R"([{"type": "double", "name": "x"}, {"type": "long", "name": "n"}])");
  auto missing = parse_v2_infer_request(R"({"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1]}]})",
                                        std::nullopt, sig, 0);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "inputs.n");
  auto wide = parse_v2_infer_request(
      R"({"inputs": [{"name": "x", "shape": [1, 2], "datatype": "FP64", "data": [1, 2]}, {"name": "n", "shape": [1], "datatype": "INT64", "data": [1]}]})",
      std::nullopt, sig, 0);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.error().field, "inputs.x");
  auto lossy = parse_v2_infer_request(
      R"({"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1]}, {"name": "n", "shape": [1], "datatype": "FP64", "data": [1.5]}]})",
      std::nullopt, sig, 0);
  ASSERT_FALSE(lossy.ok());
  EXPECT_EQ(lossy.error().field, "inputs.n");
  auto text = parse_v2_infer_request(
      R"({"inputs": [{"name": "x", "shape": [1], "datatype": "BYTES", "data": ["a"]}, {"name": "n", "shape": [1], "datatype": "INT64", "data": [1]}]})",
      std::nullopt, sig, 0);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message, "expected double, got BYTES");
}

TEST(V2Infer, rejects_bad_inputs_clearly) {
  struct Case {
    const char* body;
    ErrorCode code;
    const char* message_part;
  };
  for (
      const Case& c : std::vector<Case>{
          {R"({"inputs": [{"name": "a", "shape": [1], "datatype": "FP16", "data": [1]}]})",
           ErrorCode::validation_failed, "FP16 is not supported"},
          {R"({"inputs": [{"name": "a", "shape": [1], "datatype": "COMPLEX", "data": [1]}]})",
           ErrorCode::validation_failed, "unknown datatype"},
          {R"({"inputs": [{"name": "a", "shape": [3], "datatype": "FP32", "data": [1, 2]}]})",
           ErrorCode::validation_failed, "has 2 values, its shape needs 3"},
          {R"({"inputs": [{"name": "a", "shape": [1], "datatype": "FP32", "data": [null]}]})",
           ErrorCode::validation_failed, "null"},
          {R"({"inputs": [{"name": "a", "shape": [1], "datatype": "INT32", "data": [1.5]}]})",
           ErrorCode::validation_failed, "expected INT32, got number 1.5"},
          {R"({"inputs": [{"name": "a", "shape": [1], "datatype": "UINT8", "data": [-1]}]})",
           ErrorCode::validation_failed, "negative"},
          {R"({"inputs": [{"name": "a", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "b", "shape": [2], "datatype": "FP32", "data": [1, 2]}]})",
           ErrorCode::validation_failed, "rows"},
          {R"({"inputs": []})", ErrorCode::bad_request, "no inputs"},
          {R"({"inputs": [{"name": "a", "datatype": "FP32", "data": [1]}]})", ErrorCode::bad_request, "shape"},
          {R"({"inputs": [{"name": "a", "shape": [1], "datatype": "FP32"}]})", ErrorCode::bad_request, "data"},
          {R"({"inputs": [)", ErrorCode::bad_request, "malformed JSON"},
          {R"({"inputs": [{"name": "a", "shape": [0], "datatype": "FP32", "data": []}]})", ErrorCode::bad_request,
           "empty"},
      }) {
    auto r = parse_v2_infer_request(c.body, std::nullopt, kNone, 0);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().code, c.code) << c.body << " -> " << r.error().message;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << c.body << " -> " << r.error().message;
  }
}

TEST(V2Infer, max_rows_is_enforced) {
  auto r = parse_v2_infer_request(R"({"inputs": [{"name": "a", "shape": [3], "datatype": "FP32", "data": [1, 2, 3]}]})",
                                  std::nullopt, kNone, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "has 3 rows, more than the limit of 2 rows per request");
}

TEST(V2Infer, binary_inputs_as_tritonclient_sends_them) {
  std::string json =
      R"({"inputs":[{"name":"INPUT0","shape":[2,2],"datatype":"FP32","parameters":{"binary_data_size":16}},)"
      R"({"name":"INPUT1","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":16}},)"
      R"({"name":"INPUT2","shape":[2],"datatype":"UINT8","parameters":{"binary_data_size":2}}],)"
      R"("outputs":[{"name":"output-1","parameters":{"binary_data":true}}],"parameters":{"binary_data_output":false,"k":2}})";
  std::string body =
      json + raw<float>({1, 2, 3, 4}) + bytes_element("abc") + bytes_element("hello") + raw<uint8_t>({200, 7});
  auto r = parse_v2_infer_request(body, json.size(), kNone, 0);
  ASSERT_TRUE(r.ok()) << r.error().message << " field " << r.error().field << " code "
                      << static_cast<int>(r.error().code);
  const Table& t = r->table;
  EXPECT_EQ(values<float>(*t.find("INPUT0")), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(t.find("INPUT0")->shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(t.find("INPUT1")->string_at(0), "abc");
  EXPECT_EQ(t.find("INPUT1")->string_at(1), "hello");
  EXPECT_EQ(t.find("INPUT2")->type, DataType::int32);
  EXPECT_EQ(values<int32_t>(*t.find("INPUT2")), (std::vector<int32_t>{200, 7}));
  ASSERT_EQ(r->outputs.size(), 1u);
  EXPECT_EQ(r->outputs[0].binary, std::optional<bool>(true));
  EXPECT_FALSE(r->binary_output);
  EXPECT_EQ(r->params_json, R"({"k":2})");
}

TEST(V2Infer, binary_sizes_must_add_up) {
  std::string json = R"({"inputs":[{"name":"a","shape":[2],"datatype":"FP64","parameters":{"binary_data_size":16}}]})";
  EXPECT_TRUE(parse_v2_infer_request(json + raw<double>({1, 2}), json.size(), kNone, 0).ok());
  EXPECT_EQ(parse_v2_infer_request(json + raw<double>({1}), json.size(), kNone, 0).error().code,
            ErrorCode::bad_request);
  EXPECT_EQ(parse_v2_infer_request(json + raw<double>({1, 2, 3}), json.size(), kNone, 0).error().code,
            ErrorCode::bad_request);
  EXPECT_EQ(parse_v2_infer_request(json, json.size() + 5, kNone, 0).error().code, ErrorCode::bad_request);
  std::string wrong = R"({"inputs":[{"name":"a","shape":[3],"datatype":"FP64","parameters":{"binary_data_size":16}}]})";
  EXPECT_EQ(parse_v2_infer_request(wrong + raw<double>({1, 2}), wrong.size(), kNone, 0).error().code,
            ErrorCode::validation_failed);
  std::string u64 = R"({"inputs":[{"name":"a","shape":[1],"datatype":"UINT64","parameters":{"binary_data_size":8}}]})";
  EXPECT_EQ(parse_v2_infer_request(u64 + raw<uint64_t>({~uint64_t{0}}), u64.size(), kNone, 0).error().code,
            ErrorCode::validation_failed);
}

Prediction ndarray_of(std::vector<double> v, int64_t rows, std::vector<int64_t> shape = {}) {
  Prediction p;
  p.kind = Prediction::Kind::ndarray;
  p.table.rows = rows;
  Column c;
  c.type = DataType::float64;
  c.shape = std::move(shape);
  c.data.resize(v.size() * 8);
  std::memcpy(c.data.data(), v.data(), c.data.size());
  p.table.columns.push_back(std::move(c));
  return p;
}

TEST(V2Response, ndarray_is_one_output_named_as_mlserver_does) {
  V2ResponseContext ctx{"iris", "3", "r1", {}, false, nullptr};
  auto r = render_v2_infer_response(ndarray_of({0.1, NAN, 2, 3}, 2, {2}), ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->header_length.has_value());
  EXPECT_EQ(
      r->body,
      R"({"model_name":"iris","model_version":"3","id":"r1","outputs":[{"name":"output-1","datatype":"FP64","shape":[2,2],"data":[0.1,null,2.0,3.0]}]})");
}

TEST(V2Response, signature_output_name_and_requested_binary) {
  auto sig = signature(R"([{"type": "double", "name": "x"}])",
                       R"([{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}, "name": "score"}])");
  V2ResponseContext ctx{"m", "", "", {{"score", true}}, false, &sig};
  auto r = render_v2_infer_response(ndarray_of({1.5, 2.5}, 2), ctx);
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::string json =
      R"({"model_name":"m","outputs":[{"name":"score","datatype":"FP64","shape":[2],"parameters":{"binary_data_size":16}}]})";
  ASSERT_TRUE(r->header_length.has_value());
  EXPECT_EQ(*r->header_length, json.size());
  EXPECT_EQ(r->body, json + raw<double>({1.5, 2.5}));
  V2ResponseContext explicit_json{"m", "", "", {{"score", false}}, true, &sig};
  auto j = render_v2_infer_response(ndarray_of({1.5, 2.5}, 2), explicit_json);
  ASSERT_TRUE(j.ok());
  EXPECT_FALSE(j->header_length.has_value());  // the output's binary_data: false wins over binary_data_output
  V2ResponseContext unknown{"m", "", "", {{"nope", false}}, false, &sig};
  auto bad = render_v2_infer_response(ndarray_of({1.5}, 1), unknown);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "outputs.nope");
}

TEST(V2Response, dataframe_is_one_output_per_column_and_binary_bytes) {
  Prediction p;
  p.kind = Prediction::Kind::dataframe;
  p.table.rows = 2;
  Column label;
  label.name = "label";
  label.type = DataType::string;
  label.offsets = {0, 3, 5};
  std::string s = "catox";
  label.data.assign(s.begin(), s.end());
  Column flag;
  flag.name = "flag";
  flag.type = DataType::boolean;
  flag.data = {1, 0};
  p.table.columns = {label, flag};
  V2ResponseContext ctx{"m", "1", "", {}, false, nullptr};
  auto r = render_v2_infer_response(p, ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(
      r->body,
      R"({"model_name":"m","model_version":"1","outputs":[{"name":"label","datatype":"BYTES","shape":[2,1],"data":["cat","ox"]},)"
      R"({"name":"flag","datatype":"BOOL","shape":[2,1],"data":[true,false]}]})");
  ctx.binary_output = true;
  auto b = render_v2_infer_response(p, ctx);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->header_length.has_value());
  EXPECT_EQ(b->body.substr(*b->header_length), bytes_element("cat") + bytes_element("ox") + std::string("\x01\x00", 2));
}

TEST(V2Response, json_prediction_is_one_bytes_element) {
  Prediction p;
  p.kind = Prediction::Kind::json;
  p.json = R"({"a": 1})";
  auto r = render_v2_infer_response(p, {"m", "", "", {}, false, nullptr});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(
      r->body,
      R"({"model_name":"m","outputs":[{"name":"output-1","datatype":"BYTES","shape":[1],"data":["{\"a\": 1}"]}]})");
}

TEST(V2Response, request_round_trips_through_a_prediction) {
  auto req = parse_v2_infer_request(
      R"({"id": "7", "inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP64", "data": [1, 2, 3, 4.25]}], "outputs": [{"name": "y"}]})",
      std::nullopt, kNone, 0);
  ASSERT_TRUE(req.ok());
  Prediction echo;
  echo.kind = Prediction::Kind::ndarray;
  echo.table = req->table;
  auto r = render_v2_infer_response(echo, {"m", "", req->id, req->outputs, req->binary_output, nullptr});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(
      r->body,
      R"({"model_name":"m","id":"7","outputs":[{"name":"y","datatype":"FP64","shape":[2,2],"data":[1.0,2.0,3.0,4.25]}]})");
}

TEST(V2Metadata, model_metadata_from_the_signature) {
  auto sig = signature(R"([{"type": "double", "name": "x"}, {"type": "string", "name": "s"}])",
                       R"([{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}])");
  EXPECT_EQ(render_v2_model_metadata("iris", {"3"}, "mlflow", sig),
            R"({"name":"iris","versions":["3"],"platform":"mlflow","inputs":[)"
            R"({"name":"x","datatype":"FP64","shape":[-1,1],"parameters":{"content_type":"np"}},)"
            R"({"name":"s","datatype":"BYTES","shape":[-1,1],"parameters":{"content_type":"str"}}],)"
            R"("outputs":[{"name":"output-1","datatype":"INT64","shape":[-1],"parameters":{"content_type":"np"}}]})");
  EXPECT_EQ(render_v2_model_metadata("m", {}, "", kNone),
            R"({"name":"m","versions":[],"platform":"","inputs":[],"outputs":[]})");
}

TEST(V2Metadata, server_metadata) {
  EXPECT_EQ(render_v2_server_metadata("cairn", "0.1.0"),
            R"({"name":"cairn","version":"0.1.0","extensions":["binary_tensor_data","parameters"]})");
}

TEST(V2Infer, corrupted_binary_requests_never_crash) {
  std::string json = R"({"inputs":[{"name":"a","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":12}},)"
                     R"({"name":"b","shape":[2],"datatype":"UINT16","parameters":{"binary_data_size":4}}]})";
  std::string good = json + bytes_element("abc") + bytes_element("d") + raw<uint16_t>({1, 2});
  ASSERT_TRUE(parse_v2_infer_request(good, json.size(), kNone, 0).ok());
  std::mt19937 random(99);
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = good;
    bytes[random() % bytes.size()] = static_cast<char>(random());
    auto r = parse_v2_infer_request(bytes, json.size(), kNone, 0);
    if (r.ok()) {
      EXPECT_EQ(r->table.rows, 2);
    }
  }
}

TEST(V2Metadata, error_body_names_the_field) {
  EXPECT_EQ(render_v2_error(Error::validation("inputs.x", "expected FP64, got \"a\"")),
            R"({"error":"inputs.x: expected FP64, got \"a\""})");
  EXPECT_EQ(render_v2_error(Error::bad_request("malformed JSON")), R"({"error":"malformed JSON"})");
}

TEST(V2Infer, base64_content_type_carries_bytes) {
  auto sig = signature(R"([{"type": "binary", "name": "img"}])");
  auto r = parse_v2_infer_request(
      R"({"inputs": [{"name": "img", "shape": [1], "datatype": "BYTES", "parameters": {"content_type": "base64"}, "data": ["aGVsbG8="]}]})",
      std::nullopt, sig, 0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table.columns[0].type, DataType::binary);
  EXPECT_EQ(r->table.columns[0].string_at(0), "hello");
  auto bad = parse_v2_infer_request(
      R"({"inputs": [{"name": "img", "shape": [1], "datatype": "BYTES", "parameters": {"content_type": "base64"}, "data": ["#"]}]})",
      std::nullopt, sig, 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "inputs.img");
}

}  // namespace
}  // namespace cairn::serving
