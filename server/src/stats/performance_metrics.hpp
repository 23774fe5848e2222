#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Model quality once ground truth is known, computed as scikit-learn defines each metric
/// (precision, recall and F1 of the positive class for two classes, macro-averaged otherwise).
namespace cairn::stats {

struct ClassificationMetrics {
  int64_t count = 0;
  double accuracy = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  std::optional<double> roc_auc;                ///< two classes with scores only
  std::optional<double> log_loss;               ///< two classes with scores only
  std::vector<std::string> classes;             ///< sorted
  std::vector<std::vector<int64_t>> confusion;  ///< [truth][predicted], in `classes` order
};

/// `predicted[i]` is the class predicted for `truth[i]`. With `scores` (the probability of
/// `positive`, one per row) and two classes, ROC AUC and log loss too.
ClassificationMetrics classification_metrics(const std::vector<std::string>& truth,
                                             const std::vector<std::string>& predicted,
                                             const std::vector<double>* scores = nullptr,
                                             const std::string& positive = "1");

struct RegressionMetrics {
  int64_t count = 0;
  double mae = 0;
  double rmse = 0;
  std::optional<double> mape;  ///< over rows whose truth is not 0 (as a fraction, like scikit-learn)
  std::optional<double> r2;    ///< undefined when the truth is constant
};

RegressionMetrics regression_metrics(const std::vector<double>& truth, const std::vector<double>& predicted);

/// Area under the ROC curve of `scores` for labels (true = positive), ties counted half
/// (the Mann–Whitney form, as roc_auc_score computes it); nullopt with one class only.
std::optional<double> roc_auc(const std::vector<bool>& positive, const std::vector<double>& scores);

}  // namespace cairn::stats
