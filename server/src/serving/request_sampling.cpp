#include "serving/request_sampling.hpp"

#include <random>

#include "serving/mlflow_scoring.hpp"

namespace cairn::serving {

bool sampled(double rate) {
  if (rate >= 1.0) return true;
  if (rate <= 0.0) return false;
  thread_local std::mt19937_64 random{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(random) < rate;
}

std::string inputs_as_records_json(const Table& inputs) {
  Prediction as_frame;
  as_frame.kind = Prediction::Kind::dataframe;
  as_frame.table = inputs;
  std::string json;
  append_mlflow_value(json, as_frame);
  return json;
}

std::string predictions_json(const Prediction& prediction) {
  std::string json;
  append_mlflow_value(json, prediction);
  return json;
}

}  // namespace cairn::serving
