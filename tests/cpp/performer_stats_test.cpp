// Performer's random features and their statistics (performer.md): the Gaussian stream and W (T-P5,
// invariant 6), chi quantiles, the special functions (T-P7), closed-form moments (T-P2, T-P8,
// invariant 8), Monte Carlo against them (T-P6, invariants 7, 9, 10) and the cost model.
#include "mathlets/performer.hpp"
#include "mathlets/performer_special.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using mathlets::FeatureKind;
using mathlets::KernelStatsOptions;
using mathlets::OmegaNorms;
using mathlets::StatsPath;

void expect_relative(double got, double want, double tol, const std::string& what) {
  EXPECT_LE(std::fabs(got - want), tol * std::fabs(want)) << what << ": " << got << " vs " << want;
}

TEST(PerformerRandom, GaussianStreamMatchesTP5) {
  mathlets::GaussianStream g(42);
  const double want[] = {0.8822489062222688, 1.388473285287707,  -0.4508498757188601,
                         0.6707164409024291, 0.1883526341159315, -0.20510403042316847};
  for (double w : want) expect_relative(g.next(), w, 1e-13, "seed 42");
}

void expect_rows(const MatrixXd& w, const std::vector<std::vector<double>>& rows, const std::string& what) {
  ASSERT_EQ(w.rows(), static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      expect_relative(w(i, j), rows[i][j], 1e-13, what + " (" + std::to_string(i) + ", " + std::to_string(j) + ")");
}

TEST(PerformerRandom, OmegasMatchTP5) {
  expect_rows(mathlets::draw_omegas(3, 4, false, OmegaNorms::chi, 42),
              {{0.8822489062222688, 1.388473285287707, -0.4508498757188601},
               {0.6707164409024291, 0.1883526341159315, -0.20510403042316847},
               {0.219586379190761, -0.6667979218432448, -0.6703714655421094},
               {-0.6175953562391777, -0.676527986719054, 0.029820514076535708}},
              "iid chi");
  expect_rows(mathlets::draw_omegas(3, 4, true, OmegaNorms::chi, 42),
              {{0.8822489062222687, 1.388473285287707, -0.4508498757188601},
               {0.5944714822311902, -0.4071717599250777, -0.09066276470760429},
               {-0.2424926586251284, -0.1473422251340627, -0.9282904327413455},
               {-0.6175953562391777, -0.676527986719054, 0.029820514076535708}},
              "orthogonal chi");
  expect_rows(mathlets::draw_omegas(3, 4, true, OmegaNorms::fixed, 42),
              {{0.8958670424293987, 1.409905353024661, -0.45780906260274873},
               {1.417814990001503, -0.9711049932291931, -0.21623077082683362},
               {-0.4326926119265727, -0.2629106076934412, -1.6563982359162384},
               {-1.1671431519715947, -1.2785151294280157, 0.05635536025504415}},
              "orthogonal fixed");
  expect_rows(mathlets::draw_omegas(3, 4, true, OmegaNorms::quantile, 42),
              {{0.5185654267641069, 0.8161123654081188, -0.26499909102725966},
               {1.1191367360333897, -0.7665310919495174, -0.17067939103455942},
               {-0.42879278038396257, -0.2605410107728826, -1.6414692218552216},
               {-1.4517727800413784, -1.5903048915972617, 0.07009866603723178}},
              "orthogonal quantile");
}

// Invariant 6: orthogonal blocks, the norms of each rule, and the coupling of i.i.d. and orthogonal draws.
TEST(PerformerRandom, OmegaInvariants) {
  const int d = 5, m = 13;
  const MatrixXd iid = mathlets::draw_omegas(d, m, false, OmegaNorms::chi, 9);
  const MatrixXd ort = mathlets::draw_omegas(d, m, true, OmegaNorms::chi, 9);
  for (int l = 0; l < m; ++l) {
    EXPECT_NEAR(ort.row(l).norm() / iid.row(l).norm(), 1.0, 1e-14) << "chi norms are the Gaussian rows' norms";
    for (int j = (l / d) * d; j < l; ++j)
      EXPECT_LE(std::fabs(ort.row(l).dot(ort.row(j))), 1e-12 * ort.row(l).norm() * ort.row(j).norm());
    if (l % d == 0) EXPECT_LT((ort.row(l) - iid.row(l)).cwiseAbs().maxCoeff(), 1e-15 * (1 + iid.row(l).norm()));
  }
  const MatrixXd fixed = mathlets::draw_omegas(d, m, true, OmegaNorms::fixed, 9);
  const MatrixXd quantile = mathlets::draw_omegas(d, m, false, OmegaNorms::quantile, 9);
  for (int l = 0; l < m; ++l) {
    EXPECT_NEAR(fixed.row(l).norm(), std::sqrt(5.0), 1e-14);
    EXPECT_NEAR(quantile.row(l).norm(), mathlets::chi_quantile(d, (l + 1.0) / (m + 1)), 1e-14);
  }
}

TEST(PerformerRandom, ChiQuantilesMatchTP5) {
  const std::vector<std::pair<int, std::vector<double>>> table = {
      {3, {1.0025836688538016, 1.367175337470917, 1.7164399415947971, 2.1544437045528587}},
      {4, {1.2840469687927966, 1.6591692753079095, 2.0111256774874398, 2.4471650320328305}},
      {16, {3.3394784729300155, 3.7393497213695481, 4.0962832799907818, 4.5238345785171966}}};
  for (const auto& [d, values] : table)
    for (int i = 0; i < 4; ++i)
      expect_relative(mathlets::chi_quantile(d, (i + 1) / 5.0), values[i], 2e-14, "chi_" + std::to_string(d));
  // Far tails and d = 1 (|N(0,1)|: the quantile of p is Phi^-1((1 + p) / 2)).
  for (const double p : {1e-12, 1e-3, 0.5, 0.999, 1 - 1e-12}) {
    const double r = mathlets::chi_quantile(1, p);
    expect_relative(std::erf(r / std::numbers::sqrt2), p, 1e-12, "chi_1 round trip");
  }
  for (const double p : {1e-10, 0.3, 0.9999999})
    for (const double d : {2.0, 7.0, 64.0, 1000.0}) {
      const double r = mathlets::chi_quantile(d, p);
      const auto g = mathlets::regularized_gamma(d / 2, r * r / 2);
      expect_relative(p < 0.5 ? g.p : g.q, p < 0.5 ? p : 1 - p, 1e-12, "P(d/2, R^2/2) round trip");
    }
  EXPECT_THROW(mathlets::chi_quantile(3, 0), std::out_of_range);
  EXPECT_THROW(mathlets::chi_quantile(3, 1), std::out_of_range);
  EXPECT_THROW(mathlets::chi_quantile(0, 0.5), std::out_of_range);
}

TEST(PerformerSpecial, MatchesTP7) {
  const double u[] = {0.25, 0.9375, 1, 4};
  const std::vector<std::pair<int, std::vector<double>>> rho = {
      {2, {0.973500978839256, 0.758735901686298, 0.735758882342885, 0.0915781944436709}},
      {4, {0.98161348699625, 0.816100007156532, 0.797072122538125, 0.140419898146962}},
      {16, {0.993403964336903, 0.920529187212215, 0.910912687215824, 0.351049424599195}},
      {64, {0.998135115981674, 0.975051535827221, 0.971756982027919, 0.672134313559089}}};
  for (const auto& [d, values] : rho)
    for (int i = 0; i < 4; ++i) expect_relative(mathlets::orthogonal_rho(d, u[i]), values[i], 1e-14, "rho");
  expect_relative(mathlets::orthogonal_rho(1, 0.25), 0.9657766687228819, 1e-14, "rho_1");
  expect_relative(mathlets::orthogonal_rho(1, 4), 0.06495899952261028, 1e-14, "rho_1");
  expect_relative(mathlets::orthogonal_rho(3, 0.25), 0.9783117176309487, 1e-14, "rho_3");
  expect_relative(mathlets::orthogonal_rho(3, 4), 0.1166655446280196, 1e-14, "rho_3");
  // Closed forms for even d: rho_2 = e^-u (1 + u), rho_4 = e^-u (1 + u + u^2 / 6).
  // rho = exp(log G - 2u): one ulp of log G (about 2u) is a relative error of about 2u eps in rho.
  for (const double x : {1e-6, 0.5, 30.0, 300.0}) {
    const double tol = 1e-14 + 8 * x * 2.2e-16;
    expect_relative(mathlets::orthogonal_rho(2, x), std::exp(-x) * (1 + x), tol, "rho_2 closed form");
    expect_relative(mathlets::orthogonal_rho(4, x), std::exp(-x) * (1 + x + x * x / 6), tol, "rho_4 closed form");
  }
  const double v[] = {0.1875, 0.25, 4, 16};
  const std::vector<std::pair<int, std::vector<double>>> g = {
      {1, {0.6685401246722711, 0.5755636164979777, -0.2053615556951679, -0.03478400988804092}},
      {3, {0.6765271504879195, 0.5890272739688764, -0.01715828815299704, 1.74407252008485e-4}},
      {4, {0.6784437510109136, 0.5922130954605475, -0.006105212962911393, 3.113473167232836e-6}},
      {16, {0.6845044455001768, 0.6021097579190041, -1.977287531244904e-4, -2.437380780059266e-9}}};
  for (const auto& [d, values] : g)
    for (int i = 0; i < 4; ++i)
      EXPECT_NEAR(mathlets::hyp1f1_orthogonal_negative(d, v[i]), values[i], 1e-15) << "G_" << d << "(-" << v[i] << ")";
  EXPECT_EQ(mathlets::hyp1f1_orthogonal_negative(5, 800), 0.0);
  // 0F1(; 1/2; x^2 / 4) = cosh(x).
  for (const double x : {0.1, 3.0, 40.0})
    expect_relative(std::exp(mathlets::log_hyp0f1(0.5, x * x / 4)), std::cosh(x), 1e-14 * (1 + x), "0F1");
}

// T-P2: closed-form variances, relative variances and orthogonal covariances for four pairs (d = 4).
struct Pair {
  VectorXd q, k;
};
Pair pair_named(char name) {
  switch (name) {
    case 'A': return {(VectorXd(4) << 0.5, 0.25, 0, -0.25).finished(), (VectorXd(4) << 0.5, 0, 0.5, -0.5).finished()};
    case 'B': return {(VectorXd(4) << 1, 1, 0, 0).finished(), (VectorXd(4) << 1, 1, 0, 0).finished()};
    case 'C': return {(VectorXd(4) << 1, 1, 0, 0).finished(), (VectorXd(4) << -1, -1, 0, 0).finished()};
    default: return {(VectorXd(4) << 0.5, 0, 0, 0).finished(), (VectorXd(4) << 0, 0.5, 0, 0).finished()};
  }
}

double closed_var(char name, FeatureKind kind, int m, bool orthogonal) {
  const Pair p = pair_named(name);
  const double sm = std::exp(p.q.dot(p.k));
  const auto r = mathlets::kernel_relative_moments((p.q + p.k).squaredNorm(), (p.q - p.k).squaredNorm(), 4, m, kind,
                                                   orthogonal, OmegaNorms::chi);
  return r.variance * sm * sm;
}

TEST(PerformerClosedForm, VariancesMatchTP2) {
  struct Row {
    char pair;
    FeatureKind kind;
    double var1, cov, iid4, ort4, iid16, ort16;
  };
  const Row rows[] = {{'A', FeatureKind::trig, 0.150604115155, -0.0272461437057, 0.0376510287889, 0.0172164210096,
                       0.00941275719722, 0.00430410525239},
                      {'A', FeatureKind::positive, 11.6875741695, -0.389316287905, 2.92189354236, 2.62990632644,
                       0.730473385591, 0.657476581609},
                      {'A', FeatureKind::hyperbolic, 4.9476133101, -0.389316287905, 1.23690332753, 0.944916111596,
                       0.309225831881, 0.236229027899},
                      {'B', FeatureKind::positive, 162700.193269, -46.9314833665, 40675.0483172, 40639.8497047,
                       10168.7620793, 10159.9624262},
                      {'B', FeatureKind::hyperbolic, 81322.8067173, -46.9314833665, 20330.7016793, 20295.5030668,
                       5082.67541983, 5073.8757667},
                      {'C', FeatureKind::trig, 27.2807624498, -0.351648972222, 6.82019061245, 6.55645388328,
                       1.70504765311, 1.63911347082}};
  for (const Row& r : rows) {
    const std::string what = std::string(1, r.pair) + " kind " + std::to_string(static_cast<int>(r.kind));
    expect_relative(closed_var(r.pair, r.kind, 1, false), r.var1, 1e-11, what + " Var_1");
    // Cov from two vectors in one block: Var(m = 2, ORF) = (2 Var_1 + 2 Cov) / 4.
    expect_relative(2 * closed_var(r.pair, r.kind, 2, true) - closed_var(r.pair, r.kind, 1, false), r.cov, 1e-10,
                    what + " Cov");
    expect_relative(closed_var(r.pair, r.kind, 4, false), r.iid4, 1e-11, what + " iid m=4");
    expect_relative(closed_var(r.pair, r.kind, 4, true), r.ort4, 1e-11, what + " ORF m=4");
    expect_relative(closed_var(r.pair, r.kind, 16, false), r.iid16, 1e-11, what + " iid m=16");
    expect_relative(closed_var(r.pair, r.kind, 16, true), r.ort16, 1e-11, what + " ORF m=16");
  }
  // The exact cases are exactly zero.
  EXPECT_EQ(closed_var('B', FeatureKind::trig, 4, true), 0.0);
  EXPECT_EQ(closed_var('C', FeatureKind::positive, 4, true), 0.0);
  EXPECT_EQ(closed_var('C', FeatureKind::hyperbolic, 16, false), 0.0);
  // Relative variances per vector.
  const auto rel = [](char name, FeatureKind kind) {
    const Pair p = pair_named(name);
    return mathlets::kernel_relative_moments((p.q + p.k).squaredNorm(), (p.q - p.k).squaredNorm(), 4, 1, kind, false,
                                             OmegaNorms::chi)
        .variance;
  };
  expect_relative(rel('A', FeatureKind::trig), 0.0711403467045868, 1e-12, "A trig");
  expect_relative(rel('A', FeatureKind::positive), 5.52081912033011, 1e-12, "A positive");
  expect_relative(rel('A', FeatureKind::hyperbolic), 2.33708704358752, 1e-12, "A hyperbolic");
  expect_relative(rel('B', FeatureKind::positive), 2979.95798704173, 1e-12, "B positive");
  expect_relative(rel('B', FeatureKind::hyperbolic), 1489.47916125218, 1e-12, "B hyperbolic");
  expect_relative(rel('C', FeatureKind::trig), 1489.47916125218, 1e-12, "C trig");
}

// Invariant 8 over a grid.
TEST(PerformerClosedForm, Orderings) {
  for (const int d : {1, 2, 3, 8, 64})
    for (const int m : {1, 2, 5, 64, 1024})
      for (const double s : {1e-4, 0.3, 2.0, 9.0, 50.0}) {
        const auto var = [&](FeatureKind kind, int features, bool orthogonal) {
          return mathlets::kernel_relative_moments(s, s, d, features, kind, orthogonal, OmegaNorms::chi).variance;
        };
        const std::string at = "d " + std::to_string(d) + " m " + std::to_string(m) + " s " + std::to_string(s);
        for (const FeatureKind kind : {FeatureKind::positive, FeatureKind::hyperbolic}) {
          EXPECT_LE(var(kind, m, true), var(kind, m, false) * (1 + 1e-14)) << at;
          if (m == 1) EXPECT_EQ(var(kind, m, true), var(kind, m, false)) << at;
          // The paper's bound: the orthogonal MSE is lower by at least (1 - 1/m) 2/(d+2) (SM - Lambda)^2,
          // relative to SM^2: (1 - 1/m) 2/(d+2) (1 - e^{-s/2})^2.
          // The gain is read off the two variances where they are small enough for their difference to
          // keep digits (e^s eps below the bound), and from P (1 - rho) / m^2 itself beyond that.
          if (m <= d) {
            const double gain = s < 20 ? var(kind, m, false) - var(kind, m, true)
                                       : (1 - 1.0 / m) * (1 - mathlets::orthogonal_rho(d, s / 2));
            const double bound = (1 - 1.0 / m) * 2 / (d + 2.0) * std::pow(-std::expm1(-s / 2), 2);
            EXPECT_GE(gain, bound * (1 - 1e-9) - 1e-300) << at;
          }
        }
        EXPECT_LE(var(FeatureKind::hyperbolic, m, false), var(FeatureKind::positive, 2 * m, false) * (1 + 1e-14)) << at;
        for (const FeatureKind kind : {FeatureKind::positive, FeatureKind::hyperbolic, FeatureKind::trig})
          for (const bool orthogonal : {false, true}) EXPECT_GE(var(kind, m, orthogonal), 0.0) << at;
        const double rho = mathlets::orthogonal_rho(d, s / 2);
        EXPECT_GT(rho, 0.0);
        EXPECT_LE(rho, 1.0);
      }
  // The mirror identity: relVar_trig(x, y) = relVar_hyp(x, -y), i.e. the same function of the one scalar.
  for (const double s : {0.01, 1.0, 7.0}) {
    const std::vector<double> r = {std::sqrt(s)};
    EXPECT_DOUBLE_EQ(mathlets::kernel_relative_variance(r, 4, 8, FeatureKind::trig, false)[0],
                     mathlets::kernel_relative_variance(r, 4, 8, FeatureKind::hyperbolic, false)[0]);
  }
}

TEST(PerformerClosedForm, DeterministicNormBiasMatchesTP8) {
  struct Row {
    int d, m;
    double quantile[3], fixed[3];
  };
  const Row rows[] = {
      {4, 4, {0.971140957351, 0.859245151276, 0.319236053922}, {0.990419223626, 0.893180871749, 0.288914307093}},
      {16, 4, {0.991738570574, 0.951400685054, 0.612308856289}, {0.996644355599, 0.957367806396, 0.54745015609}},
      {16, 16, {0.996132817958, 0.976157795952, 0.760640586821}, {0.996644355599, 0.957367806396, 0.54745015609}},
      {64, 64, {0.999615956965, 0.997478318777, 0.96647244012}, {0.999062630774, 0.987231679585, 0.809799827743}}};
  const double z2[] = {0.5, 1.875, 8};
  for (const Row& r : rows)
    for (int i = 0; i < 3; ++i) {
      const auto q =
          mathlets::kernel_relative_moments(z2[i], 0, r.d, r.m, FeatureKind::positive, true, OmegaNorms::quantile);
      const auto f =
          mathlets::kernel_relative_moments(z2[i], 0, r.d, r.m, FeatureKind::hyperbolic, true, OmegaNorms::fixed);
      expect_relative(q.mean, r.quantile[i], 1e-11, "quantile d " + std::to_string(r.d));
      expect_relative(f.mean, r.fixed[i], 1e-11, "fixed d " + std::to_string(r.d));
      EXPECT_FALSE(q.available);
      EXPECT_TRUE(std::isnan(q.variance));
    }
}

// T-P6: golden Monte Carlo runs, and invariant 7 on them.
TEST(PerformerMonteCarlo, GoldenRunsTP6) {
  struct Row {
    StatsPath path;
    int m;
    bool orthogonal;
    double mean[3], var[3];  // trig, positive, hyperbolic
  };
  const Row rows[] = {{StatsPath::full,
                       4,
                       false,
                       {0.9979192742, 1.004244574, 0.9999146144},
                       {0.03248014264, 0.1652234229, 0.03149262068}},
                      {StatsPath::full,
                       4,
                       true,
                       {0.9986636955, 1.001442148, 1.001793201},
                       {0.01401350239, 0.1496484805, 0.01763598124}},
                      {StatsPath::full,
                       16,
                       false,
                       {0.9993681234, 1.001061057, 1.000795153},
                       {0.008007481956, 0.04044348088, 0.007871759871}},
                      {StatsPath::full,
                       16,
                       true,
                       {0.9996743589, 0.9996777324, 1.001024002},
                       {0.003549620945, 0.03719561349, 0.004572573044}},
                      {StatsPath::projection,
                       4,
                       false,
                       {1.002173006, 1.000454355, 0.9979878615},
                       {0.03123020810, 0.1613736908, 0.03081784819}},
                      {StatsPath::projection,
                       4,
                       true,
                       {0.9985697713, 1.008786873, 1.002565668},
                       {0.01441151630, 0.1584550944, 0.01994931988}},
                      {StatsPath::projection,
                       16,
                       false,
                       {0.9986745921, 1.004415589, 1.001430530},
                       {0.007880682984, 0.04153361703, 0.007884019836}},
                      {StatsPath::projection,
                       16,
                       true,
                       {0.9999486192, 1.000492370, 1.000267655},
                       {0.003600151500, 0.03719493988, 0.004731913923}}};
  const Pair d_pair = pair_named('D');
  const FeatureKind kinds[] = {FeatureKind::trig, FeatureKind::positive, FeatureKind::hyperbolic};
  for (const Row& r : rows)
    for (int i = 0; i < 3; ++i) {
      KernelStatsOptions o;
      o.kind = kinds[i];
      o.orthogonal = r.orthogonal;
      o.trials = 10000;
      o.seed = 7;
      o.path = r.path;
      const auto st = mathlets::kernel_estimate_stats(d_pair.q, d_pair.k, r.m, o);
      const std::string what = std::string(r.path == StatsPath::full ? "full" : "projection") + " m " +
                               std::to_string(r.m) + (r.orthogonal ? " ORF" : " iid") + " kind " + std::to_string(i);
      expect_relative(st.mc_mean, r.mean[i], 1e-9, what + " mean");
      expect_relative(st.mc_var, r.var[i], 1e-9, what + " variance");
      // Invariant 7.
      EXPECT_LE(std::fabs(st.mc_mean / st.sm - 1), 5 * std::sqrt(st.cf_relvar / o.trials)) << what;
      EXPECT_LE(std::fabs(st.mc_var / st.cf_var - 1), 5 * std::sqrt((st.mc_kurtosis - 1) / o.trials)) << what;
      EXPECT_EQ(st.relative.size(), 4096u);
    }
}

// Invariant 9 (T-P8's Monte Carlo) and invariant 10 (R16's QR pitfall, T-P9).
TEST(PerformerMonteCarlo, BiasedRulesMatchTheirClosedForms) {
  const VectorXd q = (VectorXd(4) << 0.5, 0.25, 0, -0.25).finished(), k = (VectorXd(4) << 0.5, 0, 0.5, -0.5).finished();
  for (const OmegaNorms norms : {OmegaNorms::quantile, OmegaNorms::fixed}) {
    KernelStatsOptions o;
    o.norms = norms;
    o.trials = 200000;
    o.seed = 3;
    const auto st = mathlets::kernel_estimate_stats(q, k, 4, o);
    const double se = std::sqrt(st.mc_var / o.trials) / st.sm;
    EXPECT_NEAR(st.mc_mean / st.sm, st.cf_mean / st.sm, 5 * se) << "norms " << static_cast<int>(norms);
    EXPECT_GT(std::fabs(st.mc_mean / st.sm - 1), 10 * se) << "and visibly not SM";
  }
  // The unsigned Householder QR: row 1 of each block has mean 2 Phi(-1) SM along +e_1; the block 0.829.
  const int d = 4, trials = 100000;
  mathlets::GaussianStream stream(17);
  double first = 0, block = 0;
  for (int t = 0; t < trials; ++t) {
    const MatrixXd w =
        mathlets::draw_omegas(d, d, true, OmegaNorms::chi, stream, mathlets::OmegaQr::householder_unsigned);
    first += std::exp(w(0, 0) - 0.5);
    block += (w.col(0).array() - 0.5).exp().mean();
  }
  EXPECT_NEAR(first / trials, std::erfc(1 / std::numbers::sqrt2), 0.01);
  EXPECT_NEAR(block / trials, 0.8289, 0.01);
  mathlets::GaussianStream fixed(17);
  double signed_block = 0;
  for (int t = 0; t < trials; ++t)
    signed_block += (mathlets::draw_omegas(d, d, true, OmegaNorms::chi, fixed).col(0).array() - 0.5).exp().mean();
  EXPECT_NEAR(signed_block / trials, 1.0, 0.01);
}

TEST(PerformerMonteCarlo, EdgeCasesAndErrors) {
  const VectorXd q = VectorXd::Constant(3, 0.2), k = VectorXd::Constant(3, -0.1);
  KernelStatsOptions o;
  o.trials = 1;
  const auto one = mathlets::kernel_estimate_stats(q, k, 4, o);
  EXPECT_TRUE(std::isfinite(one.mc_mean));
  EXPECT_TRUE(std::isnan(one.mc_var));
  o.kind = FeatureKind::trig;
  o.trials = 2000;
  const auto far = mathlets::kernel_estimate_stats(VectorXd::Constant(3, 2.0), VectorXd::Constant(3, -2.0), 1, o);
  EXPECT_GT(far.mc_neg_fraction, 0.3) << "trig estimates of a small kernel are often negative";
  EXPECT_THROW(mathlets::kernel_estimate_stats(q, VectorXd::Zero(2), 4, o), std::invalid_argument);
  EXPECT_THROW(mathlets::kernel_estimate_stats(VectorXd::Constant(3, 20.0), VectorXd::Constant(3, 20.0), 4, o),
               std::out_of_range);
  o.trials = 0;
  EXPECT_THROW(mathlets::kernel_estimate_stats(q, k, 4, o), std::out_of_range);
  EXPECT_THROW(mathlets::draw_omegas(0, 4, true, OmegaNorms::chi, 1), std::out_of_range);
  EXPECT_THROW(mathlets::draw_omegas(3, 70000, true, OmegaNorms::chi, 1), std::out_of_range);
}

TEST(PerformerCost, FlopModel) {
  const auto c = mathlets::attention_cost(512, 512, 64, 64, 256, FeatureKind::positive);
  EXPECT_EQ(c.softmax_flops, 2.0 * 512 * 512 * 128);
  EXPECT_EQ(c.performer_flops, 2.0 * 256 * 1024 * 64 * 2 + 2.0 * 256 * 1024);
  // Break-even near n = 2m.
  const auto even = mathlets::attention_cost(512, 512, 64, 64, 256, FeatureKind::positive);
  EXPECT_NEAR(even.softmax_flops / even.performer_flops, 1.0, 0.02);
}

}  // namespace
