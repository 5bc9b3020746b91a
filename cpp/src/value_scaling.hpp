// Weighted averages of the rows of V (attention outputs) without overflow on the way (internal header).
// The sums behind out = (W V) / (W 1) can exceed the double range although the average itself is at
// most max |V| (or its interpolation gain times that): each column of V whose size times `growth` (a
// bound on how much the sums can grow, such as the number of terms) could overflow is scaled down by
// a power of two first, exactly, and the result scaled back. Columns that need no scaling keep every
// bit, subnormal entries included. With `convex` (the weights are non-negative, so each output lies
// between the column's extremes), a scaled column is clamped to them before the scale back: an
// average of values next to the double range's end can round one ulp past it, which scaling back
// would turn into an infinity.
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace mathlets::detail {

template <class F>
Eigen::MatrixXd with_tame_columns(const Eigen::MatrixXd& v, double growth, bool convex, F&& f) {
  Eigen::VectorXi shift = Eigen::VectorXi::Zero(v.cols());
  bool any = false;
  for (Eigen::Index c = 0; c < v.cols(); ++c) {
    const double top = v.rows() ? v.col(c).cwiseAbs().maxCoeff() : 0.0;
    if (top == 0.0) continue;
    const int headroom = 1020 - std::ilogb(top) - std::ilogb(growth + 1.0) - 2;
    if (headroom < 0) {
      shift(c) = -headroom;
      any = true;
    }
  }
  if (!any) return f(v);
  Eigen::MatrixXd tame = v;
  for (Eigen::Index c = 0; c < v.cols(); ++c) tame.col(c) *= std::ldexp(1.0, -shift(c));
  Eigen::MatrixXd out = f(tame);
  for (Eigen::Index c = 0; c < out.cols(); ++c) {
    if (shift(c) == 0) continue;
    if (convex) {
      const double lo = tame.col(c).minCoeff(), hi = tame.col(c).maxCoeff();
      out.col(c) = out.col(c).cwiseMax(lo).cwiseMin(hi);
    }
    out.col(c) *= std::ldexp(1.0, shift(c));
  }
  return out;
}

}  // namespace mathlets::detail
