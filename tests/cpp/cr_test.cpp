// CR approximate matrix product suite: the oracles T-C1..T-C4 of ../shared/math/cr-approximation.md
// (including the SplitMix64 golden values and the golden draw sequence), the invariants of its section 3,
// the edge cases of section 2, and bad input.
#include "mathlets/cr.hpp"
#include "mathlets/row_major.hpp"
#include "mathlets/splitmix64.hpp"

#include "lowrank_test_matrices.hpp"

#include <Eigen/QR>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using mathlets::CrSampling;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

MatrixXd rows_of(Index rows, Index cols, std::initializer_list<double> values) {
  return mathlets::matrix_from_row_major("test", rows, cols, std::vector<double>(values));
}

// T-C1
const MatrixXd kX1 = rows_of(2, 3, {3, 0, 3, 0, 4, 4});
const MatrixXd kY1 = rows_of(3, 2, {1, 0, 0, 2, 0, 1});
// T-C2
const MatrixXd kX2 = rows_of(3, 6, {2, 0, 1, 0, 3, 1, 0, 1, 1, 0, 0, 3, 1, 0, 0, 5, 1, 0});
const MatrixXd kY2 = rows_of(6, 4, {1, 1, 0, 0, 0, 2, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 2, 1, 0, 1, 0, 1, 1, 1});

VectorXd optimal(const MatrixXd& x, const MatrixXd& y) {
  return mathlets::cr_probabilities(x, y, CrSampling::optimal).p;
}
VectorXd uniform(Index l) { return VectorXd::Constant(l, 1.0 / double(l)); }

// Exact expectation of E||CR - XY||^2 by enumerating all l^r ordered draws (invariant 2).
double enumerated_expected_error(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r) {
  const Index l = x.cols();
  const MatrixXd target = x * y;
  std::vector<int> s(r, 0);
  double total = 0.0;
  while (true) {
    double prob = 1.0;
    MatrixXd est = MatrixXd::Zero(x.rows(), y.cols());
    for (int j : s) {
      prob *= p(j);
      if (p(j) > 0) est += x.col(j) * y.row(j) / (r * p(j));
    }
    if (prob > 0) total += prob * (est - target).squaredNorm();
    int pos = r - 1;
    while (pos >= 0 && s[pos] == l - 1) s[pos--] = 0;
    if (pos < 0) break;
    ++s[pos];
  }
  return total;
}

// ------------------------------------------------------------------------------------------------
// T-C3: SplitMix64 golden values (exact: integer arithmetic and an exact 2^-53 scaling).

