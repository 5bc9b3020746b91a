// Matrices across the boundary: JS passes (pointer, rows, cols) of row-major float64 data and gets
// back { rows, cols, data: Float64Array } in the same order. For the Eigen-based topics only.
#pragma once

#include <Eigen/Core>

#include "boundary.hpp"
#include "mathlets/row_major.hpp"

namespace mathlets_bindings {

inline Eigen::MatrixXd matrix_in(const char* routine, std::uintptr_t ptr, double rows, double cols) {
  const auto r = static_cast<std::ptrdiff_t>(rows), c = static_cast<std::ptrdiff_t>(cols);
  return mathlets::matrix_from_row_major(routine, r, c, in<double>(ptr, static_cast<std::size_t>(r * c)));
}

inline val matrix_value(const Eigen::MatrixXd& m) {
  val o = val::object();
  o.set("rows", static_cast<double>(m.rows()));
  o.set("cols", static_cast<double>(m.cols()));
  o.set("data", f64_array(mathlets::row_major_data(m)));
  return o;
}

inline val vector_value(const Eigen::VectorXd& v) {
  return f64_array(std::span<const double>(v.data(), static_cast<std::size_t>(v.size())));
}

}  // namespace mathlets_bindings
