// CUR retrieval (cur-retrieval.md): the oracles T-R1 to T-R12, the invariants of section 3 and the edge
// cases of section 2.11. Recall tables are asserted as exact hit counts (every entry is a multiple of
// 1/2000), except where the file gives a tolerance (T-R9, T-R10: +-0.02).
#include "mathlets/cur_retrieval.hpp"
#include "mathlets/pinv.hpp"
#include "mathlets/splitmix64.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using namespace mathlets;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// The presets of T-R6 and a pipeline over their first rows of R and 200 test queries.

ScorerParams preset(ScoreKind kind, double beta, double noise = 0.1) { return {8, noise, kind, beta, 42}; }
const ScorerParams kLin0 = preset(ScoreKind::linear, 0.0, 0.0);
const ScorerParams kLin = preset(ScoreKind::linear, 0.0);
const ScorerParams kExp1 = preset(ScoreKind::exp, 1.0);
const ScorerParams kExp2 = preset(ScoreKind::exp, 2.0);
const ScorerParams kTanh2 = preset(ScoreKind::tanh, 2.0);
const std::vector<int> kKr{10, 20, 50, 100, 200, 500};

// R for anchor queries 0..kq-1 over 5000 items, and the exact rows and top-10 of test queries 2^31 + j.
struct Bench {
  MatrixXd r;
  std::vector<std::vector<double>> rows;
  std::vector<TopK> truth;
};

Bench make_bench(const ScorerParams& p, int kq = 128, int n_test = 200, int n_items = 5000) {
  SyntheticScorer s(p);
  Bench b;
  b.r = s.first_block(kq, n_items);
  for (int j = 0; j < n_test; ++j) {
    b.rows.push_back(s.oracle_row(kTestQueryBase + j, n_items));
    b.truth.push_back(exact_topk(b.rows.back(), 10));
  }
  return b;
}

struct Recall {
  std::vector<int> hits;  // per kr: true items within the top-kr of s_hat, over all test queries
  int rank = 0;
  double kappa = 0.0;
  double frob = 0.0;  // relative Frobenius error of the test block
};

// The E-route of T-R6 (index, s_hat = c E, positions) with `anchors` (default: uniform seed 7).
Recall run(const Bench& b, int kq, int ki, std::optional<double> rtol = std::nullopt, const std::vector<int>& kr = kKr,
           std::optional<std::vector<int>> anchors = std::nullopt, double (*map)(double) = nullptr) {
  const MatrixXd r = map ? MatrixXd(b.r.topRows(kq).unaryExpr(map)) : MatrixXd(b.r.topRows(kq));
  const std::vector<int> ids = anchors ? *anchors : select_anchor_items(r, ki, {AnchorRule::uniform, 7, 0, {}}).ids;
  const CurRetrievalIndex index = cur_retrieval_index(r, ids, rtol);
  Recall out{std::vector<int>(kr.size(), 0), index.rank, index.kappa, 0.0};
  double err = 0.0, norm = 0.0;
  for (std::size_t j = 0; j < b.rows.size(); ++j) {
    std::vector<double> row = b.rows[j];
    if (map) std::transform(row.begin(), row.end(), row.begin(), map);
    VectorXd c(static_cast<Eigen::Index>(ids.size()));
    for (std::size_t a = 0; a < ids.size(); ++a) c(static_cast<Eigen::Index>(a)) = row[ids[a]];
    const VectorXd approx = index.e.transpose() * c;
    for (std::size_t i = 0; i < row.size(); ++i) {
      err += (approx(static_cast<Eigen::Index>(i)) - row[i]) * (approx(static_cast<Eigen::Index>(i)) - row[i]);
      norm += row[i] * row[i];
    }
    const std::vector<double> rc = recall_curve({approx.data(), row.size()}, b.truth[j].ids, kr);
    for (std::size_t t = 0; t < kr.size(); ++t) out.hits[t] += static_cast<int>(std::lround(rc[t] * 10));
  }
  out.frob = std::sqrt(err / norm);
  return out;
}

// Expected mean recall values (4 decimals, exact multiples of 1/2000) as hit counts over 200 x 10.
std::vector<int> counts(const std::vector<double>& recall) {
  std::vector<int> out;
  for (double v : recall) out.push_back(static_cast<int>(std::lround(v * 2000)));
  return out;
}

void expect_recall_near(const Recall& got, const std::vector<double>& want, double tol, const std::string& what) {
  for (std::size_t t = 0; t < want.size(); ++t)
    EXPECT_NEAR(got.hits[t] / 2000.0, want[t], tol) << what << " entry " << t;
}

// ---------------------------------------------------------------------------------------------
// T-R1: the generator's golden values

TEST(CurRetrievalGenerator, GoldenStreamsAndLatents) {
  EXPECT_EQ(stream_state(42, 1, 0), 0xa5b268fb17078eb5ULL);
  EXPECT_EQ(stream_state(42, 2, 0), 0x61486c133c386068ULL);
  EXPECT_EQ(stream_state(42, 3, 0), 0x37dfdbd9d73a071bULL);
  EXPECT_EQ(stream_state(42, 3, 1), 0x3b4650bb40f4d730ULL);
  SplitMix64 first(stream_state(42, 1, 0));
  EXPECT_EQ(first.next(), 0x52901a9c9d84a4f6ULL);
  const SyntheticScorer s(kExp1);
  const std::vector<double> u0{-0.981031227421342, 0.43437259731139033, -1.1850377104368253, 0.0005380468372937486};
  const std::vector<double> v0{-0.2009490351251113, -0.06591271523180353, 1.5325397534116645, -0.6581085030963099};
  const std::vector<double> ut{0.38655940388501, 0.5176800884413773, 1.456016457089194, 0.4855088651697397};
  for (int j = 0; j < 4; ++j) {
    EXPECT_EQ(s.latent_query(0)[j], u0[j]);
    EXPECT_EQ(s.latent_item(0)[j], v0[j]);
    EXPECT_EQ(s.latent_query(kTestQueryBase)[j], ut[j]);
  }
  EXPECT_EQ(s.pair_noise(0, 0), -1.183336990556545);
  EXPECT_EQ(s.pair_noise(0, 1), -0.8092507320998719);
}

