#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "serving/table.hpp"

/// The gateway's side of the frame protocol spoken with the Python runtime worker over a Unix
/// socket (docs/adr/0003-deployments-and-serving.md, "The worker protocol"). Pure encoding and
/// decoding: the instance that owns the socket feeds bytes in and writes the frames out.
namespace cairn::runtime::python {

/// Message types, the first byte of every frame's payload.
enum class FrameType : uint8_t { ready = 1, failed = 2, predict = 3, result = 4, error = 5, ping = 6, pong = 7 };

/// The worker loaded the model: `{"pid", "python", "mlflow", "flavor", "batchable"}`.
struct Ready {
  std::string json;
};
/// The worker could not load the model (`{"error", "traceback"}`); it exits next.
struct Failed {
  std::string json;
};
/// A prediction for the PREDICT of the same id.
struct PredictResult {
  uint64_t id = 0;
  serving::Prediction prediction;
};
/// The model raised for the PREDICT of this id ("ExceptionType: message"); the worker carries on.
struct PredictError {
  uint64_t id = 0;
  std::string message;
};
struct Pong {
  uint64_t id = 0;
};
using WorkerMessage = std::variant<Ready, Failed, PredictResult, PredictError, Pong>;

/// What the gateway sends, decoded (for fake workers in tests and for symmetry checks).
struct Predict {
  uint64_t id = 0;
  std::string params_json;
  serving::Table table;
};
struct Ping {
  uint64_t id = 0;
};
using GatewayMessage = std::variant<Predict, Ping>;

/// A 1 GiB frame bound: far above any sane batch, low enough that a corrupt length cannot make
/// the gateway allocate without limit.
inline constexpr size_t kDefaultMaxFrameBytes = size_t{1} << 30;

/// A whole PREDICT frame (length prefix included). `params_json` empty: no params.
std::string encode_predict(uint64_t id, std::string_view params_json, const serving::Table& table);
std::string encode_ping(uint64_t id);

/// Worker-side frames, for fake workers in tests (the real worker is sdk/python).
std::string encode_ready(std::string_view json);
std::string encode_failed(std::string_view json);
std::string encode_result(uint64_t id, const serving::Prediction& prediction);
std::string encode_error(uint64_t id, std::string_view message);
std::string encode_pong(uint64_t id);

/// The TABLE layout alone (appended to `out`), and its strict decoder: every length is checked
/// against the bytes present and against the others (element counts, offsets).
void append_table(std::string& out, const serving::Table& table);
Result<serving::Table> decode_table(std::string_view bytes, size_t& at);

/// Decodes one frame payload (without its length prefix) sent by the gateway.
Result<GatewayMessage> decode_gateway_message(std::string_view payload);
/// Decodes one frame payload (without its length prefix) sent by the worker.
Result<WorkerMessage> decode_worker_message(std::string_view payload);

/// Reassembles frames from a byte stream as it arrives, in any split.
class WorkerDecoder {
 public:
  explicit WorkerDecoder(size_t max_frame_bytes = kDefaultMaxFrameBytes) : max_frame_bytes_(max_frame_bytes) {}

  /// Appends `bytes` and decodes every frame now complete. A malformed frame (a length over the
  /// bound, an unknown type, a truncated or inconsistent payload) is an error, after which the
  /// stream cannot be trusted: the caller kills the worker.
  Result<std::vector<WorkerMessage>> feed(std::string_view bytes);
  /// Bytes held of an incomplete frame.
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  size_t max_frame_bytes_;
  std::string buffer_;
  size_t consumed_ = 0;
};

}  // namespace cairn::runtime::python
