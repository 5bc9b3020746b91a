// Fuzzes pinv.hpp on random shapes up to 12x12 (0xN included), hostile entries, duplicated rows and
// columns, exact low rank and extreme scales: pinv by every route and tolerance, thin_svd,
// singular_values, truncation_floor, penrose_residuals, lstsq, the eigen route and the ridge routines.
// Every outcome is a result obeying pseudo-inverse.md T-P12 (Penrose residuals <= 1e-10 kappa_k, scale and
// transpose equivariance, SVD = COD, least-squares normal equations, ridge error = R10) or the documented
// std::invalid_argument / std::out_of_range; anything else traps (see g_out_of_range for matrices beyond 1e150).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>

#include <Eigen/SVD>

#include "fuzz_input.hpp"
#include "mathlets/pinv.hpp"
#include "mathlets/row_major.hpp"

namespace {

using namespace mathlets;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// pinv.hpp promises magnitudes 1e-150 .. 1e150. Beyond, A^T A and COD's squared norms overflow: pinv_eig
// throws std::domain_error ("A^T A overflows") or std::runtime_error ("eigensolver failed") and internal
// steps may reject their own inf with
// std::invalid_argument "... has a non-finite entry". Accepted only for such matrices (reported as a gap).
bool g_out_of_range = false;

bool expect(const std::function<void()>& f, bool invalid_bad, bool range_bad = false) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    if (!g_out_of_range) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(g_out_of_range);
    return false;
  } catch (const std::domain_error& e) {
    if (!g_out_of_range) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(g_out_of_range);
    return false;
  } catch (const std::invalid_argument& e) {
    if (!invalid_bad && g_out_of_range && std::strstr(e.what(), "has a non-finite entry")) return false;
    if (!invalid_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(invalid_bad);
    return false;
  } catch (const std::out_of_range& e) {
    if (!range_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(range_bad);
    return false;
  }
  FUZZ_CHECK(!invalid_bad && !range_bad);
  return true;
}

bool tol_ok(double v) { return v >= 0 && std::isfinite(v); }
double fro(const MatrixXd& m) { return m.size() ? m.stableNorm() : 0.0; }
double rel_diff(const MatrixXd& a, const MatrixXd& b) {
  const double scale = std::max(fro(a), fro(b));
  return scale == 0 ? 0 : fro(a - b) / scale;
}

// The documented range of magnitudes: entries anywhere in 1e-150 .. 1e150 (zeros aside).
bool in_range(const MatrixXd& a) {
  if (a.size() == 0) return true;
  const double big = a.cwiseAbs().maxCoeff();
  return big <= 1e150 && (big == 0 || big >= 1e-150);
}

// pinv.hpp's promise taken literally: every nonzero entry in 1e-150 .. 1e150, not only the largest.
// COD needs it: it pivots on squared column norms, which go subnormal below ~1e-154 and lose digits
// (a 2x7 matrix with largest entry 1.1e-146 and the rest near 1e-157: COD and BDCSVD differed by 87%
// with kappa = 6e9; reproducer cod-subnormal-squares in the corpus).
bool entries_in_range(const MatrixXd& a) {
  return (a.array() == 0 || (a.array().abs() >= 1e-150 && a.array().abs() <= 1e150)).all();
}

// sigma_1 / sigma_k for the numerical rank k (1 when k = 0), and whether the spectrum has a clear gap around
// tau (sigma_k > 4 tau > 16 sigma_{k+1}), so that every route and every perturbation by rounding decides the
// same rank and the pseudo-inverse is a continuous function of A there.
struct Spectrum {
  double kappa = 1;
  bool clear_gap = true;
};
Spectrum spectrum(const VectorXd& s, Index k, double tau) {
  Spectrum sp;
  if (k > 0) sp.kappa = s(0) / s(k - 1);
  if (k > 0 && !(s(k - 1) > 4 * tau)) sp.clear_gap = false;
  if (k < s.size() && !(s(k) < tau / 4)) sp.clear_gap = false;
  return sp;
}

// The part E of A that a truncating COD drops: X is then exactly the pseudo-inverse of A - E, whose column
// space is the row space of X, so E = (I - Q Q^T) A with Q an orthonormal basis of range(X^T).
MatrixXd cod_dropped(const MatrixXd& a, const MatrixXd& x, Index rank) {
  if (rank == 0) return a;
  Eigen::JacobiSVD<MatrixXd> svd(x.transpose(), Eigen::ComputeThinU);
  const MatrixXd q = svd.matrixU().leftCols(rank);
  return a - q * (q.transpose() * a);
}

// P1-P4 within 1e-10 kappa (T-P12 item 2), allowing exactly what a truncation explains. truncated is
// ||A - A_k||_F / ||A||_F for the SVD's numerical rank k: X = A_k^+ changes only P1, by that much.
// A truncating COD drops E (cod_dropped) instead: X E = 0 keeps P2 and P4, while
// AXA - A = E(XA - I) moves P1 by at most ||E||_F / ||A||_F and AX = QQ^T + EX moves P3 by at most
// 2 ||EX||_F / ||AX||_F (which can exceed P1: 0.27 beside 0.16 on a 2x5 matrix at rtol 0.5).
void check_penrose(const MatrixXd& a, const MatrixXd& x, double kappa, double truncated, bool cod, Index rank) {
  PenroseResiduals r;
  expect([&] { r = penrose_residuals(a, x); }, false);
  const double tol = 1e-10 * kappa;  // T-P12 item 2
  // From kappa = 1e10 on the bound allows residuals of order 1 and says nothing; and when a zero tolerance
  // keeps a singular value at the rounding level (kappa = inf), X near 1e306 makes XAX overflow to NaN.
  if (!(tol < 1)) return;
  double p1 = truncated, p3 = 0;
  if (cod) {
    const MatrixXd e = cod_dropped(a, x, rank);
    const double ax = fro(a * x);
    p1 = fro(a) > 0 ? fro(e) / fro(a) : 0.0;
    p3 = ax > 0 ? 2 * fro(e * x) / ax : 0.0;
  }
  if (std::getenv("FUZZ_VERBOSE"))
    std::fprintf(stderr, "kappa %g residuals %g %g %g %g, truncation allows %g %g\n", kappa, r.axa, r.xax,
                 r.ax_symmetric, r.xa_symmetric, p1, p3);
  FUZZ_CHECK(r.axa <= tol + p1 * (1 + 1e-6) && r.xax <= tol && r.ax_symmetric <= tol + p3 * (1 + 1e-6) &&
             r.xa_symmetric <= tol);
}

void check_pinv(const MatrixXd& a, FuzzInput& in) {
  const bool finite = a.allFinite();
  PinvOptions o;
  o.method = static_cast<PinvMethod>(in.choice(4));  // automatic is the last
  static const double rtols[] = {0.0, 1e-12, 1e-8, 1e-3, 0.5, 2.0, -1e-3, NAN, INFINITY};
  const std::uint8_t rsel = in.byte();
  if (rsel & 1) o.rtol = rsel & 2 ? in.number() : rtols[in.choice(sizeof rtols / sizeof rtols[0])];
  if ((in.byte() & 3) == 0) o.atol = in.number();
  const bool opts_ok = (!o.rtol || tol_ok(*o.rtol)) && tol_ok(o.atol);

  PinvResult r;
  if (!expect([&] { r = pinv(a, o); }, !finite || !opts_ok)) return;
  if (std::getenv("FUZZ_VERBOSE"))
    std::fprintf(stderr, "method %d rtol %g atol %g: rank %td tolerance %g\n", static_cast<int>(o.method),
                 o.rtol ? *o.rtol : -1.0, o.atol, r.rank, r.tolerance);
  const Index n = a.rows(), m = a.cols(), p = std::min(n, m);
  FUZZ_CHECK(r.pinv.rows() == m && r.pinv.cols() == n);
  FUZZ_CHECK(r.rank >= 0 && r.rank <= p && r.method == o.method);
  // COD over the whole double range (issue 14): it gave rank 0 for full-rank A below ~1e-150 and wrong
  // inverses above ~1e150. A and its copy B = A / 2^e (largest entry in [1/2, 1), inside the range where
  // every check below runs on it) must decide the same rank and give A^+ = B^+ / 2^e; a nonzero A keeps
  // rank >= 1 while rtol <= 1/2 and the DBL_MIN floor of the tolerance stays far below its scale.
  if (o.method == PinvMethod::cod && finite && o.atol == 0 && a.size() > 0) {
    const double big = a.cwiseAbs().maxCoeff();
    if (big > 0) {
      int e = 0;
      std::frexp(big, &e);
      const MatrixXd b = a.unaryExpr([e](double v) { return std::ldexp(v, -e); });
      const PinvResult q = pinv(b, o);
      // Unless the DBL_MIN floor of A's tolerance binds (it is 2^-e DBL_MIN in B's units, above B's own floor):
      const double rtol = o.rtol ? *o.rtol : static_cast<double>(std::max(a.rows(), a.cols())) * 2.220446049250313e-16;
      const bool floor_free = std::ldexp(std::numeric_limits<double>::min(), -e) <= 0.5 * rtol;
      if (floor_free) FUZZ_CHECK(q.rank == r.rank);
      if (floor_free && r.pinv.allFinite()) {  // (A^+ of a tiny ill-conditioned A may exceed the largest double)
        const MatrixXd back = r.pinv.unaryExpr([e](double v) { return std::ldexp(v, e); });
        FUZZ_CHECK(rel_diff(back, q.pinv) <= 1e-12);
      }
      if (big >= 1e-300 && (!o.rtol || *o.rtol <= 0.5)) FUZZ_CHECK(r.rank >= 1);
    }
  }
  if (!in_range(a)) return;  // beyond 1e150 Eigen's SVDs may overflow: pinv.hpp promises 1e-150 .. 1e150 only
  FUZZ_CHECK(r.tolerance >= std::numeric_limits<double>::min());
  FUZZ_CHECK(r.pinv.allFinite());
  if (o.method != PinvMethod::cod) {
    FUZZ_CHECK(r.singular_values.size() == p);
    for (Index i = 0; i < p; ++i) {
      FUZZ_CHECK(r.singular_values(i) >= 0);
      if (i > 0) FUZZ_CHECK(r.singular_values(i) <= r.singular_values(i - 1));
    }
    FUZZ_CHECK(r.rank == numerical_rank(r.singular_values, r.tolerance));
    if (p > 0) FUZZ_CHECK(r.scale == r.singular_values(0));
  } else {
    FUZZ_CHECK(r.singular_values.size() == 0);
  }
  // Singular values from an independent route for kappa and the gap.
  const VectorXd s = singular_values(a, PinvMethod::jacobi_svd);
  const Spectrum sp = spectrum(s, r.rank, r.tolerance);
  // COD decides the rank by QR pivots, which may keep a direction the SVD drops: kappa from its own rank.
  double tail = 0;
  for (Index i = r.rank; i < s.size(); ++i) tail += s(i) * s(i);
  check_penrose(a, r.pinv, sp.kappa, tail > 0 ? std::sqrt(tail) / fro(a) : 0.0, o.method == PinvMethod::cod, r.rank);
  if (r.rank == 0) FUZZ_CHECK(r.pinv.isZero(0));
  if (!sp.clear_gap || a.size() == 0) return;
  const double tol = 1e-10 * sp.kappa;
  if (!(tol < 1)) return;  // as in check_penrose: no information, and A^+ b may overflow (kappa = inf)
  // (c A)^+ = A^+ / c with c a power of two (cA exact); (A^T)^+ = (A^+)^T; routes agree (items 5, 6).
  const int e = static_cast<int>(in.count(40)) - 20;
  // An absolute tolerance is not scale-equivariant, nor is the tolerance's DBL_MIN floor where it binds
  // (rtol = 0 on A = [6.4e-313 1; 0 -3]: sigma_2 = 6.4e-313 is dropped, while in 2^19 A it is 3.3e-307,
  // above the floor, and kept; reproducer scale-floor-subnormal-sigma in the corpus). cA must also stay in
  // the promised range (COD's squared norms of a 1.6e-149 * 2^-20 row are subnormal and lose digits).
  const double rtol_used = o.rtol ? *o.rtol : static_cast<double>(std::max(a.rows(), a.cols())) * 2.220446049250313e-16;
  const bool floor_free = rtol_used * s(0) * std::min(1.0, std::ldexp(1.0, e)) >= std::numeric_limits<double>::min();
  if (o.atol == 0 && floor_free && in_range(std::ldexp(1.0, e) * a)) {
    const MatrixXd scaled = pinv(std::ldexp(1.0, e) * a, o).pinv * std::ldexp(1.0, e);
    FUZZ_CHECK(rel_diff(scaled, r.pinv) <= tol);
  }
  // An rtol below the rounding level (the default is max(n, m) eps) keeps or drops noise singular values
  // depending on the route's rounding (rank 1 for A, 2 for A^T on a 5x5 rank-1 matrix at rtol = 1e-319).
  const double eps = std::numeric_limits<double>::epsilon();
  // The same holds for any tolerance below that level, atol included (atol = 2e-256 with rtol = 0 on a rank-2
  // 3x3 matrix: the third singular value is 0 for A and 1e-14 for A^T).
  if (r.tolerance >= static_cast<double>(std::max(a.rows(), a.cols())) * eps * s(0)) {
    // What the tolerance dropped must be rounding noise for COD: it truncates by pivots, not by singular
    // values, so a tolerance that drops real ones (atol = 1 on s = (9.75, 0.24)) gives another X.
    const bool noise_dropped = r.rank == s.size() || s(r.rank) <= 1e-12 * s(0) * static_cast<double>(s.size());
    if (o.method != PinvMethod::cod || noise_dropped)
      FUZZ_CHECK(rel_diff(pinv(MatrixXd(a.transpose()), o).pinv.transpose(), r.pinv) <= tol);
    PinvOptions other = o;
    other.method = o.method == PinvMethod::cod ? PinvMethod::bdcsvd : PinvMethod::cod;
    const PinvResult q = pinv(a, other);
    if (q.rank == r.rank && noise_dropped && entries_in_range(a)) FUZZ_CHECK(rel_diff(q.pinv, r.pinv) <= tol);
  }
  // Least squares with minimum norm: x = A^+ b, A^T (b - A x) = 0 (item 8).
  MatrixXd b(n, static_cast<Index>(in.count(3)));
  for (Index i = 0; i < b.size(); ++i) b.data()[i] = in.small();
  LstsqResult ls;
  expect([&] { ls = lstsq(a, b, o); }, false);
  FUZZ_CHECK(ls.x.rows() == m && ls.x.cols() == b.cols() && ls.residual_norms.size() == b.cols());
  FUZZ_CHECK(ls.rank == r.rank);
  const double bnorm = fro(b), anorm = fro(a), xnorm = fro(r.pinv * b);
  FUZZ_CHECK(fro(ls.x - r.pinv * b) <= tol * std::max(xnorm, fro(r.pinv) * bnorm));
  // Normal equations, up to the directions a tolerance dropped (A^T r has s_{k+1} ||b|| there).
  const double dropped = r.rank < s.size() ? s(r.rank) * bnorm : 0.0;
  FUZZ_CHECK(fro(a.transpose() * (b - a * ls.x)) <= tol * anorm * bnorm + dropped * (1 + 1e-6) + 1e-300);
  // The reference norm is overflow-safe too: residuals of 1e284 (x near 1e300 for kappa = 4e300) square to inf.
  for (Index j = 0; j < b.cols(); ++j)
    FUZZ_CHECK(std::fabs(ls.residual_norms(j) - fro(b.col(j) - a * ls.x.col(j))) <= 1e-12 * bnorm + tol * bnorm);
  MatrixXd wrong_b(n + 1, 1);
  wrong_b.setOnes();
  expect([&] { ls = lstsq(a, wrong_b, o); }, true);
}

void check_svd_parts(const MatrixXd& a, FuzzInput& in) {
  const bool finite = a.allFinite();
  const auto method = static_cast<PinvMethod>(in.choice(3));
  ThinSvd svd;
  if (!expect([&] { svd = thin_svd(a, method); }, !finite || method == PinvMethod::cod)) return;
  const Index n = a.rows(), m = a.cols(), p = std::min(n, m);
  FUZZ_CHECK(svd.u.rows() == n && svd.u.cols() == p && svd.v.rows() == m && svd.v.cols() == p && svd.s.size() == p);
  if (!in_range(a) || p == 0) return;
  FUZZ_CHECK(svd.u.allFinite() && svd.v.allFinite() && svd.s.allFinite());
  const double s1 = svd.s(0);
  // A = U S V^T, orthonormal factors, and the singular values of the other route.
  FUZZ_CHECK(fro(svd.u * svd.s.asDiagonal() * svd.v.transpose() - a) <= 1e-12 * (p + 1) * fro(a));
  FUZZ_CHECK(fro(svd.u.transpose() * svd.u - MatrixXd::Identity(p, p)) <= 1e-12 * (p + 1));
  FUZZ_CHECK(fro(svd.v.transpose() * svd.v - MatrixXd::Identity(p, p)) <= 1e-12 * (p + 1));
  const VectorXd s2 = singular_values(a, method == PinvMethod::bdcsvd ? PinvMethod::jacobi_svd : PinvMethod::bdcsvd);
  FUZZ_CHECK((svd.s - s2).cwiseAbs().maxCoeff() <= 1e-12 * (p + 1) * s1);
  // Eckart-Young floor: sum_{i >= k} s_i^2 and s_k.
  const Index k = static_cast<Index>(in.count(static_cast<std::size_t>(p) + 1)) - 1;
  TruncationFloor f;
  if (expect([&] { f = truncation_floor(svd.s, k); }, false, k < 0)) {
    long double sum = 0;  // no underflow of tiny squares
    for (Index i = k; i < p; ++i) sum += static_cast<long double>(svd.s(i)) * svd.s(i);
    FUZZ_CHECK(std::fabs(f.frobenius_squared - static_cast<double>(sum)) <= 1e-13 * (p + 1) * static_cast<double>(sum));
    FUZZ_CHECK(f.spectral == (k < p ? svd.s(k) : 0.0));
  }
  // pinv_from_svd with the default tolerance equals pinv (same SVD route).
  PinvOptions o;
  o.method = method;
  const double tau = pinv_tolerance(s1, n, m, o);
  FUZZ_CHECK(rel_diff(pinv_from_svd(svd, tau), pinv(a, o).pinv) == 0 || s1 == 0);
}

void check_eig_and_ridge(const MatrixXd& a, FuzzInput& in) {
  const bool finite = a.allFinite();
  std::optional<double> rtol;
  if (in.byte() & 1) rtol = in.number();
  EigRoute er;
  // Below 2^-480 A^T A underflows: a named range error (it returned A^+ = 0 with rank 0 as if A were 0).
  const double big = finite && a.size() ? a.cwiseAbs().maxCoeff() : 0.0;
  const bool underflows = big > 0 && big < 0x1p-480;
  if (expect([&] { er = pinv_eig(a, rtol); }, !finite || (rtol && !tol_ok(*rtol)), underflows)) {
    const Index m = a.cols();
    FUZZ_CHECK(er.pinv.rows() == m && er.pinv.cols() == a.rows() && er.eigenvalues.size() == m);
    // Not <= min(n, m): forming A^T A makes noise eigenvalues of size ~m eps lambda_max that the default
    // rtol (max(n, m) eps, on lambda) can keep; that loss of accuracy is what this teaching route shows.
    FUZZ_CHECK(er.rank >= 0 && er.rank <= m);
    if (in_range(a))  // beyond, A^T A overflows
      for (Index i = 1; i < m; ++i) FUZZ_CHECK(er.eigenvalues(i) <= er.eigenvalues(i - 1));
    if (in_range(a)) FUZZ_CHECK(er.pinv.allFinite());
  }
  std::vector<double> eps(in.count(4));
  for (double& e : eps) e = in.byte() & 1 ? in.number() : std::ldexp(1.0, static_cast<int>(in.count(80)) - 70);
  bool eps_ok = true;
  for (double e : eps) eps_ok = eps_ok && tol_ok(e);
  RidgeCurve c;
  if (!expect([&] { c = ridge_curve(a, eps); }, !finite || !eps_ok)) return;
  FUZZ_CHECK(c.stable_error.size() == eps.size() && c.exact_error.size() == eps.size() &&
             c.naive_error.size() == eps.size() && c.inverse_norm.size() == eps.size());
  if (!in_range(a) || a.size() == 0) return;
  // ||R_eps - A^+||_F by the stable route equals the R10 sum to 1e-12 ||A^+||_F (item 7, absolute).
  const double pinv_norm = fro(pinv(a).pinv);
  for (std::size_t i = 0; i < eps.size(); ++i) {
    if (std::getenv("FUZZ_VERBOSE"))
      std::fprintf(stderr, "eps %.17g stable %.17g exact %.17g pinv %g\n", eps[i], c.stable_error[i], c.exact_error[i],
                   pinv_norm);
    FUZZ_CHECK(c.stable_error[i] >= 0 && c.exact_error[i] >= 0);
    FUZZ_CHECK(std::fabs(c.stable_error[i] - c.exact_error[i]) <= 1e-12 * (a.size() + 1) * pinv_norm);
  }
  MatrixXd r;
  const double e = eps.empty() ? 1.0 : eps[0];
  if (expect([&] { r = ridge_stable(a, e); }, false)) FUZZ_CHECK(r.allFinite());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  FuzzInput::Matrix mm = in.matrix(12, 12);
  const MatrixXd a = matrix_from_row_major("pinv_fuzz", mm.rows, mm.cols, mm.data);
  g_out_of_range = a.allFinite() && !in_range(a);
  if (std::getenv("FUZZ_VERBOSE")) {
    std::fprintf(stderr, "A (%td x %td):\n", mm.rows, mm.cols);
    for (Index i = 0; i < a.rows(); ++i) {
      for (Index j = 0; j < a.cols(); ++j) std::fprintf(stderr, " %.17g", a(i, j));
      std::fprintf(stderr, "\n");
    }
  }
  switch (in.choice(3)) {
    case 0: check_pinv(a, in); break;
    case 1: check_svd_parts(a, in); break;
    default: check_eig_and_ridge(a, in); break;
  }
  // Mismatched X for the residuals, and a bad row-major size for the conversion.
  expect([&] { (void)penrose_residuals(a, MatrixXd::Zero(a.cols() + 1, a.rows())); }, true);
  expect([&] { (void)matrix_from_row_major("pinv", mm.rows, mm.cols + 1, mm.data); }, mm.rows > 0);
  return 0;
}
