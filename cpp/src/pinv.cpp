// Pseudo-inverse routes of ../shared/math/pseudo-inverse.md. The only TU that instantiates Eigen's SVDs,
// COD and the symmetric eigensolver: cr.cpp and cur.cpp reach them through pinv.hpp (compile time).
#include "mathlets/pinv.hpp"

#include "bidiagonal_values.hpp"
#include "lowrank_checks.hpp"
#include "norm_ratio.hpp"
#include "pow2_scaling.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using detail::binade;
using detail::times_pow2;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kEps = std::numeric_limits<double>::epsilon();

double default_rtol(Index rows, Index cols) { return static_cast<double>(std::max(rows, cols)) * kEps; }

void check_options(const char* routine, const PinvOptions& o) {
  if (o.rtol) detail::require_tolerance(routine, "rtol", *o.rtol);
  detail::require_tolerance(routine, "atol", o.atol);
}

// ||m||_F without overflow or underflow for entries near 1e+-150 (squares would reach 1e+-300).
double frobenius(const MatrixXd& m) { return m.size() == 0 ? 0.0 : m.stableNorm(); }

template <class Svd>
ThinSvd run_svd(const MatrixXd& a) {
  // Eigen's SVDs take maxCoeff() of an empty matrix (undefined behaviour): empty input has an empty SVD.
  if (a.size() == 0) return {MatrixXd(a.rows(), 0), VectorXd(0), MatrixXd(a.cols(), 0)};
  Svd svd(a, Eigen::ComputeThinU | Eigen::ComputeThinV);
  if (svd.info() != Eigen::Success) throw std::runtime_error("pinv: Eigen SVD failed to converge");
  return {svd.matrixU(), svd.singularValues(), svd.matrixV()};
}

// COD with our tolerance. Eigen compares QR pivots with threshold * maxPivot, and the threshold must be
// set before compute (it fixes the Z factor). The first pivot of a column-pivoted QR is the largest
// column norm, so that norm is the scale, known without a second factorization.
// Eigen's column-pivoted QR squares column norms without scaling: outside about 1e-150..1e150 they
// underflowed (rank 0 for a full-rank A) or overflowed (wrong pivots and inverses). The COD therefore
// factors B = A / 2^e, whose largest entry lies in [1/2, 1); A^+ = B^+ / 2^e, and the tolerance is
// compared in B's units (tau / 2^e against pivots / 2^e: the same decisions, none of them rounded).
struct CodRoute {
  Eigen::CompleteOrthogonalDecomposition<MatrixXd> cod;
  int e = 0;           // A = 2^e B
  double scale = 0.0;  // |R_00| of A (may round to inf when it exceeds DBL_MAX; a report only)
  double tau = 0.0;    // tolerance in A's units (a report only)
};

void compute_cod(const MatrixXd& a, const PinvOptions& o, CodRoute& route) {
  route.e = binade(a);
  const MatrixXd b = times_pow2(a, -route.e);
  const double scale_b = b.colwise().stableNorm().maxCoeff();
  const double rtol = o.rtol ? *o.rtol : default_rtol(a.rows(), a.cols());
  // pinv_tolerance in B's units: atol and the DBL_MIN floor are absolute, so they scale with A.
  const double tau_b =
      std::max(std::ldexp(o.atol, -route.e) + rtol * scale_b, std::ldexp(std::numeric_limits<double>::min(), -route.e));
  route.scale = std::ldexp(scale_b, route.e);
  route.tau = pinv_tolerance(route.scale, a.rows(), a.cols(), o);
  route.cod.setThreshold(std::min(tau_b / scale_b, 1.0));
  route.cod.compute(b);
}

PinvResult pinv_cod(const MatrixXd& a, const PinvOptions& o) {
  CodRoute route;
  compute_cod(a, o, route);
  PinvResult r;
  r.pinv = times_pow2(route.cod.pseudoInverse(), -route.e);
  r.rank = route.cod.rank();
  r.scale = route.scale;
  r.tolerance = route.tau;
  r.method = PinvMethod::cod;
  return r;
}

