// Input checks shared by the low-rank series pinv.cpp, cr.cpp and cur.cpp (internal header, not part of the API).
// Messages name the routine, the argument and the shapes, as every mathlets error does.
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <string>

#include "number_text.hpp"

namespace mathlets::detail {

inline std::string shape(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

template <class Derived>
std::string shape(const Eigen::DenseBase<Derived>& m) {
  return shape(m.rows(), m.cols());
}

// Throws std::invalid_argument at the first NaN/Inf (column-major scan), naming where it is:
// COD would otherwise propagate it silently and the SVDs would return InvalidInput garbage.
template <class Derived>
void require_finite(const char* routine, const char* name, const Eigen::DenseBase<Derived>& m) {
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      if (!std::isfinite(m(i, j))) {
        throw std::invalid_argument(std::string(routine) + ": " + name + " (" + shape(m) + ") has a non-finite entry " +
                                    number_text(m(i, j)) + " at (" + std::to_string(i) + ", " + std::to_string(j) +
                                    ")");
      }
}

// Tolerances must be finite and >= 0 (NaN would silently keep or drop every singular value).
inline void require_tolerance(const char* routine, const char* name, double value) {
  if (!(value >= 0.0) || !std::isfinite(value)) {
    throw std::invalid_argument(std::string(routine) + ": " + name + " = " + number_text(value) +
                                " must be finite and >= 0");
  }
}

}  // namespace mathlets::detail
