#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "stats/dataset_profile.hpp"

namespace cairn::app {

/// Reads a folder of NumPy `.npy` files as raw columns, one per file: `<name>.npy` of float64 is a
/// numeric feature, `<name>.cat.npy` of int32 or int64 codes a categorical one (category "c<code>").
/// For `cairn drift` (bench/drift.py): columnar files load in the time of a read, so a benchmark
/// measures the statistics, not a CSV parser.
Result<std::vector<stats::RawColumn>> read_npy_columns(const std::string& dir);

}  // namespace cairn::app
