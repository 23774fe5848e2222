#include "service/monitoring/monitor_reports.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "stats/performance_metrics.hpp"

namespace cairn::service::monitor_reports {
namespace {

using nlohmann::json;
namespace store = storage::monitoring;

constexpr int64_t kDayMs = 86'400'000;
constexpr std::array<int64_t, 3> kResolutions = {86400, 3600, 60};

/// A number for JSON: NaN and infinities (an empty sketch) become null.
json number(double v) {
  return std::isfinite(v) ? json(v) : json();
}

/// Buckets of `r.resolution` over the range, keyed by (start, revision or 0): a bucket's own
/// rollup rows where they exist, else the finer rows of its span (the current hour is not
/// rolled up yet; a rollup may lag its late rows by one job interval).
Result<std::map<std::pair<int64_t, int64_t>, BucketProfile>> read_buckets(storage::Connection& c,
                                                                          const std::string& monitor_id,
                                                                          const Range& r) {
  std::map<std::pair<int64_t, int64_t>, BucketProfile> out;
  std::vector<std::pair<int64_t, std::set<int64_t>>> covered;  // (level, starts with rows at that level)
  for (int64_t level : kResolutions) {
    if (level > r.resolution) continue;
    std::set<int64_t> starts;
    Status read = store::for_each_bucket(c, monitor_id, level, r.from, r.to, [&](const store::BucketRow& row) -> Status {
      for (const auto& [coarser, seen] : covered)
        if (seen.contains(bucket_start(row.start_at, coarser))) return {};
      starts.insert(row.start_at);
      auto bucket = bucket_from_row(row);
      if (!bucket.ok()) return {};  // an unreadable row is skipped, not the whole report
      const auto key = std::pair{bucket_start(row.start_at, r.resolution), r.by_revision ? row.revision : 0};
      auto it = out.find(key);
      if (it == out.end())
        out.emplace(key, std::move(*bucket));
      else
        it->second.merge(*bucket);
      return {};
    });
    CAIRN_TRY(read);
    covered.emplace_back(level, std::move(starts));
  }
  return out;
}

json quantiles(const stats::QuantileSketch& s) {
  if (s.count() == 0) return json();
  return {{"p50", number(s.quantile(0.5))},
          {"p90", number(s.quantile(0.9))},
          {"p95", number(s.quantile(0.95))},
          {"p99", number(s.quantile(0.99))},
          {"max", number(s.max())}};
}

json service_json(const ServiceProfile& s) {
  return {{"requests", s.requests},
          {"errors", s.errors},
          {"error_rate", s.requests ? json(static_cast<double>(s.errors) / static_cast<double>(s.requests)) : json()},
          {"cache_hits", s.cache_hits},
          {"rows", s.rows},
          {"latency_ms", quantiles(s.latency_ms)},
          {"batch_rows", quantiles(s.batch_rows)},
          {"errors_by_code", s.errors_by_code}};
}

/// What a feature's values say against the reference: the numeric range seen and how many values
/// fell outside the reference's bins; the categories the reference never had.
void add_quality(json& item, const stats::FeatureProfile& f, const stats::FeatureProfile* reference) {
  if (const auto* n = f.try_get_numeric()) {
    if (n->count) {
      item["min"] = number(n->min);
      item["max"] = number(n->max);
      item["mean"] = number(n->mean);
    }
    // Bins come from the reference: the first and last slots hold what lies below and above it.
    if (reference && reference->kind() == stats::FeatureKind::numeric && !n->bins.edges.empty() &&
        n->bin_counts.size() >= 2)
      item["out_of_range"] = n->bin_counts.front() + n->bin_counts.back();
    return;
  }
  const auto& c = f.get_categorical();
  item["distinct"] = number(c.distinct.estimate());
  if (!reference || reference->kind() != stats::FeatureKind::categorical) return;
  const auto& known = reference->get_categorical().values;
  json fresh = json::object();
  for (const auto& v : c.values.top(100))
    if (known.exact() && known.estimate(v.value) == 0) fresh[v.value] = v.count;
  item["new_categories"] = fresh;
}

/// The reference the range is compared with: another window's profile or the monitor's own.
Result<std::shared_ptr<const stats::DatasetProfile>> baseline_of(storage::Connection& c, const MonitorContext& m,
                                                                 const std::optional<Range>& baseline) {
  if (baseline) {
    CAIRN_TRY_ASSIGN(auto b, merged(c, m.monitor.id, *baseline));
    return std::shared_ptr<const stats::DatasetProfile>(std::make_shared<stats::DatasetProfile>(std::move(b.data)));
  }
  if (!m.reference)
    return Error::conflict("the monitor has no reference data yet: set one (PUT .../reference) or compare two windows");
  return m.reference;
}

}  // namespace

Result<Range> checked(Range r) {
  if (r.from < 0 || r.to <= r.from) return Error::validation("from", "must be before to");
  if (r.to - r.from > 800 * kDayMs) return Error::validation("to", "a range spans at most 800 days");
  if (r.resolution == 0) {
    const int64_t span = r.to - r.from;
    r.resolution = span <= 6 * 3'600'000 ? 60 : span <= 14 * kDayMs ? 3600 : 86400;
  }
  if (std::find(kResolutions.begin(), kResolutions.end(), r.resolution) == kResolutions.end())
    return Error::validation("resolution", "must be 60, 3600 or 86400 seconds");
  if ((r.to - r.from) / (r.resolution * 1000) > 10'000)
    return Error::validation("resolution", "the range holds more than 10000 buckets at this resolution");
  // Whole buckets: the range widens to the bucket boundaries around it.
  r.from = bucket_start(r.from, r.resolution);
  return r;
}

Result<BucketProfile> merged(storage::Connection& c, const std::string& monitor_id, const Range& r) {
  Range whole = r;
  whole.by_revision = false;
  CAIRN_TRY_ASSIGN(auto buckets, read_buckets(c, monitor_id, whole));
  BucketProfile total;
  for (auto& [key, b] : buckets) total.merge(b);
  return total;
}

Result<json> service_series(storage::Connection& c, const MonitorContext& m, const Range& r) {
  CAIRN_TRY_ASSIGN(auto buckets, read_buckets(c, m.monitor.id, r));
  ServiceProfile total;
  json items = json::array();
  for (const auto& [key, b] : buckets) {
    json item = service_json(b.service);
    item["start"] = key.first;
    if (r.by_revision) item["revision"] = key.second;
    items.push_back(std::move(item));
    (void)total.merge(b.service);
  }
  return json{{"from", r.from},
              {"to", r.to},
              {"resolution", r.resolution},
              {"buckets", items},
              {"total", service_json(total)},
              {"invalid_fields", total.invalid_fields}};
}

Result<json> drift(storage::Connection& c, const MonitorContext& m, const Range& r, const std::optional<Range>& baseline) {
  CAIRN_TRY_ASSIGN(auto reference, baseline_of(c, m, baseline));
  CAIRN_TRY_ASSIGN(auto current, merged(c, m.monitor.id, r));
  // Ignored features leave both sides; every other feature is judged with its own options.
  stats::DatasetProfile ref = *reference;
  for (const auto& name : m.config.ignore) {
    ref.features.erase(name);
    current.data.features.erase(name);
  }
  // A feature seen as numbers on one side and as labels on the other cannot be compared: it is
  // named, not tested (records sent without a reference have their kinds told from the values).
  json incomparable = json::array();
  for (auto it = ref.features.begin(); it != ref.features.end();) {
    auto cur = current.data.features.find(it->first);
    if (cur != current.data.features.end() && cur->second.kind() != it->second.kind()) {
      incomparable.push_back(it->first);
      current.data.features.erase(cur);
      it = ref.features.erase(it);
    } else {
      ++it;
    }
  }
  std::map<std::string, stats::DriftOptions, std::less<>> options;
  for (const auto& [name, f] : ref.features) {
    options[name] = m.config.options_for(name);
    // A feature the window never saw is judged as empty (skipped), not an error.
    if (!current.data.features.contains(name)) current.data.features.emplace(name, f.empty_like());
  }
  CAIRN_TRY_ASSIGN(auto result, stats::dataset_drift(ref, current.data, options, m.config.drift_share));
  std::sort(result.features.begin(), result.features.end(), [](const auto& a, const auto& b) {
    if (a.drifted != b.drifted) return a.drifted;
    return a.feature < b.feature;
  });
  json features = json::array();
  for (const auto& f : result.features) {
    features.push_back({{"feature", f.feature},
                        {"method", f.method},
                        {"score", number(f.score)},
                        {"p_value", f.p_value ? number(*f.p_value) : json()},
                        {"threshold", f.threshold},
                        {"drifted", f.drifted},
                        {"error_bound", f.error_bound ? number(*f.error_bound) : json()},
                        {"skipped", f.skipped},
                        {"reason", f.reason},
                        {"bins", f.bin_labels},
                        {"reference_histogram", f.reference_histogram},
                        {"current_histogram", f.current_histogram}});
  }
  return json{{"from", r.from},
              {"to", r.to},
              {"rows", current.data.rows},
              {"reference_rows", ref.rows},
              {"baseline", baseline ? json{{"from", baseline->from}, {"to", baseline->to}} : json("reference")},
              {"drift_share", number(result.drift_share)},
              {"share_threshold", result.share_threshold},
              {"dataset_drifted", result.dataset_drifted},
              {"drifted_features", std::count_if(result.features.begin(), result.features.end(),
                                                 [](const auto& f) { return f.drifted; })},
              {"features", features},
              {"unmergeable_features", current.unmergeable_features},
              {"incomparable_features", incomparable}};
}

Result<json> quality(storage::Connection& c, const MonitorContext& m, const Range& r) {
  CAIRN_TRY_ASSIGN(auto buckets, read_buckets(c, m.monitor.id, Range{r.from, r.to, r.resolution, false}));
  BucketProfile total;
  json series = json::array();
  for (const auto& [key, b] : buckets) {
    json shares = json::object();
    for (const auto& [name, f] : b.data.features) {
      const auto n = f.count() + f.missing();
      shares[name] = n ? json(static_cast<double>(f.missing()) / static_cast<double>(n)) : json();
    }
    series.push_back({{"start", key.first}, {"missing_share", shares}});
    total.merge(b);
  }
  json features = json::array();
  for (const auto& [name, f] : total.data.features) {
    const auto n = f.count() + f.missing();
    json item{{"feature", name},
              {"kind", f.kind() == stats::FeatureKind::numeric ? "numeric" : "categorical"},
              {"count", f.count()},
              {"missing", f.missing()},
              {"missing_share", n ? json(static_cast<double>(f.missing()) / static_cast<double>(n)) : json()},
              {"type_errors", total.service.rejects.type_errors.contains(name)
                                  ? total.service.rejects.type_errors.at(name)
                                  : 0},
              {"validation_errors",
               total.service.invalid_fields.contains(name) ? total.service.invalid_fields.at(name) : 0}};
    const stats::FeatureProfile* ref = nullptr;
    if (m.reference)
      if (auto it = m.reference->features.find(name); it != m.reference->features.end()) ref = &it->second;
    add_quality(item, f, ref);
    features.push_back(std::move(item));
  }
  return json{{"from", r.from},
              {"to", r.to},
              {"rows", total.data.rows},
              {"features", features},
              {"unknown_features", total.service.rejects.unknown_features},
              {"buckets", series}};
}

namespace {

/// A record's prediction as one value: a scalar, or the single value of a one-key object.
const json* single_value(const json& prediction) {
  if (prediction.is_object()) return prediction.size() == 1 ? &prediction.begin().value() : nullptr;
  return prediction.is_null() ? nullptr : &prediction;
}

std::string class_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  const double d = v.get<double>();
  if (d == std::floor(d) && std::abs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  return v.dump();
}

struct Pairs {
  std::vector<json> truth, predicted;
  int64_t records = 0;
};

json metrics_json(const Pairs& p, const std::string& task) {
  json out{{"records", p.records}, {"labelled", p.truth.size()}};
  out["label_coverage"] = p.records ? json(static_cast<double>(p.truth.size()) / static_cast<double>(p.records)) : json();
  if (p.truth.empty()) return out;
  if (task == "regression") {
    std::vector<double> t, y;
    for (std::size_t i = 0; i < p.truth.size(); ++i)
      if (p.truth[i].is_number() && p.predicted[i].is_number()) {
        t.push_back(p.truth[i].get<double>());
        y.push_back(p.predicted[i].get<double>());
      }
    auto m = stats::regression_metrics(t, y);
    out["mae"] = number(m.mae);
    out["rmse"] = number(m.rmse);
    out["mape"] = m.mape ? number(*m.mape) : json();
    out["r2"] = m.r2 ? number(*m.r2) : json();
    return out;
  }
  // Classification: a numeric prediction strictly between 0 and 1 is the positive class's
  // probability (predicted class at 0.5); anything else is the class itself.
  std::vector<std::string> t, y;
  std::vector<double> scores;
  bool probabilities = true;
  for (std::size_t i = 0; i < p.truth.size(); ++i) {
    const auto& v = p.predicted[i];
    if (!v.is_number_float() || v.get<double>() < 0 || v.get<double>() > 1) probabilities = false;
  }
  for (std::size_t i = 0; i < p.truth.size(); ++i) {
    t.push_back(class_of(p.truth[i]));
    if (probabilities) {
      scores.push_back(p.predicted[i].get<double>());
      y.push_back(scores.back() >= 0.5 ? "1" : "0");
    } else {
      y.push_back(class_of(p.predicted[i]));
    }
  }
  auto m = stats::classification_metrics(t, y, probabilities ? &scores : nullptr);
  out["accuracy"] = m.accuracy;
  out["precision"] = m.precision;
  out["recall"] = m.recall;
  out["f1"] = m.f1;
  out["roc_auc"] = m.roc_auc ? number(*m.roc_auc) : json();
  out["log_loss"] = m.log_loss ? number(*m.log_loss) : json();
  out["classes"] = m.classes;
  out["confusion_matrix"] = m.confusion;
  return out;
}

}  // namespace

Result<json> performance(storage::Connection& c, const MonitorContext& m, const Range& r) {
  constexpr int64_t kMaxRecords = 1'000'000;
  std::map<int64_t, Pairs> per_bucket;
  Pairs total;
  bool regression_like = true;
  CAIRN_TRY(store::for_each_record(c, m.monitor.id, r.from, r.to, kMaxRecords,
                                   [&](const store::LabeledRecord& rec) -> Status {
                                     auto& bucket = per_bucket[bucket_start(rec.record.at, r.resolution)];
                                     ++bucket.records;
                                     ++total.records;
                                     if (!rec.label) return {};
                                     auto label = json::parse(*rec.label, nullptr, false);
                                     auto prediction = json::parse(rec.record.prediction, nullptr, false);
                                     const json* y = single_value(prediction);
                                     if (label.is_discarded() || !y) return {};
                                     if (!label.is_number_float()) regression_like = false;
                                     bucket.truth.push_back(label);
                                     bucket.predicted.push_back(*y);
                                     total.truth.push_back(label);
                                     total.predicted.push_back(*y);
                                     return {};
                                   }));
  // Told from the labels when not configured: fractional numbers are a regression's.
  const std::string task =
      m.config.task.value_or(regression_like && !total.truth.empty() ? "regression" : "classification");
  json buckets = json::array();
  for (const auto& [start, pairs] : per_bucket) {
    json item = metrics_json(pairs, task);
    item["start"] = start;
    buckets.push_back(std::move(item));
  }
  return json{{"from", r.from},     {"to", r.to}, {"resolution", r.resolution}, {"task", task},
              {"total", metrics_json(total, task)}, {"buckets", buckets}};
}

}  // namespace cairn::service::monitor_reports
