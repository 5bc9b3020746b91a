// What several entropy sources share (internal header, not part of the API): the gap evaluator behind
// every entropy here, summary statistics with type-7 quantiles, the one Eigen product, and checks.
#pragma once

#include "mathlets/entropy.hpp"
#include "number_text.hpp"

#include <Eigen/Core>

#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace mathlets::detail {

// The distribution w_j = exp(-gamma delta_j) / (1 + S') over one maximum (delta = 0, left out of
// `deltas`) and the gaps delta_j >= 0 of the other visible entries (+inf allowed: weight 0).
// entropy = log1p(S') + gamma mean_delta, both terms >= 0; variance = Var_w(delta) (two passes), so
// that dH/dgamma = -gamma variance (its second pass, one more exp per entry, only when asked for).
// gamma = 0 gives the uniform distribution exactly.
struct GapMoments {
  double entropy = 0, s_prime = 0, mean_gap = 0, variance = NAN;
};
GapMoments gap_moments(std::span<const double> deltas, double gamma, bool variance = true);

// The maximum of the entries > -inf of z and the gaps to it of all other entries > -inf (one
// maximum left out). z must hold no NaN and no +inf, and at least one entry > -inf.
struct Gaps {
  double max = 0;
  std::size_t argmax = 0;
  std::vector<double> deltas;
};
Gaps gaps_of(std::span<const double> z);

// mean, sd (R - 1 denominator) and the type-7 quantiles 0.05, 0.25, 0.5, 0.75, 0.95 of v.
struct Summary {
  double mean = NAN, sd = NAN, min = NAN, max = NAN, q05 = NAN, q25 = NAN, q50 = NAN, q75 = NAN, q95 = NAN;
};
Summary summarize(std::vector<double> v);
double median(std::vector<double> v);

// Copies the mean and the five quantiles into a result that has them under the same names.
template <class Result>
void copy_quantiles(Result& r, const Summary& s) {
  r.mean = s.mean;
  r.q05 = s.q05;
  r.q25 = s.q25;
  r.q50 = s.q50;
  r.q75 = s.q75;
  r.q95 = s.q95;
}

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// A B^T in row-major order (A: r x d, B: n x d): the only Eigen product of the entropy sources.
RowMajorMatrix products(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

inline void check_finite_number(const char* routine, const char* name, double v) {
  if (!std::isfinite(v))
    throw std::invalid_argument(std::string(routine) + ": " + name + " is not finite (" + number_text(v) + ")");
}

inline void check_range(const char* routine, const char* name, double v, double lo, double hi, const char* range) {
  if (!(v >= lo && v <= hi))
    throw std::out_of_range(std::string(routine) + ": " + name + " = " + number_text(v) + " must be " + range);
}

}  // namespace mathlets::detail