// The automatic route (the default). B = A / 2^e (its transpose when A is wide, so that the factored
// matrix is never wide) is reduced to bidiagonal form B = U D V^T by Householder reflections: Eigen's
// blocked reduction, the first stage of BDCSVD. D has A's singular values over 2^e, found by QR sweeps
// on its two diagonals alone (bidiagonal_values.hpp), and they decide the numerical rank by the SVD
// route's own tolerance. Full rank, the common case: B^+ = V D^-1 U_1^T, from the reflectors and a
// bidiagonal solve; the singular vectors that BDCSVD computes next are never needed. Backward stable,
// so it agrees with the SVD's A^+ to about kappa * eps. A rank-deficient A is left to BDCSVD: its
// truncation is what A^+ means then. (A QR of A first, then R's bidiagonal form, was 20% slower in
// wasm at 256 x 256: it pays for a second reduction.)
struct BidiagonalRoute {
  BidiagonalRoute(const MatrixXd& a, const PinvOptions& o);

  int e = 0;          // A = 2^e B
  bool wide = false;  // B^T was factored
  Index p = 0;        // min(rows, cols)
  // mutable: its householderV() is not const. A member initialised from B: a default-constructed
  // one has a band of -1 columns (bad_alloc), and compute() would not resize it.
  mutable Eigen::internal::UpperBidiagonalization<MatrixXd> bid;
  VectorXd d, f;  // D's diagonal (p) and superdiagonal (p - 1)
  VectorXd s;     // A's singular values, descending
  Index rank = 0;
  double scale = 0.0;  // sigma_1 of A
  double tau = 0.0;    // tolerance in A's units (a report; the rank is decided in B's units)
  // Full rank, and sigma_min above the rounding level max(n, m) eps sigma_1 of any SVD: then a value
  // kept or dropped cannot depend on the route's rounding (below it, with a tiny rtol, the answer
  // would differ from BDCSVD's by noise), and B^+ is below 2 / (max(n, m) eps) in norm, so no
  // solve inside the route can overflow.
  bool invertible = false;
};

// B = A / 2^e, or its transpose when A is wide.
MatrixXd factored_matrix(const MatrixXd& a, int e) {
  return a.rows() < a.cols() ? MatrixXd(times_pow2(a, -e).transpose()) : times_pow2(a, -e);
}

BidiagonalRoute::BidiagonalRoute(const MatrixXd& a, const PinvOptions& o)
    : e(binade(a)), wide(a.rows() < a.cols()), p(std::min(a.rows(), a.cols())), bid(factored_matrix(a, e)) {
  auto band = bid.bidiagonal();  // a copy: BandMatrix has no const off-diagonal accessor
  d = band.diagonal();
  f = band.diagonal(1);
  const VectorXd s_b = detail::bidiagonal_singular_values(d, f);
  const double rtol = o.rtol ? *o.rtol : default_rtol(a.rows(), a.cols());
  // pinv_tolerance in B's units, as in compute_cod.
  const double tau_b =
      std::max(std::ldexp(o.atol, -e) + rtol * s_b(0), std::ldexp(std::numeric_limits<double>::min(), -e));
  rank = numerical_rank(s_b, tau_b);
  invertible = rank == p && s_b(p - 1) > default_rtol(a.rows(), a.cols()) * s_b(0);
  s = s_b.unaryExpr([this](double v) { return std::ldexp(v, e); });
  scale = s(0);
  tau = pinv_tolerance(scale, a.rows(), a.cols(), o);
}

// W D^T = W0 in place, column by column from the last: W = W0 D^-T. Columns are contiguous.
void solve_right_transposed(const VectorXd& d, const VectorXd& f, MatrixXd& w) {
  for (Index j = d.size() - 1; j >= 0; --j) {
    if (j + 1 < d.size()) w.col(j) -= f(j) * w.col(j + 1);
    w.col(j) /= d(j);
  }
}

// D y = y0 (upper bidiagonal, from the last row) or D^T y = y0 (lower, from the first), in place.
void solve_upper(const VectorXd& d, const VectorXd& f, MatrixXd& y) {
  for (Index i = d.size() - 1; i >= 0; --i) {
    if (i + 1 < d.size()) y.row(i) -= f(i) * y.row(i + 1);
    y.row(i) /= d(i);
  }
}
void solve_lower(const VectorXd& d, const VectorXd& f, MatrixXd& y) {
  for (Index i = 0; i < d.size(); ++i) {
    if (i > 0) y.row(i) -= f(i - 1) * y.row(i - 1);
    y.row(i) /= d(i);
  }
}

