// CUR decomposition M ~ C U R with C = M[:, S1] (chosen columns), R = M[S2, :] (chosen rows)
// (../shared/math/cur-decomposition.md): selection by column/row norms (top or sampled), uniform
// sampling, column-pivoted QR, leverage scores (top or sampled), DEIM, brute-force max-volume and
// brute-force best error; the middle matrix as the pseudo-inverse of the intersection W = M[S2, S1]
// or as the optimal C^+ M R^+; errors reported beside the Eckart-Young floor of the SVD truncation.
//
// Conventions for every routine here:
// - M is n x m. Indices are 0-based ints. Selections are returned in selection order (what the
//   DEIM/CPQR animations step through) and sorted ascending. Column routines act on M; rows are
//   the same routine on M^T (leverage and DEIM take both from one SVD of M).
// - r must satisfy 1 <= r <= min(n, m) (std::out_of_range otherwise, e.g.
//   "cur: rank r = 9 is out of range for a 5x7 matrix"). NaN/Inf in M throws std::invalid_argument.
// - Tie rule for every top-r / argmax step (norms, leverage scores, DEIM residuals): relative
//   differences below 1e-12 are ties and the smaller index wins. Exhaustive searches keep the first
//   optimum in lexicographic order of (S2, S1). CPQR keeps Eigen's pivot order.
// - Random selections draw from one SplitMix64 stream (columns first, then rows), identical in native
//   and WebAssembly builds for one seed.
// - Tolerances: rtol (optional) is the pinv rtol used for W^+, C^+, R^+ (default max(rows, cols) eps
//   of each matrix), for the numerical rank that sets the default gamma of leverage scores, and for
//   CPQR's rank-exhaustion test (|R_kk| <= rtol |R_00|, default max(n, m) eps).
// - Errors are squared Frobenius norms unless named spectral.
#pragma once

#include "mathlets/pinv.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mathlets {

enum class CurSelect {
  norm_top,         // the r largest column (row) norms
  norm_sample,      // sequential draws without replacement with p_j ~ ||m_j|| (not squared)
  uniform,          // uniform without replacement (partial Fisher-Yates)
  cpqr,             // first r pivots of a column-pivoted QR (of M for columns, of M^T for rows)
  leverage_top,     // the r largest leverage scores ||V[j, :gamma]||^2 (rows: ||U[i, :gamma]||^2)
  leverage_sample,  // sequential draws without replacement with p ~ leverage score
  deim,             // DEIM on V[:, :r] (rows: U[:, :r])
  maxvol_brute,     // rows and columns maximizing |det W| by enumeration (C(n,r) C(m,r) <= 2e5)
  best_brute,       // rows and columns minimizing the error of the chosen middle, by enumeration
};

enum class CurMiddle {
  intersection,  // U = W^+ with W = M[S2, S1]: reproduces the chosen rows/columns (matrix completion)
  optimal,       // U* = C^+ M R^+: the least-squares optimum for the chosen rows/columns
};

struct CurSelection {
  std::vector<int> order;   // selection order
  std::vector<int> sorted;  // ascending
  Eigen::VectorXd scores;   // what was ranked: squared norms, leverage scores, CPQR |R_kk|, sampling p
  bool flagged = false;     // the choice is partly arbitrary; `note` says why
  std::string note;
};

// ---------------------------------------------------------------------------------------------
// Column selections (pass M^T for rows). Each returns r distinct indices, 1 <= r <= cols.

CurSelection cur_select_norm_top(const Eigen::MatrixXd& m, int r);
CurSelection cur_select_norm_sample(const Eigen::MatrixXd& m, int r, std::uint64_t seed);
CurSelection cur_select_uniform(const Eigen::MatrixXd& m, int r, std::uint64_t seed);

// Pivots of ColPivHouseholderQR. If |R_kk| <= rtol |R_00| before r pivots (the rank is exhausted),
// the rest are filled by cur_select_norm_top over the unselected columns and the result is flagged.
// scores = |R_kk| for k < min(n, m) (non-increasing).
CurSelection cur_select_cpqr(const Eigen::MatrixXd& m, int r, std::optional<double> rtol = std::nullopt);

