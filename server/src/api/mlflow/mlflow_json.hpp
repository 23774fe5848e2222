#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.hpp"
#include "common/result.hpp"
#include "http/request.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/tracking/experiment_store.hpp"
#include "storage/tracking/metric_store.hpp"
#include "storage/tracking/tracking_records.hpp"

/// MLflow's wire format (protobuf messages as JSON, as mlflow's REST client sends and parses them).
namespace cairn::api::mlflow {

/// The fields of a request: the JSON body of a POST, or the query string of a GET (repeated
/// query keys become arrays).
Result<nlohmann::json> request_fields(const http::Request& req);

/// A required string field (400 INVALID_PARAMETER_VALUE naming it when missing or not a string).
Result<std::string> required_string(const nlohmann::json& fields, std::string_view name, std::size_t max_length = 1000);
Result<std::optional<std::string>> optional_string(const nlohmann::json& fields, std::string_view name,
                                                   std::size_t max_length = 1000);
/// An int64 field, given as a JSON number or a decimal string (protobuf's JSON allows both).
Result<std::optional<int64_t>> optional_int64(const nlohmann::json& fields, std::string_view name);
/// A double field: a number, or "NaN" / "Infinity" / "-Infinity" as protobuf's JSON spells them.
Result<double> required_double(const nlohmann::json& fields, std::string_view name);
Result<storage::KeyValues> key_values(const nlohmann::json& fields, std::string_view name);
Result<std::vector<std::string>> string_list(const nlohmann::json& fields, std::string_view name);

/// MLflow's ViewType: ACTIVE_ONLY (default), DELETED_ONLY or ALL (names or their numbers).
Result<storage::experiments::ViewType> view_type(const nlohmann::json& fields, std::string_view name);

nlohmann::json experiment_json(const storage::ExperimentRecord& e);
nlohmann::json run_json(const storage::RunView& run);
nlohmann::json metric_json(const storage::MetricRecord& m);
nlohmann::json key_values_json(const storage::KeyValues& kvs);
nlohmann::json logged_model_json(const storage::LoggedModelRecord& m);

/// MLflow's empty response message, {}.
http::Response empty_ok();

/// MLflow's page tokens: an opaque base64 JSON offset.
std::string page_token(int64_t offset);
Result<int64_t> offset_of(const std::optional<std::string>& token);
/// get-history's page tokens: where the next page starts (keyset), base64url JSON.
std::string history_token(const storage::metrics::HistoryPosition& position);
Result<std::optional<storage::metrics::HistoryPosition>> history_position_of(const std::optional<std::string>& token);

}  // namespace cairn::api::mlflow
