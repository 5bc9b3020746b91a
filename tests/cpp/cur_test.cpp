// CUR decomposition suite: the oracles T-U1..T-U3 of ../shared/math/cur-decomposition.md, the
// invariants of its section 3 on random matrices (exact recovery, the error chain
// intersection >= optimal >= SVD floor, ID comparison, Pythagoras, leverage, DEIM, CPQR, scaling,
// transpose symmetry, brute force), the edge cases of section 2.4, and bad input.
#include "mathlets/cur.hpp"
#include "mathlets/row_major.hpp"

#include "lowrank_test_matrices.hpp"

#include <Eigen/QR>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using mathlets::CurMiddle;
using mathlets::CurSelect;
using Ints = std::vector<int>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

MatrixXd rows_of(Index rows, Index cols, std::initializer_list<double> values) {
  return mathlets::matrix_from_row_major("test", rows, cols, std::vector<double>(values));
}

mathlets::CurOptions opts(CurSelect select, CurMiddle middle = CurMiddle::optimal, int gamma = 0,
                          std::uint64_t seed = 0) {
  mathlets::CurOptions o;
  o.select = select;
  o.middle = middle;
  o.gamma = gamma;
  o.seed = seed;
  return o;
}

const MatrixXd kM1 = rows_of(4, 5, {1, 2, 0, 1, 3, 0, 1, 1, 2, 1, 1, 3, 1, 3, 4, 2, 5, 1, 4, 7});
const MatrixXd kM3 = rows_of(5, 4, {9, 8, 5, 3, 7, 4, 2, -1, 3, 4, 4, 6, 0, 3, 6, 10, 5, 6, 7, 6});

constexpr CurSelect kDeterministic[] = {CurSelect::norm_top, CurSelect::cpqr, CurSelect::leverage_top, CurSelect::deim};
constexpr CurSelect kAllMethods[] = {CurSelect::norm_top, CurSelect::norm_sample,  CurSelect::uniform,
                                     CurSelect::cpqr,     CurSelect::leverage_top, CurSelect::leverage_sample,
                                     CurSelect::deim,     CurSelect::maxvol_brute, CurSelect::best_brute};

// sigma_1 / sigma_k of a matrix (k-th condition number), +inf if sigma_k = 0.
double kth_condition(const MatrixXd& a, Index k) {
  const VectorXd s = mathlets::singular_values(a);
  return s(k - 1) > 0 ? s(0) / s(k - 1) : kInf;
}

void expect_values(const VectorXd& got, std::initializer_list<double> want, double tol) {
  ASSERT_EQ(got.size(), Index(want.size()));
  Index i = 0;
  for (double w : want) EXPECT_NEAR(got(i++), w, tol) << "entry " << i - 1;
}

// ------------------------------------------------------------------------------------------------
// T-U1: the exactly rank-2 matrix M1.

TEST(CurOracle, RankTwoExactRecovery) {
  const VectorXd s = mathlets::singular_values(kM1);
  EXPECT_NEAR(s(0), 12.2324049336, 1e-10);  // file gives 12 significant digits
  EXPECT_NEAR(s(1), 1.83528459387, 1e-10);
  EXPECT_LT(s(2), 1e-13);
  struct Case {
    Ints rows, cols;
    MatrixXd w_inverse;
  };
  const Case cases[] = {
      {{0, 1}, {0, 2}, MatrixXd::Identity(2, 2)},
      {{2, 3}, {1, 3}, rows_of(2, 2, {-4.0 / 3, 1, 5.0 / 3, -1})},
      {{0, 3}, {2, 4}, rows_of(2, 2, {-7.0 / 3, 1, 1.0 / 3, 0})},
  };
  for (const Case& c : cases)
    for (CurMiddle middle : {CurMiddle::intersection, CurMiddle::optimal}) {
      const auto core = mathlets::cur_core(kM1, c.cols, c.rows, middle);
      if (middle == CurMiddle::intersection) {
        EXPECT_LE((core.u - c.w_inverse).norm(), 1e-14);  // 2x2 integer W
      }
      EXPECT_LE(core.error, 1e-24);  // exact recovery: O(eps ||M||)^2 with ||M||_F ~ 12
    }
  // r = 3 > rank: W singular (rank 2), both modes still exact.
  for (CurMiddle middle : {CurMiddle::intersection, CurMiddle::optimal}) {
    const auto core = mathlets::cur_core(kM1, {0, 1, 2}, {0, 1, 2}, middle);
    EXPECT_EQ(core.w_rank, 2);
    EXPECT_LE(core.error, 1e-22);
  }
  // All 60 choices of two rows and two columns recover M1 exactly in both modes (R4).
  int count = 0;
  for (int r0 = 0; r0 < 4; ++r0)
    for (int r1 = r0 + 1; r1 < 4; ++r1)
      for (int c0 = 0; c0 < 5; ++c0)
        for (int c1 = c0 + 1; c1 < 5; ++c1) {
          ++count;
          for (CurMiddle middle : {CurMiddle::intersection, CurMiddle::optimal}) {
            const auto core = mathlets::cur_core(kM1, {c0, c1}, {r0, r1}, middle);
            EXPECT_EQ(core.w_rank, 2);
            // Invariant 1: ||M - CUR||_F <= 1e-10 kappa ||M||_F with kappa the worst 2nd condition number.
            const double kappa = std::max({kth_condition(MatrixXd(kM1(Ints{r0, r1}, Ints{c0, c1})), 2),
                                           kth_condition(core.c, 2), kth_condition(core.r, 2)});
            EXPECT_LE(std::sqrt(core.error), 1e-10 * kappa * kM1.norm());
          }
        }
  EXPECT_EQ(count, 60);
}

