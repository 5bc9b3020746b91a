// CR approximation of a matrix product, XY ~ sum over chosen i of lambda_i x_i y_i^T
// (../shared/math/cr-approximation.md): sampling with replacement under the optimal or uniform
// probabilities and its exact expected error (R5-R8), sampling without replacement (R12, an extension),
// the deterministic top-r rule (R3), greedy k-tuple dropping (R9), the brute-force best subset, the
// optimal diagonal and full middle matrices for a fixed selection (R10, R11), and the Eckart-Young floor.
//
// Conventions for every routine here:
// - X is n x l, Y is l x m, with l >= 1; x_i is column i of X and y_i^T row i of Y (0-based i).
//   A mismatch throws std::invalid_argument naming both shapes. NaN/Inf in X, Y or p throws
//   std::invalid_argument naming the argument and the entry.
// - w_i = ||x_i|| ||y_i|| is the weight of term i; the optimal probabilities are p_i = w_i / sum w.
// - r is the number of draws (with replacement, r > l allowed) or of kept pairs (deterministic rules,
//   r >= l keeps all). r < 0 throws std::out_of_range; so does r > l where distinct indices are needed.
// - Every random routine takes a 64-bit seed (or a SplitMix64 stream) and draws through
//   splitmix64.hpp, so native and WebAssembly builds give identical samples for one seed.
// - Ties in weights (relative difference below 1e-12) go to the smaller index when keeping, and to the
//   lexicographically largest subset when dropping (greedy), so greedy with k = 1 equals top-r.
// - Errors are squared Frobenius norms ||approx - XY||_F^2, as in the article.
#pragma once

#include "mathlets/pinv.hpp"
#include "mathlets/splitmix64.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace mathlets {

// ---------------------------------------------------------------------------------------------
// Probabilities and expected errors

enum class CrSampling {
  optimal,      // p_i ~ ||x_i|| ||y_i||  (R7, the article's choice)
  uniform,      // p_i = 1 / l
  column_norm,  // p_i ~ ||x_i||  (not in the article; changes under rebalancing, a demo contrast)
  squared,      // p_i ~ ||x_i||^2 ||y_i||^2  (not in the article; other literature's choice)
};

// w_i = ||x_i|| ||y_i|| for every i (length l).
Eigen::VectorXd cr_term_weights(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y);

struct CrProbabilities {
  Eigen::VectorXd p;     // length l, sums to 1
  bool trivial = false;  // every term is zero (so XY = 0): p is uniform and every estimate is exactly 0
};
CrProbabilities cr_probabilities(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, CrSampling kind);

// E ||CR - XY||_F^2 for r i.i.d. draws from p (R6): (sum_{p_i > 0} w_i^2 / p_i - ||XY||_F^2) / r,
// clamped at 0 (cancellation). +inf when some p_i = 0 has w_i > 0 (the estimator is then biased).
// r = 0 gives ||XY||_F^2 (the empty estimate is 0). p: length l, finite, >= 0, summing to 1 within 1e-9.
double cr_expected_error(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r);

// Entry-wise variances Var[(CR)_ab] = (sum_i (x_i)_a^2 (y_i)_b^2 / p_i - (XY)_ab^2) / r (n x m, >= 0);
// they sum to cr_expected_error. r >= 1.
Eigen::MatrixXd cr_entry_variance(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r);

// ---------------------------------------------------------------------------------------------
// Estimates

// One approximation sum_{i in indices} weights_i x_i y_i^T = c * r_factor.
struct CrEstimate {
  std::vector<int> draws;    // indices in draw/selection order (with multiplicity when sampling with replacement)
  std::vector<int> indices;  // the distinct indices used, ascending
  Eigen::VectorXd weights;   // lambda for each of `indices` (same order)
  Eigen::MatrixXd c;         // X[:, indices] diag(weights), n x |indices|
  Eigen::MatrixXd r_factor;  // Y[indices, :], |indices| x m
  Eigen::MatrixXd approx;    // c * r_factor, n x m
  double error = 0.0;        // ||approx - XY||_F^2
};

