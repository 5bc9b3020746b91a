// CR approximation of a matrix product (../shared/math/cr-approximation.md). Pseudo-inverses and
// singular values come from pinv.hpp, so this TU instantiates no SVD of its own.
#include "mathlets/cr.hpp"

#include "lowrank_checks.hpp"
#include "lowrank_ranking.hpp"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEnumerationCap = 1e6;

void check_factors(const char* routine, const MatrixXd& x, const MatrixXd& y) {
  detail::require_finite(routine, "X", x);
  detail::require_finite(routine, "Y", y);
  if (x.cols() != y.rows())
    throw std::invalid_argument(std::string(routine) + ": X is " + detail::shape(x) + " and Y is " + detail::shape(y) +
                                ", but X must have as many columns as Y has rows");
  if (x.cols() == 0)
    throw std::invalid_argument(std::string(routine) + ": X is " + detail::shape(x) + " and Y is " + detail::shape(y) +
                                ", but the inner dimension l must be >= 1");
}

void check_probabilities(const char* routine, const VectorXd& p, Index l) {
  if (p.size() != l)
    throw std::invalid_argument(std::string(routine) + ": p has " + std::to_string(p.size()) +
                                " entries but there are l = " + std::to_string(l) + " terms");
  detail::require_finite(routine, "p", p);
  if ((p.array() < 0.0).any()) throw std::invalid_argument(std::string(routine) + ": p has a negative entry");
  if (std::abs(p.sum() - 1.0) > 1e-9)
    throw std::invalid_argument(std::string(routine) + ": p sums to " + std::to_string(p.sum()) +
                                ", not to 1 (within 1e-9)");
}

void check_count(const char* routine, const char* name, int r, Index max = -1, const char* why = "") {
  if (r < 0 || (max >= 0 && r > max))
    throw std::out_of_range(std::string(routine) + ": " + name + " = " + std::to_string(r) + " is out of range" +
                            (max >= 0 ? " [0, " + std::to_string(max) + "]" : " (must be >= 0)") + why);
}

// Distinct, in range; returned ascending.
std::vector<int> check_selection(const char* routine, std::vector<int> kept, Index l) {
  for (int i : kept)
    if (i < 0 || i >= l)
      throw std::out_of_range(std::string(routine) + ": index " + std::to_string(i) +
                              " is out of range for l = " + std::to_string(l) + " terms");
  std::sort(kept.begin(), kept.end());
  if (std::adjacent_find(kept.begin(), kept.end()) != kept.end())
    throw std::invalid_argument(std::string(routine) + ": the selection repeats an index");
  return kept;
}

// Column norms without overflow: norm() squares, so entries above ~1e154 gave inf weights (and inf * 0 =
// NaN). stableNorm() reads the first entry, so empty columns (0 rows) are handled apart: their norm is 0.
VectorXd column_norms(const MatrixXd& m) {
  return m.rows() ? VectorXd(m.colwise().stableNorm().transpose()) : VectorXd(VectorXd::Zero(m.cols()));
}

// ||x_i||^2 ||y_i||^2 from squared norms (the tie-robust ranking key of section 2.5).
VectorXd squared_weights(const MatrixXd& x, const MatrixXd& y) {
  return x.colwise().squaredNorm().transpose().cwiseProduct(y.rowwise().squaredNorm());
}

CrEstimate make_estimate(const MatrixXd& x, const MatrixXd& y, const MatrixXd& product, std::vector<int> draws,
                         std::vector<int> indices, VectorXd weights) {
  CrEstimate e;
  e.c = x(Eigen::all, indices) * weights.asDiagonal();
  e.r_factor = y(indices, Eigen::all);
  e.approx = e.c * e.r_factor;
  if (indices.empty()) e.approx.setZero(x.rows(), y.cols());
  e.error = (e.approx - product).squaredNorm();
  e.draws = std::move(draws);
  e.indices = std::move(indices);
  e.weights = std::move(weights);
  return e;
}

