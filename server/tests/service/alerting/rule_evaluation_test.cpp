#include "service/alerting/rule_evaluation.hpp"

#include <gtest/gtest.h>

namespace cairn::service::alerting {
namespace {

RuleSpec spec_with(int64_t for_seconds, int64_t keep_firing_seconds) {
  RuleSpec s;
  s.for_seconds = for_seconds;
  s.keep_firing_seconds = keep_firing_seconds;
  return s;
}

TEST(RuleEvaluation, pending_lasts_for_seconds_then_fires_and_a_clearing_pending_is_dropped) {
  const auto spec = spec_with(60, 0);
  EXPECT_EQ(next_state(std::nullopt, false, 0, spec), Next::none);
  EXPECT_EQ(next_state(std::nullopt, true, 0, spec), Next::pending);
  const OpenAlert pending{"pending", 1000, 1000};
  EXPECT_EQ(next_state(pending, true, 60'999, spec), Next::none) << "59.999 s pending is not yet 60 s";
  EXPECT_EQ(next_state(pending, true, 61'000, spec), Next::firing);
  EXPECT_EQ(next_state(pending, false, 30'000, spec), Next::dropped);
}

TEST(RuleEvaluation, for_zero_fires_at_once_and_keep_firing_holds_after_the_condition_clears) {
  EXPECT_EQ(next_state(std::nullopt, true, 0, spec_with(0, 0)), Next::firing);
  const auto spec = spec_with(0, 120);
  const OpenAlert firing{"firing", 0, 10'000};
  EXPECT_EQ(next_state(firing, true, 50'000, spec), Next::none);
  EXPECT_EQ(next_state(firing, false, 129'999, spec), Next::none) << "kept firing 120 s after it was last true";
  EXPECT_EQ(next_state(firing, false, 130'000, spec), Next::resolved);
  EXPECT_EQ(next_state(firing, false, 10'000, spec_with(0, 0)), Next::resolved);
}

TEST(RuleEvaluation, thresholds_compare_and_missing_values_judge_nothing) {
  Condition above{Condition::Kind::threshold, ">", 250};
  EXPECT_EQ(condition_met(above, 251.0, std::nullopt), true);
  EXPECT_EQ(condition_met(above, 250.0, std::nullopt), false);
  EXPECT_EQ(condition_met(above, std::nullopt, std::nullopt), std::nullopt) << "no latency without traffic";
  Condition at_most{Condition::Kind::threshold, "<=", 0.9};
  EXPECT_EQ(condition_met(at_most, 0.9, std::nullopt), true);
}

TEST(RuleEvaluation, absence_holds_without_traffic_or_without_statistics) {
  Condition absent{Condition::Kind::absence};
  EXPECT_EQ(condition_met(absent, 0.0, std::nullopt), true);
  EXPECT_EQ(condition_met(absent, std::nullopt, std::nullopt), true);
  EXPECT_EQ(condition_met(absent, 3.0, std::nullopt), false);
}

TEST(RuleEvaluation, changes_compare_with_the_earlier_window_absolutely_or_in_percent) {
  Condition dropped{Condition::Kind::change, "<", -0.05};
  EXPECT_EQ(condition_met(dropped, 0.84, 0.91), true) << "accuracy down 7 points";
  EXPECT_EQ(condition_met(dropped, 0.89, 0.91), false);
  EXPECT_EQ(condition_met(dropped, 0.84, std::nullopt), std::nullopt);
  Condition doubled{Condition::Kind::change, ">=", 100, true, 86400};
  EXPECT_DOUBLE_EQ(*change_of(doubled, 300, 150), 100.0);
  EXPECT_EQ(condition_met(doubled, 300.0, 150.0), true);
  EXPECT_EQ(change_of(doubled, 300, 0), std::nullopt) << "no percentage of nothing";
}

}  // namespace
}  // namespace cairn::service::alerting
