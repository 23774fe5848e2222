#include <unistd.h>

#include <fstream>

#include "api/api.hpp"
#include "api/openapi_document.hpp"
#include "common/clock.hpp"
#include "storage/migrator.hpp"

namespace cairn::api {
namespace {

int64_t resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * sysconf(_SC_PAGESIZE);
}

std::string process_metrics(storage::Database& db, int64_t started_at_ms) {
  const auto pool = db.stats();
  std::string out;
  out += "# HELP cairn_db_pool_connections Open database connections.\n# TYPE cairn_db_pool_connections gauge\n";
  out += "cairn_db_pool_connections " + std::to_string(pool.size) + "\n";
  out += "# HELP cairn_db_pool_in_use Database connections lent out.\n# TYPE cairn_db_pool_in_use gauge\n";
  out += "cairn_db_pool_in_use " + std::to_string(pool.in_use) + "\n";
  out += "# HELP cairn_db_pool_max Largest number of database connections.\n# TYPE cairn_db_pool_max gauge\n";
  out += "cairn_db_pool_max " + std::to_string(pool.max_size) + "\n";
  out += "# HELP cairn_db_pool_waits_total Acquisitions that waited for a free connection.\n";
  out += "# TYPE cairn_db_pool_waits_total counter\ncairn_db_pool_waits_total " + std::to_string(pool.waits) + "\n";
  out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n";
  out += "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " +
         std::to_string(resident_memory_bytes()) + "\n";
  out += "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n";
  out += "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds " + std::to_string(started_at_ms / 1000) +
         "\n";
  return out;
}

}  // namespace

void add_ops_routes(Api& api, storage::Database& db, http::HttpMetrics& metrics, std::vector<const WorkPool*> pools,
                    std::function<std::string()> extra_metrics) {
  const int64_t started_at = now_ms();

  api.add(
      "GET", "/healthz", AuthMode::none,
      [](http::Request&, const service::Caller&) -> Result<http::Response> {
        return json_result(200, {{"status", "ok"}});
      },
      ErrorStyle::native, Lane::io_thread);

  api.add("GET", "/readyz", AuthMode::none, [&db](http::Request&, const service::Caller&) -> Result<http::Response> {
    std::string database = "ok";
    std::string migrations = "ok";
    if (auto conn = db.acquire(); !conn.ok()) {
      database = conn.error().message;
    } else if (auto ping = (*conn)->query("SELECT 1", {}); !ping.ok()) {
      database = "unreachable";
    }
    if (database == "ok") {
      auto pending = storage::pending_migrations(db);
      if (!pending.ok())
        migrations = "unknown";
      else if (!pending->empty())
        migrations = std::to_string(pending->size()) + " pending";
    } else {
      migrations = "unknown";
    }
    const bool ready = database == "ok" && migrations == "ok";
    return json_result(
        ready ? 200 : 503,
        {{"status", ready ? "ready" : "unavailable"}, {"database", database}, {"migrations", migrations}});
  });

  // On the I/O thread: it only reads counters, so a scrape still answers when every worker is busy
  // (which is when it matters most).
  api.add(
      "GET", "/metrics", AuthMode::none,
      [&db, &metrics, started_at, pools = std::move(pools), extra_metrics = std::move(extra_metrics)](
          http::Request&, const service::Caller&) -> Result<http::Response> {
        std::string pool_series;
        if (!pools.empty()) pool_series = WorkPool::render_help();
        for (const auto* pool : pools) pool_series += pool->render_metrics();
        if (extra_metrics) pool_series += extra_metrics();
        return http::Response::text(200, metrics.render() + pool_series + process_metrics(db, started_at),
                                    "text/plain; version=0.0.4; charset=utf-8");
      },
      ErrorStyle::native, Lane::io_thread);

  api.add("GET", "/api/openapi.json", AuthMode::none,
          [](http::Request&, const service::Caller&) -> Result<http::Response> {
            auto response = http::Response::text(200, openapi_json(), "application/json");
            return response;
          });
}

}  // namespace cairn::api
