#include "service/registry/model_file_scan.hpp"

#include <cstdio>
#include <memory>

#include "common/crypto.hpp"

namespace cairn::service {
namespace {

constexpr int64_t kMaxParsedFileBytes = 1 << 20;  // MLmodel and requirements.txt are a few KB

bool is_parsed_at_root(const std::string& path) {
  return path == "MLmodel" || path == "requirements.txt";
}

}  // namespace

Result<ScannedFile> scan_file(const std::string& path, int64_t size, const modelfiles::ReadFn& read) {
  auto hash = std::make_shared<crypto::Sha256>();
  const bool keep = is_parsed_at_root(path) && size <= kMaxParsedFileBytes;
  auto content = std::make_shared<std::string>();
  modelfiles::ReadFn tee = [&read, hash, keep, content](char* buffer, std::size_t capacity) -> Result<std::size_t> {
    CAIRN_TRY_ASSIGN(auto n, read(buffer, capacity));
    hash->update(std::string_view(buffer, n));
    if (keep) content->append(buffer, n);
    return n;
  };
  CAIRN_TRY_ASSIGN(auto inspection, modelfiles::inspect_file(path, size, tee));
  // The hash covers the whole file, whatever the inspection needed.
  std::vector<char> buffer(1 << 20);
  while (true) {
    CAIRN_TRY_ASSIGN(auto n, tee(buffer.data(), buffer.size()));
    if (n == 0) break;
  }
  ScannedFile out;
  out.record.path = path;
  out.record.size = size;
  out.record.sha256 = hash->hex_digest();
  out.record.format = inspection.format;
  out.record.executable_code = inspection.executable_code;
  out.record.details = inspection.details.dump();
  out.framework = inspection.framework;
  out.details = std::move(inspection.details);
  if (keep) out.content = std::move(*content);
  return out;
}

Result<modelfiles::ReadFn> read_file_range(const std::string& file, int64_t offset, int64_t length) {
  std::shared_ptr<FILE> in(std::fopen(file.c_str(), "rb"), [](FILE* f) {
    if (f) std::fclose(f);
  });
  if (!in) return Error::internal("the spooled upload is missing");
  if (std::fseek(in.get(), offset, SEEK_SET) != 0) return Error::internal("cannot seek in the spooled upload");
  auto left = std::make_shared<int64_t>(length);
  return modelfiles::ReadFn([in, left](char* buffer, std::size_t capacity) -> Result<std::size_t> {
    const auto want = static_cast<std::size_t>(std::min<int64_t>(*left, static_cast<int64_t>(capacity)));
    if (want == 0) return std::size_t{0};
    const auto n = std::fread(buffer, 1, want, in.get());
    if (n == 0) return Error::internal("the spooled upload ended early");
    *left -= static_cast<int64_t>(n);
    return n;
  });
}

Result<std::vector<StoredFile>> list_recursive(artifacts::ArtifactStore& store, const std::string& prefix,
                                               std::size_t max_files) {
  std::vector<StoredFile> out;
  std::vector<std::string> pending = {""};
  while (!pending.empty()) {
    const std::string dir = pending.back();
    pending.pop_back();
    CAIRN_TRY_ASSIGN(auto entries, store.list(artifacts::join_key(prefix, dir)));
    for (const auto& e : entries) {
      const std::string path = dir.empty() ? e.path : dir + "/" + e.path;
      if (e.is_dir) {
        pending.push_back(path);
        continue;
      }
      if (out.size() == max_files) {
        return Error::bad_request("a model version holds at most " + std::to_string(max_files) + " files");
      }
      out.push_back({path, e.size});
    }
  }
  std::sort(out.begin(), out.end(), [](const StoredFile& a, const StoredFile& b) { return a.path < b.path; });
  return out;
}

Result<VersionMetadata> version_metadata(const std::vector<ScannedFile>& files) {
  VersionMetadata out;
  std::string detected_framework;
  nlohmann::json detected_signature;
  for (const auto& f : files) {
    out.size_bytes += f.record.size;
    out.executable_code = out.executable_code || f.record.executable_code;
    if (detected_framework.empty() && !f.framework.empty()) detected_framework = f.framework;
    if (f.record.format == "onnx" && detected_signature.is_null() && f.details.contains("inputs")) {
      detected_signature = {{"inputs", f.details["inputs"]},
                            {"outputs", f.details.value("outputs", nlohmann::json::array())}};
    }
    if (f.record.path == "MLmodel") {
      if (!f.content) return Error::bad_request("MLmodel: the file is larger than 1 MiB");
      CAIRN_TRY_ASSIGN(auto mlmodel, modelfiles::parse_mlmodel(*f.content));
      out.framework = mlmodel.framework;
      out.document["flavors"] = mlmodel.flavors;
      out.document["signature"] = mlmodel.signature;
      out.document["input_example"] = mlmodel.saved_input_example_info;
      out.document["mlflow_version"] = mlmodel.mlflow_version;
      out.document["model_uuid"] = mlmodel.model_uuid;
    }
    if (f.record.path == "requirements.txt" && f.content) {
      out.document["pip_requirements"] = modelfiles::parse_requirements(*f.content);
    }
  }
  if (out.framework.empty()) out.framework = detected_framework;
  if (!out.document.contains("signature") || out.document["signature"].is_null())
    out.document["signature"] = detected_signature;
  if (!out.document.contains("flavors")) out.document["flavors"] = nlohmann::json::object();
  if (!out.document.contains("input_example")) out.document["input_example"] = nullptr;
  if (!out.document.contains("pip_requirements")) out.document["pip_requirements"] = nlohmann::json::array();
  return out;
}

}  // namespace cairn::service
