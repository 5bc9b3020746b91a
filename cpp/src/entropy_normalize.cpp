// Entropy normalization (section 2.7): the exponent gamma with H(p^gamma / sum p^gamma) = H*, found by
// safeguarded Newton on the gaps delta_j = z_max - z_j (every weight exp(-gamma delta) is in [0, 1], so
// nothing overflows), and the article's raw loop on the probabilities, kept for the side-by-side demo.
#include "entropy_detail.hpp"
#include "mathlets/entropy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// p_j proportional to exp(-gamma delta_j) over the visible entries (gamma = +inf: the tied maxima only).
std::vector<double> weights(std::span<const double> z, double max, double gamma) {
  std::vector<double> p(z.size(), 0.0);
  double sum = 0;
  for (std::size_t j = 0; j < z.size(); ++j) {
    if (!(z[j] > -kInf)) continue;
    const double delta = max - z[j];
    p[j] = gamma == kInf ? (delta == 0.0 ? 1.0 : 0.0) : gamma == 0.0 ? 1.0 : std::exp(-gamma * delta);
    sum += p[j];
  }
  for (double& v : p) v /= sum;
  return p;
}

EntropyNormalization normalize(std::span<const double> z, double target, const char* fn, const char* name) {
  detail::check_finite_number(fn, "target", target);
  if (z.empty()) throw std::invalid_argument(std::string(fn) + ": " + name + " is empty");
  for (std::size_t j = 0; j < z.size(); ++j)
    if (std::isnan(z[j]) || z[j] == kInf)
      throw std::invalid_argument(std::string(fn) + ": " + name + "[" + std::to_string(j) + "] is not finite (" +
                                  number_text(z[j]) + ")");
  // The solver works on z 2^-e with |z| 2^-e < 2 and on gamma' = gamma 2^e (exact powers of two): gaps
  // stay below 4, so none overflows (1e308 - (-1e308)), and a root near 1e-308 is a gamma' near 1.
  double top = 0;
  for (const double v : z)
    if (v > -kInf) top = std::max(top, std::fabs(v));
  const int e = top > 0 ? std::ilogb(top) : 0;
  const double unit = std::ldexp(1.0, e);
  std::vector<double> scaled(z.begin(), z.end());
  for (double& v : scaled) v = std::ldexp(v, -e);
  const detail::Gaps g = detail::gaps_of(scaled);
  if (!(g.max > -kInf))
    throw std::invalid_argument(std::string(fn) + ": " + name + " has no entry with positive weight");
  const double support = static_cast<double>(g.deltas.size()) + 1.0;
  double ties = 1;
  for (const double d : g.deltas) ties += d == 0.0 ? 1 : 0;

  EntropyNormalization r;
  if (ties == support) {
    r.status = NormalizeStatus::constant;
    r.gamma = 1;
  } else if (target >= std::log(support)) {
    r.status = target == std::log(support) ? NormalizeStatus::ok : NormalizeStatus::target_above_max;
    r.gamma = 0;
  } else if (target <= std::log(ties)) {
    r.status = NormalizeStatus::target_below_min;
    r.gamma = kInf;
  } else {
    const double tol = 1e-14 * std::max(1.0, target);
    double lo = 0, hi = unit;
    while (detail::gap_moments(g.deltas, hi, false).entropy > target) {
      lo = hi;
      hi *= 2;
      if (!(hi / unit <= 1e300))
        throw std::runtime_error(std::string(fn) + ": no bracket for gamma below 1e300 (target " + number_text(target) +
                                 " lies too close to log r, the entropy of the tied maxima)");
    }
    double gamma = lo < unit && unit < hi ? unit : hi;  // the article's start, gamma = 1
    // Without a lower end the fallback shrinks hi by factors 2, 4, 16, 256, ...: a root far below 1 is
    // bracketed in about ten steps instead of a thousand halvings.
    double shrink = 0.5;
    for (r.iterations = 1; r.iterations <= 100; ++r.iterations) {
      const detail::GapMoments m = detail::gap_moments(g.deltas, gamma);
      const double f = m.entropy - target;
      if (f > 0) lo = gamma;
      else hi = gamma;
      if (std::fabs(f) <= tol || hi - lo <= 2e-16 * hi) break;
      double next = gamma + f / (gamma * m.variance);
      if (!(next > lo && next < hi) || m.variance == 0) {
        if (lo > 0) {
          next = std::sqrt(lo) * std::sqrt(hi);
        } else {
          next = std::max(hi * shrink, std::numeric_limits<double>::denorm_min());
          shrink *= shrink;
        }
      }
      gamma = next;
    }
    r.iterations = std::min(r.iterations, 100);
    r.gamma = gamma;
  }
  r.p = weights(scaled, g.max, r.gamma);
  if (r.gamma == kInf) r.entropy = std::log(ties);
  else r.entropy = detail::gap_moments(g.deltas, r.gamma, false).entropy;
  if (r.status == NormalizeStatus::ok) r.gamma = std::ldexp(r.gamma, -e);
  return r;
}

}  // namespace

