// Pseudo-inverse suite: every oracle of ../shared/math/pseudo-inverse.md section 4 (T-P1..T-P12),
// the edge cases of section 3, bad input, and random invariants across scales 1e-150..1e150.
#include "mathlets/pinv.hpp"
#include "mathlets/row_major.hpp"

#include "lowrank_test_matrices.hpp"

#include <Eigen/QR>
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <utility>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using mathlets::PinvMethod;
using mathlets::PinvOptions;

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr PinvMethod kAllMethods[] = {PinvMethod::automatic, PinvMethod::bdcsvd, PinvMethod::jacobi_svd,
                                      PinvMethod::cod};

// Option builders (designated initializers that skip members trip -Wmissing-field-initializers on g++ 12).
PinvOptions with_method(PinvMethod method) {
  PinvOptions o;
  o.method = method;
  return o;
}
PinvOptions with_rtol(double rtol, PinvMethod method = PinvMethod::bdcsvd) {
  PinvOptions o = with_method(method);
  o.rtol = rtol;
  return o;
}
PinvOptions with_atol(double atol) {
  PinvOptions o;
  o.atol = atol;
  return o;
}

MatrixXd rows_of(Index rows, Index cols, std::initializer_list<double> values) {
  return mathlets::matrix_from_row_major("test", rows, cols, std::vector<double>(values));
}

double rel_diff(const MatrixXd& a, const MatrixXd& b) {
  const double den = b.norm();
  return den == 0.0 ? (a - b).norm() : (a - b).norm() / den;
}

// kappa_k = sigma_1 / sigma_k over the numerical rank (1 for rank 0).
double kappa_k(const mathlets::PinvResult& r) {
  if (r.rank == 0) return 1.0;
  const VectorXd s = r.singular_values;
  return s(0) / s(r.rank - 1);
}

std::string method_name(PinvMethod m) {
  switch (m) {
    case PinvMethod::automatic: return "automatic";
    case PinvMethod::bdcsvd: return "bdcsvd";
    case PinvMethod::jacobi_svd: return "jacobi_svd";
    case PinvMethod::cod: return "cod";
  }
  return "?";
}

// ------------------------------------------------------------------------------------------------
// T-P1: exact pseudo-inverses.

struct ExactCase {
  const char* name;
  MatrixXd a;
  Index rank;
  MatrixXd pinv;
};

std::vector<ExactCase> exact_cases() {
  return {
      {"tall full column rank", rows_of(3, 2, {1, 0, 0, 1, 1, 1}), 2, rows_of(2, 3, {2, -1, 1, -1, 2, 1}) / 3},
      {"wide full row rank", rows_of(2, 3, {1, 0, 1, 0, 1, 1}), 2, rows_of(3, 2, {2, -1, -1, 2, 1, 1}) / 3},
      {"wide 2x3", rows_of(2, 3, {1, 2, 3, 4, 5, 6}), 2, rows_of(3, 2, {-17, 8, -2, 2, 13, -4}) / 18},
      {"square invertible", rows_of(2, 2, {2, 1, 1, 1}), 2, rows_of(2, 2, {1, -1, -1, 2})},
      {"rank 1 square", rows_of(2, 2, {1, 2, 2, 4}), 1, rows_of(2, 2, {1, 2, 2, 4}) / 25},
      {"rank 2 3x3", rows_of(3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9}), 2,
       rows_of(3, 3, {-23, -6, 11, -2, 0, 2, 19, 6, -7}) / 36},
      {"rank 1 tall", rows_of(3, 2, {1, 2, 2, 4, 3, 6}), 1, rows_of(2, 3, {1, 2, 3, 2, 4, 6}) / 70},
      {"rank 2 tall 4x3", rows_of(4, 3, {1, 0, 1, 0, 1, 1, 1, 1, 2, 2, -1, 1}), 2,
       rows_of(3, 4, {5, -4, 1, 14, -1, 11, 10, -13, 4, 7, 11, 1}) / 51},
      {"zero 2x3", MatrixXd::Zero(2, 3), 0, MatrixXd::Zero(3, 2)},
      {"1x1 (4)", rows_of(1, 1, {4}), 1, rows_of(1, 1, {0.25})},
      {"1x1 (0)", rows_of(1, 1, {0}), 0, rows_of(1, 1, {0})},
      {"column vector", rows_of(3, 1, {1, 2, 2}), 1, rows_of(1, 3, {1, 2, 2}) / 9},
      {"row vector", rows_of(1, 3, {1, 2, 2}), 1, rows_of(3, 1, {1, 2, 2}) / 9},
  };
}

TEST(PinvOracle, ExactTableEveryMethod) {
  for (const ExactCase& c : exact_cases())
    for (PinvMethod method : kAllMethods) {
      SCOPED_TRACE(std::string(c.name) + " / " + method_name(method));
      const auto r = mathlets::pinv(c.a, with_method(method));
      EXPECT_EQ(r.rank, c.rank);
      ASSERT_EQ(r.pinv.rows(), c.a.cols());
      ASSERT_EQ(r.pinv.cols(), c.a.rows());
      // The file's float tolerance 10 max(n,m) eps kappa ||X||_F (at most 1.1e-13 on this table); kappa
      // from an independent SVD so the COD route is held to the same bound.
      const VectorXd s = mathlets::singular_values(c.a, PinvMethod::jacobi_svd);
      const double kappa = c.rank ? s(0) / s(c.rank - 1) : 1.0;
      const double n = static_cast<double>(std::max(c.a.rows(), c.a.cols()));
      EXPECT_LE((r.pinv - c.pinv).norm(), 10 * n * kEps * kappa * c.pinv.norm() + 1e-300);
    }
}

