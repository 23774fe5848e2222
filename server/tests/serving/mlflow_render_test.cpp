#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "serving/mlflow_scoring.hpp"
#include "serving/python_json.hpp"

namespace cairn::serving {
namespace {

// Expected strings come from mlflow 3.17.2's scoring_server.predictions_to_json (numpy 2.4,
// pandas 3.1) run once on the same values.

template <class T>
Column make_column(std::string name, DataType type, std::vector<T> values, std::vector<int64_t> shape = {}) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.shape = std::move(shape);
  c.data.resize(values.size() * sizeof(T));
  std::memcpy(c.data.data(), values.data(), c.data.size());
  return c;
}

Column string_column(std::string name, const std::vector<std::string>& values, DataType type = DataType::string) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.offsets.push_back(0);
  for (const auto& v : values) {
    c.data.insert(c.data.end(), v.begin(), v.end());
    c.offsets.push_back(static_cast<uint32_t>(c.data.size()));
  }
  return c;
}

Prediction ndarray(Column c, int64_t rows) {
  Prediction p;
  p.kind = Prediction::Kind::ndarray;
  p.table.kind = TableKind::tensors;
  p.table.rows = rows;
  p.table.columns.push_back(std::move(c));
  return p;
}

TEST(MlflowRender, float64_as_python_repr_with_nan_and_infinity) {
  std::vector<double> v{0.1,
                        1e16,
                        1.5e-5,
                        123.0,
                        NAN,
                        INFINITY,
                        -INFINITY,
                        -0.0,
                        1e-4,
                        12345678901234567.0,
                        1e22,
                        5e-324,
                        0.30000000000000004};
  auto p = ndarray(make_column<double>("", DataType::float64, v), static_cast<int64_t>(v.size()));
  EXPECT_EQ(render_mlflow_predictions(p),
            "{\"predictions\": [0.1, 1e+16, 1.5e-05, 123.0, NaN, Infinity, -Infinity, -0.0, 0.0001, "
            "1.2345678901234568e+16, 1e+22, 5e-324, 0.30000000000000004]}");
}

TEST(MlflowRender, float32_as_the_float64_python_prints) {
  auto p = ndarray(make_column<float>("", DataType::float32, {0.1f, 0.2f, 0.3f, 0.4f}, {2}), 2);
  EXPECT_EQ(render_mlflow_predictions(p),
            "{\"predictions\": [[0.10000000149011612, 0.20000000298023224], [0.30000001192092896, "
            "0.4000000059604645]]}");
}

TEST(MlflowRender, ints_and_bools) {
  EXPECT_EQ(render_mlflow_predictions(ndarray(make_column<int64_t>("", DataType::int64, {1, 2, 3, 4}, {2}), 2)),
            "{\"predictions\": [[1, 2], [3, 4]]}");
  EXPECT_EQ(render_mlflow_predictions(ndarray(make_column<uint8_t>("", DataType::boolean, {1, 0}), 2)),
            "{\"predictions\": [true, false]}");
  EXPECT_EQ(render_mlflow_predictions(ndarray(make_column<int32_t>("", DataType::int32, {-7}), 1)),
            "{\"predictions\": [-7]}");
}

TEST(MlflowRender, strings_escaped_as_ensure_ascii) {
  auto p = ndarray(string_column("", {"\xc3\xa9", "\xf0\x9f\x98\x80", "q\"b\\", "l\nt\t\x01", "plain"}), 5);
  EXPECT_EQ(render_mlflow_predictions(p),
            R"({"predictions": ["\u00e9", "\ud83d\ude00", "q\"b\\", "l\nt\t\u0001", "plain"]})");
}

TEST(MlflowRender, binary_as_base64_lines) {
  auto p = ndarray(string_column("", {"hello"}, DataType::binary), 1);
  EXPECT_EQ(render_mlflow_predictions(p), R"({"predictions": ["aGVsbG8=\n"]})");
}

TEST(MlflowRender, dataframe_as_records) {
  Prediction p;
  p.kind = Prediction::Kind::dataframe;
  p.table.rows = 2;
  p.table.columns.push_back(make_column<double>("a", DataType::float64, {1.0, NAN}));
  p.table.columns.push_back(string_column("b", {"x", "y"}));
  p.table.columns.push_back(make_column<int64_t>("c", DataType::int64, {1, 2}));
  p.table.columns.push_back(make_column<uint8_t>("d", DataType::boolean, {1, 0}));
  EXPECT_EQ(render_mlflow_predictions(p),
            R"({"predictions": [{"a": 1.0, "b": "x", "c": 1, "d": true}, {"a": NaN, "b": "y", "c": 2, "d": false}]})");
}

TEST(MlflowRender, dataframe_datetimes_as_isoformat) {
  Prediction p;
  p.kind = Prediction::Kind::dataframe;
  p.table.rows = 2;
  p.table.columns.push_back(
      make_column<int64_t>("t", DataType::datetime, {1704164645000000000LL, 1704164645123456000LL}));
  EXPECT_EQ(render_mlflow_predictions(p),
            R"({"predictions": [{"t": "2024-01-02T03:04:05"}, {"t": "2024-01-02T03:04:05.123456"}]})");
}

TEST(MlflowRender, series_as_records_of_its_name) {
  Prediction p;
  p.kind = Prediction::Kind::series;
  p.table.rows = 2;
  p.table.columns.push_back(make_column<double>("score", DataType::float64, {0.5, 1.0}));
  EXPECT_EQ(render_mlflow_predictions(p), R"({"predictions": [{"score": 0.5}, {"score": 1.0}]})");
  p.table.columns[0] = make_column<int64_t>("", DataType::int64, {1, 2});
  EXPECT_EQ(render_mlflow_predictions(p), R"({"predictions": [{"0": 1}, {"0": 2}]})");
}

TEST(MlflowRender, json_as_is) {
  Prediction p;
  p.kind = Prediction::Kind::json;
  p.json = R"({"a": 1, "b": [1.5, "x"]})";
  EXPECT_EQ(render_mlflow_predictions(p), R"({"predictions": {"a": 1, "b": [1.5, "x"]}})");
}

TEST(MlflowRender, missing_values_of_non_float_columns_are_null) {
  auto c = string_column("", {"a", ""});
  c.valid = {1, 0};
  EXPECT_EQ(render_mlflow_predictions(ndarray(std::move(c), 2)), R"({"predictions": ["a", null]})");
}

TEST(MlflowPythonJson, invalid_utf8_becomes_replacement_character) {
  std::string out;
  python_json::append_string(out,
                             "a\xff"
                             "b");
  EXPECT_EQ(out, R"("a\ufffdb")");
}

TEST(MlflowPythonJson, float_repr_edges) {
  auto repr = [](double v) {
    std::string s;
    python_json::append_float(s, v);
    return s;
  };
  EXPECT_EQ(repr(1e15), "1000000000000000.0");
  EXPECT_EQ(repr(123456789.125), "123456789.125");
  EXPECT_EQ(repr(0.00012), "0.00012");
  EXPECT_EQ(repr(1.5e300), "1.5e+300");
  EXPECT_EQ(repr(-2.5e-7), "-2.5e-07");
  EXPECT_EQ(repr(0.0), "0.0");
}

}  // namespace
}  // namespace cairn::serving
