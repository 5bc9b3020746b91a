// logsumexp, softmax, entropies, derivatives and the f32 kernels (../shared/math/logsumexp.md):
// the oracles of sections 5.1, 5.2 (entropies) and 5.4, the edge cases of section 4, the invariants of
// section 5.5 on seeded random inputs, the f32 kernel against long double and against its scalar twin,
// and bad inputs.
//
// Tolerances (section 3.1): double results 1e-14 relative to the oracle (a few roundings of values
// of size |m| + tau log n); float32 results 1e-6 relative (f32 rounding is 6e-8, the exp polynomial
// ~2 ulp, the blocked float sums ~1e-7). Each test says when it uses another and why.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../cpp/src/simd/exp_sum_f32.hpp"
#include "lse_reference.hpp"
#include "mathlets/logsumexp.hpp"

using namespace mathlets;
using ::testing::HasSubstr;
using Vec = std::vector<double>;
using VecF = std::vector<float>;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRel = 1e-14;  // double oracles
constexpr double kRelF = 1e-6;  // float32 oracles

double lse(const Vec& x, double tau = 1) { return logsumexp(std::span<const double>(x), tau); }
float lse(const VecF& x, double tau = 1) { return logsumexp(std::span<const float>(x), tau); }

Vec soft(const Vec& x, double tau = 1) {
  Vec s(x.size());
  softmax(std::span<const double>(x), tau, std::span<double>(s));
  return s;
}
VecF soft(const VecF& x, double tau = 1) {
  VecF s(x.size());
  softmax(std::span<const float>(x), tau, std::span<float>(s));
  return s;
}

VecF to_float(const Vec& x) { return VecF(x.begin(), x.end()); }

void expect_rel(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << "expected " << expected;
}

// Runs f, which must throw std::invalid_argument with a message containing `text`.
template <class F>
void expect_invalid(F f, const std::string& text) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected one mentioning \"" << text << "\"";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr(text));
  }
}

// ---------------------------------------------------------------------------------------------
// 5.1 point values

struct PointValue {
  Vec x;
  double tau;
  double value;
};

// A table, one case per line: kept out of clang-format.

// clang-format off
const std::vector<PointValue> kPointValues = {
    {{1, 2, 3}, 1, 3.4076059644443803},
    {{0, 0, 0, 0}, 1, 1.3862943611198906},
    {{1000, 1000}, 1, 1000.6931471805599},
    {{-1000, -1000}, 1, -999.30685281944005},
    {{710, 709}, 1, 710.31326168751822},
    {{100, 100}, 1, 100.69314718055995},
    {{0, -40}, 1, 4.248354255291589e-18},
    {{2, 2, 2, 0}, 1, 3.1427361167671449},
    {{-1, 0, 1, 2, 5}, 1, 5.0744759247094873},
    {{-1, 0, 1, 2, 5}, 0.25, 5.0000015647067116},
    {{1, 2, 3}, 0.1, 3.0000045400960277},
    {{1, 2, 3}, 0.5, 3.0714658142499498},
    {{1, 2, 3}, 2, 4.3605393412834692},
    {{1, 2, 3}, 10, 13.019428482292441},
    {{1, 2, 3}, 100, 111.86456217236693},
};
// clang-format on

TEST(LogsumexpOracle, PointValuesDouble) {  // 1e-14 relative (section 5 recommendation)
  for (const PointValue& c : kPointValues) {
    SCOPED_TRACE(::testing::Message() << "tau " << c.tau << " x[0] " << c.x[0]);
    expect_rel(lse(c.x, c.tau), c.value, kRel);
  }
}

TEST(LogsumexpOracle, PointValuesFloat) {  // 1e-6 relative: every input is exact in float, every result < FLT_MAX
  for (const PointValue& c : kPointValues) {
    SCOPED_TRACE(::testing::Message() << "tau " << c.tau << " x[0] " << c.x[0]);
    expect_rel(lse(to_float(c.x), c.tau), c.value, kRelF);
  }
}

TEST(LogsumexpOracle, Log1pKeepsTinyCorrection) {
  // (0, -40): log(exp(0) + exp(-40)) rounds to 0; log1p keeps the 4.2e-18 (1e-14 relative).
  EXPECT_GT(lse(Vec{0, -40}), 0.0);
  EXPECT_GT(lse(Vec{-40, 0}), 0.0);  // argmax not first: the split at i* must not matter
  expect_rel(lse(Vec{-40, 0}), 4.248354255291589e-18, kRel);
}

TEST(LogsumexpOracle, LowTemperatureIsTheMax) {
  // (1,2,3) at tau = 0.01: the gap is 3.7e-46, below the ulp of 3, so exactly 3.
  EXPECT_EQ(lse(Vec{1, 2, 3}, 0.01), 3.0);
  EXPECT_EQ(lse(VecF{1, 2, 3}, 0.01), 3.0f);
}

TEST(LogsumexpOracle, LargeTemperatureOffsetIsHalfTheVariance) {
  // lse_tau - (mean + tau log 3) at tau = 100 is 0.0033333055... ~ Var/(2 tau) = 1/300 (R2).
  // 1e-9 absolute: the offset is a difference of two values ~112, each exact to ~3e-14.
  const double offset = lse(Vec{1, 2, 3}, 100) - (2 + 100 * std::log(3.0));
  EXPECT_NEAR(offset, 0.0033333055, 1e-9);
  EXPECT_NEAR(offset, 1.0 / 300, 1e-7);  // O(tau^-2) term of the expansion
}