// B^+ = V D^-1 U_1^T (U_1: U's first p columns), then A^+ = B^+ / 2^e, transposed back for a wide A.
// U_1 D^-T is solved by columns and transposed once, so both reflector sequences act from the left,
// where Eigen applies them in blocks. Only for an invertible route (see there); still, a result that is
// not finite comes back empty and the caller takes the SVD.
MatrixXd bidiagonal_pinv(const BidiagonalRoute& q) {
  const Index m = q.bid.householder().rows();
  MatrixXd w = q.bid.householderU() * MatrixXd::Identity(m, q.p);
  solve_right_transposed(q.d, q.f, w);
  MatrixXd x = q.bid.householderV() * w.transpose();
  if (!x.allFinite()) return MatrixXd();
  if (q.wide) x.transposeInPlace();
  return times_pow2(x, -q.e);
}

// x = A^+ b from the factors, A^+ never formed: V D^-1 (U_1^T b) for a tall A; for a wide one, whose
// B^T = U D V^T was factored, the minimum-norm U_1 D^-T (V^T b). b is scaled by 2^-f like A. Empty if
// it overflows (see bidiagonal_pinv).
MatrixXd bidiagonal_solve(const BidiagonalRoute& q, const MatrixXd& b) {
  const int f = binade(b);
  MatrixXd y = times_pow2(b, -f);
  if (q.wide) {
    y = q.bid.householderV().transpose() * y;
    solve_lower(q.d, q.f, y);
    MatrixXd padded = MatrixXd::Zero(q.bid.householder().rows(), y.cols());
    padded.topRows(q.p) = y;
    y = q.bid.householderU() * padded;
  } else {
    y = (q.bid.householderU().transpose() * y).topRows(q.p);
    solve_upper(q.d, q.f, y);
    y = q.bid.householderV() * y;
  }
  if (!y.allFinite()) return MatrixXd();
  return times_pow2(y, f - q.e);
}

// lstsq by the automatic route when A is invertible there (true; r.x, rank and tolerance set), else false.
bool lstsq_by_bidiagonal(const MatrixXd& a, const MatrixXd& b, const PinvOptions& o, LstsqResult& r) {
  if (o.method != PinvMethod::automatic) return false;
  const BidiagonalRoute q(a, o);
  if (!q.invertible) return false;
  if (b.cols() > 0) {  // else r.x is already a.cols() x 0 (and Eigen's reflectors need columns to act on)
    MatrixXd x = bidiagonal_solve(q, b);
    if (x.size() == 0) return false;
    r.x = std::move(x);
  }
  r.rank = q.rank;
  r.tolerance = q.tau;
  return true;
}

}  // namespace

ThinSvd thin_svd(const MatrixXd& a, PinvMethod method) {
  detail::require_finite("thin_svd", "A", a);
  switch (method) {
    case PinvMethod::automatic:  // the automatic route's SVD is BDCSVD
    case PinvMethod::bdcsvd: return run_svd<Eigen::BDCSVD<MatrixXd>>(a);
    case PinvMethod::jacobi_svd: return run_svd<Eigen::JacobiSVD<MatrixXd>>(a);
    case PinvMethod::cod: break;
  }
  throw std::invalid_argument("thin_svd: method must be automatic, bdcsvd or jacobi_svd (COD has no singular values)");
}

VectorXd singular_values(const MatrixXd& a, PinvMethod method) {
  detail::require_finite("singular_values", "A", a);
  if (a.size() == 0 && method != PinvMethod::cod) return VectorXd(0);  // see run_svd
  switch (method) {
    case PinvMethod::automatic: {  // the values the automatic route decides the rank by
      if (a.cwiseAbs().maxCoeff() == 0.0) return VectorXd::Zero(std::min(a.rows(), a.cols()));
      return BidiagonalRoute(a, {}).s;
    }
    case PinvMethod::bdcsvd: return Eigen::BDCSVD<MatrixXd>(a).singularValues();
    case PinvMethod::jacobi_svd: return Eigen::JacobiSVD<MatrixXd>(a).singularValues();
    case PinvMethod::cod: break;
  }
  throw std::invalid_argument("singular_values: method must be automatic, bdcsvd or jacobi_svd");
}

