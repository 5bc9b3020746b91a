// Entropy-invariant attention (entropy-invariant-attention.md): the oracles T-E1 to T-E8, the
// invariants of section 3 and the edge cases of section 2.9.
#include "mathlets/entropy.hpp"
#include "mathlets/gaussian_stream.hpp"
#include "mathlets/splitmix64.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Eigen::MatrixXd;
using mathlets::KeyDistribution;
using mathlets::NormalizeStatus;
using mathlets::ScaleMode;
using mathlets::SweepMode;

constexpr double kInf = std::numeric_limits<double>::infinity();

void expect_relative(double got, double want, double tol, const std::string& what = "") {
  EXPECT_LE(std::fabs(got - want), tol * std::max(std::fabs(want), 1e-300)) << what << ": " << got << " vs " << want;
}

// Expects f to throw E with a message containing `needle` (the argument's name).
template <class E>
void expect_error(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected one naming " << needle;
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

// H of softmax(z) in long double from its definition, for finite z (a reference of another route).
double reference_entropy(const std::vector<double>& z) {
  long double m = -INFINITY, s = 0, t = 0;
  for (const double v : z) m = std::max<long double>(m, v);
  for (const double v : z) s += std::exp(static_cast<long double>(v) - m);
  const long double lse = m + std::log(s);
  for (const double v : z) {
    const long double p = std::exp(static_cast<long double>(v) - lse);
    t += p * (static_cast<long double>(v) - lse);
  }
  return static_cast<double>(-t);
}

// ---------------------------------------------------------------------------------------------
// T-E1: row entropies, against the naive forms

TEST(Entropy, RowEntropiesTE1) {
  using Z = std::vector<double>;
  EXPECT_EQ(mathlets::row_entropy(Z{0, 0, 0, 0}), std::log(4.0));
  expect_relative(mathlets::row_entropy(Z{1, 2, 3}), 0.83239558183993887, 2e-16, "(1,2,3)");
  expect_relative(mathlets::row_entropy(Z{0, 0.5, -2, 3, -1.25}), 0.53162104442042677, 4e-16, "5 entries");
  expect_relative(mathlets::row_entropy(Z{1e8, 1e8 + 1}), 0.58220310888821795, 2e-16, "(1e8, 1e8+1)");
  expect_relative(mathlets::row_entropy(Z{710, 709}), 0.58220310888821795, 2e-16, "(710, 709)");
  EXPECT_EQ(mathlets::row_entropy(Z{1000, 1000, 0}), std::log(2.0));
  EXPECT_EQ(mathlets::row_entropy(Z{-1000, -1000}), std::log(2.0));
  expect_relative(mathlets::row_entropy(Z{0, -40}), 1.7418252446695515e-16, 1e-15, "(0, -40)");
  EXPECT_EQ(mathlets::row_entropy(Z{0, -800}), 0.0);  // 2.93e-345 underflows
  EXPECT_EQ(mathlets::row_entropy(Z{5}), 0.0);
  EXPECT_EQ(mathlets::row_entropy(Z{kInf, kInf, 0}), std::log(2.0));
  EXPECT_TRUE(std::isnan(mathlets::row_entropy(Z{0, NAN, 1})));

  // The naive forms break where the article's demo says.
  using mathlets::NaiveEntropy;
  const double lse_form = mathlets::naive_row_entropy(Z{1e8, 1e8 + 1}, NaiveEntropy::lse_minus_mean);
  EXPECT_GT(std::fabs(lse_form - 0.58220310888821795), 1e-9) << "cancellation in lse - a.z";
  EXPECT_TRUE(std::isnan(mathlets::naive_row_entropy(Z{1e8, 1e8 + 1}, NaiveEntropy::p_log_p))) << "overflow";
  EXPECT_TRUE(std::isnan(mathlets::naive_row_entropy(Z{1000, 1000, 0}, NaiveEntropy::p_log_p)));
  EXPECT_TRUE(std::isnan(mathlets::naive_row_entropy(Z{-1000, -1000}, NaiveEntropy::p_log_p))) << "0/0";
  EXPECT_TRUE(std::isnan(mathlets::naive_row_entropy(Z{0, -800}, NaiveEntropy::p_log_p))) << "0 log 0";
  EXPECT_TRUE(std::isnan(mathlets::naive_row_entropy(Z{kInf, kInf, 0}, NaiveEntropy::lse_minus_mean)));
  // Both lose log(1 + S') below 2^-53: -2.4% at (0, -40).
  for (const auto form : {NaiveEntropy::lse_minus_mean, NaiveEntropy::p_log_p})
    expect_relative(mathlets::naive_row_entropy(Z{0, -40}, form), 1.6993e-16, 1e-4, "naive (0, -40)");

  const Z p{0.5, 0.3, 0.2};
  const Z logp{std::log(0.5), std::log(0.3), std::log(0.2)};
  expect_relative(mathlets::row_entropy(logp), 1.0296530140645735, 4e-16, "H(0.5, 0.3, 0.2)");
  expect_relative(mathlets::entropy_scale_slope(logp, 2), -0.20580259681244039, 1e-14, "dH/dgamma at 2");
}

TEST(Entropy, RowEntropyPartsAreNonNegative) {
  const std::vector<double> z{0, 0.5, -2, 3, -1.25, -kInf};
  const auto r = mathlets::row_entropy_parts(z);
  EXPECT_GE(r.log_s, 0);
  EXPECT_GE(r.gap_mean, 0);
  EXPECT_EQ(r.entropy, r.log_s + r.gap_mean);
  EXPECT_EQ(r.visible, 5);
  expect_relative(r.max_weight,
                  std::exp(3 - std::log(std::exp(0) + std::exp(0.5) + std::exp(-2) + std::exp(3) + std::exp(-1.25))),
                  1e-15, "max weight");
  expect_relative(r.entropy, 0.53162104442042677, 4e-16, "masked key skipped");
}

// ---------------------------------------------------------------------------------------------
// T-E2: a small attention matrix, full and causal

MatrixXd te2_q() { return (MatrixXd(4, 2) << 1, 0, 0, 1, 1, 1, 2, -1).finished(); }
MatrixXd te2_k() { return (MatrixXd(4, 2) << 1, 0, 0, 1, 1, -1, 0.5, 0.5).finished(); }

TEST(Entropy, SmallAttentionMatrixTE2) {
  const double full[] = {1.3484798816833217, 1.2771345364094906, 1.3505932159622437, 1.0185602492718341};
  const double causal[] = {0, 0.63434737435036244, 1.0533629775572445, 1.0185602492718341};
  mathlets::AttentionEntropyOptions o;
  const auto f = mathlets::attention_entropy_qk(te2_q(), te2_k(), 1 / std::sqrt(2.0), o);
  o.causal = true;
  const auto c = mathlets::attention_entropy_qk(te2_q(), te2_k(), 1 / std::sqrt(2.0), o);
  for (int i = 0; i < 4; ++i) {
    expect_relative(f.entropy[i], full[i], 1e-15, "full row " + std::to_string(i));
    EXPECT_NEAR(c.entropy[i], causal[i], 1e-15 * causal[i] + 1e-300) << "causal row " << i;
    EXPECT_EQ(c.visible[i], i + 1);
    expect_relative(f.perplexity[i], std::exp(full[i]), 1e-15);
    EXPECT_GE(f.entropy[i], f.fast_bound[i] - 1e-12) << "R6's bound";
  }
  // Row 0 of QK^T is (1, 0, 1, 0.5): the largest weight is e^(1/sqrt2) / sum.
  const double a = 1 / std::sqrt(2.0);
  expect_relative(f.max_weight[0], std::exp(a) / (2 * std::exp(a) + 1 + std::exp(0.5 * a)), 1e-15, "max weight");
}

// ---------------------------------------------------------------------------------------------
// T-E3: scale constants; invariant 11

TEST(Entropy, ScaleConstantsTE3) {
  for (int j = 1; j <= 40; ++j) {
    const double want = j / 9.0;
    const double got = mathlets::log_base(std::ldexp(1.0, j), 512);
    EXPECT_LE(std::fabs(got - want), std::nextafter(want, kInf) - want) << "log_512 2^" << j;
  }
  EXPECT_EQ(mathlets::log_base(512, 512), 1.0);
  const double logn[] = {0.083333, 0.097222, 0.111111, 0.125, 0.138889, 0.152778, 0.166667};
  const double chiang[] = {0.51986, 0.60650, 0.69315, 0.77979, 0.86643, 0.95308, 1.03972};
  for (int i = 0; i < 7; ++i) {
    const double n = 64 << i;
    EXPECT_NEAR(mathlets::attention_scale(ScaleMode::logn, n, 64).lambda, logn[i], 5e-7) << n;
    EXPECT_NEAR(mathlets::attention_scale(ScaleMode::chiang, n, 64).lambda, chiang[i], 5e-6) << n;
    EXPECT_EQ(mathlets::attention_scale(ScaleMode::logn_clipped, n, 64).lambda,
              std::max(0.125, logn[i] == 0.125 ? 0.125 : mathlets::attention_scale(ScaleMode::logn, n, 64).lambda));
  }
  // kappa = sqrt(d) / log 512 calibrates kappa log n / d to the boxed log_512 n / sqrt(d).
  const double kappa[] = {0.6411977959506504, 0.9067906191971462, 1.282395591901301, 1.813581238394292};
  for (int i = 0; i < 4; ++i) {
    const double d = 16 << i;
    expect_relative(std::sqrt(d) / std::log(512.0), kappa[i], 1e-15, "kappa");
    expect_relative(mathlets::attention_scale(ScaleMode::logn, 3000, d).lambda, kappa[i] * std::log(3000.0) / d, 1e-15,
                    "logn");
  }
  // The uncalibrated kappa = 1 / 0.24 is gain 3.2491 at d = 64.
  EXPECT_NEAR(std::log(512.0) / (0.24 * 64), 0.40614, 5e-6);
  EXPECT_NEAR(mathlets::attention_scale(ScaleMode::standard, 512, 64, {512, 3.2491}).lambda, 0.40614, 5e-6);
}

// ---------------------------------------------------------------------------------------------
// T-E4: Laplace constants, 7695's table, annealed values

TEST(Entropy, LaplaceConstantsTE4) {
  const auto t = mathlets::sphere_tilt(1);
  expect_relative(t.theta_star, 0.90455689430238136, 1e-15, "theta*");
  expect_relative(t.peak, 0.37742807622009312, 1e-15, "peak");
  expect_relative(t.c_star, 0.61803398874989485, 1e-15, "1/phi");
  expect_relative(t.g, 0.24060591252980172, 1e-15, "g(1)");
  const double h = 1e-5;
  expect_relative((mathlets::sphere_tilt(1 + h).g - mathlets::sphere_tilt(1 - h).g) / (2 * h), 0.27639320225002103,
                  1e-9, "g'(1)");
  // The curvature -sqrt(5)/2 at the peak gives the Laplace constants.
  expect_relative(std::sqrt(std::numbers::pi / (std::sqrt(5.0) / 2)), 1.6762833568392578, 1e-15);
  expect_relative(std::sqrt(2 * std::numbers::pi), 2.5066282746310005, 1e-15);

  const double ds[] = {32, 64, 96, 128, 256, 512};
  const double hd[] = {-7.7747051307, -15.473400160, -23.172559352, -30.871833832, -61.669218923, -123.26424684};
  const double per_d[] = {-0.242960, -0.241772, -0.241381, -0.241186, -0.240895, -0.240750};
  for (int i = 0; i < 6; ++i) {
    const double got = mathlets::annealed_entropy(1, ds[i], 1, KeyDistribution::sphere).entropy;
    expect_relative(got, hd[i], 1e-10, "h_d at d = " + std::to_string(ds[i]));
    EXPECT_NEAR(got / ds[i], per_d[i], 5e-7);
  }
  const double lambdas[] = {0.125, 0.25, 0.5, 1, 2, 4};
  const double g[] = {0.0076355, 0.0286706, 0.0941132, 0.2406059, 0.4703068, 0.7554856};
  const double c[] = {0.1231056, 0.2360680, 0.4142136, 0.6180340, 0.7807764, 0.8827822};
  for (int i = 0; i < 6; ++i) {
    const auto s = mathlets::sphere_tilt(lambdas[i]);
    EXPECT_NEAR(s.g, g[i], 5e-8) << lambdas[i];
    EXPECT_NEAR(s.c_star, c[i], 5e-8) << lambdas[i];
  }
  EXPECT_NEAR(mathlets::sphere_tilt(1e-3).g, 0.5e-6, 1e-12) << "g ~ lambda^2 / 2 at small lambda";
  EXPECT_TRUE(std::isfinite(mathlets::sphere_tilt(1e300).g));

  const double sphere[] = {5.749330365193723, 4.399463858339093, 0.187178253957302};
  const double gauss[] = {5.738324625039508, 4.238324625039508, -1.761675374960492};
  for (int i = 0; i < 3; ++i) {
    const double lambda = 0.125 * (1 << i);
    expect_relative(mathlets::annealed_entropy(512, 64, lambda, KeyDistribution::sphere).entropy, sphere[i], 1e-12,
                    "sphere");
    expect_relative(mathlets::annealed_entropy(512, 64, lambda, KeyDistribution::gaussian).entropy, gauss[i], 1e-14,
                    "gauss");
  }
  EXPECT_TRUE(mathlets::annealed_entropy(512, 64, 0.5, KeyDistribution::gaussian).unreliable);
  EXPECT_FALSE(mathlets::annealed_entropy(512, 64, 0.125, KeyDistribution::gaussian).unreliable);
  expect_relative(mathlets::annealed_entropy(64, 16, 0.25, KeyDistribution::sphere).entropy, 3.696421408139638, 1e-12,
                  "d = 16");
}

TEST(Entropy, InvariantScaleSolvesTheAnnealedEquation) {
  for (const auto model : {KeyDistribution::gaussian, KeyDistribution::sphere}) {
    const double target = mathlets::annealed_entropy(512, 64, 0.125, model).entropy;
    for (const double n : {1024.0, 4096.0}) {
      const auto s = mathlets::invariant_scale(n, 64, target, model);
      EXPECT_FALSE(s.unreachable);
      EXPECT_NEAR(mathlets::annealed_entropy(n, 64, s.lambda, model).entropy, target, 1e-11);
    }
    const auto low = mathlets::invariant_scale(64, 64, std::log(64.0), model);
    EXPECT_TRUE(low.unreachable);
    EXPECT_EQ(low.lambda, 0);
  }
  // annealed_invariant at L0 is the standard scale.
  EXPECT_NEAR(mathlets::attention_scale(ScaleMode::annealed_invariant, 512, 64).lambda, 0.125, 1e-15);
}

// ---------------------------------------------------------------------------------------------
// T-E5: entropy_vs_length

TEST(Entropy, NormalStreamsTE5) {
  mathlets::GaussianStream q(42), k(42 ^ mathlets::kKeyStreamXor);
  for (const double want : {0.8822489062222688, 1.388473285287707, -0.4508498757188601, 0.6707164409024291,
                            0.1883526341159315, -0.20510403042316847})
    expect_relative(q.next(), want, 1e-14, "query stream");
  for (const double want : {1.5709284300596997, 1.1869893548921002, -0.6811473582768862, -0.7581081975804004})
    expect_relative(k.next(), want, 1e-14, "key stream");
  const MatrixXd keys = mathlets::draw_keys(2, 2, 42, KeyDistribution::gaussian);
  expect_relative(keys(0, 1), 1.1869893548921002, 1e-14, "keys fill row-major");
}

mathlets::EntropySweepOptions sweep(int d, int rows, std::vector<double> lengths, std::vector<SweepMode> modes,
                                    double gain = 1, KeyDistribution keys = KeyDistribution::gaussian) {
  mathlets::EntropySweepOptions o;
  o.d = d;
  o.rows = rows;
  o.seed = 42;
  o.lengths = std::move(lengths);
  o.modes = std::move(modes);
  o.gain = gain;
  o.keys = keys;
  return o;
}

TEST(Entropy, UnitSweepTE5) {
  const auto points = mathlets::entropy_vs_length(sweep(16, 8, {16, 64, 256}, {SweepMode::standard, SweepMode::logn}));
  ASSERT_EQ(points.size(), 6u);
  const double want[6][6] = {
      {0.25, 2.3625020249235074, 0.23567949503671545, 2.0178161296442654, 2.474581573913702, 2.58121947813157},
      {0.25, 3.7037392378250953, 0.1833940581356032, 3.434774836096385, 3.7806598189386476, 3.86239599489115},
      {0.25, 5.127408146499375, 0.15237179076563753, 4.925891546671965, 5.1422074453325965, 5.314538926416654},
      {1. / 9, 2.6789000111895387, 0.06497270410753689, 2.576686855889955, 2.701749364921667, 2.731449436855661},
      {1. / 6, 3.94985425030384, 0.08294585289270452, 3.822975149476572, 3.9858005823775438, 4.019559137093612},
      {2. / 9, 5.211682845129489, 0.12266414284510098, 5.047847650728, 5.224538515513054, 5.3609714923389795}};
  for (int i = 0; i < 6; ++i) {
    const auto& p = points[i];
    const std::string what = "point " + std::to_string(i);
    expect_relative(p.lambda, want[i][0], 1e-15, what + " lambda");
    expect_relative(p.mean, want[i][1], 1e-12, what + " mean");
    expect_relative(p.sd, want[i][2], 1e-11, what + " sd");
    expect_relative(p.q05, want[i][3], 1e-12, what + " q05");
    expect_relative(p.q50, want[i][4], 1e-12, what + " q50");
    expect_relative(p.q95, want[i][5], 1e-12, what + " q95");
    EXPECT_LE(p.q05, p.q25);
    EXPECT_LE(p.q75, p.q95);
  }
}

TEST(Entropy, DemoSweepTE5) {
  const std::vector<double> lengths{64, 128, 256, 512, 1024, 2048, 4096};
  const auto g1 = mathlets::entropy_vs_length(sweep(64, 64, lengths, {SweepMode::standard, SweepMode::logn}));
  const double g1_std[] = {3.6778799578, 4.3542922755, 5.0447414543, 5.7443294387,
                           6.4335827095, 7.1259324941, 7.8184731343};
  const double g1_logn[] = {3.9415754118, 4.5482327162, 5.1489734975, 5.7443294387,
                            6.3167803507, 6.8796294588, 7.4330305752};
  const double ann_std[] = {3.6589, 4.3520, 5.0452, 5.7383, 6.4315, 7.1246, 7.8178};
  const double ann_logn[] = {3.9367, 4.5496, 5.1501, 5.7383, 6.3142, 6.8777, 7.4289};
  for (int i = 0; i < 7; ++i) {
    EXPECT_NEAR(g1[i].mean, g1_std[i], 1e-9) << "G beta=1 standard n=" << lengths[i];
    EXPECT_NEAR(g1[7 + i].mean, g1_logn[i], 1e-9) << "G beta=1 logn n=" << lengths[i];
    EXPECT_NEAR(g1[i].annealed, ann_std[i], 5e-5);
    EXPECT_NEAR(g1[7 + i].annealed, ann_logn[i], 5e-5);
  }
  EXPECT_NEAR(g1[0].sd, 0.154, 5e-4);
  EXPECT_NEAR(g1[7].sd, 0.059, 5e-4);
  EXPECT_NEAR(g1[3].sd, 0.104, 5e-4);
  EXPECT_NEAR(g1[6].sd, 0.093, 5e-4);
  EXPECT_NEAR(g1[13].sd, 0.171, 5e-4);
  EXPECT_EQ(g1[3].lambda, g1[10].lambda) << "same lambda bits at n = L0";

  const auto g3 = mathlets::entropy_vs_length(sweep(64, 64, lengths, {SweepMode::standard, SweepMode::logn}, 3));
  const double g3_std[] = {1.7927568949, 2.1731789188, 2.5154723994, 3.0603525420,
                           3.4515051826, 3.8997332896, 4.5436107189};
  const double g3_logn[] = {2.6158480762, 2.7883669020, 2.8739848771, 3.0603525420,
                            3.0360357108, 2.9665474876, 3.1200046341};
  for (int i = 0; i < 7; ++i) {
    EXPECT_NEAR(g3[i].mean, g3_std[i], 1e-9) << "G beta=3 standard";
    EXPECT_NEAR(g3[7 + i].mean, g3_logn[i], 1e-9) << "G beta=3 logn";
  }
  EXPECT_NEAR(g3[0].sd, 0.675, 5e-4);
  EXPECT_NEAR(g3[13].sd, 0.862, 5e-4);

  const auto s1 = mathlets::entropy_vs_length(
      sweep(64, 64, lengths, {SweepMode::standard, SweepMode::logn}, 1, KeyDistribution::sphere));
  const double s1_std[] = {3.6904138968, 4.3720575877, 5.0638132090, 5.7562846101,
                           6.4438688835, 7.1379865016, 7.8293506091};
  const double s1_logn[] = {3.9451098963, 4.5565333909, 5.1620564924, 5.7562846101,
                            6.3329967029, 6.9065646949, 7.4651482674};
  const double s1_ann[] = {3.6699, 4.3630, 5.0562, 5.7493, 6.4425, 7.1356, 7.8288};
  for (int i = 0; i < 7; ++i) {
    EXPECT_NEAR(s1[i].mean, s1_std[i], 1e-9) << "S beta=1 standard";
    EXPECT_NEAR(s1[7 + i].mean, s1_logn[i], 1e-9) << "S beta=1 logn";
    EXPECT_NEAR(s1[i].annealed, s1_ann[i], 5e-5) << "sphere annealed";
  }
}

TEST(Entropy, RestoringFactorsTE5) {
  const std::vector<double> lengths{64, 128, 256, 512, 1024, 2048, 4096};
  const auto g3 = mathlets::entropy_vs_length(sweep(64, 64, lengths, {SweepMode::entropy_normalized}, 3));
  const double medians[] = {0.5164, 0.6428, 0.8034, 1, 1.1679, 1.2495, 1.3854};
  for (int i = 0; i < 7; ++i) EXPECT_NEAR(g3[i].factor_median, medians[i], 5e-5) << "beta=3, n=" << lengths[i];
  EXPECT_EQ(g3[0].unreachable_rows, 3);
  EXPECT_EQ(g3[3].unreachable_rows, 0);

  const auto g1 = mathlets::entropy_vs_length(
      sweep(64, 64, lengths, {SweepMode::entropy_normalized, SweepMode::annealed_invariant}));
  EXPECT_EQ(g1[0].unreachable_rows, 64);
  EXPECT_EQ(g1[1].unreachable_rows, 64);
  EXPECT_EQ(g1[2].unreachable_rows, 61);
  EXPECT_TRUE(std::isnan(g1[0].factor_median));
  const double medians1[] = {1, 1.5566, 2.0005, 2.3848};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(g1[3 + i].factor_median, medians1[i], 5e-5);
  // Normalized rows hit their targets (the row entropies at L0).
  for (int i = 3; i < 7; ++i) EXPECT_NEAR(g1[i].mean, g1[3].mean, 1e-12);

  const double lambdas[] = {0.125, 0.19309, 0.24279, 0.28392};
  const double means[] = {5.7443, 5.7524, 5.7810, 5.8788};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(g1[7 + 3 + i].lambda, lambdas[i], 1e-5) << "annealed_invariant lambda";
    EXPECT_NEAR(g1[7 + 3 + i].mean, means[i], 5e-5) << "annealed_invariant mean";
  }
  EXPECT_TRUE(g1[7].unreachable) << "log 64 is below the annealed target at L0";
}

