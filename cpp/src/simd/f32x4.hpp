// Four float lanes over whichever 128-bit SIMD the compiler targets: wasm_simd128 in the SIMD wasm
// build (checked first: Emscripten with -msse4.2 also defines __SSE2__), SSE2 natively (SSE4.1's
// rounding when available), and a plain array of four floats otherwise (the baseline wasm build),
// so the kernels have one source. MATHLETS_F32X4_SCALAR forces the plain backend, for testing it.
// MATHLETS_F32X4_HARDWARE says whether the lanes are real SIMD.
#pragma once

#if defined(__wasm_simd128__) && !defined(MATHLETS_F32X4_SCALAR)
#include <wasm_simd128.h>
#define MATHLETS_F32X4_HARDWARE 1
#elif defined(__SSE2__) && !defined(MATHLETS_F32X4_SCALAR)
#include <emmintrin.h>
#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif
#define MATHLETS_F32X4_HARDWARE 1
#else
#include <cstdint>

#include "lane_bits.hpp"
#define MATHLETS_F32X4_HARDWARE 0
#endif

namespace mathlets::simd {

// Masks are lanes with all bits set (true) or clear (false), as the comparison instructions make them.
// pow2_of_shifted(t): 2^j for the integer j in [-126, 127] held in the low mantissa bits of
// t = j + 1.5 * 2^23 (adding 1.5 * 2^23 rounds to an integer, to nearest even, and puts it there): j + 127
// shifted into the exponent field, the bits above it falling off. No float-to-int conversion: wasm's
// saturating one costs V8 about eight instructions.
#if MATHLETS_F32X4_HARDWARE && defined(__wasm_simd128__)
using f32x4 = v128_t;
inline f32x4 load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, f32x4 v) { wasm_v128_store(p, v); }
inline f32x4 splat(float v) { return wasm_f32x4_splat(v); }
inline f32x4 add(f32x4 a, f32x4 b) { return wasm_f32x4_add(a, b); }
inline f32x4 sub(f32x4 a, f32x4 b) { return wasm_f32x4_sub(a, b); }
inline f32x4 mul(f32x4 a, f32x4 b) { return wasm_f32x4_mul(a, b); }
// b where a < b, else a: with NaN in b the result is a; callers detect NaN separately.
inline f32x4 max(f32x4 a, f32x4 b) { return wasm_f32x4_pmax(a, b); }
inline f32x4 lt_mask(f32x4 a, f32x4 b) { return wasm_f32x4_lt(a, b); }
inline f32x4 nan_mask(f32x4 a) { return wasm_f32x4_ne(a, a); }
inline f32x4 or_mask(f32x4 a, f32x4 b) { return wasm_v128_or(a, b); }
inline f32x4 and_not(f32x4 value, f32x4 mask) { return wasm_v128_andnot(value, mask); }  // value & ~mask
inline bool any(f32x4 mask) { return wasm_v128_any_true(mask); }
inline f32x4 pow2_of_shifted(f32x4 t) { return wasm_i32x4_shl(wasm_i32x4_add(t, wasm_i32x4_splat(127)), 23); }
inline void lanes(f32x4 a, float v[4]) { wasm_v128_store(v, a); }

#elif MATHLETS_F32X4_HARDWARE
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
inline f32x4 pow2_of_shifted(f32x4 t) {
  return _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(_mm_castps_si128(t), _mm_set1_epi32(127)), 23));
}
inline void lanes(f32x4 a, float v[4]) { _mm_storeu_ps(v, a); }

#else
struct f32x4 {
  float v[4];
};
template <class F>
inline f32x4 each(f32x4 a, f32x4 b, F f) {
  return {{f(a.v[0], b.v[0]), f(a.v[1], b.v[1]), f(a.v[2], b.v[2]), f(a.v[3], b.v[3])}};
}
inline float mask_lane(bool on) { return from_bits(on ? ~std::uint32_t{0} : std::uint32_t{0}); }
inline f32x4 load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store(float* p, f32x4 a) {
  for (int i = 0; i < 4; ++i) p[i] = a.v[i];
}
inline f32x4 splat(float v) { return {{v, v, v, v}}; }
// One line per operation: kept out of clang-format.
// clang-format off
inline f32x4 add(f32x4 a, f32x4 b) { return each(a, b, [](float x, float y) { return x + y; }); }
inline f32x4 sub(f32x4 a, f32x4 b) { return each(a, b, [](float x, float y) { return x - y; }); }
inline f32x4 mul(f32x4 a, f32x4 b) { return each(a, b, [](float x, float y) { return x * y; }); }
inline f32x4 max(f32x4 a, f32x4 b) { return each(a, b, [](float x, float y) { return x < y ? y : x; }); }
inline f32x4 lt_mask(f32x4 a, f32x4 b) { return each(a, b, [](float x, float y) { return mask_lane(x < y); }); }
inline f32x4 nan_mask(f32x4 a) { return each(a, a, [](float x, float) { return mask_lane(x != x); }); }
// clang-format on
inline f32x4 or_mask(f32x4 a, f32x4 b) {
  return each(a, b, [](float x, float y) { return from_bits(bits(x) | bits(y)); });
}
inline f32x4 and_not(f32x4 value, f32x4 mask) {
  return each(value, mask, [](float x, float m) { return from_bits(bits(x) & ~bits(m)); });
}
inline bool any(f32x4 mask) { return (bits(mask.v[0]) | bits(mask.v[1]) | bits(mask.v[2]) | bits(mask.v[3])) != 0; }
inline f32x4 pow2_of_shifted(f32x4 t) {
  return each(t, t, [](float x, float) { return from_bits((bits(x) + 127u) << 23); });
}
inline void lanes(f32x4 a, float v[4]) { store(v, a); }
#endif

inline float lane_sum(f32x4 a) {
  float v[4];
  lanes(a, v);
  return (v[0] + v[1]) + (v[2] + v[3]);
}
inline float lane_max(f32x4 a) {
  float v[4];
  lanes(a, v);
  float m = v[0];
  for (int i = 1; i < 4; ++i) m = v[i] > m ? v[i] : m;
  return m;
}

}  // namespace mathlets::simd