double pinv_tolerance(double sigma_1, Index rows, Index cols, const PinvOptions& o) {
  const double rtol = o.rtol ? *o.rtol : default_rtol(rows, cols);
  return std::max(o.atol + rtol * sigma_1, std::numeric_limits<double>::min());
}

Index numerical_rank(const VectorXd& s, double tau) { return (s.array() > tau).count(); }

MatrixXd pinv_from_svd(const ThinSvd& svd, double tau) {
  const Index k = numerical_rank(svd.s, tau);
  // s is descending, so the kept values are the leading k.
  MatrixXd out = svd.v.leftCols(k) * svd.s.head(k).cwiseInverse().asDiagonal() * svd.u.leftCols(k).transpose();
  if (k == 0) out.setZero(svd.v.rows(), svd.u.rows());
  return out;
}

TruncationFloor truncation_floor(const VectorXd& s, Index k) {
  if (k < 0) throw std::out_of_range("truncation_floor: rank k = " + std::to_string(k) + " must be >= 0");
  TruncationFloor f;
  if (k >= s.size()) return f;
  // Scale before squaring: sigma up to 1e300 must not overflow.
  const double big = s(k);
  if (big == 0.0) return f;
  f.frobenius_squared = (s.tail(s.size() - k) / big).squaredNorm() * big * big;
  f.spectral = big;
  return f;
}

PinvResult pinv(const MatrixXd& a, const PinvOptions& o) {
  detail::require_finite("pinv", "A", a);
  check_options("pinv", o);
  PinvResult r;
  r.method = o.method;
  const Index p = std::min(a.rows(), a.cols());
  // Empty or zero input: A^+ = 0 of the transposed shape, no decomposition needed.
  if (a.size() == 0 || a.cwiseAbs().maxCoeff() == 0.0) {
    r.pinv = MatrixXd::Zero(a.cols(), a.rows());
    if (o.method != PinvMethod::cod) r.singular_values = VectorXd::Zero(p);
    r.tolerance = pinv_tolerance(0.0, a.rows(), a.cols(), o);
    return r;
  }
  if (o.method == PinvMethod::cod) return pinv_cod(a, o);
  if (o.method == PinvMethod::automatic) {
    BidiagonalRoute q(a, o);
    if (q.invertible && (r.pinv = bidiagonal_pinv(q)).size() != 0) {
      r.rank = q.rank;
      r.scale = q.scale;
      r.tolerance = q.tau;
      r.singular_values = std::move(q.s);
      r.full_rank_inverse = true;
      return r;
    }
  }
  ThinSvd svd = thin_svd(a, o.method);
  r.scale = svd.s(0);
  r.tolerance = pinv_tolerance(r.scale, a.rows(), a.cols(), o);
  r.rank = numerical_rank(svd.s, r.tolerance);
  r.pinv = pinv_from_svd(svd, r.tolerance);
  r.singular_values = std::move(svd.s);
  return r;
}

PenroseResiduals penrose_residuals(const MatrixXd& a, const MatrixXd& x) {
  detail::require_finite("penrose_residuals", "A", a);
  detail::require_finite("penrose_residuals", "X", x);
  if (x.rows() != a.cols() || x.cols() != a.rows())
    throw std::invalid_argument("penrose_residuals: X is " + detail::shape(x) + " but A is " + detail::shape(a) +
                                ", so X must be " + detail::shape(a.cols(), a.rows()));
  const MatrixXd ax = a * x;
  const MatrixXd xa = x * a;
  PenroseResiduals r;
  r.axa = detail::norm_ratio(frobenius(ax * a - a), frobenius(a));
  r.xax = detail::norm_ratio(frobenius(x * ax - x), frobenius(x));
  r.ax_symmetric = detail::norm_ratio(frobenius(ax - ax.transpose()), frobenius(ax));
  r.xa_symmetric = detail::norm_ratio(frobenius(xa - xa.transpose()), frobenius(xa));
  return r;
}

