#include "stats/dataset_profile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "stats/binary_io.hpp"
#include "stats/binning.hpp"

namespace cairn::stats {

namespace {

constexpr uint8_t kDatasetProfileVersion = 1;
constexpr std::size_t kEvidentlyCategoryLimit = 20;
constexpr uint32_t kMaxReferenceCapacity = 65536;

FeatureProfile numeric_reference(const RawColumn& column) {
  std::size_t present = 0;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : column.numbers) {
    if (!std::isfinite(v)) continue;
    ++present;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  Bins bins;
  if (present > 0) {
    // Only whether there are more than 20 distinct values matters: stop counting past that (a
    // sort of the whole reference was most of the time of a large reference profile).
    std::vector<double> distinct;
    for (double v : column.numbers) {
      if (!std::isfinite(v) || std::find(distinct.begin(), distinct.end(), v) != distinct.end()) continue;
      distinct.push_back(v);
      if (distinct.size() > kEvidentlyCategoryLimit) break;
    }
    std::sort(distinct.begin(), distinct.end());
    if (distinct.size() > kEvidentlyCategoryLimit) {
      bins.edges = sturges_edges(present, lo, hi);
    } else {
      bins.edges = std::move(distinct);
      bins.points = true;
    }
  }
  auto profile = FeatureProfile::numeric(std::move(bins));
  profile.add_all(column.numbers);
  return profile;
}

FeatureProfile categorical_reference(const RawColumn& column) {
  const auto counted = count_texts(column.texts);
  const auto capacity = static_cast<uint32_t>(
      std::clamp<std::size_t>(counted.values.size(), FrequentValues::kDefaultCapacity, kMaxReferenceCapacity));
  auto profile = FeatureProfile::categorical(capacity);
  profile.get_categorical().add_counts(counted);
  return profile;
}

}  // namespace

Status DatasetProfile::merge(const DatasetProfile& other) {
  if (features.empty() && rows == 0) {
    *this = other;
    return {};
  }
  if (other.features.empty() && other.rows == 0) return {};
  if (features.size() != other.features.size())
    return Error::validation("features", "dataset profiles with different features do not merge");
  for (const auto& [name, profile] : other.features) {
    auto it = features.find(name);
    if (it == features.end())
      return Error::validation("features", "feature '" + name + "' is not in both dataset profiles");
  }
  // Check everything before changing anything, so that a failed merge leaves this profile as it was.
  for (const auto& [name, profile] : other.features) {
    const auto& mine = features.find(name)->second;
    if (mine.kind() != profile.kind()) return Error::validation(name, "feature '" + name + "' changed kind");
    if (const auto* n = mine.try_get_numeric(); n && !(n->bins == profile.get_numeric().bins))
      return Error::validation(name, "feature '" + name + "' has different bins");
  }
  for (const auto& [name, profile] : other.features) CAIRN_TRY(features.find(name)->second.merge(profile));
  rows += other.rows;
  return {};
}

std::string DatasetProfile::serialize() const {
  BinaryWriter w;
  w.put_u8(kDatasetProfileVersion);
  w.put_varint(rows);
  w.put_varint(features.size());
  for (const auto& [name, profile] : features) {
    w.put_bytes(name);
    w.put_bytes(profile.serialize());
  }
  return w.take();
}

Result<DatasetProfile> DatasetProfile::deserialize(std::string_view bytes) {
  auto bad = [](const std::string& what) { return Error::bad_request("dataset profile: " + what); };
  BinaryReader r(bytes);
  uint8_t version = 0;
  uint64_t n = 0;
  DatasetProfile out;
  if (!r.get_u8(version)) return bad("empty");
  if (version != kDatasetProfileVersion) return bad("unknown version " + std::to_string(version));
  if (!r.get_varint(out.rows) || !r.get_varint(n)) return bad("truncated header");
  if (n > r.remaining() / 2) return bad("invalid feature count");
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view name, body;
    if (!r.get_bytes(name) || !r.get_bytes(body)) return bad("truncated feature");
    CAIRN_TRY_ASSIGN(auto profile, FeatureProfile::deserialize(body));
    if (!out.features.emplace(std::string(name), std::move(profile)).second) return bad("duplicate feature");
  }
  if (!r.done()) return bad("trailing bytes");
  return out;
}

nlohmann::json DatasetProfile::to_json() const {
  nlohmann::json f = nlohmann::json::object();
  for (const auto& [name, profile] : features) f[name] = profile.to_json();
  return {{"rows", rows}, {"features", std::move(f)}};
}

Result<DatasetProfile> build_reference_profile(std::span<const RawColumn> columns) {
  DatasetProfile out;
  std::optional<std::size_t> rows;
  for (const auto& column : columns) {
    const std::size_t length = column.kind == FeatureKind::numeric ? column.numbers.size() : column.texts.size();
    if (rows && *rows != length)
      return Error::validation(column.name, "column '" + column.name + "' has " + std::to_string(length) +
                                                " values where the others have " + std::to_string(*rows));
    rows = length;
    auto profile = column.kind == FeatureKind::numeric ? numeric_reference(column) : categorical_reference(column);
    // Finite values can still overflow the variance (e.g. 1e300 and -1e300); such a profile would
    // be stored, then refused by deserialize() on every later read of the monitor.
    if (const auto* n = profile.try_get_numeric();
        n && n->count > 0 && !(std::isfinite(n->mean) && std::isfinite(n->m2)))
      return Error::validation(column.name, "column '" + column.name +
                                                "': its values are too large to summarize (their variance "
                                                "overflows a double); scale them down");
    if (!out.features.emplace(column.name, std::move(profile)).second)
      return Error::validation(column.name, "duplicate column '" + column.name + "'");
  }
  out.rows = rows.value_or(0);
  return out;
}

DatasetProfile empty_like(const DatasetProfile& reference) {
  DatasetProfile out;
  for (const auto& [name, profile] : reference.features) out.features.emplace(name, profile.empty_like());
  return out;
}

}  // namespace cairn::stats
