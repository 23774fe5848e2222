#pragma once

#include <string>

#include "serving/table.hpp"

/// Which requests keep their data for monitoring, and in what form; shared by Cairn's gateway and
/// the model server so both keep the same share the same way.
namespace cairn::serving {

/// Whether this request is in the sampled share `rate` (0: none, 1: all).
bool sampled(double rate);
/// A request's inputs as MLflow renders a DataFrame: a list of records, one object per row.
std::string inputs_as_records_json(const Table& inputs);
/// The predictions as MLflow's scoring protocol renders them (without the envelope).
std::string predictions_json(const Prediction& prediction);

}  // namespace cairn::serving
