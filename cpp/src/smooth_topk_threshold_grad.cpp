// ThreTopK derivatives (J = (diag s - s s^T / 1^T s) / tau, O(n) products), the potential V_tau whose
// gradient ThreTopK is, and the article's 20-step bisection listing (kept for the demo).
#include <cmath>
#include <stdexcept>
#include <string>

#include "mathlets/smooth_topk.hpp"
#include "smooth_topk_detail.hpp"

namespace mathlets {

using topk_detail::kInf;
using topk_detail::kNaN;

std::vector<double> thretopk_vjp(const ThreTopK& result, double tau, std::span<const double> pbar) {
  topk_detail::check_tau("thretopk_vjp", tau);
  const std::size_t n = result.s.size();
  topk_detail::check_size("thretopk_vjp", "pbar", pbar.size(), n);
  if (std::isnan(result.sum_s) || topk_detail::has_nan(pbar)) return std::vector<double>(n, kNaN);
  std::vector<double> out(n, 0.0);
  if (!(result.sum_s > 0)) return out;  // sum s underflowed (or no free entry): J = 0
  // out_i = s_i sum_{j != i} s_j (pbar_i - pbar_j) / (sum s tau), from sums over the other entries: the form
  // s_i (pbar_i - s . pbar / sum s) cancelled when s_i dominates (absolute error eps s_i |pbar| where the
  // answer is ~ s_i (sum s - s_i) / sum s). pbar is normalised by a power of 2 against overflow.
  const int e2 = topk_detail::magnitude_exponent(pbar);
  std::vector<double> sp(n);
  for (std::size_t i = 0; i < n; ++i) sp[i] = result.s[i] * std::ldexp(pbar[i], -e2);
  const std::vector<double> s_others = topk_detail::sums_of_others(result.s),
                            sp_others = topk_detail::sums_of_others(sp);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = result.s[i] * ((s_others[i] * std::ldexp(pbar[i], -e2) - sp_others[i]) / result.sum_s);
  topk_detail::divide_by_tau("thretopk_vjp", "J^T pbar", out, tau, e2);
  return out;
}

std::vector<double> thretopk_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar,
                                 const ThreTopKOptions& options) {
  topk_detail::check_size("thretopk_vjp", "pbar", pbar.size(), x.size());
  return thretopk_vjp(thretopk(x, k, tau, options), tau, pbar);
}

std::vector<double> thretopk_jacobian(const ThreTopK& result, double tau) {
  topk_detail::check_tau("thretopk_jacobian", tau);
  const std::size_t n = result.s.size();
  std::vector<double> J(n * n, 0.0);
  if (std::isnan(result.sum_s)) return std::vector<double>(n * n, kNaN);
  if (!(result.sum_s > 0)) return J;
  // tau J_ii = s_i (sum_{j != i} s_j) / sum s (not s_i - s_i^2 / sum s, which cancelled when s_i dominates),
  // tau J_ij = -s_i (s_j / sum s) (s_i s_j underflowed where the quotient does not); then divided by tau.
  const std::vector<double> others = topk_detail::sums_of_others(result.s);
  for (std::size_t i = 0; i < n; ++i) {
    J[i * n + i] = result.s[i] * (others[i] / result.sum_s);
    for (std::size_t j = i + 1; j < n; ++j)  // one value for both halves: J stays exactly symmetric
      J[i * n + j] = J[j * n + i] = 0.0 - result.s[i] * (result.s[j] / result.sum_s);  // 0 - 0: +0, not -0
  }
  topk_detail::divide_by_tau("thretopk_jacobian", "the Jacobian's entries", J, tau);
  return J;
}

double thretopk_potential(std::span<const double> x, double k, double tau, ThresholdFn f) {
  const char* routine = "thretopk_potential";
  topk_detail::check_k(routine, k, x.size(), false);
  topk_detail::check_tau(routine, tau);
  if (topk_detail::has_nan(x)) return kNaN;
  std::vector<double> scratch(x.size());
  const topk_detail::FiniteProblem fp = topk_detail::split_infinite(x, k, scratch);
  if (k > 0 && fp.pos_inf > 0) return kInf;
  if (fp.deficit) return -kInf;
  if (fp.budget == 0) return 0.0;  // lambda -> +inf: every phi term -> 0
  double total = 0;
  if (fp.budget == static_cast<double>(fp.index.size())) {  // lambda -> -inf: phi(u) ~ u, the lambdas cancel
    for (double v : fp.value) total += v;
    return total;
  }
  ThreTopKOptions o;
  o.f = f;
  const ThreTopK t = thretopk(fp.value, fp.budget, tau, o);
  for (double v : fp.value) total += tau * threshold_phi(f, (v - t.lambda) / tau);
  return total + fp.budget * t.lambda;
}

ThreTopK thretopk_sigmoid_article_bisection(std::span<const double> x, double k, double tau, int steps) {
  const char* routine = "thretopk_sigmoid_article_bisection";
  topk_detail::check_k(routine, k, x.size(), false);
  topk_detail::check_tau(routine, tau);
  topk_detail::require_no_infinity(routine, x);
  if (steps < 1)
    throw std::invalid_argument(std::string(routine) + ": steps = " + std::to_string(steps) + " must be >= 1");
  ThreTopKOptions o;
  o.f = ThresholdFn::sigmoid;
  o.solver = ThresholdSolver::bisection;
  const double n = static_cast<double>(x.size());
  if (k == 0 || k == n || topk_detail::has_nan(x)) return thretopk(x, k, tau, o);  // trivial or all-NaN
  ThreTopK r;
  r.solver = ThresholdSolver::bisection;
  r.converged = false;  // stops on a step count, not a tolerance
  r.iterations = steps;
  double xmin = x[0], xmax = x[0];
  for (double v : x) {
    xmin = std::fmin(xmin, v);
    xmax = std::fmax(xmax, v);
  }
  const double c = tau * topk_detail::threshold_finv_ratio(ThresholdFn::sigmoid, k, n);
  double lo = xmin - c, hi = xmax - c, mid = 0;
  auto total = [&](double lam) {
    double s = 0;
    for (double v : x) s += threshold_f(ThresholdFn::sigmoid, (v - lam) / tau);
    return s;
  };
  for (int i = 0; i < steps; ++i) {
    mid = 0.5 * (lo + hi);
    if (total(mid) > k) lo = mid;
    else hi = mid;
  }
  r.lambda = mid;  // the listing returns sigma(x - mid) at its last probe, not the final bracket's midpoint
  r.p.resize(x.size());
  r.s.resize(x.size());
  r.dlambda_dx.assign(x.size(), 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    r.p[i] = threshold_f(ThresholdFn::sigmoid, (x[i] - mid) / tau);
    r.s[i] = threshold_df(ThresholdFn::sigmoid, (x[i] - mid) / tau);
    r.sum_s += r.s[i];
  }
  if (r.sum_s > 0)
    for (std::size_t i = 0; i < x.size(); ++i) r.dlambda_dx[i] = r.s[i] / r.sum_s;
  r.residual = thretopk_residual(x, k, tau, ThresholdFn::sigmoid, mid);
  return r;
}

}  // namespace mathlets
