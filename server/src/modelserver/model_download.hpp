#pragma once

#include <atomic>
#include <functional>

#include "common/result.hpp"
#include "modelserver/cairn_client.hpp"
#include "modelserver/model_server_settings.hpp"
#include "runtime/runtime.hpp"

namespace cairn::modelserver {

/// Where a version's files live under the work dir: <work-dir>/models/<model>/<version>, the
/// model's name made safe for a path.
std::string model_directory(const ModelServerSettings& settings);

/// The model version the settings name, on local disk: downloaded from Cairn once (its metadata
/// and its files as one zip, unpacked and marked complete), and on later starts read from the work
/// dir without asking Cairn at all. While Cairn is unreachable or answers 5xx it tries again after
/// 1, 2, 4 ... 30 s, until `stopping` turns true (then unavailable); 401, 403 and 404 fail at once
/// with a message that says what to fix. `downloaded` says whether this call fetched the files.
Result<runtime::ModelSource> fetch_model_version(const CairnClient& cairn, const ModelServerSettings& settings,
                                                 const std::atomic<bool>& stopping, bool& downloaded);

}  // namespace cairn::modelserver