TEST(Entropy, PrefixPropertyInvariant8) {
  auto o = sweep(16, 8, {16, 100, 512}, {SweepMode::standard, SweepMode::logn, SweepMode::chiang});
  const auto a = mathlets::entropy_vs_length(o);
  o.max_keys = 4096;
  const auto b = mathlets::entropy_vs_length(o);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].entropy, b[i].entropy);
    EXPECT_EQ(a[i].mean, b[i].mean);
  }
}

TEST(Entropy, SweepOnKeptScores) {
  // The scores of one draw, kept, give the same sweep as drawing again (the widget's slider path).
  auto o = sweep(16, 8, {16, 64, 256}, {SweepMode::standard, SweepMode::logn, SweepMode::entropy_normalized}, 2);
  o.base = 64;
  const MatrixXd scores = mathlets::sweep_scores(16, 8, 300, 42, KeyDistribution::gaussian);
  EXPECT_EQ(scores.cols(), 300);
  const auto kept = mathlets::entropy_vs_length(o, scores);
  const auto drawn = mathlets::entropy_vs_length(o);
  ASSERT_EQ(kept.size(), drawn.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].entropy, drawn[i].entropy) << i;
    EXPECT_EQ(kept[i].lambda, drawn[i].lambda) << i;
    EXPECT_EQ(kept[i].factors, drawn[i].factors) << i;
  }
  expect_error<std::out_of_range>(
      [&] { mathlets::entropy_vs_length(sweep(16, 8, {512}, {SweepMode::standard}), scores); },
      "scores has 300 columns");
  MatrixXd bad = scores;
  bad(1, 2) = NAN;
  expect_error<std::invalid_argument>([&] { mathlets::entropy_vs_length(o, bad); }, "scores");
}

