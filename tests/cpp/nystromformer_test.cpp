// Nyströmformer (nystromformer.md): the oracles T-N1 to T-N8 and invariants 1 to 12.
#include "mathlets/cur.hpp"
#include "mathlets/nystromformer.hpp"
#include "mathlets/performer.hpp"
#include "mathlets/pinv.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <Eigen/SVD>

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using mathlets::AttentionPreset;
using mathlets::LandmarkRule;
using mathlets::NystromMiddle;
using mathlets::NystromOptions;
using mathlets::PinvIteration;

constexpr double kEps = std::numeric_limits<double>::epsilon();

void expect_relative(double got, double want, double tol, const std::string& what) {
  EXPECT_LE(std::fabs(got - want), tol * std::fabs(want)) << what << ": " << got << " vs " << want;
}

MatrixXd softmax(const MatrixXd& q, const MatrixXd& k, double scale) {
  return mathlets::softmax_attention_weights(q, k, scale, false);
}

MatrixXd s_hat_of(const mathlets::NystromAttention& r) { return r.f * r.z * r.b; }

NystromOptions with(NystromMiddle middle, LandmarkRule rule = LandmarkRule::segment, double scale = 1.0) {
  NystromOptions o;
  o.middle = middle;
  o.landmarks = rule;
  o.scale = scale;
  return o;
}

// ---------------------------------------------------------------------------------------------
// T-N1: the exact rational pipeline (n = 4, d = 1, m = 2, scale 1)

struct TN1 {
  MatrixXd q = (MatrixXd(4, 1) << 0, 2, 1, 3).finished();
  MatrixXd k = (MatrixXd(4, 1) << std::log(1.0), std::log(4.0), std::log(2.0), std::log(8.0)).finished();
  MatrixXd v = (MatrixXd(4, 2) << 1, 0, 0, 1, 1, 1, 2, -1).finished();
};

