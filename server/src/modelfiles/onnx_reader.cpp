// A minimal reader of the protobuf wire format for the few fields of onnx.proto that the
// registry shows. Why by hand: reading ~6 fields does not justify protobuf code generation and
// the onnx schema as a build dependency, and a hand-written walker can skip the weight payloads
// (often gigabytes) as it streams, which a generated ParseFromIstream cannot: it would hold the
// whole model in memory.
//
// Wire format: every field is a varint key (field_number << 3 | wire_type) followed by a varint
// (type 0), 8 bytes (1), a varint length and that many bytes (2), or 4 bytes (5). Nested messages
// are length-delimited, so each parse_* below reads fields until the end offset of its message.
#include "modelfiles/onnx_reader.hpp"

#include <limits>
#include <string_view>
#include <unordered_set>

namespace cairn::modelfiles {
namespace {

/// Ends the parse of a malformed file; caught once in read_onnx, never leaves this file.
struct Malformed {
  std::string what;
};

constexpr std::size_t kMaxNameBytes = 4096;                 ///< longer names are skipped
constexpr std::size_t kMaxInitializerNameBytes = 16 << 20;  ///< bounds memory on hostile files
constexpr std::size_t kMaxValueInfos = 10000;               ///< inputs or outputs kept
constexpr int kMaxTypeDepth = 16;                           ///< sequence(map(sequence(...)))

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

struct Field {
  uint32_t number = 0;
  uint32_t wire_type = 0;
  uint64_t value = 0;  ///< the varint, or the length of a length-delimited field
};

std::string_view elem_type_name(uint64_t t) {
  switch (t) {
    case 1:
      return "float";
    case 2:
      return "uint8";
    case 3:
      return "int8";
    case 4:
      return "uint16";
    case 5:
      return "int16";
    case 6:
      return "int32";
    case 7:
      return "int64";
    case 8:
      return "string";
    case 9:
      return "bool";
    case 10:
      return "float16";
    case 11:
      return "double";
    case 12:
      return "uint32";
    case 13:
      return "uint64";
    case 14:
      return "complex64";
    case 15:
      return "complex128";
    case 16:
      return "bfloat16";
    default:
      return "undefined";
  }
}

class WireReader {
 public:
  WireReader(ByteReader& in, int64_t size)
      : in_(in),
        file_end_(size >= 0 ? static_cast<uint64_t>(size) : std::numeric_limits<uint64_t>::max()),
        size_known_(size >= 0) {}

  uint64_t file_end() const { return file_end_; }
  uint64_t offset() const { return in_.offset(); }

  uint64_t varint(uint64_t end) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.offset() >= end) throw Malformed{"varint runs past its message"};
      auto b = in_.read_byte();
      if (!b) throw Malformed{"truncated varint"};
      v |= static_cast<uint64_t>(*b & 0x7f) << shift;
      if ((*b & 0x80) == 0) return v;
    }
    throw Malformed{"varint longer than 10 bytes"};
  }

  /// The next field of a message ending at `end`; false at its end.
  bool next(uint64_t end, Field& f) {
    if (in_.offset() >= end) return false;
    // With an unknown size, the end of the stream between two top-level fields is the end.
    if (!size_known_ && end == file_end_ && in_.peek(1).empty()) return false;
    uint64_t key = varint(end);
    f.number = static_cast<uint32_t>(key >> 3);
    f.wire_type = static_cast<uint32_t>(key & 7);
    if (f.number == 0) throw Malformed{"field number 0"};
    switch (f.wire_type) {
      case kVarint:
        f.value = varint(end);
        return true;
      case kFixed64:
        f.value = 8;
        break;
      case kFixed32:
        f.value = 4;
        break;
      case kLengthDelimited:
        f.value = varint(end);
        break;
      default:
        throw Malformed{"unsupported wire type " + std::to_string(f.wire_type)};
    }
    // Checked before anything is read or skipped: a hostile length costs nothing.
    if (f.value > end - in_.offset()) throw Malformed{"length beyond its message or the file"};
    return true;
  }

  /// Discards the payload of a field that next() returned and the caller does not want.
  void skip(const Field& f) {
    if (f.wire_type == kVarint) return;
    if (in_.skip(f.value) != f.value) throw Malformed{"truncated field"};
  }

  /// A length-delimited string field, or "" when it is longer than `cap` (then skipped).
  std::string string(const Field& f, std::size_t cap = kMaxNameBytes) {
    expect_length_delimited(f);
    if (f.value > cap) {
      skip(f);
      return {};
    }
    std::string s;
    if (in_.read_into(s, f.value) != f.value) throw Malformed{"truncated string"};
    return s;
  }

  /// The end offset of a nested message field.
  uint64_t message_end(const Field& f) {
    expect_length_delimited(f);
    return in_.offset() + f.value;
  }

  void expect_varint(const Field& f) {
    if (f.wire_type != kVarint) throw Malformed{"field " + std::to_string(f.number) + " is not a varint"};
  }

 private:
  void expect_length_delimited(const Field& f) {
    if (f.wire_type != kLengthDelimited) {
      throw Malformed{"field " + std::to_string(f.number) + " is not length-delimited"};
    }
  }

  ByteReader& in_;
  uint64_t file_end_;
  bool size_known_;
};

