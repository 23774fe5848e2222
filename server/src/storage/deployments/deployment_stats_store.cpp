#include "storage/deployments/deployment_stats_store.hpp"

#include <algorithm>
#include <charconv>

namespace cairn::storage::deployment_stats {

std::string encode_bins(const serving::StatsSlot& slot) {
  std::string out;
  for (std::size_t i = 0; i < slot.bins.size(); ++i) {
    if (slot.bins[i] == 0) continue;
    if (!out.empty()) out += ',';
    out += std::to_string(i);
    out += ':';
    out += std::to_string(slot.bins[i]);
  }
  return out;
}

Status decode_bins(std::string_view text, serving::StatsSlot& slot) {
  if (text.empty()) return {};
  for (std::size_t at = 0; at <= text.size();) {
    const auto comma = std::min(text.find(',', at), text.size());
    const auto item = text.substr(at, comma - at);
    const auto colon = item.find(':');
    std::size_t bin = 0;
    int32_t count = 0;
    const auto number = [](std::string_view digits, auto& out) {
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
      return ec == std::errc{} && end == digits.data() + digits.size() && !digits.empty();
    };
    if (colon == std::string_view::npos || !number(item.substr(0, colon), bin) ||
        !number(item.substr(colon + 1), count) || bin >= slot.bins.size() || count < 0)
      return Error::internal("deployment_stats_slots.latency_bins is not bin:count,...");
    slot.bins[bin] += count;
    at = comma + 1;
  }
  return {};
}

Status publish(Connection& c, const std::string& replica, const std::string& deployment_id,
               const std::vector<serving::StatsSlot>& slots, int64_t now_ms) {
  for (const auto& s : slots) {
    CAIRN_TRY(as_status(c.execute(
        "INSERT INTO deployment_stats_slots (deployment_id, replica, bucket_start, requests, errors, cache_hits,"
        " batches, batch_rows, latency_bins, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (deployment_id, bucket_start, replica) DO UPDATE SET requests = excluded.requests,"
        " errors = excluded.errors, cache_hits = excluded.cache_hits, batches = excluded.batches,"
        " batch_rows = excluded.batch_rows, latency_bins = excluded.latency_bins, updated_at = excluded.updated_at",
        {deployment_id, replica, s.start, s.requests, s.errors, s.cache_hits, s.batches, s.batch_rows, encode_bins(s),
         now_ms})));
  }
  return {};
}

Result<std::vector<serving::StatsSlot>> others(Connection& c, const std::string& deployment_id,
                                               const std::string& replica, int64_t from_ms) {
  std::vector<serving::StatsSlot> out;
  CAIRN_TRY(
      c.for_each_row("SELECT bucket_start, requests, errors, cache_hits, batches, batch_rows, latency_bins"
                     " FROM deployment_stats_slots WHERE deployment_id = ? AND bucket_start >= ? AND replica <> ?",
                     {deployment_id, from_ms, replica}, [&out](const Row& r) -> Status {
                       serving::StatsSlot s;
                       s.start = r.int64(0);
                       s.requests = r.int64(1);
                       s.errors = r.int64(2);
                       s.cache_hits = r.int64(3);
                       s.batches = r.int64(4);
                       s.batch_rows = r.int64(5);
                       CAIRN_TRY(decode_bins(r.text(6), s));
                       out.push_back(s);
                       return {};
                     }));
  return out;
}

Result<int64_t> prune(Connection& c, int64_t before_ms) {
  return c.execute("DELETE FROM deployment_stats_slots WHERE bucket_start < ?", {before_ms});
}

}  // namespace cairn::storage::deployment_stats
