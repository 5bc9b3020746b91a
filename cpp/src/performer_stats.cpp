// Statistics of one Performer kernel estimate K_hat of SM = exp(q.k) (performer.md, R5, R8, R9 and
// section 2.9): closed-form relative means and variances (i.i.d. and orthogonal), Monte Carlo over
// the full pipeline or over the one projection that matters, and R15's cost model.
#include "mathlets/performer.hpp"

#include "mathlets/logsumexp.hpp"
#include "mathlets/performer_special.hpp"
#include "lowrank_checks.hpp"
#include "number_text.hpp"
#include "performer_detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// ||q + k||^2 and ||q - k||^2 above this make relative variances (about e^700 / m) overflow doubles.
constexpr double kMaxSquaredSpread = 700.0;
// Monte Carlo work (Gaussians and products per call) is capped so one call stays near a second.
constexpr double kMaxMonteCarloWork = 5e8;
constexpr std::size_t kKeptSamples = 4096;

void check_features(const char* routine, int d, int m) {
  detail::check_head_size(routine, d);
  detail::check_feature_count(routine, m);
}

void check_spread(const char* routine, const char* name, double squared) {
  if (!(squared <= kMaxSquaredSpread))
    throw std::out_of_range(std::string(routine) + ": " + name + " = " + number_text(squared) +
                            " is above 700: the estimator's relative variance (about e^" + number_text(squared) +
                            " / m) is beyond the double range");
}

// P = sum over blocks of k_b (k_b - 1): the number of correlated ordered pairs among m orthogonal rows.
double correlated_pairs(int d, int m) {
  const double full = m / d, rest = m % d;
  return full * d * (d - 1.0) + rest * (rest - 1.0);
}

void check_work(const char* routine, int trials, double per_trial) {
  const double work = trials * per_trial;
  if (work > kMaxMonteCarloWork)
    throw std::out_of_range(std::string(routine) + ": trials = " + std::to_string(trials) + " need about " +
                            number_text(work) + " operations, above the limit of " + number_text(kMaxMonteCarloWork) +
                            "; use fewer trials or features");
}

// R9: E K_hat / SM = exp(-||z||^2 / 2) mean_l 0F1(; d/2; R_l^2 ||z||^2 / 4), summed in logs.
double biased_relative_mean(double z2, int d, const VectorXd& norms) {
  std::vector<double> logs(norms.size());
  for (Eigen::Index l = 0; l < norms.size(); ++l) logs[l] = log_hyp0f1(0.5 * d, norms(l) * norms(l) * z2 / 4.0);
  return std::exp(logsumexp(logs) - std::log(static_cast<double>(norms.size())) - 0.5 * z2);
}

// Var K_hat / SM^2 = (m relVar_1 + P relCov) / m^2, evaluated as e^s (bracket) / m^2 with s the
// spread, so that neither factor overflows before the product is formed.
double relative_variance(double z2, double delta2, int d, int m, FeatureKind kind, bool orthogonal) {
  const double s = kind == FeatureKind::trig ? delta2 : z2;
  const double shrink = -std::expm1(-s);                                              // 1 - e^-s
  const double one = kind == FeatureKind::positive ? shrink : 0.5 * shrink * shrink;  // relVar_1 e^-s
  double cov = 0.0;                                                                   // relCov e^-s
  if (orthogonal && m > 1 && d > 1) {
    cov = kind == FeatureKind::trig ? hyp1f1_orthogonal_negative(d, 0.5 * delta2) - std::exp(-delta2)
                                    : (orthogonal_rho(d, 0.5 * z2) - 1.0) * std::exp(-z2);
  }
  const double bracket = std::max(0.0, m * one + correlated_pairs(d, m) * cov);
  return std::exp(s) * bracket / (static_cast<double>(m) * m);
}

// Welford's running mean and central moments up to the fourth (for the sample kurtosis).
struct Moments {
  double n = 0, mean = 0, m2 = 0, m3 = 0, m4 = 0;
  void add(double x) {
    const double n1 = n;
    n += 1.0;
    const double delta = x - mean, dn = delta / n, dn2 = dn * dn, term = delta * dn * n1;
    mean += dn;
    m4 += term * dn2 * (n * n - 3.0 * n + 3.0) + 6.0 * dn2 * m2 - 4.0 * dn * m3;
    m3 += term * dn * (n - 2.0) - 3.0 * dn * m2;
    m2 += term;
  }
  double variance() const { return n > 1 ? m2 / (n - 1.0) : kNaN; }
  double kurtosis() const { return n > 1 && m2 > 0 ? n * m4 / (m2 * m2) : kNaN; }
};