EntropyNormalization entropy_normalize_logits(std::span<const double> z, double target) {
  return normalize(z, target, "entropy_normalize", "logits");
}

EntropyNormalization entropy_normalize_probs(std::span<const double> p, double target) {
  std::vector<double> z(p.size());
  for (std::size_t j = 0; j < p.size(); ++j) {
    if (std::isnan(p[j]) || p[j] == kInf)
      throw std::invalid_argument("entropy_normalize: probs[" + std::to_string(j) + "] is not finite (" +
                                  number_text(p[j]) + ")");
    if (p[j] < 0)
      throw std::invalid_argument("entropy_normalize: probs[" + std::to_string(j) + "] = " + number_text(p[j]) +
                                  " is negative");
    z[j] = std::log(p[j]);  // 0 -> -inf: a zero stays zero
  }
  return normalize(z, target, "entropy_normalize", "probs");
}

ArticleIteration article_iteration(std::span<const double> p0, double target, int iters) {
  const char* fn = "article_iteration";
  detail::check_finite_number(fn, "target", target);
  detail::check_range(fn, "iters", iters, 1, 1000, "in [1, 1000]");
  if (p0.empty()) throw std::invalid_argument("article_iteration: p is empty");
  double sum = 0;
  for (std::size_t j = 0; j < p0.size(); ++j) {
    if (!std::isfinite(p0[j]) || p0[j] < 0)
      throw std::invalid_argument("article_iteration: p[" + std::to_string(j) + "] = " + number_text(p0[j]) +
                                  " must be finite and >= 0");
    sum += p0[j];
  }
  if (!(sum > 0) || !std::isfinite(sum))
    throw std::invalid_argument("article_iteration: p must have a finite, positive sum (got " + number_text(sum) + ")");
  ArticleIteration r;
  r.p.assign(p0.begin(), p0.end());
  for (double& v : r.p) v /= sum;
  const auto entropy = [](const std::vector<double>& p) {  // as the article writes it: 0 log 0 is NaN
    double h = 0;
    for (const double v : p) h -= v * std::log(v);
    return h;
  };
  double cumulative = 1;
  for (int t = 0; t < iters; ++t) {
    const double h = entropy(r.p);
    double second = 0;
    for (const double v : r.p) second += v * std::log(v) * std::log(v);
    const double gamma = 1 + (target - h) / (h * h - second);
    double total = 0;
    for (double& v : r.p) {
      v = std::pow(v, gamma);
      r.overflow = r.overflow || v == kInf;
      total += v;
    }
    r.overflow = r.overflow || total == kInf;
    for (double& v : r.p) v /= total;
    cumulative *= gamma;
    r.reversed = r.reversed || cumulative < 0;
    const double after = entropy(r.p);
    r.steps.push_back({gamma, cumulative, after});
    bool finite = std::isfinite(after);
    for (const double v : r.p) finite = finite && std::isfinite(v);
    r.nan = r.nan || std::isnan(gamma) || std::isnan(after) || std::isnan(total);
    for (const double v : r.p) r.nan = r.nan || std::isnan(v);
    if (!finite) break;
  }
  return r;
}

}  // namespace mathlets