TEST(CurOracle, RankTwoScoresAndSelections) {
  const auto lev = mathlets::cur_leverage_scores(kM1);  // default gamma = numerical rank = 2
  EXPECT_EQ(lev.gamma, 2);
  // Exact rationals, computed through an SVD: 1e-14 absolute on O(1) scores.
  expect_values(lev.columns, {1.0 / 8, 15.0 / 56, 15.0 / 56, 39.0 / 56, 9.0 / 14}, 1e-14);
  expect_values(lev.rows, {1.0 / 3, 2.0 / 3, 1.0 / 3, 2.0 / 3}, 1e-14);
  EXPECT_EQ(mathlets::cur_select_cpqr(kM1, 2).order, (Ints{4, 3}));
  EXPECT_EQ(mathlets::cur_select_cpqr(MatrixXd(kM1.transpose()), 2).order, (Ints{3, 1}));
  const auto result = mathlets::cur(kM1, 2, opts(CurSelect::deim));
  EXPECT_EQ(result.cols.order, (Ints{4, 3}));
  EXPECT_EQ(result.rows.order, (Ints{3, 1}));
  EXPECT_LE(result.errors.frobenius_squared, 1e-24);
  // DEIM traces (6 decimals in the file).
  const mathlets::ThinSvd svd = mathlets::thin_svd(kM1);
  const auto cols = mathlets::cur_deim(svd.v.leftCols(2), 2);
  expect_values(cols.residuals[0], {0.195303, 0.510366, 0.119760, 0.434823, 0.705669}, 5e-7);
  expect_values(cols.residuals[1], {0.189367, 0.189367, 0.568102, 0.946836, 0}, 5e-7);
  const auto rows = mathlets::cur_deim(svd.u.leftCols(2), 2);
  expect_values(rows.residuals[0], {0.308023, 0.180295, 0.488318, 0.796342}, 5e-7);
  expect_values(rows.residuals[1], {0.418581, 0.837161, 0.418581, 0}, 5e-7);
  const auto vol = mathlets::cur_maxvol_brute(kM1, 2);
  EXPECT_EQ(vol.rows, (Ints{1, 3}));
  EXPECT_EQ(vol.cols, (Ints{3, 4}));
  EXPECT_NEAR(vol.value, 10.0, 1e-12);
}

// ------------------------------------------------------------------------------------------------
// T-U2: the full-rank 5x4 matrix M3 (the main comparison table).

TEST(CurOracle, FullRankBasics) {
  EXPECT_EQ(kM3.squaredNorm(), 617.0);
  expect_values(mathlets::singular_values(kM3), {22.3406184823, 10.7460981941, 1.34575656692, 0.779152548789}, 1e-10);
  expect_values(kM3.colwise().squaredNorm().transpose(), {164, 141, 130, 182}, 0);
  expect_values(kM3.rowwise().squaredNorm(), {179, 70, 77, 145, 146}, 0);
}

TEST(CurOracle, FullRankSelectionTable) {
  struct Row {
    int r;
    Ints norm_rows, norm_cols, cpqr_rows, cpqr_cols, lev_rows, lev_cols, deim_rows, deim_cols, vol_rows, vol_cols;
    double vol;
  };
  // A table, one row per line: kept out of clang-format.
  // clang-format off
  const Row table[] = {
      {1, {0}, {3}, {0}, {3}, {0}, {1}, {0}, {1}, {3}, {3}, 10},
      {2, {0, 4}, {3, 0}, {0, 3}, {3, 0}, {3, 0}, {3, 0}, {0, 3}, {1, 3}, {0, 3}, {0, 3}, 90},
      {3, {0, 4, 3}, {3, 0, 1}, {0, 3, 4}, {3, 0, 2}, {4, 3, 0}, {2, 3, 0}, {0, 3, 4}, {1, 3, 2}, {0, 3, 4}, {0, 2, 3}, 146},
  };
  // clang-format on
  for (const Row& t : table) {
    SCOPED_TRACE(t.r);
    const auto norm = mathlets::cur(kM3, t.r, opts(CurSelect::norm_top));
    EXPECT_EQ(norm.rows.order, t.norm_rows);
    EXPECT_EQ(norm.cols.order, t.norm_cols);
    const auto qr = mathlets::cur(kM3, t.r, opts(CurSelect::cpqr));
    EXPECT_EQ(qr.rows.order, t.cpqr_rows);
    EXPECT_EQ(qr.cols.order, t.cpqr_cols);
    const auto lev = mathlets::cur(kM3, t.r, opts(CurSelect::leverage_top, CurMiddle::optimal, t.r));  // gamma = r
    EXPECT_EQ(lev.rows.order, t.lev_rows);
    EXPECT_EQ(lev.cols.order, t.lev_cols);
    const auto deim = mathlets::cur(kM3, t.r, opts(CurSelect::deim));
    EXPECT_EQ(deim.rows.order, t.deim_rows);
    EXPECT_EQ(deim.cols.order, t.deim_cols);
    const auto vol = mathlets::cur_maxvol_brute(kM3, t.r);
    EXPECT_EQ(vol.rows, t.vol_rows);
    EXPECT_EQ(vol.cols, t.vol_cols);
    EXPECT_NEAR(vol.value, t.vol, 1e-11);  // integer determinant of a <= 3x3 integer matrix
    const auto via_cur = mathlets::cur(kM3, t.r, opts(CurSelect::maxvol_brute));
    EXPECT_EQ(via_cur.rows.sorted, t.vol_rows);
    EXPECT_EQ(via_cur.cols.sorted, t.vol_cols);
  }
}