// The relative estimate K_hat / SM from projections s_l = omega_l . a_hat, with a = z (positive,
// hyperbolic; length sqrt(z2)) or a = Delta (trig; length sqrt(delta2)).
double relative_estimate(const VectorXd& s, double z2, double delta2, FeatureKind kind) {
  if (kind == FeatureKind::trig) {
    const double len = std::sqrt(delta2);
    return (len * s.array()).cos().mean() * std::exp(0.5 * delta2);
  }
  const double len = std::sqrt(z2);
  const Eigen::ArrayXd up = (len * s.array() - 0.5 * z2).exp();
  if (kind == FeatureKind::positive) return up.mean();
  return 0.5 * (up + (-len * s.array() - 0.5 * z2).exp()).mean();
}

double norm_of_fresh(int d, GaussianStream& stream) {
  double sum = 0.0;
  for (int j = 0; j < d; ++j) {
    const double g = stream.next();
    sum += g * g;
  }
  return std::sqrt(sum);
}

// One trial of the projection path: the law of (omega_l . a_hat)_l without drawing W (section 2.9).
VectorXd projection_trial(int d, int m, bool orthogonal, OmegaNorms norms, const VectorXd& rule,
                          GaussianStream& stream) {
  VectorXd s(m);
  if (!orthogonal && norms == OmegaNorms::chi) {
    for (int l = 0; l < m; ++l) s(l) = stream.next();
    return s;
  }
  VectorXd h(d);
  if (!orthogonal) {
    for (int l = 0; l < m; ++l) {
      for (int j = 0; j < d; ++j) h(j) = stream.next();
      s(l) = rule(l) * h(0) / h.norm();
    }
    return s;
  }
  for (int start = 0; start < m; start += d) {
    for (int j = 0; j < d; ++j) h(j) = stream.next();
    const double length = h.norm();
    for (int r = 0; r < d && start + r < m; ++r) {
      const double radius = norms == OmegaNorms::chi ? norm_of_fresh(d, stream) : rule(start + r);
      s(start + r) = radius * h(r) / length;
    }
  }
  return s;
}

// kernel_relative_moments with the fixed / quantile norms given (kernel_estimate_stats has them already).
RelativeMoments relative_moments(const char* routine, double z2, double delta2, int d, int m, FeatureKind kind,
                                 bool orthogonal, OmegaNorms norms, const VectorXd& rule) {
  check_features(routine, d, m);
  check_spread(routine, "||q + k||^2", z2);
  check_spread(routine, "||q - k||^2", delta2);
  if (!(z2 >= 0.0) || !(delta2 >= 0.0)) throw std::out_of_range(std::string(routine) + ": squared norms must be >= 0");
  if (norms == OmegaNorms::chi) return {1.0, relative_variance(z2, delta2, d, m, kind, orthogonal), true};
  if (kind == FeatureKind::trig) return {kNaN, kNaN, false};
  return {biased_relative_mean(z2, d, rule), kNaN, false};
}

}  // namespace

RelativeMoments kernel_relative_moments(double z2, double delta2, int d, int m, FeatureKind kind, bool orthogonal,
                                        OmegaNorms norms) {
  const char* routine = "kernel_relative_moments";
  check_features(routine, d, m);
  const VectorXd rule = norms == OmegaNorms::chi ? VectorXd() : detail::rule_norms(norms, d, m);
  return relative_moments(routine, z2, delta2, d, m, kind, orthogonal, norms, rule);
}

std::vector<double> kernel_relative_variance(const std::vector<double>& r, int d, int m, FeatureKind kind,
                                             bool orthogonal) {
  const char* routine = "kernel_relative_variance";
  check_features(routine, d, m);
  std::vector<double> out(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (!(r[i] >= 0.0) || !std::isfinite(r[i]))
      throw std::out_of_range(std::string(routine) + ": r[" + std::to_string(i) + "] = " + number_text(r[i]) +
                              " must be finite and >= 0");
    const double squared = r[i] * r[i];
    check_spread(routine, "r^2", squared);
    out[i] = relative_variance(squared, squared, d, m, kind, orthogonal);
  }
  return out;
}

