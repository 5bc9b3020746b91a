// Embind functions for smooth_topk.hpp: the hard reference, GradTopK, ThreTopK, the iterative
// schemes, and their vector-Jacobian products and Jacobians. Enums cross as small integers whose
// order matches the C++ enums (web/src/core/smooth-topk.js names them).
#include "boundary.hpp"
#include "mathlets/smooth_topk.hpp"

namespace mathlets_bindings {
namespace {

using Span = std::span<const double>;

mathlets::ThreTopKOptions threshold_options(int f, int solver, int residual, bool trace, int max_iterations) {
  mathlets::ThreTopKOptions o;
  o.f = static_cast<mathlets::ThresholdFn>(f);
  o.solver = static_cast<mathlets::ThresholdSolver>(solver);
  o.residual = static_cast<mathlets::ResidualForm>(residual);
  o.record_trace = trace;
  o.max_iterations = max_iterations;
  return o;
}

val thretopk_value(const mathlets::ThreTopK& r) {
  val o = val::object();
  o.set("values", f64_array(r.p));
  o.set("derivatives", f64_array(r.s));
  o.set("threshold", r.lambda);
  o.set("sumDerivatives", r.sum_s);
  o.set("thresholdGradient", f64_array(r.dlambda_dx));
  o.set("residual", r.residual);
  o.set("iterations", r.iterations);
  o.set("converged", r.converged);
  o.set("solver", static_cast<int>(r.solver));
  val trace = val::array();
  for (const mathlets::ThresholdStep& step : r.trace) {
    val s = val::object();
    s.set("lo", step.lo);
    s.set("hi", step.hi);
    s.set("lambda", step.lambda);
    s.set("residual", step.residual);
    s.set("newton", step.newton);
    trace.call<void>("push", s);
  }
  o.set("trace", trace);
  return o;
}

val iterative_value(const mathlets::IterativeTopK& r) {
  val o = val::object();
  o.set("values", f64_array(r.p));
  o.set("iterates", f64_array(r.iterates));
  o.set("maxEntry", r.max_entry);
  o.set("minEntry", r.min_entry);
  o.set("orderViolations", r.order_violations);
  return o;
}

val hard_topk(std::uintptr_t x, std::size_t n, double k, int ties) {
  return guarded(
      [&] { return f64_array(mathlets::hard_topk(in<double>(x, n), k, static_cast<mathlets::TopKTieRule>(ties))); });
}
val topk_sum(std::uintptr_t x, std::size_t n, double k) {
  return guarded([&] { return val(mathlets::topk_sum(in<double>(x, n), k)); });
}

val gradtopk(std::uintptr_t x, std::size_t n, double k, double tau) {
  return guarded([&] {
    const mathlets::GradTopK r = mathlets::gradtopk(in<double>(x, n), k, tau);
    val o = val::object();
    o.set("values", f64_array(r.p));
    o.set("logZ", r.log_z);
    o.set("smoothSum", r.smooth_sum);
    o.set("expectedSum", r.expected_sum);
    return o;
  });
}
val gradtopk_vjp(std::uintptr_t x, std::size_t n, double k, double tau, std::uintptr_t pbar, std::size_t m) {
  return guarded([&] { return f64_array(mathlets::gradtopk_vjp(in<double>(x, n), k, tau, in<double>(pbar, m))); });
}
val gradtopk_jacobian(std::uintptr_t x, std::size_t n, double k, double tau) {
  return guarded([&] { return f64_array(mathlets::gradtopk_jacobian(in<double>(x, n), k, tau)); });
}
val gradtopk_recursion(std::uintptr_t x, std::size_t n, double k, double tau) {
  return guarded([&] {
    const mathlets::GradTopKRecursion r = mathlets::gradtopk_article_recursion(in<double>(x, n), k, tau);
    val o = val::object();
    o.set("values", f64_array(r.p));
    o.set("logZ", r.log_z);
    o.set("log0Events", r.log0_events);
    o.set("firstLog0Round", r.first_log0_round);
    return o;
  });
}

val thretopk(std::uintptr_t x, std::size_t n, double k, double tau, int f, int solver, int residual, bool trace,
             int max_iterations) {
  return guarded([&] {
    return thretopk_value(
        mathlets::thretopk(in<double>(x, n), k, tau, threshold_options(f, solver, residual, trace, max_iterations)));
  });
}
val thretopk_vjp(std::uintptr_t x, std::size_t n, double k, double tau, int f, int solver, int residual,
                 int max_iterations, std::uintptr_t pbar, std::size_t m) {
  return guarded([&] {
    const auto options = threshold_options(f, solver, residual, false, max_iterations);
    return f64_array(mathlets::thretopk_vjp(in<double>(x, n), k, tau, in<double>(pbar, m), options));
  });
}
val thretopk_jacobian(std::uintptr_t x, std::size_t n, double k, double tau, int f, int solver, int residual,
                      int max_iterations) {
  return guarded([&] {
    const auto r =
        mathlets::thretopk(in<double>(x, n), k, tau, threshold_options(f, solver, residual, false, max_iterations));
    return f64_array(mathlets::thretopk_jacobian(r, tau));
  });
}
val thretopk_residual(std::uintptr_t x, std::size_t n, double k, double tau, int f, double lambda, int form) {
  return guarded([&] {
    return val(mathlets::thretopk_residual(in<double>(x, n), k, tau, static_cast<mathlets::ThresholdFn>(f), lambda,
                                           static_cast<mathlets::ResidualForm>(form)));
  });
}
val thretopk_potential(std::uintptr_t x, std::size_t n, double k, double tau, int f) {
  return guarded([&] {
    return val(mathlets::thretopk_potential(in<double>(x, n), k, tau, static_cast<mathlets::ThresholdFn>(f)));
  });
}
val thretopk_article_bisection(std::uintptr_t x, std::size_t n, double k, double tau, int steps) {
  return guarded(
      [&] { return thretopk_value(mathlets::thretopk_sigmoid_article_bisection(in<double>(x, n), k, tau, steps)); });
}

// which: 0 f, 1 f', 2 f'', 3 phi (antiderivative), 4 f^-1.
val threshold_function(int f, int which, double u) {
  return guarded([&] {
    const auto fn = static_cast<mathlets::ThresholdFn>(f);
    switch (which) {
      case 0: return val(mathlets::threshold_f(fn, u));
      case 1: return val(mathlets::threshold_df(fn, u));
      case 2: return val(mathlets::threshold_d2f(fn, u));
      case 3: return val(mathlets::threshold_phi(fn, u));
      default: return val(mathlets::threshold_finv(fn, u));
    }
  });
}

val iter_su(std::uintptr_t x, std::size_t n, double k, double tau) {
  return guarded([&] { return iterative_value(mathlets::iter_su(in<double>(x, n), k, tau)); });
}
val iter_weighted(std::uintptr_t x, std::size_t n, double k, double tau, int complement) {
  return guarded([&] {
    return iterative_value(
        mathlets::iter_weighted(in<double>(x, n), k, tau, static_cast<mathlets::ComplementForm>(complement)));
  });
}
val iter_su_vjp(std::uintptr_t x, std::size_t n, double k, double tau, std::uintptr_t pbar, std::size_t m) {
  return guarded([&] { return f64_array(mathlets::iter_su_vjp(in<double>(x, n), k, tau, in<double>(pbar, m))); });
}
val iter_weighted_vjp(std::uintptr_t x, std::size_t n, double k, double tau, int complement, std::uintptr_t pbar,
                      std::size_t m) {
  return guarded([&] {
    return f64_array(mathlets::iter_weighted_vjp(in<double>(x, n), k, tau, in<double>(pbar, m),
                                                 static_cast<mathlets::ComplementForm>(complement)));
  });
}
val iter_su_jacobian(std::uintptr_t x, std::size_t n, double k, double tau) {
  return guarded([&] { return f64_array(mathlets::iter_su_jacobian(in<double>(x, n), k, tau)); });
}
val iter_weighted_jacobian(std::uintptr_t x, std::size_t n, double k, double tau, int complement) {
  return guarded([&] {
    return f64_array(
        mathlets::iter_weighted_jacobian(in<double>(x, n), k, tau, static_cast<mathlets::ComplementForm>(complement)));
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(smooth_topk) {
  using emscripten::function;
  using namespace mathlets_bindings;
  function("hard_topk", &hard_topk);
  function("topk_sum", &topk_sum);
  function("gradtopk", &gradtopk);
  function("gradtopk_vjp", &gradtopk_vjp);
  function("gradtopk_jacobian", &gradtopk_jacobian);
  function("gradtopk_recursion", &gradtopk_recursion);
  function("thretopk", &thretopk);
  function("thretopk_vjp", &thretopk_vjp);
  function("thretopk_jacobian", &thretopk_jacobian);
  function("thretopk_residual", &thretopk_residual);
  function("thretopk_potential", &thretopk_potential);
  function("thretopk_article_bisection", &thretopk_article_bisection);
  function("threshold_function", &threshold_function);
  function("iter_su", &iter_su);
  function("iter_weighted", &iter_weighted);
  function("iter_su_vjp", &iter_su_vjp);
  function("iter_weighted_vjp", &iter_weighted_vjp);
  function("iter_su_jacobian", &iter_su_jacobian);
  function("iter_weighted_jacobian", &iter_weighted_jacobian);
}
