// Embind functions for cr.hpp: one CR estimate of XY by any selection rule (with its error, expected
// error and the SVD floor), a fixed selection with both refits, expected errors alone, and Monte Carlo
// runs. Seeds cross as two 32-bit halves so every 64-bit SplitMix64 seed is reachable from JS.
#include <cmath>

#include "matrix_boundary.hpp"
#include "mathlets/cr.hpp"

namespace mathlets_bindings {
namespace {

// Selection rules, in the order of web/src/core/cr.js.
enum class Rule { with_replacement, poisson, sequential, top, greedy, best };
enum class Refit { none, diagonal, full };

val estimate_value(const mathlets::CrEstimate& e) {
  val o = val::object();
  o.set("draws", int_array(e.draws));
  o.set("indices", int_array(e.indices));
  o.set("weights", vector_value(e.weights));
  o.set("approx", matrix_value(e.approx));
  o.set("error", e.error);
  return o;
}

mathlets::CrEstimate select(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r,
                            Rule rule, int k, std::uint64_t seed) {
  switch (rule) {
    case Rule::with_replacement: return mathlets::cr_sample(x, y, p, r, seed);
    case Rule::poisson: return mathlets::cr_sample_poisson(x, y, p, r, seed);
    case Rule::sequential: return mathlets::cr_sample_sequential(x, y, p, r, seed);
    case Rule::top: return mathlets::cr_top_r(x, y, r);
    case Rule::greedy: return mathlets::cr_greedy(x, y, r, k);
    case Rule::best: return mathlets::cr_best_subset(x, y, r);
  }
  throw std::invalid_argument("cr_matmul: unknown selection rule");
}

double expected_error(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r, Rule rule) {
  if (rule == Rule::with_replacement) return mathlets::cr_expected_error(x, y, p, r);
  if (rule == Rule::poisson) return mathlets::cr_poisson_expected_error(x, y, p, r);
  return NAN;  // deterministic or biased rules have no expectation to report
}

val cr_matmul(std::uintptr_t xp, double xr, double xc, std::uintptr_t yp, double yr, double yc, int r, int sampling,
              int rule_index, int refit_index, int k, double seed_hi, double seed_lo) {
  return guarded([&] {
    const Eigen::MatrixXd x = matrix_in("cr_matmul", xp, xr, xc), y = matrix_in("cr_matmul", yp, yr, yc);
    const auto rule = static_cast<Rule>(rule_index);
    const auto probabilities = mathlets::cr_probabilities(x, y, static_cast<mathlets::CrSampling>(sampling));
    mathlets::CrEstimate e = select(x, y, probabilities.p, r, rule, k, seed_from_halves(seed_hi, seed_lo));
    const auto refit = static_cast<Refit>(refit_index);
    if (refit == Refit::diagonal) e = mathlets::cr_refit_diagonal(x, y, e.indices);
    val o = estimate_value(e);
    if (refit == Refit::full) {
      const auto full = mathlets::cr_refit_full(x, y, e.indices);
      o.set("approx", matrix_value(full.approx));
      o.set("error", full.error);
      o.set("middle", matrix_value(full.middle));
    }
    o.set("probabilities", vector_value(probabilities.p));
    o.set("expectedError", expected_error(x, y, probabilities.p, r, rule));
    const auto floor = mathlets::cr_svd_floor(x, y, r);
    o.set("floor", floor.frobenius_squared);
    o.set("productNormSquared", (x * y).squaredNorm());
    return o;
  });
}

val cr_monte_carlo(std::uintptr_t xp, double xr, double xc, std::uintptr_t yp, double yr, double yc, int r,
                   int sampling, int count, double seed_hi, double seed_lo) {
  return guarded([&] {
    const Eigen::MatrixXd x = matrix_in("cr_monte_carlo", xp, xr, xc), y = matrix_in("cr_monte_carlo", yp, yr, yc);
    const auto p = mathlets::cr_probabilities(x, y, static_cast<mathlets::CrSampling>(sampling)).p;
    const auto mc = mathlets::cr_monte_carlo(x, y, p, r, count, seed_from_halves(seed_hi, seed_lo));
    val o = val::object();
    o.set("mean", matrix_value(mc.mean));
    o.set("errors", f64_array(mc.errors));
    o.set("meanError", mc.mean_error);
    o.set("expectedError", mathlets::cr_expected_error(x, y, p, r));
    return o;
  });
}

// E ||CR - XY||_F^2 for r draws with replacement (R6), with the entry-wise variances that sum to it,
// from the caller's probabilities (pointer, length) or, when the length is negative, from the
// named distribution `sampling` (CrSampling's order).
val cr_expected_error_for(std::uintptr_t xp, double xr, double xc, std::uintptr_t yp, double yr, double yc,
                          std::uintptr_t pp, double pn, int sampling, int r) {
  return guarded([&] {
    const Eigen::MatrixXd x = matrix_in("cr_expected_error", xp, xr, xc),
                          y = matrix_in("cr_expected_error", yp, yr, yc);
    Eigen::VectorXd p;
    if (pn < 0) {
      p = mathlets::cr_probabilities(x, y, static_cast<mathlets::CrSampling>(sampling)).p;
    } else {
      const auto values = in<double>(pp, static_cast<std::size_t>(pn));
      p = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
    }
    val o = val::object();
    o.set("expectedError", mathlets::cr_expected_error(x, y, p, r));
    if (r >= 1) o.set("entryVariance", matrix_value(mathlets::cr_entry_variance(x, y, p, r)));
    return o;
  });
}

// One fixed selection S three ways: plain weights 1, the optimal diagonal weights (R11) and the optimal
// full middle matrix (R10), with the SVD floor at rank |S|.
val cr_refit(std::uintptr_t xp, double xr, double xc, std::uintptr_t yp, double yr, double yc, std::uintptr_t sp,
             std::size_t ns) {
  return guarded([&] {
    const Eigen::MatrixXd x = matrix_in("cr_refit", xp, xr, xc), y = matrix_in("cr_refit", yp, yr, yc);
    const auto s = in<int>(sp, ns);
    const std::vector<int> kept(s.begin(), s.end());
    const auto plain = mathlets::cr_keep(x, y, kept);
    const auto diagonal = mathlets::cr_refit_diagonal(x, y, kept);
    const auto full = mathlets::cr_refit_full(x, y, kept);
    val o = val::object();
    o.set("indices", int_array(plain.indices));
    o.set("plainError", plain.error);
    o.set("weights", vector_value(diagonal.weights));
    o.set("diagonalError", diagonal.error);
    o.set("middle", matrix_value(full.middle));
    o.set("fullError", full.error);
    o.set("floor", mathlets::cr_svd_floor(x, y, static_cast<int>(kept.size())).frobenius_squared);
    return o;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(cr) {
  using namespace mathlets_bindings;
  emscripten::function("cr_matmul", &cr_matmul);
  emscripten::function("cr_monte_carlo", &cr_monte_carlo);
  emscripten::function("cr_expected_error", &cr_expected_error_for);
  emscripten::function("cr_refit", &cr_refit);
}
