// The float32 kernels behind logsumexp and softmax: a max/NaN scan and a sum of shifted exponentials,
// written once over four lanes (f32x4.hpp: wasm_simd128, SSE2 or plain floats), with a scalar twin
// on std::exp that the tests use as the reference.
#pragma once

#include <cstddef>

namespace mathlets::simd {

// Name of the f32x4 backend compiled in: "wasm_simd128", "sse2", "sse4.1" or "scalar".
const char* f32x4_backend();

struct MaxScan {
  float max;  // -inf for an empty range; meaningless when nan is set
  bool nan;   // some entry is NaN
};
MaxScan max_scan_f32(const float* x, std::size_t n);

// sum_i exp((x_i - m) * inv_tau) for x_i <= m. Terms are accumulated in float lanes within blocks of
// 256 (16 per lane) and in double across blocks, so a million terms stay accurate to ~3e-7 relative. Writes each
// term to out[i] when out is not null. Arguments below -87.3 (e^z under FLT_MIN) give exactly 0.
// The caller keeps inv_tau finite and nonzero: ties then give 0 * inv_tau = 0 and -inf entries -inf.
double exp_shift_sum_f32(const float* x, std::size_t n, float m, float inv_tau, float* out);

// The same with std::exp, one element at a time, summed in double: the reference for the tests.
double exp_shift_sum_f32_scalar(const float* x, std::size_t n, float m, float inv_tau, float* out);

}  // namespace mathlets::simd
