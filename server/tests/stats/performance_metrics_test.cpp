#include "stats/performance_metrics.hpp"

#include <gtest/gtest.h>

namespace cairn::stats {
namespace {

// Expected values from scikit-learn 1.x on the same inputs:
//   accuracy_score, precision_score, recall_score, f1_score (binary, pos_label="1"; macro for 3
//   classes), roc_auc_score, log_loss, mean_absolute_error, root of mean_squared_error,
//   mean_absolute_percentage_error, r2_score.

TEST(PerformanceMetrics, binary_classification_matches_scikit_learn) {
  std::vector<std::string> truth{"1", "0", "1", "1", "0", "0", "1", "0"};
  std::vector<std::string> predicted{"1", "0", "0", "1", "1", "0", "1", "0"};
  std::vector<double> scores{0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.3};
  auto m = classification_metrics(truth, predicted, &scores, "1");
  EXPECT_DOUBLE_EQ(m.accuracy, 0.75);
  EXPECT_DOUBLE_EQ(m.precision, 0.75);
  EXPECT_DOUBLE_EQ(m.recall, 0.75);
  EXPECT_DOUBLE_EQ(m.f1, 0.75);
  ASSERT_TRUE(m.roc_auc && m.log_loss);
  EXPECT_DOUBLE_EQ(*m.roc_auc, 0.9375);
  EXPECT_NEAR(*m.log_loss, 0.4003674357, 1e-9);
  EXPECT_EQ(m.confusion, (std::vector<std::vector<int64_t>>{{3, 1}, {1, 3}}));
}

TEST(PerformanceMetrics, multiclass_is_macro_averaged) {
  std::vector<std::string> truth{"a", "b", "c", "a", "b", "c"};
  std::vector<std::string> predicted{"a", "c", "c", "a", "b", "b"};
  auto m = classification_metrics(truth, predicted);
  EXPECT_NEAR(m.accuracy, 4.0 / 6.0, 1e-12);
  EXPECT_NEAR(m.precision, 2.0 / 3.0, 1e-12);  // (1 + 0.5 + 0.5) / 3
  EXPECT_NEAR(m.recall, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.f1, 2.0 / 3.0, 1e-12);
  EXPECT_FALSE(m.roc_auc);
}

TEST(PerformanceMetrics, roc_auc_counts_ties_half) {
  EXPECT_DOUBLE_EQ(*roc_auc({true, false}, {0.5, 0.5}), 0.5);
  EXPECT_FALSE(roc_auc({true, true}, {0.1, 0.2}));
}

TEST(PerformanceMetrics, regression_matches_scikit_learn) {
  std::vector<double> truth{3.0, -0.5, 2.0, 7.0};
  std::vector<double> predicted{2.5, 0.0, 2.0, 8.0};
  auto m = regression_metrics(truth, predicted);
  EXPECT_DOUBLE_EQ(m.mae, 0.5);
  EXPECT_NEAR(m.rmse, 0.6123724356957945, 1e-12);
  ASSERT_TRUE(m.r2 && m.mape);
  EXPECT_NEAR(*m.r2, 0.9486081370449679, 1e-12);
  EXPECT_NEAR(*m.mape, 0.3273809523809524, 1e-12);
  EXPECT_FALSE(regression_metrics({1, 1}, {1, 2}).r2);  // constant truth: R² undefined
}

}  // namespace
}  // namespace cairn::stats
