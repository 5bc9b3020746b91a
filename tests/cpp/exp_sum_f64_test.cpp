// The double-precision logsumexp kernels (cpp/src/simd/max_scan_f64.cpp, exp_sum_f64.cpp) and the f64
// logsumexp they serve, against long double (64-bit mantissa). The kernels are tested on the compiled
// backend (SSE2 here) and on the plain-doubles backend of the baseline wasm build, compiled into this
// file under its own namespace, as exp_f64_test.cpp does; the wasm SIMD backend runs the same
// checks through tests/js/logsumexp.test.js and whole-range.test.js.
//
// Tolerances: a term is within 1 ulp (the lane exp's bound) of e^z for the double z = (x_i - m) / tau
// the kernel forms, and a sum of n terms adds n roundings: (n + 2) eps relative, plus one subnormal
// step (denorm_min) for terms below DBL_MIN. The routine: section 3.1's 8 eps (|m| + tau log n + tau).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

#include "../../cpp/src/simd/exp_f64.hpp"
#include "../../cpp/src/simd/exp_sum_f64.hpp"
#include "../../cpp/src/simd/max_scan_f64.hpp"
#include "lse_reference.hpp"
#include "mathlets/logsumexp.hpp"

// The same kernel sources with the plain backend forced (every standard header they need is already in).
namespace plain_backend {
namespace mathlets::simd {
using ::mathlets::simd::MaxScanF64;
}
#define MATHLETS_F64X2_SCALAR
#include "../../cpp/src/simd/exp_sum_f64.cpp"
#include "../../cpp/src/simd/max_scan_f64.cpp"
#undef MATHLETS_F64X2_SCALAR
}  // namespace plain_backend

namespace {

using Vec = std::vector<double>;
using SumKernel = double (*)(const double*, std::size_t, double, double);
using ScanKernel = mathlets::simd::MaxScanF64 (*)(const double*, std::size_t);
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kTiny = std::numeric_limits<double>::denorm_min();

struct Backend {
  const char* name;
  SumKernel sum;
  ScanKernel scan;
};
const Backend kBackends[] = {
    {"compiled", mathlets::simd::exp_shift_sum_f64, mathlets::simd::max_scan_f64},
    {"plain", plain_backend::mathlets::simd::exp_shift_sum_f64, plain_backend::mathlets::simd::max_scan_f64},
};

// sum of e^z in long double, z = (x_i - m) / tau formed in double as the kernel forms it.
long double reference_sum(const Vec& x, double m, double tau) {
  long double s = 0;
  for (double v : x) s += std::exp(static_cast<long double>((v - m) / tau));
  return s;
}

void expect_sum(const Backend& b, const Vec& x, double m, double tau) {
  const long double ref = reference_sum(x, m, tau);
  const double got = b.sum(x.data(), x.size(), m, tau);
  const double tol = static_cast<double>(x.size() + 2) * kEps * static_cast<double>(ref) + kTiny;
  EXPECT_NEAR(got, static_cast<double>(ref), tol) << b.name << " n " << x.size() << " tau " << tau;
}

Vec draws(lse_reference::Draws& d, std::size_t n, double scale) { return d.vector(n, scale); }

TEST(ExpSumF64, MatchesLongDoubleOnEveryBackendAndLength) {
  lse_reference::Draws d(64);
  // Lengths 0..9 and odd ones: every lane tail. Powers of two for tau take the exact-reciprocal
  // product, the others the division; both must give the correctly rounded argument.
  for (std::size_t n : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 17u, 255u, 1001u}) {
    for (double scale : {1e-3, 1.0, 30.0, 400.0}) {
      for (double tau : {1.0, 0.7, 0.125, 3.0, 1024.0, 1e-3}) {
        const Vec x = draws(d, n, scale);
        const double m = n ? *std::max_element(x.begin(), x.end()) : 0.0;
        for (const Backend& b : kBackends) expect_sum(b, x, m, tau);
      }
    }
  }
}