TEST(LogsumexpOracle, SoftMin) {  // -tau lse(-x/tau) at tau = 0.5, 1e-14 relative; in [1 - 0.5 log 3, 1)
  const double softmin = -lse(Vec{-1, -2, -3}, 0.5);
  expect_rel(softmin, 0.92853418575005024, kRel);
  EXPECT_LT(softmin, 1.0);
  EXPECT_GE(softmin, 1 - 0.5 * std::log(3.0));
}

TEST(LogsumexpOracle, SpecialRows) {  // exact: these are rules, not roundings
  for (double tau : {1e-3, 1.0, 1e3}) {
    EXPECT_EQ(lse(Vec{5}, tau), 5.0);
    EXPECT_EQ(lse(VecF{5}, tau), 5.0f);
  }
  EXPECT_EQ(lse(Vec{0, -kInf}), 0.0);
  EXPECT_EQ(lse(Vec{-kInf, -kInf}), -kInf);
  EXPECT_EQ(lse(Vec{kInf, 0}), kInf);
  EXPECT_EQ(lse(Vec{kInf, -kInf}), kInf);
  EXPECT_TRUE(std::isnan(lse(Vec{kNaN, 0})));
  EXPECT_EQ(lse(VecF{0, -INFINITY}), 0.0f);
  EXPECT_EQ(lse(VecF{-INFINITY, -INFINITY}), -INFINITY);
  EXPECT_EQ(lse(VecF{INFINITY, 0}), INFINITY);
  EXPECT_EQ(lse(VecF{INFINITY, -INFINITY}), INFINITY);
  EXPECT_TRUE(std::isnan(lse(VecF{NAN, 0})));
}

// ---------------------------------------------------------------------------------------------
// Section 4 edge cases

TEST(LogsumexpEdge, SingleEntryIsExactForEveryTau) {
  for (double v : {-1e308, -3.5, 0.0, 0.1, 7e307, kInf, -kInf}) {
    for (double tau : {1e-300, 1e-3, 1.0, 1e300, kInf}) {
      EXPECT_EQ(lse(Vec{v}, tau), v);
      EXPECT_EQ(lse(VecF{static_cast<float>(v)}, tau), static_cast<float>(v));
    }
  }
}

TEST(LogsumexpEdge, AllEqualAttainsTheUpperBound) {  // x1 + tau log n, 1e-14 relative
  for (std::size_t n : {2u, 3u, 17u, 1000u}) {
    for (double tau : {0.01, 1.0, 50.0}) {
      expect_rel(lse(Vec(n, -2.5), tau), -2.5 + tau * std::log(static_cast<double>(n)), kRel);
      expect_rel(lse(VecF(n, -2.5f), tau), -2.5 + tau * std::log(static_cast<double>(n)), kRelF);
    }
  }
}

TEST(LogsumexpEdge, TiesAtTheMax) {
  // r = 3 ties: lse >= x_max + log r; as tau -> 0 lse -> x_max + tau log r and softmax -> 1/r on the ties.
  const Vec x{4, 1, 4, 4, -2};
  EXPECT_GE(lse(x), 4 + std::log(3.0));
  const double tau = 1e-3;
  expect_rel(lse(x, tau), 4 + tau * std::log(3.0), kRel);
  const Vec s = soft(x, tau);
  for (std::size_t i : {0u, 2u, 3u}) EXPECT_NEAR(s[i], 1.0 / 3, 1e-16);  // other terms are e^-3000 = 0
  EXPECT_EQ(s[1], 0.0);
  const VecF sf = soft(to_float(x), tau);
  for (std::size_t i : {0u, 2u, 3u}) EXPECT_NEAR(sf[i], 1.0 / 3, 1e-7);  // one f32 rounding
}

TEST(LogsumexpEdge, NegativeInfinityContributesNothing) {  // lse of the finite rest, 1e-14 / 1e-6 relative
  expect_rel(lse(Vec{1, -kInf, 2, 3, -kInf}), 3.4076059644443803, kRel);
  expect_rel(lse(VecF{-INFINITY, 1, 2, 3, -INFINITY, -INFINITY}), 3.4076059644443803, kRelF);
  const Vec s = soft(Vec{1, -kInf, 2, 3});
  EXPECT_EQ(s[1], 0.0);
  expect_rel(s[3], 0.66524095577482189, kRel);
}

TEST(LogsumexpEdge, PositiveInfinitySplitsTheSoftmax) {  // exact: limit rules
  for (double tau : {0.5, 1.0, kInf}) {
    const Vec s = soft(Vec{kInf, 0, -kInf, kInf, 3}, tau);
    EXPECT_EQ(s, (Vec{0.5, 0, 0, 0.5, 0}));
    const VecF sf = soft(VecF{INFINITY, 0, -INFINITY, INFINITY, 3}, tau);
    EXPECT_EQ(sf, (VecF{0.5f, 0, 0, 0.5f, 0}));
    EXPECT_EQ(lse(Vec{kInf, -kInf, 1}, tau), kInf);
  }
}

TEST(LogsumexpEdge, NaNAndAllNegativeInfinityMakeSoftmaxNaN) {
  for (const Vec& x : {Vec{1, kNaN, 2}, Vec{kInf, kNaN}, Vec{-kInf, -kInf, -kInf}, Vec{-kInf}}) {
    for (double s : soft(x)) EXPECT_TRUE(std::isnan(s));
    for (float s : soft(to_float(x))) EXPECT_TRUE(std::isnan(s));
    const LseGradient g = lse_gradient(x, 1);
    EXPECT_TRUE(std::isnan(g.dtau));
  }
  EXPECT_TRUE(std::isnan(lse(Vec{-kInf, kNaN, kInf})));
  EXPECT_TRUE(std::isnan(lse(VecF{-INFINITY, INFINITY, 1, 2, 3, NAN})));
}

