// Golub-Kahan-Reinsch QR sweeps on an upper bidiagonal matrix, values only (see bidiagonal_values.hpp).
// The matrix lives in two vectors: d(i) on the diagonal and f(i) = B(i - 1, i) above it, f(0) = 0.
// Every rotation acts on d and f alone; nothing of size n^2 is touched, so a sweep costs O(block).
// The helpers are noexcept: in the wasm build (-fexceptions, Emscripten's JS-based C++ exceptions) a
// call that may throw, made from a function with cleanups, goes through a JS trampoline (invoke_*).
#include "bidiagonal_values.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace mathlets::detail {
namespace {

using Eigen::Index;
using Eigen::VectorXd;

constexpr int kMaxSweeps = 75;

// sqrt(a^2 + b^2). The callers' entries are scaled near 1, so squaring is safe on the fast path;
// std::hypot (several times slower) guards the rest.
double pythag(double a, double b) noexcept {
  const double big = std::max(std::abs(a), std::abs(b));
  if (big > 1e150 || big < 1e-150) return std::hypot(a, b);
  return std::sqrt(a * a + b * b);
}

// A rotation taking (y, z) to (r, 0): c = y / r, s = z / r.
struct Rotation {
  double c = 1.0, s = 0.0, r = 0.0;
};
Rotation rotation(double y, double z) noexcept {
  Rotation g;
  g.r = pythag(y, z);
  if (g.r >= std::numeric_limits<double>::min()) {
    const double inv = 1.0 / g.r;  // one division instead of two (1 / r is finite here)
    g.c = y * inv;
    g.s = z * inv;
  } else if (g.r != 0.0) {
    g.c = y / g.r;
    g.s = z / g.r;
  }
  return g;
}

// d(l - 1) is negligible: rotate rows l - 1 and i = l..k so that row l - 1 loses its entry f(l) and
// the block splits there. Each rotation moves the entry one column to the right, shrunk by s.
void split_at_small_diagonal(VectorXd& d, VectorXd& f, Index l, Index k, double small) noexcept {
  double g = f(l);
  f(l) = 0.0;
  for (Index i = l; i <= k; ++i) {
    const Rotation rot = rotation(d(i), g);
    d(i) = rot.r;
    if (i == k) break;
    g = -rot.s * f(i + 1);
    f(i + 1) *= rot.c;
    if (std::abs(g) <= small) break;
  }
}

// The first row l <= k of the unreduced block that ends at row k: f(l) is negligible, or is made zero
// because d(l - 1) is. f(0) is zero, so the search always ends.
Index block_start(VectorXd& d, VectorXd& f, Index k, double small) noexcept {
  for (Index l = k;; --l) {
    if (std::abs(f(l)) <= small) return l;
    if (std::abs(d(l - 1)) <= small) {
      split_at_small_diagonal(d, f, l, k, small);
      return l;
    }
  }
}

// The eigenvalue of the trailing 2 x 2 of B^T B over rows l..k closer to its last diagonal entry
// (Wilkinson's shift), which makes f(k) converge to zero fast.
double wilkinson_shift(const VectorXd& d, const VectorXd& f, Index l, Index k) noexcept {
  const double above = k - 1 > l ? f(k - 1) : 0.0;
  const double t11 = d(k - 1) * d(k - 1) + above * above;
  const double t12 = d(k - 1) * f(k);
  const double t22 = d(k) * d(k) + f(k) * f(k);
  if (t12 == 0.0) return t22;
  const double half_gap = (t11 - t22) / 2;
  const double root = std::sqrt(half_gap * half_gap + t12 * t12);
  return t22 - t12 * t12 / (half_gap + std::copysign(root, half_gap));
}

// One implicit QR step on B^T B over rows l..k, done on B: a rotation of columns creates a bulge
// below the diagonal, a rotation of rows removes it and creates one above, and so on down the block.
void qr_sweep(VectorXd& d, VectorXd& f, Index l, Index k) noexcept {
  const double mu = wilkinson_shift(d, f, l, k);
  double y = d(l) * d(l) - mu;
  double z = d(l) * f(l + 1);
  for (Index i = l; i < k; ++i) {
    const Rotation right = rotation(y, z);  // columns i, i + 1
    if (i > l) f(i) = right.r;
    y = right.c * d(i) + right.s * f(i + 1);
    f(i + 1) = right.c * f(i + 1) - right.s * d(i);
    z = right.s * d(i + 1);
    d(i + 1) *= right.c;
    const Rotation left = rotation(y, z);  // rows i, i + 1
    d(i) = left.r;
    y = left.c * f(i + 1) + left.s * d(i + 1);
    d(i + 1) = left.c * d(i + 1) - left.s * f(i + 1);
    if (i + 1 < k) {
      z = left.s * f(i + 2);
      f(i + 2) *= left.c;
    }
  }
  f(k) = y;
}

}  // namespace

VectorXd bidiagonal_singular_values(VectorXd d, VectorXd e) {
  const Index n = d.size();
  if (n == 0) return d;
  VectorXd f = VectorXd::Zero(n);
  f.tail(n - 1) = e;
  // Entries below eps * ||B|| are rounding noise of the bidiagonalization: treated as zero.
  const double small = std::numeric_limits<double>::epsilon() * (d.cwiseAbs() + f.cwiseAbs()).maxCoeff();
  for (Index k = n - 1; k >= 0; --k) {
    for (int sweep = 0;; ++sweep) {
      const Index l = block_start(d, f, k, small);
      if (l == k) break;
      if (sweep == kMaxSweeps)
        throw std::runtime_error("bidiagonal singular values: no convergence after 75 QR sweeps");
      qr_sweep(d, f, l, k);
    }
  }
  d = d.cwiseAbs();
  std::sort(d.begin(), d.end(), std::greater<double>());
  return d;
}

}  // namespace mathlets::detail
