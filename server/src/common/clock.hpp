#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cairn {

/// Milliseconds since the Unix epoch: the timestamp unit everywhere in Cairn (as in MLflow).
inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

/// "YYYY-MM-DD" (UTC) of a millisecond timestamp.
std::string utc_day(int64_t ms);

}  // namespace cairn
