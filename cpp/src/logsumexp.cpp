// Stable logsumexp and softmax with temperature, the entropies, and the derivatives of lse_tau
// (../shared/math/logsumexp.md sections 3.1-3.4 and R9).
#include "mathlets/logsumexp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <string>

#include "number_text.hpp"

#include "simd/exp_sum_f32.hpp"
#include "simd/exp_sum_f64.hpp"
#include "simd/max_scan_f64.hpp"

namespace mathlets {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_nonempty(const char* routine, std::size_t n) {
  if (n == 0) throw std::invalid_argument(std::string(routine) + ": x is empty");
}

void require_tau(const char* routine, double tau) {
  if (!(tau > 0)) throw std::invalid_argument(std::string(routine) + ": tau must be positive, got " + number_text(tau));
}

// Max of x and whether any entry is NaN.
template <class T>
struct Extremes {
  T max = -std::numeric_limits<T>::infinity();
  bool nan = false;
};

template <class T>
Extremes<T> extremes(std::span<const T> x) {
  Extremes<T> e;
  for (T v : x) {
    e.nan = e.nan || std::isnan(v);
    e.max = v > e.max ? v : e.max;
  }
  return e;
}

// (x_i - m) / tau for x_i <= m finite. When the difference overflows (x_i and m of opposite signs near
// the double range) the true quotient can still be moderate for a huge tau, so divide first there.
double scaled_gap(double xi, double m, double tau) {
  const double d = xi - m;
  return d == -INFINITY && xi != -INFINITY ? xi / tau - m / tau : d / tau;
}

// sum over i != i* of exp((x_i - m) / tau) in double, i* the first index attaining the finite max m.
// The f64 path at temperatures above f64_kernel_tau's range, and the f32 path where 1/tau does not fit
// a normal float.
template <class T>
double shifted_sum(std::span<const T> x, double m, double tau) {
  const std::size_t star = static_cast<std::size_t>(std::find(x.begin(), x.end(), static_cast<T>(m)) - x.begin());
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (i != star) s += std::exp(scaled_gap(x[i], m, tau));
  }
  return s;
}

// The f32 kernel multiplies by 1/tau in float. Inside this range 1/tau is a normal float, so tied
// entries give 0 * inv = 0 (never 0 * inf) and -inf entries give -inf (never -inf * 0), and an
// overflowed x_i - m = -inf stands for a true argument below -1e8, whose term is 0 anyway.
bool f32_kernel_tau(double tau) { return tau >= 1e-30 && tau <= 1e30; }

// The f64 kernel forms (x_i - m) / tau as shifted_sum does, but cannot divide first where x_i - m
// overflows: up to 1e300 such a term is e^(< -1.8e8) = 0 anyway (simd/exp_sum_f64.hpp).
bool f64_kernel_tau(double tau) { return tau <= 1e300; }

// Shared special cases of the lse rules; returns true and sets out when one applies. `live` counts
// the entries above -inf: at tau = +inf, lse is +inf only when at least two of them remain.
bool lse_special(std::size_t n, double first, double m, bool nan, double tau, std::size_t live, double& out) {
  if (nan) return out = kNaN, true;
  if (n == 1) return out = first, true;
  if (m == INFINITY || m == -INFINITY) return out = m, true;
  if (tau == INFINITY) return out = live > 1 ? INFINITY : m, true;
  return false;
}

template <class T>
std::size_t live_entries(std::span<const T> x, double tau) {
  if (tau != INFINITY) return x.size();  // only consulted at tau = +inf: skip the pass otherwise
  return static_cast<std::size_t>(
      std::count_if(x.begin(), x.end(), [](T v) { return v > -std::numeric_limits<T>::infinity(); }));
}

template <class T>
void softmax_nonfinite(std::span<const T> x, std::span<T> out, const Extremes<T>& e) {
  const T nan = std::numeric_limits<T>::quiet_NaN();
  if (e.nan || e.max == -std::numeric_limits<T>::infinity()) return std::fill(out.begin(), out.end(), nan);
  // Some +inf: equal shares on the +inf entries.
  const auto q = std::count(x.begin(), x.end(), std::numeric_limits<T>::infinity());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = x[i] == std::numeric_limits<T>::infinity() ? T(1) / T(q) : T(0);
}

