#include <gtest/gtest.h>
#include <sys/resource.h>

#include <variant>

#include "test_readers.hpp"

namespace cairn::modelfiles {
namespace {

using testing::inspect_bytes;

/// Writes protobuf wire format by hand, as the reader under test reads it.
struct Pb {
  std::string bytes;

  Pb& raw_varint(uint64_t v) {
    while (v >= 0x80) {
      bytes.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    bytes.push_back(static_cast<char>(v));
    return *this;
  }
  Pb& key(uint32_t field, uint32_t wire) { return raw_varint(uint64_t{field} << 3 | wire); }
  Pb& varint(uint32_t field, uint64_t v) { return key(field, 0).raw_varint(v); }
  Pb& str(uint32_t field, std::string_view s) {
    key(field, 2).raw_varint(s.size());
    bytes += s;
    return *this;
  }
  Pb& msg(uint32_t field, const Pb& m) { return str(field, m.bytes); }
};

using Dim = std::variant<int64_t, std::string>;

Pb tensor_type(int elem_type, const std::vector<Dim>& dims) {
  Pb shape;
  for (const auto& d : dims) {
    Pb dim;
    if (auto* v = std::get_if<int64_t>(&d)) dim.varint(1, static_cast<uint64_t>(*v));
    if (auto* p = std::get_if<std::string>(&d); p && !p->empty()) dim.str(2, *p);
    shape.msg(1, dim);
  }
  Pb tensor;
  tensor.varint(1, elem_type).msg(2, shape);
  return Pb().msg(1, tensor);  // TypeProto.tensor_type
}

Pb value_info(std::string_view name, const Pb& type) {
  return Pb().str(1, name).msg(2, type);
}

Pb initializer(std::string_view name, std::size_t raw_bytes) {
  // dims = 1, data_type = 2, name = 8, raw_data = 9
  return Pb().varint(1, raw_bytes / 4).varint(2, 1).str(8, name).str(9, std::string(raw_bytes, '\x01'));
}

Pb opset(std::string_view domain, int version) {
  Pb p;
  if (!domain.empty()) p.str(1, domain);
  return p.varint(2, version);
}

/// A linear model y = x W: "W" is an initializer that old exporters also list as an input.
Pb linear_graph() {
  Pb node;  // NodeProto: input = 1, output = 2, op_type = 4; skipped by the reader
  node.str(1, "x").str(1, "W").str(2, "y").str(4, "MatMul");
  Pb graph;
  graph.msg(1, node)
      .str(2, "linear")
      .msg(5, initializer("W", 64))
      .msg(11, value_info("x", tensor_type(1, {std::string("batch"), int64_t{4}})))
      .msg(11, value_info("W", tensor_type(1, {int64_t{4}, int64_t{1}})))
      .msg(12, value_info("y", tensor_type(7, {std::string(), int64_t{1}})));
  return graph;
}

Pb linear_model_without_opsets() {
  return Pb().varint(1, 8).str(2, "hand").str(3, "1.0").msg(7, linear_graph());
}

std::string linear_model() {
  return linear_model_without_opsets().msg(8, opset("", 17)).msg(8, opset("ai.onnx.ml", 3)).bytes;
}

/// The file was judged opaque for the reason `why` (a part of the warning).
void expect_opaque_because(const Result<FileInspection>& r, std::string_view why) {
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "opaque");
  EXPECT_NE(r->details.value("warning", std::string()).find(why), std::string::npos) << r->details.dump();
}

TEST(OnnxReader, reads_inputs_outputs_opsets_and_producer_without_weights_as_inputs) {
  auto r = inspect_bytes("models/linear.onnx", linear_model(), /*chunk=*/3);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->format, "onnx");
  EXPECT_EQ(r->framework, "onnx");
  EXPECT_FALSE(r->executable_code);
  const auto& d = r->details;
  EXPECT_EQ(d["ir_version"], 8);
  EXPECT_EQ(d["producer"], "hand");
  EXPECT_EQ(d["producer_version"], "1.0");
  EXPECT_EQ(d["opset"], 17);
  EXPECT_EQ(d["opsets"], (nlohmann::json{{"ai.onnx", 17}, {"ai.onnx.ml", 3}}));
  EXPECT_EQ(d["graph_name"], "linear");
  ASSERT_EQ(d["inputs"].size(), 1u) << d.dump();
  EXPECT_EQ(d["inputs"][0]["name"], "x");
  EXPECT_EQ(d["inputs"][0]["elem_type"], "float");
  EXPECT_EQ(d["inputs"][0]["shape"], (nlohmann::json{-1, 4}));
  EXPECT_EQ(d["inputs"][0]["dim_params"], (nlohmann::json{"batch", ""}));
  ASSERT_EQ(d["outputs"].size(), 1u);
  EXPECT_EQ(d["outputs"][0]["elem_type"], "int64");
  EXPECT_EQ(d["outputs"][0]["shape"], (nlohmann::json{-1, 1}));
  EXPECT_FALSE(d["outputs"][0].contains("dim_params"));
}

TEST(OnnxReader, describes_sequence_of_map_outputs) {
  Pb map;  // TypeProto.Map: key_type = 1, value_type = 2
  map.varint(1, 7).msg(2, tensor_type(1, {}));
  Pb seq;
  seq.msg(1, Pb().msg(5, map));
  Pb graph;
  graph.msg(11, value_info("x", tensor_type(11, {int64_t{2}}))).msg(12, value_info("probabilities", Pb().msg(4, seq)));
  auto r = inspect_bytes("m.onnx", Pb().varint(1, 7).msg(7, graph).bytes);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->format, "onnx") << r->details.dump();
  EXPECT_EQ(r->details["inputs"][0]["elem_type"], "double");
  const auto& out = r->details["outputs"][0];
  EXPECT_EQ(out["type"], "sequence");
  EXPECT_EQ(out["elem"]["type"], "map");
  EXPECT_EQ(out["elem"]["key_type"], "int64");
  EXPECT_EQ(out["elem"]["value"]["elem_type"], "float");
}

