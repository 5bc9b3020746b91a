// Hard Top-k: the multi-hot reference, with a documented tie rule, and the top-k sum S_k.
#include <algorithm>
#include <functional>
#include <numeric>

#include "mathlets/smooth_topk.hpp"
#include "smooth_topk_detail.hpp"

namespace mathlets {

using topk_detail::kNaN;

std::vector<double> hard_topk(std::span<const double> x, double k, TopKTieRule ties) {
  const std::size_t n = x.size();
  const auto kk = static_cast<std::size_t>(topk_detail::check_k("hard_topk", k, n, true));
  if (topk_detail::has_nan(x)) return std::vector<double>(n, kNaN);
  std::vector<double> out(n, 0.0);
  if (kk == 0) return out;
  std::vector<double> sorted(x.begin(), x.end());
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(kk - 1), sorted.end(),
                   std::greater<double>());
  const double kth = sorted[kk - 1];  // the k-th largest value: the boundary
  std::size_t above = 0, tied = 0;
  for (double v : x) {
    above += v > kth;
    tied += v == kth;
  }
  const std::size_t slots = kk - above;  // 1 <= slots <= tied
  std::size_t given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] > kth) out[i] = 1.0;
    else if (x[i] == kth) {
      if (ties == TopKTieRule::share) out[i] = static_cast<double>(slots) / static_cast<double>(tied);
      else out[i] = given++ < slots ? 1.0 : 0.0;
    }
  }
  return out;
}

double topk_sum(std::span<const double> x, double k) {
  const auto kk = static_cast<std::size_t>(topk_detail::check_k("topk_sum", k, x.size(), true));
  if (topk_detail::has_nan(x)) return kNaN;
  std::vector<double> sorted(x.begin(), x.end());
  std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(kk), sorted.end(),
                    std::greater<double>());
  return std::accumulate(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(kk), 0.0);
}

}  // namespace mathlets
