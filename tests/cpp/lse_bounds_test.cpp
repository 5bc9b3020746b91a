// lse_bounds, the demo bundle of ../shared/math/logsumexp.md section 3.5: the oracles of sections 5.2
// (R1-R6 at x = (1,2,3), p = (0.2,0.3,0.5)) and 5.3 (R7, R8), the edge cases of section 4 as the bundle
// reports them, the invariants of section 5.5 through the bundle on seeded random inputs, and bad inputs.
//
// Tolerances: 1e-14 relative for values of double oracles (section 5); slacks that are differences of two
// values ~3.4 get 1e-14 absolute; oracles quoted to 15 digits get 1e-13 absolute.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "lse_reference.hpp"
#include "mathlets/logsumexp.hpp"

using namespace mathlets;
using ::testing::HasSubstr;
using Vec = std::vector<double>;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRel = 1e-14;
constexpr double kLse123 = 3.4076059644443803;

LseBounds bounds(const Vec& x, LseBoundsInput in = {}) { return lse_bounds(std::span<const double>(x), in); }

LseBoundsInput with_p(Vec p, double t = 3.0, double tau = 1.0) {
  LseBoundsInput in;
  in.p = std::move(p);
  in.t = t;
  in.tau = tau;
  return in;
}

void expect_rel(double actual, double expected, double rel = kRel) {
  EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << "expected " << expected;
}

// A lower bound's value with slack = lse - value (1e-14 absolute: both sides ~3.4).
void expect_lower(const Bound& b, double value, double lse) {
  expect_rel(b.value, value);
  EXPECT_NEAR(b.slack, lse - value, 1e-14);
  EXPECT_TRUE(b.holds);
}

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
// 5.2

TEST(LseBoundsOracle, AllBoundsAtOneTwoThree) {
  const Vec x{1, 2, 3};
  const LseBounds b = bounds(x, with_p({0.2, 0.3, 0.5}, 3.0));
  expect_rel(b.lse, kLse123);
  EXPECT_EQ(b.n, 3u);
  EXPECT_EQ(b.ties, 1u);
  EXPECT_EQ(b.x_max, 3.0);
  EXPECT_EQ(b.x_min, 1.0);
  expect_rel(b.x_mean, 2.0);
  expect_lower(b.max_lower, 3, kLse123);
  expect_lower(b.ties_lower, 3, kLse123);
  expect_rel(b.max_upper.value, 4.0986122886681097);
  EXPECT_NEAR(b.max_upper.slack, 4.0986122886681097 - kLse123, 1e-14);
  EXPECT_TRUE(b.max_upper.holds);
  expect_lower(b.mean_lower, 3.0986122886681097, kLse123);
  expect_lower(b.cauchy_lower, 3.2675840262617056, kLse123);
  expect_lower(b.holder_lower, 3.2162907318741551, kLse123);
  expect_lower(b.entropy_lower, 3.3296530140645735, kLse123);
  // The KL gap is computed directly (section 3.5), so it carries 1e-14 relative, not the difference's error.
  expect_rel(b.kl, 0.077952950379806777);
  expect_rel(b.entropy_lower.slack, 0.077952950379806777);
  const Vec s{0.090030573170380458, 0.24472847105479765, 0.66524095577482189};
  for (std::size_t i = 0; i < 3; ++i) expect_rel(b.softmax[i], s[i]);
  expect_rel(b.entropy, 0.832395581839939);  // d lse_tau / d tau, quoted to 15 digits
  EXPECT_EQ(b.p, (Vec{0.2, 0.3, 0.5}));
  EXPECT_EQ(b.t, 3.0);
  EXPECT_FALSE(b.has_y);
}

