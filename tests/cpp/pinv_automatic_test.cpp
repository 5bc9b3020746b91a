// The automatic pseudo-inverse route (pinv.hpp) and its bidiagonal singular values: checked against
// independent references (JacobiSVD in long double, BDCSVD), across shapes, conditioning, rank
// deficiency and the double range. pinv_test.cpp runs the math file's oracles through every route,
// this one included.
#include "mathlets/pinv.hpp"

#include "../../cpp/src/bidiagonal_values.hpp"

#include "lowrank_test_matrices.hpp"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <utility>

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using mathlets::PinvMethod;
using mathlets::PinvOptions;
using MatrixXl = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;

constexpr double kEps = std::numeric_limits<double>::epsilon();

PinvOptions with_method(PinvMethod method) {
  PinvOptions o;
  o.method = method;
  return o;
}

// A^+ and the singular values in long double by one-sided Jacobi: another algorithm, 11 more bits.
MatrixXd reference_pinv(const MatrixXd& a) {
  Eigen::JacobiSVD<MatrixXl> svd(a.cast<long double>(), Eigen::ComputeThinU | Eigen::ComputeThinV);
  const auto& s = svd.singularValues();
  const long double tau = static_cast<long double>(std::max(a.rows(), a.cols())) * kEps * s(0);
  Eigen::Matrix<long double, Eigen::Dynamic, 1> inv = s;
  for (Index i = 0; i < s.size(); ++i) inv(i) = s(i) > tau ? 1 / s(i) : 0;
  return (svd.matrixV() * inv.asDiagonal() * svd.matrixU().transpose()).cast<double>();
}
VectorXd reference_values(const MatrixXd& a) {
  return Eigen::JacobiSVD<MatrixXl>(a.cast<long double>()).singularValues().cast<double>();
}

double rel_diff(const MatrixXd& a, const MatrixXd& b) { return (a - b).norm() / b.norm(); }

// U diag(sigma) V^T with Haar-like orthogonal U, V (QR of Gaussian matrices) and the given spectrum.
MatrixXd with_spectrum(mathlets::SplitMix64& rng, Index rows, Index cols, const VectorXd& sigma) {
  const MatrixXd u = Eigen::HouseholderQR<MatrixXd>(mathlets::testing::gaussian_matrix(rng, rows, rows)).householderQ();
  const MatrixXd v = Eigen::HouseholderQR<MatrixXd>(mathlets::testing::gaussian_matrix(rng, cols, cols)).householderQ();
  return u.leftCols(sigma.size()) * sigma.asDiagonal() * v.leftCols(sigma.size()).transpose();
}

// sigma_i = 10^(-decades * i / (p - 1)), i = 0..p-1: kappa = 10^decades.
VectorXd graded(Index p, double decades) {
  VectorXd s(p);
  for (Index i = 0; i < p; ++i) s(i) = std::pow(10.0, -decades * static_cast<double>(i) / static_cast<double>(p - 1));
  return s;
}

MatrixXd dense_bidiagonal(const VectorXd& d, const VectorXd& e) {
  MatrixXd b = MatrixXd::Zero(d.size(), d.size());
  b.diagonal() = d;
  if (d.size() > 1) b.diagonal(1) = e;
  return b;
}

void expect_values_near(const VectorXd& d, const VectorXd& e, double factor = 8.0) {
  const VectorXd got = mathlets::detail::bidiagonal_singular_values(d, e);
  const VectorXd want = reference_values(dense_bidiagonal(d, e));
  ASSERT_EQ(got.size(), want.size());
  const double bound = factor * static_cast<double>(std::max<Index>(d.size(), 1)) * kEps * std::max(want(0), 1e-300);
  for (Index i = 0; i < got.size(); ++i) EXPECT_NEAR(got(i), want(i), bound) << "value " << i << " of " << got.size();
}

// ------------------------------------------------------------------------------------------------
// Bidiagonal values.

TEST(BidiagonalValues, RandomMatricesOfEverySize) {
  mathlets::SplitMix64 rng(11);
  for (Index n : {1, 2, 3, 4, 7, 16, 33, 100}) {
    SCOPED_TRACE(n);
    const MatrixXd g = mathlets::testing::gaussian_matrix(rng, 2, n);
    expect_values_near(g.row(0).transpose(), g.row(1).transpose().head(n - 1));
  }
}

