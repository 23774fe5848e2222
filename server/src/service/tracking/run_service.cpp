#include "service/tracking/run_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "search/search_filter.hpp"
#include "service/tenancy/audit_trail.hpp"
#include "service/tracking/experiment_service.hpp"
#include "stats/downsample.hpp"
#include "storage/listing.hpp"
#include "storage/tracking/experiment_list.hpp"
#include "storage/tracking/logged_model_store.hpp"
#include "storage/tracking/metric_buckets.hpp"
#include "storage/tracking/metric_store.hpp"
#include "storage/tracking/run_search.hpp"
#include "storage/tracking/run_store.hpp"

namespace cairn::service {

using storage::Connection;
namespace runs = storage::runs;

namespace {

const std::set<std::string>& run_statuses() {
  static const std::set<std::string> statuses = {"RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"};
  return statuses;
}

// MLflow's rule for metric, param and tag names: path-like, no traversal.
Status validate_key(const std::string& key, const char* what) {
  if (key.empty()) return Error::validation(what, std::string(what) + " name must not be empty");
  if (key.size() > TrackingLimits::kMaxKeyLength) {
    return Error::validation(what, std::string(what) + " name '" + key.substr(0, 40) + "...' exceeds " +
                                       std::to_string(TrackingLimits::kMaxKeyLength) + " characters");
  }
  for (unsigned char ch : key) {
    const bool ok =
        std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.' || ch == ' ' || ch == '/' || ch == ':' || ch >= 0x80;
    if (!ok) {
      return Error::validation(what, "Invalid " + std::string(what) + " name: '" + key +
                                         "'. Names may only contain alphanumerics, underscores (_), dashes (-), "
                                         "periods (.), spaces ( ), colons (:) and slashes (/).");
    }
  }
  if (key.find("..") != std::string::npos || key.front() == '/') {
    return Error::validation(what, "Invalid " + std::string(what) + " name: '" + key +
                                       "'. Names cannot be paths "
                                       "outside the run (no '..' and no leading '/').");
  }
  return {};
}

std::string generated_run_name() {
  // Readable and unique enough to tell runs apart in a list; MLflow uses adjective-noun-number.
  static const char* kAdjectives[] = {"amber", "brisk", "calm",   "deft",   "eager", "fleet", "gentle", "hardy",
                                      "keen",  "lucid", "mellow", "nimble", "quiet", "rapid", "steady", "vivid"};
  static const char* kNouns[] = {"badger", "crane", "dolphin", "falcon", "gecko", "heron", "ibis", "lynx",
                                 "marten", "otter", "panda",   "quail",  "raven", "stoat", "tern", "wren"};
  const auto bytes = crypto::random_hex(3);
  const int a = std::stoi(bytes.substr(0, 2), nullptr, 16) % 16;
  const int n = std::stoi(bytes.substr(2, 2), nullptr, 16) % 16;
  const int number = std::stoi(bytes.substr(4, 2), nullptr, 16) % 1000;
  return std::string(kAdjectives[a]) + "-" + kNouns[n] + "-" + std::to_string(number);
}

// Checks a search request and parses its filter and order-by (the same for both APIs).
Result<runs::RunSearch> prepare_search(const RunSearchRequest& request) {
  if (request.max_results < 1 || request.max_results > TrackingLimits::kMaxSearchResults) {
    return Error::validation("max_results", "Invalid value for max_results: it must be between 1 and 50000");
  }
  runs::RunSearch s;
  CAIRN_TRY_ASSIGN(s.filter, search::parse_search_filter(request.filter));
  for (const auto& text : request.order_by) {
    CAIRN_TRY_ASSIGN(auto order, search::parse_order_by(text));
    s.order_by.push_back(std::move(order));
  }
  s.view = request.view;
  s.numeric_params = request.numeric_params;
  s.offset = request.offset;
  s.limit = request.max_results;
  return s;
}

}  // namespace

Status validate_batch(const RunBatch& batch) {
  if (batch.metrics.size() > TrackingLimits::kMaxBatchMetrics) {
    return Error::validation("metrics", "A batch logging request can contain at most 1000 metrics. Got " +
                                            std::to_string(batch.metrics.size()) + " metrics.");
  }
  if (batch.params.size() > TrackingLimits::kMaxBatchParams) {
    return Error::validation("params", "A batch logging request can contain at most 100 params. Got " +
                                           std::to_string(batch.params.size()) + " params.");
  }
  if (batch.tags.size() > TrackingLimits::kMaxBatchTags) {
    return Error::validation("tags", "A batch logging request can contain at most 100 tags. Got " +
                                         std::to_string(batch.tags.size()) + " tags.");
  }
  if (batch.metrics.size() + batch.params.size() + batch.tags.size() > TrackingLimits::kMaxBatchEntities) {
    return Error::validation("metrics",
                             "A batch logging request can contain at most 1000 metrics, params and tags "
                             "in total.");
  }
  for (const auto& m : batch.metrics) CAIRN_TRY(validate_key(m.key, "metric"));
  std::set<std::string> seen;
  for (const auto& [key, value] : batch.params) {
    CAIRN_TRY(validate_key(key, "param"));
    if (value.size() > TrackingLimits::kMaxParamValueLength) {
      return Error::validation("params", "Param value for key '" + key + "' exceeds " +
                                             std::to_string(TrackingLimits::kMaxParamValueLength) + " characters");
    }
    if (!seen.insert(key).second) {
      // Two values for one key in one batch can only be an error when they differ; MLflow refuses both.
      return Error::validation("params", "Duplicate parameter key '" + key + "' in the batch");
    }
  }
  for (const auto& [key, value] : batch.tags) {
    CAIRN_TRY(validate_key(key, "tag"));
    if (value.size() > TrackingLimits::kMaxTagValueLength) {
      return Error::validation("tags", "Tag value for key '" + key + "' exceeds " +
                                           std::to_string(TrackingLimits::kMaxTagValueLength) + " characters");
    }
  }
  return {};
}

Result<storage::RunView> RunService::create(const Caller& caller, const TrackingScope& scope, const RunCreate& input) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::RunView> {
    for (const auto& [key, value] : input.tags) {
      CAIRN_TRY(validate_key(key, "tag"));
      if (value.size() > TrackingLimits::kMaxTagValueLength) return Error::validation("tags", "tag value too long");
    }
    CAIRN_TRY_ASSIGN(auto experiment, experiment_for(c, p, scope, input.experiment_id, Action::tracking_write));
    if (experiment.lifecycle_stage != "active") {
      return Error::validation("experiment_id", "The experiment " + experiment.id +
                                                    " must be in the 'active' state. Current state is deleted.");
    }
    storage::KeyValues tags = input.tags;
    if (input.parent_run_id) {
      auto parent = run_for(c, p, *input.parent_run_id, Action::tracking_read);
      if (!parent.ok() && parent.error().code != ErrorCode::not_found) return std::move(parent).error();
      if (!parent.ok() || parent->project_id != experiment.project_id) {
        return Error::validation("parent_run_id",
                                 "parent_run_id '" + *input.parent_run_id + "' is not a run of this project");
      }
      std::erase_if(tags, [](const auto& kv) { return kv.first == "mlflow.parentRunId"; });
      tags.emplace_back("mlflow.parentRunId", parent->id);
    }
    storage::RunRecord run;
    run.id = crypto::new_id();
    if (input.run_id) {
      CAIRN_TRY_ASSIGN(auto taken, runs::find(c, *input.run_id));
      if (taken) return Error::conflict("a run with id " + *input.run_id + " exists already");
      run.id = *input.run_id;
    }
    run.org_id = experiment.org_id;
    run.project_id = experiment.project_id;
    run.experiment_id = experiment.id;
    std::string name = input.run_name.value_or("");
    for (const auto& [key, value] : input.tags) {
      if (key == "mlflow.runName" && name.empty()) name = value;
    }
    run.name = name.empty() ? generated_run_name() : name;
    run.user_id = input.user_id;
    run.status = "RUNNING";
    run.start_time = input.start_time.value_or(now_ms());
    run.artifact_uri = experiment.artifact_location + "/" + run.id + "/artifacts";
    run.created_by = p.user_id;
    CAIRN_TRY(runs::insert(c, run));
    std::erase_if(tags, [](const auto& kv) { return kv.first == "mlflow.runName"; });
    tags.emplace_back("mlflow.runName", run.name);
    if (!input.user_id.empty()) {
      bool has_user = std::any_of(tags.begin(), tags.end(), [](const auto& kv) { return kv.first == "mlflow.user"; });
      if (!has_user) tags.emplace_back("mlflow.user", input.user_id);
    }
    CAIRN_TRY(runs::set_tags(c, run.id, tags));
    CAIRN_TRY_ASSIGN(auto views, runs::load_views(c, {run}));
    return views.front();
  });
}