TEST(LogsumexpEdge, HugeMagnitudes) {
  // Shifted form: no overflow at 1e308 (1e-14 relative).
  expect_rel(lse(Vec{1e308, 1e308}), 1e308, kRel);
  EXPECT_EQ(lse(Vec{1e308, -1e308}), 1e308);
  EXPECT_EQ(lse(Vec{-1e308, -1e308}), -1e308);
  // Section 3.2: x / tau would overflow at x = 1e300, tau = 1e-10; the shifted form returns the max.
  EXPECT_EQ(lse(Vec{1e300, 0, -1e300}, 1e-10), 1e300);
  // x_i - m overflows (-2e308) while (x_i - m) / tau = -2 is moderate: the term e^-2 must count.
  const Vec wide{1e308, -1e308};
  expect_rel(lse(wide, 1e308), static_cast<double>(lse_reference::lse(std::span<const double>(wide), 1e308L)), kRel);
  EXPECT_LT(lse(wide, 1e308), kInf);
  // The same in float: 3e38 - (-3e38) overflows float; (x_i - m) / tau = -6 (1e-6 relative).
  const VecF wide_f{3e38f, -3e38f};
  expect_rel(lse(wide_f, 1e38), static_cast<double>(lse_reference::lse(std::span<const float>(wide_f), 1e38L)), kRelF);
  // Float range: e^x overflows at 88.72 and underflows below -103; the shifted form is unaffected.
  expect_rel(lse(VecF{100, 100}), 100.69314718055995, kRelF);
  expect_rel(lse(VecF{-110, -110}), -110 + std::log(2.0), kRelF);
}

TEST(LogsumexpEdge, ExtremeTemperatures) {
  const Vec x{1, 2, 3, 3};
  // tau -> 0: the max, never an overflow or NaN (exact).
  for (double tau : {1e-30, 1e-100, 1e-300, 5e-324}) {
    EXPECT_EQ(lse(x, tau), 3.0);
    EXPECT_EQ(lse(to_float(x), tau), 3.0f);  // ties: 0 * (1/tau) must stay 0
    const VecF s = soft(to_float(x), tau);
    EXPECT_EQ(s, (VecF{0, 0, 0.5f, 0.5f}));
  }
  // tau = +inf: +inf for n >= 2 live entries, the max when only one entry is above -inf.
  EXPECT_EQ(lse(x, kInf), kInf);
  EXPECT_EQ(lse(Vec{0, -kInf}, kInf), 0.0);
  EXPECT_EQ(lse(Vec{-kInf, -kInf}, kInf), -kInf);
  EXPECT_EQ(lse(VecF{0, -INFINITY}, kInf), 0.0f);
  // tau = +inf: softmax is uniform over the finite entries.
  EXPECT_EQ(soft(Vec{1, -kInf, 5, 2}, kInf), (Vec{1.0 / 3, 0, 1.0 / 3, 1.0 / 3}));
  // Large finite tau: lse - tau log n -> mean (1e-6 absolute: the offset is Var/(2 tau) ~ 3e-9 at 1e8).
  EXPECT_NEAR(lse(Vec{1, 2, 3}, 1e8) - 1e8 * std::log(3.0), 2.0, 1e-6);
  // f32 outside the kernel's tau range goes through double: still accurate (1e-6 relative).
  for (double tau : {1e-35, 1e35}) {
    const VecF xf{1e-34f, -2e-34f, 5e-35f};
    expect_rel(lse(xf, tau), static_cast<double>(lse_reference::lse(std::span<const float>(xf), tau)), kRelF);
  }
}

// ---------------------------------------------------------------------------------------------
// softmax, entropies (oracles of sections 5.2 and 5.4)

TEST(Softmax, OracleAtOneTwoThree) {  // 1e-14 relative / 1e-6 in float
  const Vec expected{0.090030573170380458, 0.24472847105479765, 0.66524095577482189};
  const Vec s = soft(Vec{1, 2, 3});
  const VecF sf = soft(VecF{1, 2, 3});
  for (std::size_t i = 0; i < 3; ++i) {
    expect_rel(s[i], expected[i], kRel);
    expect_rel(sf[i], expected[i], kRelF);
  }
}

TEST(Softmax, ShiftInvariantAndSumsToOne) {  // 1e-15 absolute on entries in [0, 1]
  const Vec x{-3, 0.5, 2, 2, 7};
  const Vec a = soft(x, 0.7);
  Vec shifted(x);
  for (double& v : shifted) v += 123.25;  // exact in double
  const Vec b = soft(shifted, 0.7);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-15);
  EXPECT_NEAR(std::accumulate(a.begin(), a.end(), 0.0), 1.0, 1e-15);
}

TEST(Entropy, ShannonAndRenyiOracles) {
  // p = (0.2, 0.3, 0.5): H = 1.0296530140645735 (1e-14 relative); the Renyi values follow from the
  // R4/R5 rows of section 5.2 as bound - p.x with p.x = 2.3 (1e-14 relative to the bound).
  const Vec p{0.2, 0.3, 0.5};
  expect_rel(shannon_entropy(p), 1.0296530140645735, kRel);
  expect_rel(renyi_entropy(p, 1), 1.0296530140645735, kRel);
  const std::vector<std::pair<double, double>> rows = {
      {2, 3.2675840262617056}, {1.5, 3.297422345411625}, {3, 3.2162907318741551}, {10, 3.0694821303874792}};
  for (const auto& [t, bound] : rows) expect_rel(2.3 + renyi_entropy(p, t), bound, kRel);
  expect_rel(renyi_entropy(p, kInf), -std::log(0.5), kRel);
}

