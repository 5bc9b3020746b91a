// Float32 kernels for logsumexp/softmax. exp is a Cephes-style polynomial: z = n ln2 + r with
// |r| <= ln2/2 (ln2 split in a short high part and a low part, so n * hi is exact and r keeps its
// bits), a degree-7 polynomial for e^r, and 2^n written straight into the exponent field (f32x4.hpp's
// pow2_of_shifted: n is rounded by adding 1.5 * 2^23, which leaves it in the low bits).
// Relative error about 2 ulp on [-87.3, 0].
#include "exp_sum_f32.hpp"

#include <algorithm>
#include <cmath>

#include "f32x4.hpp"

namespace mathlets::simd {
namespace {

// Floats summed in float lanes before the block joins the double total. With four accumulators a
// lane takes 16 terms per block: summing k near-equal terms in float drifts by ~k u / 4 (measured:
// 3.8e-6 for a million e^-0.001 at 256 terms per lane), so 16 keeps the total within ~3e-7.
constexpr std::size_t kBlock = 256;
constexpr float kLowest = -87.33654f;  // ln(FLT_MIN): below it the term counts as 0 (and n >= -126)
constexpr float kShift = 12582912.0f;  // 1.5 * 2^23: t = y + kShift holds round(y) in its low bits

// The constants, read through a volatile table once per call so that they stay in registers across
// the loop, for the reason exp_f64x2.hpp gives (V8 rebuilds each v128.const at every use).
const volatile float kExpLanes[] = {
    kLowest,
    kShift,
    1.44269504088896341f,  // log2(e)
    0.693359375f,          // ln2 high part, 8 significant bits: n * it is exact for |n| <= 127
    -2.12194440e-4f,       // ln2 - the high part
    1.9875691500e-4f,
    1.3981999507e-3f,
    8.3334519073e-3f,
    4.1665795894e-2f,
    1.6666665459e-1f,
    5.0000001201e-1f,
    1.0f,
};

// e^z for z <= 0, lanewise; exactly 0 below kLowest and exactly 1 at z = 0.
class ExpNonpositive {
 public:
  ExpNonpositive() {
    f32x4* const fields[] = {&lowest_, &shift_, &log2e_, &ln2hi_, &ln2lo_, p_,
                             p_ + 1,   p_ + 2,  p_ + 3,  p_ + 4,  p_ + 5,  &one_};
    for (int k = 0; k < 12; ++k) *fields[k] = splat(kExpLanes[k]);
  }

  f32x4 operator()(f32x4 z) const {
    const f32x4 dead = lt_mask(z, lowest_);
    z = max(z, lowest_);  // also maps -inf to kLowest, so n stays in the exponent's range
    const f32x4 t = add(mul(z, log2e_), shift_);
    const f32x4 n = sub(t, shift_);
    f32x4 r = sub(z, mul(n, ln2hi_));
    r = sub(r, mul(n, ln2lo_));
    f32x4 p = p_[0];
    for (int k = 1; k < 6; ++k) p = add(mul(p, r), p_[k]);
    p = add(add(mul(mul(p, r), r), r), one_);  // 1 + r + r^2 P(r)
    return and_not(mul(p, pow2_of_shifted(t)), dead);
  }

 private:
  f32x4 lowest_, shift_, log2e_, ln2hi_, ln2lo_, p_[6], one_;
};

}  // namespace

const char* f32x4_backend() {
#if MATHLETS_F32X4_HARDWARE && defined(__wasm_simd128__)
  return "wasm_simd128";
#elif MATHLETS_F32X4_HARDWARE && defined(__SSE4_1__)
  return "sse4.1";
#elif MATHLETS_F32X4_HARDWARE
  return "sse2";
#else
  return "scalar";
#endif
}

double exp_shift_sum_f32_scalar(const float* x, std::size_t n, float m, float inv_tau, float* out) {
  double total = 0;  // in double: this is the reference the SIMD kernel is tested against
  for (std::size_t i = 0; i < n; ++i) {
    const float z = (x[i] - m) * inv_tau;
    const float e = z < kLowest ? 0.0f : std::exp(z);
    if (out) out[i] = e;
    total += e;
  }
  return total;
}

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
  const ExpNonpositive exp_nonpositive;
  const f32x4 vm = splat(m), vs = splat(inv_tau);
  const auto term = [&](std::size_t i) {
    const f32x4 e = exp_nonpositive(mul(sub(load(x + i), vm), vs));
    if (out) store(out + i, e);
    return e;
  };
  double total = 0;
  std::size_t i = 0;
  while (i + 4 <= n) {
    const std::size_t end = std::min(n, i + kBlock) & ~std::size_t{3};
    f32x4 a0 = splat(0.0f), a1 = a0, a2 = a0, a3 = a0;  // four chains: shorter sums, and no add latency stall
    for (; i + 16 <= end; i += 16) {
      a0 = add(a0, term(i));
      a1 = add(a1, term(i + 4));
      a2 = add(a2, term(i + 8));
      a3 = add(a3, term(i + 12));
    }
    for (; i < end; i += 4) a0 = add(a0, term(i));
    total += lane_sum(add(add(a0, a1), add(a2, a3)));
  }
  // The last n % 4 entries: pad to a full vector rather than switch to std::exp, so every term comes
  // from the same exp (softmax outputs stay consistent across the tail).
  if (i < n) {
    float tail[4] = {m, m, m, m}, terms[4];
    std::copy(x + i, x + n, tail);
    store(terms, exp_nonpositive(mul(sub(load(tail), vm), vs)));
    for (std::size_t k = 0; k < n - i; ++k) {
      if (out) out[i + k] = terms[k];
      total += terms[k];
    }
  }
  return total;
}

}  // namespace mathlets::simd
