#include "api/registry/registry_views.hpp"

#include "api/tracking/tracking_views.hpp"
#include "common/json_number.hpp"

namespace cairn::api::registry_views {
namespace {

nlohmann::json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json model(const storage::RegisteredModelRecord& m) {
  nlohmann::json aliases = nlohmann::json::object();
  for (const auto& [alias, version] : m.aliases) aliases[alias] = version;
  nlohmann::json stages = nlohmann::json::object();
  for (const auto& [stage, version] : m.stages) stages[stage] = version;
  return {{"id", m.id},
          {"org_id", m.org_id},
          {"project_id", m.project_id},
          {"name", m.name},
          {"description", m.description},
          {"tags", views::string_map(m.tags)},
          {"aliases", aliases},
          {"latest_version", m.latest_version ? nlohmann::json(*m.latest_version) : nlohmann::json(nullptr)},
          {"stages", stages},
          {"framework", m.framework},
          {"version_count", m.version_count},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

nlohmann::json version(const service::VersionView& view) {
  const auto& v = view.version;
  auto metadata = nlohmann::json::parse(v.metadata, nullptr, false);
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [key, value] : v.metrics) metrics[key] = number_json(value);
  std::optional<std::string> experiment_id;
  if (view.lineage.is_object() && view.lineage.contains("run") && view.lineage["run"].is_object()) {
    experiment_id = view.lineage["run"].value("experiment_id", "");
  }
  std::optional<std::string> artifact_path;
  if (v.source_type == "run" && v.source_uri.starts_with("runs:/")) {
    const auto rest = v.source_uri.substr(6);
    const auto slash = rest.find('/');
    if (slash != std::string::npos) artifact_path = rest.substr(slash + 1);
  }
  return {{"model_id", v.model_id},
          {"model_name", view.model_name},
          {"version", v.version},
          {"description", v.description},
          {"stage", v.stage},
          {"status", "ready"},
          {"source",
           {{"type", v.source_type},
            {"run_id", optional_text(v.run_id)},
            {"experiment_id", optional_text(experiment_id)},
            {"artifact_path", optional_text(artifact_path)},
            {"logged_model_id", optional_text(v.logged_model_id)}}},
          {"download_uri", service::ModelVersionService::download_uri(v)},
          {"framework", v.framework},
          {"flavors", metadata.value("flavors", nlohmann::json::object())},
          {"signature", metadata.value("signature", nlohmann::json(nullptr))},
          {"input_example", metadata.value("input_example", nlohmann::json(nullptr))},
          {"pip_requirements", metadata.value("pip_requirements", nlohmann::json::array())},
          {"executable_code", v.executable_code},
          {"size_bytes", v.size_bytes},
          {"file_count", v.file_count},
          {"metrics", metrics},
          {"tags", views::string_map(v.tags)},
          {"aliases", v.aliases},
          {"lineage", view.lineage.is_object() && view.lineage.contains("run")
                          ? view.lineage
                          : nlohmann::json{{"run", nullptr}, {"datasets", nlohmann::json::array()}}},
          {"created_by", v.created_by},
          {"created_at", v.created_at},
          {"updated_at", v.updated_at}};
}

nlohmann::json file(const storage::ModelFileRecord& f) {
  auto details = nlohmann::json::parse(f.details, nullptr, false);
  return {{"path", f.path},
          {"size", f.size},
          {"sha256", f.sha256},
          {"format", f.format},
          {"executable_code", f.executable_code},
          {"details", details.is_object() ? details : nlohmann::json::object()}};
}

nlohmann::json transition(const storage::StageTransitionRecord& t) {
  return {{"id", t.id},           {"version", t.version}, {"from_stage", t.from_stage}, {"to_stage", t.to_stage},
          {"comment", t.comment}, {"actor", t.actor},     {"created_at", t.created_at}};
}

}  // namespace cairn::api::registry_views