TEST(Entropy, RenyiNearOne) {
  // Section 5.2: H_1.001 and H_0.999 (1e-14 relative: the expm1 form has no 0/0 cancellation; the
  // plain lse form is only good to ~1e-12 here, so this test fails for it).
  const Vec p{0.2, 0.3, 0.5};
  expect_rel(renyi_entropy(p, 1.001), 1.0295865354463081, kRel);
  expect_rel(renyi_entropy(p, 0.999), 1.0297194998547787, kRel);
  // Both sides of the switch to the series (|t - 1| < 1e-4) against long double, 1e-14 relative: the
  // series' first dropped term, s^3 k4 / 24, is below 1e-14 there; a two-term series would be off by 1e-10.
  for (double t :
       {1 - 1.0001e-4, 1 - 9.999e-5, 1 - 3e-5, 1 - 1e-9, 1 + 1e-12, 1 + 2e-6, 1 + 9.999e-5, 1 + 1.0001e-4, 1.3, 0.6}) {
    SCOPED_TRACE(::testing::Message() << "t - 1 = " << t - 1);
    expect_rel(renyi_entropy(p, t), static_cast<double>(lse_reference::renyi(p, t)), kRel);
  }
  // The series value quoted for t = 1.001 (two terms): the second-order term is worth 4e-9 there.
  EXPECT_NEAR(renyi_entropy(p, 1.001), 1.02958653186, 1e-8);
}

TEST(Entropy, RenyiIsNonincreasingInT) {  // H_t decreases in t; equal within 1e-15 only if p is uniform
  lse_reference::Draws d(7);
  for (int k = 0; k < 50; ++k) {
    const Vec p = d.simplex(d.index(2, 40));
    double previous = kInf;
    for (double t : {0.25, 0.5, 0.9, 0.99995, 1.0, 1.00005, 1.1, 1.5, 2.0, 3.0, 10.0, 100.0, kInf}) {
      const double h = renyi_entropy(p, t);
      EXPECT_LE(h, previous + 1e-15) << "t " << t;
      previous = h;
    }
  }
}

TEST(Entropy, ZeroWeightsAndRenormalisation) {
  // Zero weights are skipped; p within 1e-6 of the simplex is renormalised (1e-14 relative).
  expect_rel(renyi_entropy(Vec{0.5, 0, 0.5, 0}, 3), std::log(2.0), kRel);
  expect_rel(renyi_entropy(Vec{0.5, 0, 0.5, 0}, 1), std::log(2.0), kRel);
  expect_rel(renyi_entropy(Vec{0.5 * (1 + 4e-7), 0.5 * (1 + 4e-7)}, 2.5), std::log(2.0), kRel);
  expect_rel(renyi_entropy(Vec{0.5 * (1 + 4e-7), 0.5 * (1 + 4e-7)}, 1), std::log(2.0), kRel);
  EXPECT_EQ(renyi_entropy(Vec{1}, 2), 0.0);
  EXPECT_EQ(renyi_entropy(Vec{0, 1, 0}, 1.00001), 0.0);
  // Large t: p^t underflows (0.2^1000 = 1e-699) yet the lse form is finite (1e-14 relative).
  expect_rel(renyi_entropy(Vec{0.2, 0.3, 0.5}, 1000), 1000 * std::log(0.5) / -999, kRel);
  EXPECT_TRUE(std::isnan(shannon_entropy(Vec{0.5, kNaN})));
}

// ---------------------------------------------------------------------------------------------
// 5.4 derivatives

TEST(Derivatives, GradientHessianAndTauSlopeOracles) {
  const Vec x{1, 2, 3};
  const LseGradient g = lse_gradient(x, 1);
  expect_rel(g.value, 3.4076059644443803, kRel);
  const Vec s{0.090030573170380458, 0.24472847105479765, 0.66524095577482189};
  for (std::size_t i = 0; i < 3; ++i) expect_rel(g.dx[i], s[i], kRel);
  expect_rel(g.dtau, 0.832395581839939, kRel);
  // Hessian entries are quoted to 12 significant digits: 1e-11 relative.
  const Vec h = lse_hessian(x, 1);
  const Vec diagonal{0.081925069065, 0.18483644651, 0.222695426535};
  for (std::size_t i = 0; i < 3; ++i) expect_rel(h[i * 3 + i], diagonal[i], 1e-11);
  expect_rel(h[0 * 3 + 1], -0.0220330445202, 1e-11);
  expect_rel(h[0 * 3 + 2], -0.0598920245448, 1e-11);
  expect_rel(h[1 * 3 + 2], -0.16280340199, 1e-11);
  for (std::size_t i = 0; i < 3; ++i) {
    double row = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      row += h[i * 3 + j];
      EXPECT_EQ(h[i * 3 + j], h[j * 3 + i]);  // symmetric by construction
    }
    EXPECT_NEAR(row, 0.0, 1e-16);  // (diag(s) - s s^T) 1 = 0: a few roundings of entries < 1
  }
  // d lse_tau / d tau = H(softmax(x / tau)), quoted to 15 digits: 1e-14 relative.
  const std::vector<std::pair<double, double>> slopes = {
      {0.5, 0.441057444058163}, {1, 0.832395581839939}, {2, 1.02019133672683}};
  for (const auto& [tau, slope] : slopes) expect_rel(lse_gradient(x, tau).dtau, slope, kRel);
}

