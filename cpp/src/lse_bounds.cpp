// The demo bundle of ../shared/math/logsumexp.md section 3.5: lse_tau with every bound of R1-R8,
// each with its value and its slack on the given input.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "mathlets/logsumexp.hpp"
#include "number_text.hpp"

namespace mathlets {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// tau * h, with the limit 0 when h = 0 and tau = +inf (e.g. tau log n at n = 1, or H(p) of a one-hot p):
// the bound then does not depend on tau at all.
double tau_times(double tau, double h) { return h == 0 ? 0.0 : tau * h; }

// Rounding scale of one call: the bounds and lse are sums of terms of these sizes, so their rounding
// errors are relative to the largest, not to the (possibly cancelled) results.
struct Scale {
  double magnitude;
  // small <= large up to a relative 1e-12 of the scale.
  bool within(double small, double large) const {
    if (small <= large) return true;  // also every case with an infinite side that holds
    // An infinite side that does not hold is a violation; the tolerance below takes only finite sizes, so
    // it cannot become -inf + inf (an entry -inf made softmin = x_min = -inf and the test NaN, "violated").
    if (!std::isfinite(small) || !std::isfinite(large)) return false;
    const double scale = std::max({std::isfinite(magnitude) ? magnitude : 0.0, std::fabs(small), std::fabs(large)});
    // + a few denorm_min: subnormal values round absolutely (x = (-4.9e-324, 0) at tau = 4.9e-324 gives
    // lse 0 but x_mean + tau log 2 = 4.9e-324, and a relative 1e-12 of that is 0).
    return small <= large + 1e-12 * scale + 4 * std::numeric_limits<double>::denorm_min();
  }
};

// slack 0 when both sides are the same value (infinities included), else their distance.
double gap(double a, double b) { return a == b ? 0.0 : std::fabs(a - b); }

Bound lower_bound(double value, double lse, const Scale& s) { return {value, gap(lse, value), s.within(value, lse)}; }
Bound upper_bound(double value, double lse, const Scale& s) { return {value, gap(value, lse), s.within(lse, value)}; }

void check_options(std::span<const double> x, const LseBoundsInput& in) {
  if (x.empty()) throw std::invalid_argument("lse_bounds: x is empty");
  if (!(in.tau > 0)) throw std::invalid_argument("lse_bounds: tau must be positive, got " + number_text(in.tau));
  if (!(in.t >= 1))
    throw std::invalid_argument("lse_bounds: t must be >= 1 (the Holder order), got " + number_text(in.t));
  if (!(in.mix >= 0 && in.mix <= 1))
    throw std::invalid_argument("lse_bounds: mix must be in [0, 1], got " + number_text(in.mix));
  if (!in.p.empty()) check_probability_vector(in.p, x.size(), "lse_bounds", "p");
  if (!in.y.empty() && in.y.size() != x.size()) {
    throw std::invalid_argument("lse_bounds: y has " + std::to_string(in.y.size()) + " entries but x has " +
                                std::to_string(x.size()));
  }
}

// max, min and mean of x (all NaN when some entry is NaN; the mean alone is NaN for +inf and -inf
// together). The mean sums x_i / n: a sum of 1e308s would overflow.
void describe(std::span<const double> x, LseBounds& b) {
  const auto n = static_cast<double>(x.size());
  b.x_max = -INFINITY;
  b.x_min = INFINITY;
  b.x_mean = 0;
  bool nan = false;
  for (double v : x) {
    nan = nan || std::isnan(v);
    b.x_max = std::max(b.x_max, v);
    b.x_min = std::min(b.x_min, v);
    b.x_mean += v / n;
  }
  if (nan) b.x_max = b.x_min = b.x_mean = kNaN;
  b.ties = static_cast<std::size_t>(std::count(x.begin(), x.end(), b.x_max));
}

double largest_finite_magnitude(std::span<const double> x) {
  double m = 0;
  for (double v : x) {
    if (std::isfinite(v)) m = std::max(m, std::fabs(v));
  }
  return m;
}

// The weights to use: uniform by default, else p renormalised to sum exactly 1.
std::vector<double> weights(std::size_t n, const std::vector<double>& p) {
  if (p.empty()) return std::vector<double>(n, 1.0 / static_cast<double>(n));
  double s = 0;
  for (double v : p) s += v;
  std::vector<double> q(p);
  for (double& v : q) v /= s;
  return q;
}

// sum p_i x_i over p_i > 0 (a zero weight ignores even an infinite x_i).
double weighted_mean(std::span<const double> p, std::span<const double> x) {
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (p[i] > 0) s += p[i] * x[i];
  }
  return s;
}

// KL(p || softmax(x/tau)) = sum p_i (log p_i - log s_i), with log s_i = (x_i - m)/tau - log sum_j
// exp((x_j - m)/tau) for finite x and tau: never the log of an underflowed s_i.
double kl_finite(std::span<const double> p, std::span<const double> x, double m, double tau) {
  double z = 0;
  for (double v : x) z += std::exp((v - m) / tau);
  const double log_z = std::log(z);
  double kl = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (p[i] > 0) kl += p[i] * (std::log(p[i]) - ((x[i] - m) / tau - log_z));
  }
  return std::max(kl, 0.0);  // >= 0 exactly; rounding may leave -1e-17
}

