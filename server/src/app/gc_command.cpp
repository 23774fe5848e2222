#include "app/gc_command.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "common/clock.hpp"
#include "service/tracking/tracking_gc.hpp"
#include "storage/migrator.hpp"

namespace cairn::app {
namespace {

constexpr int kMaxDays = 36'500;
constexpr int64_t kDayMs = 86'400'000;

nlohmann::json report_json(const service::GcReport& r, const GcArgs& args, int64_t cutoff_ms) {
  return {{"dry_run", args.dry_run},
          {"older_than_days", args.older_than_days},
          {"cutoff_ms", cutoff_ms},
          {"experiments", r.experiments},
          {"runs", r.runs},
          {"rows",
           {{"runs", r.rows.runs},
            {"params", r.rows.params},
            {"tags", r.rows.tags},
            {"metric_points", r.rows.metric_points}}},
          {"artifact_folders", r.artifact_folders},
          {"orphaned_folders", r.orphaned_folders},
          {"held", r.held},
          {"failures", r.failures}};
}

void print_list(const char* label, const std::vector<std::string>& items) {
  for (const auto& item : items) std::cout << "  " << label << " " << item << "\n";
}

void print_report(const service::GcReport& r, const GcArgs& args) {
  std::cout << (args.dry_run ? "dry run: nothing was changed; a gc would remove\n" : "removed\n");
  std::cout << "experiments: " << r.experiments.size() << "\n";
  print_list("experiment", r.experiments);
  std::cout << "runs: " << r.rows.runs
            << " in all; deleted on their own (the others went with their experiment): " << r.runs.size() << "\n";
  print_list("run", r.runs);
  std::cout << "params: " << r.rows.params << "\ntags: " << r.rows.tags << "\nmetric points: " << r.rows.metric_points
            << "\nartifact folders: " << r.artifact_folders.size() << "\n";
  std::cout << "orphaned artifact folders: " << r.orphaned_folders.size() << "\n";
  print_list("orphan", r.orphaned_folders);
  if (!r.held.empty()) {
    std::cout << "kept, a registered model version uses their files: " << r.held.size() << "\n";
    print_list("kept", r.held);
  }
  if (!r.failures.empty()) {
    std::cout << "folders not removed (the next gc retries them as orphans): " << r.failures.size() << "\n";
    print_list("failed", r.failures);
  }
}

}  // namespace

int run_gc(const config::Settings& settings, const GcArgs& args) {
  if (args.older_than_days < 0 || args.older_than_days > kMaxDays) {
    std::cerr << "error: --older-than-days must be 0.." << kMaxDays << "\n";
    return 2;
  }
  // No migrations here: a dry run changes nothing, the schema included.
  auto app = build_app(settings, false);
  if (!app.ok()) {
    std::cerr << "error: " << app.error().message << "\n";
    return 1;
  }
  auto pending = storage::pending_migrations(*(*app)->db);
  if (!pending.ok() || !pending->empty()) {
    std::cerr << "error: "
              << (pending.ok() ? "the database has migrations to apply: run cairn migrate (or start the server) first"
                               : pending.error().message)
              << "\n";
    return 1;
  }
  const int64_t cutoff_ms = now_ms() - args.older_than_days * kDayMs;
  auto report = service::collect_garbage(*(*app)->db, *(*app)->artifact_store, {cutoff_ms, args.dry_run});
  if (!report.ok()) {
    std::cerr << "error: " << report.error().message << "\n";
    return 1;
  }
  if (args.json) {
    std::cout << report_json(*report, args, cutoff_ms).dump() << "\n";
  } else {
    print_report(*report, args);
  }
  return report->failures.empty() ? 0 : 1;
}

}  // namespace cairn::app
