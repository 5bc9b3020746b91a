// Fuzzes cur_retrieval.hpp: the index and retrieval on hostile R blocks (up to 8 x 24) with fuzzed
// anchors, query scores, k, k_r and rtol; the anchor rules; the adaptive rounds; the synthetic scorer's
// parameters; and the batch evaluation at tiny sizes. Every outcome is either a documented
// std::invalid_argument / std::out_of_range (std::domain_error only for products that overflow the
// double range), or a result that holds: ids in range and distinct, re-ranked ids among the candidates,
// call counts within [k_i, k_i + k_r], recall in [0, 1] and non-decreasing in k_r, and exact scores
// when the score matrix has rank <= the anchors (linear, noiseless scorer).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <stdexcept>

#include "fuzz_input.hpp"
#include "mathlets/cur_retrieval.hpp"
#include "mathlets/row_major.hpp"

namespace {

using namespace mathlets;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// Runs f; std::invalid_argument and std::out_of_range are documented for bad input, std::domain_error
// only when `overflow_ok`. Returns whether f returned.
bool expect(const std::function<void()>& f, bool overflow_ok = false) {
  try {
    f();
  } catch (const std::invalid_argument&) {
    return false;
  } catch (const std::out_of_range&) {
    return false;
  } catch (const std::domain_error& e) {
    if (!overflow_ok) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(overflow_ok);
    return false;
  }
  return true;
}

void check_ids(const std::vector<int>& ids, Index n) {
  std::vector<int> s = ids;
  std::sort(s.begin(), s.end());
  FUZZ_CHECK(std::adjacent_find(s.begin(), s.end()) == s.end());
  for (int i : ids) FUZZ_CHECK(i >= 0 && i < n);
}

std::vector<int> fuzz_anchors(FuzzInput& in, Index n) {
  std::vector<int> a(in.count(10));
  for (int& x : a) x = static_cast<int>(in.count(static_cast<std::size_t>(n) + 1)) - (in.byte() == 0 ? 1 : 0);
  if (in.byte() & 1) {  // mostly distinct anchors
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
  }
  return a;
}

std::optional<double> fuzz_rtol(FuzzInput& in) {
  switch (in.choice(4)) {
    case 0: return std::nullopt;
    case 1: return in.number();
    default: return std::ldexp(1.0, -static_cast<int>(in.count(50)));
  }
}

// The index and one retrieval on a fuzzed R.
void check_retrieval(FuzzInput& in) {
  const FuzzInput::Matrix m = in.matrix(8, 24);
  const MatrixXd r = matrix_from_row_major("cur_retrieval_fuzz", m.rows, m.cols, m.data);
  const std::vector<int> anchors = fuzz_anchors(in, r.cols());
  CurRetrievalIndex index;
  if (!expect([&] { index = cur_retrieval_index(r, anchors, fuzz_rtol(in)); }, true)) return;
  FUZZ_CHECK(r.allFinite() && !anchors.empty());
  FUZZ_CHECK(index.rank >= 0 && index.rank <= std::min<Index>(r.rows(), static_cast<Index>(anchors.size())));
  std::vector<double> c(anchors.size());
  for (double& v : c) v = in.byte() & 1 ? in.small() : in.number();
  const int k = static_cast<int>(in.count(30)) - 2, kr = static_cast<int>(in.count(40)) - 2;
  const bool include = in.byte() & 1;
  std::vector<double> truth_scores(static_cast<std::size_t>(r.cols()));
  for (double& v : truth_scores) v = in.small();
  const auto exact = [&](const std::vector<int>& ids) {
    check_ids(ids, r.cols());
    std::vector<double> v;
    for (int i : ids) v.push_back(truth_scores[static_cast<std::size_t>(i)]);
    return v;
  };
  CurRetrieval got;
  if (!expect([&] { got = cur_retrieve(index, c, k, kr, exact, include); }, true)) return;
  const int ki = static_cast<int>(anchors.size());
  FUZZ_CHECK(k >= 1 && k <= kr && k <= r.cols());
  check_ids(got.candidates, r.cols());
  check_ids(got.ids, r.cols());
  FUZZ_CHECK(static_cast<int>(got.ids.size()) == k);
  for (int i : got.ids) FUZZ_CHECK(std::find(got.candidates.begin(), got.candidates.end(), i) != got.candidates.end());
  FUZZ_CHECK(got.ce_calls >= ki && got.ce_calls <= ki + std::min<int>(kr, static_cast<int>(r.cols())));
  FUZZ_CHECK(got.exhaustive == (kr >= r.cols()));
  std::vector<int> truth(got.ids.size());
  std::partial_sort_copy(got.candidates.begin(), got.candidates.end(), truth.begin(), truth.end());
  const double rec = recall_at_k(got.ids, truth);
  FUZZ_CHECK(rec >= 0.0 && rec <= 1.0);
}

// Exactness: a linear, noiseless scorer of rank r <= k_q, k_i gives s_hat = s whenever rho = r.
void check_exact(FuzzInput& in) {
  const int rank = 1 + static_cast<int>(in.count(4));
  SyntheticScorer s({rank, 0.0, ScoreKind::linear, 0.0, in.byte()});
  const int kq = rank + static_cast<int>(in.count(4)), n = 8 + static_cast<int>(in.count(56));
  const int ki = std::min(n, rank + static_cast<int>(in.count(6)));
  const MatrixXd r = s.first_block(kq, n);
  const auto anchors = select_anchor_items(r, ki, {AnchorRule::uniform, in.byte(), 0, {}}).ids;
  const CurRetrievalIndex index = cur_retrieval_index(r, anchors);
  if (index.rank != rank) return;  // a degenerate draw of anchors
  for (int j = 0; j < 3; ++j) {
    const std::vector<double> row = s.oracle_row(kTestQueryBase + in.byte(), n);
    VectorXd c(ki);
    for (int a = 0; a < ki; ++a) c(a) = row[static_cast<std::size_t>(anchors[static_cast<std::size_t>(a)])];
    const VectorXd approx = index.e.transpose() * c;
    double scale = 0.0;
    for (double v : row) scale = std::max(scale, std::abs(v));
    for (int i = 0; i < n; ++i)
      FUZZ_CHECK(std::abs(approx(i) - row[static_cast<std::size_t>(i)]) <= 1e-10 * index.kappa * scale + 1e-300);
  }
}

void check_anchor_rules(FuzzInput& in) {
  const FuzzInput::Matrix m = in.matrix(6, 20);
  const MatrixXd r = matrix_from_row_major("cur_retrieval_fuzz", m.rows, m.cols, m.data);
  AnchorOptions o;
  o.rule = static_cast<AnchorRule>(in.choice(7));
  o.seed = in.byte();
  o.gamma = static_cast<int>(in.count(8)) - 1;
  o.indices = fuzz_anchors(in, r.cols());
  const int ki = static_cast<int>(in.count(12)) - 1;
  AnchorSelection sel;
  if (!expect([&] { sel = select_anchor_items(r, ki, o); })) return;
  FUZZ_CHECK(static_cast<int>(sel.ids.size()) == ki && sel.order.size() == sel.ids.size());
  check_ids(sel.ids, r.cols());
  FUZZ_CHECK(std::is_sorted(sel.ids.begin(), sel.ids.end()));
  std::vector<int> order = sel.order;
  std::sort(order.begin(), order.end());
  FUZZ_CHECK(order == sel.ids);
}

void check_adaptive(FuzzInput& in) {
  const FuzzInput::Matrix m = in.matrix(6, 30);
  const MatrixXd r = matrix_from_row_major("cur_retrieval_fuzz", m.rows, m.cols, m.data);
  AdaptiveOptions o;
  o.k = static_cast<int>(in.count(8));
  o.budget = static_cast<int>(in.count(32));
  o.k0 = static_cast<int>(in.count(8));
  o.rounds = static_cast<int>(in.count(5));
  o.rtol = fuzz_rtol(in);
  o.anchor_seed = in.byte();
  std::vector<double> scores(static_cast<std::size_t>(std::max<Index>(r.cols(), 1)));
  for (double& v : scores) v = in.byte() & 1 ? in.small() : in.number();
  int calls = 0;
  const auto exact = [&](const std::vector<int>& ids) {
    check_ids(ids, r.cols());
    calls += static_cast<int>(ids.size());
    std::vector<double> v;
    for (int i : ids) v.push_back(scores[static_cast<std::size_t>(i)]);
    return v;
  };
  AdaptiveRetrieval got;
  if (!expect([&] { got = adaptive_cur_retrieve(r, exact, o); }, true)) return;
  FUZZ_CHECK(got.ce_calls == o.budget && calls == o.budget);
  check_ids(got.ids, r.cols());
  FUZZ_CHECK(static_cast<int>(got.ids.size()) == o.k);
}

void check_evaluation(FuzzInput& in) {
  EvaluationOptions o;
  o.scorer = {static_cast<int>(in.count(10)), in.byte() & 1 ? in.number() : in.small() / 16,
              static_cast<ScoreKind>(in.choice(3)), in.byte() & 1 ? in.number() : in.small() / 4, in.byte()};
  o.n_items = static_cast<int>(in.count(64));
  o.kq = static_cast<int>(in.count(8));
  o.ki = static_cast<int>(in.count(9));
  o.anchors.rule = static_cast<AnchorRule>(in.choice(6));
  o.rtol = fuzz_rtol(in);
  o.n_test = static_cast<int>(in.count(4));
  o.k = static_cast<int>(in.count(6));
  o.kr_values = {static_cast<int>(in.count(70)), static_cast<int>(in.count(70))};
  std::sort(o.kr_values.begin(), o.kr_values.end());
  o.include_anchors = in.byte() & 1;
  o.transform = in.byte() & 1;
  if (in.byte() & 1) o.de_baselines = {static_cast<int>(in.count(9))};
  o.random_baseline = in.byte() & 1;
  Evaluation e;
  if (!expect([&] { e = evaluate_cur_retrieval(o); }, true)) return;
  FUZZ_CHECK(e.recall.size() == 2 && e.recall[0] <= e.recall[1]);
  for (double v : e.recall) FUZZ_CHECK(v >= 0.0 && v <= 1.0);
  for (const auto& b : e.baselines)
    for (double v : b.recall) FUZZ_CHECK(v >= 0.0 && v <= 1.0);
  for (int p : e.positions) FUZZ_CHECK(p >= 0 && p < o.n_items);
  check_ids(e.anchors, o.n_items);
  FUZZ_CHECK(std::isfinite(e.frob_rel_err) || o.transform);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  switch (in.choice(5)) {
    case 0: check_retrieval(in); break;
    case 1: check_exact(in); break;
    case 2: check_anchor_rules(in); break;
    case 3: check_adaptive(in); break;
    default: check_evaluation(in); break;
  }
  return 0;
}
