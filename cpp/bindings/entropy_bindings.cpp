// Embind functions for entropy.hpp: scale rules, row and attention entropies, the entropy-versus-
// length sweep, the annealed approximation and the sphere's Laplace constants, entropy normalization
// and the article's loop, and the JL projection and bounds. Enums cross as their index (in the
// orders of web/src/core/entropy.js), seeds as two 32-bit halves, lists as (pointer, length).
#include <cmath>
#include <limits>

#include "matrix_boundary.hpp"
#include "mathlets/entropy.hpp"

namespace mathlets_bindings {
namespace {

using mathlets::KeyDistribution;

val scale_value(const mathlets::Scale& s) {
  val o = val::object();
  o.set("lambda", s.lambda);
  o.set("unreachable", s.unreachable);
  return o;
}

val attention_scale(int mode, double n, double d, double base, double gain, int keys) {
  return guarded([&] {
    return scale_value(mathlets::attention_scale(static_cast<mathlets::ScaleMode>(mode), n, d,
                                                 {base, gain, static_cast<KeyDistribution>(keys)}));
  });
}

// z = scale s (masked keys stay -inf), its entropy with the two non-negative parts, the naive forms
// and dH/dscale (NaN where s holds NaN or +inf).
val row_entropy(std::uintptr_t sp, std::size_t n, double scale) {
  return guarded([&] {
    if (!(scale >= 0) || !std::isfinite(scale))
      throw std::out_of_range("row_entropy: scale = " + std::to_string(scale) + " must be >= 0 and finite");
    constexpr double inf = std::numeric_limits<double>::infinity();
    const auto s = in<double>(sp, n);
    std::vector<double> z(n);
    bool plain = true;
    for (std::size_t j = 0; j < n; ++j) {
      z[j] = s[j] == -inf ? -inf : scale * s[j];
      plain = plain && !std::isnan(s[j]) && s[j] != inf;
    }
    const auto r = mathlets::row_entropy_parts(z);
    val o = val::object();
    o.set("entropy", r.entropy);
    o.set("perplexity", std::exp(r.entropy));
    o.set("logS", r.log_s);
    o.set("gapMean", r.gap_mean);
    o.set("maxWeight", r.max_weight);
    o.set("visible", r.visible);
    o.set("slope", plain ? mathlets::entropy_scale_slope(s, scale) : NAN);
    o.set("naiveLse", mathlets::naive_row_entropy(z, mathlets::NaiveEntropy::lse_minus_mean));
    o.set("naivePLogP", mathlets::naive_row_entropy(z, mathlets::NaiveEntropy::p_log_p));
    return o;
  });
}

mathlets::AttentionEntropyOptions attention_options(bool causal, int length_scale, double base, double gain) {
  mathlets::AttentionEntropyOptions o;
  o.causal = causal;
  o.length_scale = static_cast<mathlets::LengthScale>(length_scale);
  o.base = base;
  o.gain = gain;
  return o;
}

val attention_entropy_value(const mathlets::AttentionEntropy& r) {
  val o = val::object();
  o.set("entropy", f64_array(r.entropy));
  o.set("perplexity", f64_array(r.perplexity));
  o.set("maxWeight", f64_array(r.max_weight));
  o.set("lambda", f64_array(r.lambda));
  o.set("visible", f64_array(r.visible));
  o.set("fastBound", f64_array(r.fast_bound));
  return o;
}

val attention_entropy(std::uintptr_t sp, double rows, double cols, double scale, bool causal, int length_scale,
                      double base, double gain) {
  return guarded([&] {
    return attention_entropy_value(mathlets::attention_entropy(matrix_in("attention_entropy", sp, rows, cols), scale,
                                                               attention_options(causal, length_scale, base, gain)));
  });
}

val attention_entropy_qk(std::uintptr_t qp, double nq, double d, std::uintptr_t kp, double nk, double dk, double scale,
                         bool causal, int length_scale, double base, double gain) {
  return guarded([&] {
    const char* fn = "attention_entropy_qk";
    return attention_entropy_value(mathlets::attention_entropy_qk(matrix_in(fn, qp, nq, d), matrix_in(fn, kp, nk, dk),
                                                                  scale,
                                                                  attention_options(causal, length_scale, base, gain)));
  });
}

val sweep_scores(int d, int rows, int n_keys, double seed_hi, double seed_lo, int keys) {
  return guarded([&] {
    return matrix_value(mathlets::sweep_scores(d, rows, n_keys, seed_from_halves(seed_hi, seed_lo),
                                               static_cast<KeyDistribution>(keys)));
  });
}

// With kept scores (srows > 0) the sweep runs on them instead of drawing (rows, seed and max_keys unused).
val entropy_vs_length(int d, std::uintptr_t lp, std::size_t nl, int rows, double seed_hi, double seed_lo, int keys,
                      double gain, double base, std::uintptr_t mp, std::size_t nm, double max_keys, std::uintptr_t sp,
                      double srows, double scols) {
  return guarded([&] {
    mathlets::EntropySweepOptions o;
    o.d = d;
    o.lengths = copy_in<double>(lp, nl);
    o.rows = rows;
    o.seed = seed_from_halves(seed_hi, seed_lo);
    o.keys = static_cast<KeyDistribution>(keys);
    o.gain = gain;
    o.base = base;
    o.modes.clear();
    for (const int m : in<int>(mp, nm)) o.modes.push_back(static_cast<mathlets::SweepMode>(m));
    o.max_keys = max_keys;
    const auto result = srows > 0 ? mathlets::entropy_vs_length(o, matrix_in("entropy_vs_length", sp, srows, scols))
                                  : mathlets::entropy_vs_length(o);
    val points = val::array();
    for (const auto& p : result) {
      val v = val::object();
      v.set("mode", static_cast<int>(p.mode));
      v.set("n", p.n);
      v.set("lambda", p.lambda);
      v.set("mean", p.mean);
      v.set("sd", p.sd);
      v.set("q05", p.q05);
      v.set("q25", p.q25);
      v.set("q50", p.q50);
      v.set("q75", p.q75);
      v.set("q95", p.q95);
      v.set("annealed", p.annealed);
      v.set("annealedUnreliable", p.annealed_unreliable);
      v.set("fastBound", p.fast_bound);
      v.set("unreachable", p.unreachable);
      v.set("entropy", f64_array(p.entropy));
      v.set("fastBounds", f64_array(p.fast_bounds));
      v.set("factors", f64_array(p.factors));
      v.set("factorMedian", p.mode == mathlets::SweepMode::entropy_normalized ? p.factor_median : NAN);
      v.set("unreachableRows", p.unreachable_rows);
      points.call<void>("push", v);
    }
    return points;
  });
}

val annealed_entropy(double n, double d, double lambda, int keys) {
  return guarded([&] {
    const auto a = mathlets::annealed_entropy(n, d, lambda, static_cast<KeyDistribution>(keys));
    val o = val::object();
    o.set("entropy", a.entropy);
    o.set("unreliable", a.unreliable);
    return o;
  });
}

val invariant_scale(double n, double d, double target, int keys) {
  return guarded(
      [&] { return scale_value(mathlets::invariant_scale(n, d, target, static_cast<KeyDistribution>(keys))); });
}

val sphere_tilt(double lambda) {
  return guarded([&] {
    const auto t = mathlets::sphere_tilt(lambda);
    val o = val::object();
    o.set("cStar", t.c_star);
    o.set("thetaStar", t.theta_star);
    o.set("peak", t.peak);
    o.set("g", t.g);
    return o;
  });
}

val entropy_normalize(std::uintptr_t vp, std::size_t n, bool probs, double target) {
  return guarded([&] {
    const auto v = in<double>(vp, n);
    const auto r = probs ? mathlets::entropy_normalize_probs(v, target) : mathlets::entropy_normalize_logits(v, target);
    val o = val::object();
    o.set("gamma", r.gamma);
    o.set("p", f64_array(r.p));
    o.set("H", r.entropy);
    o.set("iterations", r.iterations);
    o.set("status", static_cast<int>(r.status));
    return o;
  });
}

val article_iteration(std::uintptr_t pp, std::size_t n, double target, int iters) {
  return guarded([&] {
    const auto r = mathlets::article_iteration(in<double>(pp, n), target, iters);
    val steps = val::array();
    for (const auto& s : r.steps) {
      val v = val::object();
      v.set("gamma", s.gamma);
      v.set("cumulative", s.cumulative);
      v.set("entropy", s.entropy);
      steps.call<void>("push", v);
    }
    val o = val::object();
    o.set("steps", steps);
    o.set("p", f64_array(r.p));
    o.set("reversed", r.reversed);
    o.set("overflow", r.overflow);
    o.set("nan", r.nan);
    return o;
  });
}

val jl_projection_matrix(int k, int m, double seed_hi, double seed_lo) {
  return guarded(
      [&] { return matrix_value(mathlets::jl_projection_matrix(k, m, seed_from_halves(seed_hi, seed_lo))); });
}

val jl_projection_distortion(std::uintptr_t xp, double rows, double cols, int k, double seed_hi, double seed_lo,
                             double eps) {
  return guarded([&] {
    const auto r = mathlets::jl_projection_distortion(matrix_in("jl_projection_distortion", xp, rows, cols), k,
                                                      seed_from_halves(seed_hi, seed_lo), eps);
    val o = val::object();
    o.set("ratios", f64_array(r.ratios));
    o.set("maxDeviation", r.max_deviation);
    o.set("min", r.min);
    o.set("max", r.max);
    o.set("mean", r.mean);
    o.set("q05", r.q05);
    o.set("q25", r.q25);
    o.set("q50", r.q50);
    o.set("q75", r.q75);
    o.set("q95", r.q95);
    o.set("withinEps", r.within_eps);
    o.set("duplicates", r.duplicates);
    o.set("nearDuplicates", r.near_duplicates);
    o.set("innerProductDeviation", r.inner_product_deviation);
    return o;
  });
}

val jl_bounds(double n, double eps, double k) {
  return guarded([&] {
    const auto b = mathlets::jl_bounds(n, eps, k);
    val o = val::object();
    o.set("k24", b.k24);
    o.set("k16", b.k16);
    o.set("simple", b.simple);
    o.set("chernoff", b.chernoff);
    o.set("exact", b.exact);
    o.set("kSimple", b.k_simple);
    o.set("kChernoff", b.k_chernoff);
    o.set("kExact", b.k_exact);
    o.set("rule8", b.rule8);
    o.set("rule833", b.rule833);
    o.set("ruleEntropy", b.rule_entropy);
    return o;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(entropy) {
  using namespace mathlets_bindings;
  emscripten::function("attention_scale", &attention_scale);
  emscripten::function("row_entropy", &row_entropy);
  emscripten::function("attention_entropy", &attention_entropy);
  emscripten::function("attention_entropy_qk", &attention_entropy_qk);
  emscripten::function("sweep_scores", &sweep_scores);
  emscripten::function("entropy_vs_length", &entropy_vs_length);
  emscripten::function("annealed_entropy", &annealed_entropy);
  emscripten::function("invariant_scale", &invariant_scale);
  emscripten::function("sphere_tilt", &sphere_tilt);
  emscripten::function("entropy_normalize", &entropy_normalize);
  emscripten::function("article_iteration", &article_iteration);
  emscripten::function("jl_projection_matrix", &jl_projection_matrix);
  emscripten::function("jl_projection_distortion", &jl_projection_distortion);
  emscripten::function("jl_bounds", &jl_bounds);
}
