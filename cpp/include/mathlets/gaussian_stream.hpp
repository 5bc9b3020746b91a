// Standard normal draws from SplitMix64 by Box-Muller (../shared/math/performer.md, section 2.1):
// two consecutive uniforms U1, U2 give r = sqrt(-2 ln(1 - U1)) (1 - U1 is in (0, 1], so the log is
// finite); r cos(2 pi U2) is returned first and r sin(2 pi U2) kept as the spare for the next call.
// The spare belongs to the stream, so consecutive uses (Monte Carlo trials) continue one sequence.
// log, cos and sin come from the platform's libm: native and wasm draws agree to about 1e-15
// relative, not bit for bit.
#pragma once

#include "mathlets/splitmix64.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>

namespace mathlets {

class GaussianStream {
 public:
  explicit GaussianStream(std::uint64_t seed) noexcept : rng_(seed) {}

  double next() noexcept {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = 1.0 - rng_.uniform();
    const double u2 = rng_.uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    spare_ = r * std::sin(angle);
    has_spare_ = true;
    return r * std::cos(angle);
  }

 private:
  SplitMix64 rng_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace mathlets