KernelStats kernel_estimate_stats(const VectorXd& q, const VectorXd& k, int m, const KernelStatsOptions& o) {
  const char* routine = "kernel_estimate_stats";
  detail::require_finite(routine, "q", q);
  detail::require_finite(routine, "k", k);
  if (q.size() != k.size())
    throw std::invalid_argument(std::string(routine) + ": q has " + std::to_string(q.size()) + " entries and k " +
                                std::to_string(k.size()) + "; they must have the same length d");
  const int d = static_cast<int>(q.size());
  check_features(routine, d, m);
  if (o.trials < 1 || o.trials > 10'000'000)
    throw std::out_of_range(std::string(routine) + ": trials = " + std::to_string(o.trials) +
                            " must be in [1, 10000000]");
  const bool full_orthogonal = o.path == StatsPath::full && o.orthogonal;
  check_work(routine, o.trials, static_cast<double>(m) * d * (full_orthogonal ? 4.0 * d : 2.0));

  KernelStats st;
  const VectorXd z = q + k, delta = q - k;
  st.log_sm = q.dot(k);
  st.z2 = z.squaredNorm();
  st.delta2 = delta.squaredNorm();
  if (!(std::fabs(st.log_sm) <= 350.0))
    throw std::out_of_range(std::string(routine) + ": q.k = " + number_text(st.log_sm) +
                            " must be in [-350, 350] (SM^2 = e^(2 q.k) must be a double)");
  const VectorXd rule = o.norms == OmegaNorms::chi ? VectorXd() : detail::rule_norms(o.norms, d, m);
  const RelativeMoments cf =
      relative_moments("kernel_relative_moments", st.z2, st.delta2, d, m, o.kind, o.orthogonal, o.norms, rule);
  st.sm = std::exp(st.log_sm);
  st.cf_available = cf.available;
  st.cf_mean = cf.mean * st.sm;
  st.cf_relvar = cf.variance;
  st.cf_var = cf.variance * st.sm * st.sm;
  if (cf.available && !std::isfinite(st.cf_var))
    throw std::out_of_range(std::string(routine) + ": Var K_hat = e^(2 q.k) relVar is about e^" +
                            number_text(2 * st.log_sm + std::log(cf.variance)) +
                            ", beyond the double range; q and k are too large");

  GaussianStream stream(o.seed);
  const VectorXd z_hat = st.z2 > 0 ? VectorXd(z / std::sqrt(st.z2)) : VectorXd::Zero(d);
  const VectorXd delta_hat = st.delta2 > 0 ? VectorXd(delta / std::sqrt(st.delta2)) : VectorXd::Zero(d);
  Moments moments;
  double negative = 0;
  for (int t = 0; t < o.trials; ++t) {
    double relative;
    if (o.path == StatsPath::full) {
      const Eigen::MatrixXd w = draw_omegas(d, m, o.orthogonal, o.norms, stream);
      relative = relative_estimate(w * (o.kind == FeatureKind::trig ? delta_hat : z_hat), st.z2, st.delta2, o.kind);
    } else {
      relative =
          relative_estimate(projection_trial(d, m, o.orthogonal, o.norms, rule, stream), st.z2, st.delta2, o.kind);
    }
    moments.add(relative * st.sm);
    negative += relative < 0.0;
    if (st.relative.size() < kKeptSamples) st.relative.push_back(relative);
  }
  st.mc_mean = moments.mean;
  st.mc_var = moments.variance();
  st.mc_kurtosis = moments.kurtosis();
  st.mc_neg_fraction = negative / o.trials;
  return st;
}

AttentionCost attention_cost(double n_q, double n_k, double d, double d_v, double m, FeatureKind kind) {
  for (const double v : {n_q, n_k, d, d_v, m})
    if (!(v >= 0.0) || !std::isfinite(v))
      throw std::out_of_range("attention_cost: sizes must be finite and >= 0 (got " + number_text(v) + ")");
  const double features = kind == FeatureKind::positive ? m : 2.0 * m, tokens = n_q + n_k;
  AttentionCost c;
  c.softmax_flops = 2.0 * n_q * n_k * (d + d_v);
  c.softmax_exps = n_q * n_k;
  c.performer_flops = 2.0 * features * tokens * d + 2.0 * features * tokens * d_v + 2.0 * features * tokens;
  c.performer_exps = features * tokens;
  c.softmax_memory = n_q * n_k;
  c.performer_memory = features * tokens + features * d_v;
  return c;
}

}  // namespace mathlets
