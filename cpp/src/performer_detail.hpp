// What several Performer sources share (internal header, not part of the API): the ranges of the head
// size d and the feature count m, and the norms of the fixed and quantile rules.
#pragma once

#include "mathlets/performer.hpp"

#include <Eigen/Core>

#include <stdexcept>
#include <string>

namespace mathlets::detail {

inline void check_head_size(const char* routine, int d) {
  if (d < 1 || d > kMaxHeadSize)
    throw std::out_of_range(std::string(routine) + ": d = " + std::to_string(d) + " must be in [1, " +
                            std::to_string(kMaxHeadSize) + "]");
}

inline void check_feature_count(const char* routine, int m) {
  if (m < 1 || m > kMaxFeatures)
    throw std::out_of_range(std::string(routine) + ": m = " + std::to_string(m) + " must be in [1, " +
                            std::to_string(kMaxFeatures) + "]");
}

// R_l for l = 0..m-1: sqrt(d) (fixed) or the chi_d quantile at (l + 1) / (m + 1) (quantile). Chi norms
// come from Gaussian rows instead. Defined in performer_omegas.cpp.
Eigen::VectorXd rule_norms(OmegaNorms norms, int d, int m);

}  // namespace mathlets::detail