TEST(CurOracle, FullRankLeverageScoresAndDeimTraces) {
  struct Lev {
    int gamma;
    std::initializer_list<double> cols, rows;
  };
  const Lev levs[] = {
      {1, {0.229874, 0.267863, 0.250514, 0.251749}, {0.311226, 0.070353, 0.145479, 0.183622, 0.289319}},
      {2, {0.654093, 0.327481, 0.282504, 0.735922}, {0.513537, 0.369147, 0.178737, 0.644952, 0.293627}},
      {3, {0.712909, 0.340703, 0.978357, 0.968031}, {0.592018, 0.369177, 0.482292, 0.658678, 0.897836}},
  };
  for (const Lev& l : levs) {
    const auto s = mathlets::cur_leverage_scores(kM3, l.gamma);
    expect_values(s.columns, l.cols, 5e-7);  // 6 decimals
    expect_values(s.rows, l.rows, 5e-7);
    EXPECT_NEAR(s.columns.sum(), l.gamma, 1e-13);
    EXPECT_NEAR(s.rows.sum(), l.gamma, 1e-13);
  }
  const mathlets::ThinSvd svd = mathlets::thin_svd(kM3);
  const auto cols = mathlets::cur_deim(svd.v.leftCols(3), 3);
  EXPECT_EQ(cols.selection.order, (Ints{1, 3, 2}));
  expect_values(cols.residuals[0], {0.479452, 0.517555, 0.500514, 0.501746}, 5e-7);
  expect_values(cols.residuals[1], {0.425127, 0, 0.414987, 0.932536}, 5e-7);
  expect_values(cols.residuals[2], {0.304816, 0, 1.110166, 0}, 5e-7);
  const auto rows = mathlets::cur_deim(svd.u.leftCols(3), 3);
  EXPECT_EQ(rows.selection.order, (Ints{0, 3, 4}));
  expect_values(rows.residuals[0], {0.557877, 0.265242, 0.381418, 0.428511, 0.537884}, 5e-7);
  expect_values(rows.residuals[1], {0, 0.332768, 0.489886, 1.024701, 0.499306}, 5e-7);
  expect_values(rows.residuals[2], {0, 0.159493, 0.406288, 0, 0.999648}, 5e-7);
}

TEST(CurOracle, FullRankErrorTable) {
  struct Row {
    Ints rows, cols;
    double intersection, optimal;
  };
  // Exact fractions of the file; double results agree to ~1e-13 relative (W's are integer, det >= 1).
  const Row table[] = {
      {{0}, {3}, 21733.0 / 9, 12631337.0 / 32578},
      {{0}, {1}, 11031.0 / 64, 4309727.0 / 25239},
      {{3}, {3}, 2841.0 / 10, 3689187.0 / 13195},
      {{4}, {2}, 6961.0 / 49, 650584.0 / 4745},
      {{0, 4}, {0, 3}, 36379.0 / 1521, 435300161.0 / 30382308},
      {{0, 3}, {0, 3}, 3787.0 / 810, 534661393.0 / 119177094},
      {{0, 3}, {1, 3}, 28276.0 / 5041, 1271625703.0 / 256308238},
      {{0, 3, 4}, {0, 1, 3}, 32842.0 / 529, 376090009.0 / 113934408},
      {{0, 3, 4}, {0, 2, 3}, 16421.0 / 10658, 386697515.0 / 296410689},
      {{0, 3, 4}, {1, 2, 3}, 32842.0 / 11449, 1250837407.0 / 552010839},
      {{2, 3, 4}, {0, 2, 3}, 4553.0 / 3362, 218783212.0 / 183234753},
  };
  for (const Row& t : table) {
    const auto a = mathlets::cur_core(kM3, t.cols, t.rows, CurMiddle::intersection);
    const auto b = mathlets::cur_core(kM3, t.cols, t.rows, CurMiddle::optimal);
    EXPECT_NEAR(a.error, t.intersection, 1e-10 * t.intersection);
    EXPECT_NEAR(b.error, t.optimal, 1e-10 * t.optimal);
    EXPECT_NEAR(b.pythagoras, t.optimal, 1e-10 * 617);  // R2: err = ||M||^2 - ||CUR||^2 (cancellation vs 617)
  }
  // |det W| readouts: r = 2: top-norm 39, DEIM 71, CPQR/max-vol 90; r = 3: 23, 107, 146; best-W^+ 82.
  const std::pair<std::pair<Ints, Ints>, double> dets[] = {
      {{{0, 4}, {0, 3}}, 39},       {{{0, 3}, {1, 3}}, 71},        {{{0, 3}, {0, 3}}, 90},
      {{{0, 3, 4}, {0, 1, 3}}, 23}, {{{0, 3, 4}, {1, 2, 3}}, 107}, {{{0, 3, 4}, {0, 2, 3}}, 146},
      {{{2, 3, 4}, {0, 2, 3}}, 82},
  };
  for (const auto& [sel, det] : dets) {
    const auto core = mathlets::cur_core(kM3, sel.second, sel.first, CurMiddle::intersection);
    ASSERT_TRUE(core.w_det.has_value());
    EXPECT_NEAR(std::abs(*core.w_det), det, 1e-11);
  }
  // Brute-force best: same selection for both middles; SVD floors.
  const std::pair<Ints, Ints> best[] = {{{4}, {2}}, {{0, 3}, {0, 3}}, {{2, 3, 4}, {0, 2, 3}}};
  const double best_int[] = {6961.0 / 49, 3787.0 / 810, 4553.0 / 3362};
  const double best_opt[] = {650584.0 / 4745, 534661393.0 / 119177094, 218783212.0 / 183234753};
  const double floors[] = {117.896766, 2.418139, 0.607079};
  for (int r = 1; r <= 3; ++r) {
    const auto bi = mathlets::cur_best_brute(kM3, r, CurMiddle::intersection);
    const auto bo = mathlets::cur_best_brute(kM3, r, CurMiddle::optimal);
    EXPECT_EQ(bi.rows, best[r - 1].first);
    EXPECT_EQ(bi.cols, best[r - 1].second);
    EXPECT_EQ(bo.rows, best[r - 1].first);
    EXPECT_EQ(bo.cols, best[r - 1].second);
    EXPECT_NEAR(bi.value, best_int[r - 1], 1e-10 * best_int[r - 1]);
    EXPECT_NEAR(bo.value, best_opt[r - 1], 1e-10 * best_opt[r - 1]);
    const auto res = mathlets::cur(kM3, r, opts(CurSelect::best_brute));
    EXPECT_NEAR(res.errors.floor.frobenius_squared, floors[r - 1], 5e-7);  // 6 decimals
    EXPECT_NEAR(res.errors.floor.spectral, mathlets::singular_values(kM3)(r), 1e-14);
    EXPECT_NEAR(res.errors.optimal_squared, best_opt[r - 1], 1e-10 * best_opt[r - 1]);
  }
}

