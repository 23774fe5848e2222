#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// What a model file is, read from its bytes and never executed: the registry shows a version's
/// framework, signature and inputs from these, and flags formats whose loading runs code.
/// Pure logic (no storage, no network): the callers feed bytes from an upload or an artifact store.
namespace cairn::modelfiles {

/// Reads up to `capacity` bytes into `buffer`; 0 means the end of the file.
using ReadFn = std::function<Result<std::size_t>(char* buffer, std::size_t capacity)>;

/// What one file is.
struct FileInspection {
  /// "mlmodel", "requirements", "onnx", "xgboost_json", "xgboost_ubj", "torchscript", "skops",
  /// "pickle", "joblib", or "opaque" (anything else, or a known format whose content did not parse).
  std::string format = "opaque";
  /// "onnx", "xgboost", "pytorch", ... when the file tells; empty otherwise.
  std::string framework;
  /// Loading the file runs arbitrary code (pickle, joblib, torch.save archives). The server never
  /// does; the flag warns people and is shown in the UI.
  bool executable_code = false;
  /// Format-specific facts, JSON-serialisable for the API, e.g. ONNX
  /// {"inputs": [{"name": "x", "type": "tensor", "elem_type": "float", "shape": [-1, 4]}],
  ///  "outputs": [...], "opset": 17, "opsets": {"ai.onnx": 17, "ai.onnx.ml": 3},
  ///  "producer": "skl2onnx", "producer_version": "1.20.0", "ir_version": 8} (shape -1: unknown
  /// or symbolic, the names in "dim_params"; non-tensor types as {"type": "sequence", "elem": ..}
  /// or {"type": "map", "key_type": .., "value": ..}); XGBoost {"objective": "...",
  /// "booster": "gbtree", "num_feature": 4, "num_class": 3, "version": [2, 0, 3]};
  /// requirements {"requirements": [...]}; a parse problem of a known format {"warning": "..."}
  /// with format "opaque"; a known format too large to read {"note": "..."}.
  nlohmann::json details = nlohmann::json::object();
};

/// Inspects one file from its name (the last path segment decides which parsers are tried,
/// together with magic bytes) and its content, read sequentially through `read`. Reads no more
/// than it needs: small formats whole (up to a cap), large binary formats by skipping what they
/// do not need. Errors: only the reader's own errors; a file that does not parse is "opaque".
/// MLmodel files are not inspected here (see parse_mlmodel, whose errors the caller reports).
Result<FileInspection> inspect_file(std::string_view file_name, int64_t size, const ReadFn& read);

/// The content of an MLflow `MLmodel` file.
struct MlModel {
  nlohmann::json flavors = nlohmann::json::object();  ///< flavor name -> its settings, as in the YAML
  /// {"inputs": [...], "outputs": [...], "params": [...]} decoded from the JSON strings MLflow
  /// writes; null when the file has no signature.
  nlohmann::json signature;
  nlohmann::json saved_input_example_info;  ///< null when absent
  std::string framework;                    ///< the main flavor: the first one that is not python_function
  std::string model_uuid;
  std::string model_id;  ///< MLflow 3 logged models ("m-..."); empty before MLflow 3
  std::string mlflow_version;
  std::string run_id;
  std::string artifact_path;
  int64_t model_size_bytes = -1;  ///< -1 when absent
};

/// Parses an MLmodel YAML document. ErrorCode::bad_request naming the problem and where
/// ("MLmodel: line 3, column 5: ..." or "MLmodel: flavors must be a mapping") when it is corrupt.
Result<MlModel> parse_mlmodel(std::string_view text);

/// Requirement lines of a pip requirements.txt (comments, blank lines and options dropped).
std::vector<std::string> parse_requirements(std::string_view text);

/// One member of a zip archive, read sequentially when the archive is written.
struct ZipMember {
  std::string name;  ///< '/'-separated path inside the archive
  int64_t size = 0;
  std::function<Result<ReadFn>()> open;  ///< opens the member's content
};

/// Writes `members` into a new zip archive at `path` (ZIP64 when needed, deflate for small
/// compressible files, store for large ones), streaming each member: memory stays bounded
/// whatever the sizes. On failure the file at `path` is removed.
Status write_zip(const std::string& path, const std::vector<ZipMember>& members);

}  // namespace cairn::modelfiles
