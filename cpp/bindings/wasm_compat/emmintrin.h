/* Shadows Emscripten 3.1.6's <emmintrin.h> (this directory comes first on the include path).
 * 3.1.6 emulates the packed float->int conversions one lane at a time through lrint(); Eigen's
 * vectorised exp/ldexp use them in their inner loops, which made them slower than scalar code.
 * Here the slow versions are renamed away and replaced by wasm SIMD ones with SSE's semantics:
 * 0x80000000 for NaN and out-of-range lanes; "current rounding mode" is nearest-even on wasm. */
#ifndef MATHLETS_EMMINTRIN_SHADOW_H
#define MATHLETS_EMMINTRIN_SHADOW_H
#define _mm_cvttps_epi32 mathlets_slow_mm_cvttps_epi32
#define _mm_cvtps_epi32 mathlets_slow_mm_cvtps_epi32
#define _mm_cvttpd_epi32 mathlets_slow_mm_cvttpd_epi32
#define _mm_cvtpd_epi32 mathlets_slow_mm_cvtpd_epi32
#include_next <emmintrin.h>
#undef _mm_cvttps_epi32
#undef _mm_cvtps_epi32
#undef _mm_cvttpd_epi32
#undef _mm_cvtpd_epi32

/* t holds integral values already. */
static __inline__ __m128i __attribute__((__always_inline__, __nodebug__)) mathlets_f32x4_to_i32x4(v128_t t) {
  v128_t out_of_range = wasm_v128_or(wasm_v128_or(wasm_f32x4_ge(t, wasm_f32x4_splat(2147483648.0f)),
                                                  wasm_f32x4_lt(t, wasm_f32x4_splat(-2147483648.0f))),
                                     wasm_f32x4_ne(t, t));
  return (__m128i)wasm_v128_bitselect(wasm_i32x4_splat((int)0x80000000), wasm_i32x4_trunc_sat_f32x4(t), out_of_range);
}
static __inline__ __m128i __attribute__((__always_inline__, __nodebug__)) _mm_cvttps_epi32(__m128 a) {
  return mathlets_f32x4_to_i32x4(wasm_f32x4_trunc((v128_t)a));
}
static __inline__ __m128i __attribute__((__always_inline__, __nodebug__)) _mm_cvtps_epi32(__m128 a) {
  return mathlets_f32x4_to_i32x4(wasm_f32x4_nearest((v128_t)a));
}

static __inline__ __m128i __attribute__((__always_inline__, __nodebug__)) mathlets_f64x2_to_i32x4(v128_t t) {
  v128_t out_of_range = wasm_v128_or(
      wasm_v128_or(wasm_f64x2_ge(t, wasm_f64x2_splat(2147483648.0)), wasm_f64x2_lt(t, wasm_f64x2_splat(-2147483648.0))),
      wasm_f64x2_ne(t, t));
  out_of_range = wasm_i32x4_shuffle(out_of_range, wasm_i32x4_splat(0), 0, 2, 4, 4); /* 64-bit masks to lanes 0, 1 */
  return (__m128i)wasm_v128_bitselect(wasm_i32x4_splat((int)0x80000000), wasm_i32x4_trunc_sat_f64x2_zero(t),
                                      out_of_range);
}
static __inline__ __m128i __attribute__((__always_inline__, __nodebug__)) _mm_cvttpd_epi32(__m128d a) {
  return mathlets_f64x2_to_i32x4(wasm_f64x2_trunc((v128_t)a));
}
static __inline__ __m128i __attribute__((__always_inline__, __nodebug__)) _mm_cvtpd_epi32(__m128d a) {
  return mathlets_f64x2_to_i32x4(wasm_f64x2_nearest((v128_t)a));
}
#endif