TEST(Derivatives, HessianWithTemperatureIsScaled) {  // (diag(s) - s s^T) / tau: 1e-15 relative to the entries
  const Vec x{0.3, -1, 2.5, 2.5};
  const double tau = 0.4;
  const Vec s = soft(x, tau);
  const Vec h = lse_hessian(x, tau);
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      EXPECT_NEAR(h[i * 4 + j], ((i == j ? s[i] : 0) - s[i] * s[j]) / tau, 1e-15);
    }
  }
}

// Central differences: step h = 1e-5 (scaled), truncation O(h^2) ~ 1e-10 and rounding eps |lse| / h ~ 1e-10,
// so 1e-8 absolute on derivatives of size <= 1 (or <= log n for d/dtau).
TEST(Derivatives, GradientMatchesCentralDifferences) {
  lse_reference::Draws d(11);
  for (int k = 0; k < 40; ++k) {
    const std::size_t n = d.index(1, 30);
    const double scale = d.log_uniform(1e-1, 10), tau = d.log_uniform(0.1, 10);
    const Vec x = d.vector(n, scale);
    const LseGradient g = lse_gradient(x, tau);
    for (std::size_t i = 0; i < n; ++i) {
      const double h = 1e-5;
      Vec up(x), down(x);
      up[i] += h;
      down[i] -= h;
      EXPECT_NEAR(g.dx[i], (lse(up, tau) - lse(down, tau)) / (up[i] - down[i]), 1e-8);
    }
    const double ht = 1e-5 * tau;
    EXPECT_NEAR(g.dtau, (lse(x, tau + ht) - lse(x, tau - ht)) / (2 * ht), 1e-8 * std::max(1.0, std::log(double(n))));
    // Hessian columns against differences of the gradient (1e-8 / tau: one more derivative).
    const Vec hess = lse_hessian(x, tau);
    const std::size_t j = d.index(0, n - 1);
    const double h = 1e-5;
    Vec up(x), down(x);
    up[j] += h;
    down[j] -= h;
    const Vec su = soft(up, tau), sd = soft(down, tau);
    for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(hess[i * n + j], (su[i] - sd[i]) / (up[j] - down[j]), 1e-8 / tau);
  }
}

// ---------------------------------------------------------------------------------------------
// 5.5 invariants on seeded random inputs: n 1..1000, scale 1e-3..1e3, tau 1e-3..1e3.
// Inequalities are checked up to 1e-13 times the rounding scale |x|_max + tau log n + |lse|
// (section 3.1 error target c eps (|m| + log n + 1) with c ~ 8, and the bounds' own roundings).

struct RandomCase {
  Vec x;
  double tau;
  double scale;
};

RandomCase draw_case(lse_reference::Draws& d) {
  const std::size_t n = d.index(1, 1000);
  const double scale = d.log_uniform(1e-3, 1e3);
  const double tau = d.log_uniform(1e-3, 1e3);
  return {d.vector(n, scale), tau, scale};
}

double tolerance(const RandomCase& c, double value) {
  const double n = static_cast<double>(c.x.size());
  return 1e-13 * (c.scale + c.tau * std::log(n) + std::fabs(value) + 1e-300);
}

TEST(LogsumexpProperties, AgreesWithLongDouble) {  // section 3.1 error target: 8 eps (|m| + tau log n + tau)
  lse_reference::Draws d(1);
  for (int k = 0; k < 300; ++k) {
    const RandomCase c = draw_case(d);
    const double value = lse(c.x, c.tau);
    const long double ref = lse_reference::lse(std::span<const double>(c.x), c.tau);
    const double m = *std::max_element(c.x.begin(), c.x.end());
    const double target = 8 * 2.2e-16 * (std::fabs(m) + c.tau * std::log(double(c.x.size())) + c.tau);
    EXPECT_NEAR(value, static_cast<double>(ref), target) << "n " << c.x.size() << " tau " << c.tau;
  }
}

TEST(LogsumexpProperties, SandwichAndMeanBound) {  // items 1 and 2
  lse_reference::Draws d(2);
  for (int k = 0; k < 300; ++k) {
    const RandomCase c = draw_case(d);
    const double n = static_cast<double>(c.x.size());
    const double value = lse(c.x, c.tau), tol = tolerance(c, value);
    const double m = *std::max_element(c.x.begin(), c.x.end());
    double mean = 0;
    for (double v : c.x) mean += v / n;
    EXPECT_GE(value, m - tol);
    EXPECT_LE(value, m + c.tau * std::log(n) + tol);
    EXPECT_GE(value, mean + c.tau * std::log(n) - tol);
    // Strict on the left when n >= 2 and the second largest term does not underflow.
    Vec sorted(c.x);
    std::sort(sorted.begin(), sorted.end());
    if (c.x.size() >= 2 && (sorted[sorted.size() - 2] - m) / c.tau > -30 && c.tau * 1e-13 > 1e-16 * std::fabs(m)) {
      EXPECT_GT(value, m);
    }
  }
}

TEST(LogsumexpProperties, HolderFamilyBelowLseAndOrderedInT) {  // item 3 with tau = 1
  lse_reference::Draws d(3);
  for (int k = 0; k < 200; ++k) {
    RandomCase c = draw_case(d);
    c.tau = 1;
    const Vec p = d.simplex(c.x.size());
    const double value = lse(c.x), tol = tolerance(c, value);
    double px = 0;
    for (std::size_t i = 0; i < p.size(); ++i) px += p[i] * c.x[i];
    double previous = kInf;
    for (double t : {1.0, 1.5, 2.0, 3.0, 10.0}) {
      const double bound = px + renyi_entropy(p, t);
      EXPECT_LE(bound, value + tol) << "t " << t;
      EXPECT_LE(bound, previous + tol) << "t " << t;
      previous = bound;
    }
  }
}

