// e^x over arrays of doubles x <= 0, two lanes at a time through exp_f64x2.hpp's lane exp.
#include "exp_f64.hpp"

#include <cmath>

#include "exp_f64x2.hpp"

namespace mathlets::simd {
using d2::load;
using d2::store;

const char* f64x2_backend() {
#if MATHLETS_F64X2_HARDWARE && defined(__wasm_simd128__)
  return "wasm_simd128";
#elif MATHLETS_F64X2_HARDWARE
  return "sse2";
#else
  return "scalar";
#endif
}

void exp_nonpositive_f64(const double* x, std::size_t n, double* out) {
  const d2::ExpNonpositive exp_nonpositive;
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) store(out + i, exp_nonpositive(load(x + i)));
  if (i < n) {  // the odd one out, through a padded pair
    double pair[2] = {x[i], 0.0};
    store(pair, exp_nonpositive(load(pair)));
    out[i] = pair[0];
  }
}

void exp_nonpositive_f64_scalar(const double* x, std::size_t n, double* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(x[i]);
}

}  // namespace mathlets::simd
