#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "stats/dataset_profile.hpp"

namespace cairn::app {

/// A folder of NumPy `.npy` files read as raw columns, one per file: `<name>.npy` of float64 is a
/// numeric feature, `<name>.cat.npy` of int32 or int64 codes a categorical one (category "c<code>",
/// a negative code is missing). For `cairn drift` (bench/drift.py): columnar files load in the time
/// of a read, so a benchmark measures the statistics, not a CSV parser.
struct NpyColumnFile {
  std::string name;
  stats::FeatureKind kind;
  std::string path;
};

Result<std::vector<NpyColumnFile>> list_npy_columns(const std::string& dir);
/// Loads one column whole into `into`, reusing its buffers: a column read after another of the
/// same length allocates (and page-faults) nothing new.
Status read_npy_column(const NpyColumnFile& file, stats::RawColumn& into);

}  // namespace cairn::app