LstsqResult lstsq(const MatrixXd& a, const MatrixXd& b, const PinvOptions& o) {
  detail::require_finite("lstsq", "A", a);
  detail::require_finite("lstsq", "b", b);
  check_options("lstsq", o);
  if (b.rows() != a.rows())
    throw std::invalid_argument("lstsq: b is " + detail::shape(b) + " but A is " + detail::shape(a) +
                                ", so b must have " + std::to_string(a.rows()) + " rows");
  LstsqResult r;
  r.x = MatrixXd::Zero(a.cols(), b.cols());
  if (a.size() != 0 && a.cwiseAbs().maxCoeff() > 0.0) {
    if (o.method == PinvMethod::cod) {
      CodRoute route;
      compute_cod(a, o, route);
      // Eigen's COD solve of an n x 0 b reads a null pointer. A x = b is B (x 2^(e - f)) = b / 2^f.
      if (b.cols() > 0) {
        const int f = binade(b);
        r.x = times_pow2(route.cod.solve(times_pow2(b, -f)), f - route.e);
      }
      r.rank = route.cod.rank();
      r.tolerance = route.tau;
    } else if (!lstsq_by_bidiagonal(a, b, o, r)) {
      const ThinSvd svd = thin_svd(a, o.method);
      r.tolerance = pinv_tolerance(svd.s(0), a.rows(), a.cols(), o);
      r.rank = numerical_rank(svd.s, r.tolerance);
      const Index k = r.rank;
      // V_k (diag(1/s_k) (U_k^T b)): A^+ is never formed.
      r.x = svd.v.leftCols(k) * (svd.s.head(k).cwiseInverse().asDiagonal() * (svd.u.leftCols(k).transpose() * b));
    }
  } else {
    r.tolerance = pinv_tolerance(0.0, a.rows(), a.cols(), o);
  }
  const MatrixXd res = b - a * r.x;
  r.residual_norms = VectorXd(b.cols());
  for (Index j = 0; j < b.cols(); ++j) r.residual_norms(j) = res.rows() ? res.col(j).stableNorm() : 0.0;
  return r;
}

EigRoute pinv_eig(const MatrixXd& a, std::optional<double> rtol) {
  detail::require_finite("pinv_eig", "A", a);
  if (rtol) detail::require_tolerance("pinv_eig", "rtol", *rtol);
  const Index m = a.cols();
  EigRoute r;
  // Below 2^-480 (about 3.2e-145) A^T A falls into the subnormals (the eigenvalues lose their digits,
  // and under about 1e-162 the route returned a zero inverse with rank 0 as if A were 0).
  constexpr double kSmallest = 0x1p-480;
  const double biggest = a.size() ? a.cwiseAbs().maxCoeff() : 0.0;
  if (biggest > 0.0 && biggest < kSmallest)
    throw std::out_of_range("pinv_eig: A's largest entry " + number_text(biggest) +
                            " is below 2^-480 (about 3.2e-145), where A^T A underflows; the eigen route needs A = 0 "
                            "or its largest entry in [3.2e-145, 1e154] (the SVD route does not square A)");
  const MatrixXd g = a.transpose() * a;
  // The route squares A: entries beyond ~1e154 overflow A^T A, and the eigensolver then returned NaN
  // eigenvalues (tolerance NaN, rank 0) instead of failing.
  if (!g.allFinite())
    throw std::domain_error("pinv_eig: A^T A overflows (the eigen route squares A; its largest entry is " +
                            number_text(biggest) +
                            "; it must lie in [3.2e-145, 1e154]); the SVD route does not square it");
  Eigen::SelfAdjointEigenSolver<MatrixXd> es;
  if (m > 0) {  // not on 0x0: Eigen takes maxCoeff() of the empty matrix (undefined behaviour)
    es.compute(g);
    if (es.info() != Eigen::Success) throw std::runtime_error("pinv_eig: eigensolver failed");
  }
  // Eigen returns ascending eigenvalues; the demo wants them descending like singular values.
  r.eigenvalues = m ? VectorXd(es.eigenvalues().reverse()) : VectorXd();
  r.eigenvectors = m ? MatrixXd(es.eigenvectors().rowwise().reverse()) : MatrixXd(0, 0);
  const double lambda_max = m ? std::max(r.eigenvalues(0), 0.0) : 0.0;
  r.tolerance = (rtol ? *rtol : default_rtol(a.rows(), m)) * lambda_max;
  r.inverted = VectorXd::Zero(m);
  for (Index i = 0; i < m; ++i)
    // >= DBL_MIN as in pinv: the reciprocal of a subnormal eigenvalue (noise of A^T A for entries near
    // 1e-138 at a tiny rtol) is inf, and the route returned inf/NaN entries.
    if (r.eigenvalues(i) > r.tolerance && r.eigenvalues(i) >= std::numeric_limits<double>::min()) {
      r.inverted(i) = 1.0 / r.eigenvalues(i);
      ++r.rank;
    }
  r.projected = r.eigenvectors.transpose() * a.transpose();
  r.pinv = r.eigenvectors * r.inverted.asDiagonal() * r.projected;
  return r;
}

