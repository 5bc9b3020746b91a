// Embind functions for grad_clip.hpp: norms and the three clipping variants over a list of tensors,
// learning-rate clipping, sign statistics, the model-size sweep and the training simulations.
// A tensor list crosses as one heap table of (pointer, length) pairs plus a dtype flag (0 f32, 1 f64);
// web/src/core/grad-clip.js builds it.
#include "boundary.hpp"
#include "mathlets/grad_clip.hpp"

namespace mathlets_bindings {
namespace {

template <class T>
std::vector<std::span<const T>> tensor_list(std::uintptr_t table, std::size_t count) {
  const auto entries = in<std::uint32_t>(table, 2 * count);
  std::vector<std::span<const T>> list;
  list.reserve(count);
  for (std::size_t i = 0; i < count; ++i) list.push_back(in<T>(entries[2 * i], entries[2 * i + 1]));
  return list;
}

// The same table, writable: clipping by global norm scales the heap copies JS made, in place.
template <class T>
std::vector<std::span<T>> writable_tensor_list(std::uintptr_t table, std::size_t count) {
  const auto entries = in<std::uint32_t>(table, 2 * count);
  std::vector<std::span<T>> list;
  list.reserve(count);
  for (std::size_t i = 0; i < count; ++i) list.push_back(out<T>(entries[2 * i], entries[2 * i + 1]));
  return list;
}

template <class T>
val typed_array(const std::vector<T>& v) {
  const char* ctor = sizeof(T) == 4 ? "Float32Array" : "Float64Array";
  return val::global(ctor).new_(emscripten::typed_memory_view(v.size(), v.data()));
}

template <class T>
val tensor_arrays(const std::vector<std::vector<T>>& tensors) {
  val list = val::array();
  for (const auto& t : tensors) list.call<void>("push", typed_array(t));
  return list;
}

mathlets::ClipOptions clip_options(int non_finite, bool torch_compat) {
  mathlets::ClipOptions o;
  o.non_finite = static_cast<mathlets::NonFiniteNorm>(non_finite);
  o.torch_compat = torch_compat;
  return o;
}

// Scales the tensors in the heap in place and returns the summary; JS copies the tensors out once
// (a copy made here, then another into JS arrays, cost as much as the clipping itself).
template <class T>
val clip_global(std::uintptr_t table, std::size_t count, double max_norm, int non_finite, bool torch_compat) {
  const auto tensors = writable_tensor_list<T>(table, count);
  const auto r = mathlets::clip_by_global_norm_in_place(std::span<const std::span<T>>(tensors), max_norm,
                                                        clip_options(non_finite, torch_compat));
  val o = val::object();
  o.set("norm", r.norm);
  o.set("scale", r.scale);
  o.set("clipped", r.clipped);
  o.set("finite", r.finite);
  return o;
}

template <class T>
val clip_tensor_wise(std::uintptr_t table, std::size_t count, double max_norm, int non_finite, bool torch_compat) {
  const auto r =
      mathlets::clip_per_tensor(tensor_list<T>(table, count), max_norm, clip_options(non_finite, torch_compat));
  val o = val::object();
  o.set("norms", f64_array(r.norms));
  o.set("scales", f64_array(r.scales));
  o.set("finite", r.finite);
  o.set("tensors", tensor_arrays(r.tensors));
  return o;
}

val clip_by_global_norm(std::uintptr_t table, std::size_t count, bool f64, double max_norm, int non_finite,
                        bool torch) {
  return guarded([&] {
    return f64 ? clip_global<double>(table, count, max_norm, non_finite, torch)
               : clip_global<float>(table, count, max_norm, non_finite, torch);
  });
}
val clip_per_tensor(std::uintptr_t table, std::size_t count, bool f64, double max_norm, int non_finite, bool torch) {
  return guarded([&] {
    return f64 ? clip_tensor_wise<double>(table, count, max_norm, non_finite, torch)
               : clip_tensor_wise<float>(table, count, max_norm, non_finite, torch);
  });
}
val clip_by_value(std::uintptr_t table, std::size_t count, bool f64, double clip_value) {
  return guarded([&] {
    return f64 ? tensor_arrays(mathlets::clip_by_value(tensor_list<double>(table, count), clip_value))
               : tensor_arrays(mathlets::clip_by_value(tensor_list<float>(table, count), clip_value));
  });
}
val global_norm(std::uintptr_t table, std::size_t count, bool f64) {
  return guarded([&] {
    return val(f64 ? mathlets::global_norm(tensor_list<double>(table, count))
                   : mathlets::global_norm(tensor_list<float>(table, count)));
  });
}

val clip_lr(double eta, std::uintptr_t u, std::size_t nu, std::uintptr_t g, std::size_t ng, double threshold) {
  return guarded([&] {
    const auto r = mathlets::clip_lr_by_inner_product(eta, in<double>(u, nu), in<double>(g, ng), threshold);
    val o = val::object();
    o.set("inner", r.inner);
    o.set("lr", r.lr);
    o.set("clipped", r.clipped);
    return o;
  });
}

val sign_stats(std::uintptr_t g, std::size_t n) {
  return guarded([&] {
    const auto s = mathlets::sign_stats(in<double>(g, n));
    val o = val::object();
    o.set("l1", s.l1);
    o.set("l2", s.l2);
    o.set("nonzero", s.nonzero);
    o.set("cosine", s.cosine);
    o.set("sqrtNL2Cos", s.sqrt_n_l2_cos);
    return o;
  });
}

val step_loss_change(std::uintptr_t h, std::uintptr_t theta, std::uintptr_t u, std::size_t n, double eta) {
  return guarded([&] {
    const auto r = mathlets::quadratic_step_loss_change(in<double>(h, n), in<double>(theta, n), in<double>(u, n), eta);
    val o = val::object();
    o.set("exact", r.exact);
    o.set("firstOrder", r.first_order);
    return o;
  });
}

val normal_quantile(double p) {
  return guarded([&] { return val(mathlets::normal_quantile(p)); });
}
val gaussian_quantile_vector(double n, double norm) {
  return guarded([&] {
    if (!(n >= 0 && n <= 1e8)) throw std::out_of_range("gaussian_quantile_vector: n must be in [0, 1e8]");
    return f64_array(mathlets::gaussian_quantile_vector(static_cast<std::size_t>(n), norm));
  });
}

val scale_sweep(std::uintptr_t sizes, std::size_t count, int law, double norm, double target, double density,
                double seed) {
  return guarded([&] {
    const auto raw = in<double>(sizes, count);
    std::vector<std::size_t> n;
    for (double v : raw) {
      if (!(v >= 1 && v <= 1e7 && v == static_cast<double>(static_cast<std::size_t>(v)))) {
        throw std::out_of_range("adam_scale_sweep: sizes must be integers in [1, 1e7]");
      }
      n.push_back(static_cast<std::size_t>(v));
    }
    mathlets::ScaleSweepOptions o;
    o.law = static_cast<mathlets::ComponentLaw>(law);
    o.norm = norm;
    o.target_change = target;
    o.density = density;
    o.seed = static_cast<std::uint64_t>(seed);
    val rows = val::array();
    for (const auto& r : mathlets::adam_scale_sweep(n, o)) {
      val row = val::object();
      row.set("n", r.n);
      row.set("l1", r.l1);
      row.set("l2", r.l2);
      row.set("cosine", r.cosine);
      row.set("nonzero", r.nonzero);
      row.set("lr", r.lr);
      row.set("sqrtN", r.sqrt_n);
      rows.call<void>("push", row);
    }
    return rows;
  });
}

val trace_value(const mathlets::TrainingTrace& t) {
  val o = val::object();
  o.set("loss", f64_array(t.loss));
  o.set("gradNorm", f64_array(t.grad_norm));
  o.set("lossChange", f64_array(t.loss_change));
  o.set("firstOrder", f64_array(t.first_order));
  o.set("lr", f64_array(t.lr));
  o.set("clipped", val::global("Int32Array").new_(emscripten::typed_memory_view(t.clipped.size(), t.clipped.data())));
  o.set("lrClipped",
        val::global("Int32Array").new_(emscripten::typed_memory_view(t.lr_clipped.size(), t.lr_clipped.data())));
  o.set("clipFraction", t.clip_fraction);
  o.set("lateMedianGradNorm", t.late_median_grad_norm);
  o.set("lateFractionBelowOne", t.late_fraction_below_one);
  o.set("lateMeanAbsChangeOverLr", t.late_mean_abs_change_over_lr);
  return o;
}

// Options arrive as a plain JS object whose fields web/src/core/grad-clip.js has validated for type.
mathlets::TrainingOptions training_options(const val& o) {
  mathlets::TrainingOptions t;
  t.optimizer = static_cast<mathlets::Optimizer>(o["optimizer"].as<int>());
  t.lr = o["lr"].as<double>();
  t.steps = static_cast<std::size_t>(o["steps"].as<double>());
  t.warmup = static_cast<std::size_t>(o["warmup"].as<double>());
  t.clip_norm = o["clipNorm"].as<double>();
  t.lr_clip = o["lrClip"].as<double>();
  t.loss_scale = o["lossScale"].as<double>();
  t.seed = static_cast<std::uint64_t>(o["seed"].as<double>());
  return t;
}

val simulate_quadratic(val options) {
  return guarded([&] {
    mathlets::QuadraticProblem p;
    p.dim = static_cast<std::size_t>(options["dim"].as<double>());
    p.h_min = options["hMin"].as<double>();
    p.h_max = options["hMax"].as<double>();
    p.theta0 = options["theta0"].as<double>();
    p.noise = options["noise"].as<double>();
    p.batch = static_cast<std::size_t>(options["batch"].as<double>());
    return trace_value(mathlets::simulate_noisy_quadratic(p, training_options(options)));
  });
}

val simulate_softmax(val options) {
  return guarded([&] {
    mathlets::SoftmaxProblem p;
    p.classes = static_cast<std::size_t>(options["classes"].as<double>());
    p.features = static_cast<std::size_t>(options["features"].as<double>());
    p.samples = static_cast<std::size_t>(options["samples"].as<double>());
    p.separation = options["separation"].as<double>();
    p.spread = options["spread"].as<double>();
    p.normalize_features = options["normalizeFeatures"].as<bool>();
    p.batch = static_cast<std::size_t>(options["batch"].as<double>());
    const auto r = mathlets::simulate_softmax_regression(p, training_options(options));
    val o = trace_value(r.trace);
    o.set("gradientBound", r.gradient_bound);
    return o;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(grad_clip) {
  using emscripten::function;
  using namespace mathlets_bindings;
  function("clip_by_global_norm", &clip_by_global_norm);
  function("clip_per_tensor", &clip_per_tensor);
  function("clip_by_value", &clip_by_value);
  function("global_norm", &global_norm);
  function("clip_lr", &clip_lr);
  function("sign_stats", &sign_stats);
  function("step_loss_change", &step_loss_change);
  function("normal_quantile", &normal_quantile);
  function("gaussian_quantile_vector", &gaussian_quantile_vector);
  function("scale_sweep", &scale_sweep);
  function("simulate_quadratic", &simulate_quadratic);
  function("simulate_softmax", &simulate_softmax);
}
