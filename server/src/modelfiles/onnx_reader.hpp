#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "modelfiles/byte_reader.hpp"

namespace cairn::modelfiles {

/// What read_onnx found: details when `problem` is empty, else why the bytes are not a model.
struct OnnxSummary {
  nlohmann::json details = nlohmann::json::object();
  std::string problem;
};

/// Reads the inputs, outputs, opsets and producer of an ONNX ModelProto from `in` (all of it,
/// skipping node and weight payloads without buffering them). `size` is the file size, or -1
/// when unknown; lengths beyond it are rejected before anything is skipped.
OnnxSummary read_onnx(ByteReader& in, int64_t size);

}  // namespace cairn::modelfiles
