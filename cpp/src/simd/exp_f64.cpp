// e^x for x <= 0 in double lanes, after fdlibm's exp: x = k ln2 + r with |r| <= ln2/2 (ln2 split so
// k * hi is exact), e^r from a degree-5 rational approximation in r^2 (error below 1 ulp), and 2^k
// applied as two exact powers of two, so subnormal results are rounded once. Integers come from
// adding 1.5 * 2^52: the sum rounds to an integer whose bits sit in the low mantissa, ready to be
// moved into the exponent field, so no float-to-int conversion is needed (wasm has no fast one).
#include "exp_f64.hpp"

#include <cmath>

#include "f64x2.hpp"

namespace mathlets::simd {
namespace {

using namespace d2;

constexpr double kShift = 6755399441055744.0;  // 1.5 * 2^52
constexpr double kFloor = -746.0;              // below ln(denorm_min / 2): e^x rounds to 0
constexpr double kLog2e = 1.44269504088896338700e+00;
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 32 significant bits: k * kLn2Hi is exact
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln2 - kLn2Hi
constexpr double kP1 = 1.66666666666666019037e-01;
constexpr double kP2 = -2.77777777770155933842e-03;
constexpr double kP3 = 6.61375632143793436117e-05;
constexpr double kP4 = -1.65339022054652515390e-06;
constexpr double kP5 = 4.13813679705723846039e-08;

// 2^j for the integer j held in the mantissa of t = j + kShift (j in [-1022, 1023]).
inline f64x2 pow2_of_shifted(f64x2 t) { return add_bits_shl52(t, 1023); }

inline f64x2 exp_nonpositive(f64x2 x) {
  x = max_keep_nan(x, splat(kFloor));  // -inf -> kFloor, so k stays in range; NaN stays NaN
  const f64x2 t = add(mul(x, splat(kLog2e)), splat(kShift));
  const f64x2 k = sub(t, splat(kShift));  // round(x / ln2), in [-1076, 0]
  const f64x2 hi = sub(x, mul(k, splat(kLn2Hi)));
  const f64x2 lo = mul(k, splat(kLn2Lo));
  const f64x2 r = sub(hi, lo);
  const f64x2 r2 = mul(r, r);
  f64x2 p = add(mul(splat(kP5), r2), splat(kP4));
  p = add(mul(p, r2), splat(kP3));
  p = add(mul(p, r2), splat(kP2));
  p = add(mul(p, r2), splat(kP1));
  const f64x2 c = sub(r, mul(r2, p));
  // e^r = 1 - ((lo - r c / (2 - c)) - hi)
  const f64x2 y = sub(splat(1.0), sub(sub(lo, div(mul(r, c), sub(splat(2.0), c))), hi));
  // 2^k = 2^k1 2^k2 with k1 = round(k / 2): both halves are normal numbers, so y 2^k1 is exact.
  const f64x2 t1 = add(mul(k, splat(0.5)), splat(kShift));
  const f64x2 k2 = sub(k, sub(t1, splat(kShift)));
  return mul(mul(y, pow2_of_shifted(t1)), pow2_of_shifted(add(k2, splat(kShift))));
}

}  // namespace

const char* f64x2_backend() {
#if MATHLETS_F64X2_HARDWARE && defined(__wasm_simd128__)
  return "wasm_simd128";
#elif MATHLETS_F64X2_HARDWARE
  return "sse2";
#else
  return "scalar";
#endif
}

void exp_nonpositive_f64(const double* x, std::size_t n, double* out) {
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) store(out + i, exp_nonpositive(load(x + i)));
  if (i < n) {  // the odd one out, through a padded pair
    double pair[2] = {x[i], 0.0};
    store(pair, exp_nonpositive(load(pair)));
    out[i] = pair[0];
  }
}

void exp_nonpositive_f64_scalar(const double* x, std::size_t n, double* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(x[i]);
}

}  // namespace mathlets::simd