// Sampling with replacement (R5, section 2.3): r consecutive categorical draws from p; an index drawn
// c_i times gets weight c_i / (r p_i). Unbiased: E[approx] = XY.
CrEstimate cr_sample(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r,
                     std::uint64_t seed);
CrEstimate cr_sample(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r,
                     SplitMix64& stream);

// Poisson sampling without replacement (R12, extension): index i is kept independently with probability
// pi_i = min(1, c p_i), sum pi = r, weight 1 / pi_i. Unbiased; the sample size is random with mean r.
// Needs r <= #{p_i > 0}. One uniform is drawn per index, in index order.
Eigen::VectorXd cr_poisson_inclusion(const Eigen::VectorXd& p, int r);
CrEstimate cr_sample_poisson(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r,
                             std::uint64_t seed);
// E ||estimate - XY||_F^2 = sum_i (1 / pi_i - 1) w_i^2 (+inf if some pi_i = 0 has w_i > 0).
double cr_poisson_expected_error(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r);

// Sequential draws without replacement (R12): r distinct indices, renormalizing p over the rest after
// each draw (uniform over the rest once their p is all 0). No unbiased weights exist: weights are 1
// (plain selection, as in R3); refit them with cr_refit_diagonal / cr_refit_full. r <= l.
CrEstimate cr_sample_sequential(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r,
                                std::uint64_t seed);

// Monte Carlo of `count` estimates with replacement from one stream (draws of one estimate consecutive):
// the mean estimate and every estimate's error, for histograms and unbiasedness checks.
struct CrMonteCarlo {
  Eigen::MatrixXd mean;        // average of the estimates
  std::vector<double> errors;  // ||estimate - XY||_F^2 of each
  double mean_error = 0.0;
};
CrMonteCarlo cr_monte_carlo(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Eigen::VectorXd& p, int r,
                            int count, std::uint64_t seed);

// ---------------------------------------------------------------------------------------------
// Deterministic selections (weights 1)

// The given pairs with weight 1 (a manual selection). Indices must be distinct and in [0, l).
CrEstimate cr_keep(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const std::vector<int>& kept);

// R3: keep the r largest w_i (ties -> smaller index; compared through w_i^2 from squared norms).
CrEstimate cr_top_r(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int r);

// R9: drop k-subsets of minimal ||sum v_i|| until r pairs remain, using G = (X^T X) o (Y Y^T).
// k >= 1 must divide l - r (std::invalid_argument otherwise) and C(l, k) must be <= 1e6 per step.
CrEstimate cr_greedy(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int r, int k);

// The best r-subset by enumeration (first optimum in lexicographic order of the kept set);
// C(l, r) must be <= 1e6 (std::invalid_argument otherwise).
CrEstimate cr_best_subset(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int r);

// Gram matrix of the flattened terms, <v_i, v_j> = (x_i . x_j)(y_i . y_j): (X^T X) o (Y Y^T), l x l.
Eigen::MatrixXd cr_gram(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y);

// ---------------------------------------------------------------------------------------------
// Refits for a fixed selection (distinct indices in [0, l))

// R11: optimal diagonal weights lambda* = (U^T U)^-1 U^T V 1 with U^T U = (C^T C) o (R R^T) and
// U^T V 1 = row sums of (C^T X) o (R Y^T); LDLT, or the minimum-norm solution when U^T U is singular.
CrEstimate cr_refit_diagonal(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const std::vector<int>& kept);

// R10: optimal full middle matrix Lambda* = C^+ XY R^+ (C = X[:, S], R = Y[S, :]), pinv defaults.
struct CrFullRefit {
  std::vector<int> indices;  // ascending
  Eigen::MatrixXd middle;    // Lambda*, |S| x |S|
  Eigen::MatrixXd approx;    // C Lambda* R
  double error = 0.0;
};
CrFullRefit cr_refit_full(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const std::vector<int>& kept);

// Eckart-Young floor for rank r: sum_{k > r} sigma_k(XY)^2 (and sigma_{r+1}), the "best possible" line.
TruncationFloor cr_svd_floor(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int r);

}  // namespace mathlets