TEST(CurOracle, FullRankIdComparison) {
  // At the leverage-top selections (gamma = r): column ID, row ID, CUR*.
  struct Row {
    int r;
    double id_cols, id_rows, cur_opt;
  };
  const Row table[] = {
      {1, 6492.0 / 47, 168.810, 170.757}, {2, 24001.0 / 6306, 3.124, 4.486}, {3, 15842.0 / 17337, 0.960, 1.305}};
  for (const Row& t : table) {
    const auto res = mathlets::cur(kM3, t.r, opts(CurSelect::leverage_top, CurMiddle::optimal, t.r));
    EXPECT_NEAR(res.errors.id_columns_squared, t.id_cols, 1e-10 * t.id_cols);  // exact fraction
    EXPECT_NEAR(res.errors.id_rows_squared, t.id_rows, 5e-4);                  // 3 decimals
    EXPECT_NEAR(res.errors.optimal_squared, t.cur_opt, 5e-4);
    EXPECT_GE(res.errors.optimal_squared, std::max(res.errors.id_columns_squared, res.errors.id_rows_squared));
  }
}

// ------------------------------------------------------------------------------------------------
// T-U3: edge oracles.

TEST(CurOracle, EdgeOracles) {
  const MatrixXd zero = MatrixXd::Zero(3, 4);
  for (CurSelect s : kAllMethods)
    for (CurMiddle middle : {CurMiddle::intersection, CurMiddle::optimal}) {
      const auto res = mathlets::cur(zero, 2, opts(s, middle));
      EXPECT_EQ(res.core.approx, MatrixXd::Zero(3, 4));
      EXPECT_EQ(res.errors.frobenius_squared, 0.0);
      EXPECT_EQ(res.cols.order.size(), 2u);
    }
  const auto top = mathlets::cur(zero, 2, opts(CurSelect::norm_top));
  EXPECT_EQ(top.rows.order, (Ints{0, 1}));
  EXPECT_EQ(top.cols.order, (Ints{0, 1}));
  EXPECT_TRUE(mathlets::cur(zero, 2, opts(CurSelect::cpqr)).cols.flagged);  // rank exhausted at once
  // M = (5): W = (5), U = 1/5, CUR = M.
  const auto five = mathlets::cur(rows_of(1, 1, {5}), 1, opts(CurSelect::deim, CurMiddle::intersection));
  EXPECT_DOUBLE_EQ(five.core.u(0, 0), 0.2);
  EXPECT_DOUBLE_EQ(five.core.approx(0, 0), 5.0);
  // Near-singular 2x2, r = 1 at (0)/(0): errors delta^2 (intersection) and 3/4 delta^2 (optimal).
  const double delta = 1e-3;
  const MatrixXd near = rows_of(2, 2, {1, 1, 1, 1 + delta});
  const auto a = mathlets::cur_core(near, {0}, {0}, CurMiddle::intersection);
  const auto b = mathlets::cur_core(near, {0}, {0}, CurMiddle::optimal);
  EXPECT_LE((a.approx - MatrixXd::Ones(2, 2)).norm(), 1e-16);
  EXPECT_NEAR(a.error, delta * delta, 1e-9 * delta * delta);  // differences of O(1) entries: ~1e-13 relative
  EXPECT_LE((b.approx - (4 + delta) / 4 * MatrixXd::Ones(2, 2)).norm(), 4e-15);  // a few ulps on 4 entries ~1
  EXPECT_NEAR(b.error, 0.75 * delta * delta, 1e-9 * delta * delta);
  // r = 2 (W = M): default tolerance returns M in both modes; delta = 1e-10 with rtol = 1e-8 gives the rank-1
  // SVD truncation, error sigma_2^2 ~ 2.5e-21 (the rtol plumbing).
  // kappa(W) ~ 4e3: ||M - CUR||_F <= 100 kappa eps ||M||_F ~ 2e-10 (observed ~5e-13), far below the
  // rank-1 answer's 1e-3.
  for (CurMiddle middle : {CurMiddle::intersection, CurMiddle::optimal}) {
    const double kappa = mathlets::cur_core(near, {0, 1}, {0, 1}, middle).w_condition;
    EXPECT_LE(std::sqrt(mathlets::cur_core(near, {0, 1}, {0, 1}, middle).error),
              100 * kappa * std::numeric_limits<double>::epsilon() * near.norm());
  }
  const double tiny = 1e-10;
  const MatrixXd nearer = rows_of(2, 2, {1, 1, 1, 1 + tiny});
  const double lambda2 = 2 * tiny / (2 + tiny + std::sqrt((2 + tiny) * (2 + tiny) - 4 * tiny));
  const auto cut = mathlets::cur_core(nearer, {0, 1}, {0, 1}, CurMiddle::intersection, 1e-8);
  EXPECT_EQ(cut.w_rank, 1);
  // Entries of M - CUR are ~2.5e-11 computed from O(1) values (rounding ~2e-16): 1e-3 relative on the square.
  EXPECT_NEAR(cut.error, lambda2 * lambda2, 1e-3 * lambda2 * lambda2);
  const auto full = mathlets::cur_core(nearer, {0, 1}, {0, 1}, CurMiddle::intersection);
  EXPECT_EQ(full.w_rank, 2);
}

// ------------------------------------------------------------------------------------------------
// Section 3 invariants on random matrices.

