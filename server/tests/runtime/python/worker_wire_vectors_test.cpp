#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/python/worker_wire.hpp"

namespace cairn::runtime::python {
namespace {

using serving::DataType;
using serving::Prediction;

std::string read_vector(const char* name) {
  std::ifstream f(std::string(CAIRN_TESTS_DIR) + "/runtime/python/vectors/" + name, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

template <class T>
std::vector<T> values(const serving::Column& c) {
  return {c.values<T>(), c.values<T>() + c.element_count()};
}

// Frames the Python worker's encoder wrote (vectors/README.md): the gateway reads every message and
// every dtype back as the worker meant them.
TEST(WorkerWireVectors, decodes_frames_written_by_the_python_worker) {
  std::string stream = read_vector("worker_to_gateway.bin");
  ASSERT_FALSE(stream.empty());
  for (size_t step : {size_t{7}, stream.size()}) {
    WorkerDecoder decoder;
    std::vector<WorkerMessage> all;
    for (size_t at = 0; at < stream.size(); at += step) {
      auto got = decoder.feed(std::string_view(stream).substr(at, step));
      ASSERT_TRUE(got.ok()) << got.error().message;
      for (auto& m : *got) all.push_back(std::move(m));
    }
    ASSERT_EQ(all.size(), 9u);
    EXPECT_NE(std::get<Ready>(all[0]).json.find("\"batchable\":true"), std::string::npos);

    const auto& frame = std::get<PredictResult>(all[1]);
    EXPECT_EQ(frame.id, 1u);
    EXPECT_EQ(frame.prediction.kind, Prediction::Kind::dataframe);
    const serving::Table& t = frame.prediction.table;
    EXPECT_EQ(t.rows, 3);
    ASSERT_EQ(t.columns.size(), 9u);
    EXPECT_EQ(t.find("flag")->data, (std::vector<uint8_t>{1, 0, 1}));
    EXPECT_EQ(values<int32_t>(*t.find("i32")), (std::vector<int32_t>{-1, 0, 2147483647}));
    EXPECT_EQ(values<int64_t>(*t.find("i64")), (std::vector<int64_t>{INT64_MIN, 7, INT64_MAX}));
    EXPECT_EQ(t.find("i64")->valid, (std::vector<uint8_t>{1, 0, 1}));
    EXPECT_EQ(t.find("f32")->shape, (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(values<float>(*t.find("f32")), (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
    auto f64 = values<double>(*t.find("f64"));
    EXPECT_EQ(f64[0], 1.5);
    EXPECT_TRUE(std::isinf(f64[1]));
    EXPECT_TRUE(std::signbit(f64[2]));
    const serving::Column& s = *t.find("s");
    EXPECT_EQ(s.type, DataType::string);
    EXPECT_EQ(s.string_at(0), "");
    EXPECT_EQ(s.string_at(1), "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93");
    EXPECT_EQ(s.valid, (std::vector<uint8_t>{1, 1, 0}));
    const serving::Column& b = *t.find("b");
    EXPECT_EQ(b.type, DataType::binary);
    EXPECT_EQ(b.string_at(0), std::string("\x00\xff", 2));
    EXPECT_EQ(b.string_at(2), "abc");
    EXPECT_EQ(values<int64_t>(*t.find("t")), (std::vector<int64_t>{1709208000000000001LL, 0, -2208988800000000000LL}));
    const serving::Column& st = *t.find("st");
    EXPECT_EQ(st.shape, (std::vector<int64_t>{2}));
    EXPECT_EQ(st.string_at(3), "\xc3\xa7");
    EXPECT_EQ(st.string_at(5), "yz");

    const auto& nd = std::get<PredictResult>(all[2]);
    EXPECT_EQ(nd.prediction.kind, Prediction::Kind::ndarray);
    EXPECT_EQ(nd.prediction.table.columns.at(0).name, "");
    EXPECT_EQ(values<double>(nd.prediction.table.columns.at(0)), (std::vector<double>{0.25, 0.5}));
    const auto& series = std::get<PredictResult>(all[3]);
    EXPECT_EQ(series.prediction.kind, Prediction::Kind::series);
    EXPECT_EQ(series.prediction.table.columns.at(0).name, "score");
    const auto& dict = std::get<PredictResult>(all[4]);
    EXPECT_EQ(dict.prediction.json, R"({"a": [1, 2]})");
    EXPECT_EQ(dict.prediction.json_rows, -1);
    const auto& list = std::get<PredictResult>(all[5]);
    EXPECT_EQ(list.prediction.json_rows, 3);
    EXPECT_EQ(std::get<PredictError>(all[6]).id, 6u);
    EXPECT_EQ(std::get<PredictError>(all[6]).message, "ValueError: Input X contains NaN.");
    EXPECT_EQ(std::get<Pong>(all[7]).id, 7u);
    EXPECT_NE(std::get<Failed>(all[8]).json.find("lightgbm"), std::string::npos);
  }
}

// What encode_predict writes is the file the Python side decodes (vectors/README.md): a change of
// the C++ encoder that the worker would not read fails here first.
TEST(WorkerWireVectors, encodes_predict_frames_byte_for_byte_as_the_vector) {
  std::string stream = read_vector("gateway_to_worker.bin");
  ASSERT_FALSE(stream.empty());
  std::vector<std::string> frames;
  for (size_t at = 0; at + 4 <= stream.size();) {
    uint32_t n;
    std::memcpy(&n, stream.data() + at, 4);
    frames.push_back(stream.substr(at, 4 + n));
    at += 4 + n;
  }
  ASSERT_EQ(frames.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    auto decoded = decode_gateway_message(std::string_view(frames[i]).substr(4));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    const Predict& p = std::get<Predict>(*decoded);
    EXPECT_EQ(encode_predict(p.id, p.params_json, p.table), frames[i]);
  }
  EXPECT_EQ(std::get<Predict>(*decode_gateway_message(std::string_view(frames[0]).substr(4))).params_json,
            R"({"k":1})");
  EXPECT_EQ(encode_ping(13), frames[2]);
}

}  // namespace
}  // namespace cairn::runtime::python
