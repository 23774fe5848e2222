#include "runtime/python/worker_wire.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

namespace cairn::runtime::python {
namespace {

using serving::Column;
using serving::DataType;
using serving::Prediction;
using serving::Table;

Column doubles(std::string name, std::vector<double> v, std::vector<int64_t> shape = {}) {
  Column c;
  c.name = std::move(name);
  c.type = DataType::float64;
  c.shape = std::move(shape);
  c.data.resize(v.size() * 8);
  std::memcpy(c.data.data(), v.data(), c.data.size());
  return c;
}

Column strings(std::string name, std::vector<std::string> v) {
  Column c;
  c.name = std::move(name);
  c.type = DataType::string;
  c.offsets.push_back(0);
  for (auto& s : v) {
    c.data.insert(c.data.end(), s.begin(), s.end());
    c.offsets.push_back(static_cast<uint32_t>(c.data.size()));
  }
  return c;
}

Table sample_table() {
  Table t;
  t.kind = serving::TableKind::dataframe;
  t.rows = 2;
  t.columns.push_back(doubles("x", {1.5, 2.5}));
  t.columns.push_back(strings("s", {"a", "\xc3\xa9t\xc3\xa9"}));
  t.columns.back().valid = {1, 0};
  t.columns.push_back(doubles("", {1, 2, 3, 4, 5, 6}, {3}));
  return t;
}

void expect_same(const Table& a, const Table& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.rows, b.rows);
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t i = 0; i < a.columns.size(); ++i) {
    EXPECT_EQ(a.columns[i].name, b.columns[i].name);
    EXPECT_EQ(a.columns[i].type, b.columns[i].type);
    EXPECT_EQ(a.columns[i].shape, b.columns[i].shape);
    EXPECT_EQ(a.columns[i].data, b.columns[i].data);
    EXPECT_EQ(a.columns[i].offsets, b.columns[i].offsets);
    EXPECT_EQ(a.columns[i].valid, b.columns[i].valid);
  }
}

std::string_view payload(const std::string& frame) {
  return std::string_view(frame).substr(4);
}

TEST(WorkerWire, predict_frame_layout_matches_the_adr) {
  Table t;
  t.kind = serving::TableKind::tensors;
  t.rows = 1;
  t.columns.push_back(doubles("", {0.5}));
  std::string f = encode_predict(7, "{}", t);
  // u32 length, type 3, u64 id, u32 2 + "{}", TABLE: u8 kind 1, i64 rows 1, u16 columns 1,
  // u16 0 (name), u8 dtype 5, u8 ndim 0, u8 has_validity 0, u64 nbytes 8, then the double.
  std::string expected;
  auto put = [&](auto v) { expected.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(uint32_t{0});
  put(uint8_t{3});
  put(uint64_t{7});
  put(uint32_t{2});
  expected += "{}";
  put(uint8_t{1});
  put(int64_t{1});
  put(uint16_t{1});
  put(uint16_t{0});
  put(uint8_t{5});
  put(uint8_t{0});
  put(uint8_t{0});
  put(uint64_t{8});
  put(0.5);
  auto length = static_cast<uint32_t>(expected.size() - 4);
  std::memcpy(expected.data(), &length, 4);
  EXPECT_EQ(f, expected);
}

TEST(WorkerWire, predict_round_trips) {
  Table t = sample_table();
  auto decoded = decode_gateway_message(payload(encode_predict(42, R"({"k": 1})", t)));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  auto& p = std::get<Predict>(*decoded);
  EXPECT_EQ(p.id, 42u);
  EXPECT_EQ(p.params_json, R"({"k": 1})");
  expect_same(p.table, t);
  auto ping = decode_gateway_message(payload(encode_ping(9)));
  ASSERT_TRUE(ping.ok());
  EXPECT_EQ(std::get<Ping>(*ping).id, 9u);
}

TEST(WorkerWire, decoder_reassembles_frames_split_anywhere) {
  Prediction p;
  p.kind = Prediction::Kind::dataframe;
  p.table = sample_table();
  Prediction j;
  j.kind = Prediction::Kind::json;
  j.json = R"({"a": 1})";
  std::string stream = encode_ready(R"({"pid": 12, "batchable": true})") + encode_result(1, p) +
                       encode_error(2, "ValueError: bad") + encode_pong(3) + encode_result(4, j) +
                       encode_failed(R"({"error": "x"})");
  for (size_t step : {size_t{1}, size_t{3}, size_t{17}, stream.size()}) {
    WorkerDecoder decoder;
    std::vector<WorkerMessage> all;
    for (size_t at = 0; at < stream.size(); at += step) {
      auto got = decoder.feed(std::string_view(stream).substr(at, step));
      ASSERT_TRUE(got.ok()) << got.error().message;
      for (auto& m : *got) all.push_back(std::move(m));
    }
    ASSERT_EQ(all.size(), 6u) << "step " << step;
    EXPECT_EQ(decoder.buffered(), 0u);
    EXPECT_EQ(std::get<Ready>(all[0]).json, R"({"pid": 12, "batchable": true})");
    EXPECT_EQ(std::get<PredictResult>(all[1]).id, 1u);
    EXPECT_EQ(std::get<PredictResult>(all[1]).prediction.kind, Prediction::Kind::dataframe);
    expect_same(std::get<PredictResult>(all[1]).prediction.table, p.table);
    EXPECT_EQ(std::get<PredictError>(all[2]).message, "ValueError: bad");
    EXPECT_EQ(std::get<Pong>(all[3]).id, 3u);
    EXPECT_EQ(std::get<PredictResult>(all[4]).prediction.json, R"({"a": 1})");
    EXPECT_EQ(std::get<PredictResult>(all[4]).prediction.json_rows, -1);
    EXPECT_EQ(std::get<Failed>(all[5]).json, R"({"error": "x"})");
  }
}

TEST(WorkerWire, frame_over_the_bound_is_refused_before_it_arrives) {
  WorkerDecoder decoder(1024);
  std::string header(4, '\0');
  uint32_t length = 4096;
  std::memcpy(header.data(), &length, 4);
  auto got = decoder.feed(header);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("over the bound"), std::string::npos);
}

