#include "runtime/xgboost/booster.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xgboost/c_api.h>

#include <mutex>
#include <nlohmann/json.hpp>

namespace cairn::runtime::xgboost {
namespace {

/// XGBoost's last error on this thread, without the stack trace it appends.
std::string last_error() {
  std::string message = XGBGetLastError();
  if (auto end = message.find("\nStack trace"); end != std::string::npos) message.resize(end);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  // "[07:08:01] ./include/xgboost/json.h:81: Invalid cast ..." -> "Invalid cast ..."
  if (message.starts_with('[')) {
    auto source = message.find("] ");
    auto text = source == std::string::npos ? source : message.find(": ", source + 2);
    if (text != std::string::npos) message = message.substr(text + 2);
  }
  return message;
}

/// XGBoost logs warnings (an old model format, a deprecated parameter) through one global hook.
void route_logs_once() {
  static std::once_flag once;
  std::call_once(once, [] { XGBRegisterLogCallback([](const char* line) { spdlog::warn("xgboost: {}", line); }); });
}

Result<void*> create_handle() {
  route_logs_once();
  BoosterHandle handle = nullptr;
  if (XGBoosterCreate(nullptr, 0, &handle) != 0) return Error::internal("XGBoosterCreate: " + last_error());
  return static_cast<void*>(handle);
}

/// The proxy matrix an inplace prediction points at the caller's buffer, one per thread. Without
/// one XGBoost makes a proxy per call, and each reads the cgroup CPU quota files (/sys/fs/cgroup):
/// open/read/close syscalls that took more than half of a one-row prediction. The proxy holds
/// the last call's data pointer, so it is never shared between threads.
class ThreadProxy {
 public:
  ThreadProxy() {
    if (XGProxyDMatrixCreate(&handle_) != 0) handle_ = nullptr;
  }
  ~ThreadProxy() {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
  }
  ThreadProxy(const ThreadProxy&) = delete;
  ThreadProxy& operator=(const ThreadProxy&) = delete;
  DMatrixHandle get() const { return handle_; }  ///< nullptr: XGBoost makes its own per call

 private:
  DMatrixHandle handle_ = nullptr;
};

DMatrixHandle thread_proxy() {
  thread_local ThreadProxy proxy;
  return proxy.get();
}

}  // namespace

Result<std::shared_ptr<Booster>> Booster::load_file(const std::string& path) {
  CAIRN_TRY_ASSIGN(void* handle, create_handle());
  std::shared_ptr<Booster> booster(new Booster(handle));
  if (XGBoosterLoadModel(handle, path.c_str()) != 0) {
    return Error::validation("model", "XGBoost could not load " + path + ": " + last_error());
  }
  CAIRN_TRY(booster->read_metadata());
  return booster;
}

Result<std::shared_ptr<Booster>> Booster::load_buffer(std::string_view bytes) {
  CAIRN_TRY_ASSIGN(void* handle, create_handle());
  std::shared_ptr<Booster> booster(new Booster(handle));
  if (XGBoosterLoadModelFromBuffer(handle, bytes.data(), bytes.size()) != 0) {
    return Error::validation("model", "XGBoost could not load the model: " + last_error());
  }
  CAIRN_TRY(booster->read_metadata());
  return booster;
}

Booster::~Booster() {
  XGBoosterFree(handle_);
}

Status Booster::read_metadata() {
  bst_ulong features = 0;
  if (XGBoosterGetNumFeature(handle_, &features) != 0)
    return Error::internal("XGBoosterGetNumFeature: " + last_error());
  num_features_ = static_cast<int64_t>(features);
  bst_ulong count = 0;
  const char** names = nullptr;
  if (XGBoosterGetStrFeatureInfo(handle_, "feature_name", &count, &names) != 0) {
    return Error::internal("XGBoosterGetStrFeatureInfo: " + last_error());
  }
  feature_names_.assign(names, names + count);
  return {};
}

std::optional<std::string> Booster::attribute(const char* key) const {
  const char* out = nullptr;
  int found = 0;
  if (XGBoosterGetAttr(handle_, key, &out, &found) != 0 || !found || out == nullptr) return std::nullopt;
  return std::string(out);
}

int Booster::boosted_rounds() const {
  int rounds = 0;
  return XGBoosterBoostedRounds(handle_, &rounds) == 0 ? rounds : 0;
}

Result<std::string> Booster::objective() const {
  bst_ulong length = 0;
  const char* text = nullptr;
  if (XGBoosterSaveJsonConfig(handle_, &length, &text) != 0) return Error::internal("XGBoost config: " + last_error());
  auto config = nlohmann::json::parse(std::string_view(text, length), nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded()) return Error::internal("XGBoost config is not JSON");
  const auto name = config["learner"]["objective"]["name"];
  if (!name.is_string()) return Error::internal("XGBoost config names no objective");
  return name.get<std::string>();
}

Status Booster::set_param(const char* name, const char* value) {
  if (XGBoosterSetParam(handle_, name, value) != 0) return Error::internal(fmt::format("{}: {}", name, last_error()));
  return {};
}

Result<Booster::Output> Booster::predict_dense(const float* values, int64_t rows, int64_t columns, bool margin,
                                               int iteration_begin, int iteration_end) const {
  // numpy's __array_interface__ (version 3) describing our buffer: XGBoost reads it in place.
  auto array = fmt::format(R"({{"data":[{},true],"shape":[{},{}],"typestr":"<f4","version":3}})",
                           reinterpret_cast<uintptr_t>(values), rows, columns);
  auto config =
      fmt::format(R"({{"type":{},"training":false,"iteration_begin":{},"iteration_end":{},"strict_shape":false,)"
                  R"("missing":NaN,"cache_id":0}})",
                  margin ? 1 : 0, iteration_begin, iteration_end);
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  if (XGBoosterPredictFromDense(handle_, array.c_str(), config.c_str(), thread_proxy(), &shape, &dims, &result) != 0) {
    return Error::internal("XGBoost prediction failed: " + last_error());
  }
  Output out;
  size_t total = 1;
  for (bst_ulong i = 0; i < dims; ++i) {
    out.shape.push_back(static_cast<int64_t>(shape[i]));
    total *= shape[i];
  }
  out.values.assign(result, result + total);
  return out;
}

std::string library_version() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

}  // namespace cairn::runtime::xgboost
