#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "model_fixtures.hpp"
#include "runtime/xgboost/xgboost_runtime.hpp"

/// The in-process predict time, for bench/serving.py's "gateway overhead against an in-process
/// predict loop". Disabled, so `make test` never runs it; run it with
///   build/cairn_unit_tests --gtest_also_run_disabled_tests --gtest_filter='XgboostLatency.*'
/// It prints figures and asserts nothing about them.
namespace cairn::runtime::xgboost {
namespace {

using namespace testing;

serving::Table repeat_rows(const serving::Table& table, int64_t rows) {
  std::vector<const serving::Table*> parts;
  for (int64_t i = 0; i < rows; i += table.rows) parts.push_back(&table);
  auto all = serving::concat(parts);
  EXPECT_TRUE(all.ok());
  return serving::slice(*all, 0, rows);
}

void measure(const std::string& model, int64_t rows, const std::string& threads) {
  XgboostRuntime runtime;
  InstanceOptions options;
  options.environment["XGBOOST_NTHREAD"] = threads;
  auto instance = runtime.start(model_source(model), options);
  ASSERT_TRUE(instance.ok());
  auto table = repeat_rows(input_table(expected(model)), rows);
  const int iterations = rows == 1 ? 20000 : 5000;
  std::vector<double> micros;
  micros.reserve(iterations);
  for (int i = 0; i < iterations + 200; ++i) {
    auto begin = std::chrono::steady_clock::now();
    bool ok = false;
    (*instance)->execute({table, {}}, [&](Result<serving::Prediction> r) { ok = r.ok(); });
    auto end = std::chrono::steady_clock::now();
    ASSERT_TRUE(ok);
    if (i >= 200) micros.push_back(std::chrono::duration<double, std::micro>(end - begin).count());
  }
  std::sort(micros.begin(), micros.end());
  double mean = 0;
  for (double m : micros) mean += m / static_cast<double>(micros.size());
  std::printf("xgboost in-process predict  %-14s rows=%-4lld nthread=%s  p50 %7.1f us  p99 %7.1f us  mean %7.1f us\n",
              model.c_str(), static_cast<long long>(rows), threads.c_str(), micros[micros.size() / 2],
              micros[micros.size() * 99 / 100], mean);
}

TEST(XgboostLatency, DISABLED_one_row) {
  for (std::string model : {"classifier", "multiclass"}) measure(model, 1, "1");
}

TEST(XgboostLatency, DISABLED_hundred_rows) {
  for (std::string model : {"classifier", "multiclass"}) measure(model, 100, "1");
}

/// nthread 0: OpenMP over every core, XGBoost's own default.
TEST(XgboostLatency, DISABLED_hundred_rows_every_core) {
  for (std::string model : {"classifier", "multiclass"}) measure(model, 100, "0");
}

}  // namespace
}  // namespace cairn::runtime::xgboost
