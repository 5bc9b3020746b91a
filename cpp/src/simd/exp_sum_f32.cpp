// Float32 kernels for logsumexp/softmax. exp is a Cephes-style polynomial: split x = n ln2 + r with
// |r| <= ln2/2 (ln2 in two parts so the reduction is exact enough), a degree-7 polynomial for e^r,
// and 2^n written straight into the exponent field. Relative error about 2 ulp on [-87.3, 0].
#include "exp_sum_f32.hpp"

#include <algorithm>
#include <cmath>

#include "f32x4.hpp"

namespace mathlets::simd {
namespace {

constexpr std::size_t kBlock = 1024;  // floats summed in float lanes before joining the double total
constexpr float kLowest = -87.33654f;  // below this e^x is under FLT_MIN: the term counts as 0

}  // namespace

double exp_shift_sum_f32_scalar(const float* x, std::size_t n, float m, float inv_tau, float* out) {
  double total = 0;
  for (std::size_t start = 0; start < n; start += kBlock) {
    float block = 0;
    for (std::size_t i = start; i < std::min(n, start + kBlock); ++i) {
      const float z = (x[i] - m) * inv_tau;
      const float e = z < kLowest ? 0.0f : std::exp(z);
      if (out) out[i] = e;
      block += e;
    }
    total += block;
  }
  return total;
}

#if MATHLETS_F32X4

namespace {

inline f32x4 exp_nonpositive(f32x4 z) {
  const f32x4 dead = lt_mask(z, splat(kLowest));
  z = max(z, splat(kLowest));
  const f32x4 n = round_nearest(mul(z, splat(1.44269504088896341f)));
  f32x4 r = sub(z, mul(n, splat(0.693359375f)));
  r = sub(r, mul(n, splat(-2.12194440e-4f)));
  f32x4 p = splat(1.9875691500e-4f);
  p = add(mul(p, r), splat(1.3981999507e-3f));
  p = add(mul(p, r), splat(8.3334519073e-3f));
  p = add(mul(p, r), splat(4.1665795894e-2f));
  p = add(mul(p, r), splat(1.6666665459e-1f));
  p = add(mul(p, r), splat(5.0000001201e-1f));
  p = add(add(mul(mul(p, r), r), r), splat(1.0f));
  return and_not(mul(p, exp2_int(n)), dead);
}

}  // namespace

MaxScan max_scan_f32(const float* x, std::size_t n) {
  std::size_t i = 0;
  float best = -INFINITY;
  bool nan = false;
  if (n >= 4) {
    f32x4 acc = splat(-INFINITY), bad = splat(0.0f);
    for (; i + 4 <= n; i += 4) {
      const f32x4 v = load(x + i);
      bad = or_mask(bad, nan_mask(v));
      acc = max(acc, v);
    }
    best = lane_max(acc);
    nan = any(bad);
  }
  for (; i < n; ++i) {
    nan = nan || std::isnan(x[i]);
    best = x[i] > best ? x[i] : best;
  }
  return {best, nan};
}

double exp_shift_sum_f32(const float* x, std::size_t n, float m, float inv_tau, float* out) {
  const f32x4 vm = splat(m), vs = splat(inv_tau);
  double total = 0;
  std::size_t i = 0;
  while (i + 4 <= n) {
    const std::size_t end = std::min(n, i + kBlock) & ~std::size_t{3};
    f32x4 acc = splat(0.0f);
    for (; i < end; i += 4) {
      const f32x4 e = exp_nonpositive(mul(sub(load(x + i), vm), vs));
      if (out) store(out + i, e);
      acc = add(acc, e);
    }
    total += lane_sum(acc);
  }
  return total + exp_shift_sum_f32_scalar(x + i, n - i, m, inv_tau, out ? out + i : nullptr);
}

#else

MaxScan max_scan_f32(const float* x, std::size_t n) {
  float best = -INFINITY;
  bool nan = false;
  for (std::size_t i = 0; i < n; ++i) {
    nan = nan || std::isnan(x[i]);
    best = x[i] > best ? x[i] : best;
  }
  return {best, nan};
}

double exp_shift_sum_f32(const float* x, std::size_t n, float m, float inv_tau, float* out) {
  return exp_shift_sum_f32_scalar(x, n, m, inv_tau, out);
}

#endif

}  // namespace mathlets::simd