TEST(PinvOracle, PenroseConditionsHoldOnTheExactTable) {
  for (const ExactCase& c : exact_cases()) {
    SCOPED_TRACE(c.name);
    const auto r = mathlets::pinv(c.a);
    const auto p = mathlets::penrose_residuals(c.a, r.pinv);
    // Well-conditioned small cases: rounding of a few products, far below 1e-14.
    EXPECT_LE(p.axa, 1e-14);
    EXPECT_LE(p.xax, 1e-14);
    EXPECT_LE(p.ax_symmetric, 1e-14);
    EXPECT_LE(p.xa_symmetric, 1e-14);
    // The exact oracle satisfies them too (a check of the residual code itself, ~1e-16 rounding).
    const auto q = mathlets::penrose_residuals(c.a, c.pinv);
    EXPECT_LE(std::max({q.axa, q.xax, q.ax_symmetric, q.xa_symmetric}), 1e-14);
  }
}

TEST(PinvOracle, PenroseResidualsDetectAWrongInverse) {
  const MatrixXd a = rows_of(2, 2, {1, 2, 2, 4});
  const MatrixXd wrong = rows_of(2, 2, {21, -8, -8, 9}) / 25;  // T-P7's B: a least-squares minimizer, not A^+
  const auto p = mathlets::penrose_residuals(a, wrong);
  // B = A^+ + (I - A^+ A) satisfies P1, P3 and (A being symmetric) P4 to rounding (~1e-16); only P2,
  // X A X = X, fails, by an O(1) amount: P2 is the condition that removes the null-space freedom of R6.
  EXPECT_LE(std::max({p.axa, p.ax_symmetric, p.xa_symmetric}), 1e-15);
  EXPECT_GT(p.xax, 0.1);
}

TEST(PinvOracle, SingularValuesForDisplay) {
  // Eigen's doubles are within 2 ulp of the exact values: 1e-15 relative is ~4.5 ulp.
  struct Case {
    MatrixXd a;
    std::vector<double> leading;
    Index rank;
  };
  const Case cases[] = {
      {rows_of(3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9}), {16.848103352614206, 1.0683695145547081}, 2},
      {rows_of(3, 2, {1, 0, 0, 1, 1, 1}), {std::sqrt(3.0), 1.0}, 2},
      {rows_of(2, 3, {1, 2, 3, 4, 5, 6}), {9.5080320006957244, 0.77286963567348455}, 2},
      {rows_of(4, 3, {1, 0, 1, 0, 1, 1, 1, 1, 2, 2, -1, 1}), {3.4066921310068503, 2.0962940453419248}, 2},
  };
  for (const Case& c : cases)
    for (PinvMethod method : {PinvMethod::automatic, PinvMethod::bdcsvd, PinvMethod::jacobi_svd}) {
      const auto r = mathlets::pinv(c.a, with_method(method));
      ASSERT_EQ(r.singular_values.size(), std::min(c.a.rows(), c.a.cols()));
      for (std::size_t i = 0; i < c.leading.size(); ++i)
        EXPECT_NEAR(r.singular_values(Index(i)), c.leading[i], 1e-15 * c.leading[i]);
      EXPECT_EQ(r.rank, c.rank);
      // Trailing rounding-noise values: only that they fall below the rank tolerance (the file says so).
      for (Index i = c.rank; i < r.singular_values.size(); ++i) EXPECT_LE(r.singular_values(i), r.tolerance);
      EXPECT_DOUBLE_EQ(r.scale, r.singular_values(0));
      EXPECT_DOUBLE_EQ(r.tolerance, std::max(c.a.rows(), c.a.cols()) * kEps * r.singular_values(0));
    }
}