TEST(ExpSumF64, EdgesAreExact) {
  for (const Backend& b : kBackends) {
    SCOPED_TRACE(b.name);
    const Vec ties{2.5, 2.5, 2.5};  // e^0 = 1 exactly, for every tau
    for (double tau : {1e-300, 0.5, 1.0, 3.0, 1e300}) EXPECT_EQ(b.sum(ties.data(), 3, 2.5, tau), 3.0);
    const Vec dead{-kInf, -kInf, -kInf, -kInf, -kInf};  // -inf entries give 0
    EXPECT_EQ(b.sum(dead.data(), 5, 0.0, 1.0), 0.0);
    EXPECT_EQ(b.sum(dead.data(), 5, 0.0, 0.5), 0.0);
    // Tiny tau: every argument below the max overflows to -inf, at either path (0.5^1000 is exact).
    const Vec spread{1.0, 2.0, 3.0};
    EXPECT_EQ(b.sum(spread.data(), 3, 3.0, 1e-300), 1.0);
    EXPECT_EQ(b.sum(spread.data(), 3, 3.0, std::ldexp(1.0, -1000)), 1.0);
    // x_i - m overflows to -inf: at tau <= 1e300 the true term e^(-2e308 / tau) is 0 too.
    const Vec wide{1e308, -1e308};
    EXPECT_EQ(b.sum(wide.data(), 2, 1e308, 1e300), 1.0);
    EXPECT_EQ(b.sum(nullptr, 0, 0.0, 1.0), 0.0);
  }
}

TEST(ExpSumF64, SubnormalTermsRoundOnce) {
  // Terms between e^-708.4 (DBL_MIN) and e^-745.1 are subnormal: one step of denorm_min each. Odd
  // and even positions, so both lanes and the tail meet them, beside normal terms in the same pair.
  Vec x;
  for (double v = -708.0; v > -745.2; v -= 0.37) x.push_back(v);
  for (const Backend& b : kBackends) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      const Vec one{x[i]};
      const double ref = static_cast<double>(std::exp(static_cast<long double>(x[i])));
      EXPECT_NEAR(b.sum(one.data(), 1, 0.0, 1.0), ref, kTiny) << b.name << " " << x[i];
      const Vec pair{-1.0, x[i]};
      EXPECT_NEAR(b.sum(pair.data(), 2, 0.0, 1.0), std::exp(-1.0), kEps) << b.name << " " << x[i];
    }
    expect_sum(b, x, 0.0, 1.0);
  }
}

TEST(MaxScanF64, FindsMaxFirstIndexAndNaNAnywhere) {  // exact
  for (const Backend& b : kBackends) {
    SCOPED_TRACE(b.name);
    for (std::size_t n = 1; n <= 13; ++n) {
      for (std::size_t at = 0; at < n; ++at) {
        Vec x(n);
        for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i % 3) - 5;
        x[at] = 9;
        mathlets::simd::MaxScanF64 s = b.scan(x.data(), n);
        EXPECT_EQ(s.max, 9.0);
        EXPECT_EQ(s.first, at) << "n " << n;
        EXPECT_FALSE(s.nan);
        if (at + 1 < n) {  // a later tie keeps the first index
          x[n - 1] = 9;
          EXPECT_EQ(b.scan(x.data(), n).first, at) << "n " << n;
        }
        x[at] = std::nan("");
        s = b.scan(x.data(), n);
        EXPECT_TRUE(s.nan) << "n " << n << " at " << at;
      }
    }
    const mathlets::simd::MaxScanF64 empty = b.scan(nullptr, 0);
    EXPECT_EQ(empty.max, -kInf);
    EXPECT_FALSE(empty.nan);
    const Vec all_neg_inf(9, -kInf);
    EXPECT_EQ(b.scan(all_neg_inf.data(), 9).max, -kInf);
  }
}

