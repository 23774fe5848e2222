#include "stats/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>

#include "stats/binary_io.hpp"

namespace cairn::stats {

namespace {

constexpr uint8_t kQuantileSketchVersion = 1;
// Magnitudes below the smallest normal double share the zero bucket: their logarithm would leave the key range.
constexpr double kMinIndexable = std::numeric_limits<double>::min();
constexpr int64_t kMaxAbsKey = int64_t{1} << 28;
// Bucket edges are exp() of a multiple of log(gamma); values right at an edge may land on either side of it.
constexpr double kEdgeSlack = 1e-12;

}  // namespace

uint64_t QuantileSketch::Store::total() const {
  uint64_t n = 0;
  for (uint64_t c : counts) n += c;
  return n;
}

bool QuantileSketch::Store::add(int32_t key, uint64_t n, uint32_t max_bins) {
  if (counts.empty()) {
    min_key = key;
    counts.assign(1, n);
    return false;
  }
  const int64_t lo = min_key, hi = lo + static_cast<int64_t>(counts.size()) - 1;
  if (key >= lo && key <= hi) {
    counts[key - lo] += n;
    return false;
  }
  if (key < lo) {
    // Extend downwards, but never past max_bins below the highest key: lower keys fold into the lowest kept one.
    const int64_t new_lo = std::max<int64_t>(key, hi - static_cast<int64_t>(max_bins) + 1);
    if (new_lo < lo) counts.insert(counts.begin(), static_cast<std::size_t>(lo - new_lo), 0);
    min_key = static_cast<int32_t>(new_lo);
    counts[std::max<int64_t>(key, new_lo) - new_lo] += n;
    return new_lo > key;
  }
  // key > hi
  if (key - lo + 1 <= static_cast<int64_t>(max_bins)) {
    counts.resize(static_cast<std::size_t>(key - lo + 1), 0);
    counts[key - lo] += n;
    return false;
  }
  const int64_t new_lo = static_cast<int64_t>(key) - max_bins + 1;
  std::vector<uint64_t> next(max_bins, 0);
  for (int64_t k = lo; k <= hi; ++k) next[std::max(k, new_lo) - new_lo] += counts[k - lo];
  next[key - new_lo] += n;
  counts = std::move(next);
  min_key = static_cast<int32_t>(new_lo);
  return true;
}

QuantileSketch::QuantileSketch(double relative_accuracy, uint32_t max_bins)
    : alpha_(std::clamp(std::isnan(relative_accuracy) ? kDefaultRelativeAccuracy : relative_accuracy, 1e-4, 0.5)),
      max_bins_(std::clamp<uint32_t>(max_bins, 16, 65536)) {
  gamma_ = (1 + alpha_) / (1 - alpha_);
  log_gamma_ = std::log(gamma_);
  multiplier_ = 1 / log_gamma_;
}

int32_t QuantileSketch::key_of(double magnitude) const {
  return static_cast<int32_t>(std::ceil(std::log(magnitude) * multiplier_));
}

// 2 gamma^k / (1 + gamma) = gamma^k (1 - alpha): within alpha of everything in (gamma^(k-1), gamma^k].
double QuantileSketch::representative(int32_t key) const {
  return std::exp(key * log_gamma_) * (1 - alpha_);
}

double QuantileSketch::lower_bound_of(int32_t key) const {
  return std::exp((key - 1) * log_gamma_);
}

void QuantileSketch::add(double value, uint64_t count) {
  if (!std::isfinite(value) || count == 0) return;
  count_ += count;
  sum_ += value * static_cast<double>(count);
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  const double magnitude = std::abs(value);
  if (magnitude < kMinIndexable) {
    zero_count_ += count;
    return;
  }
  Store& store = value > 0 ? positive_ : negative_;
  if (store.add(key_of(magnitude), count, max_bins_)) collapsed_ = true;
}

void QuantileSketch::add_all(std::span<const double> values) {
  // add() and the store's in-range branch are in this file, so the compiler inlines them into this loop.
  for (double value : values) add(value);
}

Status QuantileSketch::merge(const QuantileSketch& other) {
  if (other.alpha_ != alpha_)
    return Error::validation("relative_accuracy", "quantile sketches of different relative accuracy do not merge");
  if (other.count_ == 0) return {};
  auto merge_store = [&](Store& into, const Store& from) {
    for (std::size_t i = 0; i < from.counts.size(); ++i) {
      if (from.counts[i] && into.add(from.min_key + static_cast<int32_t>(i), from.counts[i], max_bins_))
        collapsed_ = true;
    }
  };
  merge_store(positive_, other.positive_);
  merge_store(negative_, other.negative_);
  zero_count_ += other.zero_count_;
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  collapsed_ = collapsed_ || other.collapsed_;
  return {};
}

std::vector<QuantileSketch::Bucket> QuantileSketch::buckets() const {
  std::vector<Bucket> out;
  auto clamp_bucket = [&](Bucket b) {
    b.lower = std::clamp(b.lower, min_, max_);
    b.upper = std::clamp(b.upper, min_, max_);
    b.representative = std::clamp(b.representative, min_, max_);
    out.push_back(b);
  };
  // Negative values: the highest key holds the most negative values.
  for (std::size_t i = negative_.counts.size(); i-- > 0;) {
    if (!negative_.counts[i]) continue;
    const int32_t key = negative_.min_key + static_cast<int32_t>(i);
    const bool folded = collapsed_ && i == 0;
    clamp_bucket({-std::exp(key * log_gamma_) * (1 + kEdgeSlack),
                  folded ? 0.0 : -lower_bound_of(key) * (1 - kEdgeSlack), -representative(key), negative_.counts[i]});
  }
  if (zero_count_) clamp_bucket({-kMinIndexable, kMinIndexable, 0.0, zero_count_});
  for (std::size_t i = 0; i < positive_.counts.size(); ++i) {
    if (!positive_.counts[i]) continue;
    const int32_t key = positive_.min_key + static_cast<int32_t>(i);
    const bool folded = collapsed_ && i == 0;
    clamp_bucket({folded ? 0.0 : lower_bound_of(key) * (1 - kEdgeSlack), std::exp(key * log_gamma_) * (1 + kEdgeSlack),
                  representative(key), positive_.counts[i]});
  }
  return out;
}

double QuantileSketch::quantile(double q) const {
  if (count_ == 0 || !(q >= 0 && q <= 1)) return std::numeric_limits<double>::quiet_NaN();
  const double rank = q * static_cast<double>(count_ - 1);
  uint64_t seen = 0;
  for (std::size_t i = negative_.counts.size(); i-- > 0;) {
    seen += negative_.counts[i];
    if (static_cast<double>(seen) > rank)
      return std::clamp(-representative(negative_.min_key + static_cast<int32_t>(i)), min_, max_);
  }
  seen += zero_count_;
  if (static_cast<double>(seen) > rank) return std::clamp(0.0, min_, max_);
  for (std::size_t i = 0; i < positive_.counts.size(); ++i) {
    seen += positive_.counts[i];
    if (static_cast<double>(seen) > rank)
      return std::clamp(representative(positive_.min_key + static_cast<int32_t>(i)), min_, max_);
  }
  return max_;
}

double QuantileSketch::cdf(double x) const {
  if (count_ == 0 || std::isnan(x)) return 0;
  if (x < min_) return 0;
  if (x >= max_) return 1;
  uint64_t below = 0;
  for (const auto& b : buckets()) {
    if (b.representative > x) break;
    below += b.count;
  }
  return static_cast<double>(below) / static_cast<double>(count_);
}

std::string QuantileSketch::serialize() const {
  BinaryWriter w;
  w.put_u8(kQuantileSketchVersion);
  w.put_double(alpha_);
  w.put_varint(max_bins_);
  w.put_varint(count_);
  w.put_varint(zero_count_);
  w.put_double(count_ ? min_ : 0.0);
  w.put_double(count_ ? max_ : 0.0);
  w.put_double(sum_);
  w.put_u8(collapsed_ ? 1 : 0);
  for (const Store* s : {&positive_, &negative_}) {
    w.put_signed(s->min_key);
    w.put_varint(s->counts.size());
    for (uint64_t c : s->counts) w.put_varint(c);
  }
  return w.take();
}

Result<QuantileSketch> QuantileSketch::deserialize(std::string_view bytes) {
  auto bad = [](const std::string& what) { return Error::bad_request("quantile sketch: " + what); };
  BinaryReader r(bytes);
  uint8_t version = 0, collapsed = 0;
  double alpha = 0, mn = 0, mx = 0, sum = 0;
  uint64_t max_bins = 0, count = 0, zeros = 0;
  if (!r.get_u8(version)) return bad("empty");
  if (version != kQuantileSketchVersion) return bad("unknown version " + std::to_string(version));
  if (!r.get_double(alpha) || !r.get_varint(max_bins) || !r.get_varint(count) || !r.get_varint(zeros) ||
      !r.get_double(mn) || !r.get_double(mx) || !r.get_double(sum) || !r.get_u8(collapsed))
    return bad("truncated header");
  if (!(alpha >= 1e-4 && alpha <= 0.5) || max_bins < 16 || max_bins > 65536 || collapsed > 1)
    return bad("invalid parameters");
  QuantileSketch out(alpha, static_cast<uint32_t>(max_bins));
  uint64_t total = zeros;
  for (Store* s : {&out.positive_, &out.negative_}) {
    int64_t min_key = 0;
    uint64_t n = 0;
    if (!r.get_signed(min_key) || !r.get_varint(n)) return bad("truncated store");
    // Each count takes at least one byte, so n is bounded by what is left before anything is allocated.
    if (n > max_bins || n > r.remaining() || std::abs(min_key) > kMaxAbsKey) return bad("invalid store");
    s->min_key = static_cast<int32_t>(min_key);
    s->counts.resize(static_cast<std::size_t>(n));
    for (auto& c : s->counts) {
      if (!r.get_varint(c)) return bad("truncated store");
      if (c > count - total) return bad("counts exceed the total");
      total += c;
    }
  }
  if (!r.done()) return bad("trailing bytes");
  if (total != count) return bad("counts do not add up to the total");
  if (count > 0 && (!std::isfinite(mn) || !std::isfinite(mx) || mn > mx || !std::isfinite(sum)))
    return bad("invalid min/max/sum");
  out.count_ = count;
  out.zero_count_ = zeros;
  out.sum_ = sum;
  out.collapsed_ = collapsed == 1;
  if (count > 0) {
    out.min_ = mn;
    out.max_ = mx;
  }
  return out;
}

nlohmann::json QuantileSketch::to_json() const {
  nlohmann::json j = {{"count", count_}, {"relative_accuracy", alpha_}, {"collapsed", collapsed_}};
  if (count_ == 0) return j;
  j["min"] = min_;
  j["max"] = max_;
  j["mean"] = sum_ / static_cast<double>(count_);
  nlohmann::json q = nlohmann::json::object();
  for (int p : {1, 5, 25, 50, 75, 95, 99}) q["p" + std::to_string(p)] = quantile(p / 100.0);
  j["quantiles"] = std::move(q);
  return j;
}

}  // namespace cairn::stats