TEST(CurInvariants, ExactRecoveryForEveryMethod) {
  mathlets::SplitMix64 rng(1);
  int checked = 0;
  for (int t = 0; t < 30; ++t) {
    const Index n = 4 + Index(mathlets::draw_below(rng, 12)), m = 4 + Index(mathlets::draw_below(rng, 12));
    const int k = 1 + int(mathlets::draw_below(rng, 3));
    const MatrixXd a = mathlets::testing::low_rank_matrix(rng, n, m, k, false);
    for (CurSelect s : kAllMethods) {
      if ((s == CurSelect::maxvol_brute || s == CurSelect::best_brute) && std::max(n, m) > 9)
        continue;  // brute force only on small matrices (cap 2e5 pairs)
      for (int r : {k, k + 1}) {
        const auto res = mathlets::cur(a, r, opts(s, CurMiddle::optimal, 0, std::uint64_t(t)));
        const Index rank_c = mathlets::pinv(res.core.c).rank, rank_r = mathlets::pinv(res.core.r).rank;
        if (rank_c != k || rank_r != k) continue;  // the selection does not span M (possible for random picks)
        ++checked;
        const double kappa = std::max({kth_condition(res.core.c, k), kth_condition(res.core.r, k),
                                       kth_condition(MatrixXd(a(res.rows.order, res.cols.order)), k)});
        // Invariant 1: ||M - CUR||_F <= 1e-10 kappa ||M||_F (optimal; intersection when rank W = k).
        EXPECT_LE(std::sqrt(res.errors.optimal_squared), 1e-10 * kappa * a.norm()) << int(s) << " r=" << r;
        if (res.core.w_rank == k) {
          EXPECT_LE(std::sqrt(res.errors.intersection_squared), 1e-10 * kappa * a.norm()) << int(s) << " r=" << r;
        }
      }
    }
  }
  EXPECT_GT(checked, 300);  // most selections span the range: the bound really ran
}

TEST(CurInvariants, ErrorChainIdPythagorasAndReproduction) {
  mathlets::SplitMix64 rng(2);
  for (int t = 0; t < 40; ++t) {
    const Index n = 3 + Index(mathlets::draw_below(rng, 10)), m = 3 + Index(mathlets::draw_below(rng, 10));
    // Low rank plus noise (noise 1e-3 .. 1e-1): every error is strictly positive.
    const MatrixXd a = mathlets::testing::low_rank_matrix(rng, n, m, 3, true) +
                       std::pow(10.0, -1 - 2 * rng.uniform()) * mathlets::testing::gaussian_matrix(rng, n, m);
    const int r = 1 + int(mathlets::draw_below(rng, std::size_t(std::min(n, m))));
    const double slack = 1e-9 * a.squaredNorm();
    for (CurSelect s : {CurSelect::norm_top, CurSelect::norm_sample, CurSelect::uniform, CurSelect::cpqr,
                        CurSelect::leverage_top, CurSelect::leverage_sample, CurSelect::deim}) {
      SCOPED_TRACE(int(s));
      const auto res = mathlets::cur(a, r, opts(s, CurMiddle::intersection, 0, std::uint64_t(t)));
      const auto& e = res.errors;
      // Invariant 3: intersection >= optimal >= SVD floor (1e-9 ||M||^2 slack, the file's).
      EXPECT_GE(e.intersection_squared, e.optimal_squared - slack);
      EXPECT_GE(e.optimal_squared, e.floor.frobenius_squared - slack);
      EXPECT_GE(e.spectral, e.floor.spectral * (1 - 1e-9));  // spectral Eckart-Young
      // Invariant 4: CUR* is never better than either one-sided ID with the same pieces.
      EXPECT_GE(e.optimal_squared, std::max(e.id_columns_squared, e.id_rows_squared) - slack);
      // Invariant 5: Pythagoras for the optimal middle, to 1e-12 kappa ||M||^2.
      const auto opt = mathlets::cur_core(a, res.cols.order, res.rows.order, CurMiddle::optimal);
      const double kappa = std::max({kth_condition(opt.c, r), kth_condition(opt.r, r), res.core.w_condition});
      EXPECT_NEAR(opt.pythagoras, opt.error, 1e-12 * kappa * a.squaredNorm());
      // Invariant 2: intersection reproduces the chosen rows and columns when W is invertible.
      if (res.core.w_rank == r) {
        const double tol = 1e-10 * res.core.w_condition * a.cwiseAbs().maxCoeff();
        EXPECT_LE((res.core.approx(res.rows.order, Eigen::all) - a(res.rows.order, Eigen::all)).cwiseAbs().maxCoeff(),
                  tol);
        EXPECT_LE((res.core.approx(Eigen::all, res.cols.order) - a(Eigen::all, res.cols.order)).cwiseAbs().maxCoeff(),
                  tol);
      }
    }
  }
}

TEST(CurInvariants, LeverageScores) {
  mathlets::SplitMix64 rng(3);
  for (int t = 0; t < 30; ++t) {
    const Index n = 2 + Index(mathlets::draw_below(rng, 12)), m = 2 + Index(mathlets::draw_below(rng, 12));
    const Index k = 1 + Index(mathlets::draw_below(rng, std::size_t(std::min(n, m))));
    const MatrixXd a = mathlets::testing::low_rank_matrix(rng, n, m, k, false);
    const auto lev = mathlets::cur_leverage_scores(a);
    EXPECT_EQ(lev.gamma, k);
    // Invariant 6: 0 <= l <= 1, sum = gamma; with gamma = rank, l = diag(M^+ M); all to rounding (1e-12).
    EXPECT_GE(lev.columns.minCoeff(), 0.0);
    EXPECT_LE(lev.columns.maxCoeff(), 1.0 + 1e-12);
    EXPECT_NEAR(lev.columns.sum(), double(k), 1e-12 * k);
    EXPECT_NEAR(lev.rows.sum(), double(k), 1e-12 * k);
    const MatrixXd hat = mathlets::pinv(a).pinv * a;
    EXPECT_LE((lev.columns - hat.diagonal()).cwiseAbs().maxCoeff(), 1e-10);  // kappa_k up to ~1e2 here
    // Column scores are invariant under M -> QM (orthogonal Q).
    const MatrixXd q = Eigen::HouseholderQR<MatrixXd>(mathlets::testing::gaussian_matrix(rng, n, n)).householderQ();
    EXPECT_LE((mathlets::cur_leverage_scores(MatrixXd(q * a)).columns - lev.columns).cwiseAbs().maxCoeff(), 1e-10);
  }
}

