#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "service/monitoring/profile_input.hpp"
#include "stats/quantile_sketch.hpp"

namespace cairn::service {

/// How a deployment served during one time bucket: counts, errors by kind, the fields that
/// rejected input named, and latency and batch-size distributions as mergeable sketches (so
/// any range of buckets gives its p99 without the raw requests; DDSketch, 1 % relative error).
struct ServiceProfile {
  int64_t requests = 0;
  int64_t errors = 0;  ///< answered with a status >= 400
  int64_t cache_hits = 0;
  int64_t rows = 0;
  std::map<std::string, int64_t, std::less<>> errors_by_code;  ///< validation_failed, timeout, model_error, ...
  std::map<std::string, int64_t, std::less<>> invalid_fields;  ///< rejected input, by the field at fault
  profile_input::Rejects rejects;                              ///< values the data profile could not take
  stats::QuantileSketch latency_ms;
  stats::QuantileSketch batch_rows;

  struct Request {
    double latency_ms = 0;
    int status = 200;
    std::string_view error_code;
    std::string_view error_field;
    int64_t rows = 0;
    bool cache_hit = false;
  };
  void add(const Request& r);
  Status merge(const ServiceProfile& other);

  /// JSON text for a bucket row (the sketches inside as base64).
  std::string serialize() const;
  static Result<ServiceProfile> deserialize(std::string_view text);
};

}  // namespace cairn::service