// TensorShapeProto.Dimension: dim_value = 1, dim_param = 2.
void parse_dimension(WireReader& w, uint64_t end, nlohmann::json& shape, nlohmann::json& params) {
  int64_t value = -1;  // an unknown or symbolic dimension
  std::string param;
  Field f;
  while (w.next(end, f)) {
    if (f.number == 1 && f.wire_type == kVarint) {
      value = static_cast<int64_t>(f.value);
    } else if (f.number == 2) {
      param = w.string(f);
    } else {
      w.skip(f);
    }
  }
  shape.push_back(value);
  params.push_back(param);
}

// TypeProto.Tensor (and SparseTensor, same layout): elem_type = 1, shape = 2 { dim = 1 }.
void parse_tensor_type(WireReader& w, uint64_t end, nlohmann::json& out) {
  out["type"] = "tensor";
  out["elem_type"] = "undefined";
  Field f;
  while (w.next(end, f)) {
    if (f.number == 1 && f.wire_type == kVarint) {
      out["elem_type"] = elem_type_name(f.value);
    } else if (f.number == 2 && f.wire_type == kLengthDelimited) {
      auto shape = nlohmann::json::array();
      auto params = nlohmann::json::array();
      uint64_t shape_end = w.message_end(f);
      Field d;
      while (w.next(shape_end, d)) {
        if (d.number == 1 && d.wire_type == kLengthDelimited) {
          parse_dimension(w, w.message_end(d), shape, params);
        } else {
          w.skip(d);
        }
      }
      out["shape"] = shape;
      for (const auto& p : params) {
        if (!p.get_ref<const std::string&>().empty()) {
          out["dim_params"] = params;  // symbolic names, e.g. "batch", beside the -1 in shape
          break;
        }
      }
    } else {
      w.skip(f);
    }
  }
}

void parse_type(WireReader& w, uint64_t end, nlohmann::json& out, int depth);

// TypeProto.Map: key_type = 1 (an elem type), value_type = 2.
void parse_map_type(WireReader& w, uint64_t end, nlohmann::json& out, int depth) {
  out["type"] = "map";
  Field f;
  while (w.next(end, f)) {
    if (f.number == 1 && f.wire_type == kVarint) {
      out["key_type"] = elem_type_name(f.value);
    } else if (f.number == 2 && f.wire_type == kLengthDelimited) {
      parse_type(w, w.message_end(f), out["value"], depth + 1);
    } else {
      w.skip(f);
    }
  }
}

// TypeProto.Sequence / Optional: elem_type = 1 (a TypeProto).
void parse_wrapper_type(WireReader& w, uint64_t end, nlohmann::json& out, const char* kind, int depth) {
  out["type"] = kind;
  Field f;
  while (w.next(end, f)) {
    if (f.number == 1 && f.wire_type == kLengthDelimited) {
      parse_type(w, w.message_end(f), out["elem"], depth + 1);
    } else {
      w.skip(f);
    }
  }
}

// TypeProto: tensor_type = 1, sequence_type = 4, map_type = 5, sparse_tensor_type = 8,
// optional_type = 9.
void parse_type(WireReader& w, uint64_t end, nlohmann::json& out, int depth) {
  if (depth > kMaxTypeDepth) throw Malformed{"types nested too deep"};
  out = nlohmann::json::object();
  Field f;
  while (w.next(end, f)) {
    if (f.wire_type != kLengthDelimited) {
      w.skip(f);
      continue;
    }
    uint64_t inner = w.message_end(f);
    switch (f.number) {
      case 1:
        parse_tensor_type(w, inner, out);
        break;
      case 8:
        parse_tensor_type(w, inner, out);
        out["type"] = "sparse_tensor";
        break;
      case 4:
        parse_wrapper_type(w, inner, out, "sequence", depth);
        break;
      case 9:
        parse_wrapper_type(w, inner, out, "optional", depth);
        break;
      case 5:
        parse_map_type(w, inner, out, depth);
        break;
      default:
        w.skip(f);
    }
  }
}

