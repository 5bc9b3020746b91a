// The model-size side of the article (C6-C7): the inverse normal CDF, the deterministic quantile
// "Gaussian" gradient of section 6.4, and the sweep of ||g||_1, cos(sign g, g) and the learning rate that
// keeps eta ||g||_1 fixed as N grows.
#include <cmath>
#include <cstddef>
#include <limits>
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

// Wichura's rational approximations of Phi^-1 (Algorithm AS 241, Applied Statistics 37, 1988), relative
// error about 1e-16: in q = p - 1/2 near the middle, in r = sqrt(-log p) - 1.6 and r - 5 in the tail.
constexpr double middle_num[] = {3.3871328727963666080,   1.3314166789178437745e2, 1.9715909503065514427e3,
                                 1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
                                 3.3430575583588128105e4, 2.5090809287301226727e3};
constexpr double middle_den[] = {1.0,
                                 4.2313330701600911252e1,
                                 6.8718700749205790830e2,
                                 5.3941960214247511077e3,
                                 2.1213794301586595867e4,
                                 3.9307895800092710610e4,
                                 2.8729085735721942674e4,
                                 5.2264952788528545610e3};
constexpr double tail_num[] = {1.42343711074968357734,    4.63033784615654529590,   5.76949722146069140550,
                               3.64784832476320460504,    1.27045825245236838258,   2.41780725177450611770e-1,
                               2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double tail_den[] = {1.0,
                               2.05319162663775882187,
                               1.67638483018380384940,
                               6.89767334985100004550e-1,
                               1.48103976427480074590e-1,
                               1.51986665636164571966e-2,
                               5.47593808499534494600e-4,
                               1.05075007164441684324e-9};
constexpr double far_num[] = {6.65790464350110377720,    5.46378491116411436990,    1.78482653991729133580,
                              2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double far_den[] = {1.0,
                              5.99832206555887937690e-1,
                              1.36929880922735805310e-1,
                              1.48753612908506148525e-2,
                              7.86869131145613259100e-4,
                              1.84631831751005468180e-5,
                              1.42151175831644588870e-7,
                              2.04426310338993978564e-15};

template <std::size_t N>
double horner(const double (&c)[N], double x) {
  double v = c[N - 1];
  for (std::size_t i = N - 1; i-- > 0;) v = v * x + c[i];
  return v;
}

// Phi^-1(p) for 0 < p < 1/2 by AS 241 (a few ulps).
double wichura_lower(double p) {
  const double q = p - 0.5;  // exact for p >= 1/4
  if (q >= -0.425) {
    const double r = 0.180625 - q * q;
    return q * horner(middle_num, r) / horner(middle_den, r);
  }
  const double r = std::sqrt(-std::log(p));
  return r <= 5 ? -horner(tail_num, r - 1.6) / horner(tail_den, r - 1.6)
                : -horner(far_num, r - 5) / horner(far_den, r - 5);
}

// Newton on log Phi(x) = log p for subnormal p (x below -37.5), where Phi(x) itself is a subnormal
// with few bits and a step on Phi(x) = p moved x by up to 3e-4. There the asymptotic series
// Phi(x) = phi(x) / |x| * (1 - 1/x^2 + 3/x^4 - 15/x^6 + ...) converges fast (1/x^2 < 7.2e-4; nine
// terms leave less than 1e-20), and log Phi(x) is computed without underflow.
double lower_tail_by_logs(double p, double x) {
  const double log_p = std::log(p);
  for (int it = 0; it < 3; ++it) {
    const double y = 1 / (x * x);
    double series = 1, term = 1;
    for (int k = 1; k <= 8; ++k) {
      term *= -(2 * k - 1) * y;
      series += term;
    }
    const double log_phi = -0.5 * x * x - std::log(std::sqrt(2 * std::numbers::pi) * -x) + std::log(series);
    x += (log_phi - log_p) * series / x;  // (d/dx log Phi)^-1 = Phi / phi = series / |x|
  }
  return x;
}

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) throw std::out_of_range("normal_quantile: p = " + number_text(p) + " must lie in (0, 1)");
  if (p == 0.5) return 0.0;
  if (p > 0.5) return -normal_quantile(1 - p);  // 1 - p is exact for p >= 1/2
  // AS 241 is within about 4 ulps; one Halley step on Phi(x) = p brings it within 2 of the root
  // (tests/cpp/grad_clip_test.cpp checks it against long double). It replaced four steps from a
  // 4.5e-4 start (Abramowitz-Stegun 26.2.23), a quarter of the cost of the Gaussian-quantile sweep.
  // The residual Phi(x) - p: from erfc in the lower tail, where it is accurate relative to p; near the
  // middle as erf(x / sqrt 2) / 2 - (p - 1/2), whose subtraction is exact for p >= 1/4 (Sterbenz),
  // since there Phi(x) - p by erfc cancels to the absolute rounding of 1/2 and cost x up to 5000 ulps.
  double x = wichura_lower(p);
  if (p < std::numeric_limits<double>::min()) return lower_tail_by_logs(p, x);
  const double e =
      p >= 0.25 ? 0.5 * std::erf(x / std::numbers::sqrt2) - (p - 0.5) : 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  // e / phi(x); near the smallest normal p exp(x^2 / 2) overflows while e * it does not: split it.
  const double g = 0.5 * x * x;
  const double u = g < 700 ? e * std::sqrt(2 * std::numbers::pi) * std::exp(g)
                           : e * std::exp(0.5 * g) * std::exp(0.5 * g) * std::sqrt(2 * std::numbers::pi);
  x -= u / (1 + 0.5 * x * u);
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