// ---------------------------------------------------------------------------------------------
// Invariants 1 to 5 on random rows across magnitudes

TEST(Entropy, RowInvariants1To5) {
  mathlets::GaussianStream g(5);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + trial % 37;
    const double spread = std::ldexp(1.0, trial % 24 - 8);
    std::vector<double> s(n);
    for (double& v : s) v = spread * g.next();
    const double h = mathlets::row_entropy(s);
    ASSERT_GE(h, 0);
    ASSERT_LE(h, std::log(n) * (1 + 1e-15));
    EXPECT_NEAR(h, reference_entropy(s), 1e-14 * std::max(1.0, h)) << "trial " << trial;
    // Shift and permutation.
    std::vector<double> shifted(s), reversed(s.rbegin(), s.rend());
    for (double& v : shifted) v += 1e8 * spread;
    if (spread <= 1) EXPECT_NEAR(mathlets::row_entropy(shifted), h, 1e-7 * std::max(1.0, h));
    EXPECT_NEAR(mathlets::row_entropy(reversed), h, 1e-15 * std::max(1.0, h));
    // Monotone in the scale, with slope -lambda Var_a(s).
    double previous = kInf;
    for (const double lambda : {0.0, 0.25, 0.5, 1.0, 2.0, 4.0}) {
      std::vector<double> z(s);
      for (double& v : z) v *= lambda;
      const double hz = mathlets::row_entropy(z);
      EXPECT_LE(hz, previous + 1e-14);
      previous = hz;
      if (lambda > 0 && n > 1) {
        const double step = 1e-5 * lambda;
        std::vector<double> up(s), down(s);
        for (double& v : up) v *= lambda + step;
        for (double& v : down) v *= lambda - step;
        const double fd = (mathlets::row_entropy(up) - mathlets::row_entropy(down)) / (2 * step);
        const double slope = mathlets::entropy_scale_slope(s, lambda);
        if (std::fabs(slope) > 1e-6) EXPECT_NEAR(fd, slope, 1e-7 * std::fabs(slope) + 1e-9) << "trial " << trial;
      }
    }
  }
  // Shift by 1e8 on a unit row: exact in the gap form, wrong in the naive one.
  std::vector<double> z{0.3, -1.2, 0.9, 2.2}, shifted(z);
  for (double& v : shifted) v += 1e8;
  EXPECT_NEAR(mathlets::row_entropy(shifted), mathlets::row_entropy(z), 1e-7);
  EXPECT_GT(std::fabs(mathlets::naive_row_entropy(shifted, mathlets::NaiveEntropy::lse_minus_mean) -
                      mathlets::row_entropy(z)),
            1e-10);
}