TEST(CurRetrievalGenerator, GoldenScores) {
  struct Row {
    std::uint64_t q, i;
    double t, lin, exp1, exp3, tanh2;
  };
  const Row rows[] = {
      {0, 0, -1.3548999428512363, -1.4732336419068908, -0.7708168106912947, -0.3293207226825571, -0.4972487216964525},
      {0, 1, 0.4377127844141831, 0.3567877112041959, 0.4287325337484723, 0.6388127881699677, 0.3064569961725463},
      {1, 3, 2.0455255452136614, 2.201477706247177, 8.038359676699274, 245.7870624774474, 0.4998501777038508},
      {kTestQueryBase, 3, -1.4329571101992462, -1.3687124148523881, -0.7455656453708875, -0.32784290789545745,
       -0.4958266314385789},
  };
  SyntheticScorer lin0(kLin0), lin(kLin), exp1(kExp1), exp3(preset(ScoreKind::exp, 3.0)), tanh2(kTanh2);
  for (const Row& r : rows) {
    EXPECT_EQ(lin0.score(r.q, r.i), r.t);  // linear logits: bit for bit
    EXPECT_EQ(lin.score(r.q, r.i), r.lin);
    EXPECT_NEAR(exp1.score(r.q, r.i), r.exp1, 1e-15 * std::abs(r.exp1));
    EXPECT_NEAR(exp3.score(r.q, r.i), r.exp3, 1e-15 * std::abs(r.exp3));
    EXPECT_NEAR(tanh2.score(r.q, r.i), r.tanh2, 1e-15 * std::abs(r.tanh2));
  }
  EXPECT_EQ(lin.calls(), 4u);
  lin.reset_calls();
  EXPECT_EQ(lin.calls(), 0u);
  const std::vector<std::uint64_t> q{0, 1}, i{0, 1, 3};
  const MatrixXd block = lin.block(q, i);
  EXPECT_EQ(lin.calls(), 6u);
  EXPECT_EQ(block(0, 1), rows[1].lin);
  EXPECT_EQ(block(1, 2), rows[2].lin);
}

// Invariant 10: prefix-stable latents; every kind and beta gives the same exact top-k.
TEST(CurRetrievalGenerator, PrefixStableAndSameTruthForEveryKind) {
  const SyntheticScorer r8(kExp1), r12({12, 0.1, ScoreKind::exp, 1.0, 42});
  for (std::uint64_t id : {std::uint64_t{0}, std::uint64_t{7}, kTestQueryBase + 3}) {
    const auto a = r8.latent_query(id), b = r12.latent_query(id);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));
  }
  for (int j = 0; j < 20; ++j) {
    const std::vector<int> want = exact_topk(SyntheticScorer(kLin).oracle_row(kTestQueryBase + j, 1000), 10).ids;
    for (const ScorerParams& p : {kExp1, kExp2, kTanh2, preset(ScoreKind::exp, 0.0)})
      EXPECT_EQ(exact_topk(SyntheticScorer(p).oracle_row(kTestQueryBase + j, 1000), 10).ids, want);
  }
}

TEST(CurRetrievalGenerator, RangesTransformsAndClamps) {
  EXPECT_THROW(SyntheticScorer({0, 0.1, ScoreKind::exp, 1, 1}), std::out_of_range);
  EXPECT_THROW(SyntheticScorer({65, 0.1, ScoreKind::exp, 1, 1}), std::out_of_range);
  EXPECT_THROW(SyntheticScorer({8, 2.5, ScoreKind::exp, 1, 1}), std::out_of_range);
  EXPECT_THROW(SyntheticScorer({8, kNaN, ScoreKind::exp, 1, 1}), std::out_of_range);
  EXPECT_THROW(SyntheticScorer({8, 0.1, ScoreKind::tanh, 8.5, 1}), std::out_of_range);
  SyntheticScorer s(kExp1);
  EXPECT_THROW(s.score(std::uint64_t{1} << 32, 0), std::out_of_range);
  EXPECT_EQ(s.calls(), 0u);
  bool clamped = false;
  EXPECT_EQ(score_transform(ScoreKind::exp, 8.0, 100.0, &clamped), std::expm1(700.0) / 8.0);
  EXPECT_TRUE(clamped);
  // expm1 keeps small beta accurate (the naive (e^{bx} - 1) / b loses about 6 digits at b = 1e-6).
  const double bx = 1e-6 * 1.2345;
  EXPECT_NEAR(score_transform(ScoreKind::exp, 1e-6, 1.2345), 1.2345 * (1 + bx / 2 + bx * bx / 6), 1e-15);
  clamped = false;
  EXPECT_EQ(score_inverse(ScoreKind::tanh, 2.0, 0.5, &clamped), std::atanh(std::nextafter(1.0, 0.0)) / 2.0);
  EXPECT_TRUE(clamped);
  for (double x : {-3.0, -0.2, 0.0, 0.7, 2.5}) {
    EXPECT_NEAR(score_inverse(ScoreKind::exp, 1.0, score_transform(ScoreKind::exp, 1.0, x)), x, 1e-14);
    EXPECT_NEAR(score_inverse(ScoreKind::tanh, 2.0, score_transform(ScoreKind::tanh, 2.0, x)), x, 1e-9);
  }
}

// ---------------------------------------------------------------------------------------------
// T-R2 to T-R5: small exact cases

MatrixXd tr2_r() {
  MatrixXd r(3, 6);
  r << 3, 3, 2, 7, 0, 2, 4, -1, 6, 6, 5, 1, 1, -1, 2, 1, 2, 0;
  return r;
}