// T-P2: projectors of the rank-2 3x3 matrix.
TEST(PinvOracle, ProjectorsAndInvolutions) {
  const MatrixXd a = rows_of(3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const MatrixXd x = mathlets::pinv(a).pinv;
  const MatrixXd proj = rows_of(3, 3, {5, 2, -1, 2, 2, 2, -1, 2, 5}) / 6;
  // kappa_2 = 15.8: 10 * 3 * eps * kappa * ||.|| ~ 1e-13 relative; 1e-13 absolute on O(1) entries.
  EXPECT_LE((a * x - proj).norm(), 1e-13);
  EXPECT_LE((x * a - proj).norm(), 1e-13);
  EXPECT_NEAR((a * x).trace(), 2.0, 1e-13);
  EXPECT_LE((mathlets::pinv(x).pinv - a).norm(), 1e-12 * a.norm());  // (A^+)^+ = A
  EXPECT_LE((mathlets::pinv(MatrixXd(a.transpose())).pinv - x.transpose()).norm(), 1e-13 * x.norm());
  // The projector kills the null vector (1, -2, 1).
  EXPECT_LE((a * x * Eigen::Vector3d(1, -2, 1)).norm(), 1e-13);
}

// T-P3: least-squares line through (0,1), (1,3), (2,4), (3,4).
TEST(PinvOracle, LeastSquaresLine) {
  const MatrixXd a = rows_of(4, 2, {0, 1, 1, 1, 2, 1, 3, 1});
  const MatrixXd b = rows_of(4, 1, {1, 3, 4, 4});
  // Well-conditioned (kappa ~ 4.4): 1e-14 absolute on O(1) values.
  EXPECT_LE((mathlets::pinv(a).pinv - rows_of(2, 4, {-3, -1, 1, 3, 7, 4, 1, -2}) / 10).norm(), 1e-14);
  for (PinvMethod method : kAllMethods) {
    SCOPED_TRACE(method_name(method));
    const auto r = mathlets::lstsq(a, b, with_method(method));
    EXPECT_EQ(r.rank, 2);
    EXPECT_NEAR(r.x(0, 0), 1.0, 1e-14);
    EXPECT_NEAR(r.x(1, 0), 1.5, 1e-14);
    const MatrixXd res = b - a * r.x;
    EXPECT_LE((res - rows_of(4, 1, {-0.5, 0.5, 0.5, -0.5})).norm(), 1e-14);
    EXPECT_NEAR(r.residual_norms(0), 1.0, 1e-14);
    EXPECT_LE((a.transpose() * res).norm(), 1e-13);
  }
}

// T-P4: minimum-norm solutions of underdetermined systems.
TEST(PinvOracle, MinimumNormSolutions) {
  for (PinvMethod method : kAllMethods) {
    SCOPED_TRACE(method_name(method));
    const auto one = mathlets::lstsq(rows_of(1, 3, {1, 2, 2}), rows_of(1, 1, {9}), with_method(method));
    EXPECT_LE((one.x - rows_of(3, 1, {1, 2, 2})).norm(), 1e-14);  // O(1) values, kappa = 1
    const MatrixXd a = rows_of(2, 3, {1, 1, 0, 0, 1, 1});
    const auto two = mathlets::lstsq(a, rows_of(2, 1, {1, 2}), with_method(method));
    EXPECT_LE((two.x - rows_of(3, 1, {0, 1, 1})).norm(), 1e-14);
    EXPECT_NEAR(two.x.squaredNorm(), 2.0, 1e-14);
    EXPECT_NEAR(two.residual_norms(0), 0.0, 1e-14);
    // The other exact solution x* + (1,-1,1) is longer: ||x||^2 = 5.
    EXPECT_NEAR((two.x + rows_of(3, 1, {1, -1, 1})).squaredNorm(), 5.0, 1e-13);
  }
  EXPECT_LE((mathlets::pinv(rows_of(2, 3, {1, 1, 0, 0, 1, 1})).pinv - rows_of(3, 2, {2, -1, 1, 1, -1, 2}) / 3).norm(),
            1e-14);
}

TEST(PinvOracle, LstsqSolvesSeveralRightHandSidesAtOnce) {
  const MatrixXd a = rows_of(4, 2, {0, 1, 1, 1, 2, 1, 3, 1});
  const MatrixXd b = rows_of(4, 2, {1, 2, 3, 2, 4, 2, 4, 2});
  const auto r = mathlets::lstsq(a, b);
  EXPECT_LE((r.x - rows_of(2, 2, {1, 0, 1.5, 2})).norm(), 1e-14);  // second column: constant 2 fits exactly
  EXPECT_NEAR(r.residual_norms(1), 0.0, 1e-14);
}

// T-P5: ridge limit closed forms.
TEST(PinvOracle, RidgeClosedForms) {
  const MatrixXd a = rows_of(2, 2, {1, 2, 2, 4});
  const MatrixXd b = rows_of(3, 2, {1, 0, 0, 1, 1, 1});
  for (double eps : {1.0, 1.0 / 3.0, 1e-3, 3.5}) {
    SCOPED_TRACE(eps);
    // Rank-deficient A: R_eps = A / (25 + eps); error eps / (5 (25 + eps)). 1e-15 relative: rounding only.
    const MatrixXd ra = a / (25 + eps);
    EXPECT_LE((mathlets::ridge_stable(a, eps) - ra).norm(), 1e-15 * ra.norm());
    EXPECT_LE((mathlets::ridge_naive(a, eps) - ra).norm(), 1e-13 * ra.norm());  // naive: kappa(A^T A + eps I) <= 1e5
    const auto curve = mathlets::ridge_curve(a, {eps});
    const double exact = eps / (5 * (25 + eps));
    EXPECT_NEAR(curve.exact_error[0], exact, 1e-15 * exact);
    // R_eps - A^+ is formed by cancellation: absolute rounding ~eps ||A^+||_F (the file's T-P12 item 7).
    EXPECT_NEAR(curve.stable_error[0], exact, 1e-15 * (a / 25).norm());
    // (A^T A + eps I)^-1 has the eigenvalue 1 / eps (the article's remark), while R_eps stays bounded.
    EXPECT_NEAR(curve.inverse_norm[0], 1.0 / eps, 1e-15 / eps);
    // Full-rank tall B.
    const MatrixXd rb = rows_of(2, 3, {2 + eps, -1, 1 + eps, -1, 2 + eps, 1 + eps}) / ((1 + eps) * (3 + eps));
    EXPECT_LE((mathlets::ridge_stable(b, eps) - rb).norm(), 1e-15 * rb.norm() * 4);
    EXPECT_LE((mathlets::ridge_naive(b, eps) - rb).norm(), 1e-14 * rb.norm());
  }
  // eps = 0 on the stable route is A^+ itself.
  EXPECT_LE((mathlets::ridge_stable(a, 0.0) - a / 25).norm(), 1e-16);
}

// T-P6: the article's eigen route on the rank-1 matrix.
TEST(PinvEdges, EigenRouteRefusesAnOverflowingGram) {
  // 1e300 squared overflows A^T A: a named error, not NaN eigenvalues read as rank 0.
  const MatrixXd a = rows_of(2, 2, {1e300, 1, 1, 1e300});
  EXPECT_THROW(mathlets::pinv_eig(a), std::domain_error);
  EXPECT_EQ(mathlets::pinv(a).rank, 2);
}

TEST(PinvOracle, EigenRouteCancellation) {
  const MatrixXd a = rows_of(2, 2, {1, 2, 2, 4});
  const auto e = mathlets::pinv_eig(a);
  EXPECT_NEAR(e.eigenvalues(0), 25.0, 1e-13);  // lambda_max = 25, O(eps * 25) rounding
  EXPECT_NEAR(e.eigenvalues(1), 0.0, 1e-13);
  EXPECT_EQ(e.rank, 1);
  const Eigen::Vector2d u1 = e.eigenvectors.col(0) * (e.eigenvectors(0, 0) > 0 ? 1 : -1);
  EXPECT_LE((u1 - Eigen::Vector2d(1, 2) / std::sqrt(5.0)).norm(), 1e-15);
  EXPECT_NEAR(e.inverted(0), 1.0 / 25, 1e-17);
  EXPECT_EQ(e.inverted(1), 0.0);
  // The row of U^T A^T for lambda = 0 vanishes (R8), up to rounding of an O(5) product.
  EXPECT_LE(e.projected.row(1).norm(), 1e-14);
  EXPECT_GT(e.projected.row(0).norm(), 1.0);
  EXPECT_LE((e.pinv - a / 25).norm(), 1e-15);
}

// T-P7: the plain objective does not fix the pseudo-inverse.
TEST(PinvOracle, NonUniquenessOfThePlainObjective) {
  const MatrixXd a = rows_of(2, 2, {1, 2, 2, 4});
  const MatrixXd x = mathlets::pinv(a).pinv;
  const MatrixXd null_proj = MatrixXd::Identity(2, 2) - x * a;
  EXPECT_LE((null_proj - rows_of(2, 2, {4, -2, -2, 1}) / 5).norm(), 1e-15);
  const MatrixXd b = x + null_proj;  // Z = I
  EXPECT_LE((b - rows_of(2, 2, {21, -8, -8, 9}) / 25).norm(), 1e-15);
  const MatrixXd id = MatrixXd::Identity(2, 2);
  EXPECT_NEAR((a * b - id).squaredNorm(), 1.0, 1e-14);
  EXPECT_NEAR((a * x - id).squaredNorm(), 1.0, 1e-14);
  EXPECT_NEAR(b.squaredNorm(), 26.0 / 25, 1e-14);
  EXPECT_NEAR(x.squaredNorm(), 1.0 / 25, 1e-16);
}

// T-P8: naive ridge in double breaks down; assert only the shape, as the file says.
TEST(PinvOracle, NaiveRidgeBreaksDown) {
  const MatrixXd a = rows_of(2, 2, {1, 2, 2, 4});
  const MatrixXd x = a / 25;
  for (double eps : {1.0, 1e-2, 1e-4}) {
    const double exact = eps / (5 * (25 + eps));
    EXPECT_LE((mathlets::ridge_naive(a, eps) - x).norm(), 2 * exact) << eps;
  }
  for (double eps : {1e-10, 1e-12, 1e-14}) {
    const double exact = eps / (5 * (25 + eps));
    EXPECT_GT((mathlets::ridge_naive(a, eps) - x).norm(), 1e3 * exact) << eps;
  }
  // The stable route stays on the exact curve all the way down (1e-12 ||A^+||_F absolute, T-P12 item 7).
  const auto curve = mathlets::ridge_curve(a, {1e-4, 1e-8, 1e-12, 1e-16, 1e-20});
  for (std::size_t i = 0; i < curve.eps.size(); ++i)
    EXPECT_NEAR(curve.stable_error[i], curve.exact_error[i], 1e-12 * x.norm()) << curve.eps[i];
  // Full-rank 3x2: the naive error tracks the exact one down to eps = 1e-12 (measured ratio ~1.02).
  const MatrixXd b = rows_of(3, 2, {1, 0, 0, 1, 1, 1});
  const auto full = mathlets::ridge_curve(b, {1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12});
  for (std::size_t i = 0; i < full.eps.size(); ++i) {
    EXPECT_GT(full.naive_error[i], 0.5 * full.exact_error[i]) << full.eps[i];
    EXPECT_LT(full.naive_error[i], 2.0 * full.exact_error[i]) << full.eps[i];
  }
}

// T-P9: route comparison on A = Q diag(1, 1e-9) Q^T.
TEST(PinvOracle, RouteComparisonOnAnIllConditionedMatrix) {
  const double c = std::cos(std::numbers::pi / 6), s = std::sin(std::numbers::pi / 6);
  const MatrixXd q = rows_of(2, 2, {c, -s, s, c});
  const MatrixXd a = q * Eigen::Vector2d(1, 1e-9).asDiagonal() * q.transpose();
  const MatrixXd exact = q * Eigen::Vector2d(1, 1e9).asDiagonal() * q.transpose();
  // Measured: SVD 8.3e-9, COD 1.6e-8; the file asserts < 1e-6 (kappa = 1e9 times eps is 2e-7).
  for (PinvMethod method : kAllMethods) EXPECT_LT(rel_diff(mathlets::pinv(a, with_method(method)).pinv, exact), 1e-6);
  // The eigen route loses sigma_2^2 = 1e-18 below eps: error ~1.00 (rtol = 2 eps), ~0.97 (rtol = 0).
  EXPECT_GT(rel_diff(mathlets::pinv_eig(a, 2 * kEps).pinv, exact), 0.5);
  EXPECT_GT(rel_diff(mathlets::pinv_eig(a, 0.0).pinv, exact), 0.5);
  EXPECT_GT(rel_diff(mathlets::pinv_eig(a).pinv, exact), 0.5);
}

// T-P10: the tolerance decides the rank.
TEST(PinvOracle, ToleranceDecidesTheRank) {
  const MatrixXd a = rows_of(2, 2, {1, 1, 1, 1 + 1e-10});
  const MatrixXd inverse = 1e10 * rows_of(2, 2, {1 + 1e-10, -1, -1, 1});
  for (PinvMethod method : kAllMethods) {
    SCOPED_TRACE(method_name(method));
    const auto full = mathlets::pinv(a, with_method(method));
    EXPECT_EQ(full.rank, 2);
    // Measured relative error 2.6e-7; kappa ~ 4e10 times eps allows ~1e-5.
    EXPECT_LT(rel_diff(full.pinv, inverse), 1e-5);
    EXPECT_NEAR(full.pinv.cwiseAbs().maxCoeff(), 1e10, 1e5);
    const auto cut = mathlets::pinv(a, with_rtol(1e-8, method));
    EXPECT_EQ(cut.rank, 1);
    // The rank-1 pseudo-inverse is (1/4) ones up to O(delta) = 1e-10.
    EXPECT_LE((cut.pinv - MatrixXd::Constant(2, 2, 0.25)).cwiseAbs().maxCoeff(), 1e-10);
  }
  // atol adds to rtol * sigma_1: atol = 1e-9 alone also cuts sigma_2 ~ 5e-11.
  EXPECT_EQ(mathlets::pinv(a, with_atol(1e-9)).rank, 1);
  EXPECT_DOUBLE_EQ(mathlets::pinv(a,
                                  [] {
                                    PinvOptions o = with_atol(1e-9);
                                    o.rtol = 0.0;
                                    return o;
                                  }())
                       .tolerance,
                   1e-9);
  // Huge rtol keeps nothing: A^+ = 0.
  const auto none = mathlets::pinv(a, with_rtol(10.0));
  EXPECT_EQ(none.rank, 0);
  EXPECT_EQ(none.pinv, MatrixXd::Zero(2, 2));
}

// T-P11 and the error conventions.
TEST(PinvErrors, NonFiniteInputIsAnErrorEverywhere) {
  for (double bad : {kNaN, kInf, -kInf}) {
    const MatrixXd a = rows_of(2, 2, {1, bad, 0, 1});
    const MatrixXd ok = MatrixXd::Identity(2, 2);
    for (PinvMethod method : kAllMethods) EXPECT_THROW(mathlets::pinv(a, with_method(method)), std::invalid_argument);
    EXPECT_THROW(mathlets::lstsq(a, ok), std::invalid_argument);
    EXPECT_THROW(mathlets::lstsq(ok, a), std::invalid_argument);
    EXPECT_THROW(mathlets::penrose_residuals(a, ok), std::invalid_argument);
    EXPECT_THROW(mathlets::penrose_residuals(ok, a), std::invalid_argument);
    EXPECT_THROW(mathlets::pinv_eig(a), std::invalid_argument);
    EXPECT_THROW(mathlets::ridge_stable(a, 1.0), std::invalid_argument);
    EXPECT_THROW(mathlets::ridge_naive(a, 1.0), std::invalid_argument);
    EXPECT_THROW(mathlets::ridge_curve(a, {1.0}), std::invalid_argument);
    EXPECT_THROW(mathlets::thin_svd(a), std::invalid_argument);
    EXPECT_THROW(mathlets::singular_values(a), std::invalid_argument);
  }
  try {
    mathlets::pinv(rows_of(2, 2, {1, kNaN, 0, 1}), with_method(PinvMethod::cod));
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "pinv: A (2x2) has a non-finite entry nan at (0, 1)");
  }
}

