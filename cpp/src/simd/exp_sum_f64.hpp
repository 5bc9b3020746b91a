// The double-precision sum behind logsumexp: sum of e^((x_i - m) / tau) in one pass over two lanes
// (exp_f64x2.hpp's lane exp, within 1 ulp per term), never writing the terms out.
#pragma once

#include <cstddef>

namespace mathlets::simd {

// sum_i e^((x_i - m) / tau). Requires x_i <= m, m finite, no NaN in x, and 0 < tau <= 1e300: then
// an x_i - m that overflows to -inf stands for a true argument below -DBL_MAX / 1e300 = -1.8e8,
// whose term is 0 anyway. -inf entries give 0.
double exp_shift_sum_f64(const double* x, std::size_t n, double m, double tau);

}  // namespace mathlets::simd