TEST(BidiagonalValues, GradedZeroAndRepeatedEntries) {
  const Index n = 12;
  VectorXd d(n), e(n - 1);
  for (Index i = 0; i < n; ++i) d(i) = std::pow(10.0, -static_cast<double>(i));
  for (Index i = 0; i < n - 1; ++i) e(i) = 0.5 * std::pow(10.0, -static_cast<double>(i));
  expect_values_near(d, e);  // graded down the diagonal
  expect_values_near(d.reverse(), e.reverse());
  VectorXd holes = d;
  holes(0) = holes(5) = holes(n - 1) = 0.0;  // a zero diagonal entry splits the matrix (split_at_small_diagonal)
  expect_values_near(holes, VectorXd::Ones(n - 1));
  VectorXd gaps = VectorXd::Ones(n - 1);
  gaps(3) = gaps(7) = 0.0;  // a zero superdiagonal entry splits it too
  expect_values_near(d, gaps);
  expect_values_near(VectorXd::Ones(n), VectorXd::Zero(n - 1));  // identity: twelve ones
  expect_values_near(VectorXd::Ones(n), VectorXd::Ones(n - 1));  // Toeplitz: clustered values
  EXPECT_EQ(mathlets::detail::bidiagonal_singular_values(VectorXd::Zero(n), VectorXd::Zero(n - 1)), VectorXd::Zero(n));
  EXPECT_EQ(mathlets::detail::bidiagonal_singular_values(VectorXd(0), VectorXd(0)).size(), 0);
}

TEST(BidiagonalValues, NegativeEntriesGiveNonnegativeDescendingValues) {
  VectorXd d(4), e(3);
  d << -3, 2, -1, 0.5;
  e << 1, -1, 2;
  const VectorXd s = mathlets::detail::bidiagonal_singular_values(d, e);
  for (Index i = 0; i + 1 < s.size(); ++i) EXPECT_GE(s(i), s(i + 1));
  EXPECT_GE(s(3), 0.0);
  expect_values_near(d, e);
}

// ------------------------------------------------------------------------------------------------
// The automatic route.

TEST(PinvAutomatic, FullRankMatricesAreInvertedThroughTheBidiagonalFactors) {
  mathlets::SplitMix64 rng(21);
  const std::pair<Index, Index> shapes[] = {{1, 1}, {2, 2}, {5, 3}, {3, 5}, {16, 16}, {40, 25}, {25, 40}, {64, 64}};
  for (auto [rows, cols] : shapes) {
    SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
    const MatrixXd a = mathlets::testing::gaussian_matrix(rng, rows, cols);
    const auto r = mathlets::pinv(a);
    EXPECT_TRUE(r.full_rank_inverse);
    EXPECT_EQ(r.rank, std::min(rows, cols));
    const VectorXd s = reference_values(a);
    const double kappa = s(0) / s(s.size() - 1);
    // The math file's float tolerance: 10 max(n, m) eps kappa.
    EXPECT_LE(rel_diff(r.pinv, reference_pinv(a)), 10 * std::max(rows, cols) * kEps * kappa);
    for (Index i = 0; i < s.size(); ++i)
      EXPECT_NEAR(r.singular_values(i), s(i), 8 * std::max(rows, cols) * kEps * s(0)) << "sigma " << i;
    EXPECT_DOUBLE_EQ(r.scale, r.singular_values(0));
    EXPECT_DOUBLE_EQ(r.tolerance, std::max(rows, cols) * kEps * r.singular_values(0));
  }
}

TEST(PinvAutomatic, GradedSpectraUpToTheTolerance) {
  mathlets::SplitMix64 rng(22);
  for (double decades : {4.0, 8.0, 12.0}) {
    SCOPED_TRACE(decades);
    const MatrixXd a = with_spectrum(rng, 48, 32, graded(32, decades));
    const auto r = mathlets::pinv(a);
    EXPECT_TRUE(r.full_rank_inverse);
    EXPECT_EQ(r.rank, 32);
    EXPECT_LE(rel_diff(r.pinv, reference_pinv(a)), 10 * 48 * kEps * std::pow(10.0, decades));
    const auto svd = mathlets::pinv(a, with_method(PinvMethod::bdcsvd));
    EXPECT_LE(rel_diff(r.pinv, svd.pinv), 10 * 48 * kEps * std::pow(10.0, decades));
  }
}