// tau = +inf: the limit of softmax(x / tau) is uniform over the finite entries.
template <class T>
void softmax_infinite_tau(std::span<const T> x, std::span<T> out) {
  const auto finite = std::count_if(x.begin(), x.end(), [](T v) { return std::isfinite(v); });
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = std::isfinite(x[i]) ? T(1) / T(finite) : T(0);
}

template <class T>
bool softmax_checks(const char* routine, std::span<const T> x, double tau, std::span<T> out) {
  require_nonempty(routine, x.size());
  require_tau(routine, tau);
  if (out.size() != x.size()) {
    throw std::invalid_argument(std::string(routine) + ": out has " + std::to_string(out.size()) +
                                " entries but x has " + std::to_string(x.size()));
  }
  const Extremes<T> e = extremes(x);
  if (e.nan || !std::isfinite(e.max)) return softmax_nonfinite(x, out, e), true;
  if (tau == INFINITY) return softmax_infinite_tau(x, out), true;
  return false;
}

double probability_sum(std::span<const double> p) {
  double s = 0;
  for (double v : p) s += v;
  return s;
}

// log sum q^t = log1p(sum q (q^s - 1)) with q^s - 1 = expm1(s log q): no cancellation between a
// numerator and a denominator that both tend to 0 as t -> 1 (the plain lse form loses ~1e-12 there).
// Every term q (q^s - 1) has the sign of -s (log q <= 0), so the sum has no cancellation either and the
// result is accurate to a few ulps for every 0 < |s| <= 1/2, however close t is to 1. (A truncated
// cumulant series used to serve |s| < 1e-4; its dropped s^3 k4 term cost up to ~1e-12 relative on wide p.)
// log q = log p_i - log total, not log(p_i / total): the quotient's rounding (half an ulp of q) shifted
// log q by 1e-16 absolute, 1.5e-14 of H_t for a nearly one-hot p, while log p_i is accurate relative to
// itself. log total comes from the sum kept as hi + lo (Neumaier), log1p((hi - 1) + lo) with hi - 1 exact:
// the rounded sum alone was off by up to n ulps, again 1e-16 absolute in every log q.
double renyi_near_one(std::span<const double> p, double total, double s) {
  double hi = 0, lo = 0;
  for (double v : p) {
    const double t = hi + v;
    lo += std::fabs(hi) >= std::fabs(v) ? (hi - t) + v : (v - t) + hi;
    hi = t;
  }
  const double log_total = std::log1p((hi - 1) + lo);
  double sum = 0;
  for (double v : p) {
    if (v > 0) sum += v / total * std::expm1(s * (std::log(v) - log_total));
  }
  return std::log1p(sum) / -s;
}

}  // namespace

double logsumexp(std::span<const double> x, double tau) {
  require_nonempty("logsumexp", x.size());
  require_tau("logsumexp", tau);
  const simd::MaxScanF64 scan = simd::max_scan_f64(x.data(), x.size());
  const double m = scan.max;
  double special;
  if (lse_special(x.size(), x[0], m, scan.nan, tau, live_entries(x, tau), special)) return special;
  if (!f64_kernel_tau(tau)) return m + tau * std::log1p(shifted_sum(x, m, tau));
  // Sum around the first index attaining the max, so log1p sees only the other terms.
  const std::size_t star = scan.first;
  const double s = simd::exp_shift_sum_f64(x.data(), star, m, tau) +
                   simd::exp_shift_sum_f64(x.data() + star + 1, x.size() - star - 1, m, tau);
  return m + tau * std::log1p(s);
}

float logsumexp(std::span<const float> x, double tau) {
  require_nonempty("logsumexp", x.size());
  require_tau("logsumexp", tau);
  const simd::MaxScan scan = simd::max_scan_f32(x.data(), x.size());
  double special;
  if (lse_special(x.size(), x[0], scan.max, scan.nan, tau, live_entries(x, tau), special)) {
    return static_cast<float>(special);
  }
  if (!f32_kernel_tau(tau)) return static_cast<float>(scan.max + tau * std::log1p(shifted_sum(x, scan.max, tau)));
  // Sum around one index attaining the max, so log1p sees only the other terms.
  const std::size_t star = static_cast<std::size_t>(std::find(x.begin(), x.end(), scan.max) - x.begin());
  const auto inv = static_cast<float>(1.0 / tau);
  const double s = simd::exp_shift_sum_f32(x.data(), star, scan.max, inv, nullptr) +
                   simd::exp_shift_sum_f32(x.data() + star + 1, x.size() - star - 1, scan.max, inv, nullptr);
  return static_cast<float>(scan.max + tau * std::log1p(s));
}