// Draws with multiplicity -> distinct ascending indices with weights count / (r p_i).
CrEstimate estimate_from_draws(const MatrixXd& x, const MatrixXd& y, const MatrixXd& product, const VectorXd& p,
                               std::vector<int> draws) {
  std::vector<int> counts(p.size(), 0);
  for (int s : draws) ++counts[s];
  std::vector<int> indices;
  for (int i = 0; i < int(p.size()); ++i)
    if (counts[i] > 0) indices.push_back(i);
  VectorXd weights(indices.size());
  const double r = double(draws.size());
  for (std::size_t j = 0; j < indices.size(); ++j) weights(Index(j)) = counts[indices[j]] / (r * p(indices[j]));
  return make_estimate(x, y, product, std::move(draws), std::move(indices), std::move(weights));
}

std::vector<int> draw_with_replacement(const std::vector<double>& cumulative, int r, SplitMix64& rng) {
  std::vector<int> draws(r);
  for (int& s : draws) s = int(draw_categorical(rng, cumulative));
  return draws;
}

std::vector<double> to_std(const VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

// Keep-all estimate (weights 1), the deterministic rules' answer for r >= l.
std::vector<int> all_indices(Index l) {
  std::vector<int> v(l);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

CrEstimate keep_with_unit_weights(const MatrixXd& x, const MatrixXd& y, std::vector<int> order) {
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  const VectorXd ones = VectorXd::Ones(Index(sorted.size()));
  return make_estimate(x, y, x * y, std::move(order), std::move(sorted), ones);
}

void check_enumeration(const char* routine, int n, int k) {
  const double count = detail::binomial(n, k);
  if (count > kEnumerationCap)
    throw std::invalid_argument(std::string(routine) + ": enumerating C(" + std::to_string(n) + ", " +
                                std::to_string(k) + ") = " + std::to_string(count) + " subsets exceeds the cap 1e6");
}

}  // namespace

VectorXd cr_term_weights(const MatrixXd& x, const MatrixXd& y) {
  check_factors("cr_term_weights", x, y);
  return column_norms(x).cwiseProduct(column_norms(y.transpose()));
}

CrProbabilities cr_probabilities(const MatrixXd& x, const MatrixXd& y, CrSampling kind) {
  check_factors("cr_probabilities", x, y);
  const Index l = x.cols();
  const VectorXd w = column_norms(x).cwiseProduct(column_norms(y.transpose()));
  CrProbabilities out;
  out.trivial = w.sum() == 0.0;
  VectorXd score;
  switch (kind) {
    case CrSampling::optimal: score = w; break;
    case CrSampling::uniform: score = VectorXd::Ones(l); break;
    case CrSampling::column_norm: score = x.colwise().norm().transpose(); break;
    case CrSampling::squared: score = squared_weights(x, y); break;
  }
  // All-zero scores (every term zero, or every x_i zero): fall back to uniform, as section 2.1 says.
  const double total = score.sum();
  out.p = total > 0.0 ? VectorXd(score / total) : VectorXd(VectorXd::Constant(l, 1.0 / double(l)));
  return out;
}

double cr_expected_error(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r) {
  check_factors("cr_expected_error", x, y);
  check_probabilities("cr_expected_error", p, x.cols());
  check_count("cr_expected_error", "r", r);
  const double target = (x * y).squaredNorm();
  if (r == 0) return target;
  const VectorXd w2 = squared_weights(x, y);
  double sum = 0.0;
  for (Index i = 0; i < p.size(); ++i) {
    if (p(i) > 0.0) sum += w2(i) / p(i);
    else if (w2(i) > 0.0) return kInf;
  }
  return std::max(sum - target, 0.0) / r;
}

MatrixXd cr_entry_variance(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r) {
  check_factors("cr_entry_variance", x, y);
  check_probabilities("cr_entry_variance", p, x.cols());
  if (r < 1) throw std::out_of_range("cr_entry_variance: r = " + std::to_string(r) + " is out of range (must be >= 1)");
  // XY is empty: nothing to estimate (and col(i) of a 0-row X offsets a null pointer).
  if (x.rows() == 0 || y.cols() == 0) return MatrixXd::Zero(x.rows(), y.cols());
  const MatrixXd xs = x.cwiseAbs2(), ys = y.cwiseAbs2();
  MatrixXd second = MatrixXd::Zero(x.rows(), y.cols());
  for (Index i = 0; i < p.size(); ++i) {
    const MatrixXd term = xs.col(i) * ys.row(i);
    if (p(i) > 0.0) second += term / p(i);
    else second = (term.array() > 0.0).select(kInf, second);  // never drawn: no unbiased estimate there
  }
  return ((second - (x * y).cwiseAbs2()).cwiseMax(0.0)) / r;
}

CrEstimate cr_sample(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r, SplitMix64& stream) {
  check_factors("cr_sample", x, y);
  check_probabilities("cr_sample", p, x.cols());
  check_count("cr_sample", "r", r);
  const std::vector<double> cumulative = cumulative_weights(to_std(p));
  return estimate_from_draws(x, y, x * y, p, draw_with_replacement(cumulative, r, stream));
}

CrEstimate cr_sample(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r, std::uint64_t seed) {
  SplitMix64 stream(seed);
  return cr_sample(x, y, p, r, stream);
}

CrMonteCarlo cr_monte_carlo(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r, int count,
                            std::uint64_t seed) {
  check_factors("cr_monte_carlo", x, y);
  check_probabilities("cr_monte_carlo", p, x.cols());
  check_count("cr_monte_carlo", "r", r);
  check_count("cr_monte_carlo", "count", count);
  const std::vector<double> cumulative = cumulative_weights(to_std(p));
  const MatrixXd product = x * y;
  SplitMix64 stream(seed);
  CrMonteCarlo mc;
  mc.mean = MatrixXd::Zero(x.rows(), y.cols());
  double total = 0.0;
  for (int t = 0; t < count; ++t) {
    const CrEstimate e = estimate_from_draws(x, y, product, p, draw_with_replacement(cumulative, r, stream));
    mc.mean += e.approx;
    mc.errors.push_back(e.error);
    total += e.error;
  }
  if (count > 0) {
    mc.mean /= count;
    mc.mean_error = total / count;
  }
  return mc;
}

VectorXd cr_poisson_inclusion(const VectorXd& p, int r) {
  detail::require_finite("cr_poisson_inclusion", "p", p);
  if ((p.array() < 0.0).any()) throw std::invalid_argument("cr_poisson_inclusion: p has a negative entry");
  const Index support = (p.array() > 0.0).count();
  check_count("cr_poisson_inclusion", "r", r, support, " (at most the number of indices with p_i > 0)");
  // Water-filling: the t largest p are capped at 1, the rest scale by c = (r - t) / (their sum);
  // increase t until the largest uncapped value satisfies c p <= 1.
  std::vector<int> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p(a) > p(b); });
  VectorXd pi = VectorXd::Zero(p.size());
  if (r == 0) return pi;
  // Uncapped mass as suffix sums over the sorted p, from the small end: p.sum() minus the capped p cancelled
  // when those were close to 1 (p = (1 - 3.3e-15, 3.3e-15), r = 2 gave pi summing to 1.997).
  std::vector<double> rest(p.size() + 1, 0.0);
  for (Index j = p.size(); j-- > 0;) rest[j] = rest[j + 1] + p(order[j]);
  int capped = 0;
  while (capped < r && p(order[capped]) * (r - capped) > rest[capped]) ++capped;
  // (r - t) (p_j / rest), not c = (r - t) / rest times p_j: a subnormal rest made c inf, and inf * 0 = NaN
  // gave every p_j = 0 the inclusion probability min(1, NaN) = 1 (p = (1, 4.9e-324, 0, ...), r = 2).
  const double left = static_cast<double>(r - capped);
  for (Index j = 0; j < p.size(); ++j)
    pi(order[j]) = j < capped ? 1.0 : capped < r ? std::min(1.0, left * (p(order[j]) / rest[capped])) : 0.0;
  return pi;
}