// Leverage scores from one thin SVD of M: columns ||V[j, :gamma]||^2 (= diag(M^+ M) when gamma is the
// rank), rows ||U[i, :gamma]||^2; each set sums to gamma, entries in [0, 1].
struct LeverageScores {
  Eigen::VectorXd columns;
  Eigen::VectorXd rows;
  int gamma = 0;
  bool cuts_cluster = false;  // sigma_gamma / sigma_{gamma+1} < 1 + 1e-8: scores depend on the SVD's basis
};
// gamma = 0 selects the numerical rank (count of sigma_i > rtol sigma_1); else 1 <= gamma <= min(n, m).
LeverageScores cur_leverage_scores(const Eigen::MatrixXd& m, int gamma = 0, std::optional<double> rtol = std::nullopt);
CurSelection cur_select_leverage_top(const Eigen::MatrixXd& m, int r, int gamma = 0,
                                     std::optional<double> rtol = std::nullopt);
CurSelection cur_select_leverage_sample(const Eigen::MatrixXd& m, int r, std::uint64_t seed, int gamma = 0,
                                        std::optional<double> rtol = std::nullopt);

// DEIM (R7) on an orthonormal basis (columns = singular vectors, most important first): picks r row
// indices of `basis`. residuals[k] = |rho_k| over all rows at step k (zero on the rows already picked).
struct DeimTrace {
  CurSelection selection;
  std::vector<Eigen::VectorXd> residuals;
};
DeimTrace cur_deim(const Eigen::MatrixXd& basis, int r);
// DEIM on V[:, :r] of M's thin SVD; flagged when r exceeds the numerical rank (arbitrary vectors).
CurSelection cur_select_deim(const Eigen::MatrixXd& m, int r, std::optional<double> rtol = std::nullopt);

// ---------------------------------------------------------------------------------------------
// Brute force (tiny matrices; C(n, r) C(m, r) <= 2e5, else std::invalid_argument)

struct CurPair {
  std::vector<int> rows;  // S2, ascending
  std::vector<int> cols;  // S1, ascending
  double value = 0.0;     // |det W| (max-volume) or the squared Frobenius error (best)
};
CurPair cur_maxvol_brute(const Eigen::MatrixXd& m, int r);
CurPair cur_best_brute(const Eigen::MatrixXd& m, int r, CurMiddle middle, std::optional<double> rtol = std::nullopt);

// ---------------------------------------------------------------------------------------------
// The decomposition for given rows and columns (section 2.1). cols = S1 and rows = S2 may differ in
// size; each must be non-empty with indices in range. Repeated indices are dropped (first occurrence
// kept, `deduplicated` set). C, U, R follow the given order.
struct CurCore {
  Eigen::MatrixXd c;        // n x |S1|
  Eigen::MatrixXd u;        // |S1| x |S2|
  Eigen::MatrixXd r;        // |S2| x m
  Eigen::MatrixXd approx;   // (C U) R
  double error = 0.0;       // ||M - approx||_F^2
  double pythagoras = 0.0;  // ||M||_F^2 - ||approx||_F^2: equals error for the optimal middle (R2)
  std::vector<int> cols;    // S1 used
  std::vector<int> rows;    // S2 used
  bool deduplicated = false;
  Eigen::Index w_rank = 0;      // numerical rank of W under the pinv tolerance
  double w_condition = 0.0;     // sigma_1(W) / sigma_min(W) (+inf if singular)
  std::optional<double> w_det;  // det W for square W
};
CurCore cur_core(const Eigen::MatrixXd& m, const std::vector<int>& cols, const std::vector<int>& rows, CurMiddle middle,
                 std::optional<double> rtol = std::nullopt);

// ---------------------------------------------------------------------------------------------
// Everything the demo shows in one call.

struct CurOptions {
  CurSelect select = CurSelect::deim;
  CurMiddle middle = CurMiddle::optimal;
  std::uint64_t seed = 0;      // random selections only
  std::optional<double> rtol;  // see the conventions at the top
  int gamma = 0;               // leverage methods: 0 = numerical rank
};

struct CurErrors {
  double frobenius_squared = 0.0;     // ||M - CUR||_F^2 for the chosen middle
  double spectral = 0.0;              // ||M - CUR||_2
  double intersection_squared = 0.0;  // the same selection with U = W^+
  double optimal_squared = 0.0;       // ... and with U* = C^+ M R^+ (<= intersection)
  double id_columns_squared = 0.0;    // ||M - C C^+ M||_F^2 (column ID)
  double id_rows_squared = 0.0;       // ||M - M R^+ R||_F^2 (row ID); both <= optimal
  TruncationFloor floor;              // best rank-r: sum_{i>r} sigma_i^2 and sigma_{r+1}
};

struct CurResult {
  CurSelection cols;
  CurSelection rows;
  CurCore core;  // with the chosen middle
  CurErrors errors;
  Eigen::VectorXd singular_values;  // of M, for the spectrum plot
};

CurResult cur(const Eigen::MatrixXd& m, int r, const CurOptions& options = {});

}  // namespace mathlets
