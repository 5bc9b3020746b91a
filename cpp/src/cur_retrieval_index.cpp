// Anchor items, the CUR index E = W^+ R, retrieval with exact re-ranking, and adaptive anchors
// (cur-retrieval.md sections 2.4 to 2.7). The SVDs, pseudo-inverses and the matrix-error anchor rules
// are cur.hpp's and pinv.hpp's; this file adds the retrieval around them.
#include "mathlets/cur_retrieval.hpp"

#include "mathlets/cur.hpp"
#include "mathlets/pinv.hpp"
#include "mathlets/splitmix64.hpp"

#include "lowrank_checks.hpp"
#include "number_text.hpp"

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

constexpr double kEps = std::numeric_limits<double>::epsilon();

void check_r_block(const char* routine, const MatrixXd& r) {
  if (r.rows() < 1 || r.cols() < 1)
    throw std::invalid_argument(std::string(routine) + ": R_block (" + detail::shape(r) + ") is empty");
  if (r.rows() > kMaxAnchorQueries || r.cols() > kMaxRetrievalItems)
    throw std::out_of_range(std::string(routine) + ": R_block (" + detail::shape(r) + ") exceeds " +
                            std::to_string(kMaxAnchorQueries) + " anchor queries x " +
                            std::to_string(kMaxRetrievalItems) + " items");
  detail::require_finite(routine, "R_block", r);
}

void check_scores(const char* routine, const char* name, std::span<const double> v, std::size_t expected) {
  if (v.size() != expected)
    throw std::invalid_argument(std::string(routine) + ": " + name + " has " + std::to_string(v.size()) +
                                " scores but " + std::to_string(expected) + " are needed");
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throw std::invalid_argument(std::string(routine) + ": " + name + "[" + std::to_string(i) +
                                  "] = " + number_text(v[i]) + " is not finite");
}

void check_anchor_ids(const char* routine, const std::vector<int>& anchors, Index n_items) {
  if (anchors.empty()) throw std::out_of_range(std::string(routine) + ": anchor_items is empty (k_i = 0)");
  if (static_cast<Index>(anchors.size()) > std::min<Index>(n_items, kMaxAnchorItems))
    throw std::out_of_range(std::string(routine) + ": k_i = " + std::to_string(anchors.size()) + " must be in [1, " +
                            std::to_string(std::min<Index>(n_items, kMaxAnchorItems)) + "]");
  std::vector<char> seen(static_cast<std::size_t>(n_items), 0);
  for (int a : anchors) {
    if (a < 0 || a >= n_items)
      throw std::out_of_range(std::string(routine) + ": anchor_items id " + std::to_string(a) + " must be in [0, " +
                              std::to_string(n_items) + ")");
    if (seen[static_cast<std::size_t>(a)])
      throw std::invalid_argument(std::string(routine) + ": anchor_items has the duplicate id " + std::to_string(a));
    seen[static_cast<std::size_t>(a)] = 1;
  }
}

// Finite input can still overflow in products (entries near the double range, tiny singular values):
// std::domain_error then, since sorting NaN scores has no meaning.
void require_no_overflow(const char* routine, const char* what, const MatrixXd& m) {
  if (!m.allFinite())
    throw std::domain_error(std::string(routine) + ": " + what + " overflow; rescale the scores or raise rtol");
}

