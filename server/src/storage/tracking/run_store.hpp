#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/tracking/tracking_records.hpp"

/// Runs, their params, tags and dataset inputs.
namespace cairn::storage::runs {

/// The columns run_from_row reads, qualified with the alias `r`.
extern const char* const kRunColumns;
RunRecord run_from_row(const Row& row);

Status insert(Connection& c, const RunRecord& run);
Result<std::optional<RunRecord>> find(Connection& c, const std::string& id);
/// The runs of these ids that exist, in no particular order (one query).
Result<std::vector<RunRecord>> find_many(Connection& c, const std::vector<std::string>& ids);

/// Every param, metric and tag key the runs of an experiment have (any lifecycle stage), each
/// sorted: what a column chooser offers, however many runs there are.
struct ExperimentKeys {
  std::vector<std::string> params;
  std::vector<std::string> metrics;
  std::vector<std::string> tags;
};
Result<ExperimentKeys> keys_in_experiment(Connection& c, const std::string& experiment_id);
Status update(Connection& c, const RunRecord& run);
Status set_lifecycle(Connection& c, const std::string& id, const std::string& stage, int64_t now);

/// Params are write-once: the same value again is accepted, another value is
/// ErrorCode::validation_failed naming the key (what MLflow answers as INVALID_PARAMETER_VALUE).
Status log_params(Connection& c, const std::string& run_id, const KeyValues& params);
Status set_tags(Connection& c, const std::string& run_id, const KeyValues& tags);
/// false when the tag did not exist.
Result<bool> delete_tag(Connection& c, const std::string& run_id, const std::string& key);

/// Records dataset inputs of a run (datasets are shared per experiment by name and digest).
Status log_inputs(Connection& c, const RunRecord& run, const std::vector<DatasetInput>& inputs);

/// Params, tags, latest metrics and inputs of these runs, in the order given.
Result<std::vector<RunView>> load_views(Connection& c, std::vector<RunRecord> runs);

}  // namespace cairn::storage::runs
