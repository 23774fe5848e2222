#include "runtime/python/worker_wire.hpp"

#include <bit>
#include <cstring>
#include <limits>

namespace cairn::runtime::python {

static_assert(std::endian::native == std::endian::little, "the wire format is little-endian, as is this host");

using serving::Column;
using serving::DataType;
using serving::Prediction;
using serving::Table;

namespace {

template <class T>
void put(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

/// Starts a frame: a length placeholder and the type byte; `finish_frame` writes the length.
size_t begin_frame(std::string& out, FrameType type) {
  size_t at = out.size();
  put<uint32_t>(out, 0);
  put<uint8_t>(out, static_cast<uint8_t>(type));
  return at;
}

void finish_frame(std::string& out, size_t at) {
  auto length = static_cast<uint32_t>(out.size() - at - 4);
  std::memcpy(out.data() + at, &length, 4);
}

std::string frame_with_id(FrameType type, uint64_t id) {
  std::string out;
  size_t at = begin_frame(out, type);
  put<uint64_t>(out, id);
  finish_frame(out, at);
  return out;
}

std::string frame_with_text(FrameType type, std::string_view text) {
  std::string out;
  size_t at = begin_frame(out, type);
  out.append(text);
  finish_frame(out, at);
  return out;
}

Error malformed(const std::string& what) {
  return Error::internal("malformed worker frame: " + what);
}

/// Bounds-checked reads from a payload.
struct Reader {
  std::string_view bytes;
  size_t& at;

  template <class T>
  Result<T> get(const char* what) {
    if (bytes.size() - at < sizeof(T)) return malformed(std::string("truncated at ") + what);
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof(T));
    at += sizeof(T);
    return v;
  }
  Result<std::string_view> take(uint64_t n, const char* what) {
    if (bytes.size() - at < n) return malformed(std::string("truncated in ") + what);
    std::string_view s = bytes.substr(at, static_cast<size_t>(n));
    at += static_cast<size_t>(n);
    return s;
  }
};

bool valid_dtype(uint8_t t) {
  return t >= 1 && t <= 8;
}

Result<Column> decode_column(Reader& in, int64_t rows) {
  Column c;
  CAIRN_TRY_ASSIGN(uint16_t name_len, in.get<uint16_t>("column name length"));
  CAIRN_TRY_ASSIGN(std::string_view name, in.take(name_len, "column name"));
  c.name = std::string(name);
  CAIRN_TRY_ASSIGN(uint8_t dtype, in.get<uint8_t>("dtype"));
  if (!valid_dtype(dtype)) return malformed("unknown dtype " + std::to_string(dtype));
  c.type = static_cast<DataType>(dtype);
  CAIRN_TRY_ASSIGN(uint8_t ndim, in.get<uint8_t>("ndim"));
  uint64_t per_row = 1;
  for (uint8_t i = 0; i < ndim; ++i) {
    CAIRN_TRY_ASSIGN(int64_t d, in.get<int64_t>("dims"));
    if (d < 0 || (d > 0 && per_row > (uint64_t{1} << 40) / static_cast<uint64_t>(d)))
      return malformed("bad dimension " + std::to_string(d));
    per_row *= static_cast<uint64_t>(d);
    c.shape.push_back(d);
  }
  if (static_cast<uint64_t>(rows) > 0 && per_row > (uint64_t{1} << 40) / static_cast<uint64_t>(rows))
    return malformed("too many elements");
  uint64_t elements = per_row * static_cast<uint64_t>(rows);
  CAIRN_TRY_ASSIGN(uint8_t has_validity, in.get<uint8_t>("has_validity"));
  if (has_validity > 1) return malformed("has_validity must be 0 or 1");
  if (has_validity) {
    CAIRN_TRY_ASSIGN(std::string_view valid, in.take(static_cast<uint64_t>(rows), "validity"));
    c.valid.assign(valid.begin(), valid.end());
  }
  if (serving::is_variable_width(c.type)) {
    CAIRN_TRY_ASSIGN(uint64_t count, in.get<uint64_t>("element count"));
    if (count != elements)
      return malformed("column '" + c.name + "' has " + std::to_string(count) + " elements, its shape needs " +
                       std::to_string(elements));
    CAIRN_TRY_ASSIGN(std::string_view offsets, in.take((count + 1) * 4, "offsets"));
    c.offsets.resize(static_cast<size_t>(count) + 1);
    std::memcpy(c.offsets.data(), offsets.data(), offsets.size());
    CAIRN_TRY_ASSIGN(uint64_t nbytes, in.get<uint64_t>("nbytes"));
    if (c.offsets.front() != 0 || c.offsets.back() != nbytes) return malformed("offsets do not span the bytes");
    for (size_t i = 1; i < c.offsets.size(); ++i)
      if (c.offsets[i] < c.offsets[i - 1]) return malformed("offsets decrease");
    CAIRN_TRY_ASSIGN(std::string_view data, in.take(nbytes, "string bytes"));
    c.data.assign(data.begin(), data.end());
  } else {
    CAIRN_TRY_ASSIGN(uint64_t nbytes, in.get<uint64_t>("nbytes"));
    if (nbytes != elements * serving::fixed_width(c.type))
      return malformed("column '" + c.name + "' has " + std::to_string(nbytes) + " bytes, its shape needs " +
                       std::to_string(elements * serving::fixed_width(c.type)));
    CAIRN_TRY_ASSIGN(std::string_view data, in.take(nbytes, "data"));
    c.data.assign(data.begin(), data.end());
  }
  return c;
}

}  // namespace

void append_table(std::string& out, const Table& table) {
  put<uint8_t>(out, static_cast<uint8_t>(table.kind));
  put<int64_t>(out, table.rows);
  put<uint16_t>(out, static_cast<uint16_t>(table.columns.size()));
  for (const Column& c : table.columns) {
    put<uint16_t>(out, static_cast<uint16_t>(c.name.size()));
    out.append(c.name);
    put<uint8_t>(out, static_cast<uint8_t>(c.type));
    put<uint8_t>(out, static_cast<uint8_t>(c.shape.size()));
    for (int64_t d : c.shape) put<int64_t>(out, d);
    put<uint8_t>(out, c.valid.empty() ? 0 : 1);
    if (!c.valid.empty()) out.append(reinterpret_cast<const char*>(c.valid.data()), c.valid.size());
    if (serving::is_variable_width(c.type)) {
      uint64_t count = c.offsets.empty() ? 0 : c.offsets.size() - 1;
      put<uint64_t>(out, count);
      if (c.offsets.empty())
        put<uint32_t>(out, 0);
      else
        out.append(reinterpret_cast<const char*>(c.offsets.data()), c.offsets.size() * 4);
    }
    put<uint64_t>(out, c.data.size());
    out.append(reinterpret_cast<const char*>(c.data.data()), c.data.size());
  }
}

Result<Table> decode_table(std::string_view bytes, size_t& at) {
  Reader in{bytes, at};
  Table t;
  CAIRN_TRY_ASSIGN(uint8_t kind, in.get<uint8_t>("table kind"));
  if (kind > 1) return malformed("unknown table kind " + std::to_string(kind));
  t.kind = static_cast<serving::TableKind>(kind);
  CAIRN_TRY_ASSIGN(t.rows, in.get<int64_t>("rows"));
  if (t.rows < 0) return malformed("negative row count");
  CAIRN_TRY_ASSIGN(uint16_t columns, in.get<uint16_t>("column count"));
  t.columns.reserve(columns);
  for (uint16_t i = 0; i < columns; ++i) {
    CAIRN_TRY_ASSIGN(Column c, decode_column(in, t.rows));
    t.columns.push_back(std::move(c));
  }
  return t;
}

std::string encode_predict(uint64_t id, std::string_view params_json, const Table& table) {
  std::string out;
  out.reserve(table.byte_size() + params_json.size() + 64);
  size_t at = begin_frame(out, FrameType::predict);
  put<uint64_t>(out, id);
  put<uint32_t>(out, static_cast<uint32_t>(params_json.size()));
  out.append(params_json);
  append_table(out, table);
  finish_frame(out, at);
  return out;
}

std::string encode_ping(uint64_t id) {
  return frame_with_id(FrameType::ping, id);
}
std::string encode_pong(uint64_t id) {
  return frame_with_id(FrameType::pong, id);
}
std::string encode_ready(std::string_view json) {
  return frame_with_text(FrameType::ready, json);
}
std::string encode_failed(std::string_view json) {
  return frame_with_text(FrameType::failed, json);
}

std::string encode_error(uint64_t id, std::string_view message) {
  std::string out;
  size_t at = begin_frame(out, FrameType::error);
  put<uint64_t>(out, id);
  put<uint32_t>(out, static_cast<uint32_t>(message.size()));
  out.append(message);
  finish_frame(out, at);
  return out;
}

std::string encode_result(uint64_t id, const Prediction& p) {
  std::string out;
  size_t at = begin_frame(out, FrameType::result);
  put<uint64_t>(out, id);
  put<uint8_t>(out, static_cast<uint8_t>(p.kind));
  if (p.kind == Prediction::Kind::json) {
    put<int64_t>(out, p.json_rows);
    put<uint32_t>(out, static_cast<uint32_t>(p.json.size()));
    out.append(p.json);
  } else {
    append_table(out, p.table);
  }
  finish_frame(out, at);
  return out;
}

Result<GatewayMessage> decode_gateway_message(std::string_view payload) {
  size_t at = 0;
  Reader in{payload, at};
  CAIRN_TRY_ASSIGN(uint8_t type, in.get<uint8_t>("type"));
  if (type == static_cast<uint8_t>(FrameType::ping)) {
    Ping ping;
    CAIRN_TRY_ASSIGN(ping.id, in.get<uint64_t>("id"));
    if (at != payload.size()) return malformed("trailing bytes after PING");
    return GatewayMessage{ping};
  }
  if (type != static_cast<uint8_t>(FrameType::predict)) return malformed("unexpected type " + std::to_string(type));
  Predict p;
  CAIRN_TRY_ASSIGN(p.id, in.get<uint64_t>("id"));
  CAIRN_TRY_ASSIGN(uint32_t n, in.get<uint32_t>("params length"));
  CAIRN_TRY_ASSIGN(std::string_view params, in.take(n, "params"));
  p.params_json = std::string(params);
  CAIRN_TRY_ASSIGN(p.table, decode_table(payload, at));
  if (at != payload.size()) return malformed("trailing bytes after PREDICT");
  return GatewayMessage{std::move(p)};
}

Result<WorkerMessage> decode_worker_message(std::string_view payload) {
  size_t at = 0;
  Reader in{payload, at};
  CAIRN_TRY_ASSIGN(uint8_t type, in.get<uint8_t>("type"));
  switch (static_cast<FrameType>(type)) {
    case FrameType::ready:
      return WorkerMessage{Ready{std::string(payload.substr(1))}};
    case FrameType::failed:
      return WorkerMessage{Failed{std::string(payload.substr(1))}};
    case FrameType::pong: {
      Pong pong;
      CAIRN_TRY_ASSIGN(pong.id, in.get<uint64_t>("id"));
      if (at != payload.size()) return malformed("trailing bytes after PONG");
      return WorkerMessage{pong};
    }
    case FrameType::error: {
      PredictError e;
      CAIRN_TRY_ASSIGN(e.id, in.get<uint64_t>("id"));
      CAIRN_TRY_ASSIGN(uint32_t n, in.get<uint32_t>("message length"));
      CAIRN_TRY_ASSIGN(std::string_view message, in.take(n, "message"));
      e.message = std::string(message);
      if (at != payload.size()) return malformed("trailing bytes after ERROR");
      return WorkerMessage{std::move(e)};
    }
    case FrameType::result: {
      PredictResult r;
      CAIRN_TRY_ASSIGN(r.id, in.get<uint64_t>("id"));
      CAIRN_TRY_ASSIGN(uint8_t kind, in.get<uint8_t>("prediction kind"));
      if (kind > 4) return malformed("unknown prediction kind " + std::to_string(kind));
      r.prediction.kind = static_cast<Prediction::Kind>(kind);
      if (r.prediction.kind == Prediction::Kind::json) {
        CAIRN_TRY_ASSIGN(r.prediction.json_rows, in.get<int64_t>("json rows"));
        CAIRN_TRY_ASSIGN(uint32_t n, in.get<uint32_t>("json length"));
        CAIRN_TRY_ASSIGN(std::string_view json, in.take(n, "json"));
        r.prediction.json = std::string(json);
      } else {
        CAIRN_TRY_ASSIGN(r.prediction.table, decode_table(payload, at));
      }
      if (at != payload.size()) return malformed("trailing bytes after RESULT");
      return WorkerMessage{std::move(r)};
    }
    default:
      return malformed("unexpected type " + std::to_string(type) + " from the worker");
  }
}

Result<std::vector<WorkerMessage>> WorkerDecoder::feed(std::string_view bytes) {
  buffer_.append(bytes);
  std::vector<WorkerMessage> out;
  while (buffer_.size() - consumed_ >= 4) {
    uint32_t length;
    std::memcpy(&length, buffer_.data() + consumed_, 4);
    if (length == 0) return malformed("empty frame");
    if (length > max_frame_bytes_)
      return malformed("frame of " + std::to_string(length) + " bytes over the bound of " +
                       std::to_string(max_frame_bytes_));
    if (buffer_.size() - consumed_ - 4 < length) break;
    auto message = decode_worker_message(std::string_view(buffer_).substr(consumed_ + 4, length));
    if (!message) return std::move(message).error();
    out.push_back(std::move(message).value());
    consumed_ += 4 + static_cast<size_t>(length);
  }
  // Drop consumed bytes once they dominate, so a long-lived stream does not grow.
  if (consumed_ > 0 && (consumed_ == buffer_.size() || consumed_ > (1u << 20))) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  return out;
}

}  // namespace cairn::runtime::python