TEST(LseBoundsOracle, HolderOrders) {  // R5 at t = 1.5, 3, 10; t = 2 is R4; t = 1 is R6 (1e-14 relative)
  const Vec x{1, 2, 3};
  const std::vector<std::pair<double, double>> rows = {{1.5, 3.297422345411625},
                                                       {2, 3.2675840262617056},
                                                       {3, 3.2162907318741551},
                                                       {10, 3.0694821303874792},
                                                       {1, 3.3296530140645735}};
  double previous = kInf;
  for (const auto& [t, value] : rows) {
    const LseBounds b = bounds(x, with_p({0.2, 0.3, 0.5}, t));
    expect_lower(b.holder_lower, value, kLse123);
    if (t > 1) {
      EXPECT_LT(b.holder_lower.value, previous);  // the bounds decrease in t
      previous = b.holder_lower.value;
    }
  }
  const LseBounds near_one = bounds(x, with_p({0.2, 0.3, 0.5}, 1.001));
  expect_rel(near_one.holder_lower.value, 2.3 + 1.0295865354463081);  // Renyi near 1, section 5.2
}

TEST(LseBoundsOracle, EntropyBoundIsTightAtSoftmax) {
  // p = softmax(x): R6 equals lse (1e-13, section 5.5 item 9), KL = 0, and R4 there is 3.2474906829933025.
  const Vec x{1, 2, 3};
  const LseBounds first = bounds(x);
  const LseBounds b = bounds(x, with_p(first.softmax, 2.0));
  EXPECT_NEAR(b.entropy_lower.value, kLse123, 1e-13 * kLse123);
  EXPECT_NEAR(b.kl, 0.0, 1e-15);
  EXPECT_NEAR(b.entropy_lower.slack, 0.0, 1e-15);
  expect_rel(b.cauchy_lower.value, 3.2474906829933025);
  expect_rel(b.holder_lower.value, 3.2474906829933025);
}

TEST(LseBoundsOracle, DefaultUniformWeightsGiveTheMeanBound) {
  // p uniform: H_t = log n for every t, so R4 = R5 = R6 = R3 (1e-14 relative).
  const LseBounds b = bounds(Vec{1, 2, 3});
  EXPECT_EQ(b.p, Vec(3, 1.0 / 3));
  for (const Bound* r : {&b.cauchy_lower, &b.holder_lower, &b.entropy_lower}) expect_rel(r->value, 3.0986122886681097);
}

TEST(LseBoundsOracle, OneHotWeightAtArgmaxGivesTheMax) {  // H_t(one-hot) = 0: the R1 lower bound (exact)
  const LseBounds b = bounds(Vec{1, 2, 3}, with_p({0, 0, 1}, 10));
  EXPECT_EQ(b.cauchy_lower.value, 3.0);
  EXPECT_EQ(b.holder_lower.value, 3.0);
  EXPECT_EQ(b.entropy_lower.value, 3.0);
}

TEST(LseBoundsOracle, SoftMin) {  // -tau lse(-x/tau) at tau = 0.5 (1e-14 relative), within [x_min - tau log n, x_min)
  LseBoundsInput in;
  in.tau = 0.5;
  const LseBounds b = bounds(Vec{1, 2, 3}, in);
  expect_rel(b.softmin, 0.92853418575005024);
  EXPECT_TRUE(b.softmin_lower.holds);
  EXPECT_TRUE(b.softmin_upper.holds);
  expect_rel(b.softmin_lower.value, 1 - 0.5 * std::log(3.0));
  EXPECT_EQ(b.softmin_upper.value, 1.0);
  EXPECT_NEAR(b.softmin_upper.slack, 1 - 0.92853418575005024, 1e-15);
}

// ---------------------------------------------------------------------------------------------
// 5.3

struct PairCase {
  Vec x, y;
  double diff;  // lse(x) - lse(y)
  double lo, hi;
};