Result<storage::RunView> RunService::get(const Caller& caller, const std::string& run_id) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<storage::RunView> {
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_read));
    CAIRN_TRY_ASSIGN(auto views, runs::load_views(c, {run}));
    return views.front();
  });
}

Result<storage::RunRecord> RunService::find(const Caller& caller, const std::string& run_id, Action action) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<storage::RunRecord> {
    return run_for(c, p, run_id, action);
  });
}

Result<storage::RunView> RunService::update(const Caller& caller, const std::string& run_id, const RunUpdate& update) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Result<storage::RunView> {
    if (update.status && !run_statuses().contains(*update.status)) {
      return Error::validation("status", "status must be one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED");
    }
    if (update.notes && update.notes->size() > TrackingLimits::kMaxTagValueLength) {
      return Error::validation(
          "notes", "notes must be at most " + std::to_string(TrackingLimits::kMaxTagValueLength) + " bytes");
    }
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_write));
    if (update.status) run.status = *update.status;
    if (update.end_time) run.end_time = *update.end_time;
    if (update.run_name && !update.run_name->empty()) {
      run.name = *update.run_name;
      CAIRN_TRY(runs::set_tags(c, run.id, {{"mlflow.runName", run.name}}));
    }
    CAIRN_TRY(runs::update(c, run));
    if (update.notes) {
      if (update.notes->empty()) {
        CAIRN_TRY(runs::delete_tag(c, run.id, kNoteTag));
      } else {
        CAIRN_TRY(runs::set_tags(c, run.id, {{kNoteTag, *update.notes}}));
      }
    }
    CAIRN_TRY_ASSIGN(auto views, runs::load_views(c, {run}));
    return views.front();
  });
}