TEST(LogsumexpProperties, ShiftPermutationMonotonicity) {  // item 4
  lse_reference::Draws d(4);
  for (int k = 0; k < 200; ++k) {
    const RandomCase c = draw_case(d);
    const double value = lse(c.x, c.tau), tol = tolerance(c, value);
    const double shift = d.uniform(-c.scale, c.scale) * 10;
    Vec shifted(c.x);
    for (double& v : shifted) v += shift;
    EXPECT_NEAR(lse(shifted, c.tau), value + shift, tol + 1e-13 * std::fabs(shift));
    Vec permuted(c.x);
    std::reverse(permuted.begin(), permuted.end());
    std::rotate(permuted.begin(), permuted.begin() + static_cast<std::ptrdiff_t>(permuted.size() / 3), permuted.end());
    EXPECT_NEAR(lse(permuted, c.tau), value, tol);
    Vec raised(c.x);
    raised[d.index(0, raised.size() - 1)] += d.uniform(0, c.scale);
    EXPECT_GE(lse(raised, c.tau), value - tol);
  }
}

TEST(LogsumexpProperties, TwoSidedLipschitzAndMidpointConvexity) {  // items 5 and 6
  lse_reference::Draws d(5);
  for (int k = 0; k < 200; ++k) {
    const RandomCase c = draw_case(d);
    const Vec y = d.vector(c.x.size(), c.scale);
    const double lx = lse(c.x, c.tau), ly = lse(y, c.tau);
    const double tol = tolerance(c, std::max(std::fabs(lx), std::fabs(ly)));
    double lo = kInf, hi = -kInf;
    Vec mid(c.x.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      lo = std::min(lo, c.x[i] - y[i]);
      hi = std::max(hi, c.x[i] - y[i]);
      mid[i] = (c.x[i] + y[i]) / 2;
    }
    EXPECT_GE(lx - ly, lo - tol);
    EXPECT_LE(lx - ly, hi + tol);
    EXPECT_LE(lse(mid, c.tau), (lx + ly) / 2 + tol);
    // Equality along the all-ones direction.
    Vec along(c.x);
    for (double& v : along) v += 0.75 * c.scale;
    Vec mid_along(c.x);
    for (double& v : mid_along) v += 0.375 * c.scale;
    EXPECT_NEAR(lse(mid_along, c.tau), (lx + lse(along, c.tau)) / 2, tol + 1e-13 * c.scale);
  }
}

TEST(LogsumexpProperties, TemperatureSlopeIsTheEntropy) {  // item 7: nondecreasing in tau, FD slope to 1e-7
  lse_reference::Draws d(6);
  for (int k = 0; k < 100; ++k) {
    const RandomCase c = draw_case(d);
    double previous = -kInf;
    for (double tau : {c.tau / 4, c.tau / 2, c.tau, 2 * c.tau, 4 * c.tau}) {
      const double value = lse(c.x, tau);
      EXPECT_GE(value, previous - tolerance(c, value));
      previous = value;
    }
    const double h = 1e-4 * c.tau;
    const double slope = (lse(c.x, c.tau + h) - lse(c.x, c.tau - h)) / (2 * h);
    // Relative to the values: the difference quotient's rounding is eps (|x| + tau log n) / h.
    const double rounding = 4e-16 * (c.scale + c.tau * std::log(double(c.x.size()))) / h;
    EXPECT_NEAR(slope, lse_gradient(c.x, c.tau).dtau, 1e-7 + rounding) << "n " << c.x.size() << " tau " << c.tau;
  }
}

TEST(LogsumexpProperties, SoftmaxSumsToOneAndHessianKillsOnes) {  // item 8 (FD gradient: Derivatives suite)
  lse_reference::Draws d(8);
  for (int k = 0; k < 100; ++k) {
    RandomCase c = draw_case(d);
    c.x.resize(std::min<std::size_t>(c.x.size(), 200));  // the Hessian is n^2
    const Vec s = soft(c.x, c.tau);
    const double n = static_cast<double>(s.size());
    EXPECT_NEAR(std::accumulate(s.begin(), s.end(), 0.0), 1.0, 2e-16 * n);  // n additions of terms <= 1
    const Vec h = lse_hessian(c.x, c.tau);
    for (std::size_t i = 0; i < s.size(); ++i) {
      double row = 0;
      for (std::size_t j = 0; j < s.size(); ++j) row += h[i * s.size() + j];
      EXPECT_NEAR(row, 0.0, 4e-16 * n / c.tau);
    }
  }
}

TEST(LogsumexpProperties, GibbsEqualityAtSoftmax) {  // item 9: p = softmax(x/tau) makes R6 an equality (1e-13)
  lse_reference::Draws d(9);
  for (int k = 0; k < 200; ++k) {
    const RandomCase c = draw_case(d);
    const Vec s = soft(c.x, c.tau);
    double px = 0;
    for (std::size_t i = 0; i < s.size(); ++i) px += s[i] * c.x[i];
    const double value = lse(c.x, c.tau);
    EXPECT_NEAR(px + c.tau * shannon_entropy(s), value, tolerance(c, value));
  }
}

// ---------------------------------------------------------------------------------------------
// float32: kernel accuracy and agreement

Vec as_double(const VecF& x) { return Vec(x.begin(), x.end()); }

VecF random_floats(lse_reference::Draws& d, std::size_t n, double scale) {
  VecF x(n);
  for (float& v : x) v = static_cast<float>(d.uniform(-scale, scale));
  return x;
}

