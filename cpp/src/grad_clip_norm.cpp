// Overflow-safe L2 norms (section 4.1): f32 squares summed in f64, f64 entries scaled by a power of two
// near 1 / max|g| before squaring; per-tensor parts merged as (2^e, q) pairs. The inner loops are 128-bit
// SIMD kernels (wasm_simd128 or SSE2) with a scalar twin; each block of kBlock entries is summed on its own.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <stdexcept>

#include "number_text.hpp"
#include <string>

#include "grad_clip_detail.hpp"
#include "mathlets/grad_clip.hpp"

#if defined(__wasm_simd128__) && !defined(MATHLETS_GRAD_CLIP_SCALAR)
#include <wasm_simd128.h>
#define MATHLETS_CLIP_WASM 1
#elif defined(__SSE2__) && !defined(MATHLETS_GRAD_CLIP_SCALAR)
#include <emmintrin.h>
#define MATHLETS_CLIP_SSE2 1
#endif

namespace mathlets::clip_detail {

namespace {

constexpr std::size_t kBlock = 4096;

// sum g_i^2 in f64 over one block.
double sum_squares_f32(const float* g, std::size_t n) {
  std::size_t i = 0;
  double total = 0;
#if defined(MATHLETS_CLIP_WASM)
  v128_t a0 = wasm_f64x2_splat(0.0), a1 = wasm_f64x2_splat(0.0);
  for (; i + 4 <= n; i += 4) {
    const v128_t v = wasm_v128_load(g + i);
    const v128_t lo = wasm_f64x2_promote_low_f32x4(v);
    const v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(lo, lo));
    a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(hi, hi));
  }
  const v128_t a = wasm_f64x2_add(a0, a1);
  total = wasm_f64x2_extract_lane(a, 0) + wasm_f64x2_extract_lane(a, 1);
#elif defined(MATHLETS_CLIP_SSE2)
  __m128d a0 = _mm_setzero_pd(), a1 = _mm_setzero_pd();
  for (; i + 4 <= n; i += 4) {
    const __m128 v = _mm_loadu_ps(g + i);
    const __m128d lo = _mm_cvtps_pd(v), hi = _mm_cvtps_pd(_mm_movehl_ps(v, v));
    a0 = _mm_add_pd(a0, _mm_mul_pd(lo, lo));
    a1 = _mm_add_pd(a1, _mm_mul_pd(hi, hi));
  }
  const __m128d a = _mm_add_pd(a0, a1);
  total = _mm_cvtsd_f64(a) + _mm_cvtsd_f64(_mm_unpackhi_pd(a, a));
#else
  double a[4] = {0, 0, 0, 0};  // independent accumulators: lets the compiler pipeline (or vectorise) the loop
  for (; i + 4 <= n; i += 4)
    for (int l = 0; l < 4; ++l) {
      const double v = g[i + l];
      a[l] += v * v;
    }
  total = (a[0] + a[1]) + (a[2] + a[3]);
#endif
  for (; i < n; ++i) total += static_cast<double>(g[i]) * g[i];
  return total;
}

// max |g_i| over one block, and whether any entry is NaN or +-inf.
double max_abs_f64(const double* g, std::size_t n, bool& bad) {
  std::size_t i = 0;
  double m = 0;
  bool flag = false;
#if defined(MATHLETS_CLIP_WASM)
  v128_t mx = wasm_f64x2_splat(0.0), nf = wasm_i64x2_splat(0);
  const v128_t big = wasm_f64x2_splat(DBL_MAX);
  for (; i + 2 <= n; i += 2) {
    const v128_t a = wasm_f64x2_abs(wasm_v128_load(g + i));
    mx = wasm_f64x2_pmax(mx, a);                                  // NaN lanes are caught by nf
    nf = wasm_v128_or(nf, wasm_v128_not(wasm_f64x2_le(a, big)));  // NaN or inf
  }
  m = std::max(wasm_f64x2_extract_lane(mx, 0), wasm_f64x2_extract_lane(mx, 1));
  flag = wasm_v128_any_true(nf);
#elif defined(MATHLETS_CLIP_SSE2)
  __m128d mx = _mm_setzero_pd(), nf = _mm_setzero_pd();
  const __m128d big = _mm_set1_pd(DBL_MAX), sign = _mm_set1_pd(-0.0);
  for (; i + 2 <= n; i += 2) {
    const __m128d a = _mm_andnot_pd(sign, _mm_loadu_pd(g + i));
    mx = _mm_max_pd(mx, a);
    nf = _mm_or_pd(nf, _mm_cmpnle_pd(a, big));  // not (a <= DBL_MAX): NaN or inf
  }
  m = std::max(_mm_cvtsd_f64(mx), _mm_cvtsd_f64(_mm_unpackhi_pd(mx, mx)));
  flag = _mm_movemask_pd(nf) != 0;
#endif
  for (; i < n; ++i) {
    const double a = std::fabs(g[i]);
    m = a > m ? a : m;
    flag |= !(a <= DBL_MAX);
  }
  bad = bad || flag;
  return m;
}

// sum (g_i * s)^2 over one block (s a power of two, so the scaling is exact).
double sum_scaled_squares_f64(const double* g, std::size_t n, double s) {
  std::size_t i = 0;
  double total = 0;
#if defined(MATHLETS_CLIP_WASM)
  v128_t a0 = wasm_f64x2_splat(0.0), a1 = wasm_f64x2_splat(0.0);
  const v128_t sv = wasm_f64x2_splat(s);
  for (; i + 4 <= n; i += 4) {
    const v128_t x0 = wasm_f64x2_mul(wasm_v128_load(g + i), sv), x1 = wasm_f64x2_mul(wasm_v128_load(g + i + 2), sv);
    a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(x0, x0));
    a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(x1, x1));
  }
  const v128_t a = wasm_f64x2_add(a0, a1);
  total = wasm_f64x2_extract_lane(a, 0) + wasm_f64x2_extract_lane(a, 1);
