// Long-double references for the logsumexp tests (64-bit mantissa on x86: 2^11 times finer than
// double), and seeded random inputs. Finite inputs only; the special values have their own tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "mathlets/splitmix64.hpp"

namespace lse_reference {

// tau * lse(x / tau) in long double, max-shifted with log1p over the entries other than one argmax.
template <class T>
long double lse(std::span<const T> x, long double tau = 1) {
  const auto star = std::max_element(x.begin(), x.end());
  const long double m = *star;
  long double s = 0;
  for (auto it = x.begin(); it != x.end(); ++it) {
    if (it != star) s += std::exp((static_cast<long double>(*it) - m) / tau);
  }
  return m + tau * std::log1p(s);
}

template <class T>
std::vector<long double> softmax(std::span<const T> x, long double tau = 1) {
  const long double m = *std::max_element(x.begin(), x.end());
  std::vector<long double> s(x.size());
  long double z = 0;
  for (std::size_t i = 0; i < x.size(); ++i) z += s[i] = std::exp((static_cast<long double>(x[i]) - m) / tau);
  for (long double& v : s) v /= z;
  return s;
}

// Renyi entropy of order t != 1 as log1p(sum p (p^(t-1) - 1)) / (1 - t): the same quantity as
// log(sum p^t) / (1 - t) for p on the simplex, but without its 0/0 as t -> 1, so the reference stays
// exact to long double precision at t = 1 + 1e-12.
inline long double renyi(std::span<const double> p, long double t) {
  long double s = 0;
  for (double v : p) {
    if (v > 0) s += v * std::expm1((t - 1) * std::log(static_cast<long double>(v)));
  }
  return std::log1p(s) / (1 - t);
}

inline long double shannon(std::span<const double> p) {
  long double h = 0;
  for (double v : p) {
    if (v > 0) h -= v * std::log(static_cast<long double>(v));
  }
  return h;
}

// Seeded draws (SplitMix64, as everywhere in mathlets).
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : rng_(seed) {}
  double uniform(double lo, double hi) { return lo + (hi - lo) * rng_.uniform(); }
  double log_uniform(double lo, double hi) { return std::exp(uniform(std::log(lo), std::log(hi))); }
  std::size_t index(std::size_t lo, std::size_t hi) {  // in [lo, hi]
    return lo + static_cast<std::size_t>(rng_.uniform() * static_cast<double>(hi - lo + 1));
  }
  std::vector<double> vector(std::size_t n, double scale) {
    std::vector<double> x(n);
    for (double& v : x) v = uniform(-scale, scale);
    return x;
  }
  std::vector<double> simplex(std::size_t n) {  // exponential spacings: uniform on the simplex
    std::vector<double> p(n);
    double s = 0;
    for (double& v : p) s += v = -std::log(1 - rng_.uniform());
    for (double& v : p) v /= s;
    return p;
  }

 private:
  mathlets::SplitMix64 rng_;
};

}  // namespace lse_reference
