// The JL experiment (section 2.8): distortions of pairwise squared distances under a seeded Gaussian
// projection, and the per-pair failure bounds (simple, Chernoff, exact chi-square) with the k each
// one asks for.
#include "entropy_detail.hpp"
#include "mathlets/entropy.hpp"
#include "mathlets/gaussian_stream.hpp"
#include "mathlets/performer_special.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {

Eigen::MatrixXd jl_projection_matrix(int k, int m, std::uint64_t seed) {
  const char* fn = "jl_projection_matrix";
  detail::check_range(fn, "k", k, 1, kMaxEntropyHeadSize, "in [1, 4096]");
  detail::check_range(fn, "m", m, 1, kMaxEntropyHeadSize, "in [1, 4096]");
  Eigen::MatrixXd a(k, m);
  GaussianStream stream(seed);
  const double scale = 1 / std::sqrt(static_cast<double>(k));
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < m; ++j) a(i, j) = stream.next() * scale;
  return a;
}

JlDistortion jl_projection_distortion(const Eigen::MatrixXd& x0, int k, std::uint64_t seed, double eps) {
  const char* fn = "jl_projection_distortion";
  if (x0.rows() < 2)
    throw std::invalid_argument("jl_projection_distortion: X needs at least 2 rows (got " + std::to_string(x0.rows()) +
                                ")");
  if (x0.cols() < 1) throw std::invalid_argument("jl_projection_distortion: X has no columns");
  if (!x0.allFinite()) throw std::invalid_argument("jl_projection_distortion: X has a NaN or infinite entry");
  detail::check_range(fn, "eps", eps, 1e-300, std::numeric_limits<double>::max(), "> 0 and finite");
  detail::check_range(fn, "k", k, 1, kMaxEntropyHeadSize, "in [1, 4096]");
  const double n = static_cast<double>(x0.rows()), m = static_cast<double>(x0.cols());
  const double work = n * m * k + n * n / 2 * (k + m);
  if (work > kMaxEntropyWork)
    throw std::out_of_range("jl_projection_distortion: " + number_text(n) + " points in " + number_text(m) +
                            " dimensions projected to " + std::to_string(k) + " need " + number_text(work) +
                            " operations; the limit is 1.5e8");
  // A power-of-two scale (exact, and ratios do not depend on it) keeps squared distances in range.
  // (ldexp on each entry: 2^-ilogb(top) itself overflows for subnormal input.)
  const double top = x0.cwiseAbs().maxCoeff();
  const int e = top > 0 ? std::ilogb(top) : 0;
  // Row-major, as the pair loop reads rows.
  const detail::RowMajorMatrix x = x0.unaryExpr([e](double v) { return std::ldexp(v, -e); });
  const Eigen::MatrixXd a = jl_projection_matrix(k, static_cast<int>(x.cols()), seed);
  const detail::RowMajorMatrix y = detail::products(x, a);

  JlDistortion r;
  bool unit = true;
  for (Eigen::Index i = 0; i < x0.rows(); ++i) unit = unit && std::fabs(x0.row(i).squaredNorm() - 1) <= 1e-12;
  r.inner_product_deviation = unit ? 0.0 : NAN;
  const Eigen::VectorXd norms = x.rowwise().squaredNorm();
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = i + 1; j < x.rows(); ++j) {
      const double dx = (x.row(i) - x.row(j)).squaredNorm();
      if (unit) {
        const double inner = std::ldexp(x.row(i).dot(x.row(j)), 2 * e);
        const double projected = std::ldexp(y.row(i).dot(y.row(j)), 2 * e);
        r.inner_product_deviation = std::max(r.inner_product_deviation, std::fabs(projected - inner));
      }
      if (dx == 0) {
        ++r.duplicates;
        continue;
      }
      if (dx < 1e-12 * std::max(norms(i), norms(j))) ++r.near_duplicates;
      r.ratios.push_back((y.row(i) - y.row(j)).squaredNorm() / dx);
    }
  const detail::Summary s = detail::summarize(r.ratios);
  detail::copy_quantiles(r, s);
  r.min = s.min;
  r.max = s.max;
  r.max_deviation = r.ratios.empty() ? NAN : 0.0;
  double within = 0;
  for (const double rho : r.ratios) {
    r.max_deviation = std::max(r.max_deviation, std::fabs(rho - 1));
    within += std::fabs(rho - 1) <= eps ? 1 : 0;
  }
  r.within_eps = r.ratios.empty() ? NAN : within / static_cast<double>(r.ratios.size());
  return r;
}

namespace {

void check_eps(const char* fn, double eps) {
  detail::check_range(fn, "eps", eps, 1e-3, std::nextafter(1.0, 0.0), "in [0.001, 1)");
}

double simple_bound(double k, double eps) { return 2 * std::exp(-eps * eps * k / 8); }

double chernoff_bound(double k, double eps) {
  return std::exp(k * (std::log1p(eps) - eps) / 2) + std::exp(k * (std::log1p(-eps) + eps) / 2);
}

// The smallest whole k in [1, hi] with bound(k) <= limit, for a bound falling in k (bound(hi) <= limit).
template <class Bound>
double smallest_k(double hi, double limit, Bound bound) {
  double lo = 0;  // bound(lo) > limit, or lo = 0
  while (hi - lo > 1) {
    const double mid = std::floor((lo + hi) / 2);
    if (bound(mid) <= limit) hi = mid;
    else lo = mid;
  }
  return hi;
}

}  // namespace

double chi2_deviation_probability(double k, double eps) {
  const char* fn = "chi2_deviation_probability";
  detail::check_range(fn, "k", k, 1.0, 1e9, "in [1, 1e9]");
  check_eps(fn, eps);
  const double a = k / 2;
  return regularized_gamma(a, a * (1 + eps)).q + regularized_gamma(a, a * (1 - eps)).p;
}

JlBounds jl_bounds(double n_points, double eps, double k) {
  const char* fn = "jl_bounds";
  detail::check_range(fn, "N", n_points, 2.0, 1e15, "in [2, 1e15]");
  check_eps(fn, eps);
  detail::check_range(fn, "k", k, 1.0, 1e9, "in [1, 1e9]");
  const double log_n = std::log(n_points);
  JlBounds b;
  b.k24 = std::ceil(24 * log_n / (eps * eps));
  b.k16 = std::ceil(16 * log_n / (eps * eps));
  b.simple = simple_bound(k, eps);
  b.chernoff = chernoff_bound(k, eps);
  b.exact = chi2_deviation_probability(k, eps);
  // binom(N, 2) P <= 1 / N, i.e. P <= 2 / (N^2 (N - 1)).
  const double limit = 2 / (n_points * n_points * (n_points - 1));
  b.k_simple = std::ceil(8 * std::log(2 / limit) / (eps * eps));
  while (b.k_simple > 1 && simple_bound(b.k_simple - 1, eps) <= limit) --b.k_simple;  // rounding of the ceil
  while (simple_bound(b.k_simple, eps) > limit) ++b.k_simple;
  b.k_chernoff = smallest_k(b.k_simple, limit, [&](double kk) { return chernoff_bound(kk, eps); });
  b.k_exact = smallest_k(b.k_chernoff, limit, [&](double kk) {
    const double a = kk / 2;
    return regularized_gamma(a, a * (1 + eps)).q + regularized_gamma(a, a * (1 - eps)).p;
  });
  b.rule8 = 8 * log_n;
  b.rule833 = 8.33 * log_n;
  b.rule_entropy = 2 * log_n / sphere_tilt(1).g;
  return b;
}

}  // namespace mathlets
