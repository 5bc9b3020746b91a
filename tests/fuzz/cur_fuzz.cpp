// Fuzzes cur.hpp on M up to 8x8 (0xN included) with hostile entries, duplicated rows and columns, exact
// low rank and extreme scales: cur() with every selection rule and middle, the column selections, leverage
// scores, DEIM, cur_core on arbitrary index lists, and the brute-force searches where their count is small.
// Every outcome is a result obeying cur-decomposition.md section 3 (indices distinct and in range; the error
// chain intersection >= optimal >= SVD floor; ID errors <= optimal; leverage in [0, 1] summing to gamma;
// DEIM residual 0 on picked rows; brute force <= heuristics) or a documented std::invalid_argument /
// std::out_of_range.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <stdexcept>

#include "fuzz_input.hpp"
#include "mathlets/cur.hpp"
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

double binomial(Index n, Index k) {
  if (k < 0 || k > n) return 0;
  double c = 1;
  for (Index i = 1; i <= k; ++i) c = c * static_cast<double>(n - k + i) / static_cast<double>(i);
  return std::round(c);
}

void check_selection(const CurSelection& s, int r, Index limit) {
  FUZZ_CHECK(static_cast<int>(s.order.size()) == r);
  std::vector<int> sorted = s.order;
  std::sort(sorted.begin(), sorted.end());
  FUZZ_CHECK(sorted == s.sorted);
  FUZZ_CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  for (int i : sorted) FUZZ_CHECK(i >= 0 && i < limit);
}

struct Case {
  MatrixXd m;
  bool finite = false, tame = false;
  double norm2 = 0;  // ||M||_F^2
};

