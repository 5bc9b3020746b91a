// Internal to the grad_clip*.cpp files: the scaled norm representation, its kernels, and the seeded
// generator. Not a public header.
#pragma once

#include "number_text.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace mathlets::clip_detail {

// norm = 2^exp * sqrt(q), with flags for non-finite entries. Associative merge, so tensors reduce in any order.
struct NormParts {
  int exp = 0;
  double q = 0;
  bool nan = false;
  bool inf = false;
};

NormParts norm_parts(std::span<const float> g);
NormParts norm_parts(std::span<const double> g);
NormParts merge(NormParts a, NormParts b);
// The norm as a double (+inf above DBL_MAX; NaN / +inf for non-finite entries).
double value(const NormParts& p);
// max_norm / norm without overflow (norm > 0 and finite parts).
double ratio(double max_norm, const NormParts& p);

// g <- T(double(g) * c), rounded once per entry (SIMD kernel, grad_clip_scale_kernel.cpp).
void scale_by(std::span<float> g, double c);
void scale_by(std::span<double> g, double c);

// Pairwise sum of |v_i| (error O(log N eps)).
double pairwise_abs_sum(const double* v, std::size_t n);

// Throws std::invalid_argument unless v >= 0 and not NaN.
void check_threshold(const char* routine, const char* name, double v);

// SplitMix64 (cr-approximation.md section 2.2) with Box-Muller normals.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u = 1.0 - uniform(), v = uniform();  // u in (0, 1]: log(u) finite
    const double r = std::sqrt(-2.0 * std::log(u)), a = 6.283185307179586 * v;
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  std::uint64_t state_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace mathlets::clip_detail
