// Fuzzes cr.hpp on X (n x l) and Y (l x m) with n, m <= 8 and l <= 10 (so every brute force is at most
// C(10, 5) subsets), hostile entries, duplicated and low-rank structure, mismatched shapes and bad p, r,
// selections. Every outcome is a result obeying cr-approximation.md section 3 (expected errors >= 0 and
// ordered, every estimate's error >= the SVD floor, indices in range, best subset <= top-r and greedy,
// greedy k = 1 = top-r, refits ordered) or a documented std::invalid_argument / std::out_of_range.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <stdexcept>

#include "fuzz_input.hpp"
#include "mathlets/cr.hpp"
#include "mathlets/row_major.hpp"

namespace {

using namespace mathlets;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// Known gap (reported, not fixed): cr.hpp and cur.hpp state no magnitude range, and beyond ~1e75 the squared
// norms, Grams and residuals they form overflow; an internal step (lstsq, singular_values) then rejects its
// own inf/NaN with std::invalid_argument "... has a non-finite entry" although M, X, Y were finite. Accepted
// only for such inputs and only with that message; every other unexpected exception still traps.
bool g_overflowing_input = false;

bool expect(const std::function<void()>& f, bool invalid_bad, bool range_bad) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    if (!invalid_bad && g_overflowing_input && std::strstr(e.what(), "has a non-finite entry")) return false;
    if (!invalid_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(invalid_bad);
    return false;
  } catch (const std::out_of_range& e) {
    if (!range_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(range_bad);
    return false;
  }
  FUZZ_CHECK(!invalid_bad && !range_bad);
  return true;
}

struct Problem {
  MatrixXd x, y, xy;
  Index l = 0;
  bool factors_ok = false;  // finite, matching, l >= 1
  bool tame = false;        // magnitudes where squared errors neither overflow nor underflow
  double scale = 0;         // ||X||_F^2 ||Y||_F^2 >= every term's size: the yardstick of rounding
  double floor_slack = 0;
};

// The error of an estimate, checked against its own parts; returns its kept indices.
void check_estimate(const Problem& pr, const CrEstimate& e, int r, bool distinct) {
  const Index n = pr.x.rows(), m = pr.y.cols(), k = static_cast<Index>(e.indices.size());
  FUZZ_CHECK(std::is_sorted(e.indices.begin(), e.indices.end()));
  FUZZ_CHECK(std::adjacent_find(e.indices.begin(), e.indices.end()) == e.indices.end());
  for (int i : e.indices) FUZZ_CHECK(i >= 0 && i < pr.l);
  for (int i : e.draws) FUZZ_CHECK(std::binary_search(e.indices.begin(), e.indices.end(), i));
  if (distinct) FUZZ_CHECK(static_cast<int>(e.indices.size()) == std::min<Index>(r, pr.l));
  FUZZ_CHECK(e.weights.size() == k && e.c.rows() == n && e.c.cols() == k && e.r_factor.rows() == k &&
             e.r_factor.cols() == m && e.approx.rows() == n && e.approx.cols() == m);
  FUZZ_CHECK(!(e.error < 0));  // NaN only beyond the tame range (overflowed squares)
  if (!pr.tame) return;
  FUZZ_CHECK(e.error >= 0);
  FUZZ_CHECK(e.weights.allFinite() && e.approx.allFinite());
  for (Index j = 0; j < k; ++j) FUZZ_CHECK(e.weights(j) > 0);
  const double recomputed = (e.c * e.r_factor - pr.xy).squaredNorm();
  const double wmax = k ? e.weights.maxCoeff() : 1.0;
  FUZZ_CHECK(std::fabs(e.error - recomputed) <= 1e-12 * (1 + wmax) * (1 + wmax) * pr.scale * (pr.l + 1));
  // Item 6: no realization beats the Eckart-Young floor of its rank.
  const TruncationFloor f = cr_svd_floor(pr.x, pr.y, static_cast<int>(k));
  FUZZ_CHECK(e.error >= f.frobenius_squared - pr.floor_slack * (1 + wmax) * (1 + wmax));
}

VectorXd fuzz_p(FuzzInput& in, const Problem& pr, bool& p_ok) {
  const int kind = static_cast<int>(in.choice(8));
  VectorXd p;
  if (kind < 4) {
    p = cr_probabilities(pr.x, pr.y, static_cast<CrSampling>(kind)).p;
  } else if (kind < 6) {  // a random point of the simplex, some entries zero
    p = VectorXd(pr.l);
    for (Index i = 0; i < pr.l; ++i) p(i) = in.byte() < 64 ? 0.0 : in.byte() + 1.0;
    if (p.sum() == 0) p(0) = 1;
    p /= p.sum();
  } else {  // anything: wrong length, negative, NaN, not summing to 1
    p = VectorXd(static_cast<Index>(in.count(static_cast<std::size_t>(pr.l) + 1)));
    for (Index i = 0; i < p.size(); ++i) p(i) = in.number();
  }
  p_ok = p.size() == pr.l && p.allFinite() && (p.array() >= 0).all() && std::fabs(p.sum() - 1) <= 1e-9;
  return p;
}

void check_sampling(const Problem& pr, FuzzInput& in) {
  bool p_ok = false;
  const VectorXd p = fuzz_p(in, pr, p_ok);
  const int r = static_cast<int>(in.count(static_cast<std::size_t>(pr.l) + 3)) - 1;
  const std::uint64_t seed = in.byte() * 0x9E3779B97F4A7C15ULL;
  double ev = 0;
  if (expect([&] { ev = cr_expected_error(pr.x, pr.y, p, r); }, !p_ok, p_ok && r < 0) && pr.tame) {
    FUZZ_CHECK(ev >= 0);
    const VectorXd popt = cr_probabilities(pr.x, pr.y, CrSampling::optimal).p;
    const VectorXd punif = VectorXd::Constant(pr.l, 1.0 / static_cast<double>(pr.l));
    if (r >= 1) {
      const double eopt = cr_expected_error(pr.x, pr.y, popt, r);
      const double slack = 1e-12 * (pr.l + 1) * pr.scale / r;
      FUZZ_CHECK(eopt <= ev + slack);                                       // item 4
      FUZZ_CHECK(eopt <= cr_expected_error(pr.x, pr.y, punif, r) + slack);  // item 4
      FUZZ_CHECK(eopt <= pr.scale / r + slack);                             // item 5
      // The entry variances sum to the expected error (R6).
      const MatrixXd var = cr_entry_variance(pr.x, pr.y, p, r);
      FUZZ_CHECK((var.array() >= 0).all());
      if (std::isfinite(ev)) FUZZ_CHECK(std::fabs(var.sum() - ev) <= slack * 1e3 + 1e-9 * ev);
    }
  }
  CrEstimate e;
  if (expect([&] { e = cr_sample(pr.x, pr.y, p, r, seed); }, !p_ok, p_ok && r < 0)) {
    FUZZ_CHECK(static_cast<int>(e.draws.size()) == r);
    check_estimate(pr, e, r, false);
    for (Index j = 0; j < e.weights.size(); ++j) {  // c_i / (r p_i) for an index drawn c_i times
      const int i = e.indices[static_cast<std::size_t>(j)];
      const auto count = std::count(e.draws.begin(), e.draws.end(), i);
      FUZZ_CHECK(p(i) > 0);
      FUZZ_CHECK(std::fabs(e.weights(j) - count / (r * p(i))) <= 1e-12 * e.weights(j));
    }
  }
  const Index support = p_ok ? (p.array() > 0).count() : 0;
  if (expect([&] { e = cr_sample_poisson(pr.x, pr.y, p, r, seed); }, !p_ok, p_ok && (r < 0 || r > support))) {
    check_estimate(pr, e, r, false);
    const VectorXd pi = cr_poisson_inclusion(p, r);
    if (std::getenv("FUZZ_VERBOSE")) {
      std::fprintf(stderr, "r %d sum pi %.17g p:", r, pi.sum());
      for (Index i = 0; i < p.size(); ++i) std::fprintf(stderr, " %.17g", p(i));
      std::fprintf(stderr, "\n");
    }
    FUZZ_CHECK((pi.array() >= 0).all() && (pi.array() <= 1).all());
    if (pr.tame) FUZZ_CHECK(std::fabs(pi.sum() - r) <= 1e-9 * (r + 1));  // beyond, p holds subnormal ratios
    const double pe = cr_poisson_expected_error(pr.x, pr.y, p, r);
    if (pr.tame) FUZZ_CHECK(pe >= 0);  // beyond, squared norms overflow: 0 * inf = NaN for a zero x_i
  }
  if (expect([&] { e = cr_sample_sequential(pr.x, pr.y, p, r, seed); }, !p_ok, p_ok && (r < 0 || r > pr.l))) {
    FUZZ_CHECK(static_cast<int>(e.draws.size()) == r);
    check_estimate(pr, e, r, true);
  }
  const int count = static_cast<int>(in.count(4)) - 1;
  CrMonteCarlo mc;
  if (expect([&] { mc = cr_monte_carlo(pr.x, pr.y, p, r, count, seed); }, !p_ok, p_ok && (r < 0 || count < 0))) {
    FUZZ_CHECK(static_cast<int>(mc.errors.size()) == count);
    for (double v : mc.errors) FUZZ_CHECK(!(v < 0));
  }
}

void check_deterministic(const Problem& pr, FuzzInput& in) {
  const int r = static_cast<int>(in.count(static_cast<std::size_t>(pr.l) + 2)) - 1;
  CrEstimate top, best, greedy1;
  if (!expect([&] { top = cr_top_r(pr.x, pr.y, r); }, false, r < 0)) return;
  check_estimate(pr, top, r, true);
  if (!expect([&] { best = cr_best_subset(pr.x, pr.y, r); }, false, false)) return;  // C(10, 5) = 252 at most
  check_estimate(pr, best, r, true);
  if (!expect([&] { greedy1 = cr_greedy(pr.x, pr.y, r, 1); }, false, false)) return;
  check_estimate(pr, greedy1, r, true);
  if (pr.tame) FUZZ_CHECK(greedy1.indices == top.indices);  // item 8, with the tie rules of 2.5 and 2.6
  const double slack = 1e-12 * (pr.l + 1) * pr.scale;
  if (pr.tame) FUZZ_CHECK(best.error <= top.error + slack);  // item 8
  const int k = static_cast<int>(in.count(4));
  CrEstimate g;
  const bool k_ok = r >= pr.l || (k >= 1 && (pr.l - r) % k == 0);
  if (expect([&] { g = cr_greedy(pr.x, pr.y, r, k); }, !k_ok, false)) {
    check_estimate(pr, g, r, true);
    if (pr.tame) FUZZ_CHECK(best.error <= g.error + slack);
  }
  // Refits of one selection: full <= diagonal <= weights 1 (item 9).
  std::vector<int> kept;
  for (int i = 0; i < pr.l; ++i)
    if (in.byte() & 1) kept.push_back(i);
  if (kept.empty()) kept.push_back(0);
  CrEstimate plain, diag;
  CrFullRefit full;
  if (!expect([&] { plain = cr_keep(pr.x, pr.y, kept); }, false, false) ||
      !expect([&] { diag = cr_refit_diagonal(pr.x, pr.y, kept); }, false, false) ||
      !expect([&] { full = cr_refit_full(pr.x, pr.y, kept); }, false, false))
    return;
  check_estimate(pr, plain, static_cast<int>(kept.size()), true);
  FUZZ_CHECK(diag.indices == kept && full.indices == kept);
  FUZZ_CHECK(!(diag.error < 0) && !(full.error < 0));
  if (pr.tame) {
    const double refit_slack = 1e-9 * pr.scale;  // pinv and LDLT solves on possibly singular Grams
    FUZZ_CHECK(full.error <= diag.error + refit_slack);
    FUZZ_CHECK(diag.error <= plain.error + refit_slack);
    const TruncationFloor f = cr_svd_floor(pr.x, pr.y, static_cast<int>(kept.size()));
    FUZZ_CHECK(full.error >= f.frobenius_squared - pr.floor_slack - refit_slack);
  }
  // Bad selections: an index out of range, and a repeated one.
  std::vector<int> bad = kept;
  bad.push_back(in.byte() & 1 ? static_cast<int>(pr.l) : -1);
  expect([&] { (void)cr_keep(pr.x, pr.y, bad); }, false, true);
  bad = kept;
  bad.push_back(kept.front());
  expect([&] { (void)cr_refit_diagonal(pr.x, pr.y, bad); }, true, false);
  expect([&] { (void)cr_svd_floor(pr.x, pr.y, -1); }, false, true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  FuzzInput::Matrix mx = in.matrix(8, 10);
  const bool match = (in.byte() & 15) != 0;
  FuzzInput::Matrix my = in.matrix(10, 8, match ? mx.cols : -1);
  Problem pr;
  pr.x = matrix_from_row_major("cr_fuzz", mx.rows, mx.cols, mx.data);
  pr.y = matrix_from_row_major("cr_fuzz", my.rows, my.cols, my.data);
  pr.l = pr.x.cols();
  pr.factors_ok = pr.x.allFinite() && pr.y.allFinite() && pr.x.cols() == pr.y.rows() && pr.l >= 1;
  if (std::getenv("FUZZ_VERBOSE")) {
    std::fprintf(stderr, "X (%td x %td), Y (%td x %td)\n", mx.rows, mx.cols, my.rows, my.cols);
    for (double v : mx.data) std::fprintf(stderr, " %.17g", v);
    std::fprintf(stderr, "\n");
    for (double v : my.data) std::fprintf(stderr, " %.17g", v);
    std::fprintf(stderr, "\n");
  }
  VectorXd w;
  if (!expect([&] { w = cr_term_weights(pr.x, pr.y); }, !pr.factors_ok, false)) {
    expect([&] { (void)cr_top_r(pr.x, pr.y, 1); }, true, false);
    return 0;
  }
  const double big =
      std::max(pr.x.size() ? pr.x.cwiseAbs().maxCoeff() : 0.0, pr.y.size() ? pr.y.cwiseAbs().maxCoeff() : 0.0);
  // cr.hpp states no magnitude range; errors are squared Frobenius norms of products, which overflow for
  // entries beyond ~1e75 (and underflow below ~1e-75). For nonzero magnitudes in 1e-50 .. 1e50 every
  // invariant is asserted; beyond, only the absence of crashes, undefined behaviour and undocumented exceptions.
  double small_nz = INFINITY;  // smallest nonzero magnitude: squares of 1e-181 underflow just as 1e181 overflow
  for (const MatrixXd* f : {&pr.x, &pr.y})
    for (Index i = 0; i < f->size(); ++i)
      if (f->data()[i] != 0) small_nz = std::min(small_nz, std::fabs(f->data()[i]));
  pr.tame = big <= 1e50 && small_nz >= 1e-50;
  g_overflowing_input = !pr.tame;
  FUZZ_CHECK(w.size() == pr.l);
  if (big <= 1e150) FUZZ_CHECK((w.array() >= 0).all());  // ||x_i|| ||y_i|| <= 1e300
  pr.xy = pr.x * pr.y;
  pr.scale = pr.x.squaredNorm() * pr.y.squaredNorm();
  pr.floor_slack = 1e-9 * pr.xy.squaredNorm() + 1e-12 * (pr.l + 1) * pr.scale;  // item 6
  for (int kind = 0; kind < 4; ++kind) {
    const CrProbabilities cp = cr_probabilities(pr.x, pr.y, static_cast<CrSampling>(kind));
    FUZZ_CHECK(cp.p.size() == pr.l);
    if (pr.tame) FUZZ_CHECK((cp.p.array() >= 0).all() && std::fabs(cp.p.sum() - 1) <= 1e-12 * pr.l);
    if (kind == 0) FUZZ_CHECK(cp.trivial == (w.array() == 0).all() || !pr.tame);
  }
  if (in.byte() & 1) check_sampling(pr, in);
  else check_deterministic(pr, in);
  return 0;
}
