// The scale rules (section 2.1), the annealed approximation and the scale that holds it fixed
// (section 2.6), and the Laplace constants of the sphere model (R5).
#include "entropy_detail.hpp"
#include "mathlets/entropy.hpp"
#include "mathlets/logsumexp.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace mathlets {
namespace {

constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kMaxSphereTilt = 1e4;

void check_length(const char* fn, double n) { detail::check_range(fn, "n", n, 1.0, kMax, ">= 1 and finite"); }

void check_head(const char* fn, double d, KeyDistribution model) {
  if (model == KeyDistribution::sphere)
    detail::check_range(fn, "d", d, 3.0, kMaxEntropyHeadSize, "in [3, 4096] for sphere keys");
  else detail::check_range(fn, "d", d, 1e-300, kMax, "> 0 and finite");
}

// The sphere model's annealed entropy minus log n: log MGF - a cbar by the trapezoid rule over
// theta_j = pi j / M in the log domain (the integrand is smooth and periodic: exponential convergence).
double sphere_offset(double d, double lambda) {
  constexpr int kM = 512;
  const double a = lambda * d;
  std::vector<double> tilted(kM - 1), plain(kM - 1), cosines(kM - 1);
  for (int j = 1; j < kM; ++j) {
    const double theta = std::numbers::pi * j / kM;
    plain[j - 1] = (d - 2) * std::log(std::sin(theta));
    cosines[j - 1] = std::cos(theta);
    tilted[j - 1] = plain[j - 1] + a * cosines[j - 1];
  }
  const double lse = logsumexp(tilted);
  double weighted = 0, total = 0;
  for (int j = 0; j < kM - 1; ++j) {
    const double w = std::exp(tilted[j] - lse);
    weighted += w * cosines[j];
    total += w;
  }
  return lse - logsumexp(plain) - a * (weighted / total);
}

}  // namespace

double log_base(double n, double base) { return std::log(n) / std::log(base); }

Annealed annealed_entropy(double n, double d, double lambda, KeyDistribution model) {
  const char* fn = "annealed_entropy";
  check_length(fn, n);
  check_head(fn, d, model);
  detail::check_range(fn, "lambda", lambda, 0.0, kMax, ">= 0 and finite");
  Annealed r;
  if (model == KeyDistribution::gaussian) {
    const double sigma2 = lambda * lambda * d;
    r.entropy = std::log(n) - sigma2 / 2;
    r.unreliable = r.entropy < 0.5 || sigma2 - std::log(n) > std::log(0.05);
  } else {
    // M = 512 resolves the tilted peak (width about 1 / sqrt(lambda d)) only while lambda d <= 1e4.
    detail::check_range(fn, "lambda d", lambda * d, 0.0, kMaxSphereTilt, "<= 1e4 for sphere keys");
    r.entropy = std::log(n) + sphere_offset(d, lambda);
    r.unreliable = r.entropy < 0.5;
  }
  return r;
}

Scale invariant_scale(double n, double d, double target, KeyDistribution model) {
  const char* fn = "invariant_scale";
  check_length(fn, n);
  check_head(fn, d, model);
  detail::check_finite_number(fn, "target", target);
  const double ln = std::log(n);
  if (ln <= target) return {0.0, true};
  if (model == KeyDistribution::gaussian) {
    const double lambda = std::sqrt(2 * (ln - target) / d);
    if (!std::isfinite(lambda))
      throw std::out_of_range("invariant_scale: the scale for target " + number_text(target) +
                              " at d = " + number_text(d) + " overflows; target must be closer to log n or d larger");
    return {lambda, false};
  }
  // The sphere offset falls strictly in lambda: double to a bracket, then bisect.
  const auto excess = [&](double lambda) { return ln + sphere_offset(d, lambda) - target; };
  double lo = 0, hi = 1;
  while (excess(hi) > 0) {
    lo = hi;
    hi *= 2;
    if (hi * d > kMaxSphereTilt)
      throw std::out_of_range("invariant_scale: target = " + number_text(target) +
                              " is below every annealed entropy with lambda d <= 1e4 (the sphere quadrature's range)");
  }
  while (hi - lo > 1e-13 * hi) {
    const double mid = 0.5 * (lo + hi);
    if (excess(mid) > 0) lo = mid;
    else hi = mid;
  }
  return {0.5 * (lo + hi), false};
}

Scale attention_scale(ScaleMode mode, double n, double d, const ScaleOptions& o) {
  const char* fn = "attention_scale";
  check_length(fn, n);
  detail::check_range(fn, "d", d, 1.0, kMax, ">= 1 and finite");
  detail::check_range(fn, "base", o.base, 2.0, kMax, ">= 2 and finite");
  detail::check_range(fn, "gain", o.gain, 1e-300, kMax, "> 0 and finite");
  const double standard = o.gain / std::sqrt(d);
  switch (mode) {
    case ScaleMode::standard: return {standard, false};
    case ScaleMode::logn: return {standard * log_base(n, o.base), false};
    case ScaleMode::logn_clipped: return {standard * std::max(1.0, log_base(n, o.base)), false};
    case ScaleMode::chiang: return {standard * std::log(n), false};
    case ScaleMode::annealed_invariant:
      return invariant_scale(n, d, annealed_entropy(o.base, d, standard, o.model).entropy, o.model);
  }
  throw std::invalid_argument("attention_scale: unknown mode");
}

SphereTilt sphere_tilt(double lambda) {
  detail::check_range("sphere_tilt", "lambda", lambda, 0.0, kMax, ">= 0 and finite");
  SphereTilt t;
  if (lambda == 0) return {0, std::numbers::pi / 2, 0, 0};  // -0 too: 1 / (2 lambda) would be -inf
  // c* = (sqrt(1 + 4 lambda^2) - 1) / (2 lambda) = 1 / (h + u) with u = 1 / (2 lambda), h = sqrt(1 + u^2),
  // and near c* = 1, 1 - c* = (u + u^2 / (h + 1)) / (h + u): no cancellation, no overflow at either end.
  const double u = 0.5 / lambda, h = std::hypot(u, 1.0);
  t.c_star = 1 / (h + u);
  t.theta_star = std::acos(t.c_star);
  t.g = t.c_star < 0.5 ? -0.5 * std::log1p(-t.c_star * t.c_star)
                       : -0.5 * std::log((u + u * u / (h + 1)) / (h + u) * (1 + t.c_star));
  t.peak = lambda * t.c_star - t.g;
  return t;
}

}  // namespace mathlets