TEST(WorkerWire, malformed_frames_are_errors) {
  Prediction p;
  p.kind = Prediction::Kind::ndarray;
  p.table = sample_table();
  std::string good = encode_result(5, p);
  std::vector<std::string> bad;
  bad.push_back(std::string(4, '\0'));  // empty frame
  bad.push_back(encode_ping(1));        // a gateway message from the worker
  std::string unknown = encode_pong(1);
  unknown[4] = 99;
  bad.push_back(unknown);  // unknown type
  std::string truncated = good.substr(0, good.size() - 3);
  auto length = static_cast<uint32_t>(truncated.size() - 4);
  std::memcpy(truncated.data(), &length, 4);
  bad.push_back(truncated);  // payload shorter than its table
  std::string trailing = good + "x";
  length = static_cast<uint32_t>(trailing.size() - 4);
  std::memcpy(trailing.data(), &length, 4);
  bad.push_back(trailing);  // bytes after the table
  std::string dtype = good;
  // Find the first column's dtype byte: 4 + 1 + 8 + 1 (kind) + 1 + 8 + 2 + 2 + len("x") = 28.
  dtype[28] = 42;
  bad.push_back(dtype);  // unknown dtype
  std::string count = good;
  uint64_t nbytes = 9;
  std::memcpy(count.data() + 31, &nbytes, 8);
  bad.push_back(count);  // nbytes not rows x width
  for (size_t i = 0; i < bad.size(); ++i) {
    WorkerDecoder decoder;
    auto got = decoder.feed(bad[i]);
    EXPECT_FALSE(got.ok()) << "case " << i;
  }
  WorkerDecoder decoder;
  EXPECT_TRUE(decoder.feed(good).ok());
}

TEST(WorkerWire, string_offsets_must_span_the_bytes) {
  Table t;
  t.rows = 1;
  t.columns.push_back(strings("s", {"abc"}));
  std::string f = encode_predict(1, "", t);
  std::string corrupt = f;
  // The last offset (3) sits 4 bytes before the u64 nbytes that precedes "abc".
  uint32_t bad_offset = 2;
  std::memcpy(corrupt.data() + corrupt.size() - 3 - 8 - 4, &bad_offset, 4);
  EXPECT_TRUE(decode_gateway_message(payload(f)).ok());
  EXPECT_FALSE(decode_gateway_message(payload(corrupt)).ok());
}

TEST(WorkerWire, corrupted_frames_never_crash_the_decoder) {
  Prediction p;
  p.kind = Prediction::Kind::dataframe;
  p.table = sample_table();
  std::string good = encode_result(5, p) + encode_pong(6);
  std::mt19937 random(12345);
  int errors = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = good;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) bytes[random() % bytes.size()] = static_cast<char>(random());
    WorkerDecoder decoder(1 << 16);
    auto got = decoder.feed(bytes);
    if (!got.ok()) ++errors;
  }
  EXPECT_GT(errors, 0);  // corruption is noticed, and nothing above crashed or read out of bounds
}

}  // namespace
}  // namespace cairn::runtime::python