void softmax(std::span<const double> x, double tau, std::span<double> out) {
  if (softmax_checks("softmax", x, tau, out)) return;
  const double m = extremes(x).max;
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += out[i] = std::exp(scaled_gap(x[i], m, tau));
  for (double& v : out) v /= s;  // s >= 1: the max term is exp(0)
}

void softmax(std::span<const float> x, double tau, std::span<float> out) {
  if (softmax_checks("softmax", x, tau, out)) return;
  const float m = simd::max_scan_f32(x.data(), x.size()).max;
  double s = 0;
  if (f32_kernel_tau(tau)) {
    s = simd::exp_shift_sum_f32(x.data(), x.size(), m, static_cast<float>(1.0 / tau), out.data());
  } else {
    for (std::size_t i = 0; i < x.size(); ++i) s += out[i] = static_cast<float>(std::exp(scaled_gap(x[i], m, tau)));
  }
  const auto inv = static_cast<float>(1.0 / s);
  for (float& v : out) v *= inv;
}

double shannon_entropy(std::span<const double> p) {
  double h = 0;
  for (double v : p) {
    if (std::isnan(v)) return kNaN;  // an undefined distribution has no entropy: never skip it silently
    if (v > 0) h -= v * std::log(v);
  }
  return h;
}

void check_probability_vector(std::span<const double> p, std::size_t n, const char* routine, const char* name) {
  const std::string who = std::string(routine) + ": " + name;
  if (p.size() != n) {
    throw std::invalid_argument(who + " has " + std::to_string(p.size()) + " entries but x has " + std::to_string(n));
  }
  if (p.empty()) throw std::invalid_argument(who + " is empty");
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!std::isfinite(p[i]) || p[i] < 0) {
      throw std::invalid_argument(who + "[" + std::to_string(i) + "] = " + number_text(p[i]) +
                                  " is not a finite non-negative weight");
    }
  }
  const double s = probability_sum(p);
  if (!(std::fabs(s - 1) <= 1e-6)) throw std::invalid_argument(who + " sums to " + number_text(s) + ", not 1");
}

double renyi_entropy(std::span<const double> p, double t) {
  check_probability_vector(p, p.size(), "renyi_entropy", "p");
  if (!(t > 0)) throw std::invalid_argument("renyi_entropy: t must be positive, got " + number_text(t));
  const double total = probability_sum(p);  // within 1e-6 of 1: renormalise, q = p / total
  if (t == INFINITY) return -std::log(*std::max_element(p.begin(), p.end()) / total);
  if (t == 1) return shannon_entropy(p) / total + std::log(total);
  const double s = t - 1;
  if (std::fabs(s) <= 0.5) return renyi_near_one(p, total, s);
  // log sum q^t as an lse of t log q over q > 0, so large t cannot underflow.
  double m = -INFINITY;
  for (double v : p) {
    if (v > 0) m = std::max(m, t * std::log(v / total));
  }
  double sum = 0;
  for (double v : p) {
    if (v > 0) sum += std::exp(t * std::log(v / total) - m);
  }
  return (m + std::log(sum)) / (1 - t);
}

LseGradient lse_gradient(std::span<const double> x, double tau) {
  require_nonempty("lse_gradient", x.size());
  require_tau("lse_gradient", tau);
  LseGradient g;
  g.value = logsumexp(x, tau);
  g.dx.resize(x.size());
  softmax(x, tau, std::span<double>(g.dx));
  g.dtau = shannon_entropy(g.dx);  // NaN when softmax is undefined
  return g;
}

std::vector<double> lse_hessian(std::span<const double> x, double tau) {
  require_nonempty("lse_hessian", x.size());
  require_tau("lse_hessian", tau);
  const LseGradient g = lse_gradient(x, tau);
  const std::size_t n = x.size();
  std::vector<double> h(n * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) h[i * n + j] = ((i == j ? g.dx[i] : 0.0) - g.dx[i] * g.dx[j]) / tau;
  }
  return h;
}

}  // namespace mathlets
