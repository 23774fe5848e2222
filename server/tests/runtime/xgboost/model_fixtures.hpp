#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "modelfiles/inspect.hpp"
#include "runtime/runtime.hpp"

/// The model directories of data/ (written by data/make_models.py) and what MLflow's pyfunc
/// predicted for them, as the runtime's tests read them.
namespace cairn::runtime::xgboost::testing {

inline std::filesystem::path data_dir() {
  return std::filesystem::path(CAIRN_TESTS_DIR) / "runtime/xgboost/data";
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

/// A model directory as the deployments service hands it to a runtime.
inline ModelSource model_source_at(const std::filesystem::path& dir) {
  auto parsed = modelfiles::parse_mlmodel(read_text(dir / "MLmodel"));
  EXPECT_TRUE(parsed.ok()) << dir;
  ModelSource source{dir.string(), nlohmann::json::object(), "xgboost"};
  if (parsed.ok()) {
    source.mlmodel["flavors"] = parsed->flavors;
    if (!parsed->signature.is_null()) source.mlmodel["signature"] = parsed->signature;
  }
  return source;
}

inline ModelSource model_source(const std::string& name) {
  return model_source_at(data_dir() / name);
}

inline nlohmann::json expected(const std::string& name) {
  return nlohmann::json::parse(read_text(data_dir() / name / "expected.json"));
}

/// expected.json's input as a DataFrame table of float64 columns (null -> NaN), in `order` (indexes
/// into its columns; empty: as written).
inline serving::Table input_table(const nlohmann::json& spec, std::vector<size_t> order = {}) {
  const auto& columns = spec["columns"];
  const auto& rows = spec["rows"];
  if (order.empty()) {
    for (size_t j = 0; j < columns.size(); ++j) order.push_back(j);
  }
  serving::Table table;
  table.kind = serving::TableKind::dataframe;
  table.rows = static_cast<int64_t>(rows.size());
  for (size_t j : order) {
    serving::Column column;
    column.name = columns[j].get<std::string>();
    column.type = serving::DataType::float64;
    std::vector<double> values;
    for (const auto& row : rows) {
      values.push_back(row[j].is_null() ? std::numeric_limits<double>::quiet_NaN() : row[j].get<double>());
    }
    column.data.resize(values.size() * sizeof(double));
    std::memcpy(column.data.data(), values.data(), column.data.size());
    table.columns.push_back(std::move(column));
  }
  return table;
}

/// A fresh directory under the system's temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() / ("cairn-xgb-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

  /// A copy of data/<name> in this directory.
  std::filesystem::path copy_model(const std::string& name) const {
    auto to = path_ / name;
    std::filesystem::copy(data_dir() / name, to, std::filesystem::copy_options::recursive);
    return to;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace cairn::runtime::xgboost::testing