TEST(LseBoundsOracle, LipschitzRows) {
  // Differences quoted to 15+ digits; computed as a difference of two lse ~ 10: 1e-13 absolute.
  const std::vector<PairCase> rows = {
      {{1, 2, 3}, {1.5, 1, 3.2}, -0.049735462371588602, -0.5, 1},
      {{0, 10}, {1, -5}, 8.99756971376149, -1, 15},
      {{5, 0, 0}, {4, 3, -2}, 0.698313741056198, -3, 2},
  };
  for (const PairCase& c : rows) {
    LseBoundsInput in;
    in.y = c.y;
    const LseBounds b = bounds(c.x, in);
    EXPECT_TRUE(b.has_y);
    EXPECT_NEAR(b.diff, c.diff, 1e-13);
    EXPECT_EQ(b.diff_min, c.lo);
    EXPECT_EQ(b.diff_max, c.hi);
    EXPECT_EQ(b.max_norm, std::max(std::fabs(c.lo), std::fabs(c.hi)));
    EXPECT_EQ(b.lipschitz.value, b.max_norm);
    EXPECT_NEAR(b.lipschitz.slack, b.max_norm - std::fabs(c.diff), 1e-13);
    EXPECT_TRUE(b.lipschitz.holds);
  }
  LseBoundsInput in;
  in.y = {1.5, 1, 3.2};
  expect_rel(bounds(Vec{1, 2, 3}, in).lse_y, 3.457341426815969);
}

TEST(LseBoundsOracle, LipschitzIsTightAlongOnes) {  // y = x + 0.7: |diff| = 0.7 = ||x - y||, slack ~ 0 (1e-14)
  const Vec x{0.3, -2, 4, 1};
  LseBoundsInput in;
  for (double v : x) in.y.push_back(v + 0.7);
  in.tau = 0.6;
  const LseBounds b = bounds(x, in);
  EXPECT_NEAR(b.diff, -0.7, 1e-14);
  EXPECT_NEAR(b.max_norm, 0.7, 1e-15);
  EXPECT_NEAR(b.lipschitz.slack, 0.0, 1e-14);
  EXPECT_TRUE(b.lipschitz.holds);
  // Convexity is an equality along the ones direction.
  EXPECT_NEAR(b.convexity.slack, 0.0, 1e-14);
  EXPECT_TRUE(b.convexity.holds);
}

TEST(LseBoundsOracle, ConvexityRow) {  // x=(1,2,3), y=(3,-1,0), mix 0.3 (1e-14 relative)
  LseBoundsInput in;
  in.y = {3, -1, 0};
  in.mix = 0.3;
  const LseBounds b = bounds(Vec{1, 2, 3}, in);
  expect_rel(b.lse_y, 3.0658839037574292);
  expect_rel(b.chord, 3.1684005219635145);
  expect_rel(b.lse_mix, 2.6663678998071337);
  EXPECT_EQ(b.mix, 0.3);
  EXPECT_EQ(b.convexity.value, b.chord);
  EXPECT_NEAR(b.convexity.slack, 3.1684005219635145 - 2.6663678998071337, 1e-14);
  EXPECT_TRUE(b.convexity.holds);
}

// ---------------------------------------------------------------------------------------------
// Section 4 edge cases as the bundle reports them

TEST(LseBoundsEdge, SingleEntry) {  // lse = x1 exactly; every bound is an equality with p = (1), for every tau
  for (double tau : {1e-3, 1.0, 1e3, kInf}) {
    LseBoundsInput in = with_p({1}, 3.0, tau);
    const LseBounds b = bounds(Vec{-2.5}, in);
    EXPECT_EQ(b.lse, -2.5);
    for (const Bound* r : {&b.max_lower, &b.ties_lower, &b.max_upper, &b.mean_lower, &b.cauchy_lower, &b.holder_lower,
                           &b.entropy_lower, &b.softmin_lower, &b.softmin_upper}) {
      EXPECT_EQ(r->value, -2.5) << "tau " << tau;  // tau log 1 = 0, also at tau = +inf (never inf * 0)
      EXPECT_EQ(r->slack, 0.0);
      EXPECT_TRUE(r->holds);
    }
    EXPECT_EQ(b.softmax, Vec{1.0});
    EXPECT_EQ(b.entropy, 0.0);
    EXPECT_EQ(b.kl, 0.0);
  }
}