TEST(PinvErrors, ShapesAndOptionsAreNamed) {
  const MatrixXd a = MatrixXd::Ones(4, 2);
  try {
    mathlets::lstsq(a, MatrixXd::Ones(3, 1));
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "lstsq: b is 3x1 but A is 4x2, so b must have 4 rows");
  }
  try {
    mathlets::penrose_residuals(a, MatrixXd::Ones(4, 2));
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "penrose_residuals: X is 4x2 but A is 4x2, so X must be 2x4");
  }
  try {
    mathlets::pinv(a, with_rtol(-1.0));
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "pinv: rtol = -1 must be finite and >= 0");
  }
  EXPECT_THROW(mathlets::pinv(a, with_rtol(kNaN)), std::invalid_argument);
  EXPECT_THROW(mathlets::pinv(a, with_atol(kInf)), std::invalid_argument);
  EXPECT_THROW(mathlets::ridge_naive(a, -1e-3), std::invalid_argument);
  EXPECT_THROW(mathlets::ridge_stable(a, kNaN), std::invalid_argument);
  EXPECT_THROW(mathlets::pinv_eig(a, -1.0), std::invalid_argument);
  EXPECT_THROW(mathlets::thin_svd(a, PinvMethod::cod), std::invalid_argument);
  EXPECT_THROW(mathlets::truncation_floor(VectorXd::Ones(3), -1), std::out_of_range);
  try {
    mathlets::matrix_from_row_major("pinv", 3, 3, std::vector<double>(8, 1.0));
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "pinv: matrix has 3 rows and 3 columns but data holds 8 values");
  }
}

