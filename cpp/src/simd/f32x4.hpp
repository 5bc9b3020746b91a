// Four float lanes over whichever 128-bit SIMD the compiler targets: wasm_simd128 in the SIMD wasm
// build, SSE2 natively. MATHLETS_F32X4 is 0 when neither exists (the baseline wasm build), and the
// kernels then use their scalar twins.
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define MATHLETS_F32X4 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define MATHLETS_F32X4 1
#else
#define MATHLETS_F32X4 0
#endif

#if MATHLETS_F32X4
namespace mathlets::simd {

#if defined(__wasm_simd128__)
using f32x4 = v128_t;
inline f32x4 load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, f32x4 v) { wasm_v128_store(p, v); }
inline f32x4 splat(float v) { return wasm_f32x4_splat(v); }
inline f32x4 add(f32x4 a, f32x4 b) { return wasm_f32x4_add(a, b); }
inline f32x4 sub(f32x4 a, f32x4 b) { return wasm_f32x4_sub(a, b); }
inline f32x4 mul(f32x4 a, f32x4 b) { return wasm_f32x4_mul(a, b); }
inline f32x4 max(f32x4 a, f32x4 b) { return wasm_f32x4_pmax(a, b); }  // b where a < b: NaN-free inputs only
inline f32x4 lt_mask(f32x4 a, f32x4 b) { return wasm_f32x4_lt(a, b); }
inline f32x4 nan_mask(f32x4 a) { return wasm_f32x4_ne(a, a); }
inline f32x4 or_mask(f32x4 a, f32x4 b) { return wasm_v128_or(a, b); }
inline f32x4 and_not(f32x4 value, f32x4 mask) { return wasm_v128_andnot(value, mask); }  // value & ~mask
inline bool any(f32x4 mask) { return wasm_v128_any_true(mask); }
inline f32x4 round_nearest(f32x4 a) { return wasm_f32x4_nearest(a); }
// 2^n for integral n in [-126, 127], by building the float's exponent field.
inline f32x4 exp2_int(f32x4 n) {
  return wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
}
inline float lane_sum(f32x4 a) {
  return wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1) + wasm_f32x4_extract_lane(a, 2) +
         wasm_f32x4_extract_lane(a, 3);
}
inline float lane_max(f32x4 a) {
  float m = wasm_f32x4_extract_lane(a, 0);
  for (float v : {wasm_f32x4_extract_lane(a, 1), wasm_f32x4_extract_lane(a, 2), wasm_f32x4_extract_lane(a, 3)}) m = v > m ? v : m;
  return m;
}
#else
using f32x4 = __m128;
inline f32x4 load(const float* p) { return _mm_loadu_ps(p); }
inline void store(float* p, f32x4 v) { _mm_storeu_ps(p, v); }
inline f32x4 splat(float v) { return _mm_set1_ps(v); }
inline f32x4 add(f32x4 a, f32x4 b) { return _mm_add_ps(a, b); }
inline f32x4 sub(f32x4 a, f32x4 b) { return _mm_sub_ps(a, b); }
inline f32x4 mul(f32x4 a, f32x4 b) { return _mm_mul_ps(a, b); }
inline f32x4 max(f32x4 a, f32x4 b) { return _mm_max_ps(a, b); }
inline f32x4 lt_mask(f32x4 a, f32x4 b) { return _mm_cmplt_ps(a, b); }
inline f32x4 nan_mask(f32x4 a) { return _mm_cmpunord_ps(a, a); }
inline f32x4 or_mask(f32x4 a, f32x4 b) { return _mm_or_ps(a, b); }
inline f32x4 and_not(f32x4 value, f32x4 mask) { return _mm_andnot_ps(mask, value); }
inline bool any(f32x4 mask) { return _mm_movemask_ps(mask) != 0; }
inline f32x4 round_nearest(f32x4 a) { return _mm_cvtepi32_ps(_mm_cvtps_epi32(a)); }  // MXCSR default: nearest
inline f32x4 exp2_int(f32x4 n) {
  return _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(_mm_cvttps_epi32(n), _mm_set1_epi32(127)), 23));
}
inline float lane_sum(f32x4 a) {
  alignas(16) float v[4];
  _mm_store_ps(v, a);
  return (v[0] + v[1]) + (v[2] + v[3]);
}
inline float lane_max(f32x4 a) {
  alignas(16) float v[4];
  _mm_store_ps(v, a);
  float m = v[0];
  for (int i = 1; i < 4; ++i) m = v[i] > m ? v[i] : m;
  return m;
}
#endif

}  // namespace mathlets::simd
#endif
