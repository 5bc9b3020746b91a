// e^x for x <= 0 on two double lanes, after fdlibm's exp: x = k ln2 + r with |r| <= ln2/2 (ln2 split so
// k * hi is exact), e^r from a degree-5 rational approximation in r^2 (error below 1 ulp), and 2^k
// applied exactly (as two powers of two where the result is subnormal, so it is rounded once). Integers come from
// adding 1.5 * 2^52: the sum rounds to an integer whose bits sit in the low mantissa, ready to be
// moved into the exponent field, so no float-to-int conversion is needed (wasm has no fast one).
// Inline in a header because the array kernels (exp_f64.cpp, exp_sum_f64.cpp) each need it inside
// their loops.
#pragma once

#include "f64x2.hpp"

namespace mathlets::simd::d2 {

namespace exp_constants {
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
}  // namespace exp_constants

// 2^j for the integer j held in the mantissa of t = j + kShift (j in [-1022, 1023]).
inline f64x2 pow2_of_shifted(f64x2 t) { return add_bits_shl52(t, 1023); }

// The constants, read through a volatile table once per array call (ExpNonpositive's constructor) so
// that they stay in registers across the loop: as literals, LLVM places a v128.const at every use in
// the loop body, and V8 builds each one anew from integer registers on every pass (measured: the
// headless-Chromium lse f64 kernel took 4.5 ms with literals, 3.1 ms with this table; Node the same).
inline const volatile double kExpLanes[] = {exp_constants::kLog2e,
                                            exp_constants::kShift,
                                            exp_constants::kLn2Hi,
                                            exp_constants::kLn2Lo,
                                            exp_constants::kP1,
                                            exp_constants::kP2,
                                            exp_constants::kP3,
                                            exp_constants::kP4,
                                            exp_constants::kP5,
                                            1.0,
                                            2.0,
                                            -708.0};

// e^x for x <= 0, lanewise: -inf gives 0, NaN gives NaN, and exactly 0 gives exactly 1.
class ExpNonpositive {
 public:
  ExpNonpositive()
      : log2e_(splat(kExpLanes[0])),
        shift_(splat(kExpLanes[1])),
        ln2hi_(splat(kExpLanes[2])),
        ln2lo_(splat(kExpLanes[3])),
        p1_(splat(kExpLanes[4])),
        p2_(splat(kExpLanes[5])),
        p3_(splat(kExpLanes[6])),
        p4_(splat(kExpLanes[7])),
        p5_(splat(kExpLanes[8])),
        one_(splat(kExpLanes[9])),
        two_(splat(kExpLanes[10])),
        normal_floor_(splat(kExpLanes[11])) {}

  // Above -708.0 (k >= -1021) 2^k is a normal number and y 2^k is exact: one product. A pair takes
  // the longer way of tiny() only when one of its lanes is below. NaN compares false and stays NaN.
  f64x2 operator()(f64x2 x) const {
    if (any(lt_mask(x, normal_floor_))) return tiny(x);
    const Scaled e = scaled(x);
    return mul(e.y, pow2_of_shifted(e.t));
  }

 private:
  // e^x = y 2^k: k = round(x / ln2), returned as t = k + kShift (its integer in the mantissa), and
  // y = e^r for the reduced r = x - k ln2, in [0.7, 1.42]. Needs x >= kFloor (k >= -1076).
  struct Scaled {
    f64x2 y, t;
  };
  Scaled scaled(f64x2 x) const {
    const f64x2 t = add(mul(x, log2e_), shift_);
    const f64x2 k = sub(t, shift_);
    const f64x2 hi = sub(x, mul(k, ln2hi_));
    const f64x2 lo = mul(k, ln2lo_);
    const f64x2 r = sub(hi, lo);
    const f64x2 r2 = mul(r, r);
    f64x2 p = add(mul(p5_, r2), p4_);
    p = add(mul(p, r2), p3_);
    p = add(mul(p, r2), p2_);
    p = add(mul(p, r2), p1_);
    const f64x2 c = sub(r, mul(r2, p));
    // e^r = 1 - ((lo - r c / (2 - c)) - hi)
    return {sub(one_, sub(sub(lo, div(mul(r, c), sub(two_, c))), hi)), t};
  }

  // Where a lane's result is subnormal or 0 (x < -708.0, k down to -1076), 2^k is not a normal
  // number: it is applied as 2^k1 2^k2 with k1 = round(k / 2), both halves normal, so y 2^k1 is exact
  // and only the last product rounds.
  f64x2 tiny(f64x2 x) const {
    using namespace exp_constants;
    x = max_keep_nan(x, splat(kFloor));  // -inf -> kFloor, so k stays in range; NaN stays NaN
    const Scaled e = scaled(x);
    const f64x2 k = sub(e.t, shift_);
    const f64x2 t1 = add(mul(k, splat(0.5)), shift_);
    const f64x2 k2 = sub(k, sub(t1, shift_));
    return mul(mul(e.y, pow2_of_shifted(t1)), pow2_of_shifted(add(k2, shift_)));
  }

  f64x2 log2e_, shift_, ln2hi_, ln2lo_, p1_, p2_, p3_, p4_, p5_, one_, two_, normal_floor_;
};

}  // namespace mathlets::simd::d2
