// The stable row entropy from gaps (section 2.2), its parts, the naive forms it replaces, the slope
// in the scale, and the summary statistics the sweeps report.
#include "entropy_detail.hpp"
#include "mathlets/entropy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace detail {

GapMoments gap_moments(std::span<const double> deltas, double gamma, bool variance) {
  GapMoments g;
  if (gamma == 0.0) {  // uniform: the gaps may be +inf, which must not meet the weight 0 * inf
    const double n = static_cast<double>(deltas.size()) + 1.0;
    g.s_prime = n - 1.0;
    g.entropy = std::log(n);
    double sum = 0;
    for (const double d : deltas) sum += d;
    g.mean_gap = sum / n;
    double var = g.mean_gap * g.mean_gap;
    for (const double d : deltas) var += (d - g.mean_gap) * (d - g.mean_gap);
    g.variance = var / n;
    return g;
  }
  double s = 0, t = 0;
  for (const double d : deltas) {
    const double w = std::exp(-gamma * d);
    if (w == 0.0) continue;  // skipping keeps 0 * inf out
    s += w;
    t += w * d;
  }
  const double total = 1.0 + s;
  g.s_prime = s;
  g.mean_gap = t / total;
  g.entropy = std::log1p(s) + gamma * g.mean_gap;
  if (!variance) return g;
  double var = g.mean_gap * g.mean_gap;  // the maximum itself, delta = 0
  for (const double d : deltas) {
    const double w = std::exp(-gamma * d);
    if (w != 0.0) var += w * (d - g.mean_gap) * (d - g.mean_gap);
  }
  g.variance = var / total;
  return g;
}

Gaps gaps_of(std::span<const double> z) {
  Gaps g;
  g.max = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < z.size(); ++j)
    if (z[j] > g.max) {
      g.max = z[j];
      g.argmax = j;
    }
  g.deltas.reserve(z.size());
  for (std::size_t j = 0; j < z.size(); ++j)
    if (j != g.argmax && z[j] > -std::numeric_limits<double>::infinity()) g.deltas.push_back(g.max - z[j]);
  return g;
}

namespace {
// Type 7: h = (R - 1) q on the sorted values, linear interpolation.
double quantile_sorted(const std::vector<double>& v, double q) {
  const double h = (static_cast<double>(v.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
}  // namespace

Summary summarize(std::vector<double> v) {
  Summary s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (const double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  double ss = 0;
  for (const double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : NAN;
  s.min = v.front();
  s.max = v.back();
  s.q05 = quantile_sorted(v, 0.05);
  s.q25 = quantile_sorted(v, 0.25);
  s.q50 = quantile_sorted(v, 0.5);
  s.q75 = quantile_sorted(v, 0.75);
  s.q95 = quantile_sorted(v, 0.95);
  return s;
}

double median(std::vector<double> v) { return summarize(std::move(v)).q50; }

}  // namespace detail

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// NaN -> NaN parts; +inf entries -> uniform over them; otherwise the gap form.
RowEntropy parts_of(std::span<const double> z, const char* routine) {
  if (z.empty()) throw std::invalid_argument(std::string(routine) + ": z is empty");
  RowEntropy r;
  std::size_t plus_inf = 0;
  for (const double v : z) {
    if (std::isnan(v)) {
      r.entropy = r.log_s = r.gap_mean = r.max_weight = NAN;
      r.visible = NAN;
      return r;
    }
    if (v > -kInf) r.visible += 1;
    if (v == kInf) ++plus_inf;
  }
  if (r.visible == 0) throw std::invalid_argument(std::string(routine) + ": every entry of z is -inf (no visible key)");
  if (plus_inf > 0) {
    r.entropy = r.log_s = std::log(static_cast<double>(plus_inf));
    r.max_weight = 1.0 / static_cast<double>(plus_inf);
    return r;
  }
  const detail::Gaps g = detail::gaps_of(z);
  const detail::GapMoments m = detail::gap_moments(g.deltas, 1.0, false);
  r.log_s = std::log1p(m.s_prime);
  r.gap_mean = m.mean_gap;
  r.entropy = r.log_s + r.gap_mean;
  r.max_weight = 1.0 / (1.0 + m.s_prime);
  return r;
}

}  // namespace

double row_entropy(std::span<const double> z) { return parts_of(z, "row_entropy").entropy; }

RowEntropy row_entropy_parts(std::span<const double> z) { return parts_of(z, "row_entropy_parts"); }

double naive_row_entropy(std::span<const double> z, NaiveEntropy form) {
  if (z.empty()) throw std::invalid_argument("naive_row_entropy: z is empty");
  if (form == NaiveEntropy::p_log_p) {  // p = e^z / sum e^z, unshifted: overflows and underflows as written
    double sum = 0;
    for (const double v : z) sum += std::exp(v);
    double h = 0;
    for (const double v : z) {
      const double p = std::exp(v) / sum;
      h -= p * std::log(p);
    }
    return h;
  }
  // lse(z) - sum a_j z_j with the textbook max-shifted lse (log, not log1p).
  double m = -kInf;
  for (const double v : z) m = std::max(m, v);
  double sum = 0;
  for (const double v : z) sum += std::exp(v - m);
  const double lse = m + std::log(sum);
  double mean = 0;
  for (const double v : z) mean += std::exp(v - lse) * v;
  return lse - mean;
}

double entropy_scale_slope(std::span<const double> s, double lambda) {
  const char* fn = "entropy_scale_slope";
  detail::check_range(fn, "lambda", lambda, 0.0, std::numeric_limits<double>::max(), "finite and >= 0");
  if (s.empty()) throw std::invalid_argument("entropy_scale_slope: s is empty");
  bool visible = false;
  for (std::size_t j = 0; j < s.size(); ++j) {
    if (std::isnan(s[j]) || s[j] == kInf)
      throw std::invalid_argument("entropy_scale_slope: s[" + std::to_string(j) + "] is " + number_text(s[j]) +
                                  " (scores must be finite or -inf)");
    visible = visible || s[j] > -kInf;
  }
  if (!visible) throw std::invalid_argument("entropy_scale_slope: every entry of s is -inf (no visible key)");
  const detail::Gaps g = detail::gaps_of(s);
  return -lambda * detail::gap_moments(g.deltas, lambda).variance;
}

}  // namespace mathlets
