// Special functions of the Performer closed forms and the chi quantile (performer.md, 2.3 and 2.8).
#include "mathlets/performer_special.hpp"

#include "mathlets/logsumexp.hpp"
#include "mathlets/performer.hpp"
#include "number_text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace mathlets {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// Sums a positive series given by its log terms l_0 = 0, l_{n+1} = l_n + log_ratio(n), until n has
// passed `past` and the terms have fallen 40 nats below the largest (about 1e-17 of it).
template <class LogRatio>
double log_positive_series(double past, LogRatio log_ratio) {
  std::vector<double> terms{0.0};
  double top = 0.0;
  for (int n = 0;; ++n) {
    const double next = terms.back() + log_ratio(n);
    terms.push_back(next);
    top = std::max(top, next);
    if (n > past && next < top - 40.0) break;
  }
  return logsumexp(terms);
}

// P(a, x) by its series, for x < a + 1: exp(-x) x^a / Gamma(a + 1) sum x^n / ((a+1)...(a+n)).
double gamma_p_series(double a, double x) {
  double term = 1.0, sum = 1.0;
  for (int n = 1; n < 100000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * kEps * 0.5) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a + 1.0)) * sum;
}

// Q(a, x) by its continued fraction (modified Lentz), for x >= a + 1.
double gamma_q_fraction(double a, double x) {
  constexpr double tiny = 1e-300;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEps) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

// Acklam's rational approximation of the standard normal quantile (relative error about 1e-9):
// only the starting point of the Newton iteration below.
double normal_quantile_estimate(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  const auto tail = [&](double t) {
    const double s = std::sqrt(-2.0 * std::log(t));
    return (((((c[0] * s + c[1]) * s + c[2]) * s + c[3]) * s + c[4]) * s + c[5]) /
           ((((d[0] * s + d[1]) * s + d[2]) * s + d[3]) * s + 1.0);
  };
  if (p < 0.02425) return tail(p);
  if (p > 1.0 - 0.02425) return -tail(1.0 - p);
  const double t = p - 0.5, r = t * t;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

// x with P(a, x) = p: safeguarded Newton (bisection whenever a step leaves the bracket), started from
// the Wilson-Hilferty approximation. Below the median it solves P = p, above it Q = 1 - p, so that
// the tail that is small keeps its relative accuracy.
double inverse_gamma_p(double a, double p) {
  const bool upper = p > 0.5;
  const double target = upper ? 1.0 - p : p;
  const auto residual = [&](double x) {  // increasing in x
    const IncompleteGamma g = regularized_gamma(a, x);
    return upper ? target - g.q : g.p - target;
  };
  const double z = normal_quantile_estimate(p), nu = 2.0 * a, h = 2.0 / (9.0 * nu);
  double x = 0.5 * nu * std::pow(std::max(1.0 - h + z * std::sqrt(h), 1e-3), 3.0);
  double lo = 0.0, hi = std::max(2.0 * x, 1.0);
  while (residual(hi) < 0.0) hi *= 2.0;
  for (int it = 0; it < 200; ++it) {
    const double f = residual(x);
    if (f == 0.0) return x;
    if (f < 0.0) lo = x;
    else hi = x;
    const double density = std::exp((a - 1.0) * std::log(x) - x - std::lgamma(a));
    double next = x - f / density;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - x) <= 1e-15 * next || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  return x;
}

}  // namespace

IncompleteGamma regularized_gamma(double a, double x) {
  if (x <= 0.0) return {0.0, 1.0};
  if (x < a + 1.0) {
    const double p = gamma_p_series(a, x);
    return {p, 1.0 - p};
  }
  const double q = gamma_q_fraction(a, x);
  return {1.0 - q, q};
}

double chi_quantile(double d, double p) {
  if (!(d >= 1.0) || !std::isfinite(d))
    throw std::out_of_range("chi_quantile: d = " + number_text(d) + " must be >= 1");
  if (!(p > 0.0 && p < 1.0)) throw std::out_of_range("chi_quantile: p = " + number_text(p) + " must be in (0, 1)");
  return std::sqrt(2.0 * inverse_gamma_p(0.5 * d, p));
}

double log_hyp1f1_orthogonal(double d, double u) {
  if (u == 0.0) return 0.0;
  return log_positive_series(u + 10.0 * std::sqrt(u) + 60.0,
                             [&](int n) { return std::log((d + n) * u / ((0.5 * d + n) * (n + 1.0))); });
}

double orthogonal_rho(double d, double u) { return std::exp(log_hyp1f1_orthogonal(d, u) - 2.0 * u); }

double hyp1f1_orthogonal_negative(double d, double v) {
  double term = std::exp(-v);
  if (term == 0.0) return 0.0;
  // Past the Poisson-like bulk the terms are below exp(-v) v^n / n!, negligible beyond n > v + 10 sqrt(v) + 60.
  const double past = v + 10.0 * std::sqrt(v) + 60.0;
  double sum = term;
  for (int n = 0; n <= past && term != 0.0; ++n) {
    term *= (n - 0.5 * d) * v / ((0.5 * d + n) * (n + 1.0));
    sum += term;
  }
  return sum;
}

double log_hyp0f1(double b, double x) {
  if (x == 0.0) return 0.0;
  // The terms x^n / ((b)_n n!) peak near n = sqrt(x).
  return log_positive_series(2.0 * std::sqrt(x) + 60.0, [&](int n) { return std::log(x / ((b + n) * (n + 1.0))); });
}

}  // namespace mathlets