TEST(LogsumexpF32, MatchesLongDoubleUpToAMillion) {  // 1e-6 relative (the header's promise for n = 1e6)
  lse_reference::Draws d(21);
  for (std::size_t n : {1000u, 10'000u, 100'000u, 1'000'000u}) {
    for (double scale : {1e-3, 1.0, 30.0, 1e3}) {
      for (double tau : {0.05, 1.0, 20.0}) {
        const VecF x = random_floats(d, n, scale);
        const double ref = static_cast<double>(lse_reference::lse(std::span<const float>(x), tau));
        EXPECT_NEAR(lse(x, tau), ref, kRelF * std::fabs(ref)) << "n " << n << " scale " << scale << " tau " << tau;
      }
    }
  }
}

TEST(LogsumexpF32, BlockedSumOfAMillionOnes) {
  // A million equal entries: every term is exactly 1. A plain float accumulator stalls at 2^24 only for
  // 16M terms, but rounds from 2^21 on; blocks of 1024 plus a double total are exact here.
  const VecF x(1'000'000, 0.25f);
  EXPECT_EQ(simd::exp_shift_sum_f32(x.data(), x.size(), 0.25f, 1.0f, nullptr), 1e6);
  expect_rel(lse(x), 0.25 + std::log(1e6), kRelF);
  // Near-equal terms e^-1e-3 ~ 0.999: the sum must be 1e6 e^-1e-3 to 1e-6 relative.
  const VecF y(1'000'000, -1e-3f);
  expect_rel(simd::exp_shift_sum_f32(y.data(), y.size(), 0.0f, 1.0f, nullptr), 1e6 * std::exp(double(-1e-3f)), kRelF);
}

// The same float inputs through the f64 path (exact to 1e-14). lse: 1e-6 relative to |lse| + |x|max + tau,
// the sizes of the terms it adds. softmax: an entry s_i = e^z_i / S inherits the float rounding of its
// argument z_i = (x_i - m) / tau (3 roundings, 1.8e-7 |z_i|), so 1e-6 (1 + |z_i|) relative; plus 1e-30
// absolute for entries at float's subnormal floor.
TEST(LogsumexpF32, AgreesWithDoublePath) {
  lse_reference::Draws d(22);
  for (int k = 0; k < 200; ++k) {
    const RandomCase c = draw_case(d);
    const VecF xf = to_float(c.x);
    const Vec x = as_double(xf);
    const double expected = lse(x, c.tau);
    EXPECT_NEAR(lse(xf, c.tau), expected, kRelF * (std::fabs(expected) + c.scale + c.tau));
    const VecF sf = soft(xf, c.tau);
    const Vec s = soft(x, c.tau);
    const double m = *std::max_element(x.begin(), x.end());
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double z = (x[i] - m) / c.tau;
      EXPECT_NEAR(sf[i], s[i], kRelF * (1 + std::fabs(z)) * s[i] + 1e-30);
    }
  }
}

TEST(SimdKernel, MatchesScalarTwinTermByTerm) {
  // The polynomial exp vs std::exp on identical float arguments: ~2-3 ulp, checked at 1e-6 relative per
  // term and on the sums; lengths 0..37 cover every tail (n % 4) and the block boundary cases below.
  std::printf("f32x4 backend: %s\n", simd::f32x4_backend());
  lse_reference::Draws d(23);
  for (std::size_t n : {0u, 1u, 2u, 3u, 4u, 5u, 7u, 8u, 13u, 37u, 1023u, 1024u, 1025u, 4099u}) {
    for (double scale : {1e-3, 1.0, 50.0, 1e3}) {
      const VecF x = random_floats(d, n, scale);
      const float m = n ? *std::max_element(x.begin(), x.end()) : 0.0f;
      for (float inv_tau : {1.0f, 0.01f, 37.0f}) {
        VecF simd_terms(n), scalar_terms(n);
        const double a = simd::exp_shift_sum_f32(x.data(), n, m, inv_tau, simd_terms.data());
        const double b = simd::exp_shift_sum_f32_scalar(x.data(), n, m, inv_tau, scalar_terms.data());
        EXPECT_NEAR(a, b, kRelF * b) << "n " << n;
        for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(simd_terms[i], scalar_terms[i], kRelF * scalar_terms[i]) << i;
        EXPECT_EQ(a, simd::exp_shift_sum_f32(x.data(), n, m, inv_tau, nullptr));  // out does not change the sum
      }
    }
  }
}

TEST(SimdKernel, ExpEdgesAreExact) {
  // Exactly 1 at 0 (the max term), exactly 0 for -inf and below ln(FLT_MIN), positive just above it.
  const VecF x{0, -INFINITY, -87.4f, -87.3f, -200, 0, -1e30f, -0.0f, -87.0f};
  VecF terms(x.size());
  simd::exp_shift_sum_f32(x.data(), x.size(), 0.0f, 1.0f, terms.data());
  EXPECT_EQ(terms[0], 1.0f);
  EXPECT_EQ(terms[1], 0.0f);
  EXPECT_EQ(terms[2], 0.0f);
  EXPECT_GT(terms[3], 0.0f);
  EXPECT_EQ(terms[4], 0.0f);
  EXPECT_EQ(terms[5], 1.0f);
  EXPECT_EQ(terms[6], 0.0f);
  EXPECT_EQ(terms[7], 1.0f);
  expect_rel(terms[8], std::exp(-87.0), kRelF);
  // Over the whole range against long double: 4 ulp (5e-7 relative).
  for (float z = -87.3f; z <= 0; z += 0.0137f) {
    float t;
    simd::exp_shift_sum_f32(&z, 1, 0.0f, 1.0f, &t);
    EXPECT_NEAR(t, std::exp(static_cast<long double>(z)), 5e-7 * std::exp(static_cast<double>(z))) << z;
  }
}