Status RunService::set_deleted(const Caller& caller, const std::string& run_id, bool deleted) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_write));
    CAIRN_TRY(runs::set_lifecycle(c, run.id, deleted ? "deleted" : "active", now_ms()));
    return record_audit(c, caller, run.org_id, deleted ? "run.delete" : "run.restore", "run", run.id,
                        {{"target_name", run.name}, {"experiment_id", run.experiment_id}});
  });
}

Status RunService::log_batch(const Caller& caller, const std::string& run_id, const RunBatch& batch) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY(validate_batch(batch));
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_write));
    if (run.lifecycle_stage != "active") {
      return Error::validation("run_id",
                               "The run " + run.id + " must be in the 'active' state. Current state is deleted.");
    }
    CAIRN_TRY(runs::log_params(c, run.id, batch.params));
    CAIRN_TRY(storage::metrics::log(c, run.id, batch.metrics));
    for (const auto& point : batch.metrics) {
      if (point.model_id.empty()) continue;
      // A point about a model must name a model of this run's project.
      CAIRN_TRY_ASSIGN(auto model, storage::logged_models::find(c, point.model_id));
      if (!model || model->project_id != run.project_id) {
        return Error::validation("metrics", "logged model '" + point.model_id + "' does not exist");
      }
    }
    CAIRN_TRY(storage::logged_models::log_model_metrics(c, run.id, batch.metrics));
    CAIRN_TRY(runs::set_tags(c, run.id, batch.tags));
    return {};
  });
}