void check_cur(const Case& c, FuzzInput& in) {
  const Index n = c.m.rows(), mm = c.m.cols(), p = std::min(n, mm);
  const int r = static_cast<int>(in.count(static_cast<std::size_t>(p) + 1));  // 0 is out of range
  CurOptions o;
  o.select = static_cast<CurSelect>(in.choice(9));
  o.middle = in.byte() & 1 ? CurMiddle::optimal : CurMiddle::intersection;
  o.seed = in.byte();
  if ((in.byte() & 7) == 0) o.rtol = in.number();
  if ((in.byte() & 7) == 0) o.gamma = static_cast<int>(in.count(static_cast<std::size_t>(p) + 1)) - 1 + (in.byte() & 1);
  const bool brute = o.select == CurSelect::maxvol_brute || o.select == CurSelect::best_brute;
  const double pairs = binomial(n, r) * binomial(mm, r);
  if (brute && pairs > 400) o.select = CurSelect::norm_top;  // keep each execution fast
  const bool rtol_ok = !o.rtol || (*o.rtol >= 0 && std::isfinite(*o.rtol));
  const bool range_bad = r < 1 || r > p || o.gamma < 0 || o.gamma > p;
  CurResult res;
  if (!expect([&] { res = cur(c.m, r, o); }, !c.finite || !rtol_ok, range_bad)) return;
  check_selection(res.cols, r, mm);
  check_selection(res.rows, r, n);
  const CurCore& core = res.core;
  FUZZ_CHECK(core.c.rows() == n && core.c.cols() == r && core.r.rows() == r && core.r.cols() == mm);
  FUZZ_CHECK(core.u.rows() == r && core.u.cols() == r && core.approx.rows() == n && core.approx.cols() == mm);
  FUZZ_CHECK(core.cols == res.cols.order && core.rows == res.rows.order && !core.deduplicated);
  const CurErrors& e = res.errors;
  FUZZ_CHECK(e.frobenius_squared == core.error);
  FUZZ_CHECK(e.frobenius_squared == (o.middle == CurMiddle::optimal ? e.optimal_squared : e.intersection_squared));
  if (!c.tame) return;
  FUZZ_CHECK(core.approx.allFinite() && core.u.allFinite());
  FUZZ_CHECK(res.singular_values.size() == p);
  // Item 3: intersection >= optimal >= floor; item 4: optimal >= both IDs, with slack 1e-9 ||M||_F^2 plus
  // 1e-13 kappa ||M||_F^2: kappa = sigma_1 / sigma_min over the singular values of C, R and W that the pinv
  // tolerance keeps. A rounding-noise singular value just above the tolerance (an exactly rank-1 M with
  // r >= 2) is inverted, and C (C^+ M) is then no projection to any accuracy: the middles are only as
  // accurate as their conditioning (cur-decomposition.md item 5 scales its slack by the same kappa).
  double kappa = 1;
  const MatrixXd w = c.m(core.rows, core.cols);
  PinvOptions po;
  po.rtol = o.rtol;
  for (const MatrixXd& piece : {core.c, core.r, w}) {
    const PinvResult pr = pinv(piece, po);
    if (pr.rank > 0) kappa = std::max(kappa, pr.singular_values(0) / pr.singular_values(pr.rank - 1));
  }
  const double slack = (1e-9 + 1e-13 * kappa) * c.norm2;
  if (std::getenv("FUZZ_VERBOSE"))
    std::fprintf(stderr, "rtol %g r %d select %d middle %d: intersection %.17g optimal %.17g floor %.17g kappa %g\n",
                 o.rtol ? *o.rtol : -1.0, r, static_cast<int>(o.select), static_cast<int>(o.middle),
                 e.intersection_squared, e.optimal_squared, e.floor.frobenius_squared, kappa);
  // An rtol below the rounding level (the default is max(rows, cols) eps) keeps noise singular values on
  // purpose (pseudo-inverse.md: "rtol = 0 keeps rounding noise"); the middles are then arbitrary, as the
  // caller asked: kappa ~ 1e32 and an "optimal" error 1e31 ||M||^2 were seen. The chain needs a real rtol.
  if (o.rtol && *o.rtol < 64 * 2.2e-16) return;
  FUZZ_CHECK(e.intersection_squared >= e.optimal_squared - slack);
  FUZZ_CHECK(e.optimal_squared >= e.floor.frobenius_squared - slack);
  FUZZ_CHECK(e.optimal_squared >= std::max(e.id_columns_squared, e.id_rows_squared) - slack);
  FUZZ_CHECK(e.spectral >= e.floor.spectral * (1 - 1e-9) - 1e-9 * std::sqrt(c.norm2));
  FUZZ_CHECK(std::fabs(core.error - (c.m - core.approx).squaredNorm()) <= 1e-12 * c.norm2 + 1e-12 * core.error);
  // Item 11: the brute-force best is <= every heuristic for the same middle.
  if (pairs <= 400 && r >= 1) {
    CurPair best;
    expect([&] { best = cur_best_brute(c.m, r, o.middle, o.rtol); }, false, false);
    FUZZ_CHECK(best.rows.size() == static_cast<std::size_t>(r) && best.cols.size() == static_cast<std::size_t>(r));
    FUZZ_CHECK(best.value <= core.error + slack);
    CurPair vol;
    expect([&] { vol = cur_maxvol_brute(c.m, r); }, false, false);
    CurCore at;
    expect([&] { at = cur_core(c.m, vol.cols, vol.rows, o.middle, o.rtol); }, false, false);
    FUZZ_CHECK(best.value <= at.error + slack);
    if (std::getenv("FUZZ_VERBOSE") && at.w_det) std::fprintf(stderr, "det %.17g volume %.17g\n", *at.w_det, vol.value);
    // det W of 1e80-sized 5x5 pieces overflows (inf, or NaN from inf - inf in the LU): compare finite ones.
    if (at.w_det && std::isfinite(*at.w_det) && std::isfinite(vol.value))
      FUZZ_CHECK(std::fabs(std::fabs(*at.w_det) - vol.value) <= 1e-9 * std::max(vol.value, 1e-300));
  }
}

