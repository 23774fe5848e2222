#include "stats/feature_profile.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "stats/binary_io.hpp"
#include "stats/binning.hpp"

namespace cairn::stats {

namespace {

constexpr uint8_t kFeatureProfileVersion = 1;
constexpr uint8_t kNumericTag = 0, kCategoricalTag = 1;

Error bad_profile(const std::string& what) {
  return Error::bad_request("feature profile: " + what);
}

}  // namespace

std::size_t Bins::slot_of(double value) const {
  if (!points) return bin_index(edges, value);
  const std::size_t i = edges_below(edges, value);
  return (i < edges.size() && edges[i] == value) ? 2 * i + 1 : 2 * i;
}

std::string Bins::label(std::size_t slot) const {
  if (edges.empty()) return "(all)";
  if (points) {
    if (slot % 2 == 1) return number_label(edges[slot / 2]);
    if (slot == 0) return "< " + number_label(edges.front());
    if (slot / 2 >= edges.size()) return "> " + number_label(edges.back());
    return "(" + number_label(edges[slot / 2 - 1]) + ", " + number_label(edges[slot / 2]) + ")";
  }
  if (slot == 0) return "< " + number_label(edges.front());
  if (slot >= edges.size()) return "> " + number_label(edges.back());
  const char close = slot + 1 == edges.size() ? ']' : ')';
  return "[" + number_label(edges[slot - 1]) + ", " + number_label(edges[slot]) + close;
}

NumericProfile::NumericProfile(Bins b, double relative_accuracy)
    : quantiles(relative_accuracy), bins(std::move(b)), bin_counts(bins.slots(), 0) {}

void NumericProfile::add(double v) {
  if (!std::isfinite(v)) {
    ++missing;
    return;
  }
  ++count;
  if (count == 1) {
    min = max = v;
  } else {
    min = std::min(min, v);
    max = std::max(max, v);
  }
  const double delta = v - mean;
  mean += delta / static_cast<double>(count);
  m2 += delta * (v - mean);
  quantiles.add(v);
  if (bin_counts.size() != bins.slots()) bin_counts.assign(bins.slots(), 0);  // a default-constructed profile
  ++bin_counts[bins.slot_of(v)];
  if (raw_complete) {
    if (count <= kRawLimit) {
      raw.push_back(v);
    } else {
      raw_complete = false;
      std::vector<double>().swap(raw);
    }
  }
}

void NumericProfile::fold_moments(uint64_t n, double other_mean, double other_m2, double other_min, double other_max) {
  if (n == 0) return;
  // Chan et al.'s pairwise update of the mean and the sum of squared deviations.
  const double n1 = static_cast<double>(count), n2 = static_cast<double>(n), total = n1 + n2;
  const double delta = other_mean - mean;
  m2 += other_m2 + delta * delta * n1 * n2 / total;
  mean += delta * n2 / total;
  min = count ? std::min(min, other_min) : other_min;
  max = count ? std::max(max, other_max) : other_max;
  count += n;
}

void NumericProfile::add_all(std::span<const double> values) {
  // Blocks of values folded in as one: the block's own moments in two passes, then one pairwise update, instead of
  // Welford's division per value (a chain of dependent divisions was most of add()'s time).
  constexpr std::size_t kBlock = 1024;
  if (bin_counts.size() != bins.slots()) bin_counts.assign(bins.slots(), 0);
  const EdgeLookup lookup(bins.edges);
  for (std::size_t start = 0; start < values.size(); start += kBlock) {
    const auto block = values.subspan(start, std::min(kBlock, values.size() - start));
    if (!std::all_of(block.begin(), block.end(), [](double v) { return std::isfinite(v); })) {
      for (double v : block) add(v);  // rare: missing values among them
      continue;
    }
    double sums[4] = {0, 0, 0, 0}, lo = block[0], hi = block[0];
    for (std::size_t i = 0; i < block.size(); ++i) {
      sums[i % 4] += block[i];
      lo = std::min(lo, block[i]);
      hi = std::max(hi, block[i]);
    }
    const double block_mean = (sums[0] + sums[1] + sums[2] + sums[3]) / static_cast<double>(block.size());
    double squares[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < block.size(); ++i) {
      const double d = block[i] - block_mean;
      squares[i % 4] += d * d;
    }
    fold_moments(block.size(), block_mean, squares[0] + squares[1] + squares[2] + squares[3], lo, hi);
    quantiles.add_all(block);
    if (bins.points) {
      for (double v : block) ++bin_counts[bins.slot_of(v)];
    } else {
      for (double v : block) ++bin_counts[lookup.bin_index(v)];
    }
    if (raw_complete) {
      if (count <= kRawLimit) {
        raw.insert(raw.end(), block.begin(), block.end());
      } else {
        raw_complete = false;
        std::vector<double>().swap(raw);
      }
    }
  }
}

Status NumericProfile::merge(const NumericProfile& other) {
  if (!(other.bins == bins)) return Error::validation("bins", "numeric profiles with different bins do not merge");
  CAIRN_TRY(quantiles.merge(other.quantiles));
  if (bin_counts.size() != bins.slots()) bin_counts.assign(bins.slots(), 0);
  for (std::size_t i = 0; i < other.bin_counts.size() && i < bin_counts.size(); ++i)
    bin_counts[i] += other.bin_counts[i];
  const bool keep_raw = raw_complete && other.raw_complete && count + other.count <= kRawLimit;
  fold_moments(other.count, other.mean, other.m2, other.min, other.max);
  missing += other.missing;
  if (keep_raw) {
    raw.insert(raw.end(), other.raw.begin(), other.raw.end());
  } else {
    raw_complete = false;
    std::vector<double>().swap(raw);
  }
  return {};
}

void CategoricalProfile::add(std::string_view v, uint64_t times) {
  count += times;
  values.add(v, times);
  distinct.add(v);
}

TextCounts count_texts(std::span<const std::optional<std::string>> texts) {
  TextCounts out;
  std::unordered_map<std::string_view, std::size_t> index;
  for (const auto& text : texts) {
    if (!text) {
      ++out.missing;
      continue;
    }
    auto [it, added] = index.try_emplace(*text, out.values.size());
    if (added) out.values.emplace_back(*text, 0);
    ++out.values[it->second].second;
  }
  return out;
}

void CategoricalProfile::add_counts(const TextCounts& counted) {
  for (const auto& [value, times] : counted.values) add(value, times);
  missing += counted.missing;
}

Status CategoricalProfile::merge(const CategoricalProfile& other) {
  CAIRN_TRY(distinct.merge(other.distinct));
  values.merge(other.values);
  count += other.count;
  missing += other.missing;
  return {};
}

FeatureProfile FeatureProfile::numeric(Bins bins) {
  FeatureProfile p;
  p.profile_ = NumericProfile(std::move(bins));
  return p;
}

FeatureProfile FeatureProfile::categorical(uint32_t capacity) {
  FeatureProfile p;
  p.profile_ = CategoricalProfile(capacity);
  return p;
}

void FeatureProfile::add(double v) {
  if (auto* n = std::get_if<0>(&profile_)) {
    n->add(v);
  } else {
    std::get<1>(profile_).add_missing();
  }
}

void FeatureProfile::add(std::string_view v) {
  if (auto* c = std::get_if<1>(&profile_)) {
    c->add(v);
  } else {
    std::get<0>(profile_).add_missing();
  }
}

void FeatureProfile::add_all(std::span<const double> values) {
  if (auto* n = std::get_if<0>(&profile_)) {
    n->add_all(values);
  } else {
    auto& c = std::get<1>(profile_);
    c.missing += values.size();
  }
}

void FeatureProfile::add_all(std::span<const std::optional<std::string>> texts) {
  if (auto* c = std::get_if<1>(&profile_)) {
    c->add_all(texts);
  } else {
    std::get<0>(profile_).missing += texts.size();
  }
}

void FeatureProfile::add_missing() {
  std::visit([](auto& p) { p.add_missing(); }, profile_);
}

uint64_t FeatureProfile::count() const {
  return std::visit([](const auto& p) { return p.count; }, profile_);
}

uint64_t FeatureProfile::missing() const {
  return std::visit([](const auto& p) { return p.missing; }, profile_);
}

Status FeatureProfile::merge(const FeatureProfile& other) {
  if (other.kind() != kind()) return Error::validation("kind", "feature profiles of different kinds do not merge");
  if (auto* n = std::get_if<0>(&profile_)) return n->merge(std::get<0>(other.profile_));
  return std::get<1>(profile_).merge(std::get<1>(other.profile_));
}

FeatureProfile FeatureProfile::empty_like() const {
  if (const auto* n = try_get_numeric()) {
    FeatureProfile p;
    p.profile_ = NumericProfile(n->bins, n->quantiles.relative_accuracy());
    return p;
  }
  const auto& c = get_categorical();
  FeatureProfile p;
  CategoricalProfile empty(c.values.capacity());
  empty.distinct = CardinalitySketch(c.distinct.precision());
  p.profile_ = std::move(empty);
  return p;
}

std::string FeatureProfile::serialize() const {
  BinaryWriter w;
  w.put_u8(kFeatureProfileVersion);
  if (const auto* n = try_get_numeric()) {
    w.put_u8(kNumericTag);
    w.put_varint(n->count);
    w.put_varint(n->missing);
    for (double v : {n->min, n->max, n->mean, n->m2}) w.put_double(v);
    w.put_bytes(n->quantiles.serialize());
    w.put_u8(n->bins.points ? 1 : 0);
    w.put_varint(n->bins.edges.size());
    for (double e : n->bins.edges) w.put_double(e);
    for (std::size_t i = 0; i < n->bins.slots(); ++i) w.put_varint(i < n->bin_counts.size() ? n->bin_counts[i] : 0);
    w.put_u8(n->raw_complete ? 1 : 0);
    if (n->raw_complete) {
      w.put_varint(n->raw.size());
      for (double v : n->raw) w.put_double(v);
    }
  } else {
    const auto& c = get_categorical();
    w.put_u8(kCategoricalTag);
    w.put_varint(c.count);
    w.put_varint(c.missing);
    w.put_bytes(c.values.serialize());
    w.put_bytes(c.distinct.serialize());
  }
  return w.take();
}

Result<FeatureProfile> FeatureProfile::deserialize(std::string_view bytes) {
  BinaryReader r(bytes);
  uint8_t version = 0, tag = 0;
  if (!r.get_u8(version)) return bad_profile("empty");
  if (version != kFeatureProfileVersion) return bad_profile("unknown version " + std::to_string(version));
  if (!r.get_u8(tag)) return bad_profile("truncated");
  FeatureProfile out;
  if (tag == kNumericTag) {
    NumericProfile n;
    std::string_view sketch;
    uint8_t points = 0, raw_complete = 0;
    uint64_t edge_count = 0;
    if (!r.get_varint(n.count) || !r.get_varint(n.missing) || !r.get_double(n.min) || !r.get_double(n.max) ||
        !r.get_double(n.mean) || !r.get_double(n.m2) || !r.get_bytes(sketch) || !r.get_u8(points) ||
        !r.get_varint(edge_count))
      return bad_profile("truncated numeric header");
    CAIRN_TRY_ASSIGN(n.quantiles, QuantileSketch::deserialize(sketch));
    if (points > 1 || edge_count > r.remaining() / 8) return bad_profile("invalid bins");
    n.bins.points = points == 1;
    n.bins.edges.resize(static_cast<std::size_t>(edge_count));
    for (auto& e : n.bins.edges) {
      if (!r.get_double(e) || !std::isfinite(e)) return bad_profile("invalid bin edge");
    }
    if (std::adjacent_find(n.bins.edges.begin(), n.bins.edges.end(), std::greater_equal<>()) != n.bins.edges.end())
      return bad_profile("bin edges must increase");
    if (n.bins.slots() > r.remaining()) return bad_profile("truncated bin counts");
    n.bin_counts.resize(n.bins.slots());
    uint64_t binned = 0;
    for (auto& c : n.bin_counts) {
      if (!r.get_varint(c) || c > n.count - binned) return bad_profile("invalid bin counts");
      binned += c;
    }
    if (binned != n.count || n.quantiles.count() != n.count) return bad_profile("counts disagree");
    if (!r.get_u8(raw_complete) || raw_complete > 1) return bad_profile("truncated raw values");
    n.raw_complete = raw_complete == 1;
    if (n.raw_complete) {
      uint64_t raw_count = 0;
      if (!r.get_varint(raw_count) || raw_count != n.count || raw_count > NumericProfile::kRawLimit ||
          raw_count > r.remaining() / 8)
        return bad_profile("invalid raw values");
      n.raw.resize(static_cast<std::size_t>(raw_count));
      for (auto& v : n.raw) {
        if (!r.get_double(v) || !std::isfinite(v)) return bad_profile("invalid raw value");
      }
    }
    if (n.count > 0 && !(std::isfinite(n.min) && std::isfinite(n.max) && n.min <= n.max && std::isfinite(n.mean) &&
                         std::isfinite(n.m2) && n.m2 >= 0))
      return bad_profile("invalid moments");
    out.profile_ = std::move(n);
  } else if (tag == kCategoricalTag) {
    CategoricalProfile c;
    std::string_view values, distinct;
    if (!r.get_varint(c.count) || !r.get_varint(c.missing) || !r.get_bytes(values) || !r.get_bytes(distinct))
      return bad_profile("truncated categorical profile");
    CAIRN_TRY_ASSIGN(c.values, FrequentValues::deserialize(values));
    CAIRN_TRY_ASSIGN(c.distinct, CardinalitySketch::deserialize(distinct));
    if (c.values.total() != c.count) return bad_profile("counts disagree");
    out.profile_ = std::move(c);
  } else {
    return bad_profile("unknown kind");
  }
  if (!r.done()) return bad_profile("trailing bytes");
  return out;
}

nlohmann::json FeatureProfile::to_json() const {
  if (const auto* n = try_get_numeric()) {
    nlohmann::json j = {{"kind", "numeric"}, {"count", n->count}, {"missing", n->missing}};
    if (n->count > 0) {
      j["min"] = n->min;
      j["max"] = n->max;
      j["mean"] = n->mean;
      j["std"] = std::sqrt(n->variance());
    }
    j["quantiles"] = n->quantiles.to_json();
    nlohmann::json bins = nlohmann::json::array();
    for (std::size_t i = 0; i < n->bins.slots(); ++i) {
      const uint64_t c = i < n->bin_counts.size() ? n->bin_counts[i] : 0;
      bins.push_back({{"label", n->bins.label(i)}, {"count", c}});
    }
    j["bins"] = std::move(bins);
    return j;
  }
  const auto& c = get_categorical();
  return {{"kind", "categorical"},
          {"count", c.count},
          {"missing", c.missing},
          {"values", c.values.to_json()},
          {"distinct", c.distinct.to_json()}};
}

}  // namespace cairn::stats
