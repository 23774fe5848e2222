#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runtime/python/worker_wire.hpp"

// The protocol vectors the Python worker's side publishes (vectors/README.md, copied from
// sdk/python/tests/vectors): every frame decodes to what its JSON says, and re-encoding it gives the
// same bytes, so the gateway and the worker agree on every byte.
namespace cairn::runtime::python {
namespace {

using nlohmann::json;
using serving::Column;
using serving::DataType;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

DataType dtype_named(const std::string& name) {
  static const std::map<std::string, DataType> kNames{{"bool", DataType::boolean},    {"int32", DataType::int32},
                                                      {"int64", DataType::int64},     {"float32", DataType::float32},
                                                      {"float64", DataType::float64}, {"string", DataType::string},
                                                      {"binary", DataType::binary},   {"datetime", DataType::datetime}};
  return kNames.at(name);
}

std::string hex(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

template <class T>
T at(const Column& c, size_t i) {
  T v;
  std::memcpy(&v, c.data.data() + i * sizeof(T), sizeof(T));
  return v;
}

void expect_float(double got, const json& want, const std::string& where) {
  if (want.is_string()) {
    std::string s = want.get<std::string>();
    if (s == "NaN")
      EXPECT_TRUE(std::isnan(got)) << where;
    else
      EXPECT_EQ(got, s == "Infinity" ? INFINITY : -INFINITY) << where;
    return;
  }
  double w = want.get<double>();
  EXPECT_EQ(got, w) << where;
  EXPECT_EQ(std::signbit(got), std::signbit(w)) << where;
}

void expect_table(const serving::Table& t, const json& want, const std::string& where) {
  EXPECT_EQ(t.kind == serving::TableKind::dataframe ? "dataframe" : "tensors", want["kind"].get<std::string>())
      << where;
  EXPECT_EQ(t.rows, want["rows"].get<int64_t>()) << where;
  ASSERT_EQ(t.columns.size(), want["columns"].size()) << where;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    const json& w = want["columns"][i];
    std::string at_column = where + " column " + w["name"].get<std::string>();
    EXPECT_EQ(c.name, w["name"].get<std::string>()) << at_column;
    EXPECT_EQ(c.type, dtype_named(w["dtype"].get<std::string>())) << at_column;
    EXPECT_EQ(c.shape, w["dims"].get<std::vector<int64_t>>()) << at_column;
    std::vector<uint8_t> valid;
    if (!w["valid"].is_null())
      for (bool v : w["valid"]) valid.push_back(v ? 1 : 0);
    EXPECT_EQ(c.valid, valid) << at_column;
    const json& values = w["values"];
    ASSERT_EQ(static_cast<size_t>(c.element_count()), values.size()) << at_column;
    for (size_t k = 0; k < values.size(); ++k) {
      std::string at_value = at_column + " value " + std::to_string(k);
      switch (c.type) {
        case DataType::boolean:
          EXPECT_EQ(c.data[k], values[k].get<bool>() ? 1 : 0) << at_value;
          break;
        case DataType::int32:
          EXPECT_EQ(at<int32_t>(c, k), values[k].get<int32_t>()) << at_value;
          break;
        case DataType::int64:
        case DataType::datetime:
          EXPECT_EQ(at<int64_t>(c, k), values[k].get<int64_t>()) << at_value;
          break;
        case DataType::float32:
          expect_float(at<float>(c, k), values[k], at_value);
          break;
        case DataType::float64:
          expect_float(at<double>(c, k), values[k], at_value);
          break;
        case DataType::string:
          EXPECT_EQ(c.string_at(static_cast<int64_t>(k)), values[k].get<std::string>()) << at_value;
          break;
        case DataType::binary:
          EXPECT_EQ(hex(c.string_at(static_cast<int64_t>(k))), values[k].get<std::string>()) << at_value;
          break;
      }
    }
  }
}

TEST(WorkerWireVectors, every_shared_vector_decodes_and_reencodes_byte_for_byte) {
  std::filesystem::path dir = std::filesystem::path(CAIRN_TESTS_DIR) / "runtime/python/vectors";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::string name = entry.path().stem().string();
    json want = json::parse(read_file(entry.path()))["message"];
    std::string frame = read_file(dir / (name + ".bin"));
    ASSERT_GE(frame.size(), 5u) << name;
    std::string type = want["type"].get<std::string>();
    if (type == "PREDICT" || type == "PING") {
      auto decoded = decode_gateway_message(std::string_view(frame).substr(4));
      ASSERT_TRUE(decoded.ok()) << name << ": " << decoded.error().message;
      if (type == "PING") {
        EXPECT_EQ(std::get<Ping>(*decoded).id, want["id"].get<uint64_t>()) << name;
        EXPECT_EQ(encode_ping(want["id"].get<uint64_t>()), frame) << name;
      } else {
        const Predict& p = std::get<Predict>(*decoded);
        EXPECT_EQ(p.id, want["id"].get<uint64_t>()) << name;
        if (want["params"].is_null())
          EXPECT_TRUE(p.params_json.empty()) << name;
        else
          EXPECT_EQ(json::parse(p.params_json), want["params"]) << name;
        expect_table(p.table, want["table"], name);
        EXPECT_EQ(encode_predict(p.id, p.params_json, p.table), frame) << name;
      }
    } else {
      WorkerDecoder decoder;
      auto got = decoder.feed(frame);
      ASSERT_TRUE(got.ok()) << name << ": " << got.error().message;
      ASSERT_EQ(got->size(), 1u) << name;
      const WorkerMessage& m = got->front();
      if (type == "READY") {
        EXPECT_EQ(json::parse(std::get<Ready>(m).json), want["info"]) << name;
        EXPECT_EQ(encode_ready(std::get<Ready>(m).json), frame) << name;
      } else if (type == "FAILED") {
        json body = json::parse(std::get<Failed>(m).json);
        EXPECT_EQ(body["error"], want["error"]) << name;
        EXPECT_EQ(body["traceback"], want["traceback"]) << name;
        EXPECT_EQ(encode_failed(std::get<Failed>(m).json), frame) << name;
      } else if (type == "ERROR") {
        EXPECT_EQ(std::get<PredictError>(m).id, want["id"].get<uint64_t>()) << name;
        EXPECT_EQ(std::get<PredictError>(m).message, want["message"].get<std::string>()) << name;
        EXPECT_EQ(encode_error(want["id"].get<uint64_t>(), want["message"].get<std::string>()), frame) << name;
      } else if (type == "PONG") {
        EXPECT_EQ(std::get<Pong>(m).id, want["id"].get<uint64_t>()) << name;
        EXPECT_EQ(encode_pong(want["id"].get<uint64_t>()), frame) << name;
      } else {
        ASSERT_EQ(type, "RESULT") << name;
        const PredictResult& r = std::get<PredictResult>(m);
        EXPECT_EQ(r.id, want["id"].get<uint64_t>()) << name;
        EXPECT_EQ(static_cast<int>(r.prediction.kind), want["kind"].get<int>()) << name;
        if (r.prediction.kind == serving::Prediction::Kind::json) {
          EXPECT_EQ(r.prediction.json, want["json"].get<std::string>()) << name;
          EXPECT_EQ(r.prediction.json_rows, want["rows"].get<int64_t>()) << name;
        } else {
          expect_table(r.prediction.table, want["table"], name);
        }
        EXPECT_EQ(encode_result(r.id, r.prediction), frame) << name;
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 14);  // every vector of sdk/python/tests/vectors at the time of copying
}

}  // namespace
}  // namespace cairn::runtime::python