// The same from the softmax limits of the non-finite cases (+inf entries, tau = +inf): +inf when p puts
// weight where softmax has none, NaN when softmax is undefined.
double kl_limit(std::span<const double> p, std::span<const double> s) {
  double kl = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(s[i])) return kNaN;
    if (p[i] > 0) kl += s[i] > 0 ? p[i] * std::log(p[i] / s[i]) : INFINITY;
  }
  return std::max(kl, 0.0);
}

// mix * a + (1 - mix) * b, exactly a at mix = 1 and b at mix = 0 even when the other is infinite.
double blend(double mix, double a, double b) {
  if (mix == 1) return a;
  if (mix == 0) return b;
  return mix * a + (1 - mix) * b;
}

void pair_bounds(std::span<const double> x, const LseBoundsInput& in, LseBounds& b) {
  b.has_y = true;
  b.mix = in.mix;
  b.lse_y = logsumexp(std::span<const double>(in.y), in.tau);
  b.diff = b.lse - b.lse_y;
  b.diff_min = INFINITY;
  b.diff_max = -INFINITY;
  std::vector<double> mixed(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double d = x[i] - in.y[i];
    b.diff_min = std::isnan(d) ? d : std::min(b.diff_min, d);  // std::min would drop a NaN d
    b.diff_max = std::isnan(d) ? d : std::max(b.diff_max, d);
    mixed[i] = blend(in.mix, x[i], in.y[i]);
  }
  b.max_norm = std::max(std::fabs(b.diff_min), std::fabs(b.diff_max));
  // diff is a difference of two rounded values, so its error scales with them, not with diff itself
  // (tau = 1e171 makes both lse values 1e171 and their computed difference 0; found by the fuzzer).
  const double tol = 1e-12 * std::max({1.0, std::fabs(b.lse), std::fabs(b.lse_y)});
  const bool holds = b.diff_min - tol <= b.diff && b.diff <= b.diff_max + tol && std::fabs(b.diff) <= b.max_norm + tol;
  b.lipschitz = {b.max_norm, gap(b.max_norm, std::fabs(b.diff)), holds};
  b.chord = blend(in.mix, b.lse, b.lse_y);
  b.lse_mix = logsumexp(std::span<const double>(mixed), in.tau);
  const Scale scale{
      std::max({largest_finite_magnitude(x), largest_finite_magnitude(in.y), std::fabs(b.lse), std::fabs(b.lse_y)})};
  b.convexity = upper_bound(b.chord, b.lse_mix, scale);
}

void weighted_bounds(std::span<const double> x, const LseBoundsInput& in, const Scale& scale, LseBounds& b) {
  const double tau = in.tau;
  b.p = weights(x.size(), in.p);
  const double px = weighted_mean(b.p, x);
  const double shannon = shannon_entropy(b.p);
  b.cauchy_lower = lower_bound(px + tau_times(tau, renyi_entropy(b.p, 2.0)), b.lse, scale);
  b.holder_lower = lower_bound(px + tau_times(tau, renyi_entropy(b.p, in.t)), b.lse, scale);
  b.entropy_lower = lower_bound(px + tau_times(tau, shannon), b.lse, scale);
  const bool finite = std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
  if (finite && std::isfinite(tau)) {
    b.kl = kl_finite(b.p, x, b.x_max, tau);
    // tau KL exactly, rather than lse minus the bound (two close numbers), unless lse overflowed.
    if (std::isfinite(b.lse)) b.entropy_lower.slack = tau * b.kl;
  } else {
    b.kl = kl_limit(b.p, b.softmax);
  }
}

}  // namespace

LseBounds lse_bounds(std::span<const double> x, const LseBoundsInput& in) {
  check_options(x, in);
  const double tau = in.tau;
  const auto n = static_cast<double>(x.size());
  LseBounds b;
  b.n = x.size();
  b.t = in.t;
  b.lse = logsumexp(x, tau);
  describe(x, b);
  const double tau_log_n = tau_times(tau, std::log(n));
  const Scale scale{
      std::max({largest_finite_magnitude(x), std::fabs(b.lse), std::isfinite(tau_log_n) ? tau_log_n : 0.0})};

  b.max_lower = lower_bound(b.x_max, b.lse, scale);
  b.ties_lower = lower_bound(b.x_max + tau_times(tau, std::log(static_cast<double>(b.ties))), b.lse, scale);
  b.max_upper = upper_bound(b.x_max + tau_log_n, b.lse, scale);
  b.mean_lower = lower_bound(b.x_mean + tau_log_n, b.lse, scale);

  b.softmax.resize(x.size());
  softmax(x, tau, std::span<double>(b.softmax));
  b.entropy = shannon_entropy(b.softmax);  // NaN when softmax is undefined
  weighted_bounds(x, in, scale, b);

  std::vector<double> negated(x.size());
  std::transform(x.begin(), x.end(), negated.begin(), [](double v) { return -v; });
  b.softmin = -logsumexp(std::span<const double>(negated), tau);
  const Scale min_scale{std::max(scale.magnitude, std::fabs(b.softmin))};
  b.softmin_lower = lower_bound(b.x_min - tau_log_n, b.softmin, min_scale);  // x_min - tau log n <= softmin
  b.softmin_upper = upper_bound(b.x_min, b.softmin, min_scale);              // softmin <= x_min

  if (!in.y.empty()) pair_bounds(x, in, b);
  return b;
}

}  // namespace mathlets
