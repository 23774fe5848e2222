#include "serving/request_record_wire.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/json_number.hpp"
#include "common/request_id.hpp"

namespace cairn::serving {
namespace {

using nlohmann::json;

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kWeekMs = 7 * 24 * kHourMs;
constexpr std::size_t kMaxSampledRows = 10'000;

/// "user:<id>" or "key:<id>", as Principal::log_id() writes it.
bool sane_principal(const std::string& p) {
  const std::size_t colon = p.find(':');
  if (colon == std::string::npos || (p.compare(0, colon, "user") != 0 && p.compare(0, colon, "key") != 0)) return false;
  const std::size_t id_length = p.size() - colon - 1;
  if (id_length < 1 || id_length > 75) return false;
  for (std::size_t i = colon + 1; i < p.size(); ++i)
    if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9'))) return false;
  return true;
}

Status optional_text(const json& r, const char* name, const std::string& at, std::size_t max, std::string& out) {
  if (!r.contains(name)) return {};
  if (!r[name].is_string() || r[name].get_ref<const std::string&>().size() > max)
    return Error::validation(at + "." + name, "must be a string of at most " + std::to_string(max) + " bytes");
  out = r[name].get<std::string>();
  return {};
}

Result<RequestRecord> record_from_wire(const json& r, const std::string& at, int64_t now_ms) {
  if (!r.is_object()) return Error::validation(at, "must be an object");
  static const char* const known[] = {"request_id", "revision",   "at",          "latency_ms", "status", "rows",
                                      "cache_hit",  "error_code", "error_field", "principal",  "inputs", "outputs"};
  for (const auto& [key, value] : r.items()) {
    if (std::find(std::begin(known), std::end(known), key) == std::end(known))
      return Error::validation(at + "." + key, "is not a field of a request record");
  }
  RequestRecord out;
  if (!r.contains("request_id") || !r["request_id"].is_string() ||
      !is_valid_request_id(r["request_id"].get<std::string>()))
    return Error::validation(at + ".request_id", "must be 1-128 of letters, digits and . _ : -");
  out.request_id = r["request_id"].get<std::string>();
  auto whole = [&](const char* name, int64_t min, int64_t max) -> Result<int64_t> {
    auto v = r.contains(name) ? whole_number_in(r[name], min, max) : std::nullopt;
    if (!v)
      return Error::validation(at + "." + name,
                               "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return *v;
  };
  CAIRN_TRY_ASSIGN(out.revision, whole("revision", 1, INT64_MAX));
  CAIRN_TRY_ASSIGN(out.at_ms, whole("at", now_ms - kWeekMs, now_ms + kHourMs));
  CAIRN_TRY_ASSIGN(const int64_t status, whole("status", 100, 599));
  out.status = static_cast<int>(status);
  CAIRN_TRY_ASSIGN(out.rows, whole("rows", 0, 1'000'000));
  if (!r.contains("latency_ms") || !r["latency_ms"].is_number() || !std::isfinite(r["latency_ms"].get<double>()) ||
      r["latency_ms"].get<double>() < 0 || r["latency_ms"].get<double>() > 3'600'000.0)
    return Error::validation(at + ".latency_ms", "must be a number of milliseconds from 0 to 3600000");
  out.latency_ms = r["latency_ms"].get<double>();
  if (r.contains("cache_hit")) {
    if (!r["cache_hit"].is_boolean()) return Error::validation(at + ".cache_hit", "must be true or false");
    out.cache_hit = r["cache_hit"].get<bool>();
  }
  CAIRN_TRY(optional_text(r, "error_code", at, 64, out.error_code));
  CAIRN_TRY(optional_text(r, "error_field", at, 256, out.error_field));
  CAIRN_TRY(optional_text(r, "principal", at, 80, out.principal));
  if (r.contains("principal") && !sane_principal(out.principal))
    return Error::validation(at + ".principal", "must be user:<id> or key:<id>");
  const bool has_inputs = r.contains("inputs");
  const bool has_outputs = r.contains("outputs");
  if (has_inputs) {
    const auto& inputs = r["inputs"];
    if (!inputs.is_array() || inputs.size() > kMaxSampledRows)
      return Error::validation(at + ".inputs", "must be a list of at most 10000 records (objects)");
    for (const auto& row : inputs)
      if (!row.is_object()) return Error::validation(at + ".inputs", "must be a list of records (objects)");
    out.inputs_json = inputs.dump();
  }
  if (has_outputs) {
    if (!has_inputs) return Error::validation(at + ".outputs", "comes with the inputs it answers");
    out.outputs_json = r["outputs"].dump();
  }
  return out;
}

}  // namespace

json record_to_wire(const RequestRecord& r) {
  json out = {{"request_id", r.request_id}, {"revision", r.revision}, {"at", r.at_ms},
              {"latency_ms", r.latency_ms}, {"status", r.status},     {"rows", r.rows},
              {"cache_hit", r.cache_hit}};
  if (!r.error_code.empty()) out["error_code"] = r.error_code;
  if (!r.error_field.empty()) out["error_field"] = r.error_field;
  if (!r.principal.empty()) out["principal"] = r.principal;
  // Rendered by the model server itself, so they parse; a broken one is left out, never sent broken.
  if (r.inputs_json) {
    auto inputs = json::parse(*r.inputs_json, nullptr, false);
    if (!inputs.is_discarded()) {
      out["inputs"] = std::move(inputs);
      if (r.outputs_json) {
        auto outputs = json::parse(*r.outputs_json, nullptr, false);
        if (!outputs.is_discarded()) out["outputs"] = std::move(outputs);
      }
    }
  }
  return out;
}

Result<std::vector<RequestRecord>> records_from_wire(const json& body, int64_t now_ms) {
  if (!body.is_object() || !body.contains("records"))
    return Error::validation("records", "is required: a list of request records");
  for (const auto& [key, value] : body.items())
    if (key != "records") return Error::validation(key, "is not a field of a report");
  const auto& records = body["records"];
  if (!records.is_array() || records.empty() || records.size() > kMaxReportedRecords)
    return Error::validation("records", "must be a list of 1 to 1000 request records");
  std::vector<RequestRecord> out;
  out.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    CAIRN_TRY_ASSIGN(auto r, record_from_wire(records[i], "records[" + std::to_string(i) + "]", now_ms));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cairn::serving