CrEstimate cr_sample_poisson(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r, std::uint64_t seed) {
  check_factors("cr_sample_poisson", x, y);
  check_probabilities("cr_sample_poisson", p, x.cols());
  const VectorXd pi = cr_poisson_inclusion(p, r);
  SplitMix64 rng(seed);
  std::vector<int> kept;
  std::vector<double> weights;
  for (Index i = 0; i < pi.size(); ++i) {
    const double u = rng.uniform();  // one uniform per index, always, so streams stay aligned
    if (u < pi(i)) {
      kept.push_back(int(i));
      weights.push_back(1.0 / pi(i));
    }
  }
  const VectorXd w = Eigen::Map<const VectorXd>(weights.data(), Index(weights.size()));
  return make_estimate(x, y, x * y, kept, kept, w);
}

double cr_poisson_expected_error(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r) {
  check_factors("cr_poisson_expected_error", x, y);
  check_probabilities("cr_poisson_expected_error", p, x.cols());
  const VectorXd pi = cr_poisson_inclusion(p, r);
  const VectorXd w2 = squared_weights(x, y);
  double sum = 0.0;
  for (Index i = 0; i < pi.size(); ++i) {
    if (w2(i) == 0.0) continue;  // a zero term costs nothing (1 / pi of a subnormal pi is inf, inf * 0 NaN)
    if (pi(i) > 0.0) sum += (1.0 / pi(i) - 1.0) * w2(i);
    else return kInf;
  }
  return sum;
}