TEST(PinvAutomatic, RankDeficientMatricesGoToTheSvd) {
  mathlets::SplitMix64 rng(23);
  VectorXd below = graded(20, 6);
  below.tail(4).setConstant(1e-20);  // four values far below the tolerance 40 eps
  const MatrixXd cases[] = {
      mathlets::testing::low_rank_matrix(rng, 40, 30, 10, false),
      mathlets::testing::low_rank_matrix(rng, 30, 40, 10, true),
      with_spectrum(rng, 40, 20, below),
      MatrixXd::Ones(17, 17),
  };
  for (const MatrixXd& a : cases) {
    const auto r = mathlets::pinv(a);
    const auto svd = mathlets::pinv(a, with_method(PinvMethod::bdcsvd));
    EXPECT_FALSE(r.full_rank_inverse);
    EXPECT_EQ(r.rank, svd.rank);
    EXPECT_EQ(r.pinv, svd.pinv);  // the same computation
    EXPECT_EQ(r.singular_values, svd.singular_values);
  }
}

TEST(PinvAutomatic, TheRankDecisionMatchesTheSvdsAcrossTheThreshold) {
  mathlets::SplitMix64 rng(24);
  // sigma_min at 1e3, 1e1 and 1e-1 times the tolerance 24 eps sigma_1, and at 1e-3 times it.
  for (double times : {1e3, 1e1, 1e-1, 1e-3}) {
    SCOPED_TRACE(times);
    VectorXd s = graded(24, 3);
    s(23) = times * 24 * kEps;
    const MatrixXd a = with_spectrum(rng, 24, 24, s);
    const auto r = mathlets::pinv(a);
    const Index want = times > 1 ? 24 : 23;
    EXPECT_EQ(r.rank, want);
    EXPECT_EQ(r.full_rank_inverse, want == 24);
    EXPECT_EQ(mathlets::pinv(a, with_method(PinvMethod::bdcsvd)).rank, want);
  }
}

TEST(PinvAutomatic, ScaleEquivariantOverTheDoubleRange) {
  mathlets::SplitMix64 rng(25);
  const MatrixXd base = mathlets::testing::gaussian_matrix(rng, 30, 20);
  const auto r0 = mathlets::pinv(base);
  const VectorXd s = reference_values(base);
  const double kappa = s(0) / s(s.size() - 1);
  for (double c : {1e-300, 1e-150, 1e-30, 1e30, 1e150, 1e300}) {
    SCOPED_TRACE(c);
    for (const MatrixXd& a : {MatrixXd(c * base), MatrixXd(c * base.transpose())}) {
      const auto r = mathlets::pinv(a);
      EXPECT_TRUE(r.full_rank_inverse);
      EXPECT_EQ(r.rank, 20);
      ASSERT_TRUE(r.pinv.allFinite());
      const MatrixXd unscaled = a.rows() == 30 ? MatrixXd(r.pinv * c) : MatrixXd((r.pinv * c).transpose());
      EXPECT_LE(rel_diff(unscaled, r0.pinv), 10 * 30 * kEps * kappa);
      EXPECT_NEAR(r.scale / c, r0.scale, 1e-13 * r0.scale);
    }
  }
}

TEST(PinvAutomatic, ValuesAtTheRoundingLevelGoToTheSvd) {
  // A = diag(2^1000, 2^-70) with rtol = 0 keeps both values, but sigma_2 / sigma_1 = 2^-1070 lies far
  // below the rounding level of any SVD (2 eps): whether such a value counts is the SVD's call, and
  // its inverse in B = A / 2^1000 units (2^1070) would overflow inside. A^+ = diag(2^-1000, 2^70).
  MatrixXd a = MatrixXd::Zero(2, 2);
  a(0, 0) = std::ldexp(1.0, 1000);
  a(1, 1) = std::ldexp(1.0, -70);
  PinvOptions o;
  o.rtol = 0.0;
  const auto r = mathlets::pinv(a, o);
  EXPECT_FALSE(r.full_rank_inverse);
  EXPECT_EQ(r.rank, 2);
  EXPECT_EQ(r.pinv(0, 0), std::ldexp(1.0, -1000));
  EXPECT_EQ(r.pinv(1, 1), std::ldexp(1.0, 70));
  EXPECT_EQ(r.pinv(0, 1), 0.0);
  EXPECT_EQ(r.pinv(1, 0), 0.0);
}