TEST(SplitMix64, GoldenOutputs) {
  mathlets::SplitMix64 zero(0);
  EXPECT_EQ(zero.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(zero.next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(zero.next(), 0x06c45d188009454fULL);
  mathlets::SplitMix64 s42(42);
  EXPECT_EQ(s42.next(), 0xbdd732262feb6e95ULL);
  EXPECT_EQ(s42.next(), 0x28efe333b266f103ULL);
  EXPECT_EQ(s42.next(), 0x47526757130f9f52ULL);
  mathlets::SplitMix64 u42(42);
  EXPECT_EQ(u42.uniform(), 0.7415648787718233);
  EXPECT_EQ(u42.uniform(), 0.1599103928769201);
  EXPECT_EQ(u42.uniform(), 0.27860113025513866);
  static_assert(mathlets::SplitMix64(0).next() == 0xe220a8397b1dcdafULL);  // constexpr, too
}

TEST(SplitMix64, GoldenCategoricalDraws) {
  // Seed 42, T-C2's p*: the first 10 draws of one estimate (r = 10 consecutive draws).
  const std::vector<int> golden = {4, 1, 3, 3, 0, 5, 2, 4, 3, 4};
  const VectorXd p = optimal(kX2, kY2);
  const auto e = mathlets::cr_sample(kX2, kY2, p, 10, 42);
  EXPECT_EQ(e.draws, golden);
  // The same through the raw helper.
  mathlets::SplitMix64 rng(42);
  const auto cumulative = mathlets::cumulative_weights(std::vector<double>(p.data(), p.data() + p.size()));
  for (int g : golden) EXPECT_EQ(int(mathlets::draw_categorical(rng, cumulative)), g);
}

TEST(SplitMix64, CategoricalEdges) {
  // Zero-weight indices are never drawn; rounding past the end falls back to the last positive index.
  const std::vector<double> c = mathlets::cumulative_weights(std::vector<double>{0.0, 1.0, 0.0, 2.0, 0.0});
  mathlets::SplitMix64 rng(1);
  for (int t = 0; t < 1000; ++t) {
    const auto k = mathlets::draw_categorical(rng, c);
    EXPECT_TRUE(k == 1 || k == 3) << k;
  }
  mathlets::SplitMix64 below(5);
  for (int t = 0; t < 1000; ++t) EXPECT_LT(mathlets::draw_below(below, 7), 7u);
}

// ------------------------------------------------------------------------------------------------
// T-C1: small exact case. Rational values; double tolerances 1e-12 cover a handful of roundings on
// O(100) magnitudes.

TEST(CrOracle, SmallExactCase) {
  EXPECT_LE((kX1 * kY1 - rows_of(2, 2, {3, 3, 0, 12})).norm(), 0.0);
  EXPECT_LE((mathlets::cr_term_weights(kX1, kY1) - Eigen::Vector3d(3, 8, 5)).norm(), 1e-15);
  const VectorXd p = optimal(kX1, kY1);
  EXPECT_LE((p - Eigen::Vector3d(3.0 / 16, 0.5, 5.0 / 16)).norm(), 1e-16);
  const double expected_opt[] = {94, 47, 94.0 / 3}, expected_unif[] = {132, 66, 44};
  for (int r = 1; r <= 3; ++r) {
    EXPECT_NEAR(mathlets::cr_expected_error(kX1, kY1, p, r), expected_opt[r - 1], 1e-12) << r;
    EXPECT_NEAR(mathlets::cr_expected_error(kX1, kY1, uniform(3), r), expected_unif[r - 1], 1e-12) << r;
    // Invariant 2: full enumeration of the 3^r ordered draws agrees.
    EXPECT_NEAR(enumerated_expected_error(kX1, kY1, p, r), expected_opt[r - 1], 1e-11) << r;
    EXPECT_NEAR(enumerated_expected_error(kX1, kY1, uniform(3), r), expected_unif[r - 1], 1e-11) << r;
  }
  const MatrixXd var = mathlets::cr_entry_variance(kX1, kY1, p, 1);
  EXPECT_LE((var - rows_of(2, 2, {39, 99.0 / 5, 0, 176.0 / 5})).norm(), 1e-12);
  EXPECT_NEAR(var.sum(), 94.0, 1e-12);
  // R8 bound numerator: ||X||^2 ||Y||^2 = 300 >= Z^2 = 256.
  EXPECT_NEAR(kX1.squaredNorm() * kY1.squaredNorm(), 300.0, 0.0);
  EXPECT_LE(mathlets::cr_expected_error(kX1, kY1, p, 1), 300.0);
  // Keep one / keep two errors; top-r and the brute force agree with the optimum.
  const std::vector<std::vector<int>> keeps = {{0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}};
  const double keep_errors[] = {153, 34, 73, 25, 64, 9};
  for (std::size_t i = 0; i < keeps.size(); ++i)
    EXPECT_NEAR(mathlets::cr_keep(kX1, kY1, keeps[i]).error, keep_errors[i], 1e-12);
  EXPECT_EQ(mathlets::cr_top_r(kX1, kY1, 1).indices, std::vector<int>{1});
  EXPECT_EQ(mathlets::cr_top_r(kX1, kY1, 2).indices, (std::vector<int>{1, 2}));
  EXPECT_EQ(mathlets::cr_best_subset(kX1, kY1, 2).indices, (std::vector<int>{1, 2}));
  // SVD floor r = 1: sigma_2^2 = 81 - sqrt(5265) (1e-12: an SVD of a 2x2 integer matrix).
  EXPECT_NEAR(mathlets::cr_svd_floor(kX1, kY1, 1).frobenius_squared, 81 - std::sqrt(5265.0), 1e-12);
}

TEST(CrOracle, SmallExactCaseRefits) {
  const auto diag = mathlets::cr_refit_diagonal(kX1, kY1, {0, 1});
  EXPECT_LE((diag.weights - Eigen::Vector2d(1, 1.5)).norm(), 1e-14);
  EXPECT_NEAR(diag.error, 9.0, 1e-12);
  const auto full = mathlets::cr_refit_full(kX1, kY1, {0, 1});
  EXPECT_LE((full.middle - rows_of(2, 2, {1, 0.5, 0, 1.5})).norm(), 1e-14);
  EXPECT_NEAR(full.error, 0.0, 1e-24);
  // Hadamard identities (invariant 10) against explicitly vectorized U and V.
  const MatrixXd c = kX1(Eigen::all, std::vector<int>{0, 1}), rf = kY1(std::vector<int>{0, 1}, Eigen::all);
  EXPECT_EQ(c.transpose() * c, MatrixXd(Eigen::Vector2d(9, 16).asDiagonal()));
  EXPECT_EQ((c.transpose() * kX1).cwiseProduct(rf * kY1.transpose()).rowwise().sum(), Eigen::Vector2d(9, 96));
}

// Invariant 10 on random sizes: the Gram shortcuts equal brute-force vectorization.
TEST(CrInvariants, HadamardIdentities) {
  mathlets::SplitMix64 rng(10);
  for (int t = 0; t < 10; ++t) {
    const MatrixXd x = mathlets::testing::gaussian_matrix(rng, 3, 5), y = mathlets::testing::gaussian_matrix(rng, 5, 4);
    MatrixXd v(12, 5);
    for (int i = 0; i < 5; ++i) {
      const MatrixXd term = x.col(i) * y.row(i);
      v.col(i) = Eigen::Map<const VectorXd>(term.data(), 12);
    }
    EXPECT_LE((mathlets::cr_gram(x, y) - v.transpose() * v).norm(), 1e-12 * (v.transpose() * v).norm());
    const std::vector<int> s = {1, 3};
    const MatrixXd u = v(Eigen::all, s);
    const auto diag = mathlets::cr_refit_diagonal(x, y, s);
    // lambda* = U^+ V 1 directly (small dense least squares); both are minimizers of a well-posed problem.
    const VectorXd direct = mathlets::lstsq(u, v * VectorXd::Ones(5)).x;
    EXPECT_LE((diag.weights - direct).norm(), 1e-10 * direct.norm());
  }
}

// ------------------------------------------------------------------------------------------------
// T-C2: a case where top-r is not optimal; the whole table for r = 1..6.

TEST(CrOracle, TopRIsNotAlwaysOptimal) {
  EXPECT_EQ(kX2 * kY2, rows_of(3, 4, {9, 6, 2, 4, 1, 5, 4, 4, 3, 2, 5, 6}));
  const VectorXd w = mathlets::cr_term_weights(kX2, kY2);
  const VectorXd w2 = w.cwiseAbs2();
  const double w2_exact[] = {10, 5, 4, 50, 60, 30};
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(w2(i), w2_exact[i], 1e-13);
  const VectorXd p = optimal(kX2, kY2);
  const double p_golden[] = {0.114192, 0.080746, 0.072221, 0.255341, 0.279712, 0.197787};
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(p(i), p_golden[i], 5e-7);  // the file rounds to 6 decimals
  EXPECT_EQ(mathlets::cr_top_r(kX2, kY2, 6).draws, (std::vector<int>{4, 3, 5, 0, 1, 2}));  // top order

  struct Row {
    double e_opt, e_unif, top_error;
    std::vector<int> best;
    double best_error, floor;
  };
  // A table, one row per line: kept out of clang-format.
  // clang-format off
  const Row table[] = {
      {497.880411, 685, 133, {4}, 133, 42.060949},
      {248.940206, 342.5, 83, {4, 5}, 73, 8.438704},
      {165.960137, 228.333333, 23, {3, 4, 5}, 23, 0},
      {124.470103, 171.25, 9, {0, 3, 4, 5}, 9, 0},
      {99.576082, 137, 4, {0, 1, 3, 4, 5}, 4, 0},
      {82.980069, 114.166667, 0, {0, 1, 2, 3, 4, 5}, 0, 0},
  };
  // clang-format on
  for (int r = 1; r <= 6; ++r) {
    SCOPED_TRACE(r);
    const Row& row = table[r - 1];
    // Table values are rounded to 6 decimals: 1e-6 absolute plus rounding.
    EXPECT_NEAR(mathlets::cr_expected_error(kX2, kY2, p, r), row.e_opt, 1e-6);
    EXPECT_NEAR(mathlets::cr_expected_error(kX2, kY2, uniform(6), r), row.e_unif, 1e-6);
    EXPECT_NEAR(mathlets::cr_top_r(kX2, kY2, r).error, row.top_error, 1e-11);  // integer errors
    const auto best = mathlets::cr_best_subset(kX2, kY2, r);
    EXPECT_EQ(best.indices, row.best);
    EXPECT_NEAR(best.error, row.best_error, 1e-11);
    EXPECT_NEAR(mathlets::cr_svd_floor(kX2, kY2, r).frobenius_squared, row.floor, 1e-6);
  }
  // Single-draw errors: Z^2 - 269 and 6 * 159 - 269.
  EXPECT_NEAR(mathlets::cr_expected_error(kX2, kY2, p, 1), w.sum() * w.sum() - 269, 1e-11);
  EXPECT_NEAR(mathlets::cr_expected_error(kX2, kY2, uniform(6), 1), 685, 1e-11);
  // sigma_k(XY)^2 = (226.939051, 33.622245, 8.438704).
  const VectorXd s = mathlets::singular_values(kX2 * kY2);
  EXPECT_NEAR(s(0) * s(0), 226.939051, 1e-6);
  EXPECT_NEAR(s(1) * s(1), 33.622245, 1e-6);
  EXPECT_NEAR(s(2) * s(2), 8.438704, 1e-6);
  // Greedy k = 2: {3,4} (error 83) for r = 2, {0,3,4,5} (error 9) for r = 4.
  const auto g2 = mathlets::cr_greedy(kX2, kY2, 2, 2);
  EXPECT_EQ(g2.indices, (std::vector<int>{3, 4}));
  EXPECT_NEAR(g2.error, 83, 1e-11);
  const auto g4 = mathlets::cr_greedy(kX2, kY2, 4, 2);
  EXPECT_EQ(g4.indices, (std::vector<int>{0, 3, 4, 5}));
  EXPECT_NEAR(g4.error, 9, 1e-11);
}

// ------------------------------------------------------------------------------------------------
// T-C4: Monte Carlo on T-C2, r = 2, N = 1e5, one seed-7 stream. The file's digits (3 decimals) are
// reproducible because the draws are; summation order only moves the ~1e-12 relative digits.

TEST(CrOracle, MonteCarloGoldenAndUnbiased) {
  const MatrixXd target = kX2 * kY2;
  struct Case {
    VectorXd p;
    double mean_error, max_deviation, r6;
  };
  const Case cases[] = {{optimal(kX2, kY2), 247.995, 0.0268, 248.940206}, {uniform(6), 342.260, 0.0446, 342.5}};
  for (const Case& c : cases) {
    const int n = 100000;
    const auto mc = mathlets::cr_monte_carlo(kX2, kY2, c.p, 2, n, 7);
    ASSERT_EQ(mc.errors.size(), std::size_t(n));
    EXPECT_NEAR(mc.mean_error, c.mean_error, 5e-4 + 1e-6);  // golden, rounded to 3 decimals
    EXPECT_NEAR((mc.mean - target).cwiseAbs().maxCoeff(), c.max_deviation, 5e-5 + 1e-7);  // 4 digits
    EXPECT_NEAR(mc.mean_error, c.r6, 0.03 * c.r6);  // invariant 3: within 3% of R6
    // Invariant 1: entry-wise |mean - XY| <= 5 sqrt(Var / N) + 1e-12.
    const MatrixXd var = mathlets::cr_entry_variance(kX2, kY2, c.p, 2);
    for (Index a = 0; a < target.rows(); ++a)
      for (Index b = 0; b < target.cols(); ++b)
        EXPECT_LE(std::abs(mc.mean(a, b) - target(a, b)), 5 * std::sqrt(var(a, b) / n) + 1e-12) << a << "," << b;
  }
}

// ------------------------------------------------------------------------------------------------
// Section 3 invariants on random inputs.

TEST(CrInvariants, ExpectedErrorOrderingAndBounds) {
  mathlets::SplitMix64 rng(4);
  for (int t = 0; t < 200; ++t) {
    const Index n = 1 + Index(mathlets::draw_below(rng, 6)), m = 1 + Index(mathlets::draw_below(rng, 6));
    const Index l = 1 + Index(mathlets::draw_below(rng, 6));
    MatrixXd x = mathlets::testing::gaussian_matrix(rng, n, l), y = mathlets::testing::gaussian_matrix(rng, l, m);
    if (t % 4 == 0) x = x.array().round();  // a quarter with small-integer entries (ties, zero terms)
    const int r = 1 + int(mathlets::draw_below(rng, 3));
    const auto popt = mathlets::cr_probabilities(x, y, CrSampling::optimal);
    if (popt.trivial) continue;
    const double e_opt = mathlets::cr_expected_error(x, y, popt.p, r);
    const double scale = (x * y).squaredNorm() + x.squaredNorm() * y.squaredNorm();
    // Invariant 2 (exact enumeration) at a 1e-12 relative rounding scale.
    EXPECT_NEAR(e_opt, enumerated_expected_error(x, y, popt.p, r), 1e-12 * scale);
    // Invariant 4: p* beats uniform and a random p on the simplex (1e-12 relative slack for rounding).
    EXPECT_LE(e_opt, mathlets::cr_expected_error(x, y, uniform(l), r) + 1e-12 * scale);
    VectorXd rp(l);
    for (Index i = 0; i < l; ++i) rp(i) = rng.uniform() + 1e-3;
    rp /= rp.sum();
    EXPECT_LE(e_opt, mathlets::cr_expected_error(x, y, rp, r) + 1e-12 * scale);
    // Invariant 5: Cauchy-Schwarz bound.
    EXPECT_LE(e_opt, x.squaredNorm() * y.squaredNorm() / r + 1e-12 * scale);
    // The entry variances sum to the expected error.
    EXPECT_NEAR(mathlets::cr_entry_variance(x, y, popt.p, r).sum(), e_opt, 1e-12 * scale);
    // Invariant 6: every realization and every deterministic answer sits above the SVD floor
    // (minus 1e-9 ||XY||^2, the file's slack).
    const double floor = mathlets::cr_svd_floor(x, y, r).frobenius_squared;
    const double slack = 1e-9 * (x * y).squaredNorm();
    for (std::uint64_t seed = 0; seed < 5; ++seed)
      EXPECT_GE(mathlets::cr_sample(x, y, popt.p, r, seed).error, floor - slack);
    const auto top = mathlets::cr_top_r(x, y, r);
    EXPECT_GE(top.error, floor - slack);
    const auto best = mathlets::cr_best_subset(x, y, r);
    // Invariant 8: brute <= top-r; greedy-1 == top-r (tie rules make it exact even on integer data);
    // brute <= greedy-k.
    EXPECT_LE(best.error, top.error + slack);
    EXPECT_EQ(mathlets::cr_greedy(x, y, r, 1).indices, top.indices);
    if (r < l && (l - r) % 2 == 0) {
      EXPECT_LE(best.error, mathlets::cr_greedy(x, y, r, 2).error + slack);
    }
    // Invariant 9: full refit <= diagonal refit <= plain weights for the same S; all above the floor.
    const auto diag = mathlets::cr_refit_diagonal(x, y, top.indices);
    const auto full = mathlets::cr_refit_full(x, y, top.indices);
    EXPECT_LE(diag.error, top.error + slack);
    EXPECT_LE(full.error, diag.error + slack);
    EXPECT_GE(full.error, floor - slack);
  }
}

TEST(CrInvariants, OrthogonalTermsMakeTopROptimal) {
  mathlets::SplitMix64 rng(7);
  for (int t = 0; t < 50; ++t) {
    // X with orthogonal columns (Q times a diagonal) makes the v_i pairwise orthogonal.
    const MatrixXd q = Eigen::HouseholderQR<MatrixXd>(mathlets::testing::gaussian_matrix(rng, 7, 5)).householderQ() *
                       MatrixXd::Identity(7, 5);
    VectorXd d(5);
    for (Index i = 0; i < 5; ++i) d(i) = 0.1 + 3 * rng.uniform();
    const MatrixXd x = q * d.asDiagonal(), y = mathlets::testing::gaussian_matrix(rng, 5, 4);
    const VectorXd w = mathlets::cr_term_weights(x, y);
    for (int r = 1; r <= 4; ++r) {
      const auto top = mathlets::cr_top_r(x, y, r);
      double dropped = 0.0;
      for (int i = 0; i < 5; ++i)
        if (std::find(top.indices.begin(), top.indices.end(), i) == top.indices.end()) dropped += w(i) * w(i);
      EXPECT_NEAR(top.error, dropped, 1e-12 * w.squaredNorm());  // Pythagoras, rounding only
      EXPECT_NEAR(top.error, mathlets::cr_best_subset(x, y, r).error, 1e-12 * w.squaredNorm());
    }
  }
}

TEST(CrInvariants, GreedyOneEqualsTopROnTies) {
  // Integer data with exactly tied weights: w^2 = 50 as 5 * 10 (x = (1,2), y = (1,3)) and 25 * 2 (x = (3,4),
  // y = (1,1)), the file's sqrt(50) example. Both rules must keep the smaller index.
  const MatrixXd x = rows_of(2, 3, {3, 1, 1, 4, 2, 0});
  const MatrixXd y = rows_of(3, 2, {1, 1, 1, 3, 1, 0});
  const VectorXd w2 = mathlets::cr_term_weights(x, y).cwiseAbs2();
  EXPECT_NEAR(w2(0), 50.0, 1e-12);
  EXPECT_NEAR(w2(1), 50.0, 1e-12);
  EXPECT_EQ(mathlets::cr_top_r(x, y, 1).indices, std::vector<int>{0});
  EXPECT_EQ(mathlets::cr_greedy(x, y, 1, 1).indices, std::vector<int>{0});
  EXPECT_EQ(mathlets::cr_greedy(x, y, 2, 1).indices, mathlets::cr_top_r(x, y, 2).indices);
}

TEST(CrInvariants, RebalancingInvariance) {
  mathlets::SplitMix64 rng(11);
  for (int t = 0; t < 20; ++t) {
    const MatrixXd x = mathlets::testing::gaussian_matrix(rng, 4, 6), y = mathlets::testing::gaussian_matrix(rng, 6, 5);
    VectorXd d(6);
    for (Index i = 0; i < 6; ++i) d(i) = std::pow(10.0, 4 * rng.uniform() - 2);
    const MatrixXd xd = x * d.asDiagonal(), yd = d.cwiseInverse().asDiagonal() * y;
    // Every term x_i y_i^T is unchanged, so everything below agrees to rounding (1e-12 relative).
    const VectorXd p = optimal(x, y), pd = optimal(xd, yd);
    EXPECT_LE((p - pd).norm(), 1e-12);
    EXPECT_EQ(mathlets::cr_top_r(x, y, 3).indices, mathlets::cr_top_r(xd, yd, 3).indices);
    for (int r = 1; r <= 3; ++r) {
      const double e = mathlets::cr_expected_error(x, y, p, r);
      EXPECT_NEAR(e, mathlets::cr_expected_error(xd, yd, pd, r), 1e-12 * e);
    }
    const auto a = mathlets::cr_sample(x, y, p, 4, 99), b = mathlets::cr_sample(xd, yd, pd, 4, 99);
    EXPECT_EQ(a.draws, b.draws);
    EXPECT_LE((a.approx - b.approx).norm(), 1e-12 * a.approx.norm());
    // The non-article p ~ ||x_i|| does change: the demo's contrast.
    EXPECT_GT((mathlets::cr_probabilities(x, y, CrSampling::column_norm).p -
               mathlets::cr_probabilities(xd, yd, CrSampling::column_norm).p)
                  .norm(),
              1e-3);
  }
}

TEST(CrSamplers, WeightsAndUnbiasedness) {
  const VectorXd p = optimal(kX2, kY2);
  // Weights are c_i / (r p_i), and the estimate is exactly sum lambda_i x_i y_i^T = C R.
  const auto e = mathlets::cr_sample(kX2, kY2, p, 10, 42);  // draws 4,1,3,3,0,5,2,4,3,4
  EXPECT_EQ(e.indices, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  const double counts[] = {1, 1, 1, 3, 3, 1};
  for (int i = 0; i < 6; ++i) EXPECT_DOUBLE_EQ(e.weights(i), counts[i] / (10 * p(i)));
  EXPECT_LE((e.c * e.r_factor - e.approx).norm(), 0.0);
  MatrixXd manual = MatrixXd::Zero(3, 4);
  for (int s : e.draws) manual += kX2.col(s) * kY2.row(s) / (10 * p(s));
  EXPECT_LE((manual - e.approx).norm(), 1e-12 * manual.norm());
  EXPECT_NEAR(e.error, (e.approx - kX2 * kY2).squaredNorm(), 1e-12 * e.error);
  // Same seed, same sample; the seed overload and a fresh stream agree.
  mathlets::SplitMix64 stream(42);
  EXPECT_EQ(mathlets::cr_sample(kX2, kY2, p, 10, stream).draws, e.draws);
  EXPECT_NE(mathlets::cr_sample(kX2, kY2, p, 10, 43).draws, e.draws);
}

TEST(CrSamplers, PoissonWithoutReplacement) {
  const VectorXd p = optimal(kX2, kY2);
  for (int r = 0; r <= 6; ++r) {
    const VectorXd pi = mathlets::cr_poisson_inclusion(p, r);
    EXPECT_NEAR(pi.sum(), r, 1e-12) << r;
    EXPECT_LE(pi.maxCoeff(), 1.0);
    EXPECT_GE(pi.minCoeff(), 0.0);
  }
  // r = 3: the largest p (0.2797 * c) is capped at 1 only when c p > 1; check the proportional part.
  const VectorXd pi3 = mathlets::cr_poisson_inclusion(p, 3);
  for (int i = 0; i < 6; ++i)
    if (pi3(i) < 1) {
      EXPECT_NEAR(pi3(i) / p(i), pi3(0) / p(0), 1e-12);
    }
  // Unbiased, and the expected error formula matches Monte Carlo (N = 4e4, 5 sigma entry-wise; 3% on the mean).
  const MatrixXd target = kX2 * kY2;
  const int n = 40000;
  MatrixXd mean = MatrixXd::Zero(3, 4);
  double mean_error = 0.0;
  std::vector<double> sizes;
  for (int t = 0; t < n; ++t) {
    const auto e = mathlets::cr_sample_poisson(kX2, kY2, p, 3, std::uint64_t(t));
    mean += e.approx;
    mean_error += e.error;
    sizes.push_back(double(e.indices.size()));
    for (std::size_t j = 0; j < e.indices.size(); ++j) EXPECT_DOUBLE_EQ(e.weights(Index(j)), 1.0 / pi3(e.indices[j]));
  }
  mean /= n;
  mean_error /= n;
  const double expected = mathlets::cr_poisson_expected_error(kX2, kY2, p, 3);
  EXPECT_NEAR(mean_error, expected, 0.03 * expected);
  // Per-entry variance of a Poisson estimate: sum_i (1/pi_i - 1) (x_i)_a^2 (y_i)_b^2.
  MatrixXd var = MatrixXd::Zero(3, 4);
  for (int i = 0; i < 6; ++i) var += (1 / pi3(i) - 1) * (kX2.col(i) * kY2.row(i)).cwiseAbs2();
  for (Index a = 0; a < 3; ++a)
    for (Index b = 0; b < 4; ++b) EXPECT_LE(std::abs(mean(a, b) - target(a, b)), 5 * std::sqrt(var(a, b) / n) + 1e-12);
  double mean_size = 0;
  for (double s : sizes) mean_size += s / n;
  EXPECT_NEAR(mean_size, 3.0, 0.03);  // Var(size) <= 1.5, so 5 sigma / sqrt(N) ~ 0.03
}

TEST(CrSamplers, SequentialWithoutReplacement) {
  const VectorXd p = optimal(kX2, kY2);
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const auto e = mathlets::cr_sample_sequential(kX2, kY2, p, 4, seed);
    EXPECT_EQ(e.draws.size(), 4u);
    EXPECT_EQ(e.indices.size(), 4u);  // distinct
    EXPECT_EQ(e.weights, VectorXd::Ones(4));
    EXPECT_NEAR(e.error, mathlets::cr_keep(kX2, kY2, e.indices).error, 1e-12);
  }
  // All six: every index once. Zero-probability indices are drawn only when nothing else is left.
  const VectorXd p0 = (VectorXd(6) << 0.5, 0, 0.5, 0, 0, 0).finished();
  const auto all = mathlets::cr_sample_sequential(kX2, kY2, p0, 6, 3);
  EXPECT_EQ(all.indices, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_TRUE((all.draws[0] == 0 && all.draws[1] == 2) || (all.draws[0] == 2 && all.draws[1] == 0));
}

// ------------------------------------------------------------------------------------------------
// Edge cases of section 2.

TEST(CrEdges, SmallAndDegenerateInputs) {
  const MatrixXd target2 = kX2 * kY2;
  // r = 0: empty estimate, expected error ||XY||^2.
  EXPECT_DOUBLE_EQ(mathlets::cr_expected_error(kX2, kY2, optimal(kX2, kY2), 0), 269.0);
  const auto none = mathlets::cr_sample(kX2, kY2, optimal(kX2, kY2), 0, 1);
  EXPECT_EQ(none.approx, MatrixXd::Zero(3, 4));
  EXPECT_DOUBLE_EQ(none.error, 269.0);
  EXPECT_DOUBLE_EQ(mathlets::cr_top_r(kX2, kY2, 0).error, 269.0);
  // r >= l (deterministic): keep all, exact.
  EXPECT_EQ(mathlets::cr_top_r(kX2, kY2, 9).approx, target2);
  EXPECT_EQ(mathlets::cr_greedy(kX2, kY2, 7, 3).approx, target2);
  EXPECT_EQ(mathlets::cr_best_subset(kX2, kY2, 6).error, 0.0);
  // r > l with replacement is fine.
  EXPECT_EQ(mathlets::cr_sample(kX2, kY2, optimal(kX2, kY2), 20, 5).draws.size(), 20u);
  // l = 1: exact for r >= 1 (p = (1)).
  const MatrixXd x1 = rows_of(3, 1, {1, 2, 3}), y1 = rows_of(1, 2, {4, 5});
  const auto one = mathlets::cr_sample(x1, y1, optimal(x1, y1), 3, 8);
  EXPECT_LE((one.approx - x1 * y1).norm(), 1e-14);
  EXPECT_EQ(mathlets::cr_expected_error(x1, y1, optimal(x1, y1), 1), 0.0);
  // 1x1 factors: scalars.
  const MatrixXd a = rows_of(1, 1, {3}), b = rows_of(1, 1, {-2});
  EXPECT_DOUBLE_EQ(mathlets::cr_sample(a, b, optimal(a, b), 1, 0).approx(0, 0), -6.0);
  // A zero term is never sampled under p*; sum w = 0 is flagged trivial with a uniform p.
  const MatrixXd xz = rows_of(2, 3, {1, 0, 2, 1, 0, 2}), yz = rows_of(3, 2, {1, 1, 5, 5, 1, 0});
  const VectorXd pz = optimal(xz, yz);
  EXPECT_EQ(pz(1), 0.0);
  for (std::uint64_t seed = 0; seed < 100; ++seed)
    for (int s : mathlets::cr_sample(xz, yz, pz, 3, seed).draws) EXPECT_NE(s, 1);
  const auto triv = mathlets::cr_probabilities(MatrixXd::Zero(2, 3), yz, CrSampling::optimal);
  EXPECT_TRUE(triv.trivial);
  EXPECT_EQ(triv.p, uniform(3));
  EXPECT_EQ(mathlets::cr_sample(MatrixXd::Zero(2, 3), yz, triv.p, 2, 1).approx, MatrixXd::Zero(2, 2));
  // Biased p (zero probability on a nonzero term): expected error +inf.
  EXPECT_EQ(mathlets::cr_expected_error(kX1, kY1, Eigen::Vector3d(0.5, 0.5, 0.0), 2), kInf);
  EXPECT_EQ(mathlets::cr_poisson_expected_error(kX1, kY1, Eigen::Vector3d(0.5, 0.5, 0.0), 2), kInf);
}

TEST(CrEdges, CancellationHasVarianceAtAZeroTarget) {
  // x2 = -x1, y2 = y1: XY = 0 exactly, yet each term is nonzero (the teaching case).
  const MatrixXd x = rows_of(2, 2, {1, -1, 2, -2}), y = rows_of(2, 2, {1, 3, 1, 3});
  EXPECT_EQ(x * y, MatrixXd::Zero(2, 2));
  const VectorXd p = optimal(x, y);
  EXPECT_FALSE(mathlets::cr_probabilities(x, y, CrSampling::optimal).trivial);
  const double expected = mathlets::cr_expected_error(x, y, p, 1);
  EXPECT_NEAR(expected, 4 * x.col(0).squaredNorm() * y.row(0).squaredNorm(), 1e-12);  // Z^2 - 0
  EXPECT_GT(mathlets::cr_sample(x, y, p, 1, 0).error, 0.0);
  EXPECT_NEAR(mathlets::cr_top_r(x, y, 1).error, 50.0, 1e-12);
  EXPECT_NEAR(mathlets::cr_svd_floor(x, y, 0).frobenius_squared, 0.0, 0.0);
}

TEST(CrEdges, LargeInputs) {
  mathlets::SplitMix64 rng(512);
  const MatrixXd x = mathlets::testing::gaussian_matrix(rng, 512, 512),
                 y = mathlets::testing::gaussian_matrix(rng, 512, 512);
  const VectorXd p = optimal(x, y);
  const auto e = mathlets::cr_sample(x, y, p, 64, 1);
  EXPECT_EQ(e.draws.size(), 64u);
  const double expected = mathlets::cr_expected_error(x, y, p, 64);
  // One realization of a sum of 64 i.i.d. terms: within a factor 2 of its mean with overwhelming odds.
  EXPECT_GT(e.error, 0.5 * expected);
  EXPECT_LT(e.error, 2.0 * expected);
  EXPECT_EQ(mathlets::cr_top_r(x, y, 64).indices.size(), 64u);
  EXPECT_GE(mathlets::cr_refit_full(x, y, e.indices).error,
            mathlets::cr_svd_floor(x, y, 64).frobenius_squared * (1 - 1e-9));
}

// ------------------------------------------------------------------------------------------------
// Bad input.

TEST(CrErrors, ShapesValuesAndRanges) {
  const MatrixXd x = MatrixXd::Ones(2, 3), y = MatrixXd::Ones(4, 2);
  try {
    mathlets::cr_sample(x, y, uniform(3), 2, 0);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "cr_sample: X is 2x3 and Y is 4x2, but X must have as many columns as Y has rows");
  }
  EXPECT_THROW(mathlets::cr_top_r(MatrixXd(2, 0), MatrixXd(0, 2), 1), std::invalid_argument);
  try {
    mathlets::cr_sample(kX1, kY1, uniform(3), -1, 0);
    FAIL() << "no throw";
  } catch (const std::out_of_range& e) {
    EXPECT_EQ(std::string(e.what()), "cr_sample: r = -1 is out of range (must be >= 0)");
  }
  try {
    mathlets::cr_sample_sequential(kX1, kY1, uniform(3), 4, 0);
    FAIL() << "no throw";
  } catch (const std::out_of_range& e) {
    EXPECT_EQ(std::string(e.what()), "cr_sample_sequential: r = 4 is out of range [0, 3] (distinct indices: r <= l)");
  }
  EXPECT_THROW(mathlets::cr_poisson_inclusion(Eigen::Vector3d(0.5, 0.5, 0), 3), std::out_of_range);
  EXPECT_THROW(mathlets::cr_sample(kX1, kY1, uniform(4), 1, 0), std::invalid_argument);  // p length
  EXPECT_THROW(mathlets::cr_sample(kX1, kY1, Eigen::Vector3d(0.5, 0.6, -0.1), 1, 0), std::invalid_argument);
  EXPECT_THROW(mathlets::cr_sample(kX1, kY1, Eigen::Vector3d(0.2, 0.2, 0.2), 1, 0), std::invalid_argument);  // sum
  EXPECT_THROW(mathlets::cr_greedy(kX2, kY2, 2, 3), std::invalid_argument);  // 3 does not divide 4
  EXPECT_THROW(mathlets::cr_greedy(kX2, kY2, 2, 0), std::invalid_argument);
  EXPECT_THROW(mathlets::cr_keep(kX2, kY2, {0, 6}), std::out_of_range);
  EXPECT_THROW(mathlets::cr_refit_diagonal(kX2, kY2, {1, 1}), std::invalid_argument);
  EXPECT_THROW(mathlets::cr_entry_variance(kX1, kY1, uniform(3), 0), std::out_of_range);
  EXPECT_THROW(mathlets::cr_best_subset(MatrixXd::Ones(2, 40), MatrixXd::Ones(40, 2), 20), std::invalid_argument);
  for (double bad : {kNaN, kInf}) {
    MatrixXd xb = kX1;
    xb(1, 2) = bad;
    EXPECT_THROW(mathlets::cr_probabilities(xb, kY1, CrSampling::optimal), std::invalid_argument);
    EXPECT_THROW(mathlets::cr_sample(kX1, kY1, Eigen::Vector3d(0.5, bad, 0.5), 1, 0), std::invalid_argument);
    MatrixXd yb = kY1;
    yb(0, 0) = bad;
    EXPECT_THROW(mathlets::cr_top_r(kX1, yb, 1), std::invalid_argument);
    EXPECT_THROW(mathlets::cr_refit_full(kX1, yb, {0}), std::invalid_argument);
    EXPECT_THROW(mathlets::cr_svd_floor(xb, kY1, 1), std::invalid_argument);
  }
  try {
    MatrixXd xb = kX1;
    xb(1, 2) = kNaN;
    mathlets::cr_greedy(xb, kY1, 1, 1);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "cr_greedy: X (2x3) has a non-finite entry nan at (1, 2)");
  }
}

}  // namespace