CrEstimate cr_sample_sequential(const MatrixXd& x, const MatrixXd& y, const VectorXd& p, int r, std::uint64_t seed) {
  check_factors("cr_sample_sequential", x, y);
  check_probabilities("cr_sample_sequential", p, x.cols());
  check_count("cr_sample_sequential", "r", r, x.cols(), " (distinct indices: r <= l)");
  SplitMix64 rng(seed);
  const std::vector<double> weights = to_std(p);
  std::vector<int> order;
  for (std::size_t i : draw_without_replacement(rng, weights, std::size_t(r))) order.push_back(int(i));
  return keep_with_unit_weights(x, y, std::move(order));
}

CrEstimate cr_keep(const MatrixXd& x, const MatrixXd& y, const std::vector<int>& kept) {
  check_factors("cr_keep", x, y);
  check_selection("cr_keep", kept, x.cols());
  return keep_with_unit_weights(x, y, kept);
}

CrEstimate cr_top_r(const MatrixXd& x, const MatrixXd& y, int r) {
  check_factors("cr_top_r", x, y);
  check_count("cr_top_r", "r", r);
  const int keep = int(std::min<Index>(r, x.cols()));
  return keep_with_unit_weights(x, y, detail::top_indices(squared_weights(x, y), keep));
}

MatrixXd cr_gram(const MatrixXd& x, const MatrixXd& y) {
  check_factors("cr_gram", x, y);
  return (x.transpose() * x).cwiseProduct(y * y.transpose());
}

CrEstimate cr_greedy(const MatrixXd& x, const MatrixXd& y, int r, int k) {
  check_factors("cr_greedy", x, y);
  check_count("cr_greedy", "r", r);
  const int l = int(x.cols());
  if (r >= l) return keep_with_unit_weights(x, y, all_indices(l));
  if (k < 1 || (l - r) % k != 0)
    throw std::invalid_argument("cr_greedy: k = " + std::to_string(k) +
                                " must be >= 1 and divide l - r = " + std::to_string(l - r));
  check_enumeration("cr_greedy", l, k);
  const MatrixXd g = (x.transpose() * x).cwiseProduct(y * y.transpose());
  std::vector<int> omega = all_indices(l);
  while (int(omega.size()) > r) {
    // Scan k-subsets of omega in lexicographic order; a tie (relative 1e-12) moves to the later subset,
    // so the lexicographically largest of the tied minimizers is dropped (section 2.6).
    std::vector<int> pos(k), best;
    std::iota(pos.begin(), pos.end(), 0);
    double best_value = kInf;
    do {
      double value = 0.0;
      for (int a : pos)
        for (int b : pos) value += g(omega[a], omega[b]);
      if (best.empty() || value < best_value || detail::ties_with(value, best_value)) {
        best = pos;
        best_value = value;
      }
    } while (detail::next_combination(pos, int(omega.size())));
    for (auto it = best.rbegin(); it != best.rend(); ++it) omega.erase(omega.begin() + *it);
  }
  return keep_with_unit_weights(x, y, omega);
}

