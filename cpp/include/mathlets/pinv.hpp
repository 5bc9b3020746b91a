// The Moore-Penrose pseudo-inverse and everything the demo of ../shared/math/pseudo-inverse.md shows:
// the SVD routes (the automatic default decides the rank by singular values), the complete orthogonal decomposition,
// the article's eigen route (R8, a teaching visual that loses singular values below sqrt(eps) * sigma_1), the ridge
// limit of R7 in its stable and naive forms, least squares with minimum norm, and the four Penrose residuals.
//
// Conventions for every routine here:
// - A is any real n x m matrix (tall, wide, square, empty, zero, rank-deficient). The pseudo-inverse
//   is m x n. Empty input (n = 0 or m = 0) gives empty output of the transposed shape and rank 0.
// - NaN/Inf anywhere in an input matrix throws std::invalid_argument naming the routine, the
//   argument, its shape and the first bad entry ("pinv: A (2x2) has a non-finite entry nan at (0, 1)").
//   This matters because CompleteOrthogonalDecomposition would silently return a partly-NaN result.
// - Shape mismatches throw std::invalid_argument naming both shapes; bad tolerances (negative, NaN,
//   Inf) throw std::invalid_argument naming the option.
// - Tolerance (SciPy's convention): tau = max(atol + rtol * sigma_1, DBL_MIN) with the default
//   rtol = max(n, m) * eps and atol = 0. The numerical rank is k = #{i : sigma_i > tau}, and only
//   those sigma_i are ever inverted. The DBL_MIN floor treats denormal singular values as zero, as
//   Eigen does (their reciprocals would overflow).
// - Scale: every route is scale-equivariant, (c A)^+ = A^+ / c, over the whole double range: the SVDs
//   rescale internally, COD factors A / 2^e (e from the largest entry, so the scaling is exact), and
//   residuals use overflow-safe norms. pinv_eig forms A^T A, so it refuses (std::out_of_range) a
//   nonzero A whose largest entry lies outside the range where A^T A neither underflows nor overflows.
//   Singular values below DBL_MIN still count as zero (the tolerance floor above).
#pragma once

#include <Eigen/Core>

#include <optional>
#include <vector>

