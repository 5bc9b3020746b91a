// The widget batch of cur-retrieval.md section 2.9: build R from the synthetic scorer, choose anchors,
// index, and for every test query stream its exact row (the oracle) once, keep its exact top-k, and
// record where the true items land in the approximate order. Every recall curve over k_r then comes
// from those positions (re-rank lemma), without holding the n_t x n_i test block.
#include "mathlets/cur_retrieval.hpp"

#include "mathlets/pinv.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kMaxWork = 5e7;  // scores generated per evaluation: n_i (k_q + n_t)

void check_range(const char* name, long long v, long long lo, long long hi) {
  if (v < lo || v > hi)
    throw std::out_of_range("evaluate_cur_retrieval: " + std::string(name) + " = " + std::to_string(v) +
                            " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

void check_options(const EvaluationOptions& o) {
  check_range("n_items", o.n_items, 1, kMaxRetrievalItems);
  check_range("kq", o.kq, 1, kMaxAnchorQueries);
  check_range("n_test", o.n_test, 1, 2000);
  check_range("k", o.k, 1, std::min(o.n_items, 1000));
  if (o.kr_values.empty()) throw std::invalid_argument("evaluate_cur_retrieval: kr_values is empty");
  for (int kr : o.kr_values) check_range("kr_values entry", kr, 1, kMaxRetrievalItems);
  if (static_cast<double>(o.n_items) * (o.kq + o.n_test) > kMaxWork)
    throw std::out_of_range("evaluate_cur_retrieval: n_items (kq + n_test) = " +
                            std::to_string(static_cast<long long>(o.n_items) * (o.kq + o.n_test)) +
                            " scores exceed the limit 5e7");
}

// A given R must be this scorer's anchor block: its shape, finite entries, and two spot checks
// (first and last entry) against fresh scores.
MatrixXd checked_r_block(const EvaluationOptions& o, SyntheticScorer& scorer) {
  const MatrixXd& r = *o.r_block;
  if (r.rows() != o.kq || r.cols() != o.n_items)
    throw std::invalid_argument("evaluate_cur_retrieval: R is " + std::to_string(r.rows()) + "x" +
                                std::to_string(r.cols()) + " but kq x n_items is " + std::to_string(o.kq) + "x" +
                                std::to_string(o.n_items));
  const auto last_q = static_cast<std::uint64_t>(o.kq - 1), last_i = static_cast<std::uint64_t>(o.n_items - 1);
  if (!r.allFinite() || r(0, 0) != scorer.score(0, 0) || r(o.kq - 1, o.n_items - 1) != scorer.score(last_q, last_i))
    throw std::invalid_argument("evaluate_cur_retrieval: R is not this scorer's anchor block (queries 0..kq-1)");
  return r;
}

// A given truth: n_test rows of k distinct item ids.
void check_truth(const EvaluationOptions& o) {
  if (o.truth.empty()) return;
  if (o.truth.size() != static_cast<std::size_t>(o.n_test) * static_cast<std::size_t>(o.k))
    throw std::invalid_argument("evaluate_cur_retrieval: truth holds " + std::to_string(o.truth.size()) +
                                " ids but n_test x k = " + std::to_string(o.n_test * o.k));
  for (int j = 0; j < o.n_test; ++j) {
    std::vector<int> row(o.truth.begin() + static_cast<std::ptrdiff_t>(j) * o.k,
                         o.truth.begin() + static_cast<std::ptrdiff_t>(j + 1) * o.k);
    for (int t : row)
      if (t < 0 || t >= o.n_items)
        throw std::out_of_range("evaluate_cur_retrieval: truth id " + std::to_string(t) + " must be in [0, " +
                                std::to_string(o.n_items) + ")");
    std::sort(row.begin(), row.end());
    if (std::adjacent_find(row.begin(), row.end()) != row.end())
      throw std::invalid_argument("evaluate_cur_retrieval: truth row " + std::to_string(j) + " repeats an id");
  }
}

// Ranks of every item in the order (score desc, index asc).
std::vector<int> ranks_of(const VectorXd& approx) {
  std::vector<int> order(static_cast<std::size_t>(approx.size()));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return approx(a) > approx(b) || (approx(a) == approx(b) && a < b); });
  std::vector<int> rank(order.size());
  for (std::size_t p = 0; p < order.size(); ++p) rank[static_cast<std::size_t>(order[p])] = static_cast<int>(p);
  return rank;
}

// Adds the hits of one query's true-item positions to hits[kr index].
void add_hits(const std::vector<int>& positions, const std::vector<int>& kr_values, std::vector<double>& hits) {
  for (std::size_t r = 0; r < kr_values.size(); ++r)
    hits[r] +=
        static_cast<double>(std::count_if(positions.begin(), positions.end(), [&](int p) { return p < kr_values[r]; }));
}

std::vector<double> means(std::vector<double> sums, double count) {
  for (double& v : sums) v /= count;
  return sums;
}

}  // namespace