TEST(OnnxReader, reads_a_model_of_unknown_size_to_its_end) {
  auto bytes = linear_model();
  auto r = inspect_file("m.onnx", -1, testing::memory_reader(bytes, 5));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "onnx") << r->details.dump();
  EXPECT_EQ(r->details["inputs"].size(), 1u);
}

TEST(OnnxReader, every_truncation_is_opaque_or_a_smaller_valid_model_never_a_crash) {
  auto bytes = linear_model();
  auto graph_end = linear_model_without_opsets().bytes.size();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto cut = bytes.substr(0, n);
    auto known = inspect_bytes("m.onnx", cut);
    auto unknown = inspect_file("m.onnx", -1, testing::memory_reader(cut, 7));
    ASSERT_TRUE(known.ok() && unknown.ok());
    if (n < graph_end) {  // before the graph, or inside it
      EXPECT_EQ(known->format, "opaque") << n;
      EXPECT_TRUE(known->details.contains("warning")) << n;
      EXPECT_EQ(unknown->format, "opaque") << n;
    }
  }
}

TEST(OnnxReader, length_beyond_the_file_is_opaque_without_reading_it) {
  Pb model;
  model.varint(1, 8).key(7, 2).raw_varint(uint64_t{1} << 40);  // a 1 TiB graph in a tiny file
  expect_opaque_because(inspect_bytes("m.onnx", model.bytes), "length beyond");
}

TEST(OnnxReader, nested_message_longer_than_its_parent_is_opaque) {
  Pb graph;
  graph.key(11, 2).raw_varint(50).str(1, "x");  // says 50 bytes, the graph holds 3
  Pb model;
  model.varint(1, 8).msg(7, graph).msg(8, opset("", 17)).msg(8, opset("", 17)).msg(8, opset("", 17));
  expect_opaque_because(inspect_bytes("m.onnx", model.bytes), "length beyond");
}

TEST(OnnxReader, fixed64_field_past_the_end_is_opaque) {
  Pb model;
  model.varint(1, 8).key(20, 1);  // a fixed64 field with 3 of its 8 bytes
  model.bytes += "abc";
  expect_opaque_because(inspect_bytes("m.onnx", model.bytes), "length beyond");
}

TEST(OnnxReader, varint_longer_than_ten_bytes_is_opaque) {
  std::string bytes = "\x08" + std::string(11, '\xff') + "\x01";
  expect_opaque_because(inspect_bytes("m.onnx", bytes), "varint longer");
}

