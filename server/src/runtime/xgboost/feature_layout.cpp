#include "runtime/xgboost/feature_layout.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace cairn::runtime::xgboost {
namespace {

using serving::Column;
using serving::DataType;

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

/// MLflow writes `signature.inputs` as a JSON string inside the YAML; a parsed array is accepted too.
std::vector<std::string> signature_names(const nlohmann::json& mlmodel) {
  std::vector<std::string> names;
  if (!mlmodel.is_object() || !mlmodel.contains("signature")) return names;
  const auto& signature = mlmodel["signature"];
  if (!signature.is_object() || !signature.contains("inputs")) return names;
  nlohmann::json inputs = signature["inputs"];
  if (inputs.is_string()) inputs = nlohmann::json::parse(inputs.get<std::string>(), nullptr, false);
  if (!inputs.is_array()) return names;
  for (const auto& input : inputs) {
    if (!input.is_object() || !input.contains("name") || !input["name"].is_string()) return {};
    if (input.value("type", "") == "tensor") return {};
    names.push_back(input["name"].get<std::string>());
  }
  return names;
}

bool is_numeric(DataType type) {
  switch (type) {
    case DataType::boolean:
    case DataType::int32:
    case DataType::int64:
    case DataType::float32:
    case DataType::float64:
      return true;
    default:
      return false;
  }
}

/// Element `i` of a numeric column as float.
float element(const Column& column, int64_t i) {
  switch (column.type) {
    case DataType::boolean:
      return column.values<uint8_t>()[i] != 0 ? 1.0F : 0.0F;
    case DataType::int32:
      return static_cast<float>(column.values<int32_t>()[i]);
    case DataType::int64:
      return static_cast<float>(column.values<int64_t>()[i]);
    case DataType::float32:
      return column.values<float>()[i];
    case DataType::float64:
      return static_cast<float>(column.values<double>()[i]);
    default:
      return kMissing;
  }
}

Status check_numeric(const Column& column, const std::string& field, const std::string& label) {
  if (is_numeric(column.type)) return {};
  return Error::validation(
      field, fmt::format("{} is of type {}; the XGBoost model takes numbers", label, serving::to_string(column.type)));
}

/// Copies one feature column into column `feature` of the row-major matrix.
void scatter(const Column& column, int64_t rows, int64_t width, int64_t feature, std::vector<float>& out) {
  for (int64_t r = 0; r < rows; ++r) {
    out[static_cast<size_t>(r * width + feature)] = column.is_missing(r) ? kMissing : element(column, r);
  }
}

Result<std::vector<float>> from_tensor(const Column& tensor, int64_t rows, int64_t width) {
  int64_t per_row = tensor.elements_per_row();
  if (tensor.shape.size() > 1 || per_row != width) {
    return Error::validation("inputs",
                             fmt::format("expected a tensor of shape (-1, {}), got rows of {} values", width, per_row));
  }
  CAIRN_TRY(check_numeric(tensor, "inputs", "the tensor"));
  std::vector<float> out(static_cast<size_t>(rows * width));
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < width; ++j) {
      auto i = r * width + j;
      out[static_cast<size_t>(i)] = tensor.is_missing(r) ? kMissing : element(tensor, i);
    }
  }
  return out;
}

}  // namespace

FeatureLayout FeatureLayout::make(int64_t count, std::vector<std::string> booster_names,
                                  const nlohmann::json& mlmodel) {
  FeatureLayout layout{count, std::move(booster_names)};
  if (layout.names.empty()) {
    auto names = signature_names(mlmodel);
    if (static_cast<int64_t>(names.size()) == count) layout.names = std::move(names);
  }
  return layout;
}

Result<std::vector<float>> to_dense(const serving::Table& table, const FeatureLayout& layout) {
  const int64_t width = layout.count;
  if (table.columns.size() == 1 && table.columns[0].name.empty()) {
    return from_tensor(table.columns[0], table.rows, width);
  }
  std::vector<const Column*> features;
  if (!layout.names.empty()) {
    for (const auto& name : layout.names) {
      const Column* column = table.find(name);
      if (column == nullptr) {
        return Error::validation(
            name, fmt::format("missing column '{}': the model takes {}", name, fmt::join(layout.names, ", ")));
      }
      features.push_back(column);
    }
  } else {
    if (static_cast<int64_t>(table.columns.size()) != width) {
      return Error::validation("inputs", fmt::format("expected {} columns, got {}", width, table.columns.size()));
    }
    for (const auto& column : table.columns) features.push_back(&column);
  }
  std::vector<float> out(static_cast<size_t>(table.rows * width));
  for (int64_t j = 0; j < width; ++j) {
    const Column& column = *features[static_cast<size_t>(j)];
    auto label = column.name.empty() ? fmt::format("column {}", j) : fmt::format("column '{}'", column.name);
    if (column.elements_per_row() != 1) {
      return Error::validation(
          column.name, fmt::format("{} holds {} values per row; expected one", label, column.elements_per_row()));
    }
    CAIRN_TRY(check_numeric(column, column.name, label));
    scatter(column, table.rows, width, j, out);
  }
  return out;
}

}  // namespace cairn::runtime::xgboost
