// Softmax and Performer attention (performer.md): the oracles T-P1, T-P3 and T-P4, invariants 1 to 5
// and 11 against a quadratic reference built here from the features' definition, the approximate
// matrix, and the edge cases' errors.
#include "mathlets/performer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using mathlets::FeatureKind;
using mathlets::PerformerOptions;
using mathlets::Stabilizer;

// T-P1's inputs (shared by T-P3 and T-P4).
MatrixXd tp_q() { return (MatrixXd(4, 2) << 1, 0, 0, 1, 1, 1, -1, 0.5).finished(); }
MatrixXd tp_k() { return (MatrixXd(4, 2) << 0.5, 0, 0, -1, 1, 1, -0.5, 0.5).finished(); }
MatrixXd tp_v() { return (MatrixXd(4, 2) << 1, 0, 0, 1, 1, 1, 2, -1).finished(); }
MatrixXd tp_w() { return (MatrixXd(3, 2) << 1, 0, 0, 1, -1, 1).finished(); }

PerformerOptions fixed_w(FeatureKind kind, bool causal, Stabilizer stabilizer = Stabilizer::log_domain) {
  PerformerOptions o;
  o.kind = kind;
  o.causal = causal;
  o.scale = 1.0;
  o.stabilizer = stabilizer;
  o.w = tp_w();
  return o;
}

void expect_row(const MatrixXd& m, int row, double a, double b, double tol, const std::string& what) {
  EXPECT_NEAR(m(row, 0), a, tol) << what << " row " << row;
  EXPECT_NEAR(m(row, 1), b, tol) << what << " row " << row;
}

// The quadratic definition in long double: A_hat_ij = phi(q_i) . phi(k_j) straight from the feature
// formulas (no shifts), masked when causal; out = A_hat V / A_hat 1 and log D = log A_hat 1.
struct Quadratic {
  MatrixXd out;
  VectorXd log_d;
  MatrixXd a;
};
Quadratic quadratic(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v, const MatrixXd& w, FeatureKind kind,
                    double scale, bool causal) {
  const long double root = std::sqrt(std::fabs(static_cast<long double>(scale)));
  const long double qs = scale < 0 ? -root : root;
  const auto phi = [&](const MatrixXd& x, long double sx, int i, int l, bool cosine) {
    long double dot = 0, norm = 0;
    for (int j = 0; j < x.cols(); ++j) {
      dot += sx * x(i, j) * w(l, j);
      norm += sx * x(i, j) * sx * x(i, j);
    }
    const long double m = w.rows();
    switch (kind) {
      case FeatureKind::positive: return std::exp(dot - norm / 2) / std::sqrt(m);
      case FeatureKind::hyperbolic: return std::exp((cosine ? dot : -dot) - norm / 2) / std::sqrt(2 * m);
      case FeatureKind::trig: return std::exp(norm / 2) * (cosine ? std::cos(dot) : std::sin(dot)) / std::sqrt(m);
    }
    return 0.0L;
  };
  Quadratic r{MatrixXd(q.rows(), v.cols()), VectorXd(q.rows()), MatrixXd::Zero(q.rows(), k.rows())};
  for (int i = 0; i < q.rows(); ++i) {
    long double den = 0;
    std::vector<long double> num(v.cols(), 0);
    for (int j = 0; j < k.rows() && (!causal || j <= i); ++j) {
      long double a = 0;
      for (int l = 0; l < w.rows(); ++l)
        for (bool first : {true, false})
          if (first || kind != FeatureKind::positive) a += phi(q, qs, i, l, first) * phi(k, root, j, l, first);
      r.a(i, j) = static_cast<double>(a);
      den += a;
      for (int c = 0; c < v.cols(); ++c) num[c] += a * v(j, c);
    }
    for (int c = 0; c < v.cols(); ++c) r.out(i, c) = static_cast<double>(num[c] / den);
    r.log_d(i) = static_cast<double>(std::log(den));
  }
  return r;
}

