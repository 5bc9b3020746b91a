// The demo bundle of ../shared/math/logsumexp.md section 3.5: lse_tau with every bound of R1-R8,
// each with its value and its slack on the given input.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "number_text.hpp"
#include <string>

#include "mathlets/logsumexp.hpp"

namespace mathlets {
namespace {


// Relative tolerance for `holds`: rounding in lse and in the bound itself.
bool within(double small, double large) {
  return small <= large + 1e-12 * std::max({1.0, std::fabs(small), std::fabs(large)});
}

// slack 0 when both sides are the same value (infinities included), else their distance.
double gap(double a, double b) { return a == b ? 0.0 : std::fabs(a - b); }

Bound lower_bound(double value, double lse) { return {value, gap(lse, value), within(value, lse)}; }
Bound upper_bound(double value, double lse) { return {value, gap(value, lse), within(lse, value)}; }

void check_options(std::span<const double> x, const LseBoundsInput& in) {
  if (x.empty()) throw std::invalid_argument("lse_bounds: x is empty");
  if (!(in.tau > 0)) throw std::invalid_argument("lse_bounds: tau must be positive, got " + number_text(in.tau));
  if (!(in.t >= 1)) throw std::invalid_argument("lse_bounds: t must be >= 1 (the Holder order), got " + number_text(in.t));
  if (!(in.mix >= 0 && in.mix <= 1)) throw std::invalid_argument("lse_bounds: mix must be in [0, 1], got " + number_text(in.mix));
  if (!in.p.empty()) check_probability_vector(in.p, x.size(), "lse_bounds", "p");
  if (!in.y.empty() && in.y.size() != x.size()) {
    throw std::invalid_argument("lse_bounds: y has " + std::to_string(in.y.size()) + " entries but x has " +
                                std::to_string(x.size()));
  }
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

// KL(p || softmax(x/tau)) with log s_i = (x_i - m)/tau - log sum_j exp((x_j - m)/tau): never the log
// of an underflowed probability. Valid for finite x.
double kl_to_softmax(std::span<const double> p, std::span<const double> x, double tau) {
  const double m = *std::max_element(x.begin(), x.end());
  double z = 0;
  for (double v : x) z += std::exp((v - m) / tau);
  const double log_z = std::log(z);
  double kl = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (p[i] > 0) kl += p[i] * (std::log(p[i]) - ((x[i] - m) / tau - log_z));
  }
  return std::max(kl, 0.0);
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
    b.diff_min = std::min(b.diff_min, d);
    b.diff_max = std::max(b.diff_max, d);
    mixed[i] = in.mix * x[i] + (1 - in.mix) * in.y[i];
  }
  b.max_norm = std::max(std::fabs(b.diff_min), std::fabs(b.diff_max));
  // diff is a difference of two rounded values, so its error scales with them, not with diff itself
  // (tau = 1e171 makes both lse values 1e171 and their computed difference 0; found by the fuzzer).
  const double tol = 1e-12 * std::max({1.0, std::fabs(b.lse), std::fabs(b.lse_y)});
  const bool holds = b.diff_min - tol <= b.diff && b.diff <= b.diff_max + tol && std::fabs(b.diff) <= b.max_norm + tol;
  b.lipschitz = {b.max_norm, gap(b.max_norm, std::fabs(b.diff)), holds};
  b.chord = in.mix * b.lse + (1 - in.mix) * b.lse_y;
  b.lse_mix = logsumexp(std::span<const double>(mixed), in.tau);
  b.convexity = upper_bound(b.chord, b.lse_mix);
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
  b.x_max = *std::max_element(x.begin(), x.end());
  b.x_min = *std::min_element(x.begin(), x.end());
  for (double v : x) b.x_mean += v / n;  // divide first: the sum of 1e308s would overflow
  b.ties = static_cast<std::size_t>(std::count(x.begin(), x.end(), b.x_max));

  b.max_lower = lower_bound(b.x_max, b.lse);
  b.ties_lower = lower_bound(b.x_max + tau * std::log(static_cast<double>(b.ties)), b.lse);
  b.max_upper = upper_bound(b.x_max + tau * std::log(n), b.lse);
  b.mean_lower = lower_bound(b.x_mean + tau * std::log(n), b.lse);

  b.p = weights(x.size(), in.p);
  const double px = weighted_mean(b.p, x);
  b.cauchy_lower = lower_bound(px + tau * renyi_entropy(b.p, 2.0), b.lse);
  b.holder_lower = lower_bound(px + tau * renyi_entropy(b.p, in.t), b.lse);
  b.entropy_lower = lower_bound(px + tau * shannon_entropy(b.p), b.lse);

  b.softmax.resize(x.size());
  softmax(x, tau, std::span<double>(b.softmax));
  b.entropy = std::isnan(b.lse) ? b.lse : shannon_entropy(b.softmax);
  const bool finite = std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
  if (finite && std::isfinite(tau)) {
    b.kl = kl_to_softmax(b.p, x, tau);
    b.entropy_lower.slack = tau * b.kl;  // exact, rather than a difference of two close numbers
  } else {
    b.kl = b.entropy_lower.slack / tau;
  }

  std::vector<double> negated(x.size());
  std::transform(x.begin(), x.end(), negated.begin(), [](double v) { return -v; });
  b.softmin = -logsumexp(std::span<const double>(negated), tau);
  b.softmin_lower = lower_bound(b.x_min - tau * std::log(n), b.softmin);  // x_min - tau log n <= softmin
  b.softmin_upper = upper_bound(b.x_min, b.softmin);  // softmin <= x_min

  if (!in.y.empty()) pair_bounds(x, in, b);
  return b;
}

}  // namespace mathlets