TEST(CurInvariants, DeimResidualsAndSignFlips) {
  const mathlets::ThinSvd svd = mathlets::thin_svd(kM3);
  const auto base = mathlets::cur_deim(svd.v, 4);
  // Invariant 7: step k's residual vanishes on the k rows picked before it (1e-12).
  for (int k = 1; k < 4; ++k)
    for (int j = 0; j < k; ++j) EXPECT_LE(base.residuals[k](base.selection.order[j]), 1e-12) << k;
  // Flipping the sign of any singular vector leaves the selection unchanged.
  for (int mask = 1; mask < 16; ++mask) {
    MatrixXd flipped = svd.v;
    for (int j = 0; j < 4; ++j)
      if (mask & (1 << j)) flipped.col(j) *= -1;
    EXPECT_EQ(mathlets::cur_deim(flipped, 4).selection.order, base.selection.order) << mask;
  }
  // Random matrices: zero residuals on picked rows, distinct picks.
  mathlets::SplitMix64 rng(8);
  for (int t = 0; t < 20; ++t) {
    const MatrixXd a = mathlets::testing::gaussian_matrix(rng, 15, 9);
    const auto trace = mathlets::cur_deim(mathlets::thin_svd(a).v, 6);
    for (int k = 1; k < 6; ++k)
      for (int j = 0; j < k; ++j) EXPECT_LE(trace.residuals[k](trace.selection.order[j]), 1e-12);
    Ints sorted = trace.selection.sorted;
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  }
}

// Reference CPQR: the greedy of R9 by explicit Gram-Schmidt (pick the largest residual norm).
Ints greedy_cpqr(const MatrixXd& m, int r) {
  MatrixXd res = m;
  Ints picked;
  for (int k = 0; k < r; ++k) {
    Index best = -1;
    for (Index j = 0; j < m.cols(); ++j)
      if (std::find(picked.begin(), picked.end(), int(j)) == picked.end() &&
          (best < 0 || res.col(j).squaredNorm() > res.col(best).squaredNorm()))
        best = j;
    picked.push_back(int(best));
    const VectorXd q = res.col(best).normalized();
    res -= q * (q.transpose() * res);
  }
  return picked;
}

TEST(CurInvariants, CpqrIsTheExactGreedy) {
  mathlets::SplitMix64 rng(9);
  int checked = 0;
  for (int t = 0; t < 60; ++t) {
    const Index n = 3 + Index(mathlets::draw_below(rng, 6)), m = 3 + Index(mathlets::draw_below(rng, 6));
    MatrixXd a(n, m);
    for (Index j = 0; j < m; ++j)
      for (Index i = 0; i < n; ++i) a(i, j) = double(int(mathlets::draw_below(rng, 19)) - 9);  // integers in [-9, 9]
    const int r = int(std::min(n, m));
    const auto sel = mathlets::cur_select_cpqr(a, r);
    if (sel.flagged) continue;  // rank-deficient draw: the fill-in is not part of the greedy
    // Invariant 8 (integer matrices without near-ties at a decision point): skip draws with a tie.
    MatrixXd res = a;
    bool tie = false;
    for (int k = 0; k < r && !tie; ++k) {
      VectorXd norms = res.colwise().squaredNorm().transpose();
      for (int j = 0; j < k; ++j) norms(sel.order[j]) = -1;
      std::vector<double> v(norms.data(), norms.data() + norms.size());
      std::sort(v.rbegin(), v.rend());
      tie = v.size() > 1 && v[1] > 0 && v[0] - v[1] <= 1e-9 * v[0];
      const VectorXd q = res.col(sel.order[k]).normalized();
      res -= q * (q.transpose() * res);
    }
    if (tie) continue;
    ++checked;
    EXPECT_EQ(sel.order, greedy_cpqr(a, r));
    for (Index k = 1; k < sel.scores.size(); ++k) EXPECT_LE(sel.scores(k), sel.scores(k - 1) * (1 + 1e-12));
  }
  EXPECT_GT(checked, 20);  // the comparison really ran
}

TEST(CurInvariants, ScalingPermutationAndTranspose) {
  mathlets::SplitMix64 rng(12);
  for (int t = 0; t < 15; ++t) {
    const MatrixXd a = mathlets::testing::gaussian_matrix(rng, 7, 6);
    const int r = 1 + int(mathlets::draw_below(rng, 5));
    Ints perm(6);
    std::iota(perm.begin(), perm.end(), 0);
    for (int i = 5; i > 0; --i) std::swap(perm[i], perm[mathlets::draw_below(rng, std::size_t(i) + 1)]);
    const MatrixXd permuted = a(Eigen::all, perm);  // column j of `permuted` is column perm[j] of a
    for (CurSelect s : kDeterministic) {
      SCOPED_TRACE(int(s));
      // Leverage with gamma = r: the default gamma = rank = 6 makes every column score 1 (all ties), and
      // the tie rule then ignores the data (the file's T-U2 remark).
      const auto o = [&] { return opts(s, CurMiddle::optimal, s == CurSelect::leverage_top ? r : 0); };
      const auto base = mathlets::cur(a, r, o());
      // Invariant 9: scaling by c leaves selections unchanged and scales errors by c^2.
      for (double c : {-3.0, 1e-5, 1e5}) {
        const auto scaled = mathlets::cur(MatrixXd(c * a), r, o());
        EXPECT_EQ(scaled.cols.order, base.cols.order);
        EXPECT_EQ(scaled.rows.order, base.rows.order);
        EXPECT_NEAR(scaled.errors.frobenius_squared, c * c * base.errors.frobenius_squared,
                    1e-9 * c * c * base.errors.frobenius_squared);
      }
      // Permuting columns permutes the selected column indices.
      const auto p = mathlets::cur(permuted, r, o());
      Ints mapped;
      for (int j : p.cols.order) mapped.push_back(perm[j]);
      EXPECT_EQ(mapped, base.cols.order);
      EXPECT_EQ(p.rows.order, base.rows.order);
      // Invariant 10: CUR of M^T swaps the roles and transposes the result.
      const auto tr = mathlets::cur(MatrixXd(a.transpose()), r, o());
      EXPECT_EQ(tr.cols.order, base.rows.order);
      EXPECT_EQ(tr.rows.order, base.cols.order);
      EXPECT_LE((tr.core.approx.transpose() - base.core.approx).norm(), 1e-10 * a.norm());
    }
  }
}

