#include "runtime/model_source.hpp"

#include <filesystem>
#include <fstream>

#include "common/crypto.hpp"

namespace cairn::runtime {

namespace fs = std::filesystem;

ModelSource make_model_source(std::string model_dir, nlohmann::json metadata, std::string framework) {
  ModelSource model;
  model.model_dir = std::move(model_dir);
  model.mlmodel = metadata.is_object() ? std::move(metadata) : nlohmann::json::object();
  model.framework = std::move(framework);
  return model;
}

std::shared_ptr<const serving::ModelSignature> model_signature(const ModelSource& model) {
  auto parsed = serving::parse_model_signature(model.mlmodel.contains("signature") ? model.mlmodel["signature"]
                                                                                   : nlohmann::json());
  return std::make_shared<const serving::ModelSignature>(parsed.ok() ? std::move(*parsed) : serving::ModelSignature{});
}

Status place_model_files(const std::string& dir, const std::function<Status(const std::string& partial_dir)>& fill,
                         bool* downloaded) {
  if (downloaded) *downloaded = false;
  const fs::path target(dir);
  std::error_code ec;
  if (fs::exists(target / ".complete", ec)) return {};
  const fs::path partial = dir + ".partial-" + crypto::new_id();
  fs::create_directories(partial, ec);
  if (ec) return Error::internal("cannot create " + partial.string() + ": " + ec.message());
  if (auto filled = fill(partial.string()); !filled.ok()) {
    fs::remove_all(partial, ec);
    return filled;
  }
  if (downloaded) *downloaded = true;
  std::ofstream(partial / ".complete") << "ok\n";
  fs::create_directories(target.parent_path(), ec);
  fs::rename(partial, target, ec);
  // Another process may have placed the same version meanwhile: theirs is as good as ours.
  if (ec && !fs::exists(target / ".complete")) {
    fs::remove_all(partial, ec);
    return Error::internal("cannot place the model's files in " + dir + ": " + ec.message());
  }
  fs::remove_all(partial, ec);
  return {};
}

Runtime* choose_runtime(const std::vector<Runtime*>& runtimes, std::string_view configured, const ModelSource& model,
                        std::string& why_not) {
  const std::string name(configured);
  if (name != "auto") {
    for (auto* r : runtimes) {
      if (r->name() != name) continue;
      if (r->supports(model)) return r;
      why_not = "the " + name + " runtime cannot serve this model (flavors it does not know)";
      return nullptr;
    }
    why_not = "the " + name + " runtime is not available on this server";
    return nullptr;
  }
  for (auto* r : runtimes)
    if (r->name() != "python" && r->supports(model)) return r;
  for (auto* r : runtimes)
    if (r->supports(model)) return r;
  why_not = "no runtime can serve this model: it has no python_function flavor";
  return nullptr;
}

}  // namespace cairn::runtime
