#include "service/monitoring/profile_input.hpp"

#include <cmath>

#include <fmt/format.h>

namespace cairn::service::profile_input {
namespace {

using stats::FeatureKind;
using stats::FeatureProfile;

/// The feature's profile, added with `kind` when the policy allows; nullptr when it cannot be
/// profiled (unknown under a fixed set, or a value of the other kind).
FeatureProfile* feature_for(stats::DatasetProfile& profile, std::string_view name, FeatureKind kind,
                            const Policy& policy, Rejects& rejects) {
  auto it = profile.features.find(name);
  if (it == profile.features.end()) {
    if (policy.fixed_features) {
      ++rejects.unknown_features[std::string(name)];
      return nullptr;
    }
    it = profile.features
             .emplace(std::string(name),
                      kind == FeatureKind::numeric ? FeatureProfile::numeric({}) : FeatureProfile::categorical())
             .first;
  }
  if (it->second.kind() != kind) {
    ++rejects.type_errors[std::string(name)];
    return nullptr;
  }
  return &it->second;
}

bool is_number(serving::DataType t) {
  using serving::DataType;
  return t == DataType::int32 || t == DataType::int64 || t == DataType::float32 || t == DataType::float64;
}

double number_at(const serving::Column& c, int64_t i) {
  using serving::DataType;
  switch (c.type) {
    case DataType::int32:
      return c.value_at<int32_t>(i);
    case DataType::int64:
      return static_cast<double>(c.value_at<int64_t>(i));
    case DataType::float32:
      return c.value_at<float>(i);
    default:
      return c.value_at<double>(i);
  }
}

/// Element `element` of `column` (row `row`) into `feature`.
void add_element(FeatureProfile& feature, const serving::Column& column, int64_t row, int64_t element) {
  if (column.is_missing(row)) {
    feature.add_missing();
  } else if (is_number(column.type)) {
    feature.add(number_at(column, element));
  } else if (column.type == serving::DataType::boolean) {
    feature.add(std::string_view(column.data[static_cast<size_t>(element)] ? "true" : "false"));
  } else {
    feature.add(column.string_at(element));
  }
}

FeatureKind kind_of(serving::DataType t) {
  return is_number(t) ? FeatureKind::numeric : FeatureKind::categorical;
}

bool profiled_type(serving::DataType t) {
  return t != serving::DataType::binary && t != serving::DataType::datetime;
}

void add_columns(stats::DatasetProfile& profile, const std::vector<serving::Column>& columns, int64_t rows,
                 const std::string& prefix, bool single_as_prefix, const Policy& policy, Rejects& rejects) {
  for (const auto& column : columns) {
    if (!profiled_type(column.type)) continue;
    const int64_t width = column.elements_per_row();
    if (column.shape.empty() || (column.shape.size() == 1 && column.name.empty() && width > 0)) {
      // One scalar per row, or an unnamed row vector: element j of each row is feature "j".
      for (int64_t j = 0; j < width; ++j) {
        std::string name;
        if (!prefix.empty() && (single_as_prefix && columns.size() == 1 && width == 1))
          name = prefix;
        else if (!prefix.empty())
          name = prefix + "." + (column.name.empty() ? std::to_string(j) : column.name);
        else
          name = column.shape.empty() ? column.name : std::to_string(j);
        if (name.empty()) continue;
        auto* feature = feature_for(profile, name, kind_of(column.type), policy, rejects);
        if (!feature) continue;
        for (int64_t r = 0; r < rows; ++r) add_element(*feature, column, r, r * width + j);
      }
    }
  }
}

}  // namespace

void add_table(stats::DatasetProfile& profile, const serving::Table& table, const Policy& policy, Rejects& rejects) {
  profile.rows += static_cast<uint64_t>(table.rows);
  add_columns(profile, table.columns, table.rows, "", false, policy, rejects);
}

void add_prediction(stats::DatasetProfile& profile, const serving::Prediction& prediction, const Policy& policy,
                    Rejects& rejects) {
  if (prediction.kind == serving::Prediction::Kind::json) return;  // no row-aligned columns to profile
  add_columns(profile, prediction.table.columns, prediction.table.rows, "prediction", true, policy, rejects);
}

namespace {

void add_json_value(stats::DatasetProfile& profile, const std::string& name, const nlohmann::json& v,
                    const Policy& policy, Rejects& rejects) {
  if (v.is_null()) {
    auto it = profile.features.find(name);
    if (it != profile.features.end())
      it->second.add_missing();
    else if (policy.fixed_features)
      ++rejects.unknown_features[name];
    return;
  }
  if (v.is_number()) {
    if (auto* f = feature_for(profile, name, FeatureKind::numeric, policy, rejects)) f->add(v.get<double>());
  } else if (v.is_boolean()) {
    if (auto* f = feature_for(profile, name, FeatureKind::categorical, policy, rejects))
      f->add(std::string_view(v.get<bool>() ? "true" : "false"));
  } else if (v.is_string()) {
    if (auto* f = feature_for(profile, name, FeatureKind::categorical, policy, rejects))
      f->add(std::string_view(v.get_ref<const std::string&>()));
  }
}

}  // namespace

void add_record(stats::DatasetProfile& profile, const nlohmann::json& features, const nlohmann::json& prediction,
                const Policy& policy, Rejects& rejects) {
  ++profile.rows;
  for (const auto& [name, value] : features.items()) add_json_value(profile, name, value, policy, rejects);
  if (prediction.is_object()) {
    for (const auto& [name, value] : prediction.items())
      add_json_value(profile, "prediction." + name, value, policy, rejects);
  } else if (!prediction.is_null() || profile.features.contains("prediction")) {
    add_json_value(profile, "prediction", prediction, policy, rejects);
  }
}

}  // namespace cairn::service::profile_input
