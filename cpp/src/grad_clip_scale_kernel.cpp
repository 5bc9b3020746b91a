// The scaling pass of clipping, v <- T(double(v) * c): every entry is multiplied in f64 and rounded once to
// T. A 128-bit SIMD kernel (wasm_simd128 or SSE2) with a scalar twin; compilers do not vectorise the
// f32 -> f64 -> f32 round trip themselves, and the scalar loop cost more than the norm and both copies
// across the wasm boundary together.
#include "grad_clip_detail.hpp"

#if defined(__wasm_simd128__) && !defined(MATHLETS_GRAD_CLIP_SCALAR)
#include <wasm_simd128.h>
#define MATHLETS_SCALE_WASM 1
#elif defined(__SSE2__) && !defined(MATHLETS_GRAD_CLIP_SCALAR)
#include <emmintrin.h>
#define MATHLETS_SCALE_SSE2 1
#endif

namespace mathlets::clip_detail {

void scale_by(std::span<float> g, double c) {
  float* p = g.data();
  const std::size_t n = g.size();
  std::size_t i = 0;
#if defined(MATHLETS_SCALE_WASM)
  const v128_t k = wasm_f64x2_splat(c);
  for (; i + 4 <= n; i += 4) {
    const v128_t v = wasm_v128_load(p + i);
    const v128_t lo = wasm_f32x4_demote_f64x2_zero(wasm_f64x2_mul(wasm_f64x2_promote_low_f32x4(v), k));
    const v128_t hi = wasm_f32x4_demote_f64x2_zero(
        wasm_f64x2_mul(wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)), k));
    wasm_v128_store(p + i, wasm_i64x2_shuffle(lo, hi, 0, 2));
  }
#elif defined(MATHLETS_SCALE_SSE2)
  const __m128d k = _mm_set1_pd(c);
  for (; i + 4 <= n; i += 4) {
    const __m128 v = _mm_loadu_ps(p + i);
    const __m128 lo = _mm_cvtpd_ps(_mm_mul_pd(_mm_cvtps_pd(v), k));
    const __m128 hi = _mm_cvtpd_ps(_mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(v, v)), k));
    _mm_storeu_ps(p + i, _mm_movelh_ps(lo, hi));
  }
#endif
  for (; i < n; ++i) p[i] = static_cast<float>(static_cast<double>(p[i]) * c);
}

void scale_by(std::span<double> g, double c) {
  double* p = g.data();
  const std::size_t n = g.size();
  std::size_t i = 0;
#if defined(MATHLETS_SCALE_WASM)
  const v128_t k = wasm_f64x2_splat(c);
  for (; i + 2 <= n; i += 2) wasm_v128_store(p + i, wasm_f64x2_mul(wasm_v128_load(p + i), k));
#elif defined(MATHLETS_SCALE_SSE2)
  const __m128d k = _mm_set1_pd(c);
  for (; i + 2 <= n; i += 2) _mm_storeu_pd(p + i, _mm_mul_pd(_mm_loadu_pd(p + i), k));
#endif
  for (; i < n; ++i) p[i] *= c;
}

}  // namespace mathlets::clip_detail
