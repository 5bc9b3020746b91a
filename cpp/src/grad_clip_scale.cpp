// The model-size side of the article (C6-C7): the inverse normal CDF, the deterministic quantile
// "Gaussian" gradient of section 6.4, and the sweep of ||g||_1, cos(sign g, g) and the learning rate that
// keeps eta ||g||_1 fixed as N grows.
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "grad_clip_detail.hpp"
#include "mathlets/grad_clip.hpp"

namespace mathlets {

namespace {

void rescale(std::vector<double>& g, double norm) {
  const double current = l2_norm(g);
  if (current > 0)
    for (double& v : g) v *= norm / current;
}

std::vector<double> draw(std::size_t n, const ScaleSweepOptions& o, clip_detail::SplitMix64& rng) {
  std::vector<double> g(n, 0.0);
  switch (o.law) {
    case ComponentLaw::gaussian_quantiles: return gaussian_quantile_vector(n, 1.0);
    case ComponentLaw::gaussian:
      for (double& v : g) v = rng.normal();
      break;
    case ComponentLaw::uniform:
      for (double& v : g) v = 2 * rng.uniform() - 1;
      break;
    case ComponentLaw::laplace:
      for (double& v : g) {
        const double u = rng.uniform() - 0.5;  // inverse CDF
        v = -std::copysign(std::log1p(-2 * std::fabs(u)), u);
      }
      break;
    case ComponentLaw::sparse: {
      bool any = false;
      for (double& v : g)
        if (rng.uniform() < o.density) {
          v = rng.normal();
          any = true;
        }
      if (!any && n > 0) g[0] = rng.normal();  // keep the norm nonzero
      break;
    }
  }
  return g;
}

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) throw std::out_of_range("normal_quantile: p = " + number_text(p) + " must lie in (0, 1)");
  if (p == 0.5) return 0.0;
  if (p > 0.5) return -normal_quantile(1 - p);  // 1 - p is exact for p >= 1/2
  // Abramowitz-Stegun 26.2.23 (error < 4.5e-4), then two Halley steps on Phi(x) = p: each cubes the
  // error, so the second lands within about 2 ulps of the root (tests/cpp/grad_clip_test.cpp checks it
  // against long double; a third and fourth step changed nothing but the cost of the sweep).
  // The residual Phi(x) - p: from erfc in the lower tail, where it is accurate relative to p; near the
  // middle as erf(x / sqrt 2) / 2 - (p - 1/2), whose subtraction is exact for p >= 1/4 (Sterbenz),
  // since there Phi(x) - p by erfc cancels to the absolute rounding of 1/2 and cost x up to 5000 ulps.
  const double t = std::sqrt(-2 * std::log(p));
  double x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  const bool middle = p >= 0.25;
  for (int it = 0; it < 2; ++it) {
    const double e =
        middle ? 0.5 * std::erf(x / std::numbers::sqrt2) - (p - 0.5) : 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
    // e / phi(x); for subnormal p (x < -37.7) exp(x^2 / 2) overflows while e * it does not: split it.
    const double g = 0.5 * x * x;
    const double u = g < 700 ? e * std::sqrt(2 * std::numbers::pi) * std::exp(g)
                             : e * std::exp(0.5 * g) * std::exp(0.5 * g) * std::sqrt(2 * std::numbers::pi);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

std::vector<double> gaussian_quantile_vector(std::size_t n, double norm) {
  if (!(norm >= 0) || !std::isfinite(norm))
    throw std::invalid_argument("gaussian_quantile_vector: norm = " + number_text(norm) + " must be finite and >= 0");
  std::vector<double> g(n);
  const double dn = static_cast<double>(n);
  for (std::size_t i = 0; i < n / 2; ++i) {  // antisymmetric: compute the lower half only
    g[i] = normal_quantile((static_cast<double>(i) + 0.5) / dn);
    g[n - 1 - i] = -g[i];
  }
  if (n % 2) g[n / 2] = 0.0;
  rescale(g, norm);
  return g;
}

std::vector<ScaleSweepRow> adam_scale_sweep(std::span<const std::size_t> sizes, const ScaleSweepOptions& o) {
  const char* routine = "adam_scale_sweep";
  if (!(o.norm > 0) || !std::isfinite(o.norm))
    throw std::invalid_argument(std::string(routine) + ": norm = " + number_text(o.norm) + " must be finite and > 0");
  if (!(o.target_change > 0))
    throw std::invalid_argument(std::string(routine) + ": target_change = " + number_text(o.target_change) +
                                " must be > 0");
  if (!(o.density > 0 && o.density <= 1))
    throw std::invalid_argument(std::string(routine) + ": density = " + number_text(o.density) + " must lie in (0, 1]");
  clip_detail::SplitMix64 rng(o.seed);
  std::vector<ScaleSweepRow> rows;
  for (std::size_t n : sizes) {
    if (n == 0) throw std::invalid_argument(std::string(routine) + ": sizes must be >= 1");
    std::vector<double> g = draw(n, o, rng);
    rescale(g, o.norm);
    ScaleSweepRow r;
    r.n = n;
    r.l1 = clip_detail::pairwise_abs_sum(g.data(), n);
    r.l2 = l2_norm(g);
    for (double v : g) r.nonzero += v != 0;
    r.cosine = r.l1 / (std::sqrt(static_cast<double>(r.nonzero)) * r.l2);
    r.lr = o.target_change / r.l1;
    r.sqrt_n = std::sqrt(static_cast<double>(n));
    rows.push_back(r);
  }
  return rows;
}

}  // namespace mathlets
