#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "serving/table.hpp"
#include "stats/dataset_profile.hpp"

/// Feeds what a model saw and said into a DatasetProfile: the gateway's columnar tables and
/// predictions, and the JSON records sent for models served elsewhere. Inputs keep their column
/// names; predictions are the feature "prediction" (or "prediction.<column>" for several).
namespace cairn::service::profile_input {

/// What to do with a feature the profile does not have yet: with a reference profile the
/// features are fixed (a new one is counted in `unknown`, not profiled); without, it is added
/// with the kind its values have.
struct Policy {
  bool fixed_features = false;
};

/// Values that did not fit: by feature, a number where the profile keeps categories (or the
/// reverse) and features outside a fixed set.
struct Rejects {
  std::map<std::string, int64_t, std::less<>> type_errors;
  std::map<std::string, int64_t, std::less<>> unknown_features;
};

/// Every scalar column of `table` (named columns; an unnamed 2-D tensor gives features "0", "1",
/// ...); columns of other shapes, binary and datetime columns are not profiled.
void add_table(stats::DatasetProfile& profile, const serving::Table& table, const Policy& policy, Rejects& rejects);
/// The row-aligned scalar outputs of `prediction`.
void add_prediction(stats::DatasetProfile& profile, const serving::Prediction& prediction, const Policy& policy,
                    Rejects& rejects);
/// One record sent by API: `features` is an object of scalars (null = missing), `prediction` a
/// scalar or an object of scalars.
void add_record(stats::DatasetProfile& profile, const nlohmann::json& features, const nlohmann::json& prediction,
                const Policy& policy, Rejects& rejects);

}  // namespace cairn::service::profile_input