TEST(SimdKernel, MaxScanFindsMaxAndNaNAnywhere) {  // exact
  for (std::size_t n = 1; n <= 13; ++n) {
    for (std::size_t at = 0; at < n; ++at) {
      VecF x(n);
      for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(i % 3) - 5;
      x[at] = 9;
      simd::MaxScan s = simd::max_scan_f32(x.data(), n);
      EXPECT_EQ(s.max, 9.0f);
      EXPECT_FALSE(s.nan);
      x[at] = NAN;
      s = simd::max_scan_f32(x.data(), n);
      EXPECT_TRUE(s.nan) << "n " << n << " at " << at;
    }
  }
  const simd::MaxScan empty = simd::max_scan_f32(nullptr, 0);
  EXPECT_EQ(empty.max, -INFINITY);
  EXPECT_FALSE(empty.nan);
  const VecF all_neg_inf(9, -INFINITY);
  EXPECT_EQ(simd::max_scan_f32(all_neg_inf.data(), 9).max, -INFINITY);
}

// ---------------------------------------------------------------------------------------------
// Bad inputs: std::invalid_argument naming the routine and the argument

TEST(LogsumexpErrors, EmptyX) {
  expect_invalid([] { lse(Vec{}); }, "logsumexp: x is empty");
  expect_invalid([] { lse(VecF{}); }, "logsumexp: x is empty");
  expect_invalid([] { soft(Vec{}); }, "softmax: x is empty");
  expect_invalid([] { soft(VecF{}); }, "softmax: x is empty");
  expect_invalid([] { lse_gradient(Vec{}, 1); }, "lse_gradient: x is empty");
  expect_invalid([] { lse_hessian(Vec{}, 1); }, "lse_hessian: x is empty");
}

TEST(LogsumexpErrors, BadTau) {
  expect_invalid([] { lse(Vec{1, 2}, -1); }, "logsumexp: tau must be positive, got -1");
  expect_invalid([] { lse(Vec{1, 2}, 0); }, "logsumexp: tau must be positive, got 0");
  expect_invalid([] { lse(Vec{1, 2}, kNaN); }, "logsumexp: tau must be positive, got nan");
  expect_invalid([] { lse(Vec{1, 2}, -kInf); }, "tau");
  expect_invalid([] { lse(VecF{1, 2}, -0.5); }, "logsumexp: tau must be positive, got -0.5");
  expect_invalid([] { soft(Vec{1}, 0); }, "softmax: tau must be positive");
  expect_invalid([] { soft(VecF{1}, kNaN); }, "softmax: tau must be positive");
  expect_invalid([] { lse_gradient(Vec{1}, -2); }, "lse_gradient: tau must be positive, got -2");
  expect_invalid([] { lse_hessian(Vec{1}, 0); }, "lse_hessian: tau must be positive");
  // Even for n = 1, where the value would not depend on tau.
  expect_invalid([] { lse(Vec{5}, 0); }, "tau");
}

TEST(LogsumexpErrors, SoftmaxOutputSize) {
  Vec x{1, 2, 3}, out(2);
  expect_invalid([&] { softmax(std::span<const double>(x), 1, std::span<double>(out)); },
                 "softmax: out has 2 entries but x has 3");
  VecF xf{1, 2, 3}, outf(4);
  expect_invalid([&] { softmax(std::span<const float>(xf), 1, std::span<float>(outf)); },
                 "softmax: out has 4 entries but x has 3");
}

TEST(LogsumexpErrors, ProbabilityVectors) {
  expect_invalid(
      [] {
        check_probability_vector(Vec{0.5, 0.5, 0}, 4, "lse_bounds", "p");
      },
      "lse_bounds: p has 3 entries but x has 4");
  expect_invalid(
      [] {
        check_probability_vector(Vec{0.5, -0.1, 0.6}, 3, "lse_bounds", "p");
      },
      "lse_bounds: p[1] = -0.1");
  expect_invalid([] { check_probability_vector(Vec{kNaN, 1}, 2, "r", "w"); }, "r: w[0] = nan");
  expect_invalid([] { check_probability_vector(Vec{kInf, 1}, 2, "r", "w"); }, "r: w[0] = inf");
  expect_invalid([] { check_probability_vector(Vec{0.5, 0.6}, 2, "r", "w"); }, "r: w sums to 1.1, not 1");
  expect_invalid([] { check_probability_vector(Vec{0.5, 0.5 + 2e-6}, 2, "r", "w"); }, "sums to");
  EXPECT_NO_THROW(check_probability_vector(Vec{0.5, 0.5 + 9e-7}, 2, "r", "w"));  // within the 1e-6 tolerance
  expect_invalid([] { check_probability_vector(Vec{}, 0, "r", "w"); }, "r: w is empty");
  expect_invalid([] { renyi_entropy(Vec{0.2, 0.2}, 2); }, "renyi_entropy: p sums to 0.4");
  expect_invalid([] { renyi_entropy(Vec{}, 2); }, "renyi_entropy: p is empty");
  expect_invalid([] { renyi_entropy(Vec{0.5, 0.5}, 0); }, "renyi_entropy: t must be positive, got 0");
  expect_invalid([] { renyi_entropy(Vec{0.5, 0.5}, kNaN); }, "renyi_entropy: t must be positive, got nan");
}

}  // namespace
