#include "service/monitoring/bucket_profile.hpp"

#include "common/base64.hpp"
#include "common/clock.hpp"

namespace cairn::service {

void BucketProfile::merge(const BucketProfile& other) {
  (void)service.merge(other.service);
  data.rows += other.data.rows;
  unmergeable_features += other.unmergeable_features;
  for (const auto& [name, feature] : other.data.features) {
    auto it = data.features.find(name);
    if (it == data.features.end()) {
      data.features.emplace(name, feature);
    } else if (!it->second.merge(feature).ok()) {
      ++unmergeable_features;
      // Of two that do not merge, keep the one binned on a reference: statistics recorded before
      // any reference (no bins) are what a report can least use.
      const auto* kept = it->second.try_get_numeric();
      const auto* offered = feature.try_get_numeric();
      if (kept && offered && kept->bins.edges.empty() && !offered->bins.edges.empty()) it->second = feature;
    }
  }
}

Result<BucketProfile> bucket_from_row(const storage::monitoring::BucketRow& row) {
  BucketProfile b;
  CAIRN_TRY_ASSIGN(b.service, ServiceProfile::deserialize(row.service));
  auto bytes = base64_decode(row.profile);
  if (!bytes) return Error::internal("a stored bucket profile is not base64");
  CAIRN_TRY_ASSIGN(b.data, stats::DatasetProfile::deserialize(*bytes));
  return b;
}

storage::monitoring::BucketRow row_from_bucket(const BucketProfile& bucket, const std::string& monitor_id,
                                               int64_t resolution, int64_t start_at, int64_t revision,
                                               const std::string& writer) {
  return storage::monitoring::BucketRow{monitor_id,
                                        resolution,
                                        start_at,
                                        revision,
                                        writer,
                                        bucket.service.requests,
                                        bucket.service.errors,
                                        bucket.service.serialize(),
                                        base64_encode(bucket.data.serialize()),
                                        now_ms()};
}

}  // namespace cairn::service
