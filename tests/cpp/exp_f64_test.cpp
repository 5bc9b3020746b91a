// The double-lane exp kernel behind ThreTopK's passes (cpp/src/simd/exp_f64.cpp), against expl in
// long double (64-bit mantissa, so its rounding to double is the correctly rounded value up to rare
// double-rounding ties). Tolerance: 1 ulp of the result (fdlibm's bound for this algorithm), and for
// subnormal results 1 ulp of the subnormal grid (denorm_min), since they carry fewer bits.
// The compiled backend (SSE2 here) is tested, and the plain-doubles backend of the baseline wasm build
// too, compiled into this file under its own namespace.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "../../cpp/src/simd/exp_f64.hpp"

// The same kernel source with the plain backend forced (every standard header it needs is already in).
namespace plain_backend {
#define MATHLETS_F64X2_SCALAR
#include "../../cpp/src/simd/exp_f64.cpp"
#undef MATHLETS_F64X2_SCALAR
}  // namespace plain_backend

namespace {

using Kernel = void (*)(const double*, std::size_t, double*);
const Kernel kKernels[] = {mathlets::simd::exp_nonpositive_f64, plain_backend::mathlets::simd::exp_nonpositive_f64};

// Distance from the correctly rounded e^x in units of the last place of the result.
double ulps(double got, double x) {
  const long double exact = std::exp(static_cast<long double>(x));
  const double rounded = static_cast<double>(exact);
  const double ulp = rounded < std::numeric_limits<double>::min() ? std::numeric_limits<double>::denorm_min()
                                                                  : std::nextafter(rounded, 2.0) - rounded;
  return std::fabs(static_cast<long double>(got) - exact) / ulp;
}

std::vector<double> run(Kernel kernel, const std::vector<double>& x) {
  std::vector<double> out(x.size());
  kernel(x.data(), x.size(), out.data());
  return out;
}

TEST(ExpF64, WithinOneUlpAcrossTheRange) {
  std::printf("f64x2 backend: %s\n", mathlets::simd::f64x2_backend());
  std::mt19937_64 rng(64);
  std::vector<double> x;
  for (double span : {1e-300, 1e-12, 1e-3, 0.35, 1.0, 20.0, 700.0, 745.0}) {
    std::uniform_real_distribution<double> draw(-span, 0.0);
    for (int i = 0; i < 20001; ++i) x.push_back(draw(rng));  // odd count: the tail lane too
  }
  for (Kernel kernel : kKernels) {
    const std::vector<double> y = run(kernel, x);
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, ulps(y[i], x[i]));
    EXPECT_LE(worst, 1.0);
  }
}

TEST(ExpF64, EdgesAreExact) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> x{0.0, -0.0, -inf, -746.0, -1e300, -745.0, std::nan(""), -std::log(2.0)};
  for (Kernel kernel : kKernels) {
    const std::vector<double> y = run(kernel, x);
    EXPECT_EQ(y[0], 1.0);
    EXPECT_EQ(y[1], 1.0);
    EXPECT_EQ(y[2], 0.0);
    EXPECT_EQ(y[3], 0.0);
    EXPECT_EQ(y[4], 0.0);
    EXPECT_EQ(y[5],
              std::numeric_limits<double>::denorm_min());  // e^-745 = 2^-1074.8 rounds up to the smallest subnormal
    EXPECT_TRUE(std::isnan(y[6]));
    EXPECT_LE(ulps(y[7], x[7]), 1.0);
  }
}

TEST(ExpF64, SubnormalResultsRoundOnce) {
  // Between e^-708.4 (DBL_MIN) and e^-745.1 the result is subnormal: 2^k is applied in two exact
  // halves, so only the last multiplication rounds.
  std::vector<double> x;
  for (double v = -708.0; v > -745.2; v -= 0.0137) x.push_back(v);
  for (Kernel kernel : kKernels) {
    const std::vector<double> y = run(kernel, x);
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_LE(ulps(y[i], x[i]), 1.0) << x[i];
  }
}

TEST(ExpF64, MatchesTheScalarTwinAndAliases) {
  std::vector<double> x;
  for (int i = 0; i < 1001; ++i) x.push_back(-0.37 * i);
  std::vector<double> twin(x.size());
  mathlets::simd::exp_nonpositive_f64_scalar(x.data(), x.size(), twin.data());
  std::vector<double> in_place = x;
  mathlets::simd::exp_nonpositive_f64(in_place.data(), in_place.size(), in_place.data());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_LE(ulps(twin[i], x[i]), 1.0);
    EXPECT_LE(std::fabs(in_place[i] - twin[i]),
              2 * std::numeric_limits<double>::epsilon() * twin[i] + std::numeric_limits<double>::denorm_min());
  }
}

}  // namespace