namespace mathlets {

// Which route computes the pseudo-inverse. Measured natively on the project's 2-core VM (g++ 12 -O2,
// Gaussian input, median ms): 32x32: Jacobi 0.48, BDC 0.27, COD 0.02; 256x256: Jacobi 465, BDC 28,
// COD 6.3; 512x256: Jacobi 454, BDC 39, COD 23; 512x512: BDC 185, COD 57 (the wasm ratios of
// TOOLCHAIN.md section 6 are similar).
//
// The automatic route is the default. Like BDCSVD it decides the rank by singular values (reliable;
// COD decides by QR pivots, which can misjudge it) and returns the spectrum for the plots, but it
// computes them without singular vectors: A (A^T when wide) = U D V^T, Householder reduction to
// bidiagonal form (BDCSVD's own first stage), then D's values by QR sweeps on its two diagonals.
// A full-rank A, the common case, is inverted through those factors, A^+ = V D^-1 U^T: backward
// stable, it agrees with the SVD's A^+ to about kappa * eps. A rank-deficient A goes on to BDCSVD,
// whose truncation A^+ then is. 256x256 Gaussian, clang 14 -O2 SSE4.2: BDCSVD 30 ms, automatic
// 13 ms. JacobiSVD stays available as the most accurate route for small matrices; COD as the
// fastest when no spectrum is needed.
enum class PinvMethod {
  bdcsvd,      // Eigen::BDCSVD (divide and conquer; uses Jacobi internally below 16 columns)
  jacobi_svd,  // Eigen::JacobiSVD with a column-pivoting QR preconditioner
  cod,         // Eigen::CompleteOrthogonalDecomposition; no singular values
  automatic,   // bidiagonal values decide the rank; full rank: A^+ = V D^-1 U^T, else BDCSVD
};

struct PinvOptions {
  PinvMethod method = PinvMethod::automatic;
  std::optional<double> rtol;  // relative tolerance; default max(n, m) * eps. Must be finite, >= 0.
  double atol = 0.0;           // absolute tolerance added to rtol * sigma_1. Must be finite, >= 0.
};

struct PinvResult {
  Eigen::MatrixXd pinv;             // m x n
  Eigen::Index rank = 0;            // numerical rank k
  Eigen::VectorXd singular_values;  // all min(n, m) of them, descending (SVD and automatic routes); empty for COD
  double scale = 0.0;               // sigma_1 (SVD and automatic routes) or the largest QR pivot |R_00| (COD)
  double tolerance = 0.0;           // tau: values (or pivots) <= tau count as zero
  PinvMethod method = PinvMethod::automatic;  // the route asked for
  bool full_rank_inverse = false;             // automatic route: A had full rank; A^+ = V D^-1 U^T, no SVD
};

// A^+ by the chosen route. For COD, tau = atol + rtol * |R_00| is compared with the pivots of the
// column-pivoted QR (Eigen's rule), which approximates the singular-value test.
PinvResult pinv(const Eigen::MatrixXd& a, const PinvOptions& options = {});

// Thin SVD A = U diag(s) V^T with U n x p, V m x p, p = min(n, m), s descending.
// method must be automatic (BDCSVD here), bdcsvd or jacobi_svd (std::invalid_argument otherwise).
struct ThinSvd {
  Eigen::MatrixXd u;
  Eigen::VectorXd s;
  Eigen::MatrixXd v;
};
ThinSvd thin_svd(const Eigen::MatrixXd& a, PinvMethod method = PinvMethod::bdcsvd);

// Singular values only (all min(n, m), descending); cheaper than thin_svd. automatic: those the
// automatic route decides the rank by (bidiagonal reduction and QR sweeps; absolute accuracy about
// n * eps * sigma_1, where JacobiSVD's small values are accurate relative to themselves).
Eigen::VectorXd singular_values(const Eigen::MatrixXd& a, PinvMethod method = PinvMethod::bdcsvd);

// tau for a matrix of shape rows x cols whose largest singular value is sigma_1 (see the top).
double pinv_tolerance(double sigma_1, Eigen::Index rows, Eigen::Index cols, const PinvOptions& options = {});

// Number of singular values strictly above tau.
Eigen::Index numerical_rank(const Eigen::VectorXd& singular_values, double tau);

// Pseudo-inverse from an existing thin SVD: V_k diag(1 / s_k) U_k^T over s_i > tau.
Eigen::MatrixXd pinv_from_svd(const ThinSvd& svd, double tau);

// The Eckart-Young floor of a rank-k approximation (pseudo-inverse.md R9, cur-decomposition.md R10):
// squared Frobenius error sum_{i >= k} s_i^2 (0-based) and spectral error s_k (0 if k >= s.size()).
// k must be >= 0 (std::out_of_range otherwise).
struct TruncationFloor {
  double frobenius_squared = 0.0;
  double spectral = 0.0;
};
TruncationFloor truncation_floor(const Eigen::VectorXd& singular_values, Eigen::Index k);

// ---------------------------------------------------------------------------------------------
// The four Moore-Penrose conditions (section 2.6): relative residuals
//   rho1 = ||AXA - A|| / ||A||,  rho2 = ||XAX - X|| / ||X||,
//   rho3 = ||AX - (AX)^T|| / ||AX||,  rho4 = ||XA - (XA)^T|| / ||XA||   (Frobenius; 0/0 := 0).
// X must be m x n for an n x m A.
struct PenroseResiduals {
  double axa = 0.0;           // (P1) A X A = A
  double xax = 0.0;           // (P2) X A X = X
  double ax_symmetric = 0.0;  // (P3) (A X)^T = A X
  double xa_symmetric = 0.0;  // (P4) (X A)^T = X A
};
PenroseResiduals penrose_residuals(const Eigen::MatrixXd& a, const Eigen::MatrixXd& x);

// ---------------------------------------------------------------------------------------------
// Least squares with minimum norm (section 2.5): x = A^+ b column by column, applied from the
// decomposition (A^+ is never formed), with the same tolerance rules as pinv. b is n x q.
struct LstsqResult {
  Eigen::MatrixXd x;               // m x q: minimizes ||A x - b|| and, among minimizers, ||x||
  Eigen::VectorXd residual_norms;  // ||b_j - A x_j|| per column j
  Eigen::Index rank = 0;
  double tolerance = 0.0;
};
LstsqResult lstsq(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const PinvOptions& options = {});

// ---------------------------------------------------------------------------------------------
// The article's eigen route (R8, section 2.3), for the teaching visual only: A^T A = U diag(lambda) U^T,
// A^+ = U diag(kappa) U^T A^T with kappa_i = 1 / lambda_i if lambda_i > rtol * lambda_max, else 0.
// Default rtol = max(n, m) * eps (applied to lambda = sigma^2, so sigma_i below about
// sqrt(rtol) * sigma_1 are lost: T-P9). rtol = 0 keeps every positive eigenvalue, rounding noise included.
// Forming A^T A overflows for entries beyond about 1e154: std::domain_error then (the SVD routes do not square A).
struct EigRoute {
  Eigen::MatrixXd pinv;          // m x n
  Eigen::VectorXd eigenvalues;   // lambda, descending (m of them)
  Eigen::MatrixXd eigenvectors;  // U (m x m), columns matching eigenvalues
  Eigen::VectorXd inverted;      // kappa (Lambda^+ diagonal)
  Eigen::MatrixXd projected;     // U^T A^T (m x n): the rows for lambda = 0 are zero up to rounding
  Eigen::Index rank = 0;
  double tolerance = 0.0;  // rtol * lambda_max
};
EigRoute pinv_eig(const Eigen::MatrixXd& a, std::optional<double> rtol = std::nullopt);

// ---------------------------------------------------------------------------------------------
// The ridge limit (R7, section 2.4): R_eps = (A^T A + eps I)^-1 A^T -> A^+ as eps -> 0+. eps >= 0, finite.

// Stable evaluation from one SVD: V diag(s_i / (s_i^2 + eps)) U^T, computed as 1 / (s_i + eps / s_i)
// so nothing overflows. Singular values <= tau (the default pinv tolerance) count as zero: they are
// rounding noise, and keeping them would make s / eps blow up as eps -> 0.
Eigen::MatrixXd ridge_stable(const Eigen::MatrixXd& a, double eps);
Eigen::MatrixXd ridge_stable(const ThinSvd& svd, double tau, double eps);

// Naive evaluation, to show the instability the article warns about: form A^T A + eps I and solve with
// LDLT. Returned as computed (it degrades below eps ~ 1e-8 and is meaningless below ~1e-16 lambda_max;
// eps = 0 on singular A gives non-finite garbage).
Eigen::MatrixXd ridge_naive(const Eigen::MatrixXd& a, double eps);

// Exact ||R_eps - A^+||_F from the singular values (R10):
// sqrt(sum over s_i > tau of eps^2 / (s_i^2 (s_i^2 + eps)^2)).
double ridge_error_exact(const Eigen::VectorXd& singular_values, double tau, double eps);

// The curve of Widget P2 in one call, for every eps given (each finite, >= 0):
// ||R_eps - A^+||_F by the stable route, by the naive route, the exact formula, and
// ||(A^T A + eps I)^-1||_2 = 1 / (lambda_min + eps), which diverges for singular A while R_eps stays bounded.
struct RidgeCurve {
  std::vector<double> eps;
  std::vector<double> stable_error;
  std::vector<double> naive_error;
  std::vector<double> exact_error;
  std::vector<double> inverse_norm;
};
RidgeCurve ridge_curve(const Eigen::MatrixXd& a, const std::vector<double>& eps);

}  // namespace mathlets
