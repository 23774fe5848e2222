#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"

namespace cairn::stats {

/// SpaceSaving (Metwally, Agrawal, El Abbadi 2005) with `capacity` counters, mergeable as in Agarwal et al.,
/// "Mergeable Summaries" (PODS 2012). Guarantees, for N values added (directly or through merges):
/// - every reported count is >= the true count, and count - max_overestimate <= the true count;
/// - max_overestimate <= unmonitored_bound() <= N / capacity, and a value not reported has a true count
///   <= unmonitored_bound();
/// - with at most `capacity` distinct values in total, every count is exact (exact() is true).
/// A merge adds the counters (a value missing from one side counts as that side's unmonitored bound), then, when
/// more than `capacity` values remain, subtracts the (capacity + 1)-th largest counter from all and drops what is
/// no longer positive (Misra–Gries form), which keeps the N / capacity bound through any tree of merges.
class FrequentValues {
 public:
  static constexpr uint32_t kDefaultCapacity = 256;
  /// capacity is clamped to [1, 1 << 20].
  explicit FrequentValues(uint32_t capacity = kDefaultCapacity);

  /// Looking up a value already counted does not allocate; a new value costs its string, and evicting the
  /// smallest counter a scan of the counters (O(capacity)).
  void add(std::string_view value, uint64_t count = 1);
  /// Merges into this summary (this summary's capacity is kept).
  void merge(const FrequentValues& other);

  struct Item {
    std::string value;
    uint64_t count = 0;
    uint64_t max_overestimate = 0;
  };
  /// The n largest counters, by count descending then value ascending.
  std::vector<Item> top(std::size_t n) const;
  /// The estimated count of one value: its counter, or 0 when it is not monitored (true count <=
  /// unmonitored_bound()).
  uint64_t estimate(std::string_view value) const;

  uint64_t total() const { return total_; }
  uint32_t capacity() const { return capacity_; }
  std::size_t size() const { return items_.size(); }
  uint64_t unmonitored_bound() const { return floor_; }
  bool exact() const { return floor_ == 0; }

  std::string serialize() const;
  static Result<FrequentValues> deserialize(std::string_view bytes);
  nlohmann::json to_json(std::size_t top_n = 20) const;

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Counter {
    std::string value;
    uint64_t count = 0;
    uint64_t error = 0;
  };
  void rebuild_index();

  uint32_t capacity_;
  uint64_t total_ = 0;
  uint64_t floor_ = 0;  // upper bound on the true count of any value not monitored
  std::vector<Counter> items_;
  std::unordered_map<std::string, std::size_t, TextHash, std::equal_to<>> index_;
};

}  // namespace cairn::stats
