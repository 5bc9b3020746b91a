// The three threshold functions f of ThreTopK with f', f'', the antiderivative phi and f^-1, each evaluated
// in the form that never overflows (exp only of non-positive arguments).
#include <cmath>
#include <stdexcept>
#include <string>

#include "mathlets/smooth_topk.hpp"

namespace mathlets {

double threshold_f(ThresholdFn f, double u) {
  if (std::isnan(u)) return u;  // NaN propagates (fmin and the branch tests would drop it)
  switch (f) {
    case ThresholdFn::exp_clamped:
      return std::exp(std::fmin(u, 0.0));  // never min(1, exp(u)): that overflows for large u
    case ThresholdFn::sigmoid:
      if (u >= 0) return 1.0 / (1.0 + std::exp(-u));
      else {
        const double e = std::exp(u);
        return e / (1.0 + e);
      }
    case ThresholdFn::piecewise_exp: return u >= 0 ? 1.0 - 0.5 * std::exp(-u) : 0.5 * std::exp(u);
  }
  return std::nan("");
}

double threshold_df(ThresholdFn f, double u) {
  if (std::isnan(u)) return u;
  switch (f) {
    case ThresholdFn::exp_clamped: return u < 0 ? std::exp(u) : 0.0;
    case ThresholdFn::sigmoid: {
      const double e = std::exp(-std::fabs(u));  // sigma(u) sigma(-u), not sigma (1 - sigma)
      return e / ((1.0 + e) * (1.0 + e));
    }
    case ThresholdFn::piecewise_exp: return 0.5 * std::exp(-std::fabs(u));
  }
  return std::nan("");
}

double threshold_d2f(ThresholdFn f, double u) {
  if (std::isnan(u)) return u;
  switch (f) {
    case ThresholdFn::exp_clamped: return u < 0 ? std::exp(u) : 0.0;
    case ThresholdFn::sigmoid: {
      const double e = std::exp(-std::fabs(u));
      const double d = e / ((1.0 + e) * (1.0 + e));  // sigma'(u)
      const double gap = (1.0 - e) / (1.0 + e);      // |1 - 2 sigma(u)|
      return u >= 0 ? -d * gap : d * gap;
    }
    case ThresholdFn::piecewise_exp: return u < 0 ? 0.5 * std::exp(u) : -0.5 * std::exp(-u);
  }
  return std::nan("");
}

double threshold_phi(ThresholdFn f, double u) {
  if (std::isnan(u)) return u;
  switch (f) {
    case ThresholdFn::exp_clamped: return u <= 0 ? std::exp(u) : u + 1.0;
    case ThresholdFn::sigmoid:  // softplus
      return std::fmax(u, 0.0) + std::log1p(std::exp(-std::fabs(u)));
    case ThresholdFn::piecewise_exp: return u < 0 ? 0.5 * std::exp(u) : u + 0.5 * std::exp(-u);
  }
  return std::nan("");
}

double threshold_finv(ThresholdFn f, double q) {
  if (!(q > 0 && q < 1)) throw std::out_of_range("threshold_finv: q = " + std::to_string(q) + " must lie in (0, 1)");
  switch (f) {
    case ThresholdFn::exp_clamped: return std::log(q);
    case ThresholdFn::sigmoid: return std::log(q) - std::log1p(-q);
    case ThresholdFn::piecewise_exp: return q < 0.5 ? std::log(2 * q) : -std::log(2 * (1 - q));
  }
  return std::nan("");
}

}  // namespace mathlets