TEST(LseBoundsEdge, AllEqualAttainsUpperAndMeanBounds) {  // slack 0 up to 1e-14 relative to lse
  LseBoundsInput in;
  in.tau = 2;
  const LseBounds b = bounds(Vec(5, 7.25), in);
  EXPECT_EQ(b.ties, 5u);
  EXPECT_NEAR(b.max_upper.slack, 0.0, kRel * b.lse);
  EXPECT_NEAR(b.mean_lower.slack, 0.0, kRel * b.lse);
  EXPECT_NEAR(b.ties_lower.slack, 0.0, kRel * b.lse);
  EXPECT_TRUE(b.max_upper.holds && b.mean_lower.holds && b.ties_lower.holds);
}

TEST(LseBoundsEdge, TiesSharpenTheLowerBound) {  // x_max + tau log r <= lse, tight as tau -> 0 (1e-14 relative)
  LseBoundsInput in;
  in.tau = 1e-3;
  const LseBounds b = bounds(Vec{4, 1, 4, 4, -2}, in);
  EXPECT_EQ(b.ties, 3u);
  expect_rel(b.ties_lower.value, 4 + 1e-3 * std::log(3.0));
  EXPECT_NEAR(b.ties_lower.slack, 0.0, kRel * 4);
  EXPECT_TRUE(b.ties_lower.holds);
  EXPECT_GT(b.max_lower.slack, 0.0);
}

TEST(LseBoundsEdge, HugeMagnitudesKeepTheMeanFinite) {
  // Summing 1e308s overflows; the mean sums x_i / n (exact here: 1e-14 relative).
  const LseBounds b = bounds(Vec{1e308, 1e308, 1e308});
  expect_rel(b.x_mean, 1e308);
  EXPECT_TRUE(std::isfinite(b.mean_lower.value));
  EXPECT_TRUE(b.mean_lower.holds);
  const LseBounds wide = bounds(Vec{1e308, -1e308});
  EXPECT_EQ(wide.x_mean, 0.0);
  EXPECT_EQ(wide.lse, 1e308);
  EXPECT_TRUE(wide.mean_lower.holds);
  EXPECT_TRUE(wide.softmin_upper.holds);
}

TEST(LseBoundsEdge, InfinitiesGiveZeroSlackWhenBothSidesAgree) {
  // +inf entry: lse = +inf and every bound through x_max is +inf too: slack 0, holds.
  const LseBounds b = bounds(Vec{kInf, 0, 1});
  EXPECT_EQ(b.lse, kInf);
  EXPECT_EQ(b.max_lower.value, kInf);
  EXPECT_EQ(b.max_lower.slack, 0.0);
  EXPECT_TRUE(b.max_lower.holds);
  EXPECT_EQ(b.max_upper.slack, 0.0);
  EXPECT_EQ(b.softmax, (Vec{1, 0, 0}));
  // Uniform p puts weight where softmax has none: KL = +inf.
  EXPECT_EQ(b.kl, kInf);
  // -inf entry: contributes nothing; the mean is -inf, a valid (infinitely slack) lower bound.
  const LseBounds c = bounds(Vec{-kInf, 1, 2, 3}, with_p({0, 0.2, 0.3, 0.5}));
  expect_rel(c.lse, kLse123);
  EXPECT_EQ(c.mean_lower.value, -kInf);
  EXPECT_EQ(c.mean_lower.slack, kInf);
  EXPECT_TRUE(c.mean_lower.holds);
  // A zero weight ignores even an infinite x_i: R6 is the finite oracle value.
  expect_rel(c.entropy_lower.value, 3.3296530140645735);
  expect_rel(c.kl, 0.077952950379806777);
}

