#include "modelserver/model_download.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/log.hpp"
#include "common/text.hpp"
#include "modelfiles/zip_extract.hpp"
#include "runtime/model_source.hpp"

namespace cairn::modelserver {
namespace {

namespace fs = std::filesystem;

/// The registry's description of the version, kept beside its files so that a restart needs no
/// call to Cairn.
constexpr const char* kMetadataFile = ".cairn-version.json";

std::string safe_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    out.push_back(std::isalnum(c) || c == '-' || c == '_' || c == '.' ? static_cast<char>(c) : '_');
  if (out.empty() || out.find_first_not_of('.') == std::string::npos) out = "_" + out;
  return out;
}

std::string version_path(const ModelServerSettings& s) {
  return "/api/v1/orgs/" + uri_encode(s.org, false) + "/projects/" + uri_encode(s.project, false) + "/models/" +
         uri_encode(s.model, false) + "/versions/" + std::to_string(s.model_version);
}

/// One attempt: the version's metadata and files into `partial`.
Status download_into(const CairnClient& cairn, const ModelServerSettings& s, const std::string& partial) {
  CAIRN_TRY_ASSIGN(auto version, cairn.get_json(version_path(s), s.token));
  const std::string zip = partial + ".zip";
  auto fetched = cairn.download(version_path(s) + "/download", s.token, zip);
  auto unpacked = fetched.ok() ? modelfiles::extract_zip(zip, partial) : fetched;
  std::error_code ec;
  fs::remove(zip, ec);
  CAIRN_TRY(unpacked);
  std::ofstream(fs::path(partial) / kMetadataFile) << version.dump();
  return {};
}

runtime::ModelSource source_from(const std::string& dir) {
  std::ifstream in(fs::path(dir) / kMetadataFile);
  auto version = nlohmann::json::parse(in, nullptr, false);
  if (!version.is_object()) version = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();
  // The same document the registry stores and the local target hands to the runtimes.
  for (const char* key : {"flavors", "signature", "input_example", "pip_requirements"})
    if (version.contains(key)) metadata[key] = version[key];
  return runtime::make_model_source(dir, std::move(metadata), version.value("framework", ""));
}

/// Sleeps up to `delay`, waking early when the server stops.
void pause(std::chrono::milliseconds delay, const std::atomic<bool>& stopping) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stopping && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace

std::string model_directory(const ModelServerSettings& settings) {
  return (fs::path(settings.work_dir) / "models" / safe_name(settings.model) / std::to_string(settings.model_version))
      .string();
}

Result<runtime::ModelSource> fetch_model_version(const CairnClient& cairn, const ModelServerSettings& settings,
                                                 const std::atomic<bool>& stopping, bool& downloaded) {
  const std::string dir = model_directory(settings);
  std::chrono::milliseconds delay(1000);
  while (true) {
    auto placed = runtime::place_model_files(
        dir, [&](const std::string& partial) { return download_into(cairn, settings, partial); }, &downloaded);
    if (placed.ok()) return source_from(dir);
    const Error& e = placed.error();
    if (e.code == ErrorCode::unauthenticated)
      return Error::unauthenticated(e.message +
                                    ": CAIRN_TOKEN must be a valid API key of the deployment's organization");
    if (e.code == ErrorCode::forbidden)
      return Error::forbidden(e.message + ": CAIRN_TOKEN needs the 'read' scope on the project");
    if (e.code == ErrorCode::not_found)
      return Error{
          ErrorCode::not_found,
          e.message + ": check CAIRN_MODEL, CAIRN_MODEL_VERSION and --deployment (the version may be deleted)"};
    if (e.code != ErrorCode::unavailable) return e;
    if (stopping) return Error::unavailable("stopped while waiting for Cairn");
    log::warn("cannot fetch the model yet; retrying", {{"error", e.message}, {"retry_in_ms", delay.count()}});
    pause(delay, stopping);
    delay = std::min(delay * 2, std::chrono::milliseconds(30000));
  }
}

}  // namespace cairn::modelserver
