#pragma once

#include <string>

#include "common/result.hpp"

namespace cairn::runtime::python {

/// MLflow's `--env-manager virtualenv`: a virtual environment with the model's requirements, built
/// by `python -m cairn.runtime.environment` (sdk/python) under `cache_dir` once per set of
/// requirements and reused. Returns that environment's interpreter; a failure carries the tail of
/// the builder's output, which says which requirement failed. Blocks while pip runs.
Result<std::string> prepare_environment(const std::string& python, const std::string& model_dir,
                                        const std::string& cache_dir);

}  // namespace cairn::runtime::python