TEST(PinvAutomatic, PinvAndLstsqDecideAlikeAtRtolZero) {
  // Fuzzer reproducer: rank 3 exactly; at rtol = 0 the bidiagonal values put sigma_4 at 2e-20 (noise).
  // The route must leave it to the SVD for pinv and lstsq alike (once they disagreed on the rank).
  MatrixXd a(5, 4);
  a << -1, -1, 1, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1;
  PinvOptions o;
  o.rtol = 0.0;
  const auto r = mathlets::pinv(a, o);
  const auto ls = mathlets::lstsq(a, MatrixXd::Ones(5, 1), o);
  EXPECT_FALSE(r.full_rank_inverse);
  EXPECT_EQ(r.rank, mathlets::pinv(a,
                                   [] {
                                     PinvOptions b;
                                     b.rtol = 0.0;
                                     b.method = PinvMethod::bdcsvd;
                                     return b;
                                   }())
                        .rank);
  EXPECT_EQ(ls.rank, r.rank);
}

TEST(PinvAutomatic, LeastSquaresTallWideAndEmptyRightHandSides) {
  mathlets::SplitMix64 rng(26);
  for (auto [rows, cols] : {std::pair<Index, Index>{40, 12}, {12, 40}, {20, 20}}) {
    SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
    const MatrixXd a = mathlets::testing::gaussian_matrix(rng, rows, cols);
    const MatrixXd b = mathlets::testing::gaussian_matrix(rng, rows, 3);
    const auto ls = mathlets::lstsq(a, b);
    const auto svd = mathlets::lstsq(a, b, with_method(PinvMethod::bdcsvd));
    EXPECT_EQ(ls.rank, std::min(rows, cols));
    // Tall: the least-squares solution; wide: the minimum-norm one. Both are A^+ b.
    EXPECT_LE(rel_diff(ls.x, reference_pinv(a) * b), 1e-12);
    EXPECT_LE(rel_diff(ls.x, svd.x), 1e-12);
    EXPECT_NEAR(ls.tolerance, svd.tolerance, 1e-14 * svd.tolerance);  // sigma_1 of another algorithm
    for (Index j = 0; j < 3; ++j) EXPECT_NEAR(ls.residual_norms(j), svd.residual_norms(j), 1e-12 * b.norm());
    const auto none = mathlets::lstsq(a, MatrixXd(rows, 0));
    EXPECT_EQ(none.x.rows(), cols);
    EXPECT_EQ(none.x.cols(), 0);
  }
  // Huge A and b: x = A^+ b is moderate, the solve is scaled on both sides.
  const MatrixXd a = 1e300 * mathlets::testing::gaussian_matrix(rng, 30, 10);
  const MatrixXd b = 1e300 * mathlets::testing::gaussian_matrix(rng, 30, 1);
  const auto ls = mathlets::lstsq(a, b);
  ASSERT_TRUE(ls.x.allFinite());
  EXPECT_LE(rel_diff(ls.x, reference_pinv(a / 1e300) * (b / 1e300)), 1e-12);
}

TEST(PinvAutomatic, SingularValuesOfTheRouteAgreeWithBdcsvd) {
  mathlets::SplitMix64 rng(27);
  for (auto [rows, cols] : {std::pair<Index, Index>{50, 30}, {30, 50}, {64, 64}}) {
    const MatrixXd a = mathlets::testing::gaussian_matrix(rng, rows, cols);
    const VectorXd fast = mathlets::singular_values(a, PinvMethod::automatic);
    const VectorXd bdc = mathlets::singular_values(a, PinvMethod::bdcsvd);
    ASSERT_EQ(fast.size(), bdc.size());
    EXPECT_LE((fast - bdc).cwiseAbs().maxCoeff(), 8 * std::max(rows, cols) * kEps * bdc(0));
  }
  EXPECT_EQ(mathlets::singular_values(MatrixXd::Zero(3, 2), PinvMethod::automatic), VectorXd::Zero(2));
}

}  // namespace