TEST(CurInvariants, BruteForceBeatsEveryHeuristic) {
  mathlets::SplitMix64 rng(13);
  for (int t = 0; t < 10; ++t) {
    const MatrixXd a = mathlets::testing::gaussian_matrix(rng, 6, 5);
    for (int r = 1; r <= 3; ++r) {
      const auto vol = mathlets::cur_maxvol_brute(a, r);
      for (CurMiddle middle : {CurMiddle::intersection, CurMiddle::optimal}) {
        const auto best = mathlets::cur_best_brute(a, r, middle);
        for (CurSelect s : kAllMethods) {
          const auto res = mathlets::cur(a, r, opts(s, middle, 0, std::uint64_t(t)));
          // Invariant 11 (1e-12 relative: the same arithmetic on the same pieces).
          EXPECT_LE(best.value, res.errors.frobenius_squared * (1 + 1e-12)) << int(s);
          EXPECT_GE(vol.value * (1 + 1e-12), std::abs(*res.core.w_det)) << int(s);
        }
      }
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Random selections: reproducible, distinct, and distributed as specified.

TEST(CurRandom, SeededSelections) {
  mathlets::SplitMix64 rng(14);
  const MatrixXd a = mathlets::testing::gaussian_matrix(rng, 20, 30);
  for (CurSelect s : {CurSelect::norm_sample, CurSelect::uniform, CurSelect::leverage_sample}) {
    const auto one = mathlets::cur(a, 5, opts(s, CurMiddle::optimal, 0, 77));
    const auto two = mathlets::cur(a, 5, opts(s, CurMiddle::optimal, 0, 77));
    const auto other = mathlets::cur(a, 5, opts(s, CurMiddle::optimal, 0, 78));
    EXPECT_EQ(one.cols.order, two.cols.order);
    EXPECT_EQ(one.rows.order, two.rows.order);
    EXPECT_TRUE(one.cols.order != other.cols.order || one.rows.order != other.rows.order);
    Ints sorted = one.cols.sorted;
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  }
  // The public column routines use the same stream as cur's column draw.
  EXPECT_EQ(mathlets::cur_select_uniform(a, 5, 77).order,
            mathlets::cur(a, 5, opts(CurSelect::uniform, CurMiddle::optimal, 0, 77)).cols.order);
  EXPECT_EQ(mathlets::cur_select_norm_sample(a, 5, 77).order,
            mathlets::cur(a, 5, opts(CurSelect::norm_sample, CurMiddle::optimal, 0, 77)).cols.order);
  // Uniform: every index equally likely to be included (r/m = 0.4; 20000 draws, 5 sigma = 0.017).
  std::vector<double> freq(5, 0.0);
  const MatrixXd small = MatrixXd::Ones(3, 5);
  for (int t = 0; t < 20000; ++t)
    for (int j : mathlets::cur_select_uniform(small, 2, std::uint64_t(t)).order) freq[j] += 1.0 / 20000;
  for (double f : freq) EXPECT_NEAR(f, 0.4, 0.017);
  // Norm sampling never picks a zero column while nonzero ones remain.
  MatrixXd holes = a.leftCols(6);
  holes.col(1).setZero();
  holes.col(4).setZero();
  for (int t = 0; t < 200; ++t)
    for (int j : mathlets::cur_select_norm_sample(holes, 4, std::uint64_t(t)).order) EXPECT_TRUE(j != 1 && j != 4);
  EXPECT_TRUE(mathlets::cur_select_norm_sample(holes, 5, 0).flagged);  // one zero column must be drawn
}

TEST(CurEdges, ManualSelectionsAndRectangularW) {
  // Duplicates are dropped (first occurrence kept) and reported.
  const auto dup = mathlets::cur_core(kM3, {3, 0, 3}, {0, 0, 3}, CurMiddle::optimal);
  EXPECT_TRUE(dup.deduplicated);
  EXPECT_EQ(dup.cols, (Ints{3, 0}));
  EXPECT_EQ(dup.rows, (Ints{0, 3}));
  EXPECT_NEAR(dup.error, 534661393.0 / 119177094, 1e-10 * 5);
  // |S1| != |S2|: U is |S1| x |S2|; the chain intersection >= optimal still holds.
  const auto a = mathlets::cur_core(kM3, {0, 2, 3}, {0, 3}, CurMiddle::intersection);
  const auto b = mathlets::cur_core(kM3, {0, 2, 3}, {0, 3}, CurMiddle::optimal);
  EXPECT_EQ(a.u.rows(), 3);
  EXPECT_EQ(a.u.cols(), 2);
  EXPECT_FALSE(a.w_det.has_value());
  EXPECT_GE(a.error, b.error - 1e-9 * 617);
  // Zero column forced into C: pseudo-inverses handle it.
  MatrixXd z = kM3;
  z.col(1).setZero();
  const auto zc = mathlets::cur_core(z, {1, 3}, {0, 3}, CurMiddle::optimal);
  EXPECT_TRUE(zc.approx.allFinite());
  EXPECT_EQ(zc.w_condition, kInf);
  // 1x1 and rank flags.
  EXPECT_TRUE(mathlets::cur(kM1, 3, opts(CurSelect::deim)).cols.flagged);  // r > rank 2
  EXPECT_FALSE(mathlets::cur(kM1, 2, opts(CurSelect::deim)).cols.flagged);
  EXPECT_TRUE(mathlets::cur(kM1, 3, opts(CurSelect::leverage_top)).cols.flagged);
}

TEST(CurEdges, LargeMatrices) {
  mathlets::SplitMix64 rng(512);
  const MatrixXd a = mathlets::testing::low_rank_matrix(rng, 512, 512, 30, true) +
                     1e-6 * mathlets::testing::gaussian_matrix(rng, 512, 512);
  for (CurSelect s : {CurSelect::deim, CurSelect::cpqr, CurSelect::leverage_top}) {
    const auto res = mathlets::cur(a, 40, opts(s));
    const double slack = 1e-9 * a.squaredNorm();
    EXPECT_GE(res.errors.intersection_squared, res.errors.optimal_squared - slack);
    EXPECT_GE(res.errors.optimal_squared, res.errors.floor.frobenius_squared - slack);
    // Rank 30 + 1e-6 noise, r = 40 > 30: the optimal CUR is near the noise level (floor ~ 0.25 here),
    // far below ||M||^2 ~ 1e5: a loose 1e-3 relative bound shows the selection captured the range.
    EXPECT_LE(res.errors.optimal_squared, 1e-3 * a.squaredNorm());
  }
}

// ------------------------------------------------------------------------------------------------
// Bad input.

TEST(CurErrors, RangesShapesAndValues) {
  const MatrixXd a = MatrixXd::Ones(5, 7);
  try {
    mathlets::cur(a, 9);
    FAIL() << "no throw";
  } catch (const std::out_of_range& e) {
    EXPECT_EQ(std::string(e.what()), "cur: rank r = 9 is out of range for a 5x7 matrix");
  }
  EXPECT_THROW(mathlets::cur(a, 0), std::out_of_range);
  EXPECT_THROW(mathlets::cur(a, 6), std::out_of_range);  // r <= min(n, m) = 5
  EXPECT_THROW(mathlets::cur_select_norm_top(a, 8), std::out_of_range);
  EXPECT_THROW(mathlets::cur_select_cpqr(a, -1), std::out_of_range);
  EXPECT_THROW(mathlets::cur_deim(MatrixXd::Identity(4, 2), 3), std::out_of_range);
  EXPECT_THROW(mathlets::cur_leverage_scores(a, 6), std::out_of_range);
  EXPECT_THROW(mathlets::cur(a, 2, opts(CurSelect::leverage_top, CurMiddle::optimal, -1)), std::out_of_range);
  try {
    mathlets::cur_core(a, {0, 7}, {0, 1}, CurMiddle::optimal);
    FAIL() << "no throw";
  } catch (const std::out_of_range& e) {
    EXPECT_EQ(std::string(e.what()), "cur_core: cols index 7 is out of range for a 5x7 matrix");
  }
  EXPECT_THROW(mathlets::cur_core(a, {}, {0}, CurMiddle::optimal), std::invalid_argument);
  EXPECT_THROW(mathlets::cur_maxvol_brute(MatrixXd::Ones(30, 30), 4), std::invalid_argument);  // cap 2e5
  EXPECT_THROW(mathlets::cur(MatrixXd::Ones(30, 30), 4, opts(CurSelect::best_brute)), std::invalid_argument);
  EXPECT_THROW(mathlets::cur_core(kM3, {0}, {0}, CurMiddle::optimal, -1.0), std::invalid_argument);
  for (double bad : {kNaN, kInf}) {
    MatrixXd b = kM3;
    b(2, 1) = bad;
    for (CurSelect s : kAllMethods) EXPECT_THROW(mathlets::cur(b, 2, opts(s)), std::invalid_argument);
    EXPECT_THROW(mathlets::cur_core(b, {0}, {0}, CurMiddle::intersection), std::invalid_argument);
    EXPECT_THROW(mathlets::cur_leverage_scores(b), std::invalid_argument);
    EXPECT_THROW(mathlets::cur_select_uniform(b, 1, 0), std::invalid_argument);
  }
  try {
    MatrixXd b = kM3;
    b(2, 1) = kNaN;
    mathlets::cur(b, 2);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "cur: M (5x4) has a non-finite entry nan at (2, 1)");
  }
}

}  // namespace

// Regression found by tests/fuzz/cur_fuzz.cpp: every |det W| overflowed to inf, an inf after the initial -1
// counted as a tie, and cur_maxvol_brute returned an empty selection (cur() then threw "cols is empty").
TEST(FuzzRegressions, MaxVolumeWhenEveryDeterminantOverflows) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(6, 6) * 1e80;
  m(0, 5) = 3e80;
  m(5, 0) = -2e80;
  const mathlets::CurPair pair = mathlets::cur_maxvol_brute(m, 5);
  EXPECT_EQ(pair.rows.size(), 5u);
  EXPECT_EQ(pair.cols.size(), 5u);
  mathlets::CurOptions o;
  o.select = mathlets::CurSelect::maxvol_brute;
  EXPECT_EQ(mathlets::cur(m, 5, o).cols.order.size(), 5u);
}

// Regression found by tests/fuzz/cur_fuzz.cpp: the optimal middle of a 1e-192 column overflows (error inf),
// and the tie rule counted every later error as tied with that inf, so the brute force returned error inf.
TEST(FuzzRegressions, BestBruteMovesOffAnInfiniteError) {
  const double a = 1.3202428078732969e-192;
  Eigen::MatrixXd m(3, 3);
  m << a, a, a, a, a, a, a, a, 1;
  const mathlets::CurPair best = mathlets::cur_best_brute(m, 1, mathlets::CurMiddle::optimal);
  EXPECT_EQ(best.rows, std::vector<int>{2});
  EXPECT_EQ(best.cols, std::vector<int>{2});
  EXPECT_LT(best.value, 1e-300);
}