#elif defined(MATHLETS_CLIP_SSE2)
  __m128d a0 = _mm_setzero_pd(), a1 = _mm_setzero_pd();
  const __m128d sv = _mm_set1_pd(s);
  for (; i + 4 <= n; i += 4) {
    const __m128d x0 = _mm_mul_pd(_mm_loadu_pd(g + i), sv), x1 = _mm_mul_pd(_mm_loadu_pd(g + i + 2), sv);
    a0 = _mm_add_pd(a0, _mm_mul_pd(x0, x0));
    a1 = _mm_add_pd(a1, _mm_mul_pd(x1, x1));
  }
  const __m128d a = _mm_add_pd(a0, a1);
  total = _mm_cvtsd_f64(a) + _mm_cvtsd_f64(_mm_unpackhi_pd(a, a));
#else
  double a[4] = {0, 0, 0, 0};
  for (; i + 4 <= n; i += 4)
    for (int l = 0; l < 4; ++l) {
      const double v = g[i + l] * s;
      a[l] += v * v;
    }
  total = (a[0] + a[1]) + (a[2] + a[3]);
#endif
  for (; i < n; ++i) {
    const double v = g[i] * s;
    total += v * v;
  }
  return total;
}

template <class T>
void classify(std::span<const T> g, NormParts& p) {
  for (T v : g) {
    p.nan |= std::isnan(v);
    p.inf |= std::isinf(v);
  }
}

}  // namespace

NormParts norm_parts(std::span<const float> g) {
  NormParts p;
  for (std::size_t b = 0; b < g.size(); b += kBlock)
    p.q += sum_squares_f32(g.data() + b, std::min(kBlock, g.size() - b));
  if (!std::isfinite(p.q)) classify(g, p);  // f32 squares cannot overflow f64: only NaN / inf entries get here
  return p;
}

NormParts norm_parts(std::span<const double> g) {
  NormParts p;
  bool bad = false;
  double m = 0;
  for (std::size_t b = 0; b < g.size(); b += kBlock)
    m = std::max(m, max_abs_f64(g.data() + b, std::min(kBlock, g.size() - b), bad));
  if (bad) {
    classify(g, p);
    return p;
  }
  if (m == 0) return p;
  // Scale by 2^-e so the largest entry lands in [1, 2): exact, and squares cannot overflow or underflow.
  p.exp = std::ilogb(m);
  if (p.exp >= -1022) {
    const double s = std::ldexp(1.0, -p.exp);
    for (std::size_t b = 0; b < g.size(); b += kBlock)
      p.q += sum_scaled_squares_f64(g.data() + b, std::min(kBlock, g.size() - b), s);
  } else {  // subnormal max: 2^-e is not representable, so scale in two exact steps
    const double s1 = std::ldexp(1.0, 600), s2 = std::ldexp(1.0, -p.exp - 600);
    for (double v : g) {
      const double t = v * s1 * s2;
      p.q += t * t;
    }
  }
  return p;
}

NormParts merge(NormParts a, NormParts b) {
  NormParts r;
  r.nan = a.nan || b.nan;
  r.inf = a.inf || b.inf;
  if (a.q == 0) {
    r.exp = b.exp;
    r.q = b.q;
  } else if (b.q == 0) {
    r.exp = a.exp;
    r.q = a.q;
  } else {
    r.exp = std::max(a.exp, b.exp);
    r.q = std::ldexp(a.q, 2 * (a.exp - r.exp)) + std::ldexp(b.q, 2 * (b.exp - r.exp));
  }
  return r;
}

double value(const NormParts& p) {
  if (p.nan) return std::nan("");
  if (p.inf) return HUGE_VAL;
  return std::ldexp(std::sqrt(p.q), p.exp);
}

double ratio(double max_norm, const NormParts& p) {
  // Divide the mantissa, not max_norm itself: a subnormal max_norm / sqrt(q) would lose its digits.
  int e = 0;
  const double m = std::frexp(max_norm, &e);
  return std::ldexp(m / std::sqrt(p.q), e - p.exp);
}

double pairwise_abs_sum(const double* v, std::size_t n) {
  if (n <= 64) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += std::fabs(v[i]);
    return s;
  }
  const std::size_t half = n / 2;
  return pairwise_abs_sum(v, half) + pairwise_abs_sum(v + half, n - half);
}

void check_threshold(const char* routine, const char* name, double v) {
  if (!(v >= 0))
    throw std::invalid_argument(std::string(routine) + ": " + name + " = " + number_text(v) + " must be >= 0");
}

}  // namespace mathlets::clip_detail

namespace mathlets {

namespace {
template <class T>
double global_norm_of(std::span<const std::span<const T>> tensors) {
  clip_detail::NormParts total;
  for (const auto& t : tensors) total = clip_detail::merge(total, clip_detail::norm_parts(t));
  return clip_detail::value(total);
}
}  // namespace

double global_norm(std::span<const std::span<const float>> tensors) { return global_norm_of(tensors); }
double global_norm(std::span<const std::span<const double>> tensors) { return global_norm_of(tensors); }
double l2_norm(std::span<const float> g) { return clip_detail::value(clip_detail::norm_parts(g)); }
double l2_norm(std::span<const double> g) { return clip_detail::value(clip_detail::norm_parts(g)); }

}  // namespace mathlets
