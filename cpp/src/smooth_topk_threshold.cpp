// ThreTopK: the threshold lambda with sum_i f((x_i - lambda) / tau) = k, by the closed-form sorted scans
// (sections 2.3, 2.4) or by bracketed root finding with the accurate residual (section 2.2).
// All work is in z = (x - x_max) / tau units; lambda is reported as x_max + tau * lambda_z.
//
// The O(n) passes (the residual at every root-finding step, then f and f' for the output) need one
// exp per entry: every threshold function is a rational function of e = e^-|u|, so a block of
// arguments goes through the double-lane exp kernel (simd/exp_f64.hpp) and the terms follow from it.
// Measured at n = 1e5 (the benchmarks' input): see the numbers in smooth_topk.hpp.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "mathlets/smooth_topk.hpp"
#include "simd/exp_f64.hpp"
#include "smooth_topk_detail.hpp"

namespace mathlets {

namespace topk_detail {

namespace {

// f(u), f'(u) and, for u >= 0, the upper tail 1 - f(u) without cancellation, from e = e^-|u|.
struct ThresholdTerms {
  double f, df, tail;
};
inline ThresholdTerms terms_from_exp(ThresholdFn fn, double u, double e) {
  switch (fn) {
    case ThresholdFn::exp_clamped: return u >= 0 ? ThresholdTerms{1.0, 0.0, 0.0} : ThresholdTerms{e, e, 0.0};
    case ThresholdFn::sigmoid: {
      const double d = 1.0 + e;
      return u >= 0 ? ThresholdTerms{1.0 / d, e / (d * d), e / d} : ThresholdTerms{e / d, e / (d * d), 0.0};
    }
    case ThresholdFn::piecewise_exp:
      return u >= 0 ? ThresholdTerms{1.0 - 0.5 * e, 0.5 * e, 0.5 * e} : ThresholdTerms{0.5 * e, 0.5 * e, 0.0};
  }
  return {kNaN, kNaN, kNaN};
}

// Calls visit(i, u, terms) for u = z_i - lam, the exps of a block computed together.
template <class Visit>
void for_each_term(std::span<const double> z, double lam, ThresholdFn fn, Visit visit) {
  constexpr std::size_t kBlock = 256;
  double arg[kBlock], e[kBlock];
  for (std::size_t start = 0; start < z.size(); start += kBlock) {
    const std::size_t m = std::min(kBlock, z.size() - start);
    for (std::size_t j = 0; j < m; ++j) arg[j] = -std::fabs(z[start + j] - lam);
    simd::exp_nonpositive_f64(arg, m, e);
    for (std::size_t j = 0; j < m; ++j) {
      const double u = z[start + j] - lam;
      visit(start + j, u, terms_from_exp(fn, u, e[j]));
    }
  }
}

/** f and f' at u = z_i - lam for every entry, written to p[index[i]] and s[index[i]]. */
void threshold_outputs(std::span<const double> z, double lam, ThresholdFn f, std::span<const std::size_t> index,
                       std::span<double> p, std::span<double> s) {
  for_each_term(z, lam, f, [&](std::size_t i, double, ThresholdTerms t) {
    p[index[i]] = t.f;
    s[index[i]] = t.df;
  });
}

}  // namespace

double threshold_residual(std::span<const double> z, double k, ThresholdFn f, double lam, ResidualForm form,
                          double* dsum) {
  double ds = 0;
  double r;
  if (form == ResidualForm::naive) {
    double sum = 0;
    for_each_term(z, lam, f, [&](std::size_t, double, ThresholdTerms t) {
      sum += t.f;
      ds += t.df;
    });
    r = sum - k;
  } else {
    // Integer part exact; both sums add small non-negative terms.
    double count = 0, below = 0, above = 0;
    for_each_term(z, lam, f, [&](std::size_t, double u, ThresholdTerms t) {
      if (u >= 0) {
        count += 1;
        above += t.tail;
      } else {
        below += t.f;
      }
      ds += t.df;
    });
    r = (count - k) + below - above;
  }
  if (dsum) *dsum = ds;
  return r;
}

}  // namespace topk_detail

namespace {

using topk_detail::kInf;
using topk_detail::kNaN;
using topk_detail::log_add_exp;

// Entries sorted descending (values only); the closed forms need only the order statistics.
std::vector<double> sorted_desc(const std::vector<double>& z) {
  std::vector<double> s = z;
  std::sort(s.begin(), s.end(), std::greater<double>());
  return s;
}

// suffix[i] = lse(s[i..m-1]), suffix[m] = -inf.
std::vector<double> suffix_lse(const std::vector<double>& s) {
  std::vector<double> t(s.size() + 1, -kInf);
  for (std::size_t i = s.size(); i-- > 0;) t[i] = log_add_exp(t[i + 1], s[i]);
  return t;
}

// Picks the first candidate whose lambda lies in [s[m], s[m-1]] (s[-1] = +inf, s[n] = -inf); if rounding
// leaves none exactly inside, the candidate with the smallest violation.
template <class Candidate>
double scan(const std::vector<double>& s, std::size_t last_m, Candidate lambda_for) {
  double best = kNaN, best_violation = kInf;
  for (std::size_t m = 0; m <= last_m; ++m) {
    const double lam = lambda_for(m);
    const double upper = m == 0 ? kInf : s[m - 1];
    const double lower = m == s.size() ? -kInf : s[m];
    const double violation = std::max({lam - upper, lower - lam, 0.0});
    if (violation == 0) return lam;
    if (violation < best_violation) {
      best_violation = violation;
      best = lam;
    }
  }
  return best;
}

// f = min(1, e^u): m saturated entries, the rest a softmax of mass k - m: lambda = lse(s[m..]) - log(k - m).
double closed_form_exp(const std::vector<double>& z, double k) {
  const std::vector<double> s = sorted_desc(z);
  const std::vector<double> T = suffix_lse(s);
  const auto last = static_cast<std::size_t>(std::ceil(k)) - 1;
  return scan(s, last, [&](std::size_t m) { return T[m] - std::log(k - static_cast<double>(m)); });
}

// Piecewise f: the positive root of S1 u^2 + 2 a u - S2 = 0 (u = e^lambda, a = k - m) in log form,
// with the branch that avoids cancellation for each sign of a, including m = n.
double closed_form_piecewise(const std::vector<double>& z, double k) {
  const std::vector<double> s = sorted_desc(z);
  const std::size_t n = s.size();
  const std::vector<double> T = suffix_lse(s);  // log S2(m)
  std::vector<double> P(n + 1, -kInf);          // log S1(m) = lse(-s[0..m-1])
  for (std::size_t i = 0; i < n; ++i) P[i + 1] = log_add_exp(P[i], -s[i]);
  return scan(s, n, [&](std::size_t m) {
    const double a = k - static_cast<double>(m);
    if (m == 0) return T[0] - std::log(2 * k);
    if (m == n) return std::log(2 * (static_cast<double>(n) - k)) - P[n];
    if (a == 0) return 0.5 * (T[m] - P[m]);
    const double log_a = std::log(std::fabs(a));
    const double h = 0.5 * log_add_exp(2 * log_a, P[m] + T[m]);  // log sqrt(a^2 + S1 S2)
    return a > 0 ? T[m] - log_add_exp(log_a, h) : log_add_exp(h, log_a) - P[m];
  });
}

// Half-width of the window the solvers work in, in tau units around the anchor: gaps beyond it are clamped
// to +-kWindow. Every root the solvers can return lies within kWindow / 2 + O(log n) of the anchor (the
// nearest data point to the true root, or the middle of a gap wider than the window where every entry is
// saturated), so clamped entries keep f = 0 or 1 exactly (e^-8000 is far below the smallest double).
constexpr double kWindow = 16384.0;

// The accurate residual at lambda = t (x units), from the gaps (v_i - t) / tau: no absorption however far
// t is from 0 or from max v.
double residual_at(const std::vector<double>& v, double k, ThresholdFn f, double t, double tau,
                   std::vector<double>& g) {
  g.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    g[i] = std::clamp(topk_detail::scaled_gap(v[i], t, tau), -kWindow, kWindow);
  return topk_detail::threshold_residual(g, k, f, 0.0, ResidualForm::accurate, nullptr);
}

// The data point nearest the threshold, found in x units: the residual at lambda = s_j (s sorted descending)
// grows with j, so a binary search finds the segment s_j <= lambda <= s_{j-1}, and the residual at its middle
// tells which end is nearer. The solvers then work in gaps from this anchor. In z = (x - max x) / tau,
// once spread / tau passed 2^53 the O(1) offsets of the closed forms were absorbed (lambda landed on a data
// point and the scan accepted the wrong segment), and past the largest double z itself overflowed.
double threshold_anchor(const std::vector<double>& v, double k, ThresholdFn f, double tau) {
  std::vector<double> s = v, g;
  std::sort(s.begin(), s.end(), std::greater<double>());
  std::size_t lo = 0, hi = s.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (residual_at(v, k, f, s[mid], tau, g) >= 0) hi = mid;
    else lo = mid + 1;
  }
  if (lo == 0) return s.front();
  if (lo == s.size()) return s.back();
  const double middle = 0.5 * s[lo] + 0.5 * s[lo - 1];
  return residual_at(v, k, f, middle, tau, g) >= 0 ? s[lo - 1] : s[lo];
}

struct Root {
  double lambda = 0;
  int iterations = 0;
  bool converged = true;
};

double tolerance(double a, double b) {
  return std::max(1e-300, 4 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(a), std::fabs(b)));
}

