// Embind functions for nystromformer.hpp: the attention matrix and its largest logit, Nyström attention with its
// landmarks and middle matrix, the iterative pseudo-inverse with its history, the scalar filter, the errors against
// exact attention, and the demo inputs. Enums cross as their index (in the orders of web/src/core/nystromformer.js), a
// NaN scale or rtol means "the default", seeds as two 32-bit halves, an empty V or singular-value list as length 0.
#include <cmath>

#include "matrix_boundary.hpp"
#include "mathlets/nystromformer.hpp"
#include "mathlets/performer.hpp"

namespace mathlets_bindings {
namespace {

using mathlets::PinvIteration;

val history_value(const std::vector<mathlets::PinvStep>& history) {
  val steps = val::array();
  for (const auto& s : history) {
    val o = val::object();
    o.set("iter", s.iter);
    o.set("matmuls", s.matmuls);
    o.set("p1", s.p1);
    o.set("p2", s.p2);
    o.set("eNorm", s.e_norm);
    o.set("zError", s.z_error);
    steps.call<void>("push", o);
  }
  return steps;
}

val errors_value(const mathlets::AttentionErrors& e) {
  val o = val::object();
  o.set("relative", e.relative);
  o.set("maxAbs", e.max_abs);
  o.set("maxRowL1", e.max_row_l1);
  o.set("rowSumDev", e.row_sum_dev);
  o.set("negativeMass", e.negative_mass);
  o.set("output", e.output);
  o.set("floor", e.floor);
  return o;
}

// The logits' scale: NaN means the default 1 / sqrt(d) (1 for an empty head, which the core then refuses).
double scale_or_default(double scale, double d) {
  return std::isnan(scale) ? (d > 0 ? 1.0 / std::sqrt(d) : 1.0) : scale;
}

val attention_matrix(std::uintptr_t qp, double n, double d, std::uintptr_t kp, double nk, double dk, double scale) {
  return guarded([&] {
    const char* fn = "attention_matrix";
    const double s = scale_or_default(scale, d);
    return matrix_value(
        mathlets::softmax_attention_weights(matrix_in(fn, qp, n, d), matrix_in(fn, kp, nk, dk), s, false));
  });
}

val largest_logit(std::uintptr_t qp, double n, double d, std::uintptr_t kp, double nk, double dk, double scale) {
  return guarded([&] {
    const char* fn = "largest_logit";
    const double s = scale_or_default(scale, d);
    return val(mathlets::largest_logit(matrix_in(fn, qp, n, d), matrix_in(fn, kp, nk, dk), s));
  });
}

val nystrom_attention(std::uintptr_t qp, double n, double d, std::uintptr_t kp, double nk, double dk, std::uintptr_t vp,
                      double nv, double dv, int m, int landmarks, std::uintptr_t ip, std::size_t ni, int middle,
                      int pinv_iters, double rtol, double scale, double seed_hi, double seed_lo, bool return_matrix,
                      bool history, bool errors) {
  return guarded([&] {
    const char* fn = "nystrom_attention";
    mathlets::NystromOptions o;
    o.landmarks = static_cast<mathlets::LandmarkRule>(landmarks);
    o.indices = copy_in<int>(ip, ni);
    o.middle = static_cast<mathlets::NystromMiddle>(middle);
    o.pinv_iters = pinv_iters;
    if (!std::isnan(rtol)) o.rtol = rtol;
    if (!std::isnan(scale)) o.scale = scale;
    o.seed = seed_from_halves(seed_hi, seed_lo);
    o.return_matrix = return_matrix;
    o.history = history;
    o.errors = errors;
    const auto r = mathlets::nystrom_attention(matrix_in(fn, qp, n, d), matrix_in(fn, kp, nk, dk),
                                               matrix_in(fn, vp, nv, dv), m, o);
    val out = val::object();
    out.set("out", matrix_value(r.out));
    out.set("F", matrix_value(r.f));
    out.set("A", matrix_value(r.a));
    out.set("Z", matrix_value(r.z));
    out.set("B", matrix_value(r.b));
    out.set("Qt", matrix_value(r.landmarks.q));
    out.set("Kt", matrix_value(r.landmarks.k));
    out.set("rows", int_array(r.landmarks.rows));
    out.set("cols", int_array(r.landmarks.cols));
    out.set("paperMode", r.landmarks.paper_mode);
    out.set("kappaA", r.kappa_a);
    out.set("gain", r.gain);
    out.set("pinvHistory", history_value(r.history));
    out.set("diverged", r.diverged);
    if (r.s_hat) out.set("Shat", matrix_value(*r.s_hat));
    if (r.errors) out.set("errors", errors_value(*r.errors));
    return out;
  });
}

val iterative_pinv(std::uintptr_t ap, double rows, double cols, int iters, int method, double init_scale,
                   bool reference) {
  return guarded([&] {
    const auto r = mathlets::iterative_pinv(matrix_in("iterative_pinv", ap, rows, cols), iters,
                                            static_cast<PinvIteration>(method), init_scale, reference);
    val o = val::object();
    o.set("Z", matrix_value(r.z));
    o.set("alpha", r.alpha);
    o.set("history", history_value(r.history));
    o.set("diverged", r.diverged);
    return o;
  });
}

val pinv_filter(std::uintptr_t tp, std::size_t n, int iters, int method) {
  return guarded([&] {
    return f64_array(mathlets::pinv_filter(copy_in<double>(tp, n), iters, static_cast<PinvIteration>(method)));
  });
}

val attention_errors(std::uintptr_t sp, double n, double nk, std::uintptr_t hp, double hn, double hk, std::uintptr_t vp,
                     double vn, double vd, std::uintptr_t svp, std::size_t nsv, int m) {
  return guarded([&] {
    const char* fn = "attention_errors";
    const auto sv = in<double>(svp, nsv);
    const auto e =
        mathlets::attention_errors(matrix_in(fn, sp, n, nk), matrix_in(fn, hp, hn, hk), matrix_in(fn, vp, vn, vd),
                                   Eigen::Map<const Eigen::VectorXd>(sv.data(), static_cast<Eigen::Index>(nsv)), m);
    return errors_value(e);
  });
}

val attention_inputs(int kind, int n, int d, double seed_hi, double seed_lo) {
  return guarded([&] {
    const auto r = mathlets::attention_inputs(static_cast<mathlets::AttentionPreset>(kind), n, d,
                                              seed_from_halves(seed_hi, seed_lo));
    val o = val::object();
    o.set("Q", matrix_value(r.q));
    o.set("K", matrix_value(r.k));
    o.set("V", matrix_value(r.v));
    return o;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(nystromformer) {
  using namespace mathlets_bindings;
  emscripten::function("attention_matrix", &attention_matrix);
  emscripten::function("largest_logit", &largest_logit);
  emscripten::function("nystrom_attention", &nystrom_attention);
  emscripten::function("iterative_pinv", &iterative_pinv);
  emscripten::function("pinv_filter", &pinv_filter);
  emscripten::function("attention_errors", &attention_errors);
  emscripten::function("attention_inputs", &attention_inputs);
}
