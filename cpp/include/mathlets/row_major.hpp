// Conversions between the row-major { rows, cols, data } layout of the JS API and Eigen matrices.
// Kept apart from the numerical headers so bindings and tests share one checked conversion.
#pragma once

#include <Eigen/Core>

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace mathlets {

// Copies row-major data into a (column-major) Eigen matrix. Throws std::invalid_argument when
// rows/cols are negative or data.size() != rows * cols, e.g.
// "pinv: matrix has 3 rows but data holds 8 values" (for cols = 3, the message names both numbers).
inline Eigen::MatrixXd matrix_from_row_major(const char* routine, std::ptrdiff_t rows, std::ptrdiff_t cols,
                                             std::span<const double> data) {
  if (rows < 0 || cols < 0)
    throw std::invalid_argument(std::string(routine) + ": matrix shape " + std::to_string(rows) + "x" +
                                std::to_string(cols) + " is negative");
  if (data.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
    throw std::invalid_argument(std::string(routine) + ": matrix has " + std::to_string(rows) + " rows and " +
                                std::to_string(cols) + " columns but data holds " + std::to_string(data.size()) +
                                " values");
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajor>(data.data(), rows, cols);
}

// The row-major copy of m (rows * cols values), for results going back to JS.
inline std::vector<double> row_major_data(const Eigen::MatrixXd& m) {
  std::vector<double> out(static_cast<std::size_t>(m.size()));
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(out.data(), m.rows(), m.cols()) =
      m;
  return out;
}

}  // namespace mathlets