TEST(LseBoundsEdge, InfiniteTemperature) {
  // tau = +inf: lse = +inf; softmax is uniform, so KL(p || uniform) = log n - H(p) (1e-14 relative).
  const LseBounds b = bounds(Vec{1, 2, 3}, with_p({0.2, 0.3, 0.5}, 3.0, kInf));
  EXPECT_EQ(b.lse, kInf);
  EXPECT_EQ(b.max_upper.slack, 0.0);
  EXPECT_TRUE(b.max_upper.holds);
  EXPECT_EQ(b.max_lower.value, 3.0);
  EXPECT_EQ(b.max_lower.slack, kInf);
  expect_rel(b.kl, std::log(3.0) - 1.0296530140645735);
  expect_rel(b.entropy, std::log(3.0));
  // One-hot p: H = 0, so the R4-R6 values stay p.x (never inf * 0 = NaN).
  const LseBounds one_hot = bounds(Vec{1, 2, 3}, with_p({0, 1, 0}, 3.0, kInf));
  EXPECT_EQ(one_hot.cauchy_lower.value, 2.0);
  EXPECT_EQ(one_hot.entropy_lower.value, 2.0);
}

TEST(LseBoundsEdge, NaNPropagatesAndNothingHolds) {  // documented: a NaN input makes every bound undecidable
  const LseBounds b = bounds(Vec{1, kNaN, 3});
  EXPECT_TRUE(std::isnan(b.lse));
  EXPECT_TRUE(std::isnan(b.x_max));
  EXPECT_TRUE(std::isnan(b.x_mean));
  EXPECT_FALSE(b.max_lower.holds);
  EXPECT_FALSE(b.entropy_lower.holds);
  EXPECT_TRUE(std::isnan(b.entropy));
  EXPECT_TRUE(std::isnan(b.kl));
  LseBoundsInput in;
  in.y = {1, 2, kNaN};
  const LseBounds p = bounds(Vec{1, 2, 3}, in);
  EXPECT_TRUE(std::isnan(p.diff_min));
  EXPECT_TRUE(std::isnan(p.max_norm));
  EXPECT_FALSE(p.lipschitz.holds);
}

TEST(LseBoundsEdge, WeightsNearTheSimplexAreRenormalised) {  // within 1e-6: scaled to sum 1 (1e-14 relative)
  const LseBounds exact = bounds(Vec{1, 2, 3}, with_p({0.2, 0.3, 0.5}));
  const LseBounds off = bounds(Vec{1, 2, 3}, with_p({0.2 * (1 + 8e-7), 0.3 * (1 + 8e-7), 0.5 * (1 + 8e-7)}));
  EXPECT_NEAR(std::accumulate(off.p.begin(), off.p.end(), 0.0), 1.0, 1e-15);
  expect_rel(off.entropy_lower.value, exact.entropy_lower.value);
  expect_rel(off.holder_lower.value, exact.holder_lower.value);
  expect_rel(off.kl, exact.kl);
}

TEST(LseBoundsEdge, MixEndpointsIgnoreTheOtherPoint) {  // mix 0 or 1 picks one point even if the other is infinite
  LseBoundsInput in;
  in.y = {kInf, 0};
  in.mix = 1;
  const LseBounds b = bounds(Vec{1, 2}, in);
  EXPECT_EQ(b.lse_mix, b.lse);
  EXPECT_EQ(b.chord, b.lse);
  EXPECT_TRUE(b.convexity.holds);
}

// ---------------------------------------------------------------------------------------------
// 5.5 invariants through the bundle: every bound holds on random inputs, the Holder values decrease in
// t, R6's slack is tau KL >= 0, and R7/R8 hold for a random y.

