// Tie-aware argmax / top-r shared by cr.cpp and cur.cpp (internal header).
// The specs' tie rule: values whose relative difference is below 1e-12 count as equal, and the smaller
// index wins. Small integer matrices produce such ties all the time (equal norms or leverage scores
// computed along different rounding paths), and the rule keeps native and wasm selections identical.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <vector>

namespace mathlets::detail {

constexpr double kTieTolerance = 1e-12;

inline bool ties_with(double a, double b) {
  // An infinite value ties only with itself: the relative test (inf <= 1e-12 inf) tied every value with
  // inf, so a brute-force search that met an overflowed error or volume first never moved off it.
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= kTieTolerance * std::max(std::abs(a), std::abs(b));
}

// Index of the largest value among the allowed entries (allowed[i] != 0); among values tied with the
// maximum, the smallest index. Returns -1 when nothing is allowed.
inline int argmax_with_ties(const Eigen::VectorXd& v, const std::vector<char>& allowed) {
  int best = -1;
  for (int i = 0; i < int(v.size()); ++i)
    if (allowed[i] && (best < 0 || v(i) > v(best))) best = i;
  if (best < 0) return best;
  for (int i = 0; i < best; ++i)
    if (allowed[i] && ties_with(v(i), v(best))) return i;
  return best;
}

// The r largest entries in selection order (repeated argmax_with_ties), r <= v.size().
inline std::vector<int> top_indices(const Eigen::VectorXd& v, int r) {
  std::vector<char> allowed(v.size(), 1);
  std::vector<int> out;
  for (int t = 0; t < r; ++t) {
    const int i = argmax_with_ties(v, allowed);
    out.push_back(i);
    allowed[i] = 0;
  }
  return out;
}

// Next k-combination of {0..n-1} in lexicographic order; false after the last one.
inline bool next_combination(std::vector<int>& c, int n) {
  const int k = int(c.size());
  int i = k - 1;
  while (i >= 0 && c[i] == n - k + i) --i;
  if (i < 0) return false;
  ++c[i];
  for (int j = i + 1; j < k; ++j) c[j] = c[j - 1] + 1;
  return true;
}

// C(n, k) as a double (exact below 2^53; only compared with caps).
inline double binomial(int n, int k) {
  if (k < 0 || k > n) return 0.0;
  k = std::min(k, n - k);
  double c = 1.0;
  for (int i = 1; i <= k; ++i) c = c * (n - k + i) / i;
  return std::round(c);
}

}  // namespace mathlets::detail
