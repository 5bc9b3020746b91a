// Shared by the *_bindings.cpp files, the only code that knows Emscripten.
//
// Calling convention (web/src/core/heap.js is the other half):
// - Arrays arrive as (heap pointer, length) that JS allocated and filled with one bulk copy.
// - Array results are returned as fresh JS typed arrays (copied out of the heap here), so JS never
//   holds a view that memory growth can invalidate, and no one ever calls delete().
// - No C++ exception crosses into JS: each binding runs inside guarded(), which returns {error, name}
//   instead, and the JS side rethrows it as a real RangeError/Error. Every C++ object is destroyed
//   before the return, so the heap returns to its baseline after every call, errors included.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace mathlets_bindings {

using emscripten::val;

template <class T>
std::span<const T> in(std::uintptr_t ptr, std::size_t n) {
  return {reinterpret_cast<const T*>(ptr), n};
}
template <class T>
std::span<T> out(std::uintptr_t ptr, std::size_t n) {
  return {reinterpret_cast<T*>(ptr), n};
}
template <class T>
std::vector<T> copy_in(std::uintptr_t ptr, std::size_t n) {
  const auto s = in<T>(ptr, n);
  return {s.begin(), s.end()};
}

inline val error_value(const char* name, const char* message) {
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

inline val f64_array(std::span<const double> v) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

inline val int_array(std::span<const int> v) {
  return val::global("Int32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

// A 64-bit SplitMix64 seed from the two 32-bit halves JS passes (web/src/core/seed.js).
inline std::uint64_t seed_from_halves(double hi, double lo) {
  return (static_cast<std::uint64_t>(hi) << 32) | static_cast<std::uint64_t>(lo);
}

}  // namespace mathlets_bindings
