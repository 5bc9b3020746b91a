// CUR decomposition (../shared/math/cur-decomposition.md). SVDs and pseudo-inverses come from pinv.hpp;
// this TU instantiates only the column-pivoted QR (CPQR) and LU (DEIM solves, det W).
#include "mathlets/cur.hpp"

#include "mathlets/splitmix64.hpp"

#include "lowrank_checks.hpp"
#include "lowrank_ranking.hpp"
#include "pow2_scaling.hpp"

#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using detail::binade;
using detail::times_pow2;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kBruteCap = 2e5;

void check_rank(const char* routine, const MatrixXd& m, int r, Index max) {
  if (r < 1 || r > max)
    throw std::out_of_range(std::string(routine) + ": rank r = " + std::to_string(r) + " is out of range for a " +
                            detail::shape(m) + " matrix");
}

PinvOptions with_rtol(std::optional<double> rtol) {
  PinvOptions o;
  o.rtol = rtol;
  return o;
}

CurSelection make_selection(std::vector<int> order, VectorXd scores, std::string note = {}) {
  CurSelection s;
  s.sorted = order;
  std::sort(s.sorted.begin(), s.sorted.end());
  s.order = std::move(order);
  s.scores = std::move(scores);
  s.flagged = !note.empty();
  s.note = std::move(note);
  return s;
}

std::vector<int> to_int(const std::vector<std::size_t>& v) { return std::vector<int>(v.begin(), v.end()); }

