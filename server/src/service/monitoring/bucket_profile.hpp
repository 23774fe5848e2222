#pragma once

#include "service/monitoring/service_profile.hpp"
#include "stats/dataset_profile.hpp"
#include "storage/monitoring/monitor_store.hpp"

namespace cairn::service {

/// Everything monitoring knows about one time bucket of one monitor (and revision): how it
/// served and what its inputs and predictions looked like. Buckets merge: any range of them is
/// one BucketProfile.
struct BucketProfile {
  ServiceProfile service;
  stats::DatasetProfile data;
  /// Features whose profiles could not merge (binned on another reference): left out, counted.
  int64_t unmergeable_features = 0;

  void merge(const BucketProfile& other);
};

Result<BucketProfile> bucket_from_row(const storage::monitoring::BucketRow& row);
/// The row of `bucket`, keyed by the other arguments.
storage::monitoring::BucketRow row_from_bucket(const BucketProfile& bucket, const std::string& monitor_id,
                                               int64_t resolution, int64_t start_at, int64_t revision,
                                               const std::string& writer);

/// Bucket starts: `at` rounded down to a multiple of `resolution_seconds`.
inline int64_t bucket_start(int64_t at_ms, int64_t resolution_seconds) {
  const int64_t width = resolution_seconds * 1000;
  return at_ms - ((at_ms % width) + width) % width;
}

}  // namespace cairn::service
