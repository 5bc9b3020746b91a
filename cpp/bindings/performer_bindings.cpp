// Embind functions for performer.hpp: exact softmax attention, the random projections and feature
// maps, Performer attention and its approximate matrix, and the estimator statistics. Options cross
// as numbers: enums as their index (in the orders of web/src/core/performer.js), a NaN scale means
// "the default 1/sqrt(d)", seeds as two 32-bit halves, an explicit W as a matrix with 0 rows when
// absent.
#include <cmath>

#include "matrix_boundary.hpp"
#include "mathlets/performer.hpp"

namespace mathlets_bindings {
namespace {

using mathlets::FeatureKind;
using mathlets::OmegaNorms;

double scale_or_default(double scale, std::ptrdiff_t d) {
  if (!std::isnan(scale)) return scale;
  return d > 0 ? 1.0 / std::sqrt(static_cast<double>(d)) : 1.0;
}

val softmax_attention(std::uintptr_t qp, double nq, double d, std::uintptr_t kp, double nk, double dk,
                      std::uintptr_t vp, double nv, double dv, double scale, bool causal) {
  return guarded([&] {
    const char* fn = "softmax_attention";
    const auto r = mathlets::softmax_attention(matrix_in(fn, qp, nq, d), matrix_in(fn, kp, nk, dk),
                                               matrix_in(fn, vp, nv, dv), scale_or_default(scale, d), causal);
    val o = val::object();
    o.set("out", matrix_value(r.out));
    o.set("logNormalizer", vector_value(r.log_normalizer));
    return o;
  });
}

val softmax_attention_weights(std::uintptr_t qp, double nq, double d, std::uintptr_t kp, double nk, double dk,
                              double scale, bool causal) {
  return guarded([&] {
    const char* fn = "softmax_attention_weights";
    return matrix_value(mathlets::softmax_attention_weights(matrix_in(fn, qp, nq, d), matrix_in(fn, kp, nk, dk),
                                                            scale_or_default(scale, d), causal));
  });
}

val draw_omegas(int d, int m, bool orthogonal, int norms, double seed_hi, double seed_lo, int qr) {
  return guarded([&] {
    return matrix_value(mathlets::draw_omegas(d, m, orthogonal, static_cast<OmegaNorms>(norms),
                                              seed_from_halves(seed_hi, seed_lo), static_cast<mathlets::OmegaQr>(qr)));
  });
}

val performer_features(std::uintptr_t xp, double n, double d, std::uintptr_t wp, double m, double dw, int kind,
                       double scale) {
  return guarded([&] {
    const char* fn = "performer_features";
    const auto r = mathlets::performer_features(matrix_in(fn, xp, n, d), matrix_in(fn, wp, m, dw),
                                                static_cast<FeatureKind>(kind), scale);
    val o = val::object();
    o.set("F", matrix_value(r.f));
    o.set("logScale", vector_value(r.log_scale));
    return o;
  });
}

val performer_attention(std::uintptr_t qp, double nq, double d, std::uintptr_t kp, double nk, double dk,
                        std::uintptr_t vp, double nv, double dv, std::uintptr_t wp, double wm, double wd, int m,
                        int kind, bool orthogonal, int norms, double seed_hi, double seed_lo, double scale, bool causal,
                        int stabilizer, double eps) {
  return guarded([&] {
    const char* fn = "performer_attention";
    mathlets::PerformerOptions o;
    o.m = m;
    o.kind = static_cast<FeatureKind>(kind);
    o.orthogonal = orthogonal;
    o.norms = static_cast<OmegaNorms>(norms);
    o.seed = seed_from_halves(seed_hi, seed_lo);
    if (!std::isnan(scale)) o.scale = scale;
    o.causal = causal;
    o.stabilizer = static_cast<mathlets::Stabilizer>(stabilizer);
    o.eps = eps;
    if (wm > 0) o.w = matrix_in(fn, wp, wm, wd);
    const auto r = mathlets::performer_attention(matrix_in(fn, qp, nq, d), matrix_in(fn, kp, nk, dk),
                                                 matrix_in(fn, vp, nv, dv), o);
    val out = val::object();
    out.set("out", matrix_value(r.out));
    out.set("logDenominator", vector_value(r.log_denominator));
    out.set("nonpositiveRows", int_array(r.nonpositive_rows));
    out.set("W", matrix_value(r.w));
    return out;
  });
}

val performer_attention_matrix(std::uintptr_t qp, double nq, double d, std::uintptr_t kp, double nk, double dk,
                               std::uintptr_t wp, double m, double dw, int kind, double scale, bool causal) {
  return guarded([&] {
    const char* fn = "performer_attention_matrix";
    const auto r = mathlets::performer_attention_matrix(matrix_in(fn, qp, nq, d), matrix_in(fn, kp, nk, dk),
                                                        matrix_in(fn, wp, m, dw), static_cast<FeatureKind>(kind),
                                                        scale_or_default(scale, d), causal);
    val o = val::object();
    o.set("P", matrix_value(r.p));
    o.set("tv", vector_value(r.tv));
    return o;
  });
}

Eigen::VectorXd vector_in(std::uintptr_t p, std::size_t n) {
  const auto s = in<double>(p, n);
  return Eigen::Map<const Eigen::VectorXd>(s.data(), static_cast<Eigen::Index>(n));
}

val kernel_estimate_stats(std::uintptr_t qp, std::uintptr_t kp, std::size_t d, int m, int kind, bool orthogonal,
                          int norms, int trials, double seed_hi, double seed_lo, int path) {
  return guarded([&] {
    mathlets::KernelStatsOptions o;
    o.kind = static_cast<FeatureKind>(kind);
    o.orthogonal = orthogonal;
    o.norms = static_cast<OmegaNorms>(norms);
    o.trials = trials;
    o.seed = seed_from_halves(seed_hi, seed_lo);
    o.path = static_cast<mathlets::StatsPath>(path);
    const auto s = mathlets::kernel_estimate_stats(vector_in(qp, d), vector_in(kp, d), m, o);
    val out = val::object();
    for (const auto& [name, value] : {std::pair{"sm", s.sm},
                                      {"logSm", s.log_sm},
                                      {"z2", s.z2},
                                      {"delta2", s.delta2},
                                      {"cfMean", s.cf_mean},
                                      {"cfVar", s.cf_var},
                                      {"cfRelvar", s.cf_relvar},
                                      {"mcMean", s.mc_mean},
                                      {"mcVar", s.mc_var},
                                      {"mcKurtosis", s.mc_kurtosis},
                                      {"mcNegFraction", s.mc_neg_fraction}}) {
      out.set(name, value);
    }
    out.set("cfAvailable", s.cf_available);
    out.set("relative", f64_array(s.relative));
    return out;
  });
}

val kernel_relative_variance(std::uintptr_t rp, std::size_t n, int d, int m, int kind, bool orthogonal) {
  return guarded([&] {
    return f64_array(
        mathlets::kernel_relative_variance(copy_in<double>(rp, n), d, m, static_cast<FeatureKind>(kind), orthogonal));
  });
}

val kernel_relative_moments(double z2, double delta2, int d, int m, int kind, bool orthogonal, int norms) {
  return guarded([&] {
    const auto r = mathlets::kernel_relative_moments(z2, delta2, d, m, static_cast<FeatureKind>(kind), orthogonal,
                                                     static_cast<OmegaNorms>(norms));
    val o = val::object();
    o.set("mean", r.mean);
    o.set("variance", r.variance);
    o.set("available", r.available);
    return o;
  });
}

val chi_quantile(double d, double p) {
  return guarded([&] { return val(mathlets::chi_quantile(d, p)); });
}

val attention_cost(double nq, double nk, double d, double dv, double m, int kind) {
  return guarded([&] {
    const auto c = mathlets::attention_cost(nq, nk, d, dv, m, static_cast<FeatureKind>(kind));
    val o = val::object();
    o.set("softmaxFlops", c.softmax_flops);
    o.set("softmaxExps", c.softmax_exps);
    o.set("performerFlops", c.performer_flops);
    o.set("performerExps", c.performer_exps);
    o.set("softmaxMemory", c.softmax_memory);
    o.set("performerMemory", c.performer_memory);
    return o;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(performer) {
  using namespace mathlets_bindings;
  emscripten::function("softmax_attention", &softmax_attention);
  emscripten::function("softmax_attention_weights", &softmax_attention_weights);
  emscripten::function("draw_omegas", &draw_omegas);
  emscripten::function("performer_features", &performer_features);
  emscripten::function("performer_attention", &performer_attention);
  emscripten::function("performer_attention_matrix", &performer_attention_matrix);
  emscripten::function("kernel_estimate_stats", &kernel_estimate_stats);
  emscripten::function("kernel_relative_variance", &kernel_relative_variance);
  emscripten::function("kernel_relative_moments", &kernel_relative_moments);
  emscripten::function("chi_quantile", &chi_quantile);
  emscripten::function("attention_cost", &attention_cost);
}
