// e^x over an array of doubles x <= 0, two lanes at a time (f64x2.hpp: wasm_simd128, SSE2 or plain
// doubles): the one exp per entry that dominates the O(n) passes of ThreTopK, where every term is a
// function of e^-|u|. A scalar twin on std::exp is the reference for the tests.
#pragma once

#include <cstddef>

namespace mathlets::simd {

// Name of the f64x2 backend compiled in: "wasm_simd128", "sse2" or "scalar".
const char* f64x2_backend();

// out[i] = e^x[i] for x[i] <= 0 (-inf gives 0, NaN gives NaN; positive x is not supported).
// Within 1 ulp of the exact value, subnormal results included; out may alias x.
void exp_nonpositive_f64(const double* x, std::size_t n, double* out);

// The same with std::exp: the reference for the tests.
void exp_nonpositive_f64_scalar(const double* x, std::size_t n, double* out);

}  // namespace mathlets::simd
