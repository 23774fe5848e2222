#include "app/drift_command.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/npy_columns.hpp"

namespace cairn::app {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct ColumnResult {
  Result<stats::FeatureDrift> drift = Error::internal("not run");
  double reference_seconds = 0;  ///< building the reference profile
  double ingest_seconds = 0;     ///< streaming the current column into its profile
  double drift_seconds = 0;
  uint64_t values = 0;
  /// Numbers added one by one, as the gateway adds each prediction's value to its minute's bucket: values/s.
  double per_value_rate = 0;
};

/// The gateway's path: each value on its own into a bucket's profile. Timed over at most 2M values.
double per_value_rate(const stats::FeatureProfile& shape, const std::vector<double>& numbers) {
  auto bucket = shape.empty_like();
  const std::size_t n = std::min<std::size_t>(numbers.size(), 2'000'000);
  const auto started = Clock::now();
  for (std::size_t i = 0; i < n; ++i) bucket.add(numbers[i]);
  const double seconds = seconds_since(started);
  return seconds > 0 ? static_cast<double>(n) / seconds : 0.0;
}

/// The current column into a profile shaped like the reference's, a column at once (as a batch of
/// records or an uploaded file is).
void stream_into(stats::FeatureProfile& profile, const stats::RawColumn& column) {
  if (column.kind == stats::FeatureKind::numeric)
    profile.add_all(column.numbers);
  else
    profile.add_all(column.texts);
}

/// `column` is the thread's buffer: the reference is read into it, then the current column over it.
ColumnResult run_column(const NpyColumnFile& ref_file, const NpyColumnFile& cur_file, bool measure_per_value,
                        stats::RawColumn& column) {
  ColumnResult out;
  if (auto read = read_npy_column(ref_file, column); !read.ok()) {
    out.drift = read.error();
    return out;
  }
  auto started = Clock::now();
  auto profile = stats::build_reference_profile(std::span<const stats::RawColumn>(&column, 1));
  out.reference_seconds = seconds_since(started);
  if (!profile.ok()) {
    out.drift = profile.error();
    return out;
  }
  if (auto read = read_npy_column(cur_file, column); !read.ok()) {
    out.drift = read.error();
    return out;
  }
  const auto& ref_feature = profile->features.begin()->second;
  auto cur_feature = ref_feature.empty_like();
  started = Clock::now();
  stream_into(cur_feature, column);
  out.ingest_seconds = seconds_since(started);
  out.values = column.kind == stats::FeatureKind::numeric ? column.numbers.size() : column.texts.size();
  started = Clock::now();
  out.drift = stats::drift_between(ref_file.name, ref_feature, cur_feature, {});
  out.drift_seconds = seconds_since(started);
  if (measure_per_value && column.kind == stats::FeatureKind::numeric)
    out.per_value_rate = per_value_rate(ref_feature, column.numbers);
  return out;
}

}  // namespace

int run_drift(const DriftCommandArgs& args) {
  auto ref_files = list_npy_columns(args.reference);
  auto cur_files = list_npy_columns(args.current);
  if (!ref_files.ok() || !cur_files.ok()) {
    std::cerr << (!ref_files.ok() ? ref_files.error().message : cur_files.error().message) << "\n";
    return 2;
  }
  if (ref_files->size() != cur_files->size()) {
    std::cerr << "the reference and current folders hold different columns\n";
    return 2;
  }
  const auto wall = Clock::now();
  std::vector<ColumnResult> results(ref_files->size());
  std::atomic<std::size_t> next{0};
  // One numeric column is also added value by value, to report the gateway's per-value rate.
  const auto first_numeric = std::find_if(ref_files->begin(), ref_files->end(),
                                          [](const auto& f) { return f.kind == stats::FeatureKind::numeric; });
  const auto probed = static_cast<std::size_t>(first_numeric - ref_files->begin());
  const unsigned threads =
      args.threads > 0 ? static_cast<unsigned>(args.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      stats::RawColumn column;  // one buffer per thread, reused column after column
      for (std::size_t i = next++; i < results.size(); i = next++)
        results[i] = run_column((*ref_files)[i], (*cur_files)[i], i == probed, column);
    });
  for (auto& t : pool) t.join();
  const double wall_seconds = seconds_since(wall);

  nlohmann::json features = nlohmann::json::array();
  double reference_s = 0, ingest_s = 0, drift_s = 0;
  uint64_t values = 0;
  double gateway_rate = 0;
  for (auto& r : results) {
    gateway_rate = std::max(gateway_rate, r.per_value_rate);
    if (!r.drift.ok()) {
      std::cerr << r.drift.error().message << "\n";
      return 1;
    }
    features.push_back(stats::to_json(*r.drift));
    reference_s += r.reference_seconds;
    ingest_s += r.ingest_seconds;
    drift_s += r.drift_seconds;
    values += r.values;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  nlohmann::json out{
      {"features", features},
      {"wall_seconds", wall_seconds},
      {"threads", threads},
      {"cpu_seconds", {{"reference_profiles", reference_s}, {"current_ingest", ingest_s}, {"drift", drift_s}}},
      {"current_values", values},
      {"ingest_values_per_second", ingest_s > 0 ? static_cast<double>(values) / ingest_s : 0.0},
      {"gateway_ingest_values_per_second", gateway_rate},
      {"peak_rss_mb", static_cast<double>(usage.ru_maxrss) / 1024.0}};
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace cairn::app
