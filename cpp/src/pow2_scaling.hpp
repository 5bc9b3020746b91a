// Exact rescaling by powers of two (internal header): routes that square entries or norms (COD's
// pivoted QR, the bidiagonal reduction, CUR's column norms) work on M / 2^e, whose largest entry lies
// in [1/2, 1), and scale their results back, so they hold over the whole double range.
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace mathlets::detail {

// The binade of M's largest entry: max |m_ij| = 2^e f, f in [1/2, 1) (0 for M = 0).
inline int binade(const Eigen::MatrixXd& m) {
  int e = 0;
  if (m.size() != 0) std::frexp(m.cwiseAbs().maxCoeff(), &e);
  return e;
}

// M * 2^e, rounded as std::ldexp rounds each entry: a product by a power of two is exact, or rounds
// once where it lands among the subnormals. One product by 2^e when that is a normal double, else
// two (the first one exact for every entry that matters). Eigen vectorizes the products; a libm
// ldexp per entry cost about 0.5 ms of a 256 x 256 pseudo-inverse in wasm.
inline Eigen::MatrixXd times_pow2(const Eigen::MatrixXd& m, int e) {
  if (e > 1023) return (m * 0x1p1023) * std::ldexp(1.0, e - 1023);    // scaling up: no rounding
  if (e < -1022) return (m * std::ldexp(1.0, e + 1022)) * 0x1p-1022;  // the subnormal rounding last
  return m * std::ldexp(1.0, e);
}

}  // namespace mathlets::detail