Status RunService::delete_tag(const Caller& caller, const std::string& run_id, const std::string& key) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_write));
    CAIRN_TRY_ASSIGN(bool deleted, runs::delete_tag(c, run.id, key));
    if (!deleted) return Error::not_found("tag '" + key + "' on run '" + run_id + "'");
    return {};
  });
}

Status RunService::log_inputs(const Caller& caller, const std::string& run_id,
                              const std::vector<storage::DatasetInput>& inputs) {
  return ctx_.write(caller, [&](Connection& c, const Principal& p) -> Status {
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_write));
    return runs::log_inputs(c, run, inputs);
  });
}

Result<RunPage> RunService::search(const Caller& caller, const TrackingScope& scope, const RunSearchRequest& request) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<RunPage> {
    CAIRN_TRY_ASSIGN(auto s, prepare_search(request));
    if (request.strict_experiments && request.experiment_ids.empty()) {
      CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::tracking_read));
      CAIRN_TRY_ASSIGN(s.experiment_ids, storage::experiments::ids_in_project(c, project.project.project.id));
    }
    for (const auto& id : request.experiment_ids) {
      auto experiment = experiment_for(c, p, scope, id, Action::tracking_read);
      // As in MLflow, an unknown experiment contributes no runs rather than failing the search.
      if (!experiment.ok() && experiment.error().code == ErrorCode::not_found && !request.strict_experiments) continue;
      if (!experiment.ok()) return std::move(experiment).error();
      s.experiment_ids.push_back(experiment->id);
    }
    RunPage page;
    if (s.experiment_ids.empty()) return page;
    CAIRN_TRY_ASSIGN(auto found, runs::search(c, s));
    if (request.count_total) {
      CAIRN_TRY_ASSIGN(page.total, runs::count(c, s));
    }
    if (auto next = storage::trim_offset_page(found, request.offset, request.max_results)) page.next_offset = *next;
    CAIRN_TRY_ASSIGN(page.runs, runs::load_views(c, std::move(found)));
    return page;
  });
}

Result<MetricHistoryPage> RunService::metric_history(const Caller& caller, const std::string& run_id,
                                                     const std::string& key,
                                                     const std::optional<storage::metrics::HistoryPosition>& after,
                                                     int64_t max_results) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<MetricHistoryPage> {
    CAIRN_TRY_ASSIGN(auto run, run_for(c, p, run_id, Action::tracking_read));
    CAIRN_TRY_ASSIGN(auto points, storage::metrics::history(c, run.id, key, after, max_results));
    MetricHistoryPage page;
    if (static_cast<int64_t>(points.size()) > max_results) {
      points.resize(max_results);
      page.next = storage::metrics::position_of(points.back());
    }
    page.points = std::move(points);
    return page;
  });
}

Result<std::vector<std::pair<std::string, storage::MetricRecord>>> RunService::metric_history_bulk(
    const Caller& caller, const std::vector<std::string>& run_ids, const std::string& key,
    std::optional<int64_t> start_step, std::optional<int64_t> end_step, std::size_t max_points) {
  return ctx_.read(
      caller,
      [&](Connection& c, const Principal& p) -> Result<std::vector<std::pair<std::string, storage::MetricRecord>>> {
        std::vector<std::string> ids;
        for (const auto& id : run_ids) {
          CAIRN_TRY_ASSIGN(auto run, run_for(c, p, id, Action::tracking_read));
          ids.push_back(run.id);
        }
        std::vector<std::pair<std::string, storage::MetricRecord>> out;
        // Downsample each run's series on its own, keeping its shape.
        for (const auto& id : ids) {
          CAIRN_TRY_ASSIGN(auto series,
                           storage::metric_buckets::points_to_downsample(c, id, key, start_step, end_step, max_points));
          for (const auto& point : stats::downsample_lttb(series, max_points)) {
            storage::MetricRecord record;
            static_cast<stats::MetricPoint&>(record) = point;
            record.key = key;
            out.emplace_back(id, std::move(record));
          }
        }
        return out;
      });
}

