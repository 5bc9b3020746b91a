// SplitMix64: the one seeded generator of mathlets (../shared/math/cr-approximation.md, section 2.2).
//
// Every random routine (CR sampling, CUR random selections) draws from this generator and from the
// helpers below, never from <random>'s distributions, whose output is implementation-defined: with
// only fixed-width integer arithmetic and one exact scaling to double, the native and WebAssembly
// builds produce bit-identical sample sequences for the same seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mathlets {

class SplitMix64 {
 public:
  explicit constexpr SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}

  // Next 64-bit output (all arithmetic is mod 2^64).
  constexpr std::uint64_t next() noexcept {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform double in [0, 1): the top 53 bits times 2^-53 (exact, so identical on every platform).
  constexpr double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  constexpr std::uint64_t state() const noexcept { return state_; }

 private:
  std::uint64_t state_;
};

// Running sums c_k = w_0 + ... + w_k, accumulated left to right in double (the order matters for
// reproducibility). Weights must be finite and >= 0; they need not sum to 1.
inline std::vector<double> cumulative_weights(std::span<const double> w) {
  std::vector<double> c(w.size());
  double acc = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) c[i] = acc += w[i];
  return c;
}

// Categorical draw from cumulative weights: the smallest k with u * c_last < c_k, u from rng.
// If rounding leaves no such k, the last index with positive weight. Binary search, O(log l).
// Precondition: cumulative is non-empty, non-decreasing, and its last entry is > 0.
inline std::size_t draw_categorical(SplitMix64& rng, std::span<const double> cumulative) {
  const double target = rng.uniform() * cumulative.back();
  std::size_t lo = 0, hi = cumulative.size();
  while (lo < hi) {  // first k with target < c_k
    const std::size_t mid = lo + (hi - lo) / 2;
    if (target < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  if (lo < cumulative.size()) return lo;
  std::size_t k = cumulative.size() - 1;
  while (k > 0 && !(cumulative[k] > cumulative[k - 1])) --k;
  return k;
}

// Uniform integer in [0, n) as floor(u * n), n >= 1 (used by the partial Fisher-Yates shuffle).
inline std::size_t draw_below(SplitMix64& rng, std::size_t n) {
  const auto j = static_cast<std::size_t>(rng.uniform() * static_cast<double>(n));
  return j < n ? j : n - 1;  // u < 1, but guard the product's rounding for huge n
}

// r distinct indices drawn sequentially without replacement, each draw categorical over the weights of
// the indices not yet drawn (renormalized implicitly by the cumulative sums); once only zero weights are
// left, uniform over the rest (draw_below over them in ascending order). Returned in draw order.
// Precondition: weights finite and >= 0, r <= weights.size().
inline std::vector<std::size_t> draw_without_replacement(SplitMix64& rng, std::span<const double> weights,
                                                         std::size_t r) {
  std::vector<double> remaining(weights.begin(), weights.end());
  std::vector<char> taken(weights.size(), 0);
  std::vector<std::size_t> order;
  for (std::size_t t = 0; t < r; ++t) {
    const std::vector<double> cumulative = cumulative_weights(remaining);
    std::size_t pick;
    if (cumulative.back() > 0.0) {
      pick = draw_categorical(rng, cumulative);
    } else {
      std::vector<std::size_t> rest;
      for (std::size_t i = 0; i < remaining.size(); ++i)
        if (!taken[i]) rest.push_back(i);
      pick = rest[draw_below(rng, rest.size())];
    }
    order.push_back(pick);
    taken[pick] = 1;
    remaining[pick] = 0.0;
  }
  return order;
}

// r distinct indices of {0..n-1}, uniformly, by a partial Fisher-Yates shuffle: for i < r swap
// position i with j = i + floor(u (n - i)). Returned in draw order. Precondition: r <= n.
inline std::vector<std::size_t> draw_uniform_subset(SplitMix64& rng, std::size_t n, std::size_t r) {
  std::vector<std::size_t> perm(n);
  for (std::size_t i = 0; i < n; ++i) perm[i] = i;
  for (std::size_t i = 0; i < r; ++i) {
    const std::size_t j = i + draw_below(rng, n - i);
    const std::size_t tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
  }
  perm.resize(r);
  return perm;
}

}  // namespace mathlets
