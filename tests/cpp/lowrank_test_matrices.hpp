// Seeded random matrices for the pinv / CR / CUR suites: Gaussian entries from SplitMix64 through
// Box-Muller, so every test input is reproducible on every platform.
#pragma once

#include "mathlets/splitmix64.hpp"

#include <Eigen/Core>

#include <cmath>
#include <numbers>

namespace mathlets::testing {

inline double gaussian(SplitMix64& rng) {
  const double u1 = 1.0 - rng.uniform();  // (0, 1]: log is finite
  const double u2 = rng.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

inline Eigen::MatrixXd gaussian_matrix(SplitMix64& rng, Eigen::Index rows, Eigen::Index cols) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = gaussian(rng);
  return m;
}

// A = G1 D G2 with Gaussian G1 (rows x k), G2 (k x cols) and D = diag(10^-(6 t_i)), t_i uniform in
// [0, 1] when spread is true (pseudo-inverse.md T-P12): rank k, kappa_k occasionally near 1e9.
inline Eigen::MatrixXd low_rank_matrix(SplitMix64& rng, Eigen::Index rows, Eigen::Index cols, Eigen::Index k,
                                       bool spread) {
  Eigen::VectorXd d = Eigen::VectorXd::Ones(k);
  if (spread)
    for (Eigen::Index i = 0; i < k; ++i) d(i) = std::pow(10.0, -6.0 * rng.uniform());
  return gaussian_matrix(rng, rows, k) * d.asDiagonal() * gaussian_matrix(rng, k, cols);
}

}  // namespace mathlets::testing