std::vector<int> sorted_copy(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The b best entries of v by (value desc, index asc) among the allowed ones (fewer if fewer are allowed).
std::vector<int> best_allowed(const VectorXd& v, const std::vector<char>& allowed, int b) {
  std::vector<int> pool;
  for (Index j = 0; j < v.size(); ++j)
    if (allowed[static_cast<std::size_t>(j)]) pool.push_back(static_cast<int>(j));
  const auto keep = static_cast<std::ptrdiff_t>(std::min<std::size_t>(pool.size(), static_cast<std::size_t>(b)));
  const auto before = [&](int a, int c) { return v(a) > v(c) || (v(a) == v(c) && a < c); };
  std::partial_sort(pool.begin(), pool.begin() + keep, pool.end(), before);
  pool.resize(static_cast<std::size_t>(keep));
  return pool;
}

// k-means on the columns of R (each item's anchor-query profile): k-means++ seeding on stream
// (seed, 5, 0), exactly 10 Lloyd steps (nearest centre, first on ties; an empty cluster keeps its
// centre), then per centre the nearest item not yet taken (ties: the smaller id).
std::vector<int> kmeans_anchors(const MatrixXd& r, int k, std::uint64_t seed) {
  const Index n = r.cols();
  SplitMix64 rng(stream_state(seed, kTagKmeans, 0));
  MatrixXd centres(r.rows(), k);
  centres.col(0) = r.col(static_cast<Index>(draw_below(rng, static_cast<std::size_t>(n))));
  VectorXd nearest = (r.colwise() - centres.col(0)).colwise().squaredNorm().transpose();
  for (int c = 1; c < k; ++c) {
    const std::vector<double> cumulative = cumulative_weights({nearest.data(), static_cast<std::size_t>(n)});
    const std::size_t pick =
        cumulative.back() > 0.0 ? draw_categorical(rng, cumulative) : draw_below(rng, static_cast<std::size_t>(n));
    centres.col(c) = r.col(static_cast<Index>(pick));
    nearest = nearest.cwiseMin((r.colwise() - centres.col(c)).colwise().squaredNorm().transpose());
  }
  MatrixXd dist(n, k);
  const auto distances = [&] {
    for (int c = 0; c < k; ++c) dist.col(c) = (r.colwise() - centres.col(c)).colwise().squaredNorm().transpose();
  };
  for (int step = 0; step < 10; ++step) {
    distances();
    MatrixXd sums = MatrixXd::Zero(r.rows(), k);
    std::vector<int> count(static_cast<std::size_t>(k), 0);
    for (Index i = 0; i < n; ++i) {
      Index best = 0;
      dist.row(i).minCoeff(&best);
      sums.col(best) += r.col(i);
      ++count[static_cast<std::size_t>(best)];
    }
    for (int c = 0; c < k; ++c)
      if (count[static_cast<std::size_t>(c)] > 0) centres.col(c) = sums.col(c) / count[static_cast<std::size_t>(c)];
  }
  distances();
  std::vector<char> free(static_cast<std::size_t>(n), 1);
  std::vector<int> order;
  for (int c = 0; c < k; ++c) {
    const int pick = best_allowed(-dist.col(c), free, 1).front();
    order.push_back(pick);
    free[static_cast<std::size_t>(pick)] = 0;
  }
  return order;
}

int leverage_gamma(const MatrixXd& r, int k_i, int gamma) {
  const int max = static_cast<int>(std::min(r.rows(), r.cols()));
  if (gamma < 0 || gamma > max)
    throw std::out_of_range("select_anchor_items: gamma = " + std::to_string(gamma) + " must be in [0, " +
                            std::to_string(max) + "] (0: min(k_i, rank R))");
  if (gamma > 0) return gamma;
  const VectorXd s = singular_values(r);
  const int rank = s(0) > 0.0 ? static_cast<int>(numerical_rank(s, pinv_tolerance(s(0), r.rows(), r.cols()))) : 0;
  return std::min(k_i, rank);
}

AnchorSelection finish_selection(std::vector<int> order, std::string note = {}) {
  return {sorted_copy(order), std::move(order), std::move(note)};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Anchor items

AnchorSelection select_anchor_items(const MatrixXd& r, int k_i, const AnchorOptions& o) {
  const char* fn = "select_anchor_items";
  check_r_block(fn, r);
  const Index n = r.cols();
  if (o.rule == AnchorRule::manual) {
    std::vector<int> ids;
    for (int i : o.indices)
      if (std::find(ids.begin(), ids.end(), i) == ids.end()) ids.push_back(i);
    if (k_i != static_cast<int>(ids.size()))
      throw std::invalid_argument(std::string(fn) + ": k_i = " + std::to_string(k_i) + " but indices hold " +
                                  std::to_string(ids.size()) + " distinct ids");
    check_anchor_ids(fn, ids, n);
    return finish_selection(ids, ids.size() < o.indices.size() ? "duplicate indices dropped" : "");
  }
  if (k_i < 1 || k_i > std::min<Index>(n, kMaxAnchorItems))
    throw std::out_of_range(std::string(fn) + ": k_i = " + std::to_string(k_i) + " must be in [1, " +
                            std::to_string(std::min<Index>(n, kMaxAnchorItems)) + "]");
  switch (o.rule) {
    case AnchorRule::uniform: {
      SplitMix64 rng(stream_state(o.seed, kTagAnchors, 0));
      const auto draw = draw_uniform_subset(rng, static_cast<std::size_t>(n), static_cast<std::size_t>(k_i));
      return finish_selection({draw.begin(), draw.end()});
    }
    case AnchorRule::kmeans: return finish_selection(kmeans_anchors(r, k_i, o.seed));
    case AnchorRule::top_norm: return finish_selection(cur_select_norm_top(r, k_i).order);
    case AnchorRule::leverage: {
      const CurSelection s = cur_select_leverage_top(r, k_i, leverage_gamma(r, k_i, o.gamma));
      return finish_selection(s.order, s.note);
    }
    case AnchorRule::deim: {
      if (k_i > r.rows())
        throw std::out_of_range(std::string(fn) + ": k_i = " + std::to_string(k_i) +
                                " must be <= k_q = " + std::to_string(r.rows()) + " for deim");
      const CurSelection s = cur_select_deim(r, k_i);
      return finish_selection(s.order, s.note);
    }
    case AnchorRule::cpqr: {
      const CurSelection s = cur_select_cpqr(r, k_i);
      return finish_selection(s.order, s.note);
    }
    case AnchorRule::manual: break;
  }
  throw std::invalid_argument(std::string(fn) + ": unknown rule");
}

// ---------------------------------------------------------------------------------------------
// Index

CurRetrievalIndex cur_retrieval_index(const MatrixXd& r, const std::vector<int>& anchors, std::optional<double> rtol) {
  const char* fn = "cur_retrieval_index";
  check_r_block(fn, r);
  check_anchor_ids(fn, anchors, r.cols());
  if (rtol) detail::require_tolerance(fn, "rtol", *rtol);
  CurRetrievalIndex out;
  out.anchors = anchors;
  const Index kq = r.rows(), ki = static_cast<Index>(anchors.size());
  out.rtol = rtol ? *rtol : static_cast<double>(std::max(kq, ki)) * kEps;
  const ThinSvd svd = thin_svd(r(Eigen::all, anchors));
  out.singular_values = svd.s;
  PinvOptions po;
  po.rtol = out.rtol;
  const double tau = pinv_tolerance(svd.s(0), kq, ki, po);
  const Index rho = numerical_rank(svd.s, tau);
  if (rho == 0) {  // W = 0, W below DBL_MIN, or rtol >= 1: nothing is kept
    out.degenerate = true;
    out.e = MatrixXd::Zero(ki, r.cols());
    out.w_pinv = MatrixXd::Zero(ki, kq);
    return out;
  }
  out.rank = static_cast<int>(rho);
  out.kappa = svd.s(0) / svd.s(rho - 1);
  // E = V_rho (Sigma_rho^-1 (U_rho^T R)): the rho x n_i product is scaled row by row, then mapped back.
  const MatrixXd projected = svd.s.head(rho).cwiseInverse().asDiagonal() * (svd.u.leftCols(rho).transpose() * r);
  out.e = svd.v.leftCols(rho) * projected;
  require_no_overflow(fn, "E", out.e);
  out.w_pinv = pinv_from_svd(svd, tau);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Retrieval

CurCandidates cur_retrieval_candidates(const MatrixXd& e, const std::vector<int>& anchors,
                                       std::span<const double> anchor_scores, int k, int rerank, bool include_anchors) {
  const char* fn = "cur_retrieve";
  const Index n = e.cols();
  if (n < 1) throw std::invalid_argument(std::string(fn) + ": the index has no items");
  if (static_cast<Index>(anchors.size()) != e.rows())
    throw std::invalid_argument(std::string(fn) + ": the index has " + std::to_string(anchors.size()) +
                                " anchors but E has " + std::to_string(e.rows()) + " rows");
  check_anchor_ids(fn, anchors, n);
  detail::require_finite(fn, "E", e);
  check_scores(fn, "query_anchor_scores", anchor_scores, anchors.size());
  if (k < 1 || k > n)
    throw std::out_of_range(std::string(fn) + ": k = " + std::to_string(k) +
                            " must be in [1, n_i = " + std::to_string(n) + "]");
  if (rerank < k)
    throw std::out_of_range(std::string(fn) + ": rerank (k_r = " + std::to_string(rerank) +
                            ") < k = " + std::to_string(k));
  CurCandidates out;
  out.exhaustive = rerank >= n;
  out.rerank = static_cast<int>(std::min<Index>(rerank, n));
  out.approx = e.transpose() * Eigen::Map<const VectorXd>(anchor_scores.data(), static_cast<Index>(anchors.size()));
  require_no_overflow(fn, "the approximate scores", out.approx);
  out.candidates = best_allowed(out.approx, std::vector<char>(static_cast<std::size_t>(n), 1), out.rerank);
  std::vector<char> is_anchor(static_cast<std::size_t>(n), 0), taken(static_cast<std::size_t>(n), 0);
  for (int a : anchors) is_anchor[static_cast<std::size_t>(a)] = 1;
  for (int c : out.candidates) taken[static_cast<std::size_t>(c)] = 1;
  if (include_anchors)
    for (int a : sorted_copy(anchors))
      if (!taken[static_cast<std::size_t>(a)]) out.candidates.push_back(a);
  for (int c : out.candidates)
    if (!is_anchor[static_cast<std::size_t>(c)]) out.to_score.push_back(c);
  return out;
}

CurRetrieval cur_retrieval_finish(CurCandidates cand, const std::vector<int>& anchors,
                                  std::span<const double> anchor_scores, std::span<const double> exact_scores, int k) {
  const char* fn = "cur_retrieve";
  check_scores(fn, "query_anchor_scores", anchor_scores, anchors.size());
  check_scores(fn, "exact_scores", exact_scores, cand.to_score.size());
  if (k < 1 || k > static_cast<int>(cand.candidates.size()))
    throw std::out_of_range(std::string(fn) + ": k = " + std::to_string(k) + " must be in [1, " +
                            std::to_string(cand.candidates.size()) + "] (the candidates)");
  const auto n = static_cast<std::size_t>(cand.approx.size());
  std::vector<double> exact(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t a = 0; a < anchors.size(); ++a) exact[static_cast<std::size_t>(anchors[a])] = anchor_scores[a];
  for (std::size_t j = 0; j < cand.to_score.size(); ++j)
    exact[static_cast<std::size_t>(cand.to_score[j])] = exact_scores[j];
  std::vector<int> order = cand.candidates;
  const auto before = [&](int a, int b) {
    const double x = exact[static_cast<std::size_t>(a)], y = exact[static_cast<std::size_t>(b)];
    return x > y || (x == y && a < b);
  };
  std::partial_sort(order.begin(), order.begin() + k, order.end(), before);
  CurRetrieval out;
  out.ids.assign(order.begin(), order.begin() + k);
  for (int i : out.ids) out.scores.push_back(exact[static_cast<std::size_t>(i)]);
  out.ce_calls = static_cast<int>(anchors.size() + cand.to_score.size());
  out.nominal_calls = static_cast<int>(anchors.size()) + cand.rerank;
  out.exhaustive = cand.exhaustive;
  out.candidates = std::move(cand.candidates);
  out.approx = std::move(cand.approx);
  return out;
}

CurRetrieval cur_retrieve(const CurRetrievalIndex& index, std::span<const double> anchor_scores, int k, int rerank,
                          const ExactScoresFn& exact_scores, bool include_anchors) {
  CurCandidates cand = cur_retrieval_candidates(index.e, index.anchors, anchor_scores, k, rerank, include_anchors);
  const std::vector<double> exact = exact_scores(cand.to_score);
  return cur_retrieval_finish(std::move(cand), index.anchors, anchor_scores, exact, k);
}

// ---------------------------------------------------------------------------------------------
// Adaptive anchors

AdaptiveStep adaptive_cur_step(const MatrixXd& r, const std::vector<int>& anchors,
                               std::span<const double> anchor_scores, int b, std::optional<double> rtol) {
  const char* fn = "adaptive_cur_retrieve";
  check_r_block(fn, r);
  check_anchor_ids(fn, anchors, r.cols());
  check_scores(fn, "anchor_scores", anchor_scores, anchors.size());
  if (rtol) detail::require_tolerance(fn, "rtol", *rtol);
  if (b < 0) throw std::out_of_range(std::string(fn) + ": round size b = " + std::to_string(b) + " must be >= 0");
  PinvOptions po;
  po.rtol = rtol;
  const PinvResult w = pinv(r(Eigen::all, anchors), po);
  const Eigen::RowVectorXd alpha =
      Eigen::Map<const VectorXd>(anchor_scores.data(), static_cast<Index>(anchors.size())).transpose() * w.pinv;
  AdaptiveStep out;
  out.approx = (alpha * r).transpose();
  require_no_overflow(fn, "the approximate scores", out.approx);
  out.rank = static_cast<int>(w.rank);
  std::vector<char> allowed(static_cast<std::size_t>(r.cols()), 1);
  for (int a : anchors) allowed[static_cast<std::size_t>(a)] = 0;
  out.next = best_allowed(out.approx, allowed, b);
  return out;
}

std::vector<int> adaptive_round_sizes(const AdaptiveOptions& o, Index n_items) {
  const char* fn = "adaptive_cur_retrieve";
  if (o.k0 < 1) throw std::out_of_range(std::string(fn) + ": k0 = " + std::to_string(o.k0) + " must be >= 1");
  if (o.rounds < 1 || o.rounds > 64)
    throw std::out_of_range(std::string(fn) + ": rounds = " + std::to_string(o.rounds) + " must be in [1, 64]");
  if (o.budget <= o.k0 || o.budget > n_items)
    throw std::out_of_range(std::string(fn) + ": budget = " + std::to_string(o.budget) + " must be in [k0 + 1 = " +
                            std::to_string(o.k0 + 1) + ", n_i = " + std::to_string(n_items) + "]");
  if (o.k < 1 || o.k > o.budget)
    throw std::out_of_range(std::string(fn) + ": k = " + std::to_string(o.k) +
                            " must be in [1, budget = " + std::to_string(o.budget) + "]");
  if (o.rtol) detail::require_tolerance(fn, "rtol", *o.rtol);
  std::vector<int> sizes;
  int rest = o.budget - o.k0;
  for (int t = 0; t < o.rounds; ++t) {
    const int b = rest / (o.rounds - t);
    sizes.push_back(b);
    rest -= b;
  }
  return sizes;
}

AdaptiveRetrieval adaptive_cur_retrieve(const MatrixXd& r, const ExactScoresFn& score_fn, const AdaptiveOptions& o) {
  const char* fn = "adaptive_cur_retrieve";
  check_r_block(fn, r);
  const std::vector<int> sizes = adaptive_round_sizes(o, r.cols());
  AnchorOptions uniform;
  uniform.seed = o.anchor_seed;
  std::vector<int> anchors = select_anchor_items(r, o.k0, uniform).ids;
  std::vector<double> scores = score_fn(anchors);
  check_scores(fn, "score_fn result", scores, anchors.size());
  AdaptiveRetrieval out;
  out.anchors_per_round.push_back(anchors);
  for (int b : sizes) {
    const AdaptiveStep step = adaptive_cur_step(r, anchors, scores, b, o.rtol);
    const std::vector<double> more = score_fn(step.next);
    check_scores(fn, "score_fn result", more, step.next.size());
    anchors.insert(anchors.end(), step.next.begin(), step.next.end());
    scores.insert(scores.end(), more.begin(), more.end());
    out.anchors_per_round.push_back(step.next);
  }
  std::vector<std::size_t> order(anchors.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto before = [&](std::size_t a, std::size_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && anchors[a] < anchors[b]);
  };
  std::partial_sort(order.begin(), order.begin() + o.k, order.end(), before);
  for (int t = 0; t < o.k; ++t) {
    out.ids.push_back(anchors[order[static_cast<std::size_t>(t)]]);
    out.scores.push_back(scores[order[static_cast<std::size_t>(t)]]);
  }
  out.ce_calls = static_cast<int>(anchors.size());
  return out;
}

}  // namespace mathlets
