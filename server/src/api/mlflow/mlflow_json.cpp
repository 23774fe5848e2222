#include "api/mlflow/mlflow_json.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <limits>

#include "api/json_input.hpp"
#include "common/crypto.hpp"
#include "common/json_number.hpp"
#include "storage/pagination.hpp"

namespace cairn::api::mlflow {
namespace {

Error invalid(std::string_view name, const std::string& message) {
  return Error{ErrorCode::validation_failed, message, std::string(name)};
}

}  // namespace

Result<nlohmann::json> request_fields(const http::Request& req) {
  // mlflow's client sends the fields of GET in the query string and of every other method,
  // DELETE included, as a JSON body; a DELETE without a body may still use the query string.
  const bool from_query = req.method == "GET" || req.method == "HEAD" || (req.method == "DELETE" && req.body.empty());
  if (!from_query) {
    if (req.body.empty()) return nlohmann::json::object();
    auto json = nlohmann::json::parse(req.body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return Error::bad_request("request body must be a JSON object");
    return json;
  }
  nlohmann::json fields = nlohmann::json::object();
  std::string_view rest = req.query_string;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = pair.find('=');
    auto key = http::percent_decode(pair.substr(0, eq), true);
    auto value =
        eq == std::string_view::npos ? std::optional<std::string>("") : http::percent_decode(pair.substr(eq + 1), true);
    if (!key || !value) return Error::bad_request("malformed query string");
    if (fields.contains(*key)) {
      if (!fields[*key].is_array()) fields[*key] = nlohmann::json::array({fields[*key]});
      fields[*key].push_back(*value);
    } else {
      fields[*key] = *value;
    }
  }
  return fields;
}

namespace {

// A present field's text: a string within max_length.
Result<std::string> text_of(const nlohmann::json& value, std::string_view name, std::size_t max_length) {
  if (!value.is_string())
    return invalid(name, "Invalid value for parameter '" + std::string(name) + "': expected a string.");
  auto text = value.get<std::string>();
  if (utf8_length(text) > max_length) {  // characters, as the document's maxLength counts
    return invalid(name,
                   "Parameter '" + std::string(name) + "' exceeds " + std::to_string(max_length) + " characters.");
  }
  return text;
}

}  // namespace

Result<std::string> required_string(const nlohmann::json& fields, std::string_view name, std::size_t max_length) {
  auto it = fields.find(name);
  // MLflow's server asserts required fields with `if not value`: an empty string is as missing as none.
  if (it == fields.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
    return invalid(name, "Missing value for required parameter '" + std::string(name) + "'.");
  }
  return text_of(*it, name, max_length);
}

Result<std::optional<std::string>> optional_string(const nlohmann::json& fields, std::string_view name,
                                                   std::size_t max_length) {
  auto it = fields.find(name);
  if (it == fields.end() || it->is_null()) return std::optional<std::string>{};
  CAIRN_TRY_ASSIGN(auto value, text_of(*it, name, max_length));
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<int64_t>> optional_int64(const nlohmann::json& fields, std::string_view name) {
  auto it = fields.find(name);
  if (it == fields.end() || it->is_null()) return std::optional<int64_t>{};
  // Unsigned values above INT64_MAX would wrap.
  const bool too_large = it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX);
  if (it->is_number_integer() && !too_large) return std::optional<int64_t>(it->get<int64_t>());
  if (it->is_number_float()) {
    // Integral and inside int64 (a larger one, such as 2^63, cannot be converted).
    double d = it->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && d >= -0x1p63 && d < 0x1p63)
      return std::optional<int64_t>(static_cast<int64_t>(d));
  }
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    int64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size()) return std::optional<int64_t>(value);
  }
  return invalid(name, "Invalid value for parameter '" + std::string(name) + "': expected an integer.");
}

Result<double> required_double(const nlohmann::json& fields, std::string_view name) {
  auto it = fields.find(name);
  if (it == fields.end() || it->is_null()) {
    return invalid(name, "Missing value for required parameter '" + std::string(name) + "'.");
  }
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (s == "NaN" || s == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity" || s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity" || s == "-inf") return -std::numeric_limits<double>::infinity();
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size()) return value;
  }
  return invalid(name, "Invalid value for parameter '" + std::string(name) + "': expected a number.");
}

