#include "api/tracking/tracking_views.hpp"

#include <cmath>

#include "common/json_number.hpp"
#include "service/tracking/experiment_service.hpp"

namespace cairn::api::views {
namespace {

constexpr const char* kParentRunTag = "mlflow.parentRunId";
constexpr const char* kDatasetContextTag = "mlflow.data.context";

const std::string* find_value(const storage::KeyValues& kvs, std::string_view key) {
  for (const auto& [k, v] : kvs) {
    if (k == key) return &v;
  }
  return nullptr;
}

}  // namespace

nlohmann::json string_map(const storage::KeyValues& kvs) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : kvs) out[k] = v;
  return out;
}

nlohmann::json metric_point(const storage::MetricRecord& point) {
  return {{"step", point.step}, {"timestamp", point.timestamp}, {"value", number_json(point.value)}};
}

nlohmann::json experiment(const storage::ExperimentRecord& e) {
  const auto* description = find_value(e.tags, service::kNoteTag);
  return {{"id", e.id},
          {"org_id", e.org_id},
          {"project_id", e.project_id},
          {"name", e.name},
          {"description", description ? *description : ""},
          {"artifact_location", e.artifact_location},
          {"lifecycle_stage", e.lifecycle_stage},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at},
          {"tags", string_map(e.tags)}};
}

nlohmann::json run(const storage::RunView& view) {
  const auto& r = view.info;
  const auto* notes = find_value(view.tags, service::kNoteTag);
  const auto* parent = find_value(view.tags, kParentRunTag);
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& m : view.latest_metrics) {
    metrics[m.key] = {{"value", number_json(m.value)}, {"step", m.step}, {"timestamp", m.timestamp}};
  }
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& input : view.inputs) {
    const auto& d = input.dataset;
    const auto* context = find_value(input.tags, kDatasetContextTag);
    inputs.push_back({{"name", d.name},
                      {"digest", d.digest},
                      {"source_type", d.source_type},
                      {"source", d.source},
                      {"schema", d.schema},
                      {"profile", d.profile},
                      {"context", context ? nlohmann::json(*context) : nlohmann::json(nullptr)}});
  }
  return {{"id", r.id},
          {"experiment_id", r.experiment_id},
          {"project_id", r.project_id},
          {"name", r.name},
          {"status", r.status},
          {"start_time", r.start_time},
          {"end_time", r.end_time ? nlohmann::json(*r.end_time) : nlohmann::json(nullptr)},
          {"lifecycle_stage", r.lifecycle_stage},
          {"user_id", r.user_id},
          {"created_by", r.created_by},
          {"artifact_uri", r.artifact_uri},
          {"parent_run_id", parent ? nlohmann::json(*parent) : nlohmann::json(nullptr)},
          {"notes", notes ? *notes : ""},
          {"params", string_map(view.params)},
          {"tags", string_map(view.tags)},
          {"metrics", std::move(metrics)},
          {"inputs", std::move(inputs)}};
}

nlohmann::json metric_series(const service::MetricSeries& series, const std::string& key) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : series.points) points.push_back(metric_point(p));
  return {{"run_id", series.run_id}, {"key", key}, {"points", std::move(points)}, {"downsampled", series.downsampled}};
}

nlohmann::json run_comparison(const service::RunComparison& comparison) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& view : comparison.runs) {
    const auto& r = view.info;
    runs.push_back({{"id", r.id},
                    {"experiment_id", r.experiment_id},
                    {"name", r.name},
                    {"status", r.status},
                    {"start_time", r.start_time},
                    {"end_time", r.end_time ? nlohmann::json(*r.end_time) : nlohmann::json(nullptr)}});
  }
  nlohmann::json params = nlohmann::json::array();
  for (const auto& row : comparison.params) {
    nlohmann::json values = nlohmann::json::object();
    for (std::size_t i = 0; i < row.values.size(); ++i) {
      values[comparison.runs[i].info.id] = row.values[i] ? nlohmann::json(*row.values[i]) : nlohmann::json(nullptr);
    }
    params.push_back({{"key", row.key}, {"values", std::move(values)}, {"differs", row.differs}});
  }
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& row : comparison.metrics) {
    nlohmann::json values = nlohmann::json::object();
    for (std::size_t i = 0; i < row.values.size(); ++i) {
      const auto& summary = row.values[i];
      values[comparison.runs[i].info.id] = summary ? nlohmann::json{{"last", number_json(summary->last.value)},
                                                                    {"step", summary->last.step},
                                                                    {"timestamp", summary->last.timestamp},
                                                                    {"min", number_json(summary->min)},
                                                                    {"max", number_json(summary->max)}}
                                                   : nlohmann::json(nullptr);
    }
    metrics.push_back({{"key", row.key}, {"values", std::move(values)}, {"differs", row.differs}});
  }
  return {{"runs", std::move(runs)}, {"params", std::move(params)}, {"metrics", std::move(metrics)}};
}

nlohmann::json artifact_entry(const artifacts::ArtifactInfo& entry, const std::string& dir) {
  return {{"path", dir.empty() ? entry.path : dir + "/" + entry.path},
          {"name", entry.path},
          {"is_dir", entry.is_dir},
          {"size", entry.is_dir ? nlohmann::json(nullptr) : nlohmann::json(entry.size)}};
}

}  // namespace cairn::api::views
