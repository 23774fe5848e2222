#include "stats/performance_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace cairn::stats {

std::optional<double> roc_auc(const std::vector<bool>& positive, const std::vector<double>& scores) {
  const std::size_t n = std::min(positive.size(), scores.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Average ranks over ties, then the Mann–Whitney U of the positives.
  double rank_sum = 0;
  int64_t positives = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k)
      if (positive[order[k]]) {
        rank_sum += rank;
        ++positives;
      }
    i = j + 1;
  }
  const auto negatives = static_cast<int64_t>(n) - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  const double p = static_cast<double>(positives);
  return (rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(negatives));
}

ClassificationMetrics classification_metrics(const std::vector<std::string>& truth,
                                             const std::vector<std::string>& predicted,
                                             const std::vector<double>* scores, const std::string& positive) {
  ClassificationMetrics m;
  const std::size_t n = std::min(truth.size(), predicted.size());
  m.count = static_cast<int64_t>(n);
  if (n == 0) return m;
  std::set<std::string> classes(truth.begin(), truth.begin() + static_cast<std::ptrdiff_t>(n));
  classes.insert(predicted.begin(), predicted.begin() + static_cast<std::ptrdiff_t>(n));
  m.classes.assign(classes.begin(), classes.end());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < m.classes.size(); ++i) index[m.classes[i]] = i;
  m.confusion.assign(m.classes.size(), std::vector<int64_t>(m.classes.size(), 0));
  int64_t correct = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ++m.confusion[index[truth[i]]][index[predicted[i]]];
    if (truth[i] == predicted[i]) ++correct;
  }
  m.accuracy = static_cast<double>(correct) / static_cast<double>(n);
  auto per_class = [&](std::size_t c, double& precision, double& recall, double& f1) {
    int64_t tp = m.confusion[c][c], predicted_c = 0, actual_c = 0;
    for (std::size_t k = 0; k < m.classes.size(); ++k) {
      predicted_c += m.confusion[k][c];
      actual_c += m.confusion[c][k];
    }
    // scikit-learn's zero_division default: 0 where the ratio is undefined.
    precision = predicted_c ? static_cast<double>(tp) / static_cast<double>(predicted_c) : 0.0;
    recall = actual_c ? static_cast<double>(tp) / static_cast<double>(actual_c) : 0.0;
    f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  };
  const bool binary = m.classes.size() <= 2 && index.contains(positive);
  if (binary) {
    per_class(index[positive], m.precision, m.recall, m.f1);
  } else {
    for (std::size_t c = 0; c < m.classes.size(); ++c) {
      double p = 0, r = 0, f = 0;
      per_class(c, p, r, f);
      m.precision += p;
      m.recall += r;
      m.f1 += f;
    }
    const double k = static_cast<double>(m.classes.size());
    m.precision /= k;
    m.recall /= k;
    m.f1 /= k;
  }
  if (scores && scores->size() >= n && m.classes.size() <= 2) {
    std::vector<bool> is_positive(n);
    double loss = 0;
    for (std::size_t i = 0; i < n; ++i) {
      is_positive[i] = truth[i] == positive;
      // Clipped as scikit-learn does, so a confident mistake costs a large finite loss.
      const double p = std::clamp((*scores)[i], 1e-15, 1 - 1e-15);
      loss -= is_positive[i] ? std::log(p) : std::log(1 - p);
    }
    m.roc_auc =
        roc_auc(is_positive, std::vector<double>(scores->begin(), scores->begin() + static_cast<std::ptrdiff_t>(n)));
    m.log_loss = loss / static_cast<double>(n);
  }
  return m;
}

RegressionMetrics regression_metrics(const std::vector<double>& truth, const std::vector<double>& predicted) {
  RegressionMetrics m;
  const std::size_t n = std::min(truth.size(), predicted.size());
  m.count = static_cast<int64_t>(n);
  if (n == 0) return m;
  double abs_sum = 0, sq_sum = 0, ape_sum = 0, mean = 0;
  int64_t ape_n = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = predicted[i] - truth[i];
    abs_sum += std::abs(e);
    sq_sum += e * e;
    mean += truth[i];
    if (truth[i] != 0) {
      ape_sum += std::abs(e / truth[i]);
      ++ape_n;
    }
  }
  mean /= static_cast<double>(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) total += (truth[i] - mean) * (truth[i] - mean);
  m.mae = abs_sum / static_cast<double>(n);
  m.rmse = std::sqrt(sq_sum / static_cast<double>(n));
  if (ape_n) m.mape = ape_sum / static_cast<double>(ape_n);
  if (total > 0) m.r2 = 1 - sq_sum / total;
  return m;
}

}  // namespace cairn::stats
