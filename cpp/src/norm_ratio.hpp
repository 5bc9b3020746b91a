// The ratio of two norms, ||E|| / ||M||, for relative errors and residuals: 0 / 0 is 0 (an exact
// answer for an empty or zero matrix), x / 0 is +inf.
#pragma once

#include <limits>

namespace mathlets::detail {

inline double norm_ratio(double num, double den) {
  if (den == 0.0) return num == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return num / den;
}

}  // namespace mathlets::detail
