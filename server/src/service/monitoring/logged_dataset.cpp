#include "service/monitoring/logged_dataset.hpp"

#include <nlohmann/json.hpp>

namespace cairn::service {
namespace {

using nlohmann::json;

constexpr std::string_view kArtifactScheme = "mlflow-artifacts:";
/// MLflow's artifact proxy path: an HTTP source naming a file Cairn stores (any host or prefix).
constexpr std::string_view kProxyPath = "/api/2.0/mlflow-artifacts/artifacts/";
constexpr int64_t kMaxBytes = 512LL * 1024 * 1024;

/// The run of the model version a deployment serves now.
Result<std::string> deployed_run(storage::Connection& c, const std::string& deployment_id) {
  CAIRN_TRY_ASSIGN(auto rows,
                   c.query("SELECT mv.run_id FROM deployments d JOIN deployment_revisions r"
                           " ON r.deployment_id = d.id AND r.number = d.revision"
                           " JOIN model_versions mv ON mv.model_id = r.model_id AND mv.version = r.model_version"
                           " WHERE d.id = ?",
                           {deployment_id}));
  if (rows.empty() || rows[0].is_null(0) || rows[0].text(0).empty())
    return Error::validation("dataset.run_id",
                             "the deployed model version has no run: name the run whose dataset to use");
  return rows[0].text(0);
}

bool is_training(const std::string& tags_json) {
  auto tags = json::parse(tags_json, nullptr, false);
  if (!tags.is_array()) return false;
  for (const auto& t : tags)
    if (t.is_object() && t.value("key", "") == "mlflow.data.context" && t.value("value", "") == "training") return true;
  return false;
}

}  // namespace

Result<LoggedDataset> read_logged_dataset(storage::Connection& c, ArtifactService& artifacts, const Caller& caller,
                                          const std::string& project_id,
                                          const std::optional<std::string>& deployment_id,
                                          const DatasetChoice& choice) {
  std::string run_id;
  if (choice.run_id) {
    run_id = *choice.run_id;
  } else if (deployment_id) {
    CAIRN_TRY_ASSIGN(run_id, deployed_run(c, *deployment_id));
  } else {
    return Error::validation("dataset.run_id", "required: the run that logged the dataset");
  }
  CAIRN_TRY_ASSIGN(auto run, c.query("SELECT r.id FROM runs r JOIN experiments e ON e.id = r.experiment_id"
                                     " WHERE r.id = ? AND e.project_id = ?",
                                     {run_id, project_id}));
  if (run.empty()) return Error::validation("dataset.run_id", "no run '" + run_id + "' in this project");
  CAIRN_TRY_ASSIGN(auto inputs, c.query("SELECT d.name, d.source, ri.tags FROM run_inputs ri"
                                        " JOIN datasets d ON d.id = ri.dataset_id WHERE ri.run_id = ? ORDER BY d.name",
                                        {run_id}));
  if (inputs.empty()) return Error::validation("dataset", "run " + run_id + " logged no dataset (mlflow.log_input)");
  std::optional<std::size_t> picked;
  std::string names;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string name = inputs[i].text(0);
    names += (names.empty() ? "" : ", ") + name;
    if (choice.name ? name == *choice.name : is_training(inputs[i].text(2))) picked = picked.value_or(i);
  }
  if (!picked && !choice.name && inputs.size() == 1) picked = 0;
  if (!picked)
    return Error::validation(choice.name ? "dataset.name" : "dataset",
                             (choice.name ? "no dataset '" + *choice.name + "'" : std::string("name the dataset")) +
                                 " among the run's: " + names);
  const std::string name = inputs[*picked].text(0);
  auto source = json::parse(inputs[*picked].text(1), nullptr, false);
  std::string uri = source.is_object() ? source.value("uri", source.value("url", std::string())) : std::string();
  // An artifact address (mlflow-artifacts:/<experiment>/<run>/artifacts/<file>) or the proxy's URL
  // of one (what mlflow.data accepts as an HTTP source); anything else Cairn does not hold.
  std::string path;
  if (uri.starts_with(kArtifactScheme)) {
    path = uri.substr(kArtifactScheme.size());
  } else if (auto at = uri.find(kProxyPath);
             (uri.starts_with("http://") || uri.starts_with("https://")) && at != std::string::npos) {
    path = uri.substr(at + kProxyPath.size());
    if (auto query = path.find_first_of("?#"); query != std::string::npos) path.erase(query);
  } else {
    return Error::validation("dataset", "dataset '" + name + "' comes from " + (uri.empty() ? "code" : uri) +
                                            ": a reference is read from an artifact Cairn stores (log the file with "
                                            "mlflow.log_artifact and give its proxy URL, <tracking URI>"
                                            "/api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<file>,"
                                            " as the dataset's source)");
  }
  while (path.starts_with('/')) path.erase(0, 1);
  LoggedDataset out;
  if (path.ends_with(".json")) {
    out.format = record_input::Format::json;
  } else if (path.ends_with(".parquet")) {
    out.format = record_input::Format::parquet;
  } else if (!path.ends_with(".csv")) {
    return Error::validation("dataset", "dataset '" + name + "' is not a .csv, .json or .parquet file: " + uri);
  }
  CAIRN_TRY_ASSIGN(auto download, artifacts.download(caller, path));
  if (download.size > kMaxBytes) return Error::validation("dataset", "dataset '" + name + "' is over 512 MiB");
  out.body.reserve(static_cast<std::size_t>(download.size));
  std::vector<char> buffer(1 << 20);
  while (true) {
    CAIRN_TRY_ASSIGN(auto n, download.stream->read(buffer.data(), buffer.size()));
    if (n == 0) break;
    out.body.append(buffer.data(), n);
    if (static_cast<int64_t>(out.body.size()) > kMaxBytes)
      return Error::validation("dataset", "dataset '" + name + "' is over 512 MiB");
  }
  out.description = "dataset '" + name + "' of run " + run_id;
  return out;
}

}  // namespace cairn::service