MatrixXd gaussian(int rows, int cols, std::uint64_t seed, double scale = 1.0) {
  mathlets::GaussianStream g(seed);
  MatrixXd m(rows, cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = scale * g.next();
  return m;
}

double max_relative(const MatrixXd& a, const MatrixXd& b) {
  return ((a - b).array().abs() / b.array().abs().max(1e-300)).maxCoeff();
}

TEST(PerformerAttention, SoftmaxMatchesTP1) {
  const auto full = mathlets::softmax_attention(tp_q(), tp_k(), tp_v(), 1.0, false);
  const auto causal = mathlets::softmax_attention(tp_q(), tp_k(), tp_v(), 1.0, true);
  const double t = 1e-14;
  expect_row(full.out, 0, 0.93413122681310848, 0.52092300711030276, t, "softmax");
  expect_row(full.out, 1, 1.223342295246878, 0.25064855100720006, t, "softmax");
  expect_row(full.out, 2, 1.0607477807813483, 0.64935214210482585, t, "softmax");
  expect_row(full.out, 3, 1.3836997480385431, -0.22962468504817891, t, "softmax");
  const double logs[] = {1.7873386716983295, 1.7465672691737912, 2.3423495823898221, 1.3703153733046798};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(full.log_normalizer(i), logs[i], t);
  expect_row(causal.out, 0, 1, 0, t, "causal softmax");
  expect_row(causal.out, 1, 0.73105857863000488, 0.26894142136999512, t, "causal softmax");
  expect_row(causal.out, 2, 0.96088742672931255, 0.82470960785996331, t, "causal softmax");
  expect_row(causal.out, 3, 1.3836997480385431, -0.22962468504817891, t, "causal softmax");
  const double causal_logs[] = {0.5, 0.31326168751822283, 2.2413112966571571, 1.3703153733046798};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(causal.log_normalizer(i), causal_logs[i], t);
}

struct TP3Row {
  double out0, out1, log_d, causal0, causal1, causal_log_d;
};
void expect_tp3(FeatureKind kind, const TP3Row (&rows)[4]) {
  const auto full = mathlets::performer_attention(tp_q(), tp_k(), tp_v(), fixed_w(kind, false));
  const auto causal = mathlets::performer_attention(tp_q(), tp_k(), tp_v(), fixed_w(kind, true));
  for (int i = 0; i < 4; ++i) {
    expect_row(full.out, i, rows[i].out0, rows[i].out1, 1e-13, "non-causal");
    EXPECT_NEAR(full.log_denominator(i), rows[i].log_d, 1e-13) << "row " << i;
    expect_row(causal.out, i, rows[i].causal0, rows[i].causal1, 1e-13, "causal");
    EXPECT_NEAR(causal.log_denominator(i), rows[i].causal_log_d, 1e-13) << "causal row " << i;
  }
  EXPECT_TRUE(full.nonpositive_rows.empty());
  EXPECT_TRUE(causal.nonpositive_rows.empty());
}

TEST(PerformerAttention, PositiveMatchesTP3) {
  expect_tp3(FeatureKind::positive,
             {{1.0981694228358238, 0.17342454873048772, 1.0538470076443332, 1, 0, 0.017699007989047369},
              {1.3662448548248524, -0.14744165618284008, 1.4724150147831149, 0.74474227174007438, 0.25525772825992562,
               0.36548154517758592},
              {1.2000138190460247, 0.063066270604679689, 0.99530815678690314, 0.836648050381453, 0.54592697714714992,
               0.62084188156034881},
              {1.4755187962165192, -0.30443369550295519, 1.3408980774556426, 1.4755187962165192, -0.30443369550295519,
               1.3408980774556426}});
}

TEST(PerformerAttention, HyperbolicMatchesTP3) {
  expect_tp3(FeatureKind::hyperbolic,
             {{0.88636031711787534, 0.29052710416295809, 1.0576382618129646, 1, 0, 0.017699007989047369},
              {1.2865948837062948, -0.097612395989183226, 0.99149740088220405, 0.64815745280491702, 0.35184254719508298,
               0.044571512561478878},
              {1.102700908029559, 0.12194974866696548, 0.53752806010361296, 0.75332645834049146, 0.5587946976109475,
               0.20868318602410534},
              {1.3537512452888624, -0.21891023755855153, 1.0213579231067686, 1.3537512452888624, -0.21891023755855153,
               1.0213579231067686}});
}

TEST(PerformerAttention, TrigMatchesTP3) {
  expect_tp3(FeatureKind::trig,
             {{0.78691018885741591, 0.65180828976451807, 1.9579435919052761, 1, 0, 0.53986508817724386},
              {1.2923086858869857, 0.21462153736161983, 1.813428153116578, 0.85916739516639038, 0.14083260483360962,
               0.07603012163639643},
              {1.0592842925047536, 0.5332401259153694, 2.5233631942986493, 0.9075636259891333, 0.780524413802684,
               2.3738384844219038},
              {1.7302244115401792, -0.45593101979368337, 1.1891578923111953, 1.7302244115401792, -0.45593101979368337,
               1.1891578923111953}});
}

TEST(PerformerAttention, MatrixHasTP3EntriesAndExactCases) {
  const auto quad = quadratic(tp_q(), tp_k(), tp_v(), tp_w(), FeatureKind::positive, 1.0, false);
  const double row1[] = {1.0733284065957974, 0.36787944117144232, 0.95392753004179833, 1.964615923644902};
  for (int j = 0; j < 4; ++j)
    EXPECT_NEAR(quad.a(1, j), row1[j], 1e-15) << "the reference itself, A_hat(1, " << j << ")";
  EXPECT_NEAR(quad.a(1, 1), std::exp(-1.0), 1e-16);  // q_1 = -k_1
  const auto trig = quadratic(tp_q(), tp_k(), tp_v(), tp_w(), FeatureKind::trig, 1.0, false);
  EXPECT_NEAR(trig.a(2, 2), 7.3890560989306502, 1e-14);  // q_2 = k_2
  EXPECT_NEAR(trig.a(3, 1), -0.19518729218143202, 1e-15);
  // The library's normalised matrix equals the reference's rows.
  for (const FeatureKind kind : {FeatureKind::positive, FeatureKind::hyperbolic, FeatureKind::trig})
    for (const bool causal : {false, true}) {
      const auto ref = quadratic(tp_q(), tp_k(), tp_v(), tp_w(), kind, 1.0, causal);
      const auto p = mathlets::performer_attention_matrix(tp_q(), tp_k(), tp_w(), kind, 1.0, causal);
      const MatrixXd expected = ref.a.array().colwise() / ref.a.rowwise().sum().array();
      EXPECT_LT((p.p - expected).cwiseAbs().maxCoeff(), 1e-14) << static_cast<int>(kind) << " causal " << causal;
      const MatrixXd softmax = mathlets::softmax_attention_weights(tp_q(), tp_k(), 1.0, causal);
      const VectorXd tv = 0.5 * (expected - softmax).cwiseAbs().rowwise().sum();
      EXPECT_LT((p.tv - tv).cwiseAbs().maxCoeff(), 1e-14);
    }
}

TEST(PerformerAttention, StressTP4) {
  const MatrixXd q = 30 * tp_q(), k = 30 * tp_k(), v = tp_v();
  const auto soft = mathlets::softmax_attention(q, k, v, 1.0, false);
  const double soft_logs[] = {900, 900, 1800, 675};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(soft.log_normalizer(i), soft_logs[i], 1e-10);

  const auto pos = mathlets::performer_attention(q, k, v, fixed_w(FeatureKind::positive, false));
  const double second[] = {-2.5945759662981751e-62, -1.4815117836785735e-36, -1.3863432936413004e-49,
                           -4.8430877583669471e-30};
  const double pos_logs[] = {-518.59861228866811, -533.59861167686366, -968.59861198276584, -646.09861198276584};
  for (int i = 0; i < 4; ++i) {
    expect_row(pos.out, i, 1, second[i], 1e-12, "positive x30");
    EXPECT_NEAR(pos.out(i, 1) / second[i], 1.0, 1e-9) << "the tiny second column keeps its digits, row " << i;
    EXPECT_NEAR(pos.log_denominator(i), pos_logs[i], 1e-10);
  }
  const auto hyp = mathlets::performer_attention(q, k, v, fixed_w(FeatureKind::hyperbolic, false));
  const double hyp_logs[] = {-518.59861228866811, -534.2917588574236, -969.29175916332569, -646.7917588574236};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(hyp.log_denominator(i), hyp_logs[i], 1e-10);

  const auto naive = mathlets::performer_attention(q, k, v, fixed_w(FeatureKind::positive, false, Stabilizer::none));
  EXPECT_TRUE(std::isnan(naive.out(2, 0)) && std::isnan(naive.out(2, 1))) << "row 2 is 0/0 when evaluated as written";
  for (const double eps : {1e-4, 1e-6}) {
    auto o = fixed_w(FeatureKind::positive, false, Stabilizer::reference_eps);
    o.eps = eps;
    const auto ref = mathlets::performer_attention(q, k, v, o);
    for (int i = 0; i < 4; ++i) expect_row(ref.out, i, 1, 0.25, 1e-12, "reference eps: the mean of V");
  }
  const auto trig = mathlets::performer_attention(q, k, v, fixed_w(FeatureKind::trig, false));
  EXPECT_EQ(trig.nonpositive_rows, std::vector<int>{3});
  EXPECT_TRUE(std::isnan(trig.log_denominator(3)));
  const auto trig_causal = mathlets::performer_attention(q, k, v, fixed_w(FeatureKind::trig, true));
  EXPECT_EQ(trig_causal.nonpositive_rows, (std::vector<int>{0, 1, 3}));
}

// Invariants 1 and 2: linear equals quadratic, stable equals naive (where finite), for random inputs.
TEST(PerformerAttention, LinearEqualsQuadratic) {
  const MatrixXd q = gaussian(9, 3, 1, 0.7), k = gaussian(7, 3, 2, 0.7), v = gaussian(7, 2, 3);
  const MatrixXd q_square = gaussian(7, 3, 4, 0.7);
  for (const FeatureKind kind : {FeatureKind::positive, FeatureKind::hyperbolic, FeatureKind::trig})
    for (const bool causal : {false, true})
      for (const double scale : {1.0, 0.4, -0.8}) {
        const MatrixXd& qq = causal ? q_square : q;
        PerformerOptions o;
        o.kind = kind;
        o.causal = causal;
        o.scale = scale;
        o.m = 5;
        o.seed = 11;
        const auto got = mathlets::performer_attention(qq, k, v, o);
        const auto ref = quadratic(qq, k, v, got.w, kind, scale, causal);
        const std::string what = "kind " + std::to_string(static_cast<int>(kind)) + " causal " +
                                 std::to_string(causal) + " scale " + std::to_string(scale);
        EXPECT_LT(max_relative(got.out, ref.out), 1e-12) << what;
        for (int i = 0; i < qq.rows(); ++i)
          if (std::isfinite(ref.log_d(i))) EXPECT_NEAR(got.log_denominator(i), ref.log_d(i), 1e-12) << what;
        if (kind != FeatureKind::trig) {
          o.stabilizer = Stabilizer::none;
          const auto naive = mathlets::performer_attention(qq, k, v, o);
          EXPECT_LT(max_relative(naive.out, got.out), 1e-12) << what;
        }
      }
}

// Invariant 3: a causal row equals the non-causal row over the prefix.
TEST(PerformerAttention, CausalRowsArePrefixes) {
  const MatrixXd q = gaussian(6, 4, 5), k = gaussian(6, 4, 6), v = gaussian(6, 3, 7);
  for (const FeatureKind kind : {FeatureKind::positive, FeatureKind::hyperbolic, FeatureKind::trig}) {
    PerformerOptions o;
    o.kind = kind;
    o.m = 8;
    o.seed = 3;
    o.causal = true;
    const auto causal = mathlets::performer_attention(q, k, v, o);
    o.causal = false;
    o.w = causal.w;
    for (int i = 0; i < 6; ++i) {
      const auto prefix = mathlets::performer_attention(q.topRows(i + 1), k.topRows(i + 1), v.topRows(i + 1), o);
      EXPECT_LT((causal.out.row(i) - prefix.out.row(i)).cwiseAbs().maxCoeff(), 1e-12) << "row " << i;
    }
    const auto softmax = mathlets::softmax_attention(q, k, v, 0.5, true);
    for (int i = 0; i < 6; ++i) {
      const auto prefix = mathlets::softmax_attention(q.topRows(i + 1), k.topRows(i + 1), v.topRows(i + 1), 0.5, false);
      EXPECT_LT((softmax.out.row(i) - prefix.out.row(i)).cwiseAbs().maxCoeff(), 1e-14);
    }
  }
}

// Invariant 4: a constant column of V comes out unchanged; equal keys give the mean of V; positive and
// hyperbolic outputs stay inside V's range.
TEST(PerformerAttention, RowStochastic) {
  MatrixXd v = gaussian(8, 3, 8);
  v.col(1).setConstant(-2.5);
  const MatrixXd q = gaussian(8, 4, 9), k = gaussian(8, 4, 10);
  for (const FeatureKind kind : {FeatureKind::positive, FeatureKind::hyperbolic, FeatureKind::trig}) {
    PerformerOptions o;
    o.kind = kind;
    o.m = 6;
    const auto r = mathlets::performer_attention(q, k, v, o);
    EXPECT_LT((r.out.col(1).array() + 2.5).abs().maxCoeff(), 1e-14 * 2.5 * 10);
    const MatrixXd same_keys = k.row(0).replicate(8, 1);
    const auto mean = mathlets::performer_attention(q, same_keys, v, o);
    for (int i = 0; i < 8; ++i)
      EXPECT_LT((mean.out.row(i) - v.colwise().mean()).cwiseAbs().maxCoeff(), 1e-13) << "equal keys, row " << i;
    if (kind != FeatureKind::trig)
      for (int c = 0; c < 3; ++c) {
        EXPECT_GE(r.out.col(c).minCoeff(), v.col(c).minCoeff() - 1e-14);
        EXPECT_LE(r.out.col(c).maxCoeff(), v.col(c).maxCoeff() + 1e-14);
      }
  }
}

// Invariant 5: exact cases for every m and seed.
TEST(PerformerAttention, ExactKernelCases) {
  const MatrixXd x = (MatrixXd(1, 3) << 0.3, -0.5, 0.2).finished();
  for (const int m : {1, 3, 16})
    for (const std::uint64_t seed : {0ULL, 5ULL}) {
      const MatrixXd w = mathlets::draw_omegas(3, m, true, mathlets::OmegaNorms::chi, seed);
      for (const FeatureKind kind : {FeatureKind::positive, FeatureKind::hyperbolic}) {
        const auto fx = mathlets::performer_features(x, w, kind), fy = mathlets::performer_features(-x, w, kind);
        const double k_hat = fx.f.row(0).dot(fy.f.row(0)) * std::exp(fx.log_scale(0) + fy.log_scale(0));
        EXPECT_NEAR(k_hat / std::exp(-x.squaredNorm()), 1.0, 1e-14) << "m " << m;
      }
      const auto ft = mathlets::performer_features(x, w, FeatureKind::trig);
      const double k_hat = ft.f.row(0).squaredNorm() * std::exp(2 * ft.log_scale(0));
      EXPECT_NEAR(k_hat / std::exp(x.squaredNorm()), 1.0, 1e-14) << "trig, m " << m;
    }
}

// Invariant 11: scale s equals scale 1 on sqrt(s) Q, sqrt(s) K; softmax with s equals 1 on (sQ, K).
TEST(PerformerAttention, ScaleMovesIntoTheInputs) {
  const MatrixXd q = gaussian(5, 4, 12), k = gaussian(6, 4, 13), v = gaussian(6, 2, 14);
  PerformerOptions o;
  o.m = 7;
  o.scale = 0.3;
  const auto scaled = mathlets::performer_attention(q, k, v, o);
  o.scale = 1.0;
  o.w = scaled.w;
  const auto moved = mathlets::performer_attention(std::sqrt(0.3) * q, std::sqrt(0.3) * k, v, o);
  EXPECT_LT(max_relative(scaled.out, moved.out), 1e-14);
  const auto soft = mathlets::softmax_attention(q, k, v, 0.3, false);
  const auto soft_moved = mathlets::softmax_attention(0.3 * q, k, v, 1.0, false);
  // Outputs are convex combinations of V's rows: compared against V's size.
  EXPECT_LT((soft.out - soft_moved.out).cwiseAbs().maxCoeff(), 1e-14 * v.cwiseAbs().maxCoeff());
}

TEST(PerformerAttention, EdgeCases) {
  const MatrixXd q = gaussian(4, 3, 15), k = gaussian(4, 3, 16), v = gaussian(4, 2, 17);
  PerformerOptions o;
  o.m = 4;
  // scale 0: the exact uniform average, as for softmax.
  o.scale = 0.0;
  const auto uniform = mathlets::performer_attention(q, k, v, o);
  for (int i = 0; i < 4; ++i) EXPECT_LT((uniform.out.row(i) - v.colwise().mean()).cwiseAbs().maxCoeff(), 1e-15);
  o.scale.reset();
  // d_v = 0: an empty output, denominators still there.
  const auto empty = mathlets::performer_attention(q, k, MatrixXd(4, 0), o);
  EXPECT_EQ(empty.out.cols(), 0);
  EXPECT_TRUE(empty.log_denominator.allFinite());
  // One key: the output is v_1.
  const auto one = mathlets::performer_attention(q, k.topRows(1), v.topRows(1), o);
  for (int i = 0; i < 4; ++i) EXPECT_LT((one.out.row(i) - v.row(0)).cwiseAbs().maxCoeff(), 1e-15);
  // Huge inputs: log_domain stays finite.
  const auto huge = mathlets::performer_attention(40 * q, 40 * k, v, o);
  EXPECT_TRUE(huge.out.allFinite() && huge.log_denominator.allFinite());
  // Values at the end of the double range: the averages do not overflow on the way.
  const double top = std::numeric_limits<double>::max();
  const MatrixXd big = MatrixXd::Constant(4, 2, -top);
  for (const bool causal : {false, true}) {
    o.causal = causal;
    const auto r = mathlets::performer_attention(q, k, big, o);
    EXPECT_TRUE((r.out.array() == -top).all()) << "causal " << causal;
    const auto soft = mathlets::softmax_attention(q, k, big, 0.5, causal);
    EXPECT_TRUE((soft.out.array() == -top).all()) << "causal " << causal;
  }
  // Logits beyond the double range are refused, naming the cause.
  EXPECT_THROW(mathlets::softmax_attention(1e200 * q, 1e200 * k, v, 1.0, false), std::out_of_range);
  o.causal = false;
  EXPECT_THROW(mathlets::performer_attention(1e200 * q, k, v, o), std::out_of_range);
}

// Each bad argument throws, naming it.
void expect_throw_naming(const std::function<void()>& call, const std::string& needle) {
  try {
    call();
    ADD_FAILURE() << "no exception; expected one naming " << needle;
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(PerformerAttention, BadArgumentsAreNamed) {
  const MatrixXd q = gaussian(4, 3, 18), k = gaussian(5, 3, 19), v = gaussian(5, 2, 20);
  PerformerOptions o;
  expect_throw_naming([&] { mathlets::performer_attention(q, gaussian(5, 2, 1), v, o); }, "K (5x2)");
  expect_throw_naming([&] { mathlets::performer_attention(q, k, gaussian(4, 2, 1), o); }, "V (4x2)");
  expect_throw_naming([&] { mathlets::softmax_attention(q, k, v, 1.0, true); }, "causal");
  MatrixXd bad = q;
  bad(2, 1) = std::numeric_limits<double>::quiet_NaN();
  expect_throw_naming([&] { mathlets::performer_attention(bad, k, v, o); },
                      "Q (4x3) has a non-finite entry nan at (2, 1)");
  o.m = 0;
  expect_throw_naming([&] { mathlets::performer_attention(q, k, v, o); }, "m = 0");
  o.m = 70000;
  expect_throw_naming([&] { mathlets::performer_attention(q, k, v, o); }, "m = 70000");
  o.m = 4;
  o.w = gaussian(4, 2, 1);
  expect_throw_naming([&] { mathlets::performer_attention(q, k, v, o); }, "W (4x2)");
  o.w.reset();
  o.kind = FeatureKind::trig;
  o.stabilizer = Stabilizer::reference_eps;
  expect_throw_naming([&] { mathlets::performer_attention(q, k, v, o); }, "reference_eps");
  o = PerformerOptions{};
  o.scale = std::numeric_limits<double>::infinity();
  expect_throw_naming([&] { mathlets::performer_attention(q, k, v, o); }, "scale = inf");
  expect_throw_naming([&] { mathlets::performer_attention(q, MatrixXd(0, 3), MatrixXd(0, 2), PerformerOptions{}); },
                      "K has no rows");
  const MatrixXd long_q = MatrixXd::Zero(4000, 3), long_k = MatrixXd::Zero(4000, 3);
  expect_throw_naming(
      [&] {
        mathlets::performer_attention_matrix(long_q, long_k, gaussian(64, 3, 1), FeatureKind::positive, 1, false);
      },
      "n_q * n_k * M");
}

}  // namespace
