// Exact top-k, recall@k and the re-rank positions of cur-retrieval.md section 2.3. One order
// everywhere: score descending, then index ascending, so ties never depend on the sort's stability.
#include "mathlets/cur_retrieval.hpp"

#include "number_text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

void require_finite_scores(const char* routine, const char* name, std::span<const double> v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throw std::invalid_argument(std::string(routine) + ": " + name + "[" + std::to_string(i) +
                                  "] = " + number_text(v[i]) + " is not finite");
}

}  // namespace

TopK exact_topk(std::span<const double> scores, int k) {
  const int n = static_cast<int>(scores.size());
  if (n == 0) throw std::invalid_argument("exact_topk: scores is empty");
  if (k < 1 || k > n)
    throw std::out_of_range("exact_topk: k = " + std::to_string(k) + " must be in [1, n = " + std::to_string(n) + "]");
  require_finite_scores("exact_topk", "scores", scores);
  const auto before = [&](int a, int b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); };
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const int keep = std::min(n, k + 1);
  std::nth_element(order.begin(), order.begin() + (keep - 1), order.end(), before);
  std::sort(order.begin(), order.begin() + keep, before);
  TopK out;
  out.ids.assign(order.begin(), order.begin() + k);
  for (int i : out.ids) out.scores.push_back(scores[i]);
  out.kth = out.scores.back();
  out.next = k < n ? scores[order[k]] : std::numeric_limits<double>::quiet_NaN();
  std::vector<double> sorted(scores.begin(), scores.end());
  std::sort(sorted.begin(), sorted.end());
  out.ties = n - static_cast<int>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
  return out;
}

double recall_at_k(std::span<const int> found, std::span<const int> truth) {
  if (truth.empty()) throw std::invalid_argument("recall_at_k: truth is empty");
  std::vector<int> t(truth.begin(), truth.end()), f(found.begin(), found.end());
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  std::sort(f.begin(), f.end());
  f.erase(std::unique(f.begin(), f.end()), f.end());
  std::vector<int> both;
  std::set_intersection(t.begin(), t.end(), f.begin(), f.end(), std::back_inserter(both));
  return static_cast<double>(both.size()) / static_cast<double>(t.size());
}

std::vector<int> approx_positions(std::span<const double> approx, std::span<const int> truth) {
  const int n = static_cast<int>(approx.size());
  require_finite_scores("recall_curve", "approx_scores", approx);
  std::vector<int> p;
  p.reserve(truth.size());
  for (int t : truth) {
    if (t < 0 || t >= n)
      throw std::out_of_range("recall_curve: truth id " + std::to_string(t) + " must be in [0, " + std::to_string(n) +
                              ")");
    int above = 0;
    const double st = approx[static_cast<std::size_t>(t)];
    for (int j = 0; j < n; ++j) above += approx[j] > st || (approx[j] == st && j < t);
    p.push_back(above);
  }
  return p;
}

std::vector<double> recall_curve(std::span<const double> approx, std::span<const int> truth,
                                 std::span<const int> kr_values) {
  if (truth.empty()) throw std::invalid_argument("recall_curve: truth is empty");
  std::vector<int> sorted(truth.begin(), truth.end());
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    throw std::invalid_argument("recall_curve: truth has duplicate ids");
  const std::vector<int> p = approx_positions(approx, truth);
  std::vector<double> out;
  for (int kr : kr_values) {
    if (kr < 0) throw std::out_of_range("recall_curve: kr_values entry " + std::to_string(kr) + " must be >= 0");
    const auto hits = std::count_if(p.begin(), p.end(), [kr](int pt) { return pt < kr; });
    out.push_back(static_cast<double>(hits) / static_cast<double>(p.size()));
  }
  return out;
}

}  // namespace mathlets
