// Fuzzes smooth_topk.hpp: hard_topk/topk_sum, GradTopK (values, bounds, JVP/VJP, Jacobian), ThreTopK for
// every threshold function and solver (values, Jacobian, VJP, potential, residual), the threshold
// functions, the iterative schemes I1/I2 and the article's recursion and bisection. Every outcome is a
// result obeying the header's rules (NaN in -> all NaN; +-inf limit rules; capped simplex, order, bounds)
// or exactly the documented exception for the argument that is wrong; anything else traps.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "fuzz_input.hpp"
#include "mathlets/logsumexp.hpp"
#include "mathlets/smooth_topk.hpp"

namespace {

using namespace mathlets;
using Vec = std::vector<double>;
constexpr double kEps = std::numeric_limits<double>::epsilon();

struct Case {
  Vec x;
  double k = 0, tau = 1;
  bool has_nan = false, has_inf = false;
  double spread = 0;   // max - min over finite entries (may be +inf)
  double max_abs = 0;  // over finite entries
  std::size_t pos_inf = 0, neg_inf = 0;

  std::size_t n() const { return x.size(); }
  bool k_in_range() const { return k >= 0 && k <= static_cast<double>(x.size()); }
  bool k_integer() const { return k == std::floor(k); }
  bool tau_ok() const { return tau > 0 && std::isfinite(tau); }
  // Absolute accuracy per entry (smooth-topk.md 5.7): rounding of the gaps the solvers see, times k for the
  // DP. GradTopK and ThreTopK work in gaps from a data point next to the answer and split off the entries
  // that saturate (issue 14), so the gaps that matter stay below ~2000 tau at any spread, up to and past
  // the largest double (before, this tolerance grew with spread / tau and said nothing there).
  double tol_entry() const { return std::max(1e-12, 100 * kEps * (k + 1) * std::min(spread / tau, 2000.0)); }
  // The same without the bound, for the routines still working in z = (x - max) / tau (the potential).
  double tol_unbounded() const { return std::max(1e-12, 100 * kEps * (k + 1) * (spread / tau)); }
};

// Runs f and checks that it threw exactly when an argument rule is broken, and only a type that a broken
// rule documents: k out of range -> out_of_range; bad tau, non-integer k, bad sizes or options ->
// invalid_argument; infinite entries for a finite-only scheme -> domain_error. The header fixes no order
// between several broken rules. Returns true when f returned normally.
bool expect(const std::function<void()>& f, bool range_bad, bool invalid_bad, bool domain_bad) {
  try {
    f();
  } catch (const std::out_of_range& e) {
    if (!range_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(range_bad);
    return false;
  } catch (const std::invalid_argument& e) {
    if (!invalid_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(invalid_bad);
    return false;
  } catch (const std::domain_error& e) {
    if (!domain_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(domain_bad);
    return false;
  }
  FUZZ_CHECK(!range_bad && !invalid_bad && !domain_bad);
  return true;
}

// A derivative routine may refuse where J's entries are beyond the largest double: a subnormal-size tau, or
// scores spread over more than 1e300 tau (std::out_of_range naming tau, "is too small for these scores").
// I2 (iter_weighted_*) may also refuse, at any tau, when its rounding-error bound is too large ("rounding
// would leave the Jacobian's entries wrong by ...; tau must be at least ..."). Anything else must return.
// Returns false when f refused (skip the checks that use its result).
// I1 (iter_su_*, i1) multiplies its tangents by the scaled gaps (1 - p) (x - min) / tau in each round after the
// first, so its J grows like (spread / tau)^(k - 1) / tau: beyond the largest double well before spread / tau
// reaches 1e300 (x = (-745, 1.2e-250, 1, 1), k = 4, tau = 1.2e-250: ~1e758); allowed there, with 50 digits spare.
// I2 (i2) with tied leaders divides in round 3 by complements ~e^-gap whose derivatives are O(1): its J grows
// like e^(spread / tau) / tau (x = (1e8, 1e8, 88.72), k = 3, tau = 1: e^1e8), beyond the double range once
// that exponent passes ~709; allowed from 650 on.
bool expect_derivative(const std::function<void()>& f, const Case& c, bool i2 = false, bool i1 = false) {
  try {
    f();
    return true;
  } catch (const std::out_of_range& e) {
    const std::string what = e.what();
    const bool tiny =
        what.find("is too small for these scores") != std::string::npos &&
        (c.tau < 1e-300 || !(c.spread / c.tau < 1e300) ||
         (i1 && c.spread > 0 && std::max(c.k - 1, 1.0) * std::log10(c.spread / c.tau) - std::log10(c.tau) > 250) ||
         (i2 && c.spread / c.tau - std::log(c.tau) > 650));
    const bool i2_rounding = i2 &&
                             what.find(
                                 "is too small for these scores: rounding would leave the Jacobian's "
                                 "entries wrong by ") != std::string::npos &&
                             what.find("; tau must be at least ") != std::string::npos;
    if (tiny || i2_rounding) return false;
    std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(false);
  } catch (...) {
  }
  return expect(f, false, false, false);
}

bool all_nan(const Vec& v) {
  return std::all_of(v.begin(), v.end(), [](double a) { return std::isnan(a); });
}

// The +-inf limit values of the header for entry i (NaN when i is finite and the finite entries still
// share a budget, i.e. not a limit entry).
double limit_value(const Case& c, std::size_t i, double* finite_budget) {
  const double q = static_cast<double>(c.pos_inf), neg = static_cast<double>(c.neg_inf);
  const double finite = static_cast<double>(c.n()) - q - neg;
  double value = std::nan("");
  double budget;
  if (c.pos_inf > 0 && q >= c.k) {
    budget = 0;
    value = c.x[i] == INFINITY ? c.k / q : 0.0;
  } else {
    const double left = c.k - q;
    if (finite >= left) {
      budget = left;
      if (c.x[i] == INFINITY) value = 1.0;
      else if (c.x[i] == -INFINITY) value = 0.0;
    } else {
      budget = finite;
      if (c.x[i] == INFINITY) value = 1.0;
      else if (c.x[i] == -INFINITY) value = (left - finite) / neg;
      else value = 1.0;
    }
  }
  if (finite_budget) *finite_budget = budget;
  if (std::isfinite(c.x[i]) && (budget == 0)) value = 0.0;
  if (std::isfinite(c.x[i]) && budget == finite) value = 1.0;
  return value;
}

// Capped simplex: 0 <= p <= 1, sum p = k, the +-inf rules, order (x_i > x_j => p_i >= p_j) and equal
// inputs giving equal outputs. check_sum is false for results the header does not promise to solve.
void check_simplex(const Case& c, const Vec& p, bool check_sum) {
  FUZZ_CHECK(p.size() == c.n());
  if (c.has_nan) {
    FUZZ_CHECK(all_nan(p));
    return;
  }
  const double te = c.tol_entry();
  double sum = 0;
  for (std::size_t i = 0; i < c.n(); ++i) {
    FUZZ_CHECK(p[i] >= 0 && p[i] <= 1);
    sum += p[i];
    const double lim = limit_value(c, i, nullptr);
    if (!std::isnan(lim)) FUZZ_CHECK(std::fabs(p[i] - lim) <= 1e-15 * std::max(1.0, lim));
  }
  if (check_sum) FUZZ_CHECK(std::fabs(sum - c.k) <= static_cast<double>(c.n() + 1) * te);
  for (std::size_t i = 0; i < c.n(); ++i)
    for (std::size_t j = 0; j < c.n(); ++j) {
      if (c.x[i] > c.x[j]) FUZZ_CHECK(p[i] >= p[j] - te);
      if (c.x[i] == c.x[j]) FUZZ_CHECK(std::fabs(p[i] - p[j]) <= te);
    }
}

// Sum of the k largest entries in descending order (NaN for inf - inf, as the definition gives).
double reference_topk_sum(const Case& c, std::size_t k) {
  Vec s = c.x;
  std::sort(s.begin(), s.end(), std::greater<>());
  double total = 0;
  for (std::size_t i = 0; i < k; ++i) total += s[i];
  return total;
}

void check_hard(const Case& c, FuzzInput& in) {
  const bool range_bad = !c.k_in_range(), invalid_bad = !c.k_integer();
  const TopKTieRule rule = in.byte() & 1 ? TopKTieRule::share : TopKTieRule::lower_index;
  Vec p;
  if (expect([&] { p = hard_topk(c.x, c.k, rule); }, range_bad, invalid_bad, false)) {
    FUZZ_CHECK(p.size() == c.n());
    if (c.has_nan) {
      FUZZ_CHECK(all_nan(p));
    } else {
      const auto k = static_cast<std::size_t>(c.k);
      double sum = 0;
      for (double v : p) {
        FUZZ_CHECK(v >= 0 && v <= 1);
        if (rule == TopKTieRule::lower_index) FUZZ_CHECK(v == 0 || v == 1);
        sum += v;
      }
      FUZZ_CHECK(std::fabs(sum - c.k) <= 1e-12 * c.k);
      if (k > 0) {
        Vec s = c.x;
        std::sort(s.begin(), s.end(), std::greater<>());
        const double kth = s[k - 1];
        for (std::size_t i = 0; i < c.n(); ++i) {
          if (c.x[i] > kth) FUZZ_CHECK(p[i] == 1);
          if (c.x[i] < kth) FUZZ_CHECK(p[i] == 0);
        }
        if (rule == TopKTieRule::lower_index)  // a tied entry loses only to lower indices
          for (std::size_t i = 0; i < c.n(); ++i)
            for (std::size_t j = i + 1; j < c.n(); ++j)
              if (c.x[i] == c.x[j]) FUZZ_CHECK(p[i] >= p[j]);
      }
    }
  }
  double total = 0;
  if (expect([&] { total = topk_sum(c.x, c.k); }, range_bad, invalid_bad, false)) {
    if (c.has_nan) {
      FUZZ_CHECK(std::isnan(total));
      return;
    }
    const double ref = reference_topk_sum(c, static_cast<std::size_t>(c.k));
    if (std::isnan(ref)) FUZZ_CHECK(std::isnan(total));
    else if (std::isinf(ref) && (c.pos_inf > 0 || c.neg_inf > 0)) FUZZ_CHECK(total == ref);
    else if (std::isfinite(ref) && c.max_abs * c.k < 1e307)  // no overflow in any summation order
      FUZZ_CHECK(std::fabs(total - ref) <= 4 * kEps * c.k * c.max_abs);
  }
}

// Checks of a row-major n x n Jacobian: symmetric, rows summing to 0, nonnegative diagonal, zero rows and
// columns for infinite entries. Returns the scale used for tolerances.
double check_symmetric_jacobian(const Case& c, const Vec& J) {
  const std::size_t n = c.n();
  FUZZ_CHECK(J.size() == n * n);
  if (c.has_nan) {
    FUZZ_CHECK(all_nan(J));
    return 0;
  }
  // For a subnormal tau, 1 / tau overflows: the dual-number tangents v / tau are inf and inf * 0 gives NaN
  // even where J is 0 (saturated p). Entries of size 1 / tau are not representable there anyway.
  if (!(1 / c.tau < 1e300)) return INFINITY;  // (and entries near 1 / (4 tau) sum to inf - inf)
  double scale = 0;
  for (double v : J) {
    FUZZ_CHECK(!std::isnan(v));
    scale = std::max(scale, std::fabs(v));
  }
  if (!std::isfinite(scale)) return scale;  // entries ~ 1/tau may overflow for denormal tau
  // Entries are p-like quantities over tau (p (1 - p) / tau on the diagonal): the absolute accuracy of p
  // over tau, not relative to the largest entry (which is tiny when every p has saturated).
  scale = std::max(scale, 1 / c.tau);
  const double tol = static_cast<double>(n + 1) * std::max(c.tol_entry(), 1e-13) * scale;
  for (std::size_t i = 0; i < n; ++i) {
    double row = 0;
    for (std::size_t j = 0; j < n; ++j) {
      row += J[i * n + j];
      FUZZ_CHECK(std::fabs(J[i * n + j] - J[j * n + i]) <= tol);
      if (!std::isfinite(c.x[i]) || !std::isfinite(c.x[j])) FUZZ_CHECK(J[i * n + j] == 0);
    }
    FUZZ_CHECK(std::fabs(row) <= tol);
    FUZZ_CHECK(J[i * n + i] >= -tol);
  }
  return scale;
}

// pbar: moderate finite cotangents; the product must match J^T pbar from the full Jacobian.
void check_product(const Case& c, const Vec& J, double scale, const Vec& pbar, const Vec& out) {
  const std::size_t n = c.n();
  FUZZ_CHECK(out.size() == n);
  if (c.has_nan) {
    FUZZ_CHECK(all_nan(out));
    return;
  }
  if (!std::isfinite(scale)) return;
  double pbar_l1 = 0;
  for (double v : pbar) pbar_l1 += std::fabs(v);
  if (scale * pbar_l1 * static_cast<double>(n + 1) > 1e300) return;  // products of ~1/tau entries overflow
  const double tol = static_cast<double>(n + 1) * std::max(c.tol_entry(), 1e-13) * scale * std::max(pbar_l1, 1.0);
  for (std::size_t j = 0; j < n; ++j) {
    double ref = 0;
    for (std::size_t i = 0; i < n; ++i) ref += J[i * n + j] * pbar[i];
    FUZZ_CHECK(std::fabs(out[j] - ref) <= tol);
  }
}

void check_gradtopk(const Case& c, FuzzInput& in) {
  const bool range_bad = !c.k_in_range(), invalid_bad = !c.k_integer() || !c.tau_ok();
  GradTopK g;
  if (!expect([&] { g = gradtopk(c.x, c.k, c.tau); }, range_bad, invalid_bad, false)) return;
  check_simplex(c, g.p, true);
  if (c.has_nan) {
    FUZZ_CHECK(std::isnan(g.log_z) && std::isnan(g.smooth_sum) && std::isnan(g.expected_sum));
  } else if (!c.has_inf && c.k > 0 && c.k < static_cast<double>(c.n())) {
    // At every spread (x = (1e8, ..., -30.75), k = 19, tau = 1e-200 once gave sum p = 11, and at
    // tau = 1e-300 the sum of 19 shifted scores overflowed to smooth_sum = -inf: issue 14).
    // S_k <= tau log Z_k <= S_k + tau log C(n, k)  (item 9), and sum p x <= S_k (p in the capped simplex).
    const double sk = reference_topk_sum(c, static_cast<std::size_t>(c.k));
    if (std::isfinite(sk) && c.max_abs * c.k < 1e307) {
      const double lchoose = std::lgamma(c.n() + 1.0) - std::lgamma(c.k + 1) - std::lgamma(c.n() - c.k + 1);
      // (+ denorm_mins: tau log Z of a subnormal tau rounds absolutely.)
      const double slack = 1e-12 * c.k * c.max_abs + c.tol_entry() * c.k * c.max_abs +
                           4 * (c.k + 1) * std::numeric_limits<double>::denorm_min();
      FUZZ_CHECK(g.smooth_sum >= sk - slack);
      FUZZ_CHECK(!(g.smooth_sum > sk + c.tau * lchoose * (1 + 1e-12) + slack));
      // (+ n denorm_min: p_i x_i of subnormal x rounds absolutely, 0.75 * 4.9e-324 -> 4.9e-324.)
      const double slack_e = static_cast<double>(c.n()) * c.tol_entry() * c.max_abs + 1e-12 * c.k * c.max_abs +
                             static_cast<double>(c.n()) * std::numeric_limits<double>::denorm_min();
      FUZZ_CHECK(g.expected_sum <= sk + slack_e);
    }
  }
  // k = 1 is the softmax of x / tau (the library's own, computed from gaps to the max) at every spread.
  if (!c.has_nan && !c.has_inf && c.k == 1) {
    Vec soft(c.n());
    softmax(std::span<const double>(c.x), c.tau, std::span<double>(soft));
    for (std::size_t i = 0; i < c.n(); ++i) FUZZ_CHECK(std::fabs(g.p[i] - soft[i]) <= 4 * c.tol_entry());
  }
  if (c.n() > 12) return;
  Vec J;
  const bool have_J = expect_derivative([&] { J = gradtopk_jacobian(c.x, c.k, c.tau); }, c);
  const double scale = have_J ? check_symmetric_jacobian(c, J) : INFINITY;
  if (have_J && !c.has_nan && std::isfinite(scale)) {  // diagonal p (1 - p) / tau
    const double tol = (static_cast<double>(c.n()) + 1) * std::max(c.tol_entry(), 1e-13) * std::max(scale, 1 / c.tau);
    for (std::size_t i = 0; i < c.n(); ++i)
      if (std::isfinite(c.x[i]) && std::isfinite(1 / c.tau))
        FUZZ_CHECK(std::fabs(J[i * c.n() + i] - g.p[i] * (1 - g.p[i]) / c.tau) <= tol);
  }
  Vec pbar(c.n());
  for (double& v : pbar) v = in.small();
  Vec out;
  if (expect_derivative([&] { out = gradtopk_vjp(c.x, c.k, c.tau, pbar); }, c) && have_J)
    check_product(c, J, scale, pbar, out);
  if (expect_derivative([&] { out = gradtopk_jvp(c.x, c.k, c.tau, pbar); }, c) && have_J)
    check_product(c, J, scale, pbar, out);  // J is symmetric
  pbar.push_back(1.0);
  expect([&] { out = gradtopk_vjp(c.x, c.k, c.tau, pbar); }, false, true, false);
}

void check_thretopk(const Case& c, FuzzInput& in) {
  ThreTopKOptions o;
  o.f = static_cast<ThresholdFn>(in.choice(3));
  o.solver = static_cast<ThresholdSolver>(in.choice(4));
  o.residual = in.byte() & 1 ? ResidualForm::accurate : ResidualForm::naive;
  o.record_trace = in.byte() & 1;
  const std::uint8_t it = in.byte();
  o.max_iterations = it < 200 ? 200 : static_cast<int>(it) - 250;  // mostly 200, else -5..5
  const bool range_bad = !c.k_in_range();
  const bool invalid_bad =
      !c.tau_ok() || o.max_iterations < 1 || (o.solver == ThresholdSolver::closed_form && o.f == ThresholdFn::sigmoid);
  ThreTopK t;
  if (!expect([&] { t = thretopk(c.x, c.k, c.tau, o); }, range_bad, invalid_bad, false)) return;
  // The naive residual is the demo of a root finder stalling on a flat residual; a capped run may stop early.
  const bool solved = t.converged && (o.residual == ResidualForm::accurate || t.solver == ThresholdSolver::closed_form);
  check_simplex(c, t.p, solved);
  FUZZ_CHECK(t.s.size() == c.n() && t.dlambda_dx.size() == c.n());
  if (c.has_nan) {
    FUZZ_CHECK(std::isnan(t.lambda) && all_nan(t.s));
    return;
  }
  FUZZ_CHECK(!std::isnan(t.lambda));
  FUZZ_CHECK(t.iterations <= o.max_iterations);
  if (o.record_trace) FUZZ_CHECK(t.trace.size() <= static_cast<std::size_t>(o.max_iterations));
  for (std::size_t i = 0; i < c.n(); ++i) {
    FUZZ_CHECK(t.s[i] >= 0);
    if (!std::isfinite(c.x[i])) FUZZ_CHECK(t.s[i] == 0);
  }
  if (solved && c.k > 0 && c.k < static_cast<double>(c.n())) {  // closed form and bisection agree (item 7)
    ThreTopKOptions b = o;
    b.solver = ThresholdSolver::bisection;
    b.residual = ResidualForm::accurate;
    b.max_iterations = 2000;
    const ThreTopK tb = thretopk(c.x, c.k, c.tau, b);
    for (std::size_t i = 0; i < c.n(); ++i)
      FUZZ_CHECK(std::fabs(tb.p[i] - t.p[i]) <= static_cast<double>(c.n() + 1) * c.tol_entry());
  }
  if (c.n() <= 12) {
    Vec J;
    const bool have_J = expect_derivative([&] { J = thretopk_jacobian(t, c.tau); }, c);
    const double scale = have_J ? check_symmetric_jacobian(c, J) : INFINITY;
    Vec pbar(c.n());
    for (double& v : pbar) v = in.small();
    Vec out;
    if (expect_derivative([&] { out = thretopk_vjp(t, c.tau, pbar); }, c) && have_J)
      check_product(c, J, scale, pbar, out);
  }
  // r(lambda) lies in [-k, n - k] and, in the accurate form, does not increase with lambda.
  const double l1 = in.number(), l2 = in.number();
  double r1 = 0, r2 = 0;
  const bool ok1 = expect([&] { r1 = thretopk_residual(c.x, c.k, c.tau, o.f, l1); }, false, false, c.has_inf);
  if (ok1) {
    expect([&] { r2 = thretopk_residual(c.x, c.k, c.tau, o.f, l2); }, false, false, false);
    const double tol = 1e-12 * static_cast<double>(c.n() + 1);
    for (double r : {r1, r2}) FUZZ_CHECK(std::isnan(r) || (r >= -c.k - tol && r <= c.n() - c.k + tol));
    FUZZ_CHECK(std::isnan(l1) == std::isnan(r1));
    if (l1 < l2) FUZZ_CHECK(r1 >= r2 - tol);
  }
}

void check_potential(const Case& c, FuzzInput& in) {
  const ThresholdFn f = static_cast<ThresholdFn>(in.choice(3));
  double v = 0;
  if (!expect([&] { v = thretopk_potential(c.x, c.k, c.tau, f); }, !c.k_in_range(), !c.tau_ok(), false)) return;
  if (c.has_nan) {
    FUZZ_CHECK(std::isnan(v));
    return;
  }
  if (c.k > 0 && c.pos_inf > 0) {
    FUZZ_CHECK(v == INFINITY);
    return;
  }
  if (c.has_inf || c.max_abs * static_cast<double>(c.n()) > 1e300) return;
  if (c.k == 0) {
    FUZZ_CHECK(v == 0);
    return;
  }
  if (c.k != std::floor(c.k) || !std::isfinite(c.tau * c.n())) return;  // S_k defined for integer k only
  const double sk = reference_topk_sum(c, static_cast<std::size_t>(c.k));
  // V = sum tau phi(...) + k lambda with |lambda - x| up to tau |f^-1(k/n)|: rounding scales with both.
  // (+ an absolute denorm_min per term: tau phi(u) of a subnormal tau rounds absolutely.)
  const double slack = 1e-12 * static_cast<double>(c.n() + 1) * (c.k + 1) * (c.max_abs + c.tau * 40) +
                       c.tol_unbounded() * c.k * c.max_abs +
                       4 * static_cast<double>(c.n() + 1) * (c.k + 1) * std::numeric_limits<double>::denorm_min();
  FUZZ_CHECK(v >= sk - slack);  // S_k <= V_tau
  if (f == ThresholdFn::sigmoid) FUZZ_CHECK(v <= sk + c.n() * c.tau * std::log(2.0) + slack);
}

void check_functions(FuzzInput& in) {
  const double u = in.number(), q = in.number();
  for (ThresholdFn f : {ThresholdFn::exp_clamped, ThresholdFn::sigmoid, ThresholdFn::piecewise_exp}) {
    const double fu = threshold_f(f, u), dfu = threshold_df(f, u), phi = threshold_phi(f, u);
    const double d2 = threshold_d2f(f, u);
    if (std::isnan(u)) {
      FUZZ_CHECK(std::isnan(fu) && std::isnan(dfu) && std::isnan(phi) && std::isnan(d2));
      continue;
    }
    FUZZ_CHECK(fu >= 0 && fu <= 1);
    FUZZ_CHECK(dfu >= 0 && dfu <= 1);
    FUZZ_CHECK(!std::isnan(d2));
    FUZZ_CHECK(phi >= std::max(0.0, u) * (1 - 1e-15));  // the "ReLU-like" antiderivative lies above ReLU
    double inv = 0;
    const bool q_ok = q > 0 && q < 1;
    if (expect([&] { inv = threshold_finv(f, q); }, !q_ok, false, false)) {
      FUZZ_CHECK(!std::isnan(inv));
      if (q > 1e-300 && q < 1 - 1e-12) FUZZ_CHECK(std::fabs(threshold_f(f, inv) - q) <= 1e-12 * q + 1e-15);
    }
  }
}

void check_iterative(const Case& c, FuzzInput& in) {
  const bool range_bad = !c.k_in_range(), invalid_bad = !c.k_integer() || !c.tau_ok();
  const bool domain_bad = c.has_inf;
  const int which = in.choice(2);
  const ComplementForm form = in.byte() & 1 ? ComplementForm::exact : ComplementForm::naive;
  IterativeTopK r;
  // I2 with the exact complement may refuse a finite input where its running rounding-error bound exceeds 1e-10
  // of the largest entry, or an entry is beyond the largest double (near the pole of round 3), naming tau and
  // the smallest that works; that tau must then work. Any other out_of_range is left to expect.
  std::string refusal;
  const auto run = [&] {
    if (which == 0) {
      r = iter_su(c.x, c.k, c.tau);
      return;
    }
    try {
      r = iter_weighted(c.x, c.k, c.tau, form);
    } catch (const std::out_of_range& e) {
      refusal = e.what();
      if (form != ComplementForm::exact || refusal.rfind("iter_weighted: tau = ", 0) != 0 ||
          refusal.find(" is too small for these scores: ") == std::string::npos ||
          refusal.find("; tau must be at least ") == std::string::npos)
        throw;
    }
  };
  const bool ok = expect(run, range_bad, invalid_bad, domain_bad);
  if (!ok) return;
  if (!refusal.empty()) {
    const std::string need = refusal.substr(refusal.find("; tau must be at least ") + 23);
    if (need.rfind("a larger value", 0) == 0) return;
    const double t = std::strtod(need.c_str(), nullptr);
    FUZZ_CHECK(t > c.tau);
    IterativeTopK at_t;
    if (!expect([&] { at_t = iter_weighted(c.x, c.k, t, form); }, false, false, false)) return;
    for (double v : at_t.p) FUZZ_CHECK(std::isfinite(v));
    return;
  }
  const std::size_t n = c.n(), k = static_cast<std::size_t>(c.k);
  FUZZ_CHECK(r.p.size() == n && r.iterates.size() == (k + 1) * n);
  if (c.has_nan) {
    FUZZ_CHECK(all_nan(r.p));
    return;
  }
  for (std::size_t i = 0; i < n; ++i)
    FUZZ_CHECK(r.iterates[i] == 0 && std::memcmp(&r.iterates[k * n + i], &r.p[i], sizeof(double)) == 0);
  // I2 with the exact complement is finite whenever z = (x - max) / tau is (tiny tau included).
  if (which == 1 && form == ComplementForm::exact && std::isfinite(c.spread / c.tau))
    for (double v : r.p) FUZZ_CHECK(std::isfinite(v));
  if (n > 0 && !std::isnan(r.max_entry)) {
    FUZZ_CHECK(r.max_entry == *std::max_element(r.p.begin(), r.p.end()));
    FUZZ_CHECK(r.min_entry == *std::min_element(r.p.begin(), r.p.end()));
  }
  // I2 is run as written: once some p > 1 its weights turn negative and may cancel, so only I1 is bounded.
  // Each I1 round adds a true softmax (entries in [0, 1], summing to 1): 0 <= p <= k and sum p = k.
  if (which == 0) {
    double sum = 0;
    for (double v : r.p) {
      FUZZ_CHECK(v >= 0 && v <= static_cast<double>(k));
      sum += v;
    }
    FUZZ_CHECK(std::fabs(sum - c.k) <= 1e-12 * static_cast<double>(n + 1) * (c.k + 1));
  }
  if (n > 8 || k > 4) return;
  Vec pbar(n);
  for (double& v : pbar) v = in.small();
  Vec J, out;
  const bool i2 = which == 1;
  if (expect_derivative(
          [&] { J = which == 0 ? iter_su_jacobian(c.x, c.k, c.tau) : iter_weighted_jacobian(c.x, c.k, c.tau, form); },
          c, i2, !i2))
    FUZZ_CHECK(J.size() == n * n);
  if (expect_derivative(
          [&] {
            out = which == 0 ? iter_su_vjp(c.x, c.k, c.tau, pbar) : iter_weighted_vjp(c.x, c.k, c.tau, pbar, form);
          },
          c, i2, !i2))
    FUZZ_CHECK(out.size() == n);
}

void check_article(const Case& c, FuzzInput& in) {
  const bool domain_bad = c.has_inf;
  GradTopKRecursion r;
  if (expect([&] { r = gradtopk_article_recursion(c.x, c.k, c.tau); }, !c.k_in_range(), !c.k_integer() || !c.tau_ok(),
             domain_bad)) {
    FUZZ_CHECK(r.p.size() == c.n() && r.log0_events >= 0);
    if (c.has_nan) FUZZ_CHECK(all_nan(r.p));
    if (r.log0_events > 0) FUZZ_CHECK(r.first_log0_round >= 2 && r.first_log0_round <= c.k);
  }
  const int steps = static_cast<int>(in.count(40)) - 5;
  ThreTopK t;
  if (expect([&] { t = thretopk_sigmoid_article_bisection(c.x, c.k, c.tau, steps); }, !c.k_in_range(),
             !c.tau_ok() || steps < 1, domain_bad)) {
    FUZZ_CHECK(t.p.size() == c.n());
    if (c.has_nan) FUZZ_CHECK(all_nan(t.p));
    else
      for (double v : t.p) FUZZ_CHECK(v >= 0 && v <= 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  Case c;
  c.x = in.numbers(24);
  if (c.x.size() > 1 && (in.byte() & 1)) {  // ties: copy some entries onto others
    const std::size_t copies = in.count(4);
    for (std::size_t t = 0; t < copies; ++t) c.x[in.count(c.x.size() - 1)] = c.x[in.count(c.x.size() - 1)];
  }
  const std::size_t n = c.x.size();
  switch (in.choice(8)) {
    case 0: c.k = in.number(); break;                                         // anything, NaN included
    case 1: c.k = static_cast<double>(in.count(4 * n + 4)) / 4 - 0.5; break;  // real k, some out of range
    case 2: c.k = static_cast<double>(n) + 1; break;
    default: c.k = static_cast<double>(in.count(n)); break;  // integer in range
  }
  static const double taus[] = {1.0, 1e-3, 0.1, 10, 1e3, 1e-300, 1e300, 5e-324, 0.0, -1.0};
  switch (in.choice(4)) {
    case 0: c.tau = in.number(); break;
    case 1: c.tau = taus[in.choice(sizeof taus / sizeof taus[0])]; break;
    default: c.tau = 1.0; break;
  }
  double lo = INFINITY, hi = -INFINITY;
  for (double v : c.x) {
    if (std::isnan(v)) c.has_nan = true;
    else if (std::isinf(v)) {
      c.has_inf = true;
      (v > 0 ? c.pos_inf : c.neg_inf) += 1;
    } else {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      c.max_abs = std::max(c.max_abs, std::fabs(v));
    }
  }
  c.spread = hi >= lo ? hi - lo : 0;
  if (std::getenv("FUZZ_VERBOSE")) {  // for reproducing a saved input by hand
    std::fprintf(stderr, "k = %.17g, tau = %.17g, x =", c.k, c.tau);
    for (double v : c.x) std::fprintf(stderr, " %.17g", v);
    std::fprintf(stderr, "\n");
  }

  switch (in.choice(7)) {
    case 0: check_hard(c, in); break;
    case 1: check_gradtopk(c, in); break;
    case 2: check_thretopk(c, in); break;
    case 3: check_potential(c, in); break;
    case 4: check_functions(in); break;
    case 5: check_iterative(c, in); break;
    default: check_article(c, in); break;
  }
  return 0;
}