TEST(CurRetrievalSmall, ExactRecoveryTR2) {
  const CurRetrievalIndex index = cur_retrieval_index(tr2_r(), {1, 4});
  MatrixXd w_pinv(2, 3), e(2, 6);
  w_pinv << 29.0 / 90, 1.0 / 45, -1.0 / 18, 7.0 / 90, 8.0 / 45, 1.0 / 18;
  e << 1, 1, 2.0 / 3, 7.0 / 3, 0, 2.0 / 3, 1, 0, 4.0 / 3, 5.0 / 3, 1, 1.0 / 3;
  EXPECT_LE((index.w_pinv - w_pinv).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_LE((index.e - e).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_EQ(index.rank, 2);
  const std::vector<double> c{0, 3}, s{3, 0, 4, 5, 3, 1};
  const auto exact = [&](const std::vector<int>& ids) {
    std::vector<double> v;
    for (int i : ids) v.push_back(s[i]);
    return v;
  };
  const CurRetrieval got = cur_retrieve(index, c, 2, 2, exact);
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(got.approx(i), s[i], 1e-14);
  EXPECT_EQ(got.ids, (std::vector<int>{3, 2}));
  const Eigen::RowVector3d alpha = Eigen::RowVector2d(0, 3) * index.w_pinv;
  EXPECT_LE((alpha - Eigen::RowVector3d(7.0 / 30, 8.0 / 15, 1.0 / 6)).cwiseAbs().maxCoeff(), 1e-15);
  MatrixXd q_anc(3, 2);
  q_anc << 2, 1, 1, 3, 0, 1;
  EXPECT_LE((alpha * q_anc - Eigen::RowVector2d(1, 2)).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(CurRetrievalSmall, InvisibleDirectionAndRerankRescueTR3) {
  const CurRetrievalIndex index = cur_retrieval_index(tr2_r(), {1, 4});
  const std::vector<double> c{0, 3}, s{3, 0, 7, 5, 3, 4};
  int calls = 0;
  const auto exact = [&](const std::vector<int>& ids) {
    calls += static_cast<int>(ids.size());
    std::vector<double> v;
    for (int i : ids) v.push_back(s[i]);
    return v;
  };
  const CurRetrieval kr1 = cur_retrieve(index, c, 1, 1, exact);
  EXPECT_EQ(kr1.candidates, std::vector<int>{3});
  EXPECT_EQ(kr1.ids, std::vector<int>{3});
  const CurRetrieval kr2 = cur_retrieve(index, c, 1, 2, exact);
  EXPECT_EQ(kr2.candidates, (std::vector<int>{3, 2}));
  EXPECT_EQ(kr2.ids, std::vector<int>{2});
  const std::vector<int> truth{2, 3, 5};
  const std::vector<double> curve = recall_curve({kr2.approx.data(), 6}, truth, std::vector<int>{3, 4, 5, 6});
  EXPECT_EQ(curve, (std::vector<double>{2.0 / 3, 2.0 / 3, 1, 1}));
  for (int kr = 3; kr <= 6; ++kr)
    EXPECT_EQ(recall_at_k(cur_retrieve(index, c, 3, kr, exact).ids, truth), curve[kr - 3]) << kr;
  // Approximate order 3, 2, {0, 4}, 5, 1 (items 0 and 4 tie at 3 in exact arithmetic).
  EXPECT_EQ(approx_positions({kr2.approx.data(), 6}, std::vector<int>{3, 2, 5, 1}), (std::vector<int>{0, 1, 4, 5}));
  calls = 0;
  const CurRetrieval kr5 = cur_retrieve(index, c, 3, 5, exact);
  EXPECT_EQ(kr5.ce_calls, 6);
  EXPECT_EQ(calls + 2, 6);
  EXPECT_EQ(kr5.nominal_calls, 7);
}

TEST(CurRetrievalSmall, WideAndTallTR4) {
  const MatrixXd r = tr2_r();
  const CurRetrievalIndex wide = cur_retrieval_index(r.topRows(2), {1, 4, 5});
  MatrixXd w_pinv(3, 2);
  w_pinv << 8.0 / 35, -1.0 / 35, 1.0 / 70, 13.0 / 70, 11.0 / 70, 3.0 / 70;
  EXPECT_LE((wide.w_pinv - w_pinv).cwiseAbs().maxCoeff(), 1e-15);
  const auto approx = [](const CurRetrievalIndex& idx, std::vector<double> c) {
    return VectorXd(idx.e.transpose() * Eigen::Map<VectorXd>(c.data(), static_cast<Eigen::Index>(c.size())));
  };
  VectorXd s(6);
  s << 3, 0, 4, 5, 3, 1;
  EXPECT_LE((approx(wide, {0, 3, 1}) - s).cwiseAbs().maxCoeff(), 1e-14);
  VectorXd perturbed(6);
  perturbed << 51.0 / 14, 3.0 / 7, 32.0 / 7, 89.0 / 14, 45.0 / 14, 19.0 / 14;
  const VectorXd got = approx(wide, {0, 3, 2});
  EXPECT_LE((got - perturbed).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_NEAR(got(5), 19.0 / 14, 1e-14);  // the anchor score 2 is not reproduced (least squares)
  const CurRetrievalIndex tall = cur_retrieval_index(r, {1, 4});
  VectorXd tall_want(6);
  tall_want << 3.5, 0.5, 13.0 / 3, 37.0 / 6, 3, 4.0 / 3;
  EXPECT_LE((approx(tall, {0.5, 3}) - tall_want).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(CurRetrievalSmall, NearSingularSquareTR5) {
  const double delta = 1e-3, eta = 1e-2;
  MatrixXd r(2, 4);
  r << 1, 1, 2, 0, 1, 1 + delta, 2, 1;
  const std::vector<double> c{1, 1 + eta};
  const CurRetrievalIndex exact = cur_retrieval_index(r, {0, 1});
  EXPECT_NEAR(exact.singular_values(0), 2.000500124999992, 1e-14);
  EXPECT_NEAR(exact.singular_values(1), 4.99875000007812e-4, 1e-16);
  const VectorXd full = exact.e.transpose() * Eigen::Vector2d(c[0], c[1]);
  const Eigen::Vector4d want(1, 1.01, 2, 10);
  EXPECT_LE((full - want).cwiseAbs().maxCoeff(), 1e-11);  // eta / delta on item 3, up to kappa eps
  const CurRetrievalIndex cut = cur_retrieval_index(r, {0, 1}, 1e-3);
  EXPECT_EQ(cut.rank, 1);
  const VectorXd trunc = cut.e.transpose() * Eigen::Vector2d(c[0], c[1]);
  const Eigen::Vector4d trunc_want(1.004749936906262, 1.005252437468449, 2.009499873812524, 0.5025005621873946);
  EXPECT_LE((trunc - trunc_want).cwiseAbs().maxCoeff(), 1e-14);
}

// ---------------------------------------------------------------------------------------------
// T-R6: the pipeline recall tables at the file's sizes (n_i = 5000, k_q = 128, 200 test queries).

TEST(CurRetrievalTables, LinearNoiselessIsExactTR6) {
  const Bench b = make_bench(kLin0);
  for (int ki : {8, 16, 32, 64, 128}) {
    const Recall got = run(b, 128, ki);
    EXPECT_EQ(got.hits, std::vector<int>(6, 2000)) << ki;
    EXPECT_EQ(got.rank, 8) << ki;  // rtol drops W's null directions (section 2.11)
    if (ki == 8) EXPECT_NEAR(got.kappa, 41.3, 0.05);
  }
}

TEST(CurRetrievalTables, LinearNoisyTR6) {
  const Bench b = make_bench(kLin);
  const std::vector<std::vector<double>> want{{.5455, .7250, .8670, .9340, .9720, .9905},
                                              {.7955, .9695, .9980, 1.0000, 1.0000, 1.0000},
                                              {.8060, .9750, .9985, .9995, 1.0000, 1.0000},
                                              {.7915, .9540, .9975, .9995, 1.0000, 1.0000},
                                              {.1690, .2525, .3925, .4995, .6190, .7700}};
  const int ki[] = {8, 16, 32, 64, 128};
  const double kappa[] = {15.2, 26.8, 52.0, 121, 5.72e3};
  for (int t = 0; t < 5; ++t) {
    const Recall got = run(b, 128, ki[t]);
    EXPECT_EQ(got.hits, counts(want[t])) << ki[t];
    EXPECT_NEAR(got.kappa, kappa[t], 0.006 * kappa[t]) << ki[t];
  }
}

TEST(CurRetrievalTables, Exp1TR6) {
  const Bench b = make_bench(kExp1);
  const std::vector<std::vector<double>> want{{.1380, .2400, .4130, .5870, .7330, .9075},
                                              {.2075, .3445, .5835, .7620, .9000, .9845},
                                              {.2720, .4450, .7240, .8855, .9610, .9925},
                                              {.3215, .5220, .8235, .9460, .9830, .9940},
                                              {.0460, .0755, .1420, .2110, .3270, .4645}};
  const int ki[] = {8, 16, 32, 64, 128};
  const double kappa[] = {4.75, 10.9, 32.8, 117, 4.07e4};
  for (int t = 0; t < 5; ++t) {
    const Recall got = run(b, 128, ki[t]);
    EXPECT_EQ(got.hits, counts(want[t])) << ki[t];
    EXPECT_NEAR(got.kappa, kappa[t], 0.006 * kappa[t]) << ki[t];
  }
}

TEST(CurRetrievalTables, Exp2AndTanh2TR6) {
  const Bench exp2 = make_bench(kExp2), tanh2 = make_bench(kTanh2);
  const std::vector<std::vector<double>> want_exp2{{.0900, .1545, .2905, .4270, .5800, .8040},
                                                   {.1025, .1770, .3255, .4705, .6500, .8355},
                                                   {.1070, .1870, .3620, .5390, .7225, .8755},
                                                   {.1080, .1840, .4020, .5955, .7700, .9020}};
  const std::vector<std::vector<double>> want_tanh2{{.1520, .2285, .3730, .5170, .6645, .8560},
                                                    {.2535, .3635, .5615, .7340, .8725, .9775},
                                                    {.1835, .2935, .4705, .6385, .8125, .9590},
                                                    {.1075, .1565, .2895, .4185, .5885, .8255}};
  const int ki[] = {8, 16, 32, 64};
  for (int t = 0; t < 4; ++t) {
    EXPECT_EQ(run(exp2, 128, ki[t]).hits, counts(want_exp2[t])) << "exp2 " << ki[t];
    EXPECT_EQ(run(tanh2, 128, ki[t]).hits, counts(want_tanh2[t])) << "tanh2 " << ki[t];
  }
}

// The uniform anchors of T-R6 and their nesting (invariant 9).
TEST(CurRetrievalTables, UniformAnchorOrderAndNesting) {
  const MatrixXd r = MatrixXd::Zero(1, 5000);
  const AnchorSelection sel = select_anchor_items(r, 16, {AnchorRule::uniform, 7, 0, {}});
  EXPECT_EQ(sel.order, (std::vector<int>{1561, 3679, 3539, 533, 1836, 1139, 1973, 3809, 4470, 691, 354, 1209, 2668,
                                         4788, 4338, 1175}));
  EXPECT_EQ(select_anchor_items(r, 8, {AnchorRule::uniform, 7, 0, {}}).ids,
            (std::vector<int>{533, 1139, 1561, 1836, 1973, 3539, 3679, 3809}));
  for (int k : {1, 5, 9}) {
    const auto prefix = select_anchor_items(r, k, {AnchorRule::uniform, 7, 0, {}}).order;
    EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), sel.order.begin())) << k;
  }
}

// The batch routine gives the same table (route of section 2.9) with its baselines and counters.
TEST(CurRetrievalTables, EvaluateMatchesThePipeline) {
  EvaluationOptions o;
  o.scorer = kLin;
  o.ki = 16;
  o.de_baselines = {6};
  o.random_baseline = true;
  o.spectrum = true;
  const Evaluation e = evaluate_cur_retrieval(o);
  EXPECT_EQ(counts(e.recall), counts({.7955, .9695, .9980, 1.0000, 1.0000, 1.0000}));
  EXPECT_EQ(e.offline_calls, 128u * 5000u);
  EXPECT_EQ(e.positions.size(), 2000u);
  EXPECT_NEAR(e.frob_rel_err, 0.146, 0.0005);  // T-R9 uniform seed 7
  EXPECT_GT(e.min_margin, 0.0);
  for (std::size_t t = 0; t < kKr.size(); ++t) {
    EXPECT_GE(e.mean_ce_calls[t], 16.0);
    EXPECT_LE(e.mean_ce_calls[t], 16.0 + kKr[t]);
  }
  ASSERT_EQ(e.baselines.size(), 2u);
  EXPECT_EQ(e.baselines[1].name, "de6");
  EXPECT_EQ(counts({e.baselines[1].recall[0], e.baselines[1].recall[2]}), counts({.4480, .7960}));
  // Energy in the top 8 singular values of R (T-R11's spectrum row).
  const VectorXd s2 = e.r_singular_values.array().square();
  EXPECT_NEAR(s2.head(8).sum() / s2.sum(), 0.9905, 5e-5);
}

// The widget's fast path: R and the truth of an earlier evaluation give the same recall and positions.
TEST(CurRetrievalTables, EvaluateReusesRAndTruth) {
  EvaluationOptions o;
  o.scorer = kExp1;
  o.n_items = 1000, o.kq = 48, o.ki = 16, o.n_test = 50, o.kr_values = {10, 50};
  o.de_baselines = {4};
  const Evaluation first = evaluate_cur_retrieval(o);
  o.r_block = SyntheticScorer(kExp1).first_block(48, 1000);
  o.truth = first.truth;
  for (const AnchorRule rule : {AnchorRule::uniform, AnchorRule::deim}) {
    o.anchors.rule = rule;
    const Evaluation again = evaluate_cur_retrieval(o);
    o.r_block.reset();
    const std::vector<int> truth = std::move(o.truth);
    o.truth.clear();
    const Evaluation fresh = evaluate_cur_retrieval(o);
    EXPECT_EQ(again.recall, fresh.recall);
    EXPECT_EQ(again.positions, fresh.positions);
    EXPECT_EQ(again.baselines[0].recall, fresh.baselines[0].recall);
    EXPECT_TRUE(std::isnan(again.frob_rel_err));
    o.r_block = SyntheticScorer(kExp1).first_block(48, 1000);
    o.truth = truth;
  }
  o.r_block = SyntheticScorer(kLin).first_block(48, 1000);
  EXPECT_THROW(evaluate_cur_retrieval(o), std::invalid_argument);  // another scorer's R
  o.r_block = SyntheticScorer(kExp1).first_block(48, 1000);
  o.truth.pop_back();
  EXPECT_THROW(evaluate_cur_retrieval(o), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// T-R7 and T-R8: the interpolation dip at k_i = k_q and the rtol remedy (recall@10 at k_r = 10 / 100)

TEST(CurRetrievalDip, DipAtSquareWTR7) {
  const Bench b = make_bench(kExp1, 256);
  const std::vector<int> kr{10, 100};
  EXPECT_EQ(run(b, 128, 64, std::nullopt, kr).hits[1], counts({.9460})[0]);
  EXPECT_EQ(run(b, 128, 128, std::nullopt, kr).hits[1], counts({.2110})[0]);
  EXPECT_EQ(run(b, 128, 192, std::nullopt, kr).hits[1], counts({.9700})[0]);
  EXPECT_EQ(run(b, 32, 32, std::nullopt, kr).hits[1], counts({.1645})[0]);
  EXPECT_EQ(run(b, 32, 48, std::nullopt, kr).hits[1], counts({.7375})[0]);
  EXPECT_EQ(run(b, 64, 64, std::nullopt, kr).hits[1], counts({.3820})[0]);
}

TEST(CurRetrievalDip, RtolRemedyTR8) {
  const Bench b = make_bench(kExp1);
  const std::vector<int> kr{10, 100};
  const Recall square = run(b, 128, 128, 1e-2, kr);
  EXPECT_EQ(square.hits, counts({.4270, .9840}));
  EXPECT_EQ(square.rank, 88);
  const Recall square3 = run(b, 128, 128, 1e-3, kr);
  EXPECT_EQ(square3.hits, counts({.2375, .8530}));
  EXPECT_EQ(square3.rank, 123);
  const Recall half = run(b, 128, 64, 1e-2, kr);
  EXPECT_EQ(half.hits, counts({.3165, .9585}));
  EXPECT_EQ(half.rank, 62);
  const Recall coarse = run(b, 128, 128, 1e-1, kr);
  EXPECT_EQ(coarse.hits, counts({.3010, .9345}));
  EXPECT_EQ(coarse.rank, 30);
  const Recall lin = run(make_bench(kLin), 128, 128, 1e-1, kr);
  EXPECT_EQ(lin.hits, counts({.8450, 1.0}));
  EXPECT_EQ(lin.rank, 8);
}

// ---------------------------------------------------------------------------------------------
// T-R9: anchor rules (recall@10 at k_r = 10 / 100, +-0.02; uniform seed 7 exactly)

void check_rules(const ScorerParams& p, int ki, const std::vector<std::pair<AnchorRule, std::vector<double>>>& want,
                 double uniform_frob) {
  const Bench b = make_bench(p);
  const std::vector<int> kr{10, 100};
  const Recall uniform = run(b, 128, ki, std::nullopt, kr);
  EXPECT_NEAR(uniform.frob, uniform_frob, 0.0005);
  for (const auto& [rule, recall] : want) {
    const auto ids = select_anchor_items(b.r, ki, {rule, 7, 0, {}}).ids;
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(ki));
    expect_recall_near(run(b, 128, ki, std::nullopt, kr, ids), recall, 0.02, "rule " + std::to_string(int(rule)));
  }
}

TEST(CurRetrievalAnchors, RulesOnLinearTR9) {
  check_rules(kLin, 16,
              {{AnchorRule::top_norm, {.823, 1.0}},
               {AnchorRule::leverage, {.823, 1.0}},
               {AnchorRule::deim, {.828, 1.0}},
               {AnchorRule::cpqr, {.828, 1.0}},
               {AnchorRule::kmeans, {.760, 1.0}}},
              0.146);
}

TEST(CurRetrievalAnchors, RulesOnExp1TR9) {
  check_rules(kExp1, 16,
              {{AnchorRule::top_norm, {.191, .625}},
               {AnchorRule::leverage, {.164, .551}},
               {AnchorRule::deim, {.165, .576}},
               {AnchorRule::cpqr, {.168, .570}},
               {AnchorRule::kmeans, {.184, .734}}},
              0.924);
}

TEST(CurRetrievalAnchors, ManualAndErrors) {
  const MatrixXd r = tr2_r();
  const AnchorSelection m = select_anchor_items(r, 2, {AnchorRule::manual, 0, 0, {4, 1, 4}});
  EXPECT_EQ(m.ids, (std::vector<int>{1, 4}));
  EXPECT_EQ(m.order, (std::vector<int>{4, 1}));
  EXPECT_FALSE(m.note.empty());
  EXPECT_THROW(select_anchor_items(r, 3, {AnchorRule::manual, 0, 0, {4, 1}}), std::invalid_argument);
  EXPECT_THROW(select_anchor_items(r, 1, {AnchorRule::manual, 0, 0, {6}}), std::out_of_range);
  EXPECT_THROW(select_anchor_items(r, 0, {}), std::out_of_range);
  EXPECT_THROW(select_anchor_items(r, 7, {}), std::out_of_range);
  EXPECT_THROW(select_anchor_items(r, 4, {AnchorRule::deim, 0, 0, {}}), std::out_of_range);  // k_i > k_q
  MatrixXd bad = r;
  bad(1, 2) = kNaN;
  try {
    select_anchor_items(bad, 2, {});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("R_block"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// T-R10 and invariant 8: adaptive anchors at a fixed budget

std::vector<double> scores_of(const std::vector<double>& row, const std::vector<int>& ids) {
  std::vector<double> v;
  for (int i : ids) v.push_back(row[i]);
  return v;
}

double adaptive_recall(const Bench& b, const AdaptiveOptions& o) {
  double hits = 0;
  for (std::size_t j = 0; j < b.rows.size(); ++j) {
    const AdaptiveRetrieval got = adaptive_cur_retrieve(
        b.r, [&](const std::vector<int>& ids) { return scores_of(b.rows[j], ids); }, o);
    EXPECT_EQ(got.ce_calls, o.budget);
    hits += recall_at_k(got.ids, b.truth[j].ids) * 10;
  }
  return hits / (10.0 * b.rows.size());
}

TEST(CurRetrievalAdaptive, BudgetRoundsTR10) {
  const Bench b = make_bench(kExp1);
  EXPECT_NEAR(adaptive_recall(b, {10, 100, 16, 1, std::nullopt, 7}), .723, 0.02);
  // ANNCUR at the same budget, 16 + 84 (T-R10's first column).
  const AnchorSelection first16 = select_anchor_items(b.r, 16, {AnchorRule::uniform, 7, 0, {}});
  EXPECT_NEAR(run(b, 128, 16, std::nullopt, {84}, first16.ids).hits[0] / 2000.0, .723, 0.02);
  EXPECT_EQ(adaptive_round_sizes({10, 100, 16, 4, std::nullopt, 0}, 5000), (std::vector<int>{21, 21, 21, 21}));
  EXPECT_EQ(adaptive_round_sizes({10, 100, 10, 4, std::nullopt, 0}, 5000), (std::vector<int>{22, 22, 23, 23}));
}

// Four rounds with rtol = 1e-2 (T-R10's "T = 4, rtol*" column): the cost of the 800 pseudo-inverses
// makes this the suite's slowest test (about 1.5 s).
TEST(CurRetrievalAdaptive, FourRoundsWithTruncationTR10) {
  EXPECT_NEAR(adaptive_recall(make_bench(kExp1), {10, 100, 16, 4, 1e-2, 7}), .933, 0.02);
}

TEST(CurRetrievalAdaptive, OneRoundIsAtLeastAnncurWithAnchorsInvariant8) {
  const Bench b = make_bench(kExp1, 64, 30, 800);
  for (int j = 0; j < 30; ++j) {
    const auto exact = [&](const std::vector<int>& ids) { return scores_of(b.rows[j], ids); };
    const AdaptiveRetrieval adaptive = adaptive_cur_retrieve(b.r, exact, {10, 60, 12, 1, std::nullopt, 3});
    const auto anchors = select_anchor_items(b.r, 12, {AnchorRule::uniform, 3, 0, {}}).ids;
    const CurRetrievalIndex index = cur_retrieval_index(b.r, anchors);
    const CurRetrieval anncur = cur_retrieve(index, exact(anchors), 10, 48, exact, true);
    EXPECT_GE(recall_at_k(adaptive.ids, b.truth[j].ids), recall_at_k(anncur.ids, b.truth[j].ids)) << j;
    EXPECT_EQ(adaptive.ce_calls, 60);
    EXPECT_EQ(adaptive.anchors_per_round.size(), 2u);
  }
  EXPECT_THROW(adaptive_cur_retrieve(b.r, [](const std::vector<int>&) { return std::vector<double>{}; }),
               std::invalid_argument);
  EXPECT_THROW(adaptive_round_sizes({1, 10, 10, 2, std::nullopt, 0}, 800), std::out_of_range);  // B <= k0
  EXPECT_THROW(adaptive_round_sizes({1, 10, 0, 2, std::nullopt, 0}, 800), std::out_of_range);   // k0 = 0
  EXPECT_THROW(adaptive_round_sizes({1, 10, 2, 0, std::nullopt, 0}, 800), std::out_of_range);   // T = 0
  EXPECT_THROW(adaptive_round_sizes({1, 900, 2, 2, std::nullopt, 0}, 800), std::out_of_range);  // B > n_i
  EXPECT_THROW(adaptive_round_sizes({11, 10, 2, 2, std::nullopt, 0}, 800), std::out_of_range);  // k > B
  EXPECT_THROW(adaptive_round_sizes({1, 10, 2, 2, kNaN, 0}, 800), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// T-R11 and invariant 11: indexing f^-1(S) gives the linear results; T-R12: baselines

double inverse_exp1(double s) { return score_inverse(ScoreKind::exp, 1.0, s); }
double inverse_exp2(double s) { return score_inverse(ScoreKind::exp, 2.0, s); }
double inverse_tanh2(double s) { return score_inverse(ScoreKind::tanh, 2.0, s); }

TEST(CurRetrievalTransform, SameRankingDifferentMatrixTR11) {
  const Bench lin = make_bench(kLin), exp1 = make_bench(kExp1), exp2 = make_bench(kExp2);
  const MatrixXd back = exp1.r.unaryExpr(&inverse_exp1);
  EXPECT_LE((back - lin.r).cwiseAbs().maxCoeff() / lin.r.cwiseAbs().maxCoeff(), 1e-13);
  for (int ki : {8, 32}) {
    const std::vector<int> want = run(lin, 128, ki).hits;
    EXPECT_EQ(run(exp1, 128, ki, std::nullopt, kKr, std::nullopt, &inverse_exp1).hits, want) << ki;
  }
  EXPECT_EQ(run(exp2, 128, 8, std::nullopt, kKr, std::nullopt, &inverse_exp2).hits, run(lin, 128, 8).hits);
  const Bench tanh2 = make_bench(kTanh2, 128, 40);
  const Bench lin40 = make_bench(kLin, 128, 40);
  EXPECT_EQ(run(tanh2, 128, 32, std::nullopt, kKr, std::nullopt, &inverse_tanh2).hits, run(lin40, 128, 32).hits);
}

TEST(CurRetrievalBaselines, DualEncoderProxyAndRandomTR12) {
  EvaluationOptions o;
  o.scorer = kExp1;
  o.ki = 8;
  o.kr_values = {10, 50, 100, 200, 500};
  o.de_baselines = {6, 4, 8};
  o.random_baseline = true;
  const Evaluation e = evaluate_cur_retrieval(o);
  ASSERT_EQ(e.baselines.size(), 4u);
  EXPECT_EQ(counts(e.baselines[1].recall), counts({.4480, .7960, .8780, .9300, .9670}));
  EXPECT_EQ(counts(e.baselines[2].recall), counts({.2090, .4645, .5855, .6900, .8285}));
  EXPECT_EQ(counts(e.baselines[3].recall), counts({.8555, 1.0, 1.0, 1.0, 1.0}));
  // Random candidates (invariant 12): mean recall k_r / n_i within 3 binomial sigmas over 2000 draws.
  for (std::size_t t = 0; t < o.kr_values.size(); ++t) {
    const double p = o.kr_values[t] / 5000.0, sigma = std::sqrt(p * (1 - p) / 2000);
    EXPECT_NEAR(e.baselines[0].recall[t], p, 3 * sigma + 1e-12) << o.kr_values[t];
  }
  EXPECT_EQ(counts(e.recall), counts({.1380, .4130, .5870, .7330, .9075}));
}

// ---------------------------------------------------------------------------------------------
// Section 3: invariants on random small cases

struct Small {
  MatrixXd r;      // k_q x n_i
  MatrixXd tests;  // test queries x n_i
};

Small small_case(const ScorerParams& p, int kq, int n_items, int n_test) {
  SyntheticScorer s(p);
  Small out{s.first_block(kq, n_items), MatrixXd(n_test, n_items)};
  for (int j = 0; j < n_test; ++j) {
    const auto row = s.oracle_row(kTestQueryBase + j, n_items);
    out.tests.row(j) = Eigen::Map<const Eigen::RowVectorXd>(row.data(), n_items);
  }
  return out;
}

MatrixXd approx_block(const CurRetrievalIndex& index, const MatrixXd& tests) {
  return tests(Eigen::all, index.anchors) * index.e;
}

TEST(CurRetrievalInvariants, ExactnessAnchorsAndTheAlphaRoute) {
  for (int trial = 0; trial < 30; ++trial) {
    const int r = 1 + trial % 6, kq = r + trial % 5, ki = r + (trial / 5) % 4, n = 60 + 8 * trial;
    const Small c = small_case({r, 0.0, ScoreKind::linear, 0.0, std::uint64_t(100 + trial)}, kq, n, 12);
    const auto anchors = select_anchor_items(c.r, ki, {AnchorRule::uniform, std::uint64_t(trial), 0, {}}).ids;
    const CurRetrievalIndex index = cur_retrieval_index(c.r, anchors);
    ASSERT_EQ(index.rank, r) << trial;
    const double scale = c.tests.cwiseAbs().maxCoeff();
    const MatrixXd approx = approx_block(index, c.tests);
    EXPECT_LE((approx - c.tests).cwiseAbs().maxCoeff(), 1e-10 * index.kappa * scale) << "invariant 1, " << trial;
    // Invariant 3: (c W^+) R equals c (W^+ R).
    const MatrixXd alpha_route = (c.tests(Eigen::all, anchors) * index.w_pinv) * c.r;
    EXPECT_LE((alpha_route - approx).cwiseAbs().maxCoeff(), 1e-12 * index.kappa * approx.cwiseAbs().maxCoeff());
  }
  for (int trial = 0; trial < 20; ++trial) {  // invariant 2: k_q >= k_i = rho on noisy scores
    const int ki = 2 + trial % 5, kq = ki + trial % 4;
    const Small c = small_case({6, 0.3, ScoreKind::exp, 1.0, std::uint64_t(7 + trial)}, kq, 200, 5);
    const auto anchors = select_anchor_items(c.r, ki, {AnchorRule::uniform, std::uint64_t(trial), 0, {}}).ids;
    const CurRetrievalIndex index = cur_retrieval_index(c.r, anchors);
    ASSERT_EQ(index.rank, ki);
    const MatrixXd at = c.tests(Eigen::all, anchors);
    const MatrixXd approx = approx_block(index, c.tests)(Eigen::all, anchors);
    EXPECT_LE((approx - at).cwiseAbs().maxCoeff(), 1e-10 * index.kappa * at.cwiseAbs().maxCoeff()) << trial;
  }
}

TEST(CurRetrievalInvariants, RerankLemmaCallsAndIncludeAnchors) {
  const Small c = small_case(kExp1, 24, 300, 15);
  const auto anchors = select_anchor_items(c.r, 12, {AnchorRule::uniform, 5, 0, {}}).ids;
  const CurRetrievalIndex index = cur_retrieval_index(c.r, anchors);
  for (int j = 0; j < 15; ++j) {
    std::vector<double> s(300);
    for (int i = 0; i < 300; ++i) s[i] = c.tests(j, i);
    const auto exact = [&](const std::vector<int>& ids) { return scores_of(s, ids); };
    const std::vector<double> cq = scores_of(s, anchors);
    const std::vector<int> truth = exact_topk(s, 5).ids;
    double last = 0;
    for (int kr : {5, 6, 10, 20, 50, 120, 299, 300, 400}) {
      const CurRetrieval got = cur_retrieve(index, cq, 5, kr, exact);
      const double rec = recall_at_k(got.ids, truth);
      EXPECT_EQ(rec, recall_curve({got.approx.data(), 300}, truth, std::vector<int>{kr})[0]) << kr;
      EXPECT_GE(rec, last);
      last = rec;
      EXPECT_GE(got.ce_calls, 12);
      EXPECT_LE(got.ce_calls, 12 + std::min(kr, 300));
      EXPECT_EQ(got.exhaustive, kr >= 300);
      if (kr >= 300) {
        EXPECT_EQ(rec, 1.0);
        EXPECT_EQ(got.ce_calls, 300);  // anchors are not scored again
      }
      const CurRetrieval with = cur_retrieve(index, cq, 5, kr, exact, true);
      EXPECT_GE(recall_at_k(with.ids, truth), rec);
      EXPECT_EQ(with.ce_calls, got.ce_calls);  // the anchors cost nothing more
    }
  }
}

TEST(CurRetrievalInvariants, ScaleAndShift) {
  const Small c = small_case(kExp1, 20, 200, 6);
  const auto anchors = select_anchor_items(c.r, 10, {AnchorRule::uniform, 2, 0, {}}).ids;
  const CurRetrievalIndex index = cur_retrieval_index(c.r, anchors), scaled = cur_retrieval_index(4.0 * c.r, anchors);
  const MatrixXd a = approx_block(index, c.tests), b = approx_block(scaled, 4.0 * c.tests);
  EXPECT_LE((b - 4.0 * a).cwiseAbs().maxCoeff(), 1e-13 * b.cwiseAbs().maxCoeff());
  for (int j = 0; j < 6; ++j) {
    std::vector<double> s(200), s4(200);
    for (int i = 0; i < 200; ++i) s[i] = c.tests(j, i), s4[i] = 4 * c.tests(j, i);
    const auto ids = cur_retrieve(index, scores_of(s, anchors), 5, 20, [&](auto& x) { return scores_of(s, x); }).ids;
    EXPECT_EQ(cur_retrieve(scaled, scores_of(s4, anchors), 5, 20, [&](auto& x) { return scores_of(s4, x); }).ids, ids);
  }
  // Invariant 7: a shift S + 5 costs one anchor (rank 3 linear, noiseless).
  const Small lin = small_case({3, 0.0, ScoreKind::linear, 0.0, 11}, 4, 150, 10);
  const MatrixXd r5 = lin.r.array() + 5.0, t5 = lin.tests.array() + 5.0;
  const auto rel = [&](int k) {
    const auto ids = select_anchor_items(r5.topRows(k), k, {AnchorRule::uniform, 1, 0, {}}).ids;
    const MatrixXd err = approx_block(cur_retrieval_index(r5.topRows(k), ids), t5) - t5;
    return err.norm() / t5.norm();
  };
  EXPECT_GT(rel(3), 0.1);
  EXPECT_LT(rel(4), 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Section 2.11: edge cases

TEST(CurRetrievalEdges, ArgumentsDegenerateTiesAndAnchorQueries) {
  const CurRetrievalIndex index = cur_retrieval_index(tr2_r(), {1, 4});
  const std::vector<double> c{0, 3};
  const auto zeros = [](const std::vector<int>& ids) { return std::vector<double>(ids.size(), 0.0); };
  EXPECT_THROW(cur_retrieve(index, c, 3, 2, zeros), std::out_of_range);  // k_r < k
  EXPECT_THROW(cur_retrieve(index, c, 7, 7, zeros), std::out_of_range);  // k > n_i
  EXPECT_THROW(cur_retrieve(index, c, 0, 2, zeros), std::out_of_range);
  try {
    cur_retrieve(index, c, 3, 2, zeros);
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "cur_retrieve: rerank (k_r = 2) < k = 3");
  }
  EXPECT_THROW(cur_retrieve(index, std::vector<double>{0.0, kNaN}, 1, 2, zeros), std::invalid_argument);
  EXPECT_THROW(cur_retrieve(index, std::vector<double>{0.0}, 1, 2, zeros), std::invalid_argument);
  EXPECT_THROW(cur_retrieve(index, c, 1, 2,
                            [](const std::vector<int>&) {
                              return std::vector<double>{kNaN, 1};
                            }),
               std::invalid_argument);
  EXPECT_THROW(cur_retrieval_index(tr2_r(), {}), std::out_of_range);                     // k_i = 0
  EXPECT_THROW(cur_retrieval_index(tr2_r(), {0, 1, 2, 3, 4, 5, 0}), std::out_of_range);  // k_i > n_i
  EXPECT_THROW(cur_retrieval_index(tr2_r(), {1, 1}), std::invalid_argument);             // duplicates
  EXPECT_THROW(cur_retrieval_index(tr2_r(), {1, 6}), std::out_of_range);
  EXPECT_THROW(cur_retrieval_index(tr2_r(), {1}, -1.0), std::invalid_argument);
  MatrixXd inf = tr2_r();
  inf(0, 0) = HUGE_VAL;
  EXPECT_THROW(cur_retrieval_index(inf, {1}), std::invalid_argument);
  // W = 0: E = 0, s_hat = 0, candidates are the lowest ids, flagged degenerate.
  MatrixXd r0 = tr2_r();
  r0.col(1).setZero();
  r0.col(4).setZero();
  const CurRetrievalIndex zero = cur_retrieval_index(r0, {1, 4});
  EXPECT_TRUE(zero.degenerate);
  const CurRetrieval got = cur_retrieve(zero, c, 2, 3, zeros);
  EXPECT_EQ(got.candidates, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(got.approx.cwiseAbs().maxCoeff(), 0.0);
  // Ties: the smaller id wins, and are counted.
  const std::vector<double> tied{1, 3, 3, 0, 3};
  const TopK top = exact_topk(tied, 2);
  EXPECT_EQ(top.ids, (std::vector<int>{1, 2}));
  EXPECT_EQ(top.ties, 2);
  EXPECT_EQ(top.kth - top.next, 0.0);
  const Evaluation saturated = [] {
    EvaluationOptions o;
    o.scorer = {4, 0.0, ScoreKind::tanh, 8.0, 5};
    o.n_items = 500, o.kq = 16, o.ki = 8, o.n_test = 10;
    return evaluate_cur_retrieval(o);
  }();
  EXPECT_GT(saturated.ties, 0);
  // A test query equal to an anchor query is reproduced when W has full row rank (k_i >= k_q).
  const Small s = small_case(kExp1, 4, 100, 1);
  const auto anchors = select_anchor_items(s.r, 8, {AnchorRule::uniform, 1, 0, {}}).ids;
  const CurRetrievalIndex wide = cur_retrieval_index(s.r, anchors);
  const MatrixXd back = approx_block(wide, s.r);
  EXPECT_LE((back - s.r).cwiseAbs().maxCoeff(), 1e-10 * wide.kappa * s.r.cwiseAbs().maxCoeff());
  // Evaluation limits.
  EvaluationOptions big;
  big.n_items = 65536, big.kq = 1024;
  EXPECT_THROW(evaluate_cur_retrieval(big), std::out_of_range);
  EvaluationOptions none;
  none.kr_values = {};
  EXPECT_THROW(evaluate_cur_retrieval(none), std::invalid_argument);
}

}  // namespace