CrEstimate cr_best_subset(const MatrixXd& x, const MatrixXd& y, int r) {
  check_factors("cr_best_subset", x, y);
  check_count("cr_best_subset", "r", r);
  const int l = int(x.cols());
  if (r >= l) return keep_with_unit_weights(x, y, all_indices(l));
  check_enumeration("cr_best_subset", l, r);
  const MatrixXd g = (x.transpose() * x).cwiseProduct(y * y.transpose());
  const VectorXd row_sums = g.rowwise().sum();
  const double total = row_sums.sum();
  // ||sum_{i not in S} v_i||^2 = total - 2 sum_{i in S} (G 1)_i + 1_S^T G 1_S.
  std::vector<int> subset(r), best;
  std::iota(subset.begin(), subset.end(), 0);
  double best_value = kInf;
  do {
    double value = total;
    for (int a : subset) {
      value -= 2.0 * row_sums(a);
      for (int b : subset) value += g(a, b);
    }
    if (best.empty() || (value < best_value && !detail::ties_with(value, best_value))) {
      best = subset;
      best_value = value;
    }
  } while (detail::next_combination(subset, l));
  return keep_with_unit_weights(x, y, best);
}

CrEstimate cr_refit_diagonal(const MatrixXd& x, const MatrixXd& y, const std::vector<int>& kept) {
  check_factors("cr_refit_diagonal", x, y);
  const std::vector<int> s = check_selection("cr_refit_diagonal", kept, x.cols());
  const MatrixXd c = x(Eigen::all, s), rf = y(s, Eigen::all);
  const MatrixXd gs = (c.transpose() * c).cwiseProduct(rf * rf.transpose());
  const VectorXd h = (c.transpose() * x).cwiseProduct(rf * y.transpose()).rowwise().sum();
  VectorXd lambda;
  Eigen::LDLT<MatrixXd> ldlt(gs);
  const double floor =
      double(s.size()) * std::numeric_limits<double>::epsilon() * (s.empty() ? 0.0 : gs.diagonal().maxCoeff());
  if (!s.empty() && ldlt.info() == Eigen::Success && ldlt.vectorD().minCoeff() > floor) {
    lambda = ldlt.solve(h);
  } else {  // singular U^T U (e.g. parallel terms): the minimum-norm least-squares weights
    lambda = lstsq(gs, h).x;
  }
  return make_estimate(x, y, x * y, s, s, lambda);
}

CrFullRefit cr_refit_full(const MatrixXd& x, const MatrixXd& y, const std::vector<int>& kept) {
  check_factors("cr_refit_full", x, y);
  CrFullRefit out;
  out.indices = check_selection("cr_refit_full", kept, x.cols());
  const MatrixXd c = x(Eigen::all, out.indices), rf = y(out.indices, Eigen::all);
  const MatrixXd product = x * y;
  out.middle = pinv(c).pinv * product * pinv(rf).pinv;
  out.approx = c * out.middle * rf;
  if (out.indices.empty()) out.approx.setZero(x.rows(), y.cols());
  out.error = (out.approx - product).squaredNorm();
  return out;
}

TruncationFloor cr_svd_floor(const MatrixXd& x, const MatrixXd& y, int r) {
  check_factors("cr_svd_floor", x, y);
  check_count("cr_svd_floor", "r", r);
  return truncation_floor(singular_values(x * y), r);
}

}  // namespace mathlets