// ValueInfoProto: name = 1, type = 2.
nlohmann::json parse_value_info(WireReader& w, uint64_t end) {
  nlohmann::json out = {{"name", ""}};
  Field f;
  while (w.next(end, f)) {
    if (f.number == 1) {
      out["name"] = w.string(f);
    } else if (f.number == 2 && f.wire_type == kLengthDelimited) {
      nlohmann::json type;
      parse_type(w, w.message_end(f), type, 0);
      out.update(type);
    } else {
      w.skip(f);
    }
  }
  return out;
}

// TensorProto: only name = 8; the payload (raw_data = 9, float_data = 4, ...) is skipped.
std::string parse_initializer_name(WireReader& w, uint64_t end) {
  std::string name;
  Field f;
  while (w.next(end, f)) {
    if (f.number == 8) {
      name = w.string(f);
    } else {
      w.skip(f);
    }
  }
  return name;
}

// GraphProto: node = 1 (skipped), name = 2, initializer = 5, input = 11, output = 12.
void parse_graph(WireReader& w, uint64_t end, nlohmann::json& details) {
  std::vector<nlohmann::json> inputs;
  auto outputs = nlohmann::json::array();
  std::unordered_set<std::string> initializers;
  std::size_t initializer_bytes = 0;
  bool initializers_complete = true;
  Field f;
  while (w.next(end, f)) {
    if (f.number == 2 && f.wire_type == kLengthDelimited) {
      details["graph_name"] = w.string(f);
    } else if (f.number == 5 && f.wire_type == kLengthDelimited) {
      auto name = parse_initializer_name(w, w.message_end(f));
      if (initializer_bytes + name.size() > kMaxInitializerNameBytes) {
        initializers_complete = false;
      } else {
        initializer_bytes += name.size();
        initializers.insert(std::move(name));
      }
    } else if ((f.number == 11 || f.number == 12) && f.wire_type == kLengthDelimited) {
      auto info = parse_value_info(w, w.message_end(f));
      if (f.number == 11) {
        if (inputs.size() < kMaxValueInfos) inputs.push_back(std::move(info));
      } else if (outputs.size() < kMaxValueInfos) {
        outputs.push_back(std::move(info));
      }
    } else {
      w.skip(f);
    }
  }
  // Before IR version 4 every initializer was also listed as a graph input: those are weights
  // with defaults, not what a caller feeds.
  auto model_inputs = nlohmann::json::array();
  for (auto& in : inputs) {
    if (!initializers.count(in["name"].get<std::string>())) model_inputs.push_back(std::move(in));
  }
  details["inputs"] = std::move(model_inputs);
  details["outputs"] = std::move(outputs);
  if (!initializers_complete) details["warning"] = "too many initializers: inputs may include weights";
}

// OperatorSetIdProto: domain = 1, version = 2.
void parse_opset(WireReader& w, uint64_t end, nlohmann::json& details) {
  std::string domain;
  int64_t version = 0;
  Field f;
  while (w.next(end, f)) {
    if (f.number == 1) {
      domain = w.string(f);
    } else if (f.number == 2 && f.wire_type == kVarint) {
      version = static_cast<int64_t>(f.value);
    } else {
      w.skip(f);
    }
  }
  if (domain.empty() || domain == "ai.onnx") details["opset"] = version;
  details["opsets"][domain.empty() ? "ai.onnx" : domain] = version;
}

// ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, graph = 7,
// opset_import = 8.
void parse_model(WireReader& w, nlohmann::json& details) {
  bool has_graph = false;
  bool has_ir_version = false;
  Field f;
  while (w.next(w.file_end(), f)) {
    if (f.number == 1 && f.wire_type == kVarint) {
      details["ir_version"] = static_cast<int64_t>(f.value);
      has_ir_version = true;
    } else if (f.number == 2) {
      details["producer"] = w.string(f);
    } else if (f.number == 3) {
      details["producer_version"] = w.string(f);
    } else if (f.number == 7 && f.wire_type == kLengthDelimited) {
      parse_graph(w, w.message_end(f), details);
      has_graph = true;
    } else if (f.number == 8 && f.wire_type == kLengthDelimited) {
      parse_opset(w, w.message_end(f), details);
    } else {
      w.skip(f);
    }
  }
  if (!has_graph || !has_ir_version) throw Malformed{"no ir_version or graph: not an ONNX model"};
}

}  // namespace

OnnxSummary read_onnx(ByteReader& in, int64_t size) {
  OnnxSummary out;
  WireReader w(in, size);
  try {
    parse_model(w, out.details);
  } catch (const Malformed& m) {
    out.problem = "ONNX: " + m.what + " (at byte " + std::to_string(w.offset()) + ")";
    out.details = nlohmann::json::object();
  } catch (const std::exception& e) {  // allocation failure on a hostile file
    out.problem = std::string("ONNX: ") + e.what();
    out.details = nlohmann::json::object();
  }
  return out;
}

}  // namespace cairn::modelfiles