TEST(Entropy, ScaleOrderAndFastBoundInvariants3And5) {
  for (const double gain : {1.0, 3.0}) {
    const auto pts =
        mathlets::entropy_vs_length(sweep(64, 64, {64, 256, 512, 2048}, {SweepMode::standard, SweepMode::logn}, gain));
    for (int i = 0; i < 4; ++i) {
      const auto& st = pts[i];
      const auto& ln = pts[4 + i];
      for (int r = 0; r < 64; ++r) {
        if (st.n > 512) EXPECT_LE(ln.entropy[r], st.entropy[r] + 1e-14);
        if (st.n < 512) EXPECT_GE(ln.entropy[r], st.entropy[r] - 1e-14);
        if (st.n == 512) EXPECT_EQ(ln.entropy[r], st.entropy[r]);
      }
      EXPECT_GE(st.mean, st.fast_bound - 1e-12);
    }
  }
  // Per row on a matrix: attention_entropy's fast bound holds on every row.
  const MatrixXd q = mathlets::draw_queries(64, 64, 42, KeyDistribution::gaussian);
  const MatrixXd k = mathlets::draw_keys(1024, 64, 42, KeyDistribution::gaussian);
  for (const double scale : {0.125, 0.375, 1.0}) {
    const auto r = mathlets::attention_entropy_qk(q, k, scale);
    for (int i = 0; i < 64; ++i) EXPECT_GE(r.entropy[i], r.fast_bound[i] - 1e-12);
  }
}