Evaluation evaluate_cur_retrieval(const EvaluationOptions& o) {
  check_options(o);
  SyntheticScorer scorer(o.scorer);
  const ScoreKind kind = o.scorer.kind;
  const double beta = o.scorer.beta;
  Evaluation out;
  bool clamped = false;
  const auto indexed = [&](double s) { return o.transform ? score_inverse(kind, beta, s, &clamped) : s; };

  MatrixXd r = o.r_block ? checked_r_block(o, scorer) : scorer.first_block(o.kq, o.n_items);
  out.offline_calls = static_cast<std::uint64_t>(o.kq) * static_cast<std::uint64_t>(o.n_items);
  check_truth(o);
  const bool reuse = !o.truth.empty();
  if (o.transform) r = r.unaryExpr(indexed);
  const AnchorSelection anchors = select_anchor_items(r, o.ki, o.anchors);
  const CurRetrievalIndex index = cur_retrieval_index(r, anchors.ids, o.rtol);
  out.anchors = anchors.ids;
  out.w_singular_values = index.singular_values;
  out.rank = index.rank;
  out.kappa = index.kappa;
  if (o.spectrum) out.r_singular_values = singular_values(r);

  const std::size_t nk = o.kr_values.size();
  std::vector<double> hits(nk, 0.0), calls(nk, 0.0), random_hits(nk, 0.0);
  std::vector<std::vector<double>> de_hits(o.de_baselines.size(), std::vector<double>(nk, 0.0));
  std::vector<char> is_anchor(static_cast<std::size_t>(o.n_items), 0);
  for (int a : anchors.ids) is_anchor[static_cast<std::size_t>(a)] = 1;
  const int max_kr = std::min(o.n_items, *std::max_element(o.kr_values.begin(), o.kr_values.end()));
  double err2 = 0.0, norm2 = 0.0;
  out.min_margin = HUGE_VAL;
  VectorXd c(o.ki);
  const std::vector<std::uint64_t> anchor_ids(anchors.ids.begin(), anchors.ids.end());
  for (int j = 0; j < o.n_test; ++j) {
    const std::uint64_t q = kTestQueryBase + static_cast<std::uint64_t>(j);
    std::vector<double> row;
    TopK truth;
    if (reuse) {
      const auto first = o.truth.begin() + static_cast<std::ptrdiff_t>(j) * o.k;
      truth.ids.assign(first, first + o.k);
      // The query's k_i anchor calls.
      const MatrixXd cq = scorer.block(std::span<const std::uint64_t>(&q, 1), anchor_ids);
      for (int a = 0; a < o.ki; ++a) c(a) = indexed(cq(0, a));
    } else {
      row = scorer.oracle_row(q, o.n_items);
      truth = exact_topk(row, o.k);
      out.ties += truth.ties;
      if (o.k < o.n_items)
        out.min_margin = std::min(out.min_margin, (truth.kth - truth.next) / std::max(std::abs(truth.kth), 1e-300));
      // The query's anchor calls return the same numbers as its row at the anchors.
      for (int a = 0; a < o.ki; ++a) c(a) = indexed(row[static_cast<std::size_t>(anchors.ids[a])]);
    }
    out.truth.insert(out.truth.end(), truth.ids.begin(), truth.ids.end());
    const VectorXd approx = index.e.transpose() * c;
    if (!approx.allFinite())
      throw std::domain_error("evaluate_cur_retrieval: the approximate scores overflow; raise rtol or lower beta");
    for (std::size_t i = 0; i < row.size(); ++i) {
      const double s = indexed(row[i]);
      const double d = approx(static_cast<Index>(i)) - s;
      err2 += d * d;
      norm2 += s * s;
    }
    const std::vector<int> rank = ranks_of(approx);
    std::vector<int> positions;
    for (int t : truth.ids) positions.push_back(rank[static_cast<std::size_t>(t)]);
    out.positions.insert(out.positions.end(), positions.begin(), positions.end());
    for (std::size_t r_at = 0; r_at < nk; ++r_at) {
      const int kr = std::min(o.kr_values[r_at], o.n_items);
      int free_hits = 0, anchors_inside = 0;
      for (std::size_t t = 0; t < positions.size(); ++t)
        free_hits += positions[t] >= kr && o.include_anchors && is_anchor[static_cast<std::size_t>(truth.ids[t])];
      for (int a : anchors.ids) anchors_inside += rank[static_cast<std::size_t>(a)] < kr;
      hits[r_at] += free_hits;
      calls[r_at] += o.ki + kr - anchors_inside;
    }
    add_hits(positions, o.kr_values, hits);
    if (o.random_baseline) {
      const std::vector<int> draw = random_candidates(o.n_items, max_kr, o.anchors.seed, static_cast<std::uint64_t>(j));
      std::vector<int> at;
      for (int t : truth.ids) {
        const auto found = std::find(draw.begin(), draw.end(), t);
        at.push_back(found == draw.end() ? o.n_items : static_cast<int>(found - draw.begin()));
      }
      add_hits(at, o.kr_values, random_hits);
    }
    for (std::size_t b = 0; b < o.de_baselines.size(); ++b) {
      const std::vector<double> proxy = scorer.de_proxy_row(q, o.n_items, o.de_baselines[b]);
      add_hits(approx_positions(proxy, truth.ids), o.kr_values, de_hits[b]);
    }
  }
  const double total = static_cast<double>(o.n_test) * o.k;
  out.recall = means(hits, total);
  out.mean_ce_calls = means(calls, o.n_test);
  out.frob_rel_err = reuse ? std::nan("") : norm2 > 0.0 ? std::sqrt(err2 / norm2) : 0.0;
  if (o.k == o.n_items) out.min_margin = 0.0;
  if (reuse) out.min_margin = std::nan("");
  out.clamped = clamped || scorer.clamped();
  if (o.random_baseline) out.baselines.push_back({"random", means(random_hits, total)});
  for (std::size_t b = 0; b < o.de_baselines.size(); ++b)
    out.baselines.push_back({"de" + std::to_string(o.de_baselines[b]), means(de_hits[b], total)});
  return out;
}

}  // namespace mathlets
