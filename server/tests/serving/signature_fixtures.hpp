#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "serving/model_signature.hpp"

namespace cairn::serving::testing_support {

/// A signature from MLflow's JSON text of its inputs (and outputs), as an MLmodel file holds it.
inline ModelSignature signature(const char* inputs, const char* outputs = nullptr) {
  nlohmann::json j = {{"inputs", inputs}};
  if (outputs) j["outputs"] = outputs;
  auto parsed = parse_model_signature(j);
  EXPECT_TRUE(parsed.ok());
  return std::move(parsed).value();
}

/// A model logged without a signature.
inline const ModelSignature kNone;

}  // namespace cairn::serving::testing_support