TEST(PinvEdges, EmptyZeroAndRowMajorRoundTrip) {
  for (PinvMethod method : kAllMethods) {
    const auto wide_empty = mathlets::pinv(MatrixXd(0, 3), with_method(method));
    EXPECT_EQ(wide_empty.pinv.rows(), 3);
    EXPECT_EQ(wide_empty.pinv.cols(), 0);
    EXPECT_EQ(wide_empty.rank, 0);
    const auto tall_empty = mathlets::pinv(MatrixXd(3, 0), with_method(method));
    EXPECT_EQ(tall_empty.pinv.rows(), 0);
    EXPECT_EQ(tall_empty.pinv.cols(), 3);
    const auto zero = mathlets::pinv(MatrixXd::Zero(2, 3), with_method(method));
    EXPECT_EQ(zero.pinv, MatrixXd::Zero(3, 2));
    const auto p = mathlets::penrose_residuals(MatrixXd::Zero(2, 3), zero.pinv);
    EXPECT_EQ(p.axa + p.xax + p.ax_symmetric + p.xa_symmetric, 0.0);  // 0/0 := 0
    const auto ls = mathlets::lstsq(MatrixXd::Zero(2, 3), MatrixXd::Ones(2, 1), with_method(method));
    EXPECT_EQ(ls.x, MatrixXd::Zero(3, 1));
    EXPECT_DOUBLE_EQ(ls.residual_norms(0), std::sqrt(2.0));
  }
  EXPECT_EQ(mathlets::pinv(MatrixXd::Zero(2, 3)).singular_values, VectorXd::Zero(2));
  const MatrixXd m = rows_of(2, 3, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(m(0, 2), 3);
  EXPECT_EQ(m(1, 0), 4);
  EXPECT_EQ(mathlets::row_major_data(m), (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(PinvEdges, DuplicateColumnsSplitTheWeight) {
  const Eigen::Vector3d a(1, 2, 2);
  MatrixXd dup(3, 2);
  dup << a, a;
  MatrixXd expected(2, 3);
  expected << a.transpose(), a.transpose();
  expected /= 2 * a.squaredNorm();
  EXPECT_LE((mathlets::pinv(dup).pinv - expected).norm(), 1e-15);  // kappa_1 = 1, O(1/18) entries
}

TEST(PinvEdges, DenormalMatrixCountsAsZero) {
  // Singular values below the smallest normal double are treated as zero (their inverses overflow).
  const MatrixXd tiny = MatrixXd::Constant(2, 2, 1e-310);
  const auto r = mathlets::pinv(tiny);
  EXPECT_EQ(r.rank, 0);
  EXPECT_TRUE(r.pinv.allFinite());
}

TEST(PinvIdentities, RankOneAndOrthonormalColumns) {
  mathlets::SplitMix64 rng(3);
  for (int t = 0; t < 20; ++t) {
    const MatrixXd u = mathlets::testing::gaussian_matrix(rng, 5, 1), v = mathlets::testing::gaussian_matrix(rng, 1, 7);
    const MatrixXd a = u * v;
    const MatrixXd expected = a.transpose() / a.squaredNorm();                       // (u v^T)^+ = A^T / ||A||_F^2
    EXPECT_LE((mathlets::pinv(a).pinv - expected).norm(), 1e-14 * expected.norm());  // kappa_1 = 1
    const MatrixXd q = Eigen::HouseholderQR<MatrixXd>(mathlets::testing::gaussian_matrix(rng, 9, 4)).householderQ() *
                       MatrixXd::Identity(9, 4);
    EXPECT_LE((mathlets::pinv(q).pinv - q.transpose()).norm(), 1e-14);  // Q^+ = Q^T, kappa = 1
  }
}

// ------------------------------------------------------------------------------------------------
// T-P12: property-based invariants on A = G1 D G2 (seeded), 1 <= n, m <= 40, 0 <= k <= min(n, m).
// Every tolerance below is the file's (verified there on 800 draws with margins >= 1e2).

TEST(PinvProperties, RandomLowRankMatrices) {
  mathlets::SplitMix64 rng(20240915);
  for (int draw = 0; draw < 300; ++draw) {
    const Index n = 1 + Index(mathlets::draw_below(rng, 40));
    const Index m = 1 + Index(mathlets::draw_below(rng, 40));
    const Index k = Index(mathlets::draw_below(rng, std::size_t(std::min(n, m)) + 1));
    const MatrixXd a = mathlets::testing::low_rank_matrix(rng, n, m, k, draw % 2 == 0);
    SCOPED_TRACE("draw " + std::to_string(draw) + ": " + std::to_string(n) + "x" + std::to_string(m) + " rank " +
                 std::to_string(k));
    const auto r = mathlets::pinv(a);
    const MatrixXd& x = r.pinv;
    // 1. numerical rank
    ASSERT_EQ(r.rank, k);
    const double kappa = kappa_k(r);
    // 2. Penrose residuals <= 1e-10 kappa_k
    const auto p = mathlets::penrose_residuals(a, x);
    EXPECT_LE(std::max({p.axa, p.xax, p.ax_symmetric, p.xa_symmetric}), 1e-10 * kappa);
    // 3. trace of the projector = k to 1e-12 kappa_k; idempotent
    const MatrixXd proj = a * x;
    EXPECT_NEAR(proj.trace(), double(k), 1e-12 * kappa);
    EXPECT_LE((proj * proj - proj).norm(), 1e-10 * kappa);
    // 4. one-sided inverse at full rank
    if (k == m) {
      EXPECT_LE((x * a - MatrixXd::Identity(m, m)).norm(), 1e-10 * kappa);
    }
    if (k == n) {
      EXPECT_LE((a * x - MatrixXd::Identity(n, n)).norm(), 1e-10 * kappa);
    }
    // 5. transpose and scaling, relative 1e-12 kappa_k (scales 1e+-150 included: SVD is scale-equivariant)
    EXPECT_LE((mathlets::pinv(MatrixXd(a.transpose())).pinv - x.transpose()).norm(), 1e-12 * kappa * x.norm() + 1e-300);
    for (double c : {1e-3, -2.0, 1e3, 1e-150, 1e150}) {
      const auto rc = mathlets::pinv(MatrixXd(c * a));
      EXPECT_EQ(rc.rank, k) << c;
      EXPECT_LE((rc.pinv * c - x).norm(), 1e-12 * kappa * x.norm() + 1e-300) << c;
    }
    // 6. the three routes agree to 1e-10 kappa relative
    for (PinvMethod method : {PinvMethod::jacobi_svd, PinvMethod::cod}) {
      const auto other = mathlets::pinv(a, with_method(method));
      EXPECT_EQ(other.rank, k) << method_name(method);
      EXPECT_LE((other.pinv - x).norm(), 1e-10 * kappa * x.norm() + 1e-300) << method_name(method);
    }
    // 7. stable ridge error = sqrt of the R10 sum within 1e-12 ||A^+||_F; increasing above 1e-10 ||A^+||_F
    std::vector<double> eps;
    for (int e = -20; e <= 2; ++e) eps.push_back(std::pow(10.0, e));
    const auto curve = mathlets::ridge_curve(a, eps);
    for (std::size_t i = 0; i < eps.size(); ++i) {
      EXPECT_NEAR(curve.stable_error[i], curve.exact_error[i], 1e-12 * x.norm()) << eps[i];
      if (i > 0 && curve.exact_error[i - 1] > 1e-10 * x.norm()) {
        EXPECT_GT(curve.stable_error[i], curve.stable_error[i - 1]) << eps[i];
      }
    }
    // 8. least squares: normal-equation residual ~ 0 and x* orthogonal to ker A (1e-10 kappa_k relative)
    const MatrixXd b = mathlets::testing::gaussian_matrix(rng, n, 1);
    const auto ls = mathlets::lstsq(a, b);
    EXPECT_LE((a.transpose() * (b - a * ls.x)).norm(), 1e-10 * kappa * a.norm() * b.norm());
    EXPECT_LE(((MatrixXd::Identity(m, m) - x * a) * ls.x).norm(), 1e-10 * kappa * ls.x.norm() + 1e-300);
    EXPECT_LE((ls.x - x * b).norm(), 1e-10 * kappa * ls.x.norm() + 1e-300);
  }
}

// Scales across the double range: Penrose conditions and equivariance at 1e-150 .. 1e150 on full-rank
// and rank-deficient inputs (squares of entries would reach 1e+-300, so this also checks that no norm
// or tolerance overflows or underflows).
TEST(PinvProperties, ExtremeScales) {
  mathlets::SplitMix64 rng(7);
  for (int t = 0; t < 20; ++t) {
    const MatrixXd base = mathlets::testing::low_rank_matrix(rng, 12, 9, t % 2 ? 9 : 5, false);
    const auto r0 = mathlets::pinv(base);
    const double kappa = kappa_k(r0);
    for (double c : {1e-150, 1e-100, 1e-30, 1e30, 1e100, 1e150}) {
      SCOPED_TRACE(c);
      const MatrixXd a = c * base;
      for (PinvMethod method : kAllMethods) {
        const auto r = mathlets::pinv(a, with_method(method));
        ASSERT_EQ(r.rank, r0.rank) << method_name(method);
        ASSERT_TRUE(r.pinv.allFinite());
        const auto p = mathlets::penrose_residuals(a, r.pinv);
        EXPECT_LE(std::max({p.axa, p.xax, p.ax_symmetric, p.xa_symmetric}), 1e-10 * kappa);
        EXPECT_LE((r.pinv * c - r0.pinv).norm(), 1e-10 * kappa * r0.pinv.norm());  // routes differ: 1e-10 kappa
      }
      const auto ls = mathlets::lstsq(a, MatrixXd::Ones(12, 1));
      EXPECT_LE((ls.x * c - r0.pinv * MatrixXd::Ones(12, 1)).norm(), 1e-10 * kappa * (ls.x * c).norm());
    }
  }
}

// Sizes up to 512: tall, wide and square random matrices (timing is bench material, not asserted).
TEST(PinvProperties, LargeMatrices) {
  mathlets::SplitMix64 rng(512);
  const std::pair<Index, Index> shapes[] = {{512, 512}, {512, 256}, {256, 512}};
  for (auto [n, m] : shapes) {
    const MatrixXd a = mathlets::testing::gaussian_matrix(rng, n, m);
    const auto r = mathlets::pinv(a);
    EXPECT_EQ(r.rank, std::min(n, m));
    const auto p = mathlets::penrose_residuals(a, r.pinv);
    // Gaussian matrices: kappa ~ 1e3 at 512^2; 1e-10 kappa_k as in T-P12.
    EXPECT_LE(std::max({p.axa, p.xax, p.ax_symmetric, p.xa_symmetric}), 1e-10 * kappa_k(r));
    const auto c = mathlets::pinv(a, with_method(PinvMethod::cod));
    EXPECT_LE((c.pinv - r.pinv).norm(), 1e-10 * kappa_k(r) * r.pinv.norm());
  }
}

}  // namespace

// Regressions found by tests/fuzz/pinv_fuzz.cpp: Eigen's SVDs, its eigensolver and COD's solve read
// through a null pointer on empty input (undefined behaviour, reported by UBSan).
TEST(FuzzRegressions, EmptyInputsHaveEmptyDecompositions) {
  for (auto [n, m] : {std::pair<Index, Index>{0, 0}, {0, 3}, {3, 0}}) {
    const MatrixXd a(n, m);
    for (PinvMethod method : {PinvMethod::automatic, PinvMethod::bdcsvd, PinvMethod::jacobi_svd}) {
      EXPECT_EQ(mathlets::singular_values(a, method).size(), 0);
      const mathlets::ThinSvd svd = mathlets::thin_svd(a, method);
      EXPECT_EQ(svd.u.rows(), n);
      EXPECT_EQ(svd.v.rows(), m);
      EXPECT_EQ(svd.s.size(), 0);
    }
    const mathlets::EigRoute e = mathlets::pinv_eig(a);
    EXPECT_EQ(e.pinv.rows(), m);
    EXPECT_EQ(e.pinv.cols(), n);
    EXPECT_EQ(e.rank, 0);
  }
  PinvOptions cod;
  cod.method = PinvMethod::cod;
  const mathlets::LstsqResult r = mathlets::lstsq(MatrixXd::Constant(1, 1, 6.9e84), MatrixXd(1, 0), cod);
  EXPECT_EQ(r.x.rows(), 1);
  EXPECT_EQ(r.x.cols(), 0);
  EXPECT_EQ(r.rank, 1);
}

// Regression found by tests/fuzz/pinv_fuzz.cpp: eps / s overflowed for eps = DBL_MAX, so the exact ridge
// error was inf while ||R_eps - A^+||_F tends to ||A^+||_F.
TEST(FuzzRegressions, RidgeErrorForHugeEps) {
  MatrixXd a(2, 2);
  a << 1.092459456231154e-13, -8.8817841970012523e-16, 3.1974423109204508e-14, 3.0198066269804258e-14;
  const mathlets::RidgeCurve c = mathlets::ridge_curve(a, {std::numeric_limits<double>::max()});
  EXPECT_NEAR(c.exact_error[0], c.stable_error[0], 1e-12 * c.stable_error[0]);
  EXPECT_NEAR(c.exact_error[0], mathlets::pinv(a).pinv.norm(), 1e-12 * c.exact_error[0]);
}

// Regression found by tests/fuzz/pinv_fuzz.cpp: with eps = DBL_MAX and singular values near 1e148, s^2 + eps
// overflowed (s^2 is above half an ulp of DBL_MAX), so the exact ridge error was 0 while ||R_eps - A^+||_F
// tends to ||A^+||_F. Across the scales where s^2 + eps overflows or eps / s did.
TEST(FuzzRegressions, RidgeErrorForHugeEpsAndHugeSingularValues) {
  for (const double scale : {1e100, 1e148, 1e152, 1e160, 1e200, 1e300}) {
    MatrixXd a(2, 2);
    a << 3, 1, -1, 2;
    a *= scale;
    const double expected = mathlets::pinv(a).pinv.stableNorm();  // ||A^+||_F (its squares underflow at 1e200)
    for (const double eps : {std::numeric_limits<double>::max(), 1e300, 1e250}) {
      const mathlets::RidgeCurve c = mathlets::ridge_curve(a, {eps});
      // Exact: sum over s of (eps / (s (s^2 + eps)))^2 in long double, with s^2 / scale^2 = (15 +- sqrt 29) / 2,
      // the eigenvalues of (A / scale)^T (A / scale) = [10 1; 1 5].
      long double sum = 0;
      for (const long double unit2 : {(15 + std::sqrt(29.0L)) / 2, (15 - std::sqrt(29.0L)) / 2}) {
        const long double sigma = std::sqrt(unit2) * scale;
        const long double t = eps / (sigma * (sigma * sigma + eps));
        sum += t * t;
      }
      const double reference = static_cast<double>(std::sqrt(sum));
      EXPECT_NEAR(c.exact_error[0], reference, 1e-13 * reference) << scale << " " << eps;
      EXPECT_NEAR(c.exact_error[0], c.stable_error[0], 1e-12 * expected) << scale << " " << eps;
    }
  }
}