TEST(OnnxReader, deeply_nested_types_are_opaque) {
  Pb type = tensor_type(1, {});
  for (int i = 0; i < 200; ++i) type = Pb().msg(4, Pb().msg(1, type));  // sequence(sequence(...))
  Pb graph;
  graph.msg(11, value_info("x", type));
  expect_opaque_because(inspect_bytes("m.onnx", Pb().varint(1, 8).msg(7, graph).bytes), "nested too deep");
}

TEST(OnnxReader, text_named_onnx_is_opaque) {
  expect_opaque_because(inspect_bytes("m.onnx", "this is not a protobuf, just some text\n"), "ONNX: ");
}

TEST(OnnxReader, reader_errors_are_returned_not_hidden_as_opaque) {
  ReadFn failing = [](char*, std::size_t) -> Result<std::size_t> { return Error::unavailable("store down"); };
  auto r = inspect_file("m.onnx", 100, failing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "store down");
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(OnnxReader, inspects_a_1_gib_model_with_bounded_memory) {
  // The model is generated while it is read: header, a 1 GiB initializer payload, then inputs.
  constexpr uint64_t kPayload = uint64_t{1} << 30;
  Pb tensor_head;
  tensor_head.str(8, "big").key(9, 2).raw_varint(kPayload);
  Pb graph_tail;
  graph_tail.msg(11, value_info("x", tensor_type(1, {int64_t{1}, int64_t{3}})));
  Pb graph_head;
  graph_head.key(5, 2).raw_varint(tensor_head.bytes.size() + kPayload);
  uint64_t graph_size = graph_head.bytes.size() + tensor_head.bytes.size() + kPayload + graph_tail.bytes.size();
  Pb model_head;
  model_head.varint(1, 9).key(7, 2).raw_varint(graph_size);
  std::string head = model_head.bytes + graph_head.bytes + tensor_head.bytes;
  uint64_t total = head.size() + kPayload + graph_tail.bytes.size();
  uint64_t pos = 0;
  ReadFn generated = [&](char* buf, std::size_t cap) -> Result<std::size_t> {
    std::size_t n = 0;
    while (n < cap && pos < total) {
      if (pos < head.size()) {
        buf[n++] = head[pos++];
      } else if (pos < head.size() + kPayload) {
        std::size_t take = std::min<uint64_t>(cap - n, head.size() + kPayload - pos);
        std::memset(buf + n, 0x42, take);
        n += take;
        pos += take;
      } else {
        buf[n++] = graph_tail.bytes[pos++ - head.size() - kPayload];
      }
    }
    return n;
  };
  long before = peak_rss_kib();
  auto r = inspect_file("big.onnx", static_cast<int64_t>(total), generated);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->format, "onnx") << r->details.dump();
  EXPECT_EQ(r->details["inputs"][0]["shape"], (nlohmann::json{1, 3}));
  EXPECT_EQ(pos, total);
  EXPECT_LT(peak_rss_kib() - before, 256 * 1024) << "the payload was buffered";
}

TEST(OnnxReader, reads_a_real_skl2onnx_logistic_regression) {
  // logreg.onnx: skl2onnx 1.20 conversion of LogisticRegression on 4 float features.
  auto r = inspect_bytes("logreg.onnx", testing::test_data("logreg.onnx"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->format, "onnx") << r->details.dump();
  const auto& d = r->details;
  EXPECT_EQ(d["producer"], "skl2onnx");
  EXPECT_EQ(d["opset"], 17);
  EXPECT_EQ(d["opsets"]["ai.onnx.ml"], 1);
  ASSERT_EQ(d["inputs"].size(), 1u);
  EXPECT_EQ(d["inputs"][0],
            (nlohmann::json{{"name", "X"}, {"type", "tensor"}, {"elem_type", "float"}, {"shape", {-1, 4}}}));
  ASSERT_EQ(d["outputs"].size(), 2u);
  EXPECT_EQ(d["outputs"][0]["name"], "output_label");
  EXPECT_EQ(d["outputs"][0]["elem_type"], "int64");
  EXPECT_EQ(d["outputs"][0]["shape"], (nlohmann::json{-1}));
  EXPECT_EQ(d["outputs"][1]["name"], "output_probability");
  EXPECT_EQ(d["outputs"][1]["type"], "sequence");
  EXPECT_EQ(d["outputs"][1]["elem"]["type"], "map");
}

}  // namespace
}  // namespace cairn::modelfiles
