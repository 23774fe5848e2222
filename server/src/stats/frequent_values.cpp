#include "stats/frequent_values.hpp"

#include <algorithm>

#include "stats/binary_io.hpp"

namespace cairn::stats {

namespace {
constexpr uint8_t kFrequentValuesVersion = 1;
constexpr uint32_t kMaxFrequentCapacity = 1u << 20;
}  // namespace

FrequentValues::FrequentValues(uint32_t capacity)
    : capacity_(std::clamp<uint32_t>(capacity, 1, kMaxFrequentCapacity)) {}

void FrequentValues::rebuild_index() {
  index_.clear();
  index_.reserve(items_.size());
  for (std::size_t i = 0; i < items_.size(); ++i) index_.emplace(items_[i].value, i);
}

void FrequentValues::add(std::string_view value, uint64_t count) {
  if (count == 0) return;
  total_ += count;
  if (auto it = index_.find(value); it != index_.end()) {
    items_[it->second].count += count;
    return;
  }
  if (items_.size() < capacity_) {
    // After a merge an unmonitored value may already have up to floor_ occurrences: start from there.
    items_.push_back({std::string(value), floor_ + count, floor_});
    index_.emplace(items_.back().value, items_.size() - 1);
    return;
  }
  // Replace the smallest counter: the newcomer inherits its count as a possible overestimate.
  auto smallest = std::min_element(items_.begin(), items_.end(),
                                   [](const Counter& a, const Counter& b) { return a.count < b.count; });
  const std::size_t slot = static_cast<std::size_t>(smallest - items_.begin());
  const uint64_t evicted = smallest->count;
  index_.erase(smallest->value);
  floor_ = std::max(floor_, evicted);
  items_[slot] = {std::string(value), evicted + count, evicted};
  index_.emplace(items_[slot].value, slot);
}

void FrequentValues::merge(const FrequentValues& other) {
  // Misra–Gries form: g(x) = count(x) - floor, a lower bound on the true count, exact when floor is 0.
  std::unordered_map<std::string, uint64_t, TextHash, std::equal_to<>> lower;
  lower.reserve(items_.size() + other.items_.size());
  for (const auto& c : items_) {
    if (c.count > floor_) lower[c.value] += c.count - floor_;
  }
  for (const auto& c : other.items_) {
    if (c.count > other.floor_) {
      if (auto it = lower.find(c.value); it != lower.end()) {
        it->second += c.count - other.floor_;
      } else {
        lower.emplace(c.value, c.count - other.floor_);
      }
    }
  }
  std::vector<std::pair<std::string, uint64_t>> merged(lower.begin(), lower.end());
  uint64_t cut = 0;
  if (merged.size() > capacity_) {
    std::nth_element(merged.begin(), merged.begin() + capacity_, merged.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    cut = merged[capacity_].second;  // the (capacity + 1)-th largest
  }
  const uint64_t new_floor = floor_ + other.floor_ + cut;
  items_.clear();
  for (auto& [value, g] : merged) {
    if (g <= cut) continue;
    items_.push_back({std::move(value), g - cut + new_floor, new_floor});
  }
  floor_ = new_floor;
  total_ += other.total_;
  rebuild_index();
}

std::vector<FrequentValues::Item> FrequentValues::top(std::size_t n) const {
  std::vector<Item> out;
  out.reserve(items_.size());
  for (const auto& c : items_) out.push_back({c.value, c.count, c.error});
  std::sort(out.begin(), out.end(),
            [](const Item& a, const Item& b) { return a.count != b.count ? a.count > b.count : a.value < b.value; });
  if (out.size() > n) out.resize(n);
  return out;
}

uint64_t FrequentValues::estimate(std::string_view value) const {
  auto it = index_.find(value);
  return it == index_.end() ? 0 : items_[it->second].count;
}

std::string FrequentValues::serialize() const {
  BinaryWriter w;
  w.put_u8(kFrequentValuesVersion);
  w.put_varint(capacity_);
  w.put_varint(total_);
  w.put_varint(floor_);
  w.put_varint(items_.size());
  for (const auto& c : items_) {
    w.put_bytes(c.value);
    w.put_varint(c.count);
    w.put_varint(c.error);
  }
  return w.take();
}

Result<FrequentValues> FrequentValues::deserialize(std::string_view bytes) {
  auto bad = [](const std::string& what) { return Error::bad_request("frequent values: " + what); };
  BinaryReader r(bytes);
  uint8_t version = 0;
  uint64_t capacity = 0, total = 0, floor = 0, n = 0;
  if (!r.get_u8(version)) return bad("empty");
  if (version != kFrequentValuesVersion) return bad("unknown version " + std::to_string(version));
  if (!r.get_varint(capacity) || !r.get_varint(total) || !r.get_varint(floor) || !r.get_varint(n))
    return bad("truncated header");
  // Every counter takes at least three bytes, which bounds n by the input before anything is allocated.
  if (capacity < 1 || capacity > kMaxFrequentCapacity || n > capacity || n > r.remaining() / 3)
    return bad("invalid sizes");
  FrequentValues out(static_cast<uint32_t>(capacity));
  out.total_ = total;
  out.floor_ = floor;
  out.items_.reserve(static_cast<std::size_t>(n));
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view value;
    Counter c;
    if (!r.get_bytes(value) || !r.get_varint(c.count) || !r.get_varint(c.error)) return bad("truncated counter");
    if (c.error > c.count || c.count == 0 || c.error > floor) return bad("inconsistent counter");
    c.value = std::string(value);
    out.items_.push_back(std::move(c));
  }
  if (!r.done()) return bad("trailing bytes");
  out.rebuild_index();
  if (out.index_.size() != out.items_.size()) return bad("duplicate values");
  return out;
}

nlohmann::json FrequentValues::to_json(std::size_t top_n) const {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& item : top(top_n))
    values.push_back({{"value", item.value}, {"count", item.count}, {"max_overestimate", item.max_overestimate}});
  return {{"total", total_},
          {"capacity", capacity_},
          {"exact", exact()},
          {"unmonitored_bound", floor_},
          {"values", std::move(values)}};
}

}  // namespace cairn::stats
