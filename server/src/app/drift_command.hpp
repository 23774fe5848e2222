#pragma once

#include <string>

namespace cairn::app {

struct DriftCommandArgs {
  std::string reference;  ///< folder of .npy columns
  std::string current;    ///< folder of .npy columns with the same names
  int threads = 0;        ///< 0: one per core
};

/// `cairn drift`: the drift of every column of `current` against `reference`, computed the way a
/// monitor does (a reference profile built once, the current window streamed into a profile of
/// the same shape, drift between the two), one column at a time so memory stays flat. Prints
/// JSON: per-feature verdicts, phase timings and peak memory. For bench/drift.py.
int run_drift(const DriftCommandArgs& args);

}  // namespace cairn::app
