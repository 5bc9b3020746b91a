// Embind functions for logsumexp.hpp: lse, softmax, derivatives, entropies and the bounds bundle.
#include "boundary.hpp"
#include "mathlets/logsumexp.hpp"

namespace mathlets_bindings {
namespace {

val bound_value(const mathlets::Bound& b) {
  val o = val::object();
  o.set("value", b.value);
  o.set("slack", b.slack);
  o.set("holds", b.holds);
  return o;
}

val lse_f64(std::uintptr_t x, std::size_t n, double tau) {
  return guarded([&] { return val(mathlets::logsumexp(in<double>(x, n), tau)); });
}
val lse_f32(std::uintptr_t x, std::size_t n, double tau) {
  return guarded([&] { return val(static_cast<double>(mathlets::logsumexp(in<float>(x, n), tau))); });
}
val softmax_f64(std::uintptr_t x, std::size_t n, double tau, std::uintptr_t result) {
  return guarded([&] {
    mathlets::softmax(in<double>(x, n), tau, out<double>(result, n));
    return val::undefined();
  });
}
val softmax_f32(std::uintptr_t x, std::size_t n, double tau, std::uintptr_t result) {
  return guarded([&] {
    mathlets::softmax(in<float>(x, n), tau, out<float>(result, n));
    return val::undefined();
  });
}

val lse_gradient(std::uintptr_t x, std::size_t n, double tau) {
  return guarded([&] {
    const mathlets::LseGradient g = mathlets::lse_gradient(in<double>(x, n), tau);
    val o = val::object();
    o.set("value", g.value);
    o.set("dx", f64_array(g.dx));
    o.set("dtau", g.dtau);
    return o;
  });
}

val lse_hessian(std::uintptr_t x, std::size_t n, double tau) {
  return guarded([&] { return f64_array(mathlets::lse_hessian(in<double>(x, n), tau)); });
}

val renyi_entropy(std::uintptr_t p, std::size_t n, double t) {
  return guarded([&] { return val(mathlets::renyi_entropy(in<double>(p, n), t)); });
}

val lse_bounds(std::uintptr_t x, std::size_t n, double tau, std::uintptr_t p, std::size_t np, double t,
               std::uintptr_t y, std::size_t ny, double mix) {
  return guarded([&] {
    mathlets::LseBoundsInput input;
    input.tau = tau;
    input.p = copy_in<double>(p, np);
    input.t = t;
    input.y = copy_in<double>(y, ny);
    input.mix = mix;
    const mathlets::LseBounds b = mathlets::lse_bounds(in<double>(x, n), input);

    val o = val::object();
    o.set("lse", b.lse);
    o.set("n", b.n);
    o.set("ties", b.ties);
    o.set("xMax", b.x_max);
    o.set("xMin", b.x_min);
    o.set("xMean", b.x_mean);
    o.set("tau", tau);
    o.set("t", b.t);
    o.set("p", f64_array(b.p));
    o.set("softmax", f64_array(b.softmax));
    o.set("entropy", b.entropy);
    o.set("kl", b.kl);
    o.set("softmin", b.softmin);
    val bounds = val::object();
    bounds.set("maxLower", bound_value(b.max_lower));
    bounds.set("tiesLower", bound_value(b.ties_lower));
    bounds.set("maxUpper", bound_value(b.max_upper));
    bounds.set("meanLower", bound_value(b.mean_lower));
    bounds.set("cauchyLower", bound_value(b.cauchy_lower));
    bounds.set("holderLower", bound_value(b.holder_lower));
    bounds.set("entropyLower", bound_value(b.entropy_lower));
    bounds.set("softminLower", bound_value(b.softmin_lower));
    bounds.set("softminUpper", bound_value(b.softmin_upper));
    val pair = val::null();
    if (b.has_y) {
      bounds.set("lipschitz", bound_value(b.lipschitz));
      bounds.set("convexity", bound_value(b.convexity));
      pair = val::object();
      pair.set("lseY", b.lse_y);
      pair.set("diff", b.diff);
      pair.set("diffMin", b.diff_min);
      pair.set("diffMax", b.diff_max);
      pair.set("maxNorm", b.max_norm);
      pair.set("mix", b.mix);
      pair.set("chord", b.chord);
      pair.set("lseMix", b.lse_mix);
    }
    o.set("bounds", bounds);
    o.set("pair", pair);
    return o;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(logsumexp) {
  using emscripten::function;
  using namespace mathlets_bindings;
  function("lse_f64", &lse_f64);
  function("lse_f32", &lse_f32);
  function("softmax_f64", &softmax_f64);
  function("softmax_f32", &softmax_f32);
  function("lse_gradient", &lse_gradient);
  function("lse_hessian", &lse_hessian);
  function("renyi_entropy", &renyi_entropy);
  function("lse_bounds", &lse_bounds);
}