Result<storage::KeyValues> key_values(const nlohmann::json& fields, std::string_view name) {
  storage::KeyValues out;
  auto it = fields.find(name);
  if (it == fields.end() || it->is_null()) return out;
  if (!it->is_array())
    return invalid(name, "Invalid value for parameter '" + std::string(name) + "': expected a list.");
  for (const auto& item : *it) {
    if (!item.is_object()) return invalid(name, "Each item of '" + std::string(name) + "' must be an object.");
    CAIRN_TRY_ASSIGN(auto key, required_string(item, "key", 250));  // MLflow's MAX_ENTITY_KEY_LENGTH
    auto value_it = item.find("value");
    std::string value;
    if (value_it != item.end() && !value_it->is_null()) {
      if (value_it->is_string())
        value = value_it->get<std::string>();
      else if (value_it->is_number() || value_it->is_boolean())
        value = value_it->dump();  // numbers and booleans as their text
      else
        return invalid(name, "The value of each item of '" + std::string(name) + "' must be a string.");
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

Result<std::vector<std::string>> string_list(const nlohmann::json& fields, std::string_view name) {
  std::vector<std::string> out;
  auto it = fields.find(name);
  if (it == fields.end() || it->is_null()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
    return out;
  }
  if (!it->is_array())
    return invalid(name, "Invalid value for parameter '" + std::string(name) + "': expected a list.");
  for (const auto& item : *it) {
    if (!item.is_string()) return invalid(name, "Each item of '" + std::string(name) + "' must be a string.");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<storage::experiments::ViewType> view_type(const nlohmann::json& fields, std::string_view name) {
  using storage::experiments::ViewType;
  auto it = fields.find(name);
  if (it == fields.end() || it->is_null()) return ViewType::active_only;
  std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  if (text == "ACTIVE_ONLY" || text == "1") return ViewType::active_only;
  if (text == "DELETED_ONLY" || text == "2") return ViewType::deleted_only;
  if (text == "ALL" || text == "3") return ViewType::all;
  return invalid(name, "Invalid value for " + std::string(name) + ": " + text);
}

nlohmann::json key_values_json(const storage::KeyValues& kvs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [k, v] : kvs) out.push_back({{"key", k}, {"value", v}});
  return out;
}

nlohmann::json experiment_json(const storage::ExperimentRecord& e) {
  nlohmann::json out = {{"experiment_id", e.id},
                        {"name", e.name},
                        {"artifact_location", e.artifact_location},
                        {"lifecycle_stage", e.lifecycle_stage},
                        {"last_update_time", e.updated_at},
                        {"creation_time", e.created_at}};
  if (!e.tags.empty()) out["tags"] = key_values_json(e.tags);
  return out;
}

nlohmann::json metric_json(const storage::MetricRecord& m) {
  return {{"key", m.key}, {"value", number_json(m.value)}, {"timestamp", m.timestamp}, {"step", m.step}};
}

nlohmann::json run_json(const storage::RunView& run) {
  const auto& r = run.info;
  nlohmann::json info = {{"run_id", r.id},
                         {"run_uuid", r.id},
                         {"run_name", r.name},
                         {"experiment_id", r.experiment_id},
                         {"user_id", r.user_id},
                         {"status", r.status},
                         {"start_time", r.start_time},
                         {"artifact_uri", r.artifact_uri},
                         {"lifecycle_stage", r.lifecycle_stage}};
  if (r.end_time) info["end_time"] = *r.end_time;
  nlohmann::json data = nlohmann::json::object();
  if (!run.latest_metrics.empty()) {
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& m : run.latest_metrics) metrics.push_back(metric_json(m));
    data["metrics"] = std::move(metrics);
  }
  if (!run.params.empty()) data["params"] = key_values_json(run.params);
  if (!run.tags.empty()) data["tags"] = key_values_json(run.tags);
  nlohmann::json inputs = nlohmann::json::object();
  if (!run.inputs.empty()) {
    nlohmann::json dataset_inputs = nlohmann::json::array();
    for (const auto& input : run.inputs) {
      const auto& d = input.dataset;
      nlohmann::json dataset = {
          {"name", d.name}, {"digest", d.digest}, {"source_type", d.source_type}, {"source", d.source}};
      if (!d.schema.empty()) dataset["schema"] = d.schema;
      if (!d.profile.empty()) dataset["profile"] = d.profile;
      nlohmann::json item = {{"dataset", dataset}};
      if (!input.tags.empty()) item["tags"] = key_values_json(input.tags);
      dataset_inputs.push_back(std::move(item));
    }
    inputs["dataset_inputs"] = std::move(dataset_inputs);
  }
  nlohmann::json outputs = nlohmann::json::object();
  if (!run.outputs.empty()) {
    nlohmann::json models = nlohmann::json::array();
    for (const auto& o : run.outputs) models.push_back({{"model_id", o.model_id}, {"step", o.step}});
    outputs["model_outputs"] = std::move(models);
  }
  return {{"info", info}, {"data", data}, {"inputs", inputs}, {"outputs", outputs}};
}

nlohmann::json logged_model_json(const storage::LoggedModelRecord& m) {
  nlohmann::json info = {{"experiment_id", m.experiment_id},
                         {"model_id", m.id},
                         {"name", m.name},
                         {"artifact_uri", m.artifact_uri},
                         {"creation_timestamp_ms", m.created_at},
                         {"last_updated_timestamp_ms", m.updated_at},
                         {"status", m.status}};
  if (!m.model_type.empty()) info["model_type"] = m.model_type;
  if (m.source_run_id) info["source_run_id"] = *m.source_run_id;
  if (!m.status_message.empty()) info["status_message"] = m.status_message;
  if (!m.tags.empty()) info["tags"] = key_values_json(m.tags);
  nlohmann::json data = nlohmann::json::object();
  if (!m.params.empty()) data["params"] = key_values_json(m.params);
  if (!m.metrics.empty()) {
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& p : m.metrics) {
      auto item = metric_json(p);
      item["model_id"] = p.model_id;
      item["run_id"] = p.run_id;
      if (!p.dataset_name.empty()) item["dataset_name"] = p.dataset_name;
      if (!p.dataset_digest.empty()) item["dataset_digest"] = p.dataset_digest;
      metrics.push_back(std::move(item));
    }
    data["metrics"] = std::move(metrics);
  }
  return {{"info", info}, {"data", data}};
}

http::Response empty_ok() {
  return json_result(200, nlohmann::json::object());
}

std::string page_token(int64_t offset) {
  return storage::encode_offset_token(offset);
}

Result<int64_t> offset_of(const std::optional<std::string>& token) {
  if (!token || token->empty()) return int64_t{0};
  auto offset = storage::decode_offset_token(*token, true);
  if (!offset) return Error{ErrorCode::validation_failed, "Invalid page token", "page_token"};
  return *offset;
}

// The value travels as its IEEE bits: exact, and JSON has no spelling for infinities.
std::string history_token(const storage::metrics::HistoryPosition& position) {
  return crypto::base64url_encode(
      nlohmann::json({{"after",
                       {position.step, position.timestamp, std::bit_cast<int64_t>(position.stored_value),
                        position.is_nan ? 1 : 0}}})
          .dump());
}

Result<std::optional<storage::metrics::HistoryPosition>> history_position_of(const std::optional<std::string>& token) {
  if (!token || token->empty()) return std::optional<storage::metrics::HistoryPosition>{};
  const Error invalid{ErrorCode::validation_failed, "Invalid page token", "page_token"};
  auto raw = crypto::base64url_decode(*token);
  if (!raw) return invalid;
  auto json = nlohmann::json::parse(*raw, nullptr, false);
  if (!json.is_object() || !json.contains("after")) return invalid;
  const auto& after = json["after"];
  if (!after.is_array() || after.size() != 4) return invalid;
  for (const auto& part : after) {
    if (!part.is_number_integer()) return invalid;
  }
  storage::metrics::HistoryPosition position;
  position.step = after[0].get<int64_t>();
  position.timestamp = after[1].get<int64_t>();
  position.stored_value = std::bit_cast<double>(after[2].get<int64_t>());
  position.is_nan = after[3].get<int64_t>() != 0;
  return std::optional(position);
}

}  // namespace cairn::api::mlflow
