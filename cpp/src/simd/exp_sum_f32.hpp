// The float32 kernels behind logsumexp and softmax: a max/NaN scan and a sum of shifted exponentials,
// hand-vectorised over four lanes (cpp/src/simd/f32x4.hpp) with a scalar twin for builds without SIMD.
#pragma once

#include <cstddef>

namespace mathlets::simd {

struct MaxScan {
  float max;  // -inf for an empty range
  bool nan;   // some entry is NaN (max is then meaningless)
};
MaxScan max_scan_f32(const float* x, std::size_t n);

// sum_i exp((x_i - m) * inv_tau) for x_i <= m, accumulated in float lanes within blocks of 1024 and
// in double across blocks (so a million terms stay accurate to ~1e-7). Writes each term to out[i] when
// out is not null. Terms below e^-87.3 count as 0.
double exp_shift_sum_f32(const float* x, std::size_t n, float m, float inv_tau, float* out);

// The same with std::exp, one element at a time: the reference for tests and the no-SIMD build.
double exp_shift_sum_f32_scalar(const float* x, std::size_t n, float m, float inv_tau, float* out);

}  // namespace mathlets::simd
