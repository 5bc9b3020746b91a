// The only file that knows Emscripten: Embind functions over the C++ core.
//
// Calling convention (web/src/core/marshal.js is the other half):
// - Arrays arrive as (heap pointer, length) that JS allocated and filled with one bulk copy.
// - Array results are returned as fresh JS typed arrays (copied out of the heap here), so JS never
//   holds a view that memory growth can invalidate, and no one ever calls delete().
// - No C++ exception crosses into JS: each binding catches it and returns {error, name} instead, which
//   the JS side rethrows as a real RangeError/Error. Every C++ object is destroyed before the return,
//   so the heap returns to its baseline after every call, errors included.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdint>
#include <new>
#include <span>
#include <string>
#include <stdexcept>
#include <vector>

#include "mathlets/logsumexp.hpp"

using emscripten::val;

namespace {

template <class T>
std::span<const T> in(std::uintptr_t ptr, std::size_t n) {
  return {reinterpret_cast<const T*>(ptr), n};
}
template <class T>
std::span<T> out(std::uintptr_t ptr, std::size_t n) {
  return {reinterpret_cast<T*>(ptr), n};
}

val error_value(const char* name, const char* message) {
  val e = val::object();
  e.set("error", val(message));
  e.set("name", val(name));
  return e;
}

// Runs f and turns any C++ exception into an error value: bad arguments (std::logic_error and
// its children) become RangeError, failures of the computation plain Error.
template <class F>
val guarded(F&& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return error_value("RangeError", "out of memory: the input is too large for this page");
  } catch (const std::logic_error& e) {
    return error_value("RangeError", e.what());
  } catch (const std::exception& e) {
    return error_value("Error", e.what());
  }
}

val f64_array(std::span<const double> v) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

val bound_value(const mathlets::Bound& b) {
  val o = val::object();
  o.set("value", b.value);
  o.set("slack", b.slack);
  o.set("holds", b.holds);
  return o;
}

// ---- logsumexp ---------------------------------------------------------------------------------

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
    input.p.assign(reinterpret_cast<const double*>(p), reinterpret_cast<const double*>(p) + np);
    input.t = t;
    input.y.assign(reinterpret_cast<const double*>(y), reinterpret_cast<const double*>(y) + ny);
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

// ---- diagnostics -------------------------------------------------------------------------------

// Bytes currently allocated by malloc: the JS tests check it returns to its baseline after calls.
std::size_t heap_in_use() { return mallinfo().uordblks; }

// Which instruction sets the core was compiled for ("wasm-simd128" or "scalar").
std::string simd_instructions() {
#ifdef __wasm_simd128__
  return "wasm-simd128";
#else
  return "scalar";
#endif
}

}  // namespace

EMSCRIPTEN_BINDINGS(mathlets) {
  using emscripten::function;
  function("lse_f64", &lse_f64);
  function("lse_f32", &lse_f32);
  function("softmax_f64", &softmax_f64);
  function("softmax_f32", &softmax_f32);
  function("lse_gradient", &lse_gradient);
  function("lse_hessian", &lse_hessian);
  function("renyi_entropy", &renyi_entropy);
  function("lse_bounds", &lse_bounds);
  function("heap_in_use", &heap_in_use);
  function("simd_instructions", &simd_instructions);
}