// Regressions found by tests/fuzz/cr_fuzz.cpp.
TEST(FuzzRegressions, TermWeightsOfLargeAndEmptyFactors) {
  // norm() squared 1e239-sized entries to inf, and inf * ||y_i|| = inf * 0 gave NaN weights.
  MatrixXd x(1, 3);
  x << 6.5117328446092327e+238, -4.6233303196725552e+239, -6.5117328446092327e+237;
  const VectorXd w = mathlets::cr_term_weights(x, MatrixXd::Zero(3, 7));
  EXPECT_TRUE((w.array() == 0).all());
  MatrixXd y = MatrixXd::Identity(3, 3);
  const VectorXd w2 = mathlets::cr_term_weights(x, y);
  EXPECT_DOUBLE_EQ(w2(1), 4.6233303196725552e+239);
  // 0 x l and l x 0 factors: every term is zero (stableNorm read the first entry of an empty column).
  EXPECT_TRUE((mathlets::cr_term_weights(MatrixXd(0, 8), MatrixXd(8, 0)).array() == 0).all());
  EXPECT_TRUE(mathlets::cr_probabilities(MatrixXd(0, 8), MatrixXd(8, 0), CrSampling::optimal).trivial);
}

// Regression found by tests/fuzz/cr_fuzz.cpp: the water-filling subtracted capped p from p.sum(), which
// cancelled when they were close to 1, so the inclusion probabilities summed to 1.997 instead of r = 2.
TEST(FuzzRegressions, PoissonInclusionSumsToRWhenOnePDominates) {
  VectorXd p(4);
  p << 0, 1 - 3.32162e-15, 3.32162e-15, 0;
  const VectorXd pi = mathlets::cr_poisson_inclusion(p, 2);
  EXPECT_DOUBLE_EQ(pi.sum(), 2.0);
  EXPECT_EQ(pi(1), 1.0);
  EXPECT_NEAR(pi(2), 1.0, 1e-12);
  VectorXd q(4);
  q << 0.0102041, 0.280612, 0.484694, 0.22449;
  q /= q.sum();
  EXPECT_DOUBLE_EQ(mathlets::cr_poisson_inclusion(q, 4).sum(), 4.0);
  // A subnormal remaining mass: zero probabilities got inclusion probability 1 (inf * 0 = NaN, min(1, NaN)).
  VectorXd d = VectorXd::Zero(7);
  d(4) = 1;
  d(5) = std::numeric_limits<double>::denorm_min();
  const VectorXd pd = mathlets::cr_poisson_inclusion(d, 2);
  EXPECT_EQ(pd.sum(), 2.0);
  EXPECT_EQ(pd(0), 0.0);
  // ... and a zero term with a subnormal inclusion probability made the expected error NaN (inf * 0).
  VectorXd e = VectorXd::Zero(7);
  e(4) = 1;
  e(5) = std::numeric_limits<double>::denorm_min();
  e(6) = std::numeric_limits<double>::min();
  EXPECT_EQ(mathlets::cr_poisson_expected_error(MatrixXd::Zero(5, 7), MatrixXd::Zero(7, 6), e, 1), 0.0);
}