TEST(Nystromformer, RationalPipelineTN1) {
  const TN1 in;
  const MatrixXd s = softmax(in.q, in.k, 1.0);
  const MatrixXd s_want = (MatrixXd(4, 4) << 1. / 4, 1. / 4, 1. / 4, 1. / 4, 1. / 85, 16. / 85, 4. / 85, 64. / 85,
                           1. / 15, 4. / 15, 2. / 15, 8. / 15, 1. / 585, 64. / 585, 8. / 585, 512. / 585)
                              .finished();
  EXPECT_LT((s - s_want).cwiseAbs().maxCoeff(), 1e-15);
  const auto r = mathlets::nystrom_attention(in.q, in.k, in.v, 2, with(NystromMiddle::svd));
  EXPECT_TRUE(r.landmarks.paper_mode);
  EXPECT_LT((r.landmarks.q - (MatrixXd(2, 1) << 1, 2).finished()).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_LT((r.a - (MatrixXd(2, 2) << 1. / 3, 2. / 3, 1. / 5, 4. / 5).finished()).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_LT((r.z - (MatrixXd(2, 2) << 6, -5, -1.5, 2.5).finished()).cwiseAbs().maxCoeff(), 1e-13);
  const MatrixXd hat = s_hat_of(r);
  const MatrixXd hat_want =
      (MatrixXd(4, 4) << 23. / 170, 31. / 85, 41. / 170, 22. / 85, 1. / 85, 16. / 85, 4. / 85, 64. / 85, 1. / 15,
       4. / 15, 2. / 15, 8. / 15, -19. / 765, 104. / 765, -8. / 765, 688. / 765)
          .finished();
  EXPECT_LT((hat - hat_want).cwiseAbs().maxCoeff(), 1e-13);
  const auto e = mathlets::attention_errors(s, hat, in.v);
  expect_relative(e.relative * e.relative * s.squaredNorm(), 5777.0 / 198900, 1e-12, "||S_hat - S||_F^2");
  expect_relative(e.relative, 0.120189490, 1e-8, "relative error");
  expect_relative(e.negative_mass, -27.0 / 765, 1e-12, "negative mass");
  EXPECT_LT(e.row_sum_dev, 1e-14);
  expect_relative(e.output * e.output * (s * in.v).squaredNorm(), 3711553.0 / 175827600, 1e-12, "output error^2");
  const MatrixXd out_want = (MatrixXd(2, 2) << 76. / 85, 59. / 170, 1349. / 765, -592. / 765).finished();
  EXPECT_LT((r.out.row(0) - out_want.row(0)).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_LT((r.out.row(3) - out_want.row(1)).cwiseAbs().maxCoeff(), 1e-13);
  const auto dual = mathlets::nystrom_attention(in.q, in.k, in.v, 2, with(NystromMiddle::identity));
  expect_relative((s_hat_of(dual) - s).squaredNorm(), 115888751.0 / 402772500, 1e-12, "dual softmax");
  // Singular values of S and the Eckart-Young floors (squared) for m = 2 and 1.
  const VectorXd sigma = mathlets::singular_values(s);
  const double sigma_want[] = {1.35444167555041, 0.409790168203900, 0.0903085707741279, 0.00674036908355789};
  for (int i = 0; i < 4; ++i) expect_relative(sigma(i), sigma_want[i], 1e-12, "sigma(S)");
  expect_relative(mathlets::truncation_floor(sigma, 2).frobenius_squared, 0.00820107053064825, 1e-12, "floor m=2");
  expect_relative(mathlets::truncation_floor(sigma, 1).frobenius_squared, 0.176129052487229, 1e-12, "floor m=1");
  const auto floor = mathlets::attention_errors(s, hat, MatrixXd(), sigma, 2);
  expect_relative(floor.floor, std::sqrt(0.00820107053064825) / s.norm(), 1e-12, "relative floor");
}

// R7 / invariant 3: token landmarks {1, 2} give the same S_hat, exact on rows 1 and 2, and the Delta
// formula; the CUR of S with the same indices is much worse.
TEST(Nystromformer, TokenLandmarksAndTheDeltaFormula) {
  const TN1 in;
  const MatrixXd s = softmax(in.q, in.k, 1.0);
  NystromOptions o = with(NystromMiddle::svd, LandmarkRule::manual);
  o.indices = {1, 2};
  const auto r = mathlets::nystrom_attention(in.q, in.k, in.v, 2, o);
  const MatrixXd hat = s_hat_of(r);
  const double kappa = r.kappa_a;
  for (const int i : {1, 2}) EXPECT_LE((hat.row(i) - s.row(i)).cwiseAbs().maxCoeff(), 10 * kappa * kEps);
  expect_relative((hat - s).squaredNorm(), 5777.0 / 198900, 1e-12, "same S_hat as segment means");
  // delta_i = sum_j e^{L_ij} / sum_{j in I} e^{L_ij}.
  const VectorXd delta = (VectorXd(4) << 2, 17. / 4, 5. / 2, 65. / 8).finished();
  const std::vector<int> idx = {1, 2};
  MatrixXd cols(4, 2), w(2, 2), rows(2, 4);
  for (int a = 0; a < 2; ++a) {
    cols.col(a) = s.col(idx[a]);
    rows.row(a) = s.row(idx[a]);
    for (int b = 0; b < 2; ++b) w(a, b) = s(idx[a], idx[b]);
  }
  const MatrixXd delta_i = (VectorXd(2) << delta(1), delta(2)).finished().asDiagonal();
  const MatrixXd formula = delta.asDiagonal() * cols * w.inverse() * delta_i.inverse() * rows;
  EXPECT_LT((formula - hat).cwiseAbs().maxCoeff(), 1e-13);
  const auto cur = mathlets::cur_core(s, idx, idx, mathlets::CurMiddle::intersection);
  expect_relative(cur.error, 26439953.0 / 38937600, 1e-11, "CUR of S");
  EXPECT_LT((cur.approx.row(0) - (MatrixXd(1, 4) << 5. / 32, 1. / 4, 1. / 4, -1. / 2).finished()).cwiseAbs().maxCoeff(),
            1e-13);
}

TEST(Nystromformer, IterationTableTN1) {
  const TN1 in;
  const MatrixXd a = (MatrixXd(2, 2) << 1. / 3, 2. / 3, 1. / 5, 4. / 5).finished();
  const MatrixXd s = softmax(in.q, in.k, 1.0);
  const auto probe = mathlets::nystrom_attention(in.q, in.k, in.v, 2, with(NystromMiddle::identity));
  const MatrixXd inverse = a.inverse();
  struct Row {
    double p1, z, e, attention;
  };
  const Row rows[] = {{0.2202957821, 8.206528343, 0.9900726807, 0.26774374885},
                      {0.1168887423, 8.023066234, 0.9681040712, 0.22319221517},
                      {0.1086102740, 7.459461808, 0.9000967673, 0.19588226280},
                      {0.08579553849, 5.892523049, 0.7110219322, 0.13005179777},
                      {0.04024057970, 2.763763100, 0.3334897739, 0.04758949918},
                      {0.003729652821, 0.2561562711, 0.03090912420, 0.028621922674},
                      {2.699943835e-6, 1.854348322e-4, 2.237551412e-5, 0.029044281760}};
  const auto it = mathlets::iterative_pinv(a, 7);
  expect_relative(it.alpha, 15.0 / 22, 1e-15, "alpha");
  for (int k = 0; k <= 7; ++k) {
    const MatrixXd z = mathlets::iterative_pinv(a, k).z;
    const double tol = k <= 5 ? 1e-9 : 1e-8;  // the table's 10 digits; k = 6 is 1e-8 (float runs)
    const double p1 = (a * z * a - a).norm(), zerr = (z - inverse).norm();
    const double e = Eigen::JacobiSVD<MatrixXd>(MatrixXd::Identity(2, 2) - a * z).singularValues()(0);
    const double att = (probe.f * z * probe.b - s).squaredNorm();
    if (k < 7) {
      expect_relative(p1, rows[k].p1, tol, "p1 at k " + std::to_string(k));
      expect_relative(zerr, rows[k].z, tol, "Z error at k " + std::to_string(k));
      expect_relative(e, rows[k].e, tol, "E at k " + std::to_string(k));
      expect_relative(att, rows[k].attention, tol, "attention error at k " + std::to_string(k));
    } else {
      EXPECT_LT(zerr, 1e-13);
      expect_relative(att, 5777.0 / 198900, 1e-10, "k = 7 is the exact inverse's error");
    }
    expect_relative(it.history[k].p1 * a.norm(), p1, 1e-12, "history p1");
    // Measured against pinv(A), which differs from A's inverse at rounding level.
    EXPECT_NEAR(it.history[k].z_error * inverse.norm(), zerr, 1e-9 * zerr + 1e-13) << "history Z error, k " << k;
    expect_relative(it.history[k].e_norm, e, 1e-12, "history E");
  }
  const MatrixXd z6 =
      (MatrixXd(2, 2) << 5.999870308925435, -4.999883062856555, -1.4999536671327938, 2.4999582235465554).finished();
  EXPECT_LT((mathlets::iterative_pinv(a, 6).z - z6).cwiseAbs().maxCoeff(), 1e-12);
}

// T-N2 and invariant 11: a singular A converges, then floating point drifts by 3.25 per step.
TEST(Nystromformer, SingularDriftTN2) {
  const MatrixXd a = (MatrixXd(3, 3) << 1. / 3, 2. / 3, 0, 1. / 5, 1. / 5, 3. / 5, 1. / 3, 2. / 3, 0).finished();
  const MatrixXd dagger = (MatrixXd(3, 3) << 24, 20, 24, 57, -10, 57, -27, 150, -27).finished() / 92;
  EXPECT_LT((mathlets::pinv(a).pinv - dagger).cwiseAbs().maxCoeff(), 1e-14);
  const auto it = mathlets::iterative_pinv(a, 45);
  ASSERT_EQ(it.history.size(), 46u);
  EXPECT_FALSE(it.diverged);
  double best = 1;
  for (int k = 0; k <= 8; ++k) best = std::min(best, it.history[k].z_error);
  EXPECT_LT(best, 1e-14);
  const double exact[] = {0.6973048, 0.3974979, 0.06916629, 3.252308e-4};
  for (int k = 0; k < 4; ++k) expect_relative(it.history[k].z_error, exact[k], 1e-6, "rational iterate error");
  expect_relative(it.history[30].z_error / it.history[20].z_error, std::pow(3.25, 10), 0.01, "growth 3.25 per step");
  EXPECT_GT(it.history[45].z_error, 1e3 * best);
  EXPECT_LT(it.history[45].p1, 1e-6) << "A Z A - A stays small while Z drifts";
}

// T-N3: the scalar map, its half-inversion cutoffs, its basin.
TEST(Nystromformer, ScalarMapTN3) {
  const std::vector<double> t0 = {1, 0.5, 0.1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6};
  const std::vector<double> f6 = {
      1, 1, 1, 0.999979229079417, 0.687187873062659, 0.111011479737406, 0.0117133410429051, 0.00117770892362198};
  const auto got = mathlets::pinv_filter(t0, 6);
  for (std::size_t i = 0; i < t0.size(); ++i)
    expect_relative(got[i], f6[i], 1e-12, "f_6(" + std::to_string(t0[i]) + ")");
  const auto cutoff = [](int k, PinvIteration method) {
    double lo = 1e-12, hi = 1;  // f_k is increasing on (0, 1]
    for (int i = 0; i < 200; ++i) {
      const double mid = std::sqrt(lo * hi);
      (mathlets::pinv_filter({mid}, k, method)[0] < 0.5 ? lo : hi) = mid;
    }
    return lo;
  };
  const double t_star[] = {0.193100358414563,   0.0640020781908675,  0.0201573804002257,  0.00624717105008883,
                           0.00192648494838715, 5.93170469292522e-4, 1.82552439652625e-4, 5.61736222697931e-5};
  for (int k = 1; k <= 8; ++k) expect_relative(cutoff(k, PinvIteration::razavi), t_star[k - 1], 1e-12, "t*_k");
  expect_relative(cutoff(12, PinvIteration::newton_schulz), 1.69211e-4, 1e-5, "Newton-Schulz, 24 products");
  expect_relative(cutoff(8, PinvIteration::chebyshev), 1.05641e-4, 1e-5, "Chebyshev, 24 products");
  EXPECT_DOUBLE_EQ(mathlets::pinv_filter({3}, 1)[0], 3);
  EXPECT_DOUBLE_EQ(mathlets::pinv_filter({4}, 1)[0], 1);
  EXPECT_NEAR(mathlets::pinv_filter({3.3}, 40)[0], 3, 0.05) << "attracted by the spurious fixed point";
  EXPECT_NEAR(mathlets::pinv_filter({3.6}, 40)[0], 1, 1e-12);
  const double escaped = mathlets::pinv_filter({4.2}, 40)[0];
  EXPECT_TRUE(!std::isfinite(escaped) || std::fabs(escaped) > 1e6) << "beyond 4.1304 the map diverges";
}

// T-N4: the formula inputs (n = 16, d = 4, scale 1/2).
struct TN4 {
  MatrixXd q = MatrixXd(16, 4), k = MatrixXd(16, 4), v = MatrixXd(16, 2);
  TN4() {
    for (int i = 0; i < 16; ++i) {
      for (int c = 0; c < 4; ++c) {
        q(i, c) = 1.5 * std::cos(0.4 * i + c);
        k(i, c) = 1.5 * std::sin(0.3 * i + 0.5 * c);
      }
      v(i, 0) = (i % 3) - 1;
      v(i, 1) = i / 8.0 - 1;
    }
  }
};

TEST(Nystromformer, FormulaInputsTN4) {
  const TN4 in;
  const MatrixXd s = softmax(in.q, in.k, 0.5);
  expect_relative(s.norm(), 1.44630586186128, 1e-12, "||S||_F");
  expect_relative((s * in.v).norm(), 1.80728057278797, 1e-12, "||SV||_F");
  const VectorXd sigma = mathlets::singular_values(s);
  struct Row {
    LandmarkRule rule;
    int m;
    double kappa, inverse, it6, dual, floor;
  };
  const Row rows[] = {
      {LandmarkRule::segment, 1, 1, 0.724439551901, 0.724439551901, 0.724439551901, 0.710511319502},
      {LandmarkRule::segment, 2, 1.37614, 0.507600719691, 0.507600719691, 1.03194837261, 0.476518748619},
      {LandmarkRule::segment, 4, 3.15938, 0.187466458359, 0.187466458359, 1.08370373578, 0.157831603533},
      {LandmarkRule::segment, 8, 81.1313, 0.0120432474487, 0.0176657021735, 1.09451245863, 0.00681116026206},
      {LandmarkRule::random, 1, 1, 1.04018192363, 1.04018192363, 1.04018192363, 0.710511319502},
      {LandmarkRule::random, 2, 1.0505, 0.554284107229, 0.554284107229, 1.17571509319, 0.476518748619},
      {LandmarkRule::random, 4, 132.415, 6.46153031502, 0.953721051398, 1.12712421464, 0.157831603533},
      {LandmarkRule::random, 8, 18499.7, 0.896971994551, 0.128942153857, 1.10549982386, 0.00681116026206}};
  for (const Row& r : rows) {
    const std::string what =
        std::string(r.rule == LandmarkRule::segment ? "segment" : "random") + " m " + std::to_string(r.m);
    const auto run = [&](NystromMiddle middle) {
      NystromOptions o = with(middle, r.rule, 0.5);
      o.seed = 42;
      return mathlets::nystrom_attention(in.q, in.k, in.v, r.m, o);
    };
    const auto exact = run(NystromMiddle::svd), it6 = run(NystromMiddle::iterative),
               dual = run(NystromMiddle::identity);
    expect_relative(exact.kappa_a, r.kappa, 5e-5, what + " kappa(A)");  // printed to 5 or 6 digits
    const auto errors = mathlets::attention_errors(s, s_hat_of(exact), in.v, sigma, r.m);
    expect_relative(errors.relative, r.inverse, 1e-9, what + " A^-1");
    expect_relative(errors.floor, r.floor, 1e-9, what + " floor");
    expect_relative(mathlets::attention_errors(s, s_hat_of(it6)).relative, r.it6, 1e-9, what + " Z_6");
    expect_relative(mathlets::attention_errors(s, s_hat_of(dual)).relative, r.dual, 1e-9, what + " FB");
    if (r.rule == LandmarkRule::random && r.m == 4) {
      expect_relative(errors.output, 6.14230705767, 1e-9, "random m 4 output, A^-1");
      expect_relative(mathlets::attention_errors(s, s_hat_of(it6), in.v).output, 0.586152380732, 1e-9, "output, Z_6");
      expect_relative(s_hat_of(exact).minCoeff(), -3.9351838, 1e-7, "smallest entry");
      EXPECT_GT(exact.gain, 5) << "unrepresentative landmarks extrapolate";
    }
    if (r.rule == LandmarkRule::segment && r.m == 8) {
      expect_relative(errors.output, 0.014569928947, 1e-9, "segment m 8 output, A^-1");
      expect_relative(mathlets::attention_errors(s, s_hat_of(it6), in.v).output, 0.0158140426109, 1e-9, "output, Z_6");
    }
  }
  const auto full =
      mathlets::nystrom_attention(in.q, in.k, in.v, 16, with(NystromMiddle::svd, LandmarkRule::segment, 0.5));
  EXPECT_LT(mathlets::attention_errors(s, s_hat_of(full)).relative, 1e-9) << "m = n with the pseudo-inverse is exact";
  const auto full_it =
      mathlets::nystrom_attention(in.q, in.k, in.v, 16, with(NystromMiddle::iterative, LandmarkRule::segment, 0.5));
  expect_relative(mathlets::attention_errors(s, s_hat_of(full_it)).relative, 0.0109651689341, 1e-6,
                  "m = n, Z_6 is not");
}

// T-N5 and invariant 6's special cases.
TEST(Nystromformer, StructuralOraclesTN5) {
  const TN4 in;
  const auto one =
      mathlets::nystrom_attention(in.q, in.k, in.v, 1, with(NystromMiddle::iterative, LandmarkRule::segment, 0.5));
  const MatrixXd row = softmax(in.q.colwise().mean(), in.k, 0.5);
  EXPECT_LT((s_hat_of(one).rowwise() - row.row(0)).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_EQ(one.z(0, 0), 1.0);
  for (const LandmarkRule rule : {LandmarkRule::segment, LandmarkRule::random, LandmarkRule::kmeans})
    for (const NystromMiddle middle : {NystromMiddle::iterative, NystromMiddle::svd}) {
      const auto zero = mathlets::nystrom_attention(in.q, in.k, in.v, 5, with(middle, rule, 0.0));
      EXPECT_LT((s_hat_of(zero).array() - 1.0 / 16).abs().maxCoeff(), 1e-15);
    }
  const MatrixXd q = (MatrixXd(4, 1) << 0, 0, 2, 2).finished();
  const MatrixXd k = (MatrixXd(4, 1) << 0, 0, std::log(3.0), std::log(3.0)).finished();
  const auto piecewise = mathlets::nystrom_attention(q, k, MatrixXd::Identity(4, 4), 2, with(NystromMiddle::svd));
  EXPECT_LT((piecewise.a - (MatrixXd(2, 2) << 0.5, 0.5, 0.1, 0.9).finished()).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_LT((s_hat_of(piecewise) - softmax(q, k, 1.0)).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(Nystromformer, RandomGoldensTN6) {
  mathlets::SplitMix64 rng(1);
  EXPECT_EQ(mathlets::normal12(rng), 1.4243480905156511);
  EXPECT_EQ(mathlets::normal12(rng), -0.6189042598785681);
  EXPECT_EQ(mathlets::normal12(rng), -0.5907667571367323);
  const auto order = [](std::uint64_t seed, std::size_t n, std::size_t m) {
    mathlets::SplitMix64 r(seed);
    return mathlets::draw_uniform_subset(r, n, m);
  };
  EXPECT_EQ(order(42, 16, 8), (std::vector<std::size_t>{11, 3, 5, 7, 4, 14, 8, 2}));
  EXPECT_EQ(order(42, 64, 8), (std::vector<std::size_t>{47, 11, 19, 23, 6, 56, 18, 52}));
  EXPECT_EQ(order(7, 256, 16),
            (std::vector<std::size_t>{99, 5, 230, 150, 118, 67, 122, 88, 41, 111, 35, 246, 235, 224, 223, 147}));
  const TN4 in;
  const auto random = mathlets::select_landmarks(in.q, in.k, 4, LandmarkRule::random, 42, 0.5);
  EXPECT_EQ(random.rows, (std::vector<int>{3, 5, 7, 11}));
}

// T-N7 / invariant 6: every token equals a landmark, duplicated landmarks, unequal clusters, m = n, key shift.
TEST(Nystromformer, ExactnessTN7) {
  mathlets::SplitMix64 rng(3);
  MatrixXd qc(6, 8), kc(6, 8);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 8; ++j) qc(i, j) = mathlets::normal12(rng);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 8; ++j) kc(i, j) = mathlets::normal12(rng);
  const double scale = 1 / std::sqrt(8.0);
  const auto check = [&](const MatrixXd& q, const MatrixXd& k, int m, const NystromOptions& o,
                         const std::string& what) {
    const MatrixXd v = MatrixXd::Identity(q.rows(), 2);
    const auto r = mathlets::nystrom_attention(q, k, v, m, o);
    const double kappa = std::isfinite(r.kappa_a) ? r.kappa_a : 1.0;
    EXPECT_LE((s_hat_of(r) - softmax(q, k, scale)).cwiseAbs().maxCoeff(), 1e-10 * kappa) << what;
  };
  MatrixXd q(48, 8), k(48, 8);
  for (int i = 0; i < 48; ++i) {
    q.row(i) = qc.row(i / 8);
    k.row(i) = kc.row(i / 8);
  }
  check(q, k, 6, with(NystromMiddle::svd, LandmarkRule::segment, scale), "equal segments");
  NystromOptions manual = with(NystromMiddle::svd, LandmarkRule::manual, scale);
  manual.indices = {0, 8, 16, 24, 32, 40, 1, 9};  // duplicated landmark pairs: A has rank 6 of 8
  check(q, k, 8, manual, "duplicated landmarks");
  // Key shift: K + 1 c^T changes nothing (invariant 5), for svd and iterative.
  const TN4 in;
  MatrixXd k2 = in.k;
  k2.rowwise() += (Eigen::RowVectorXd(4) << 0.3, -1, 2, 0.5).finished();
  for (const NystromMiddle middle : {NystromMiddle::iterative, NystromMiddle::svd}) {
    const auto a = mathlets::nystrom_attention(in.q, in.k, in.v, 8, with(middle, LandmarkRule::segment, 0.5));
    const auto b = mathlets::nystrom_attention(in.q, k2, in.v, 8, with(middle, LandmarkRule::segment, 0.5));
    EXPECT_LE((s_hat_of(a) - s_hat_of(b)).cwiseAbs().maxCoeff(), 1e-12 * a.kappa_a);
  }
  // m = n with the pseudo-inverse, i.i.d. tokens.
  const auto iid = mathlets::attention_inputs(AttentionPreset::iid, 24, 6, 5);
  check(iid.q, iid.k, 24, with(NystromMiddle::svd, LandmarkRule::segment, scale), "m = n");
}

// Invariants 1, 2, 4, 7 and 12 on random presets.
TEST(Nystromformer, InvariantsOnPresets) {
  for (const AttentionPreset preset : {AttentionPreset::iid, AttentionPreset::smooth, AttentionPreset::clusters})
    for (const double tau : {0.3, 1.0, 4.0}) {
      const auto in = mathlets::attention_inputs(preset, 64, 8, 11);
      const double scale = tau / std::sqrt(8.0);
      const MatrixXd s = softmax(in.q, in.k, scale);
      const VectorXd sigma = mathlets::singular_values(s);
      const std::string what = "preset " + std::to_string(static_cast<int>(preset)) + " tau " + std::to_string(tau);
      EXPECT_LE((s.rowwise().sum().array() - 1).abs().maxCoeff(), 64 * kEps) << what;
      for (const LandmarkRule rule :
           {LandmarkRule::segment, LandmarkRule::random, LandmarkRule::kmeans, LandmarkRule::leverage}) {
        NystromOptions o = with(NystromMiddle::identity, rule, scale);
        o.seed = 5;
        const auto dual = mathlets::nystrom_attention(in.q, in.k, in.v, 8, o);
        const MatrixXd fb = s_hat_of(dual);
        EXPECT_GE(fb.minCoeff(), 0.0) << what;
        EXPECT_LE((fb.rowwise().sum().array() - 1).abs().maxCoeff(), 64 * kEps) << what;
        for (const NystromMiddle middle : {NystromMiddle::svd, NystromMiddle::iterative, NystromMiddle::identity}) {
          o.middle = middle;
          const auto r = mathlets::nystrom_attention(in.q, in.k, in.v, 8, o);
          const MatrixXd hat = s_hat_of(r);
          // Eckart-Young (invariant 4).
          EXPECT_GE((hat - s).squaredNorm(),
                    mathlets::truncation_floor(sigma, 8).frobenius_squared - 1e-12 * s.squaredNorm())
              << what;
          // Association (invariant 7).
          const double bound = kEps * r.f.norm() * r.z.norm() * r.b.norm() * in.v.norm() * 4;
          EXPECT_LE((r.out - hat * in.v).norm(), bound + 1e-300) << what;
          // M = A^-1 keeps rows summing to 1 (invariant 2), when A is well enough conditioned.
          if (middle == NystromMiddle::svd && r.kappa_a < 1e10)
            EXPECT_LE((hat.rowwise().sum().array() - 1).abs().maxCoeff(), 10 * 8 * r.kappa_a * kEps) << what;
        }
      }
    }
}

// Invariant 12: exact attention is permutation-equivariant, and random landmarks follow the permutation.
TEST(Nystromformer, PermutationEquivariance) {
  const auto in = mathlets::attention_inputs(AttentionPreset::clusters, 32, 6, 2);
  std::vector<int> perm(32);
  for (int i = 0; i < 32; ++i) perm[i] = (i * 7 + 3) % 32;
  MatrixXd pq(32, 6), pk(32, 6), pv(32, 6);
  for (int i = 0; i < 32; ++i) {
    pq.row(i) = in.q.row(perm[i]);
    pk.row(i) = in.k.row(perm[i]);
    pv.row(i) = in.v.row(perm[i]);
  }
  const double scale = 0.4;
  const MatrixXd s = softmax(in.q, in.k, scale), ps = softmax(pq, pk, scale);
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j) EXPECT_NEAR(ps(i, j), s(perm[i], perm[j]), 1e-15);
  NystromOptions o = with(NystromMiddle::svd, LandmarkRule::manual, scale);
  o.indices = {1, 4, 9, 17, 30};
  const auto r = mathlets::nystrom_attention(in.q, in.k, in.v, 5, o);
  std::vector<int> inverse(32);
  for (int i = 0; i < 32; ++i) inverse[perm[i]] = i;
  for (int& index : o.indices) index = inverse[index];
  const auto pr = mathlets::nystrom_attention(pq, pk, pv, 5, o);
  const MatrixXd hat = s_hat_of(r), phat = s_hat_of(pr);
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j) EXPECT_NEAR(phat(i, j), hat(perm[i], perm[j]), 1e-12 * r.kappa_a);
}

// Invariants 8, 9 and 10: the spectral form, the residual recursion, the two update forms.
TEST(Nystromformer, IterationInvariants) {
  const auto in = mathlets::attention_inputs(AttentionPreset::smooth, 40, 5, 9);
  const auto r =
      mathlets::nystrom_attention(in.q, in.k, in.v, 6, with(NystromMiddle::identity, LandmarkRule::segment, 0.8));
  const MatrixXd a = r.a;
  const Eigen::JacobiSVD<MatrixXd> svd(a, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const double kappa = r.kappa_a;
  const auto it = mathlets::iterative_pinv(a, 8);
  const auto g = [](double e) { return e * e * e * (3 + e) / 4; };
  MatrixXd other = it.alpha * a.transpose();
  for (int k = 0; k <= 8; ++k) {
    const MatrixXd z = mathlets::iterative_pinv(a, k).z;
    std::vector<double> t(6);
    for (int i = 0; i < 6; ++i) t[i] = it.alpha * svd.singularValues()(i) * svd.singularValues()(i);
    const auto f = mathlets::pinv_filter(t, k);
    VectorXd diag(6);
    for (int i = 0; i < 6; ++i) diag(i) = f[i] / svd.singularValues()(i);
    const MatrixXd spectral = svd.matrixV() * diag.asDiagonal() * svd.matrixU().transpose();
    EXPECT_LE((z - spectral).norm(), 1e-10 * z.norm()) << "k " << k;
    EXPECT_LE((z - other).norm(), 1e-11 * z.norm()) << "k " << k;
    const MatrixXd id = MatrixXd::Identity(6, 6);
    other = (id + 0.25 * (id - other * a) * (3 * id - other * a) * (3 * id - other * a)) * other;
    if (k < 8) {
      EXPECT_LE(std::fabs(it.history[k + 1].e_norm - g(it.history[k].e_norm)), 1e-13 * kappa) << "k " << k;
      EXPECT_LE(it.history[k + 1].e_norm, it.history[k].e_norm + 1e-15);
    }
  }
}

// T-N8's orderings (n = 256, d = 32).
TEST(Nystromformer, LandmarkComparisonTN8) {
  const double scale = 1 / std::sqrt(32.0);
  const auto error = [&](const mathlets::AttentionInputs& in, const MatrixXd& s, LandmarkRule rule,
                         NystromMiddle middle, int m) {
    NystromOptions o = with(middle, rule, scale);
    o.seed = 7;
    return mathlets::attention_errors(s, s_hat_of(mathlets::nystrom_attention(in.q, in.k, in.v, m, o))).relative;
  };
  for (const AttentionPreset preset : {AttentionPreset::smooth, AttentionPreset::shuffled, AttentionPreset::iid}) {
    const auto in = mathlets::attention_inputs(preset, 256, 32, 1);
    const MatrixXd s = softmax(in.q, in.k, scale);
    const VectorXd sigma = mathlets::singular_values(s);
    const int m = 32;
    const double floor = std::sqrt(mathlets::truncation_floor(sigma, m).frobenius_squared) / s.norm();
    const double seg_svd = error(in, s, LandmarkRule::segment, NystromMiddle::svd, m);
    const double seg_it = error(in, s, LandmarkRule::segment, NystromMiddle::iterative, m);
    const double rnd_it = error(in, s, LandmarkRule::random, NystromMiddle::iterative, m);
    const double km_it = error(in, s, LandmarkRule::kmeans, NystromMiddle::iterative, m);
    const double dual = error(in, s, LandmarkRule::segment, NystromMiddle::identity, m);
    for (const double e : {seg_svd, seg_it, rnd_it, km_it, dual}) EXPECT_GE(e, floor);
    EXPECT_GT(dual, 0.5);
    if (preset == AttentionPreset::smooth) {
      EXPECT_LT(seg_svd, 1e-3);
      EXPECT_GE(seg_it, 0.01);
      EXPECT_LE(seg_it, 0.05);
    }
    if (preset == AttentionPreset::shuffled) {
      EXPECT_LT(rnd_it, seg_it / 3);
      EXPECT_LT(km_it, seg_it / 3);
    }
  }
}

TEST(Nystromformer, BadArgumentsAreNamed) {
  const TN4 in;
  const auto message = [&](const std::function<void()>& call) {
    try {
      call();
    } catch (const std::logic_error& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(message([&] { mathlets::nystrom_attention(in.q, in.k, in.v, 0); }).find("m = 0 must be in 1..n = 16"),
            std::string::npos);
  EXPECT_NE(message([&] {
              mathlets::nystrom_attention(in.q, in.k.leftCols(3), in.v, 4);
            }).find("K has 3 columns but Q has 4"),
            std::string::npos);
  EXPECT_NE(message([&] { mathlets::nystrom_attention(in.q, in.k, in.v.topRows(5), 4); }).find("V (5x2)"),
            std::string::npos);
  NystromOptions o;
  o.pinv_iters = 61;
  EXPECT_NE(message([&] { mathlets::nystrom_attention(in.q, in.k, in.v, 4, o); }).find("pinvIters = 61"),
            std::string::npos);
  o = NystromOptions{};
  o.landmarks = LandmarkRule::manual;
  o.indices = {1, 1, 2, 3};
  EXPECT_NE(message([&] { mathlets::nystrom_attention(in.q, in.k, in.v, 4, o); }).find("indices[1] = 1 is repeated"),
            std::string::npos);
  MatrixXd bad = in.q;
  bad(3, 2) = std::numeric_limits<double>::infinity();
  EXPECT_NE(
      message([&] { mathlets::nystrom_attention(bad, in.k, in.v, 4); }).find("Q (16x4) has a non-finite entry inf"),
      std::string::npos);
  EXPECT_NE(message([&] { mathlets::iterative_pinv(MatrixXd::Identity(2, 2), 61); }).find("iters = 61"),
            std::string::npos);
  EXPECT_NE(message([&] {
              mathlets::iterative_pinv(MatrixXd::Identity(2, 2), 3, PinvIteration::razavi, 0);
            }).find("initScale"),
            std::string::npos);
  EXPECT_THROW(mathlets::attention_inputs(AttentionPreset::iid, 0, 4, 1), std::out_of_range);
  // Keys at the end of the double range: their segment means stay finite (no sum overflows).
  const auto far = mathlets::select_landmarks(in.q, MatrixXd::Constant(16, 4, std::numeric_limits<double>::max()), 4,
                                              LandmarkRule::segment, 0, 0.5);
  EXPECT_TRUE((far.k.array() == std::numeric_limits<double>::max()).all());
  // initScale pushing t past 3: reported, not thrown.
  const auto pushed = mathlets::iterative_pinv(MatrixXd::Identity(2, 2), 30, PinvIteration::razavi, 5);
  EXPECT_TRUE(pushed.diverged);
}

// Without the per-step history the middle matrix and the output are the same, bit for bit, and a
// divergence is still caught.
TEST(Nystromformer, HistoryIsOptional) {
  const auto in = mathlets::attention_inputs(AttentionPreset::smooth, 64, 8, 3);
  mathlets::NystromOptions quiet;
  quiet.history = false;
  const auto measured = mathlets::nystrom_attention(in.q, in.k, in.v, 8);
  const auto plain = mathlets::nystrom_attention(in.q, in.k, in.v, 8, quiet);
  EXPECT_EQ(measured.history.size(), 7u);
  EXPECT_TRUE(plain.history.empty());
  EXPECT_TRUE(plain.z == measured.z);
  EXPECT_TRUE(plain.out == measured.out);
  EXPECT_FALSE(plain.diverged);
  // The longest run (60 steps) on a sharp, ill-conditioned A: still the same Z, bit for bit.
  const auto sharp = mathlets::attention_inputs(AttentionPreset::sharp, 96, 8, 5);
  mathlets::NystromOptions longest;
  longest.pinv_iters = 60;
  longest.landmarks = LandmarkRule::random;
  mathlets::NystromOptions longest_quiet = longest;
  longest_quiet.history = false;
  const auto long_measured = mathlets::nystrom_attention(sharp.q, sharp.k, sharp.v, 32, longest);
  const auto long_plain = mathlets::nystrom_attention(sharp.q, sharp.k, sharp.v, 32, longest_quiet);
  EXPECT_TRUE(long_plain.z == long_measured.z);
  EXPECT_EQ(long_plain.diverged, long_measured.diverged);
}

// options.errors: the errors attention_errors finds for the same S and S-hat, in the same call.
TEST(Nystromformer, ErrorsInTheSameCall) {
  const auto in = mathlets::attention_inputs(AttentionPreset::shuffled, 80, 6, 9);
  mathlets::NystromOptions o;
  o.return_matrix = true;
  o.errors = true;
  o.scale = 0.9;
  const auto r = mathlets::nystrom_attention(in.q, in.k, in.v, 10, o);
  ASSERT_TRUE(r.errors && r.s_hat);
  const auto e =
      mathlets::attention_errors(mathlets::softmax_attention_weights(in.q, in.k, 0.9, false), *r.s_hat, in.v);
  EXPECT_EQ(r.errors->relative, e.relative);
  EXPECT_EQ(r.errors->max_abs, e.max_abs);
  EXPECT_EQ(r.errors->max_row_l1, e.max_row_l1);
  EXPECT_EQ(r.errors->row_sum_dev, e.row_sum_dev);
  EXPECT_EQ(r.errors->negative_mass, e.negative_mass);
  EXPECT_EQ(r.errors->output, e.output);
  EXPECT_TRUE(std::isnan(r.errors->floor));
  o.return_matrix = false;
  const auto alone = mathlets::nystrom_attention(in.q, in.k, in.v, 10, o);
  EXPECT_FALSE(alone.s_hat.has_value());
  EXPECT_EQ(alone.errors->relative, e.relative);
  EXPECT_FALSE(mathlets::nystrom_attention(in.q, in.k, in.v, 10).errors.has_value());
}

}  // namespace
