#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "runtime/runtime.hpp"
#include "serving/model_signature.hpp"

/// A model version as the runtimes see it, built the same way wherever its files come from: the
/// local target copies them out of the artifact store, `cairn serve-model` downloads them from
/// Cairn over HTTP. Both then pick a runtime and read the signature with the functions here.
namespace cairn::runtime {

/// The source of the version whose files are in `model_dir`. `metadata` is the registry's document
/// of the version (its MLmodel as JSON: flavors, signature, input_example, pip_requirements);
/// anything that is not an object counts as an empty one. `framework` is the registry's.
ModelSource make_model_source(std::string model_dir, nlohmann::json metadata, std::string framework);

/// The signature the gateway checks inputs against; an absent or unreadable one accepts any
/// input (as MLflow serves a model logged without a signature).
std::shared_ptr<const serving::ModelSignature> model_signature(const ModelSource& model);

/// Writes a version's files into `dir` once: `fill` writes them into an empty sibling folder,
/// which is then marked complete and renamed into place, so a crash or a failed download never
/// leaves a half model where a later start would take it for whole. Returns at once when `dir` is
/// already complete (a `.complete` marker inside); `downloaded`, when given, says whether `fill` ran.
Status place_model_files(const std::string& dir, const std::function<Status(const std::string& partial_dir)>& fill,
                         bool* downloaded = nullptr);

/// The runtime that serves `model` under a deployment's `runtime` setting: the named one when it
/// can, or for "auto" an in-process runtime first (no Python on the path), then the Python worker.
/// nullptr with `why_not` set when none fits.
Runtime* choose_runtime(const std::vector<Runtime*>& runtimes, std::string_view configured, const ModelSource& model,
                        std::string& why_not);

}  // namespace cairn::runtime
