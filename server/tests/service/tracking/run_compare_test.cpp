#include "service/tracking/run_compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cairn::service {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

storage::MetricRecord point(const std::string& key, double value, int64_t step) {
  storage::MetricRecord p;
  p.key = key;
  p.value = value;
  p.step = step;
  p.timestamp = 1000 + step;
  return p;
}

storage::RunView run(const std::string& id, storage::KeyValues params, std::vector<storage::MetricRecord> latest) {
  storage::RunView view;
  view.info.id = id;
  view.params = std::move(params);
  view.latest_metrics = std::move(latest);
  return view;
}

TEST(CompareRuns, params_line_up_by_key_and_flag_differences) {
  auto out = compare_runs({run("a", {{"depth", "3"}, {"lr", "0.1"}}, {}), run("b", {{"lr", "0.1"}, {"depth", "5"}}, {}),
                           run("c", {{"lr", "0.1"}}, {})},
                          {});
  ASSERT_EQ(out.params.size(), 2u);
  EXPECT_EQ(out.params[0].key, "depth");
  EXPECT_TRUE(out.params[0].differs);
  EXPECT_EQ(out.params[0].values, (std::vector<std::optional<std::string>>{"3", "5", std::nullopt}));
  EXPECT_EQ(out.params[1].key, "lr");
  EXPECT_FALSE(out.params[1].differs);
  ASSERT_EQ(out.runs.size(), 3u);
  EXPECT_EQ(out.runs[2].info.id, "c");
}

TEST(CompareRuns, a_param_missing_from_one_run_differs) {
  auto out = compare_runs({run("a", {{"seed", "1"}}, {}), run("b", {}, {})}, {});
  ASSERT_EQ(out.params.size(), 1u);
  EXPECT_TRUE(out.params[0].differs);
}

TEST(CompareRuns, metrics_take_min_and_max_from_the_ranges_and_last_from_the_view) {
  std::vector<storage::metrics::MetricRange> ranges = {{"a", "loss", 0.2, 0.9, 5}, {"b", "loss", 1.5, INFINITY, 3}};
  auto out = compare_runs({run("a", {}, {point("loss", 0.5, 4)}), run("b", {}, {point("loss", 1.5, 2)})}, ranges);
  ASSERT_EQ(out.metrics.size(), 1u);
  const auto& loss = out.metrics[0];
  ASSERT_TRUE(loss.values[0] && loss.values[1]);
  EXPECT_EQ(loss.values[0]->last.value, 0.5);
  EXPECT_EQ(loss.values[0]->last.step, 4);
  EXPECT_EQ(loss.values[0]->min, 0.2);
  EXPECT_EQ(loss.values[0]->max, 0.9);
  EXPECT_TRUE(std::isinf(loss.values[1]->max));
  EXPECT_TRUE(loss.differs);
}

TEST(CompareRuns, equal_last_values_do_not_differ_nan_included) {
  auto out = compare_runs(
      {run("a", {}, {point("x", kNaN, 0), point("y", 1, 0)}), run("b", {}, {point("x", kNaN, 3), point("y", 1, 7)})},
      {});
  ASSERT_EQ(out.metrics.size(), 2u);
  EXPECT_FALSE(out.metrics[0].differs);
  EXPECT_FALSE(out.metrics[1].differs);
}

TEST(CompareRuns, a_metric_without_a_range_uses_its_last_value_and_missing_runs_are_empty) {
  auto out = compare_runs({run("a", {}, {point("acc", 0.7, 0)}), run("b", {}, {})}, {});
  ASSERT_EQ(out.metrics.size(), 1u);
  ASSERT_TRUE(out.metrics[0].values[0]);
  EXPECT_EQ(out.metrics[0].values[0]->min, 0.7);
  EXPECT_EQ(out.metrics[0].values[0]->max, 0.7);
  EXPECT_FALSE(out.metrics[0].values[1]);
  EXPECT_TRUE(out.metrics[0].differs);
}

}  // namespace
}  // namespace cairn::service