// Safeguarded Newton or bisection on [z_min - f^-1(k/m), z_max - f^-1(k/m)] (section 2.2), stopping on a
// collapsed bracket, an exhausted midpoint, r = 0, or a Newton step below the tolerance.
Root find_root(const std::vector<double>& z, double k, const ThreTopKOptions& o, bool newton,
               std::vector<ThresholdStep>* trace, double xmax, double tau) {
  const double c = topk_detail::threshold_finv_ratio(o.f, k, static_cast<double>(z.size()));
  double lo = *std::min_element(z.begin(), z.end()) - c;
  double hi = *std::max_element(z.begin(), z.end()) - c;
  Root root;
  double lam = 0.5 * (lo + hi);
  if (hi - lo <= tolerance(lo, hi)) {
    root.lambda = lam;
    return root;
  }
  double prev_step = hi - lo;
  bool probe_is_newton = false;
  for (int it = 1; it <= o.max_iterations; ++it) {
    root.iterations = it;
    double ds = 0;
    const double r = topk_detail::threshold_residual(z, k, o.f, lam, o.residual, &ds);
    if (r > 0) lo = lam;
    else if (r < 0) hi = lam;
    if (trace) trace->push_back({xmax + tau * lo, xmax + tau * hi, xmax + tau * lam, r, probe_is_newton});
    if (r == 0 || hi - lo <= tolerance(lo, hi)) {
      root.lambda = lam;
      return root;
    }
    if (newton && ds > 0) {
      const double step = r / ds;  // lambda - r / r', with r' = -ds
      const double cand = lam + step;
      if (std::fabs(step) <= tolerance(lam, lam)) {
        root.lambda = cand;
        return root;
      }
      if (cand > lo && cand < hi && std::fabs(step) <= 0.5 * prev_step) {
        prev_step = std::fabs(step);
        lam = cand;
        probe_is_newton = true;
        continue;
      }
    }
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) {  // floating-point exhaustion
      root.lambda = lam;
      return root;
    }
    prev_step = std::fabs(mid - lam);
    lam = mid;
    probe_is_newton = false;
  }
  root.lambda = lam;
  root.converged = false;
  return root;
}

}  // namespace