// M / 2^e with max |M| in [2^(e-1), 2^e): an exact copy whose largest entry lies in [1/2, 1).
MatrixXd in_unit_binade(const MatrixXd& m) {
  int e = 0;
  if (m.size()) std::frexp(m.cwiseAbs().maxCoeff(), &e);
  return m.unaryExpr([e](double v) { return std::ldexp(v, -e); });
}

void check_parts(const Case& c, FuzzInput& in) {
  const Index n = c.m.rows(), mm = c.m.cols(), p = std::min(n, mm);
  const int r = static_cast<int>(in.count(static_cast<std::size_t>(mm) + 1));
  const std::uint64_t seed = in.byte();
  CurSelection s;
  const bool r_bad = r < 1 || r > mm;
  switch (in.choice(5)) {
    case 0:
      if (expect([&] { s = cur_select_norm_top(c.m, r); }, !c.finite, r_bad)) {
        check_selection(s, r, mm);
        FUZZ_CHECK(cur_select_norm_top(in_unit_binade(c.m), r).order == s.order);  // scale-free (issue 14)
      }
      break;
    case 1:
      if (expect([&] { s = cur_select_norm_sample(c.m, r, seed); }, !c.finite, r_bad)) check_selection(s, r, mm);
      break;
    case 2:
      if (expect([&] { s = cur_select_uniform(c.m, r, seed); }, !c.finite, r_bad)) check_selection(s, r, mm);
      break;
    case 3:
      if (expect([&] { s = cur_select_cpqr(c.m, r); }, !c.finite, r_bad)) {
        check_selection(s, r, mm);
        // The same choice as on the copy with its largest entry in [1/2, 1) at every scale: CPQR squared
        // unscaled column norms, so it chose by scale outside 1e-150 .. 1e150 (issue 14).
        FUZZ_CHECK(cur_select_cpqr(in_unit_binade(c.m), r).order == s.order);
        if (!c.tame) break;  // |R_kk| of 1e-302 entries are subnormal and rounded anyhow
        // Item 8, above the rank-exhaustion level: past it |R_kk| is rounding noise of Eigen's downdated
        // column norms and need not decrease (seen on a rank-1 3x3).
        const double noise =
            10 * static_cast<double>(std::max(n, mm)) * 2.2e-16 * (s.scores.size() ? s.scores(0) : 0.0);
        for (Index k = 1; k < s.scores.size(); ++k)
          if (s.scores(k) > noise) FUZZ_CHECK(s.scores(k) <= s.scores(k - 1) * (1 + 1e-12));
      }
      break;
    default:
      if (expect([&] { s = cur_select_leverage_sample(c.m, r, seed); }, !c.finite, r_bad)) check_selection(s, r, mm);
      break;
  }
  // Leverage scores (item 6): in [0, 1], each set summing to gamma.
  const int gamma = static_cast<int>(in.count(static_cast<std::size_t>(p) + 1)) - (in.byte() & 1);
  LeverageScores lev;
  if (expect([&] { lev = cur_leverage_scores(c.m, gamma); }, !c.finite, gamma < 0 || gamma > p) && c.tame) {
    FUZZ_CHECK(lev.columns.size() == mm && lev.rows.size() == n);
    FUZZ_CHECK(lev.gamma >= 0 && lev.gamma <= p && (gamma == 0 || lev.gamma == gamma));
    const double tol = 1e-12 * static_cast<double>(n + mm + 1);
    for (const VectorXd* v : {&lev.columns, &lev.rows}) {
      FUZZ_CHECK((v->array() >= -tol).all() && (v->array() <= 1 + tol).all());
      FUZZ_CHECK(std::fabs(v->sum() - lev.gamma) <= tol * (lev.gamma + 1));
    }
  }
  // DEIM on the right singular vectors (item 7): zero residual on the rows already picked.
  if (c.finite && p > 0 && c.tame) {
    const ThinSvd svd = thin_svd(c.m);
    const int rd = static_cast<int>(in.count(static_cast<std::size_t>(p) - 1)) + 1;
    const DeimTrace t = cur_deim(svd.v, rd);
    check_selection(t.selection, rd, mm);
    for (std::size_t k = 0; k < t.residuals.size(); ++k)
      for (std::size_t j = 0; j < k && j < t.selection.order.size(); ++j)
        FUZZ_CHECK(std::fabs(t.residuals[k](t.selection.order[j])) <=
                   1e-12 * (1 + t.residuals[k].cwiseAbs().maxCoeff()));
  }
  // cur_core on arbitrary lists: duplicates dropped (flagged), bad indices and empty lists rejected.
  std::vector<int> cols(in.count(4)), rows(in.count(4));
  for (int& v : cols) v = static_cast<int>(in.count(static_cast<std::size_t>(mm) + 1)) - 1;
  for (int& v : rows) v = static_cast<int>(in.count(static_cast<std::size_t>(n) + 1)) - 1;
  auto out_of = [](const std::vector<int>& v, Index limit) {
    return std::any_of(v.begin(), v.end(), [&](int i) { return i < 0 || i >= limit; });
  };
  const CurMiddle middle = in.byte() & 1 ? CurMiddle::optimal : CurMiddle::intersection;
  CurCore core;
  if (expect([&] { core = cur_core(c.m, cols, rows, middle); }, !c.finite || cols.empty() || rows.empty(),
             out_of(cols, mm) || out_of(rows, n))) {
    std::vector<int> uc = cols, ur = rows;
    std::sort(uc.begin(), uc.end());
    std::sort(ur.begin(), ur.end());
    const bool dups =
        std::adjacent_find(uc.begin(), uc.end()) != uc.end() || std::adjacent_find(ur.begin(), ur.end()) != ur.end();
    FUZZ_CHECK(core.deduplicated == dups);
    FUZZ_CHECK(core.c.cols() == static_cast<Index>(core.cols.size()) &&
               core.r.rows() == static_cast<Index>(core.rows.size()));
    FUZZ_CHECK(core.w_rank >= 0);
    if (c.tame) {  // beyond, squared errors of 1e308-sized entries overflow (inf - inf = NaN)
      FUZZ_CHECK(core.error >= 0);
      FUZZ_CHECK(core.approx.allFinite());
      if (middle == CurMiddle::optimal) {  // Pythagoras (item 5), slack for ill-conditioned pieces
        FUZZ_CHECK(core.error <= c.norm2 * (1 + 1e-9));
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  FuzzInput::Matrix mm = in.matrix(8, 8);
  Case c;
  c.m = matrix_from_row_major("cur_fuzz", mm.rows, mm.cols, mm.data);
  c.finite = c.m.allFinite();
  const double big = c.m.size() && c.finite ? c.m.cwiseAbs().maxCoeff() : 0.0;
  // Squared Frobenius errors and the pseudo-inverses of pieces stay finite for nonzero entries in 1e-100 .. 1e100.
  double small_nz = INFINITY;  // a column of 1e-209 entries has a pseudo-inverse of 1e209: U overflows
  for (Index i = 0; i < c.m.size(); ++i)
    if (c.m.data()[i] != 0) small_nz = std::min(small_nz, std::fabs(c.m.data()[i]));
  c.tame = c.finite && big <= 1e100 && small_nz >= 1e-100;
  g_overflowing_input = !c.tame;
  c.norm2 = c.tame ? c.m.squaredNorm() : 0.0;
  if (std::getenv("FUZZ_VERBOSE")) {
    std::fprintf(stderr, "M (%td x %td):\n", mm.rows, mm.cols);
    for (Index i = 0; i < c.m.rows(); ++i) {
      for (Index j = 0; j < c.m.cols(); ++j) std::fprintf(stderr, " %.17g", c.m(i, j));
      std::fprintf(stderr, "\n");
    }
  }
  if (in.byte() & 1) check_cur(c, in);
  else check_parts(c, in);
  return 0;
}
