#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "artifacts/artifact_store.hpp"
#include "service/tracking/run_service.hpp"
#include "storage/tracking/tracking_records.hpp"

/// How the native tracking API's resources look on the wire (api/openapi.yaml, tag `tracking`).
namespace cairn::api::views {

/// Tags and other string pairs as one JSON object ({"team": "growth"}).
nlohmann::json string_map(const storage::KeyValues& kvs);
/// {step, timestamp, value}
nlohmann::json metric_point(const storage::MetricRecord& point);
nlohmann::json experiment(const storage::ExperimentRecord& e);
nlohmann::json run(const storage::RunView& run);
/// {run_id, key, points, downsampled}
nlohmann::json metric_series(const service::MetricSeries& series, const std::string& key);
nlohmann::json run_comparison(const service::RunComparison& comparison);
/// One entry of an artifact listing, `dir` being the listed directory relative to the run's root.
nlohmann::json artifact_entry(const artifacts::ArtifactInfo& entry, const std::string& dir);

}  // namespace cairn::api::views