Result<std::vector<MetricSeries>> RunService::metric_series(const Caller& caller,
                                                            const std::vector<std::string>& run_ids,
                                                            const std::string& key,
                                                            std::optional<std::size_t> max_points) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<MetricSeries>> {
    std::vector<MetricSeries> out;
    std::set<std::string> seen;
    for (const auto& id : run_ids) {
      if (!seen.insert(id).second) continue;
      CAIRN_TRY_ASSIGN(auto run, run_for(c, p, id, Action::tracking_read));
      out.push_back(MetricSeries{run.id, {}, false});
    }
    for (auto& series : out) {
      CAIRN_TRY_ASSIGN(auto raw, max_points
                                     ? storage::metric_buckets::points_to_downsample(
                                           c, series.run_id, key, std::nullopt, std::nullopt, *max_points)
                                     : storage::metrics::series(c, series.run_id, key, std::nullopt, std::nullopt));
      const bool downsample = max_points && raw.size() > *max_points;
      const auto kept = downsample ? stats::downsample_lttb(raw, *max_points) : std::move(raw);
      series.points.reserve(kept.size());
      for (const auto& k : kept) {
        storage::MetricRecord point;
        point.key = key;
        point.value = k.value;
        point.timestamp = k.timestamp;
        point.step = k.step;
        series.points.push_back(std::move(point));
      }
      series.downsampled = downsample;
    }
    return out;
  });
}

Result<std::vector<KeyedMetricSeries>> RunService::metric_series_many(const Caller& caller, const TrackingScope& scope,
                                                                      const MetricSeriesRequest& request) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<std::vector<KeyedMetricSeries>> {
    CAIRN_TRY_ASSIGN(auto project, resolve_scope(c, p, scope, Action::tracking_read));
    // One query checks every run against the project the caller may read, instead of one per run.
    CAIRN_TRY_ASSIGN(auto found, runs::find_many(c, request.run_ids));
    std::map<std::string, std::size_t> order;
    for (const auto& run : found) {
      if (run.project_id == project.project.project.id) order.emplace(run.id, 0);
    }
    std::vector<std::string> ids;
    for (const auto& id : request.run_ids) {
      auto it = order.find(id);
      if (it == order.end()) return Error::not_found("run '" + id + "'");
      if (it->second == 0) {
        ids.push_back(id);
        it->second = ids.size();
      }
    }
    std::map<std::string, std::size_t> key_order;
    for (const auto& key : request.keys) key_order.emplace(key, key_order.size());
    CAIRN_TRY_ASSIGN(auto series, storage::metrics::series_of_runs(c, ids, request.keys, request.start_step,
                                                                   request.end_step, request.max_points));
    std::vector<KeyedMetricSeries> out;
    out.reserve(series.size());
    for (auto& s : series) {
      const bool downsample = s.points.size() > request.max_points;
      out.push_back(KeyedMetricSeries{
          std::move(s.run_id), std::move(s.key),
          downsample ? stats::downsample_lttb(s.points, request.max_points) : std::move(s.points), downsample});
    }
    std::sort(out.begin(), out.end(), [&](const KeyedMetricSeries& a, const KeyedMetricSeries& b) {
      return std::pair(order[a.run_id], key_order[a.key]) < std::pair(order[b.run_id], key_order[b.key]);
    });
    return out;
  });
}

Result<RunComparison> RunService::compare(const Caller& caller, const std::vector<std::string>& run_ids) {
  return ctx_.read(caller, [&](Connection& c, const Principal& p) -> Result<RunComparison> {
    std::vector<storage::RunRecord> records;
    std::vector<std::string> ids;
    for (const auto& id : run_ids) {
      CAIRN_TRY_ASSIGN(auto run, run_for(c, p, id, Action::tracking_read));
      ids.push_back(run.id);
      records.push_back(std::move(run));
    }
    CAIRN_TRY_ASSIGN(auto views, runs::load_views(c, std::move(records)));
    CAIRN_TRY_ASSIGN(auto ranges, storage::metrics::ranges_for_runs(c, ids));
    return compare_runs(std::move(views), ranges);
  });
}

}  // namespace cairn::service