TEST(Entropy, LengthScaleOptions) {
  MatrixXd s(3, 4);
  s << 1, 2, 3, 4, 0, -1, 2, 0.5, 3, 3, -kInf, 1;
  mathlets::AttentionEntropyOptions o;
  o.base = 2;
  o.length_scale = mathlets::LengthScale::global;
  auto r = mathlets::attention_entropy(s, 0.5, o);
  EXPECT_EQ(r.lambda[0], 0.5 * 2);
  EXPECT_EQ(r.visible[2], 3);
  EXPECT_NEAR(r.lambda[2], 0.5 * std::log2(3.0), 1e-15) << "masked keys do not count in n";
  o.length_scale = mathlets::LengthScale::per_row;
  r = mathlets::attention_entropy(s, 0.5, o);
  EXPECT_EQ(r.lambda[0], 0);
  EXPECT_EQ(r.entropy[0], std::log(4.0)) << "lambda = 0 gives log n";
  EXPECT_EQ(r.lambda[1], 0.5);
  o.length_scale = mathlets::LengthScale::per_row_clipped;
  o.gain = 2;
  r = mathlets::attention_entropy(s, 0.5, o);
  EXPECT_EQ(r.lambda[0], 1.0);
  EXPECT_NEAR(r.lambda[2], std::log2(3.0), 1e-15);
}

// ---------------------------------------------------------------------------------------------
// T-E6: Gaussian-logit validity (statistical, 4000 rows each)

