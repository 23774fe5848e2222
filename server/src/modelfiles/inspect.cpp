// inspect_file: picks a parser from the file name and the first bytes, and turns its outcome
// into a FileInspection. The parsers never see reader errors (ByteReader keeps them), so every
// parse problem becomes format "opaque" with a warning and only I/O errors leave as errors.
#include "modelfiles/inspect.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "modelfiles/byte_reader.hpp"
#include "modelfiles/onnx_reader.hpp"
#include "modelfiles/pickle_sniff.hpp"
#include "modelfiles/shallow_json.hpp"
#include "modelfiles/torch_archive.hpp"
#include "modelfiles/xgboost_model.hpp"
#include "modelfiles/zip_listing.hpp"

namespace cairn::modelfiles {
namespace {

/// Text and JSON formats are parsed in memory; past this only their kind is reported.
constexpr std::size_t kTextCap = 64 << 20;
/// Enough of the start for magic bytes, pickle module names and XGBoost's leading key.
constexpr std::size_t kHeadBytes = 64 << 10;
/// XGBoost keeps its header in the first three levels; the trees below are not needed.
constexpr int kXgboostKeepDepth = 3;

std::string lower_extension(std::string_view base) {
  auto dot = base.rfind('.');
  std::string ext(dot == std::string_view::npos ? std::string_view{} : base.substr(dot));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

/// The whole content when it fits in kTextCap; nullopt (having read kTextCap + 1 bytes) if not.
std::optional<std::string> read_capped(ByteReader& in) {
  std::string text;
  in.read_into(text, kTextCap + 1);
  if (text.size() > kTextCap) return std::nullopt;
  return text;
}

FileInspection opaque_with_warning(std::string warning) {
  FileInspection out;
  out.details["warning"] = std::move(warning);
  return out;
}

FileInspection too_large(std::string format, std::string framework) {
  FileInspection out{std::move(format), std::move(framework)};
  out.details["note"] = "larger than the 64 MiB inspection cap: detected, not read";
  return out;
}

FileInspection inspect_requirements(ByteReader& in) {
  FileInspection out{"requirements", ""};
  if (auto text = read_capped(in)) out.details["requirements"] = parse_requirements(*text);
  return out;
}

FileInspection inspect_onnx(ByteReader& in, int64_t size) {
  auto summary = read_onnx(in, size);
  if (!summary.problem.empty()) return opaque_with_warning(std::move(summary.problem));
  return {"onnx", "onnx", false, std::move(summary.details)};
}

FileInspection inspect_xgboost(ByteReader& in, JsonEncoding encoding) {
  const char* format = encoding == JsonEncoding::text ? "xgboost_json" : "xgboost_ubj";
  // A .json file is XGBoost only if it says so; XGBoost writes "learner" as its first key.
  bool looks_like_xgboost =
      encoding == JsonEncoding::ubjson || in.peek(kHeadBytes).find("\"learner\"") != std::string_view::npos;
  auto text = read_capped(in);
  if (!text) return looks_like_xgboost ? too_large(format, "xgboost") : FileInspection{};
  std::string error;
  auto doc = parse_shallow_json(*text, encoding, kXgboostKeepDepth, error);
  auto details = doc ? xgboost_details(*doc) : std::nullopt;
  if (details) return {format, "xgboost", false, std::move(*details)};
  if (!looks_like_xgboost) return {};  // some other JSON document
  return opaque_with_warning(std::string("XGBoost ") + (encoding == JsonEncoding::text ? "JSON" : "UBJ") + ": " +
                             (doc ? "no learner object and version array" : error));
}

FileInspection inspect_torch_zip(ByteReader& in) {
  std::string error;
  auto names = zip_entry_names(in, error);
  if (!names) return opaque_with_warning(std::move(error));
  switch (classify_torch_archive(*names)) {
    case TorchArchive::torchscript:
      return {"torchscript", "pytorch", false};
    case TorchArchive::pickle:
      return {"pickle", "pytorch", true};
    case TorchArchive::none:
      break;
  }
  return {};
}

FileInspection inspect_pickle(std::string_view head, std::string format, std::string framework) {
  if (framework.empty()) framework = pickle_framework(head);
  return {std::move(format), std::move(framework), true};
}

FileInspection detect(std::string_view base, int64_t size, ByteReader& in) {
  if (base == "MLmodel") return {"mlmodel", ""};
  if (base == "requirements.txt") return inspect_requirements(in);
  auto ext = lower_extension(base);
  if (ext == ".onnx") return inspect_onnx(in, size);
  if (ext == ".json") return inspect_xgboost(in, JsonEncoding::text);
  if (ext == ".ubj") return inspect_xgboost(in, JsonEncoding::ubjson);

  auto head = in.peek(kHeadBytes);
  bool torch_ext = ext == ".pt" || ext == ".pth";
  if (torch_ext && head.starts_with("PK\x03\x04")) return inspect_torch_zip(in);
  if (torch_ext && looks_like_pickle(head)) return inspect_pickle(head, "pickle", "pytorch");  // legacy torch.save
  // skops (scikit-learn's safe format, MLflow 3's default for sklearn): a zip whose loader builds
  // only the types the user trusts, so it is not flagged as executable.
  if (ext == ".skops" && head.starts_with("PK\x03\x04")) return {"skops", "sklearn", false};
  if (ext == ".joblib") return inspect_pickle(head, "joblib", "");
  if (ext == ".pkl" || ext == ".pickle" || looks_like_pickle(head)) return inspect_pickle(head, "pickle", "");
  return {};
}

}  // namespace

Result<FileInspection> inspect_file(std::string_view file_name, int64_t size, const ReadFn& read) {
  auto slash = file_name.find_last_of('/');
  auto base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  ByteReader in(read);
  FileInspection out;
  try {
    out = detect(base, size, in);
  } catch (const std::exception& e) {  // allocation failure on a hostile file: still not fatal
    out = opaque_with_warning(e.what());
  }
  if (in.failure()) return *in.failure();
  return out;
}

}  // namespace cairn::modelfiles
