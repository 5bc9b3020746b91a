// Two double lanes over whichever 128-bit SIMD the compiler targets: wasm_simd128 in the SIMD wasm
// build (checked first: Emscripten with -msse4.2 also defines __SSE2__), SSE2 natively, and a plain
// pair of doubles otherwise (the baseline wasm build), so the kernels have one source, as f32x4.hpp
// does for floats. MATHLETS_F64X2_SCALAR forces the plain backend, for testing it. Masks are lanes with
// all bits set (true) or clear (false), as the comparison instructions make them.
#pragma once

#if defined(__wasm_simd128__) && !defined(MATHLETS_F64X2_SCALAR)
#include <wasm_simd128.h>
#define MATHLETS_F64X2_HARDWARE 1
#elif defined(__SSE2__) && !defined(MATHLETS_F64X2_SCALAR)
#include <emmintrin.h>
#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif
#define MATHLETS_F64X2_HARDWARE 1
#else
#include <cstdint>

#include "lane_bits.hpp"
#define MATHLETS_F64X2_HARDWARE 0
#endif

namespace mathlets::simd::d2 {

#if MATHLETS_F64X2_HARDWARE && defined(__wasm_simd128__)
using f64x2 = v128_t;
inline f64x2 load(const double* p) { return wasm_v128_load(p); }
inline void store(double* p, f64x2 v) { wasm_v128_store(p, v); }
inline f64x2 splat(double v) { return wasm_f64x2_splat(v); }
inline f64x2 add(f64x2 a, f64x2 b) { return wasm_f64x2_add(a, b); }
inline f64x2 sub(f64x2 a, f64x2 b) { return wasm_f64x2_sub(a, b); }
inline f64x2 mul(f64x2 a, f64x2 b) { return wasm_f64x2_mul(a, b); }
inline f64x2 div(f64x2 a, f64x2 b) { return wasm_f64x2_div(a, b); }
// The larger of x and the constant c; NaN in x stays NaN (pmax(c, x) = c < x ? x : c would drop it).
inline f64x2 max_keep_nan(f64x2 x, f64x2 c) { return wasm_f64x2_pmax(x, c); }
// Adds an integer to the 64-bit pattern of each lane, then shifts it left by 52.
inline f64x2 add_bits_shl52(f64x2 a, long long k) { return wasm_i64x2_shl(wasm_i64x2_add(a, wasm_i64x2_splat(k)), 52); }
inline f64x2 lt_mask(f64x2 a, f64x2 b) { return wasm_f64x2_lt(a, b); }
inline f64x2 nan_mask(f64x2 a) { return wasm_f64x2_ne(a, a); }
inline f64x2 or_mask(f64x2 a, f64x2 b) { return wasm_v128_or(a, b); }
inline bool any(f64x2 mask) { return wasm_v128_any_true(mask); }
inline f64x2 select(f64x2 mask, f64x2 a, f64x2 b) { return wasm_v128_bitselect(a, b, mask); }  // mask ? a : b

#elif MATHLETS_F64X2_HARDWARE
using f64x2 = __m128d;
inline f64x2 load(const double* p) { return _mm_loadu_pd(p); }
inline void store(double* p, f64x2 v) { _mm_storeu_pd(p, v); }
inline f64x2 splat(double v) { return _mm_set1_pd(v); }
inline f64x2 add(f64x2 a, f64x2 b) { return _mm_add_pd(a, b); }
inline f64x2 sub(f64x2 a, f64x2 b) { return _mm_sub_pd(a, b); }
inline f64x2 mul(f64x2 a, f64x2 b) { return _mm_mul_pd(a, b); }
inline f64x2 div(f64x2 a, f64x2 b) { return _mm_div_pd(a, b); }
// maxpd returns its second operand when either is NaN: put x second.
inline f64x2 max_keep_nan(f64x2 x, f64x2 c) { return _mm_max_pd(c, x); }
inline f64x2 add_bits_shl52(f64x2 a, long long k) {
  return _mm_castsi128_pd(_mm_slli_epi64(_mm_add_epi64(_mm_castpd_si128(a), _mm_set1_epi64x(k)), 52));
}
inline f64x2 lt_mask(f64x2 a, f64x2 b) { return _mm_cmplt_pd(a, b); }
inline f64x2 nan_mask(f64x2 a) { return _mm_cmpunord_pd(a, a); }
inline f64x2 or_mask(f64x2 a, f64x2 b) { return _mm_or_pd(a, b); }
inline bool any(f64x2 mask) { return _mm_movemask_pd(mask) != 0; }
#if defined(__SSE4_1__)
inline f64x2 select(f64x2 mask, f64x2 a, f64x2 b) { return _mm_blendv_pd(b, a, mask); }
#else
inline f64x2 select(f64x2 mask, f64x2 a, f64x2 b) { return _mm_or_pd(_mm_and_pd(mask, a), _mm_andnot_pd(mask, b)); }
#endif

#else
struct f64x2 {
  double v[2];
};
template <class F>
inline f64x2 each(f64x2 a, f64x2 b, F f) {
  return {{f(a.v[0], b.v[0]), f(a.v[1], b.v[1])}};
}
inline f64x2 load(const double* p) { return {{p[0], p[1]}}; }
inline void store(double* p, f64x2 a) {
  p[0] = a.v[0];
  p[1] = a.v[1];
}
inline f64x2 splat(double v) { return {{v, v}}; }
// One line per operation: kept out of clang-format.
// clang-format off
inline f64x2 add(f64x2 a, f64x2 b) { return each(a, b, [](double x, double y) { return x + y; }); }
inline f64x2 sub(f64x2 a, f64x2 b) { return each(a, b, [](double x, double y) { return x - y; }); }
inline f64x2 mul(f64x2 a, f64x2 b) { return each(a, b, [](double x, double y) { return x * y; }); }
inline f64x2 div(f64x2 a, f64x2 b) { return each(a, b, [](double x, double y) { return x / y; }); }
inline f64x2 max_keep_nan(f64x2 x, f64x2 c) { return each(x, c, [](double a, double b) { return a < b ? b : a; }); }
inline f64x2 lt_mask(f64x2 a, f64x2 b) { return each(a, b, [](double x, double y) { return from_bits(x < y ? ~0ull : 0); }); }
inline f64x2 nan_mask(f64x2 a) { return each(a, a, [](double x, double) { return from_bits(x != x ? ~0ull : 0); }); }
inline f64x2 or_mask(f64x2 a, f64x2 b) { return each(a, b, [](double x, double y) { return from_bits(bits(x) | bits(y)); }); }
inline bool any(f64x2 mask) { return (bits(mask.v[0]) | bits(mask.v[1])) != 0; }
inline f64x2 select(f64x2 mask, f64x2 a, f64x2 b) { return {{bits(mask.v[0]) ? a.v[0] : b.v[0], bits(mask.v[1]) ? a.v[1] : b.v[1]}}; }
// clang-format on
inline f64x2 add_bits_shl52(f64x2 a, long long k) {
  return each(a, a, [k](double x, double) { return from_bits((bits(x) + static_cast<std::uint64_t>(k)) << 52); });
}
#endif

}  // namespace mathlets::simd::d2