TEST(Entropy, GaussianLogitValidityTE6) {
  struct Row {
    double sigma, n, mc;
  };
  const Row rows[] = {{0.5, 64, 4.0368},  {1, 64, 3.6839},  {1, 512, 5.7423}, {1.5, 64, 3.1744},
                      {1.5, 512, 5.1408}, {2, 512, 4.3917}, {2, 4096, 6.3473}};
  // Rows of i.i.d. normals by Marsaglia's polar method (another generator than the library's, and
  // without sin/cos: the 16M draws of n = 4096 dominate this suite's time). The same rows serve every
  // sigma of one n; enough rows for a standard error <= 0.005 in every case (at least 4000).
  mathlets::SplitMix64 rng(2024);
  const auto polar = [&](std::vector<double>& z) {
    for (std::size_t j = 0; j < z.size(); j += 2) {
      double u, v, s;
      do {
        u = 2 * rng.uniform() - 1;
        v = 2 * rng.uniform() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s == 0);
      const double f = std::sqrt(-2 * std::log(s) / s);
      z[j] = u * f;
      if (j + 1 < z.size()) z[j + 1] = v * f;
    }
  };
  for (const double n : {64.0, 512.0, 4096.0}) {
    const int count = n == 4096 ? 4000 : 8000;
    std::vector<std::vector<double>> h(std::size(rows), std::vector<double>(count));
    std::vector<double> normals(static_cast<std::size_t>(n)), z(normals.size());
    for (int r = 0; r < count; ++r) {
      polar(normals);
      for (std::size_t c = 0; c < std::size(rows); ++c) {
        if (rows[c].n != n) continue;
        for (std::size_t j = 0; j < z.size(); ++j) z[j] = rows[c].sigma * normals[j];
        h[c][r] = mathlets::row_entropy(z);
      }
    }
    for (std::size_t c = 0; c < std::size(rows); ++c) {
      const Row& row = rows[c];
      if (row.n != n) continue;
      double mean = 0, ss = 0;
      for (const double v : h[c]) mean += v / count;
      for (const double v : h[c]) ss += (v - mean) * (v - mean);
      const double se = std::sqrt(ss / (count - 1) / count);
      const std::string what = "sigma " + std::to_string(row.sigma) + ", n " + std::to_string(row.n);
      EXPECT_LE(se, 0.005) << what;
      EXPECT_NEAR(mean, row.mc, 4 * std::sqrt(se * se + 0.005 * 0.005)) << what;
      const double annealed =
          mathlets::annealed_entropy(row.n, row.sigma * row.sigma, 1, KeyDistribution::gaussian).entropy;
      EXPECT_NEAR(annealed, std::log(row.n) - row.sigma * row.sigma / 2, 1e-15);
      if (std::exp(row.sigma * row.sigma) / row.n <= 0.05)
        EXPECT_NEAR(mean, annealed, 0.04 + 4 * se) << what << " (invariant 9)";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// T-E7: entropy normalization; invariants 6 and 7

void expect_normalized(const std::vector<double>& p, double target, double gamma, const std::string& what) {
  const auto r = mathlets::entropy_normalize_probs(p, target);
  EXPECT_EQ(r.status, NormalizeStatus::ok) << what;
  EXPECT_LE(std::fabs(r.entropy - target), 1e-13 * std::max(1.0, target)) << what;
  expect_relative(r.gamma, gamma, 1e-12, what + " gamma");
  // The entropy of the returned p' itself, by another route, and the order kept, zeros kept.
  std::vector<double> logp;
  for (const double v : r.p) logp.push_back(v > 0 ? std::log(v) : -kInf);
  EXPECT_NEAR(mathlets::row_entropy(logp), target, 1e-13 * std::max(1.0, target)) << what;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == 0) EXPECT_EQ(r.p[i], 0) << what;
    for (std::size_t j = 0; j < p.size(); ++j)
      if (p[i] < p[j]) EXPECT_LE(r.p[i], r.p[j]) << what;
  }
  EXPECT_LE(r.iterations, 100);
}

TEST(Entropy, EntropyNormalizationTE7) {
  expect_normalized({0.5, 0.3, 0.2}, 0.8, 2.2561900645651763, "(0.5, 0.3, 0.2)");
  const auto first = mathlets::entropy_normalize_probs(std::vector<double>{0.5, 0.3, 0.2}, 0.8);
  EXPECT_NEAR(first.p[0], 0.69330646219, 1e-11);
  EXPECT_NEAR(first.p[1], 0.21897387485, 1e-11);
  EXPECT_NEAR(first.p[2], 0.08771966296, 1e-11);
  std::vector<double> linear;
  for (int j = 1; j <= 100; ++j) linear.push_back(j);
  expect_normalized(linear, std::log(30.0), 7.0432859624498446, "p ~ j");
  std::vector<double> log_linear;
  for (const double v : linear) log_linear.push_back(std::log(v / 5050));
  expect_relative(mathlets::row_entropy(log_linear), 4.4168975899846634, 1e-15, "H(p ~ j)");
  expect_normalized({0.9, 0.1}, 0.5, 0.63175538436946511, "(0.9, 0.1)");
  const double t = 0.80029009744602281;
  expect_relative(std::log(t / (1 - t)) / std::log(9.0), 0.63175538436946511, 1e-12, "binary-entropy route");
  expect_normalized({0.7, 0.2, 0.1}, 1.09, 0.16118442125817146, "(0.7, 0.2, 0.1) -> 1.09");
  expect_normalized({0.7, 0.2, 0.1}, 1.0, 0.54684766569888795, "(0.7, 0.2, 0.1) -> 1.0");
  expect_normalized({0.7, 0.2, 0.1}, 0.2, 2.5736461615581712, "(0.7, 0.2, 0.1) -> 0.2");
  expect_normalized({0.6, 0.3, 0.1, 0}, 0.5, 2.3796105391938616, "a zero");
  expect_normalized({0.5, 0.3, 0.2 - 1e-300, 1e-300}, 0.3, 5.0828061616441466, "1e-300");
  expect_normalized({0.9, 0.09, 0.01}, 1.0, 0.25012608387328317, "the order-keeping root");
  expect_normalized({0.98, 0.01, 0.01}, 1.0, 0.19499956614333208, "(0.98, 0.01, 0.01)");

  const auto below = mathlets::entropy_normalize_probs(std::vector<double>{0.4, 0.4, 0.2}, 0.6);
  EXPECT_EQ(below.status, NormalizeStatus::target_below_min);
  EXPECT_EQ(below.gamma, kInf);
  EXPECT_EQ(below.p, (std::vector<double>{0.5, 0.5, 0}));
  EXPECT_EQ(below.entropy, std::log(2.0));
  for (const double target : {0.1, 0.69, 5.0}) {
    const auto constant = mathlets::entropy_normalize_probs(std::vector<double>{0.5, 0.5}, target);
    EXPECT_EQ(constant.status, NormalizeStatus::constant);
    EXPECT_EQ(constant.gamma, 1);
  }
  const auto above = mathlets::entropy_normalize_probs(std::vector<double>{0.6, 0.3, 0.1, 0}, 1.2);
  EXPECT_EQ(above.status, NormalizeStatus::target_above_max);
  EXPECT_EQ(above.gamma, 0);
  EXPECT_EQ(above.p, (std::vector<double>{1. / 3, 1. / 3, 1. / 3, 0}));
  const auto at_max = mathlets::entropy_normalize_probs(std::vector<double>{0.6, 0.3, 0.1}, std::log(3.0));
  EXPECT_EQ(at_max.status, NormalizeStatus::ok);
  EXPECT_EQ(at_max.gamma, 0);
  // Unnormalized probabilities and logits give the same answer.
  const auto scaled = mathlets::entropy_normalize_probs(std::vector<double>{5, 3, 2}, 0.8);
  expect_relative(scaled.gamma, 2.2561900645651763, 1e-12, "unnormalized");
  const auto logits =
      mathlets::entropy_normalize_logits(std::vector<double>{std::log(0.5), std::log(0.3), std::log(0.2), -kInf}, 0.8);
  expect_relative(logits.gamma, 2.2561900645651763, 1e-12, "logits");
  EXPECT_EQ(logits.p[3], 0);
}

TEST(Entropy, NormalizationInvariants6And7) {
  mathlets::GaussianStream g(11);
  for (int trial = 0; trial < 100; ++trial) {
    const int n = 2 + trial % 50;
    const double spread = std::pow(10.0, trial % 5 - 3);  // well conditioned: gamma^2 V not tiny
    std::vector<double> z(n);
    for (double& v : z) v = spread * g.next();
    const double h = mathlets::row_entropy(z);
    const double t1 = 0.8 * h, t2 = 0.5 * h + 0.5 * std::log(n);
    const auto direct = mathlets::entropy_normalize_logits(z, t1);
    ASSERT_EQ(direct.status, NormalizeStatus::ok) << trial;
    EXPECT_LE(std::fabs(direct.entropy - t1), 1e-13 * std::max(1.0, t1)) << trial;
    // Invariant 6: p^gamma / sum p^gamma in long double equals the returned softmax(gamma z).
    long double top = -INFINITY, sum = 0;
    for (const double v : z) top = std::max<long double>(top, v);
    for (const double v : z) sum += std::exp(static_cast<long double>(direct.gamma) * (v - top));
    for (int j = 0; j < n; ++j) {
      const long double want = std::exp(static_cast<long double>(direct.gamma) * (z[j] - top)) / sum;
      EXPECT_NEAR(direct.p[j], static_cast<double>(want), 1e-15 * std::max(1.0, static_cast<double>(want)) * 4)
          << trial;
    }
    // An independent solve: bisection on log gamma with the long-double entropy of gamma z, within
    // the conditioning bound of invariant 7.
    long double lo = -60, hi = 60;
    for (int it = 0; it < 200; ++it) {
      const long double mid = (lo + hi) / 2;
      std::vector<double> scaled(z);
      for (double& v : scaled) v *= static_cast<double>(std::exp(mid));
      (reference_entropy(scaled) > t1 ? lo : hi) = mid;
    }
    const double brent = static_cast<double>(std::exp((lo + hi) / 2));
    const double var = -mathlets::entropy_scale_slope(z, direct.gamma) / direct.gamma;
    EXPECT_NEAR(direct.gamma, brent,
                direct.gamma * (1e-15 * std::max(1.0, t1) / (direct.gamma * direct.gamma * var) + 1e-12))
        << trial;
    // Exponents multiply: normalizing to t2, then to t1, equals normalizing to t1.
    const auto step = mathlets::entropy_normalize_logits(z, t2);
    std::vector<double> logp;
    for (const double v : step.p) logp.push_back(std::log(v));
    const auto composed = mathlets::entropy_normalize_logits(logp, t1);
    EXPECT_NEAR(step.gamma * composed.gamma, direct.gamma, 1e-10 * direct.gamma) << trial;
  }
}

TEST(Entropy, ArticleLoopTE7) {
  const auto easy = mathlets::article_iteration(std::vector<double>{0.5, 0.3, 0.2}, 0.8, 4);
  ASSERT_EQ(easy.steps.size(), 4u);
  EXPECT_NEAR(easy.steps.back().cumulative, 2.2561900645651763, 1e-12);
  EXPECT_NEAR(easy.steps.back().entropy, 0.8, 1e-13);
  EXPECT_FALSE(easy.reversed || easy.overflow || easy.nan);

  const auto wrong = mathlets::article_iteration(std::vector<double>{0.9, 0.09, 0.01}, 1.0, 60);
  EXPECT_TRUE(wrong.reversed);
  EXPECT_NEAR(wrong.steps.back().cumulative, -0.25234117954060969, 1e-12) << "the order-reversing root";
  EXPECT_NEAR(wrong.steps.back().entropy, 1.0, 1e-12);
  EXPECT_GT(wrong.p[2], wrong.p[0]);
  EXPECT_NEAR(wrong.p[0], 0.169, 5e-4);
  EXPECT_NEAR(wrong.p[2], 0.528, 5e-4);

  const auto blow = mathlets::article_iteration(std::vector<double>{0.98, 0.01, 0.01}, 1.0, 20);
  EXPECT_NEAR(blow.steps[0].gamma, -1.1554, 5e-5);
  EXPECT_NEAR(blow.steps[1].cumulative, 3.659, 5e-4);
  EXPECT_TRUE(blow.overflow || blow.nan);
  EXPECT_LT(blow.steps.size(), 20u) << "stops once p is not finite";

  const auto zero = mathlets::article_iteration(std::vector<double>{0.6, 0.3, 0.1, 0}, 0.5, 5);
  EXPECT_TRUE(zero.nan) << "0 log 0";
  const auto tiny = mathlets::article_iteration(std::vector<double>{0.5, 0.3, 0.2 - 1e-300, 1e-300}, 0.3, 10);
  EXPECT_TRUE(tiny.nan || tiny.overflow) << "underflow, then NaN";
}

// ---------------------------------------------------------------------------------------------
// T-E8: JL; invariant 10

TEST(Entropy, JlTailsTE8) {
  struct Row {
    double k, eps, exact, chernoff, simple;
  };
  const Row rows[] = {{16, 0.5, 0.1406381126, 0.6826838156, 1.213061319},
                      {64, 0.1, 0.5714976425, 1.703013595, 1.846232693},
                      {64, 0.25, 0.1532849565, 0.7228578245, 1.213061319},
                      {64, 0.5, 0.006201608768, 0.05062112148, 0.2706705665},
                      {128, 0.25, 0.0446855263, 0.2689458616, 0.7357588823},
                      {128, 0.5, 0.0002172132674, 0.002361593088, 0.03663127778}};
  for (const Row& r : rows) {
    const auto b = mathlets::jl_bounds(64, r.eps, r.k);
    expect_relative(b.exact, r.exact, 1e-9, "exact");
    expect_relative(b.chernoff, r.chernoff, 1e-9, "chernoff");
    expect_relative(b.simple, r.simple, 1e-9, "simple");
    EXPECT_LE(b.exact, b.chernoff);
    EXPECT_LE(b.chernoff, b.simple);
  }
  struct Need {
    double n, eps, simple, chernoff, exact, k24;
  };
  const Need needs[] = {{64, 0.5, 399, 249, 195, 399.25},
                        {512, 0.5, 599, 382, 322, 598.88},
                        {512, 0.25, 2396, 1342, 1139, 2395.52},
                        {4096, 0.5, 799, 514, 451, 798.51}};
  for (const Need& w : needs) {
    const auto b = mathlets::jl_bounds(w.n, w.eps, 64);
    EXPECT_EQ(b.k_simple, w.simple);
    EXPECT_EQ(b.k_chernoff, w.chernoff);
    EXPECT_EQ(b.k_exact, w.exact);
    EXPECT_EQ(b.k24, std::ceil(w.k24));
    EXPECT_NEAR(24 * std::log(w.n) / (w.eps * w.eps), w.k24, 5e-3);
    // Brute force: no smaller k satisfies the exact condition.
    const double limit = 2 / (w.n * w.n * (w.n - 1));
    EXPECT_LE(mathlets::chi2_deviation_probability(w.exact, w.eps), limit);
    EXPECT_GT(mathlets::chi2_deviation_probability(w.exact - 1, w.eps), limit);
  }
  const double ns[] = {512, 4096, 1e5};
  const double r8[] = {49.9066, 66.5421, 92.1034}, r833[] = {51.965, 69.287, 95.903}, re[] = {51.855, 69.140, 95.699};
  for (int i = 0; i < 3; ++i) {
    const auto b = mathlets::jl_bounds(ns[i], 0.5, 64);
    EXPECT_NEAR(b.rule8, r8[i], 5e-5);
    EXPECT_NEAR(b.rule833, r833[i], 5e-4);
    EXPECT_NEAR(b.rule_entropy, re[i], 5e-4);
  }
}

MatrixXd te8_x() {
  return (MatrixXd(6, 8) << 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 2, -1, 0, 3, 1, 0,
          0, -2, 0, 0, 0, 0, 1, 1, 1, 1, 3, 1, 4, 1, 5, 9, 2, 6)
      .finished();
}

TEST(Entropy, JlProjectionGoldenTE8) {
  const MatrixXd a = mathlets::jl_projection_matrix(4, 8, 7);
  const double a0[] = {0.49423716615936764, 0.05232832374449699, -0.9321279033656137, -0.5350215518591709,
                       0.00196010360759467, 0.5487617930748284,  -0.2646353502370957, 0.4954592407175929};
  for (int j = 0; j < 8; ++j) expect_relative(a(0, j), a0[j], 1e-14, "A[0][" + std::to_string(j) + "]");
  const double rho[] = {1.9887523553620152, 0.7543891395418579, 1.0170690406252085, 0.6102630709520332,
                        0.9222077781012266, 1.0737836514714065, 1.2024869333335841, 1.0180515036602302,
                        0.963888867645312,  0.8988837468266017, 0.7860496581345174, 1.0936959709297707,
                        1.248318681465141,  1.3079591260690007, 0.8974149589512538};
  const auto r = mathlets::jl_projection_distortion(te8_x(), 4, 7, 0.5);
  ASSERT_EQ(r.ratios.size(), 15u);
  for (int i = 0; i < 15; ++i) expect_relative(r.ratios[i], rho[i], 1e-12, "rho " + std::to_string(i));
  expect_relative(r.max_deviation, 0.9887523553620152, 1e-12, "max |rho - 1|");
  EXPECT_EQ(r.duplicates, 0);
  EXPECT_TRUE(std::isnan(r.inner_product_deviation)) << "rows are not unit";
  // Invariant 10: scaling X leaves every ratio unchanged.
  for (const double c : {1e-150, 3.0, 1e150}) {
    const auto s = mathlets::jl_projection_distortion(te8_x() * c, 4, 7, 0.5);
    for (int i = 0; i < 15; ++i) expect_relative(s.ratios[i], rho[i], 1e-12, "scaled rho");
  }
  // Duplicates are skipped and counted.
  MatrixXd dup(3, 8);
  dup << te8_x().row(0), te8_x().row(0), te8_x().row(1);
  const auto d = mathlets::jl_projection_distortion(dup, 4, 7, 0.5);
  EXPECT_EQ(d.duplicates, 1);
  EXPECT_EQ(d.ratios.size(), 2u);
  EXPECT_EQ(d.inner_product_deviation >= 0, true) << "unit rows";
}

TEST(Entropy, JlIllustrationTE8) {
  // X from stream seed 3 (row-major), N = 256, m = 128.
  MatrixXd x(256, 128);
  mathlets::GaussianStream g(3);
  for (int i = 0; i < 256; ++i)
    for (int j = 0; j < 128; ++j) x(i, j) = g.next();
  const double ks[] = {8, 16, 64, 128};
  const double max_dev[] = {3.5264, 1.7667, 0.8327, 0.6610};
  const double within[] = {0.702635, 0.871661, 0.995129, 0.999786};
  const double predicted[] = {0.705920, 0.859362, 0.993798, 0.999783};
  for (int i = 0; i < 4; ++i) {
    const auto r = mathlets::jl_projection_distortion(x, static_cast<int>(ks[i]), 7, 0.5);
    EXPECT_NEAR(r.max_deviation, max_dev[i], 5e-5) << ks[i];
    EXPECT_NEAR(r.within_eps, within[i], 5e-7) << ks[i];
    EXPECT_NEAR(1 - mathlets::chi2_deviation_probability(ks[i], 0.5), predicted[i], 5e-7) << ks[i];
  }
}

TEST(Entropy, JlPairOverSeedsInvariant10) {
  const MatrixXd x = te8_x().topRows(4);
  for (const int k : {4, 16, 64}) {
    double mean = 0, sq = 0;
    constexpr int kSeeds = 2000;
    for (int seed = 0; seed < kSeeds; ++seed) {
      const double rho = mathlets::jl_projection_distortion(x, k, seed, 0.5).ratios[4];  // pair (1, 2)
      mean += rho / kSeeds;
      sq += rho * rho / kSeeds;
    }
    const double var = (sq - mean * mean) * kSeeds / (kSeeds - 1);
    EXPECT_NEAR(mean, 1, 4 * std::sqrt(2.0 / (kSeeds * k))) << k;
    EXPECT_NEAR(var, 2.0 / k, 0.2 * 2.0 / k) << k;
  }
}

// ---------------------------------------------------------------------------------------------
// Edge cases (section 2.9) and bad input

TEST(Entropy, EdgeCases) {
  EXPECT_EQ(mathlets::row_entropy(std::vector<double>{3.5}), 0);
  EXPECT_EQ(mathlets::attention_scale(ScaleMode::logn, 1, 64).lambda, 0) << "n = 1";
  EXPECT_LT(mathlets::attention_scale(ScaleMode::logn, 64, 64).lambda, 0.125) << "softer below L0";
  EXPECT_EQ(mathlets::attention_scale(ScaleMode::logn_clipped, 64, 64).lambda, 0.125);
  EXPECT_EQ(mathlets::row_entropy(std::vector<double>(7, 2.5)), std::log(7.0)) << "constant row";
  MatrixXd big(1, 3);
  big << 1e300, 1e300, 0;
  EXPECT_EQ(mathlets::attention_entropy(big, 1e10).entropy[0], std::log(2.0)) << "lambda s overflows to +inf";
  MatrixXd one(1, 1);
  one << 4;
  mathlets::AttentionEntropyOptions global;
  global.length_scale = mathlets::LengthScale::global;
  EXPECT_EQ(mathlets::attention_entropy(one, 1, global).entropy[0], 0);
  EXPECT_EQ(mathlets::row_entropy(std::vector<double>{2, 2, 1}), mathlets::row_entropy(std::vector<double>{2, 1, 2}));
}

TEST(Entropy, BadInputNamesTheArgument) {
  using std::invalid_argument;
  using std::out_of_range;
  expect_error<invalid_argument>([] { mathlets::row_entropy(std::vector<double>{}); }, "z is empty");
  expect_error<invalid_argument>([] { mathlets::row_entropy(std::vector<double>{-kInf, -kInf}); }, "z");
  expect_error<out_of_range>([] { mathlets::attention_scale(ScaleMode::logn, 0.5, 64); }, "n = 0.5");
  expect_error<out_of_range>([] { mathlets::attention_scale(ScaleMode::logn, 8, 64, {1.5, 1}); }, "base");
  expect_error<out_of_range>([] { mathlets::attention_scale(ScaleMode::logn, 8, 64, {512, 0}); }, "gain");
  expect_error<out_of_range>([] { mathlets::attention_scale(ScaleMode::standard, 8, NAN); }, "d");
  expect_error<out_of_range>([] { mathlets::annealed_entropy(64, 2, 0.5, KeyDistribution::sphere); }, "d = 2");
  expect_error<out_of_range>([] { mathlets::annealed_entropy(64, 16, -1, KeyDistribution::gaussian); }, "lambda");
  expect_error<invalid_argument>([] { mathlets::attention_entropy(MatrixXd(0, 3), 1); }, "S is empty");
  MatrixXd s(2, 2);
  s << 1, NAN, 0, 0;
  expect_error<invalid_argument>([&] { mathlets::attention_entropy(s, 1); }, "S[0][1]");
  s << -kInf, -kInf, 0, 0;
  expect_error<invalid_argument>([&] { mathlets::attention_entropy(s, 1); }, "row 0");
  s << 1, 2, 3, 4;
  expect_error<out_of_range>([&] { mathlets::attention_entropy(s, -1); }, "scale");
  expect_error<invalid_argument>([] { mathlets::attention_entropy_qk(MatrixXd::Ones(2, 3), MatrixXd::Ones(2, 2), 1); },
                                 "columns");
  expect_error<out_of_range>(
      [] { mathlets::entropy_vs_length(sweep(2, 8, {8}, {SweepMode::standard}, 1, KeyDistribution::sphere)); },
      "d = 2");
  expect_error<out_of_range>([] { mathlets::entropy_vs_length(sweep(16, 8, {0}, {SweepMode::standard})); }, "lengths");
  expect_error<out_of_range>([] { mathlets::entropy_vs_length(sweep(16, 1, {8}, {SweepMode::standard})); }, "rows");
  expect_error<out_of_range>([] { mathlets::entropy_vs_length(sweep(4096, 4096, {4096}, {SweepMode::standard})); },
                             "limit");
  expect_error<invalid_argument>(
      [] {
        mathlets::entropy_normalize_probs(std::vector<double>{0.5, -0.1}, 0.3);
      },
      "probs[1]");
  expect_error<invalid_argument>(
      [] {
        mathlets::entropy_normalize_probs(std::vector<double>{0.5, NAN}, 0.3);
      },
      "probs[1]");
  expect_error<invalid_argument>(
      [] {
        mathlets::entropy_normalize_logits(std::vector<double>{0.5, kInf}, 0.3);
      },
      "logits[1]");
  expect_error<invalid_argument>([] { mathlets::entropy_normalize_probs(std::vector<double>{0, 0}, 0.3); }, "probs");
  expect_error<invalid_argument>(
      [] {
        mathlets::entropy_normalize_probs(std::vector<double>{0.5, 0.5}, NAN);
      },
      "target");
  expect_error<std::runtime_error>(
      [] {
        mathlets::entropy_normalize_logits(std::vector<double>{0, -1e-310}, 1e-300);
      },
      "no bracket");
  expect_error<out_of_range>([] { mathlets::article_iteration(std::vector<double>{0.5, 0.5}, 0.3, 0); }, "iters");
  expect_error<invalid_argument>([] { mathlets::jl_projection_distortion(MatrixXd::Ones(1, 4), 2, 0, 0.5); }, "X");
  expect_error<out_of_range>([] { mathlets::jl_projection_distortion(MatrixXd::Ones(3, 4), 0, 0, 0.5); }, "k");
  expect_error<out_of_range>([] { mathlets::jl_bounds(1, 0.5, 8); }, "N");
  expect_error<out_of_range>([] { mathlets::jl_bounds(64, 1, 8); }, "eps");
}

}  // namespace