ThreTopK thretopk(std::span<const double> x, double k, double tau, const ThreTopKOptions& options) {
  const char* routine = "thretopk";
  topk_detail::check_k(routine, k, x.size(), false);
  topk_detail::check_tau(routine, tau);
  if (options.max_iterations < 1)
    throw std::invalid_argument("thretopk: max_iterations = " + std::to_string(options.max_iterations) +
                                " must be >= 1");
  ThresholdSolver solver = options.solver;
  if (solver == ThresholdSolver::automatic)
    solver = options.f == ThresholdFn::sigmoid ? ThresholdSolver::newton : ThresholdSolver::closed_form;
  if (solver == ThresholdSolver::closed_form && options.f == ThresholdFn::sigmoid)
    throw std::invalid_argument("thretopk: the sigmoid has no closed-form threshold; use newton or bisection");

  const std::size_t n = x.size();
  ThreTopK r;
  r.solver = solver;
  r.p.assign(n, 0.0);
  r.s.assign(n, 0.0);
  r.dlambda_dx.assign(n, 0.0);
  if (topk_detail::has_nan(x)) {
    r.p.assign(n, kNaN);
    r.s.assign(n, kNaN);
    r.dlambda_dx.assign(n, kNaN);
    r.lambda = r.sum_s = r.residual = kNaN;
    return r;
  }
  const topk_detail::FiniteProblem fp = topk_detail::split_infinite(x, k, r.p);
  const std::size_t m = fp.index.size();
  if (fp.budget == 0) {
    r.lambda = kInf;
    return r;
  }
  if (fp.budget == static_cast<double>(m)) {
    for (std::size_t i : fp.index) r.p[i] = 1.0;
    r.lambda = -kInf;
    return r;
  }
  // z = gaps from the anchor, clamped to the window (an entry clamped there has f = 0 or 1 exactly at every
  // root the solvers return; -inf ends of the root bracket once made lambda -inf and p NaN).
  const double xmax = threshold_anchor(fp.value, fp.budget, options.f, tau);
  std::vector<double> z(m);
  for (std::size_t i = 0; i < m; ++i)
    z[i] = std::clamp(topk_detail::scaled_gap(fp.value[i], xmax, tau), -kWindow, kWindow);
  double lam = 0;
  if (solver == ThresholdSolver::closed_form) {
    lam = options.f == ThresholdFn::exp_clamped ? closed_form_exp(z, fp.budget) : closed_form_piecewise(z, fp.budget);
  } else {
    const Root root = find_root(z, fp.budget, options, solver == ThresholdSolver::newton,
                                options.record_trace ? &r.trace : nullptr, xmax, tau);
    lam = root.lambda;
    r.iterations = root.iterations;
    r.converged = root.converged;
  }
  r.lambda = xmax + tau * lam;
  topk_detail::threshold_outputs(z, lam, options.f, fp.index, r.p, r.s);
  r.sum_s = std::accumulate(r.s.begin(), r.s.end(), 0.0);
  if (r.sum_s > 0)
    for (std::size_t i = 0; i < n; ++i) r.dlambda_dx[i] = r.s[i] / r.sum_s;
  r.residual = topk_detail::threshold_residual(z, fp.budget, options.f, lam, ResidualForm::accurate, nullptr);
  return r;
}

double thretopk_residual(std::span<const double> x, double k, double tau, ThresholdFn f, double lambda,
                         ResidualForm form) {
  const char* routine = "thretopk_residual";
  topk_detail::check_k(routine, k, x.size(), false);
  topk_detail::check_tau(routine, tau);
  topk_detail::require_no_infinity(routine, x);
  if (topk_detail::has_nan(x) || std::isnan(lambda)) return kNaN;
  if (x.empty()) return -k;
  std::vector<double> z;
  if (std::isfinite(lambda)) {
    // Gaps from lambda itself (+-inf past the double range, where every f takes its limit): lambda - max x
    // absorbed the O(1) offsets once the spread passed 2^53 tau.
    z.resize(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = topk_detail::scaled_gap(x[i], lambda, tau);
    return topk_detail::threshold_residual(z, k, f, 0.0, form, nullptr);
  }
  const double xmax = topk_detail::shifted_scores(x, tau, z);
  for (double& v : z) v = std::max(v, -std::numeric_limits<double>::max());  // as in thretopk: no -inf - -inf
  return topk_detail::threshold_residual(z, k, f, (lambda - xmax) / tau, form, nullptr);
}

}  // namespace mathlets