std::vector<double> to_std(const VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

// Numerical rank of M from its singular values under the pinv tolerance rules.
int rank_of(const VectorXd& s, Index rows, Index cols, std::optional<double> rtol) {
  if (s.size() == 0 || s(0) == 0.0) return 0;
  return int(numerical_rank(s, pinv_tolerance(s(0), rows, cols, with_rtol(rtol))));
}

// Squared column norms compared in the units of M / 2^e (exact scaling): squared directly they underflowed
// to 0 or overflowed to inf outside about 1e+-150 and tied every column, so the choice depended on the scale.
// The scores are reported in M's units (inf only when a squared norm exceeds the largest double).
VectorXd ranked_squared_norms(const MatrixXd& m, VectorXd& reported) {
  const int e = binade(m);
  const VectorXd scaled = times_pow2(m, -e).colwise().squaredNorm().transpose();
  reported = scaled.unaryExpr([e](double v) { return std::ldexp(v, 2 * e); });
  return scaled;
}

CurSelection norm_top(const MatrixXd& m, int r) {
  VectorXd scores;
  const VectorXd ranked = ranked_squared_norms(m, scores);
  return make_selection(detail::top_indices(ranked, r), scores);
}

CurSelection norm_sample(const MatrixXd& m, int r, SplitMix64& rng) {
  VectorXd p = m.colwise().norm().transpose();
  if (p.sum() > 0.0) p /= p.sum();
  std::string note = (p.array() > 0.0).count() < r ? "fewer nonzero columns than r: the rest drawn uniformly" : "";
  return make_selection(to_int(draw_without_replacement(rng, to_std(p), std::size_t(r))), p, note);
}

CurSelection uniform_subset(const MatrixXd& m, int r, SplitMix64& rng) {
  return make_selection(to_int(draw_uniform_subset(rng, std::size_t(m.cols()), std::size_t(r))),
                        VectorXd::Constant(m.cols(), 1.0 / double(m.cols())));
}

CurSelection cpqr(const MatrixXd& m, int r, std::optional<double> rtol) {
  // Eigen's CPQR squares column norms unscaled (rank 0 below ~1e-150, wrong pivots above ~1e150): it
  // factors M / 2^e, and the pivots are reported in M's units.
  const int e = binade(m);
  const Eigen::ColPivHouseholderQR<MatrixXd> qr(times_pow2(m, -e));
  const VectorXd scaled_pivots = qr.matrixQR().diagonal().cwiseAbs();
  const VectorXd pivots = scaled_pivots.unaryExpr([e](double v) { return std::ldexp(v, e); });
  const auto& perm = qr.colsPermutation().indices();
  const double tau = (rtol ? *rtol : double(std::max(m.rows(), m.cols())) * std::numeric_limits<double>::epsilon()) *
                     (pivots.size() ? scaled_pivots(0) : 0.0);
  std::vector<int> order;
  for (int k = 0; k < r && k < pivots.size() && scaled_pivots(k) > tau; ++k) order.push_back(perm(k));
  if (int(order.size()) == r) return make_selection(order, pivots);
  // Rank exhausted: the remaining pivots are rounding noise, so fill by column norm.
  const std::size_t found = order.size();
  VectorXd reported;
  const VectorXd norms = ranked_squared_norms(m, reported);
  std::vector<char> allowed(m.cols(), 1);
  for (int i : order) allowed[i] = 0;
  while (int(order.size()) < r) {
    const int i = detail::argmax_with_ties(norms, allowed);
    order.push_back(i);
    allowed[i] = 0;
  }
  return make_selection(order, pivots,
                        "rank exhausted after " + std::to_string(found) + " pivots: the rest chosen by column norm");
}

struct Leverage {
  VectorXd cols, rows;
  int gamma = 0;
  bool cuts_cluster = false;
};

Leverage leverage_from_svd(const ThinSvd& svd, Index n, Index m, int gamma, std::optional<double> rtol) {
  Leverage out;
  out.gamma = gamma > 0 ? gamma : rank_of(svd.s, n, m, rtol);
  out.cols = svd.v.leftCols(out.gamma).rowwise().squaredNorm();
  out.rows = svd.u.leftCols(out.gamma).rowwise().squaredNorm();
  if (out.gamma > 0 && out.gamma < svd.s.size())
    out.cuts_cluster = svd.s(out.gamma - 1) < (1.0 + 1e-8) * svd.s(out.gamma);
  return out;
}

std::string leverage_note(const Leverage& lev, int r) {
  if (lev.gamma == 0) return "gamma = 0 (M is zero): scores are all 0";
  if (lev.cuts_cluster) return "gamma cuts a cluster of equal singular values: scores depend on the SVD basis";
  if (r > lev.gamma) return "r exceeds gamma: picks beyond gamma rank by rounding-level differences";
  return {};
}

CurSelection leverage_top(const VectorXd& scores, int r, const std::string& note) {
  return make_selection(detail::top_indices(scores, r), scores, note);
}

CurSelection leverage_sample(const VectorXd& scores, int r, SplitMix64& rng, const std::string& note) {
  const double total = scores.sum();
  const VectorXd p = total > 0.0 ? VectorXd(scores / total) : VectorXd(VectorXd::Zero(scores.size()));
  return make_selection(to_int(draw_without_replacement(rng, to_std(p), std::size_t(r))), p, note);
}

DeimTrace deim(const MatrixXd& basis, int r) {
  DeimTrace t;
  std::vector<int> picked;
  std::vector<char> allowed(basis.rows(), 1);
  for (int k = 0; k < r; ++k) {
    VectorXd rho = basis.col(k);
    if (k > 0) {  // interpolate column k from the picked rows: rho = v_k - V_k V_k[S, :]^-1 v_k[S]
      const MatrixXd vs = basis(picked, Eigen::seqN(0, k));
      const VectorXd rhs = basis(picked, k);
      rho -= basis.leftCols(k) * Eigen::PartialPivLU<MatrixXd>(vs).solve(rhs);
    }
    const VectorXd mag = rho.cwiseAbs();
    const int pick = detail::argmax_with_ties(mag, allowed);
    t.residuals.push_back(mag);
    picked.push_back(pick);
    allowed[pick] = 0;
  }
  t.selection = make_selection(picked, t.residuals.empty() ? VectorXd() : t.residuals.front());
  return t;
}

CurSelection deim_selection(const MatrixXd& basis, int r, int rank) {
  CurSelection s = deim(basis.leftCols(r), r).selection;
  if (r > rank) {
    s.flagged = true;
    s.note = "r exceeds the numerical rank " + std::to_string(rank) + ": the trailing singular vectors are arbitrary";
  }
  return s;
}

std::vector<int> dedupe(const std::vector<int>& v, bool& changed) {
  std::vector<int> out;
  for (int i : v)
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  changed = changed || out.size() != v.size();
  return out;
}

void check_indices(const char* name, const std::vector<int>& v, Index limit, const MatrixXd& m) {
  if (v.empty()) throw std::invalid_argument(std::string("cur_core: ") + name + " is empty");
  for (int i : v)
    if (i < 0 || i >= limit)
      throw std::out_of_range(std::string("cur_core: ") + name + " index " + std::to_string(i) +
                              " is out of range for a " + detail::shape(m) + " matrix");
}

// U for given pieces (both modes).
MatrixXd middle_matrix(const MatrixXd& m, const MatrixXd& c, const MatrixXd& r, const PinvResult& w_pinv,
                       CurMiddle middle, std::optional<double> rtol) {
  if (middle == CurMiddle::intersection) return w_pinv.pinv;
  const PinvOptions o = with_rtol(rtol);
  return pinv(c, o).pinv * m * pinv(r, o).pinv;
}

double squared_error(const MatrixXd& m, const MatrixXd& approx) { return (m - approx).squaredNorm(); }

// Enumerates all (S2, S1) pairs of r-subsets in lexicographic order, calling visit(rows, cols).
template <class Visit>
void for_each_pair(const MatrixXd& m, int r, const char* routine, Visit visit) {
  check_rank(routine, m, r, std::min(m.rows(), m.cols()));
  const double count = detail::binomial(int(m.rows()), r) * detail::binomial(int(m.cols()), r);
  if (count > kBruteCap)
    throw std::invalid_argument(std::string(routine) + ": " + std::to_string(long(count)) +
                                " (rows, cols) pairs for a " + detail::shape(m) +
                                " matrix at r = " + std::to_string(r) + " exceed the cap 2e5");
  std::vector<int> rows(r);
  for (int i = 0; i < r; ++i) rows[i] = i;
  do {
    std::vector<int> cols(r);
    for (int i = 0; i < r; ++i) cols[i] = i;
    do visit(rows, cols);
    while (detail::next_combination(cols, int(m.cols())));
  } while (detail::next_combination(rows, int(m.rows())));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public selections

CurSelection cur_select_norm_top(const MatrixXd& m, int r) {
  detail::require_finite("cur_select_norm_top", "M", m);
  check_rank("cur_select_norm_top", m, r, m.cols());
  return norm_top(m, r);
}

CurSelection cur_select_norm_sample(const MatrixXd& m, int r, std::uint64_t seed) {
  detail::require_finite("cur_select_norm_sample", "M", m);
  check_rank("cur_select_norm_sample", m, r, m.cols());
  SplitMix64 rng(seed);
  return norm_sample(m, r, rng);
}

CurSelection cur_select_uniform(const MatrixXd& m, int r, std::uint64_t seed) {
  detail::require_finite("cur_select_uniform", "M", m);
  check_rank("cur_select_uniform", m, r, m.cols());
  SplitMix64 rng(seed);
  return uniform_subset(m, r, rng);
}

CurSelection cur_select_cpqr(const MatrixXd& m, int r, std::optional<double> rtol) {
  detail::require_finite("cur_select_cpqr", "M", m);
  check_rank("cur_select_cpqr", m, r, m.cols());
  if (rtol) detail::require_tolerance("cur_select_cpqr", "rtol", *rtol);
  return cpqr(m, r, rtol);
}

LeverageScores cur_leverage_scores(const MatrixXd& m, int gamma, std::optional<double> rtol) {
  detail::require_finite("cur_leverage_scores", "M", m);
  if (rtol) detail::require_tolerance("cur_leverage_scores", "rtol", *rtol);
  if (gamma < 0 || gamma > std::min(m.rows(), m.cols()))
    throw std::out_of_range("cur_leverage_scores: gamma = " + std::to_string(gamma) + " is out of range for a " +
                            detail::shape(m) + " matrix (0 selects the numerical rank)");
  const Leverage lev = leverage_from_svd(thin_svd(m), m.rows(), m.cols(), gamma, rtol);
  return {lev.cols, lev.rows, lev.gamma, lev.cuts_cluster};
}

CurSelection cur_select_leverage_top(const MatrixXd& m, int r, int gamma, std::optional<double> rtol) {
  check_rank("cur_select_leverage_top", m, r, m.cols());
  const LeverageScores lev = cur_leverage_scores(m, gamma, rtol);
  return leverage_top(lev.columns, r, leverage_note({lev.columns, lev.rows, lev.gamma, lev.cuts_cluster}, r));
}

CurSelection cur_select_leverage_sample(const MatrixXd& m, int r, std::uint64_t seed, int gamma,
                                        std::optional<double> rtol) {
  check_rank("cur_select_leverage_sample", m, r, m.cols());
  const LeverageScores lev = cur_leverage_scores(m, gamma, rtol);
  SplitMix64 rng(seed);
  return leverage_sample(lev.columns, r, rng, leverage_note({lev.columns, lev.rows, lev.gamma, lev.cuts_cluster}, r));
}

DeimTrace cur_deim(const MatrixXd& basis, int r) {
  detail::require_finite("cur_deim", "basis", basis);
  check_rank("cur_deim", basis, r, std::min(basis.rows(), basis.cols()));
  return deim(basis, r);
}

CurSelection cur_select_deim(const MatrixXd& m, int r, std::optional<double> rtol) {
  detail::require_finite("cur_select_deim", "M", m);
  check_rank("cur_select_deim", m, r, std::min(m.rows(), m.cols()));
  if (rtol) detail::require_tolerance("cur_select_deim", "rtol", *rtol);
  const ThinSvd svd = thin_svd(m);
  return deim_selection(svd.v, r, rank_of(svd.s, m.rows(), m.cols(), rtol));
}

// ---------------------------------------------------------------------------------------------
// Middle matrix

CurCore cur_core(const MatrixXd& m, const std::vector<int>& cols, const std::vector<int>& rows, CurMiddle middle,
                 std::optional<double> rtol) {
  detail::require_finite("cur_core", "M", m);
  if (rtol) detail::require_tolerance("cur_core", "rtol", *rtol);
  CurCore out;
  out.cols = dedupe(cols, out.deduplicated);
  out.rows = dedupe(rows, out.deduplicated);
  check_indices("cols", out.cols, m.cols(), m);
  check_indices("rows", out.rows, m.rows(), m);
  out.c = m(Eigen::all, out.cols);
  out.r = m(out.rows, Eigen::all);
  const MatrixXd w = m(out.rows, out.cols);
  const PinvResult wp = pinv(w, with_rtol(rtol));
  out.w_rank = wp.rank;
  const VectorXd& s = wp.singular_values;
  out.w_condition = s(s.size() - 1) > 0.0 ? s(0) / s(s.size() - 1) : kInf;
  if (w.rows() == w.cols()) out.w_det = w.determinant();
  out.u = middle_matrix(m, out.c, out.r, wp, middle, rtol);
  out.approx = (out.c * out.u) * out.r;
  out.error = squared_error(m, out.approx);
  out.pythagoras = m.squaredNorm() - out.approx.squaredNorm();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Brute force

CurPair cur_maxvol_brute(const MatrixXd& m, int r) {
  detail::require_finite("cur_maxvol_brute", "M", m);
  CurPair best;
  best.value = -1.0;
  for_each_pair(m, r, "cur_maxvol_brute", [&](const std::vector<int>& rows, const std::vector<int>& cols) {
    // |det W| overflows to inf for large entries (r = 5 at 1e80; inf - inf in the LU gives NaN): the first
    // pair is always kept, so the selection is never empty, and a NaN volume counts as 0.
    double vol = std::abs(MatrixXd(m(rows, cols)).determinant());
    if (std::isnan(vol)) vol = 0.0;
    if (best.rows.empty() || (vol > best.value && !detail::ties_with(vol, best.value))) best = {rows, cols, vol};
  });
  return best;
}

CurPair cur_best_brute(const MatrixXd& m, int r, CurMiddle middle, std::optional<double> rtol) {
  detail::require_finite("cur_best_brute", "M", m);
  if (rtol) detail::require_tolerance("cur_best_brute", "rtol", *rtol);
  CurPair best;
  best.value = kInf;
  const PinvOptions o = with_rtol(rtol);
  for_each_pair(m, r, "cur_best_brute", [&](const std::vector<int>& rows, const std::vector<int>& cols) {
    const MatrixXd c = m(Eigen::all, cols), rr = m(rows, Eigen::all);
    const MatrixXd u = middle == CurMiddle::intersection ? pinv(MatrixXd(m(rows, cols)), o).pinv
                                                         : MatrixXd(pinv(c, o).pinv * m * pinv(rr, o).pinv);
    const double err = squared_error(m, (c * u) * rr);
    if (best.rows.empty() || (err < best.value && !detail::ties_with(err, best.value))) best = {rows, cols, err};
  });
  return best;
}

// ---------------------------------------------------------------------------------------------
// Everything in one call

CurResult cur(const MatrixXd& m, int r, const CurOptions& o) {
  detail::require_finite("cur", "M", m);
  check_rank("cur", m, r, std::min(m.rows(), m.cols()));
  if (o.rtol) detail::require_tolerance("cur", "rtol", *o.rtol);
  if (o.gamma < 0 || o.gamma > std::min(m.rows(), m.cols()))
    throw std::out_of_range("cur: gamma = " + std::to_string(o.gamma) + " is out of range for a " + detail::shape(m) +
                            " matrix (0 selects the numerical rank)");
  CurResult out;
  const bool needs_vectors =
      o.select == CurSelect::leverage_top || o.select == CurSelect::leverage_sample || o.select == CurSelect::deim;
  ThinSvd svd;
  if (needs_vectors) svd = thin_svd(m);
  out.singular_values = needs_vectors ? svd.s : singular_values(m);
  const MatrixXd mt = m.transpose();
  SplitMix64 rng(o.seed);  // one stream: columns first, then rows
  switch (o.select) {
    case CurSelect::norm_top:
      out.cols = norm_top(m, r);
      out.rows = norm_top(mt, r);
      break;
    case CurSelect::norm_sample:
      out.cols = norm_sample(m, r, rng);
      out.rows = norm_sample(mt, r, rng);
      break;
    case CurSelect::uniform:
      out.cols = uniform_subset(m, r, rng);
      out.rows = uniform_subset(mt, r, rng);
      break;
    case CurSelect::cpqr:
      out.cols = cpqr(m, r, o.rtol);
      out.rows = cpqr(mt, r, o.rtol);
      break;
    case CurSelect::leverage_top:
    case CurSelect::leverage_sample: {
      const Leverage lev = leverage_from_svd(svd, m.rows(), m.cols(), o.gamma, o.rtol);
      const std::string note = leverage_note(lev, r);
      if (o.select == CurSelect::leverage_top) {
        out.cols = leverage_top(lev.cols, r, note);
        out.rows = leverage_top(lev.rows, r, note);
      } else {
        out.cols = leverage_sample(lev.cols, r, rng, note);
        out.rows = leverage_sample(lev.rows, r, rng, note);
      }
      break;
    }
    case CurSelect::deim: {
      const int rank = rank_of(svd.s, m.rows(), m.cols(), o.rtol);
      out.cols = deim_selection(svd.v, r, rank);
      out.rows = deim_selection(svd.u, r, rank);
      break;
    }
    case CurSelect::maxvol_brute:
    case CurSelect::best_brute: {
      const CurPair pair =
          o.select == CurSelect::maxvol_brute ? cur_maxvol_brute(m, r) : cur_best_brute(m, r, o.middle, o.rtol);
      out.cols = make_selection(pair.cols, VectorXd());
      out.rows = make_selection(pair.rows, VectorXd());
      break;
    }
  }
  out.core = cur_core(m, out.cols.order, out.rows.order, o.middle, o.rtol);
  const CurMiddle other = o.middle == CurMiddle::optimal ? CurMiddle::intersection : CurMiddle::optimal;
  const double other_error = cur_core(m, out.cols.order, out.rows.order, other, o.rtol).error;
  CurErrors& e = out.errors;
  e.frobenius_squared = out.core.error;
  e.intersection_squared = o.middle == CurMiddle::intersection ? out.core.error : other_error;
  e.optimal_squared = o.middle == CurMiddle::optimal ? out.core.error : other_error;
  e.spectral = singular_values(MatrixXd(m - out.core.approx))(0);
  const PinvOptions po = with_rtol(o.rtol);
  e.id_columns_squared = squared_error(m, out.core.c * (pinv(out.core.c, po).pinv * m));
  e.id_rows_squared = squared_error(m, (m * pinv(out.core.r, po).pinv) * out.core.r);
  e.floor = truncation_floor(out.singular_values, r);
  return out;
}

}  // namespace mathlets
