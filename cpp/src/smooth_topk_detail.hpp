// Internal to the smooth_topk*.cpp files: argument checks, the non-finite rules of smooth_topk.hpp and
// the log-domain primitives they share. Not a public header.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "mathlets/smooth_topk.hpp"

namespace mathlets::topk_detail {

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Throws std::invalid_argument unless tau is finite and > 0.
void check_tau(const char* routine, double tau);
// Throws std::out_of_range unless 0 <= k <= n (NaN k too), and std::invalid_argument if integer_k and k
// is not an integer. Returns k.
double check_k(const char* routine, double k, std::size_t n, bool integer_k);
// Throws std::invalid_argument unless v.size() == n.
void check_size(const char* routine, const char* name, std::size_t size, std::size_t n);
// Throws std::domain_error naming the first infinite entry (NaN is allowed through).
void require_no_infinity(const char* routine, std::span<const double> x);

bool has_nan(std::span<const double> x);

// Derivatives are computed as tau J = dp/dz (z = x / tau), which is bounded by the scheme alone, and divided
// by tau once, at the end: tangents v / tau were inf for a subnormal tau, and inf - inf made J NaN.
// m * 2^e2 / tau for every entry of m (e2 rescales a cotangent that was normalised to avoid overflow).
// NaN entries stay NaN. Throws std::out_of_range naming tau when an entry exceeds the largest double
// (J itself is not representable there: p (1 - p) / tau with tau = 5e-324), also when an entry of m is
// already infinite (a caller that can should search for the smallest tau that works and say it instead).
void divide_by_tau(const char* routine, const char* what, std::vector<double>& m, double tau, int e2 = 0);

// out_i = sum_{j != i} v_j from prefix and suffix sums: no subtraction, so it stays accurate when v_i dominates.
template <class T>
std::vector<T> sums_of_others(const std::vector<T>& v) {
  const std::size_t n = v.size();
  std::vector<T> suffix(n + 1, T{}), out(n);
  for (std::size_t i = n; i-- > 0;) suffix[i] = suffix[i + 1] + v[i];
  T prefix{};
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = prefix + suffix[i + 1];
    prefix = prefix + v[i];
  }
  return out;
}

// The binary exponent e with max |v| < 2^e (0 for an all-zero or empty v, NaN ignored): v * 2^-e is a
// cotangent whose products with bounded matrices cannot overflow.
int magnitude_exponent(std::span<const double> v);

// (a - b) / tau for finite a, b and tau > 0 without overflow in a - b (a = 1e308, b = -1e308): +-inf only
// when the quotient itself exceeds the largest double, which every f here treats as its limit.
inline double scaled_gap(double a, double b, double tau) {
  const double d = a - b;
  if (std::isfinite(d)) return d / tau;
  return (0.5 * a - 0.5 * b) / tau * 2;
}

// log(e^a + e^b) without overflow; -inf is the identity.
inline double log_add_exp(double a, double b) {
  if (a < b) std::swap(a, b);
  if (b == -kInf) return a;
  return a + std::log1p(std::exp(b - a));
}

// f^-1(k / m) for 0 < k < m, the offset of the root bracket. For tiny real k the ratio underflows (to 0,
// which f^-1 rejects, or to a subnormal short of digits); there every f^-1(q) equals log q (+ log 2 for
// the piecewise f) to double precision, so it is taken as log k - log m.
inline double threshold_finv_ratio(ThresholdFn f, double k, double m) {
  const double q = k / m;
  if (q >= std::numeric_limits<double>::min()) return threshold_finv(f, q);
  const double log_q = std::log(k) - std::log(m);
  return f == ThresholdFn::piecewise_exp ? log_q + std::log(2.0) : log_q;
}

// The finite entries left after the +-inf rules, and the budget they share.
struct FiniteProblem {
  std::vector<std::size_t> index;  // positions of finite entries in x
  std::vector<double> value;       // their values
  double budget = 0;               // mass left for them, 0 <= budget <= index.size()
  std::size_t pos_inf = 0;         // number of +inf entries
  std::size_t neg_inf = 0;         // number of -inf entries
  bool deficit = false;            // too few finite entries: -inf entries received mass
};

// Applies the +-inf rules of smooth_topk.hpp: writes the limit values of infinite entries into p (and 0 for the
// finite ones) and returns the finite sub-problem. p.size() must equal x.size(); x must hold no NaN.
FiniteProblem split_infinite(std::span<const double> x, double k, std::span<double> p);

// z_i = (v_i - max v) / tau (shift first, then scale). Returns max v (v non-empty, finite).
double shifted_scores(std::span<const double> v, double tau, std::vector<double>& z);

// Threshold residual r(lam) = sum_i f(z_i - lam) - k in the requested form,
// with dsum = sum_i f'(z_i - lam) = -r'(lam). One O(n) pass; defined in smooth_topk_threshold.cpp.
double threshold_residual(std::span<const double> z, double k, ThresholdFn f, double lam, ResidualForm form,
                          double* dsum);

}  // namespace mathlets::topk_detail