TEST(MaxScanF64, FirstIndexAcrossBlocks) {  // exact: blocks of 256 entries, ties in several of them
  for (const Backend& b : kBackends) {
    for (std::size_t n : {255u, 256u, 257u, 1000u, 1027u}) {
      for (std::size_t at : {std::size_t{0}, n / 3, n - 2, n - 1}) {
        Vec x(n, -1.0);
        x[at] = 4.0;
        for (std::size_t later = at + 300; later < n; later += 300) x[later] = 4.0;
        const mathlets::simd::MaxScanF64 s = b.scan(x.data(), n);
        EXPECT_EQ(s.max, 4.0);
        EXPECT_EQ(s.first, at) << b.name << " n " << n;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The f64 logsumexp on the kernels (compiled backend), at the edges the scalar path handled.

double lse(const Vec& x, double tau = 1) { return mathlets::logsumexp(std::span<const double>(x), tau); }

void expect_lse(const Vec& x, double tau) {
  const long double ref = lse_reference::lse(std::span<const double>(x), tau);
  const double m = *std::max_element(x.begin(), x.end());
  const double target = 8 * kEps * (std::fabs(m) + tau * std::log(static_cast<double>(x.size())) + tau);
  EXPECT_NEAR(lse(x, tau), static_cast<double>(ref), target) << "n " << x.size() << " tau " << tau;
}

TEST(LogsumexpF64Kernel, MatchesLongDoubleAtEveryLengthAndTemperature) {
  lse_reference::Draws d(65);
  for (std::size_t n = 1; n <= 9; ++n) {
    for (double tau : {1e-3, 0.25, 1.0, 0.7, 40.0, 1e6}) {
      for (double scale : {1e-2, 1.0, 100.0}) expect_lse(draws(d, n, scale), tau);
    }
  }
  for (std::size_t n : {31u, 257u, 1001u}) expect_lse(draws(d, n, 5.0), 1.0);
}

TEST(LogsumexpF64Kernel, TiesAndNegativeInfinity) {
  // The first index attaining the max is left out of log1p's sum and the other ties add 1 each, at
  // every position of the ties within the lanes (4e-16 absolute: results near 1.1 and log 3).
  for (std::size_t n = 2; n <= 9; ++n) {
    for (std::size_t first = 0; first + 1 < n; ++first) {
      Vec x(n, -kInf);
      x[first] = 0.0;
      x[n - 1] = 0.0;
      EXPECT_NEAR(lse(x), std::log(2.0), 4e-16) << "n " << n << " first " << first;
      x[first] = 1.0;
      EXPECT_NEAR(lse(x), 1.0 + std::log1p(std::exp(-1.0)), 4e-16) << "n " << n;
    }
  }
  EXPECT_NEAR(lse(Vec{0.0, 0.0, 0.0}), std::log(3.0), 4e-16);
  EXPECT_EQ(lse(Vec{-kInf, 3.0, -kInf}), 3.0);
}

TEST(LogsumexpF64Kernel, SubnormalCorrectionsSurviveLog1p) {
  // lse(0, x) = log1p(e^x) = e^x exactly in double once e^x < 2^-53: subnormal below -708.4.
  for (double v : {-40.0, -700.0, -709.0, -720.0, -744.0, -745.1}) {
    for (const Vec& x : {Vec{0.0, v}, Vec{v, 0.0}, Vec{v, 0.0, -kInf}}) {
      const double ref = static_cast<double>(std::exp(static_cast<long double>(v)));
      EXPECT_NEAR(lse(x), ref, std::max(kEps * ref, kTiny)) << v;
    }
  }
  EXPECT_EQ(lse(Vec{0.0, -746.0}), 0.0);
}

TEST(LogsumexpF64Kernel, TemperaturesAtAndPastTheKernelRange) {
  // Up to 1e300 the kernel; above, the scalar path that divides first where x_i - m overflows.
  for (double tau : {1e299, 1e300, 2e300, 1e308}) {
    const Vec wide{1e308, -1e308, 5e307};
    expect_lse(wide, tau);
  }
  for (double tau : {1e-300, 5e-324, std::ldexp(1.0, -1000)}) EXPECT_EQ(lse(Vec{1, 2, 3, 3}, tau), 3.0);
  // Powers of two take the reciprocal product: the same result as a neighbouring division, to 8 eps.
  const Vec x{0.3, -1.7, 2.2, 0.9, -4.0};
  for (double tau : {0.5, 2.0, 0.125}) {
    expect_lse(x, tau);
    EXPECT_NEAR(lse(x, tau), lse(x, std::nextafter(tau, 1.0)), 1e-14);
  }
}

}  // namespace