MatrixXd ridge_stable(const ThinSvd& svd, double tau, double eps) {
  detail::require_tolerance("ridge_stable", "eps", eps);
  VectorXd f(svd.s.size());
  for (Index i = 0; i < f.size(); ++i) {
    const double s = svd.s(i);
    f(i) = s > tau ? 1.0 / (s + eps / s) : 0.0;  // = s / (s^2 + eps) without forming s^2
  }
  return svd.v * f.asDiagonal() * svd.u.transpose();
}

MatrixXd ridge_stable(const MatrixXd& a, double eps) {
  detail::require_finite("ridge_stable", "A", a);
  detail::require_tolerance("ridge_stable", "eps", eps);
  if (a.size() == 0) return MatrixXd::Zero(a.cols(), a.rows());
  const ThinSvd svd = thin_svd(a);
  return ridge_stable(svd, pinv_tolerance(svd.s(0), a.rows(), a.cols()), eps);
}

MatrixXd ridge_naive(const MatrixXd& a, double eps) {
  detail::require_finite("ridge_naive", "A", a);
  detail::require_tolerance("ridge_naive", "eps", eps);
  MatrixXd g = a.transpose() * a;
  g.diagonal().array() += eps;
  return g.ldlt().solve(a.transpose());
}

double ridge_error_exact(const VectorXd& s, double tau, double eps) {
  detail::require_tolerance("ridge_error_exact", "eps", eps);
  // The terms in a vector and its norm by Eigen's stableNorm: each term may be far below sqrt of the
  // least double (a sum of squares gave 0 for s near 1e200 and eps near DBL_MAX).
  VectorXd terms = VectorXd::Zero(s.size());
  for (Index i = 0; i < s.size(); ++i)
    if (s(i) > tau) {
      // eps / (s (s^2 + eps)) = (1 / s) / (1 + q^2), q = s / sqrt(eps): no sum that can overflow.
      // eps / s overflowed for eps near DBL_MAX (the error was inf where it tends to ||A^+||_F), and
      // then s^2 + eps did for s^2 above half an ulp of DBL_MAX (2^970; the error was 0).
      const double q = s(i) / std::sqrt(eps);
      terms(i) = (1.0 / s(i)) / (1.0 + q * q);
    }
  return terms.stableNorm();
}

RidgeCurve ridge_curve(const MatrixXd& a, const std::vector<double>& eps) {
  detail::require_finite("ridge_curve", "A", a);
  for (double e : eps) detail::require_tolerance("ridge_curve", "eps", e);
  RidgeCurve c;
  c.eps = eps;
  if (a.size() == 0) {
    c.stable_error = c.naive_error = c.exact_error = std::vector<double>(eps.size(), 0.0);
    c.inverse_norm.clear();
    for (double e : eps) c.inverse_norm.push_back(a.cols() ? 1.0 / e : 0.0);
    return c;
  }
  const ThinSvd svd = thin_svd(a);
  const double tau = pinv_tolerance(svd.s(0), a.rows(), a.cols());
  const MatrixXd exact = pinv_from_svd(svd, tau);
  // A^T A is m x m; it has m - rank zero eigenvalues when A is wide (only min(n, m) sigmas exist).
  const double sigma_min = a.cols() > a.rows() ? 0.0 : svd.s(svd.s.size() - 1);
  for (double e : eps) {
    c.stable_error.push_back(frobenius(ridge_stable(svd, tau, e) - exact));
    c.naive_error.push_back(frobenius(ridge_naive(a, e) - exact));
    c.exact_error.push_back(ridge_error_exact(svd.s, tau, e));
    c.inverse_norm.push_back(1.0 / (sigma_min * sigma_min + e));
  }
  return c;
}

}  // namespace mathlets