TEST(LseBoundsProperties, EveryBoundHoldsOnRandomInputs) {
  lse_reference::Draws d(31);
  for (int k = 0; k < 300; ++k) {
    const std::size_t n = d.index(1, 1000);
    const double scale = d.log_uniform(1e-3, 1e3);
    const Vec x = d.vector(n, scale);
    LseBoundsInput in;
    in.tau = d.log_uniform(1e-3, 1e3);
    in.p = d.simplex(n);
    in.y = d.vector(n, scale);
    in.mix = d.uniform(0, 1);
    double previous = kInf;
    for (double t : {1.0, 1.5, 2.0, 3.0, 10.0}) {
      in.t = t;
      const LseBounds b = lse_bounds(std::span<const double>(x), in);
      for (const Bound* r : {&b.max_lower, &b.ties_lower, &b.max_upper, &b.mean_lower, &b.cauchy_lower, &b.holder_lower,
                             &b.entropy_lower, &b.softmin_lower, &b.softmin_upper, &b.lipschitz, &b.convexity}) {
        EXPECT_TRUE(r->holds) << "bound #" << (r - &b.max_lower) << " n " << n << " tau " << in.tau;
        EXPECT_GE(r->slack, 0.0);
      }
      // Holder values decrease in t, up to rounding of the values (1e-13 of the scale).
      const double tol = 1e-13 * (scale + in.tau * std::log(double(n)) + std::fabs(b.lse));
      EXPECT_LE(b.holder_lower.value, previous + tol) << "t " << t;
      previous = b.holder_lower.value;
      EXPECT_GE(b.kl, 0.0);
      // R6 slack = tau KL equals lse minus the bound, up to the rounding of that difference.
      EXPECT_NEAR(b.entropy_lower.slack, b.lse - b.entropy_lower.value, tol);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bad inputs

TEST(LseBoundsErrors, MessagesNameTheArgument) {
  const Vec x{1, 2, 3, 4};
  expect_invalid([] { bounds(Vec{}); }, "lse_bounds: x is empty");
  LseBoundsInput in;
  in.tau = -1;
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: tau must be positive, got -1");
  in.tau = kNaN;
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: tau must be positive, got nan");
  in = {};
  in.p = {0.2, 0.3, 0.5};
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: p has 3 entries but x has 4");
  in.p = {0.5, -0.1, 0.3, 0.3};
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: p[1] = -0.1");
  in.p = {0.5, kNaN, 0.3, 0.2};
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: p[1] = nan");
  in.p = {0.5, 0.5, 0.5, 0.5};
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: p sums to 2, not 1");
  in = {};
  in.t = 0.5;
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: t must be >= 1");
  in.t = kNaN;
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: t must be >= 1");
  in = {};
  in.mix = 1.5;
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: mix must be in [0, 1], got 1.5");
  in.mix = kNaN;
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: mix");
  in = {};
  in.y = {1, 2};
  expect_invalid([&] { bounds(x, in); }, "lse_bounds: y has 2 entries but x has 4");
}

}  // namespace

// Regression found by tests/fuzz/logsumexp_fuzz.cpp: at subnormal scale the bounds round absolutely
// (lse = 0 but x_mean + tau log 2 = 4.9e-324), and a relative 1e-12 tolerance flagged R3-R6 as violated.
TEST(FuzzRegressions, BoundsHoldAtSubnormalScale) {
  const std::vector<double> x{-std::numeric_limits<double>::denorm_min(), 0.0};
  mathlets::LseBoundsInput in;
  in.tau = std::numeric_limits<double>::denorm_min();
  const mathlets::LseBounds b = mathlets::lse_bounds(std::span<const double>(x), in);
  EXPECT_TRUE(b.mean_lower.holds);
  EXPECT_TRUE(b.cauchy_lower.holds);
  EXPECT_TRUE(b.holder_lower.holds);
  EXPECT_TRUE(b.entropy_lower.holds);
  EXPECT_TRUE(b.max_upper.holds);
}
