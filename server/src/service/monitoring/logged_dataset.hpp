#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"
#include "service/monitoring/record_input.hpp"
#include "service/principal.hpp"
#include "service/tracking/artifact_service.hpp"
#include "storage/database.hpp"

namespace cairn::service {

/// Which training dataset to use as a monitor's reference: one a run logged with
/// `mlflow.log_input` (by name, else the one logged with context "training", else the run's only
/// one). Without a run, a deployment's monitor takes the run of the model version it serves.
struct DatasetChoice {
  std::optional<std::string> run_id;
  std::optional<std::string> name;
};

/// The dataset's rows, read from where its source points: an artifact Cairn stores
/// (`mlflow-artifacts:/...`, e.g. `mlflow.get_artifact_uri("train.csv")`), as CSV, JSON records or
/// Parquet.
struct LoggedDataset {
  std::string body;
  record_input::Format format = record_input::Format::csv;
  std::string description;  ///< "dataset 'train' of run <id>"
};

/// 422 naming `dataset...` when the run is not in the project, logged no such dataset, or the
/// source is nothing Cairn can read; the artifact is read with the caller's own access.
Result<LoggedDataset> read_logged_dataset(storage::Connection& c, ArtifactService& artifacts, const Caller& caller,
                                          const std::string& project_id,
                                          const std::optional<std::string>& deployment_id, const DatasetChoice& choice);

}  // namespace cairn::service
