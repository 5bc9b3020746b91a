// Issue 14 ("the whole double range"): every routine audited there, at magnitudes from 1e-300 to 1e300 and
// spread / tau up to and past the largest double, against oracles that do not share its code: long double
// bisection and brute-force subset sums on a cluster whose far neighbours decide exactly, exact integer
// norms, long double Gaussian elimination, a long double Taylor series, and exact powers of two.
#include <Eigen/LU>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "mathlets/cur.hpp"
#include "mathlets/grad_clip.hpp"
#include "mathlets/logsumexp.hpp"
#include "mathlets/pinv.hpp"
#include "mathlets/smooth_topk.hpp"

using namespace mathlets;
using Eigen::MatrixXd;
using LD = long double;

namespace {

constexpr double kMax = std::numeric_limits<double>::max();

LD f_ld(ThresholdFn f, LD u) {
  switch (f) {
    case ThresholdFn::exp_clamped: return u >= 0 ? 1.0L : std::exp(u);
    case ThresholdFn::sigmoid: return u >= 0 ? 1.0L / (1.0L + std::exp(-u)) : std::exp(u) / (1.0L + std::exp(u));
    case ThresholdFn::piecewise_exp: return u >= 0 ? 1.0L - std::exp(-u) / 2 : std::exp(u) / 2;
  }
  return NAN;
}

// p_i = f(d_i - lambda) with sum p = k, by 300 long double bisection steps (d in tau units, moderate).
std::vector<LD> threshold_oracle(const std::vector<LD>& d, LD k, ThresholdFn f) {
  LD lo = *std::min_element(d.begin(), d.end()) - 100, hi = *std::max_element(d.begin(), d.end()) + 100;
  for (int it = 0; it < 300; ++it) {
    const LD mid = (lo + hi) / 2;
    LD sum = 0;
    for (LD v : d) sum += f_ld(f, v - mid);
    (sum > k ? lo : hi) = mid;
  }
  std::vector<LD> p;
  for (LD v : d) p.push_back(f_ld(f, v - (lo + hi) / 2));
  return p;
}

// Inclusion probabilities of P(S) ~ exp(sum_S d) over k-subsets, by enumeration in long double.
std::vector<LD> subset_oracle(const std::vector<LD>& d, int k) {
  const int n = int(d.size());
  std::vector<LD> p(n, 0);
  LD z = 0;
  const LD top = *std::max_element(d.begin(), d.end());
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    if (std::popcount(mask) != k) continue;
    LD s = 0;
    for (int i = 0; i < n; ++i)
      if (mask >> i & 1) s += d[i] - top;
    const LD w = std::exp(s);
    z += w;
    for (int i = 0; i < n; ++i)
      if (mask >> i & 1) p[i] += w;
  }
  for (LD& v : p) v /= z;
  return p;
}

void expect_close(double got, LD want, double rel, const std::string& what) {
  const double tol = rel * std::max(static_cast<double>(std::fabs(want)), 1e-300);
  EXPECT_LE(std::fabs(got - static_cast<double>(want)), tol) << what << ": got " << got << " want " << double(want);
}

// A test problem: a cluster tau * d (d small dyadic, so exact at every power-of-two tau) around a centre c
// with ulp(c) <= tau / 1024, plus far entries (gap / tau >= 1e4, many of them past the largest double)
// that decide exactly: the above ones have p = 1 and the below ones p = 0.
struct Problem {
  std::vector<double> x;
  std::vector<int> cluster;  // positions of the cluster entries in x
  std::vector<LD> d;         // their offsets in tau units
  int above = 0;
  double tau = 1;
  std::string text;
};

Problem make_problem(std::mt19937_64& rng, int tau_exp) {
  Problem pr;
  pr.tau = std::ldexp(1.0, tau_exp);
  std::uniform_int_distribution<int> small(-2048, 2048), count(2, 5), side(0, 3);
  // The centre: 0, or a power of two up to 2^40 tau (the O(1) offsets would be absorbed at spread / tau > 2^53).
  const int shift = std::uniform_int_distribution<int>(0, 40)(rng);
  const double c = side(rng) == 0 || tau_exp + shift > 1000 ? 0.0 : std::ldexp(1.0, tau_exp + shift);
  const int n = count(rng);
  for (int i = 0; i < n; ++i) {
    const LD d = small(rng) / 1024.0L;
    pr.cluster.push_back(int(pr.x.size()));
    pr.d.push_back(d);
    pr.x.push_back(c + pr.tau * static_cast<double>(d));
  }
  const double far_candidates[] = {kMax, 0.5 * kMax, 1e300, 1e200, 1e100, 1e20, -kMax, -1e300, -1e150, -1e10};
  for (double v : far_candidates) {
    if (side(rng) == 0) continue;
    const double gap = std::fabs(v - c) / pr.tau;
    if (!(gap > 1e5)) continue;
    if (v > c) ++pr.above;
    pr.x.push_back(v);
  }
  std::shuffle(pr.x.begin(), pr.x.end(), rng);  // then find the cluster again
  pr.cluster.clear();
  for (std::size_t i = 0; i < pr.x.size(); ++i) {
    const double gap = std::fabs(pr.x[i] - c) / pr.tau;
    if (gap <= 16) pr.cluster.push_back(int(i));
  }
  pr.d.clear();
  for (int i : pr.cluster) pr.d.push_back(static_cast<LD>((pr.x[i] - c) / pr.tau));
  pr.text = "tau = 2^" + std::to_string(tau_exp) + ", centre " + std::to_string(c) +
            ", n = " + std::to_string(pr.x.size()) + ", above = " + std::to_string(pr.above);
  return pr;
}

void check_decided(const Problem& pr, const std::vector<double>& p, const std::string& what) {
  for (std::size_t i = 0; i < pr.x.size(); ++i) {
    if (std::find(pr.cluster.begin(), pr.cluster.end(), int(i)) != pr.cluster.end()) continue;
    const bool up = pr.x[i] > pr.x[pr.cluster[0]];
    EXPECT_EQ(p[i], up ? 1.0 : 0.0) << what << " far entry " << pr.x[i];
  }
}

}  // namespace

// ThreTopK, every threshold function and solver, spread / tau from 1 to past the largest double.
TEST(WholeRange, ThreTopKMatchesLongDoubleOnClustersWithFarNeighbours) {
  std::mt19937_64 rng(14);
  const std::pair<ThresholdFn, ThresholdSolver> methods[] = {{ThresholdFn::piecewise_exp, ThresholdSolver::closed_form},
                                                             {ThresholdFn::exp_clamped, ThresholdSolver::closed_form},
                                                             {ThresholdFn::sigmoid, ThresholdSolver::newton},
                                                             {ThresholdFn::sigmoid, ThresholdSolver::bisection},
                                                             {ThresholdFn::piecewise_exp, ThresholdSolver::newton},
                                                             {ThresholdFn::exp_clamped, ThresholdSolver::bisection}};
  for (int tau_exp = -1064; tau_exp <= 1000; tau_exp += 37) {
    for (int rep = 0; rep < 3; ++rep) {
      const Problem pr = make_problem(rng, tau_exp);
      const int nc = int(pr.cluster.size());
      const double kc = std::uniform_real_distribution<double>(0.05, nc - 0.05)(rng);
      const double kc_int = std::max(1.0, std::floor(kc));
      for (double k_cluster : {kc, kc_int}) {
        const double k = pr.above + k_cluster;
        for (auto [f, solver] : methods) {
          ThreTopKOptions o;
          o.f = f;
          o.solver = solver;
          const std::string what = pr.text + ", k = " + std::to_string(k) + ", f " + std::to_string(int(f)) +
                                   ", solver " + std::to_string(int(solver));
          const ThreTopK r = thretopk(pr.x, k, pr.tau, o);
          EXPECT_TRUE(r.converged) << what;
          check_decided(pr, r.p, what);
          const std::vector<LD> want = threshold_oracle(pr.d, k_cluster, f);
          for (int j = 0; j < nc; ++j) expect_close(r.p[pr.cluster[j]], want[j], 1e-11, what);
          const double sum = std::accumulate(r.p.begin(), r.p.end(), 0.0);
          EXPECT_NEAR(sum, k, 1e-12 * k) << what;
        }
      }
    }
  }
}

// The absorption case of the audit: lambda = x + O(1) tau with |x| / tau = 2^60 must not snap onto x.
TEST(WholeRange, ThreTopKClosedFormsPastTwoToTheFiftyThree) {
  for (int e = 50; e <= 1020; e += 10) {
    const double big = std::ldexp(1.0, e);
    const std::vector<double> x = {big, 0.0};
    for (auto f : {ThresholdFn::piecewise_exp, ThresholdFn::exp_clamped}) {
      ThreTopKOptions o;
      o.f = f;
      const ThreTopK r = thretopk(x, 1.5, 1.0, o);
      EXPECT_EQ(r.p[0], 1.0) << e;
      EXPECT_NEAR(r.p[1], 0.5, 1e-15) << "2^" << e << " f " << int(f);  // the second entry carries k - 1
      EXPECT_NEAR(r.residual, 0.0, 1e-15) << e;
    }
  }
}

// GradTopK: the same clusters, against brute-force subset enumeration; k = 1 against the softmax computed
// in long double from the gaps; order preserved everywhere.
TEST(WholeRange, GradTopKMatchesSubsetEnumerationPastTheLargestDouble) {
  std::mt19937_64 rng(1414);
  for (int tau_exp = -1064; tau_exp <= 1000; tau_exp += 29) {
    for (int rep = 0; rep < 3; ++rep) {
      const Problem pr = make_problem(rng, tau_exp);
      const int nc = int(pr.cluster.size());
      for (int kc = 1; kc < nc; ++kc) {
        const double k = pr.above + kc;
        const std::string what = pr.text + ", k = " + std::to_string(k);
        const GradTopK r = gradtopk(pr.x, k, pr.tau);
        check_decided(pr, r.p, what);
        const std::vector<LD> want = subset_oracle(pr.d, kc);
        for (int j = 0; j < nc; ++j) expect_close(r.p[pr.cluster[j]], want[j], 1e-11, what);
        for (std::size_t i = 0; i < pr.x.size(); ++i)
          for (std::size_t j = 0; j < pr.x.size(); ++j)
            if (pr.x[i] > pr.x[j]) EXPECT_GE(r.p[i], r.p[j]) << what;
        EXPECT_NEAR(std::accumulate(r.p.begin(), r.p.end(), 0.0), k, 1e-12 * k) << what;
      }
    }
  }
}

TEST(WholeRange, GradTopKWithKOneIsTheSoftmaxAtExtremeSpreads) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (double tau : {4.9e-324, 1e-310, 1e-300, 1e-200, 1.0, 1e200, 1e300, 1e308}) {
    for (double scale : {1e-300, 1e-100, 1.0, 1e100, 1e300, 1e308}) {
      std::vector<double> x(6);
      for (double& v : x) v = scale * unit(rng);
      x[1] = x[0] + 2 * tau;  // one pair a few tau apart, where p is not 0 / 1
      if (!std::isfinite(x[1])) x[1] = x[0] - 2 * tau;
      const GradTopK r = gradtopk(x, 1, tau);
      const LD top = static_cast<LD>(*std::max_element(x.begin(), x.end()));
      LD z = 0;
      std::vector<LD> w;
      for (double v : x) {
        w.push_back(std::exp((static_cast<LD>(v) - top) / static_cast<LD>(tau)));
        z += w.back();
      }
      for (std::size_t i = 0; i < x.size(); ++i)
        expect_close(r.p[i], w[i] / z, 1e-12, "tau " + std::to_string(tau) + " scale " + std::to_string(scale));
    }
  }
}

// The residual for a given lambda, in gaps from lambda: exact counts past 2^53.
TEST(WholeRange, ThreTopKResidualAtAFarThreshold) {
  // u = x - 0.5 = (2^80, 0.5, -0.5): two entries saturate, the third gives e^-0.5 (from max x, 0.5 - 2^80
  // rounds to -2^80 and the u of the middle entry to 0).
  for (int e : {60, 80, 200, 1000}) {
    const std::vector<double> x = {std::ldexp(1.0, e), 1.0, 0.0, -kMax};
    const double r = thretopk_residual(x, 1.5, 1.0, ThresholdFn::exp_clamped, 0.5);
    EXPECT_NEAR(r, static_cast<double>(2 - 1.5L + std::exp(-0.5L)), 1e-15) << e;
  }
}

// ---------------------------------------------------------------------------------------------
// COD, CPQR and norm-top under exact scaling by 2^e, e from -1020 to 1020.

namespace {

// Inverse by long double Gaussian elimination with partial pivoting.
std::vector<LD> inverse_ld(const MatrixXd& a) {
  const int n = int(a.rows());
  std::vector<LD> m(n * 2 * n, 0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) m[i * 2 * n + j] = a(i, j);
    m[i * 2 * n + n + i] = 1;
  }
  for (int c = 0; c < n; ++c) {
    int piv = c;
    for (int r = c + 1; r < n; ++r)
      if (std::fabs(m[r * 2 * n + c]) > std::fabs(m[piv * 2 * n + c])) piv = r;
    for (int j = 0; j < 2 * n; ++j) std::swap(m[c * 2 * n + j], m[piv * 2 * n + j]);
    for (int r = 0; r < n; ++r) {
      if (r == c) continue;
      const LD q = m[r * 2 * n + c] / m[c * 2 * n + c];
      for (int j = 0; j < 2 * n; ++j) m[r * 2 * n + j] -= q * m[c * 2 * n + j];
    }
  }
  std::vector<LD> inv(n * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) inv[i * n + j] = m[i * 2 * n + n + j] / m[i * 2 * n + i];
  return inv;
}

MatrixXd random_integer_matrix(std::mt19937_64& rng, int rows, int cols) {
  std::uniform_int_distribution<int> d(-9, 9);
  MatrixXd m(rows, cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) m(i, j) = d(rng);
  return m;
}

MatrixXd times_pow2(const MatrixXd& m, int e) {
  return m.unaryExpr([e](double v) { return std::ldexp(v, e); });
}

}  // namespace

TEST(WholeRange, CodInverseAndRankAtEveryScale) {
  std::mt19937_64 rng(99);
  for (int rep = 0; rep < 6; ++rep) {
    MatrixXd m0 = random_integer_matrix(rng, 4, 4);
    if (std::fabs(m0.determinant()) < 1) continue;  // singular draws tested below
    const std::vector<LD> inv = inverse_ld(m0);
    double big_inv = 0;
    for (LD v : inv) big_inv = std::max(big_inv, double(std::fabs(v)));
    for (int e = -1018; e <= 1018; e += 17) {
      const MatrixXd a = times_pow2(m0, e);
      PinvOptions o;
      o.method = PinvMethod::cod;
      const PinvResult r = pinv(a, o);
      EXPECT_EQ(r.rank, 4) << "2^" << e;
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
          EXPECT_LE(std::fabs(std::ldexp(r.pinv(i, j), e) - double(inv[i * 4 + j])), 1e-11 * big_inv)
              << "2^" << e << " (" << i << ", " << j << ")";
        }
      // Least squares through the same COD: A x = b for b = A 1 has x = 1.
      const MatrixXd b = a * MatrixXd::Ones(4, 1);
      const LstsqResult ls = lstsq(a, b, o);
      for (int i = 0; i < 4; ++i) EXPECT_NEAR(ls.x(i, 0), 1.0, 1e-10) << "2^" << e;
    }
  }
}

TEST(WholeRange, CodOfARankDeficientMatrixScalesExactly) {
  std::mt19937_64 rng(5);
  MatrixXd m0 = random_integer_matrix(rng, 5, 3);
  m0.col(2) = m0.col(0) + m0.col(1);   // rank 2, integer
  const MatrixXd ref = pinv(m0).pinv;  // the SVD route at scale 1
  for (int e = -1015; e <= 1015; e += 29) {
    PinvOptions o;
    o.method = PinvMethod::cod;
    const PinvResult r = pinv(times_pow2(m0, e), o);
    EXPECT_EQ(r.rank, 2) << "2^" << e;
    const MatrixXd back = times_pow2(r.pinv, e);
    EXPECT_LE((back - ref).norm(), 1e-12 * ref.norm()) << "2^" << e;
  }
}

TEST(WholeRange, CurSelectionsDoNotDependOnTheScale) {
  std::mt19937_64 rng(31);
  for (int rep = 0; rep < 5; ++rep) {
    const MatrixXd m0 = random_integer_matrix(rng, 6, 7);
    // Exact integer squared column norms, the norm-top oracle (ties broken by the lower index).
    std::vector<long long> sq(7, 0);
    for (int j = 0; j < 7; ++j)
      for (int i = 0; i < 6; ++i) sq[j] += static_cast<long long>(m0(i, j) * m0(i, j));
    std::vector<int> want(7);
    std::iota(want.begin(), want.end(), 0);
    std::stable_sort(want.begin(), want.end(), [&](int a, int b) { return sq[a] > sq[b]; });
    want.resize(4);
    const std::vector<int> cpqr_ref = cur_select_cpqr(m0, 4).order;
    for (int e = -1016; e <= 1016; e += 31) {
      const MatrixXd a = times_pow2(m0, e);
      EXPECT_EQ(cur_select_norm_top(a, 4).order, want) << "2^" << e;
      const CurSelection c = cur_select_cpqr(a, 4);
      EXPECT_EQ(c.order, cpqr_ref) << "2^" << e;
      EXPECT_FALSE(c.flagged) << "2^" << e << ": " << c.note;
      // The first CPQR pivot is the column of largest norm.
      EXPECT_EQ(sq[c.order[0]], sq[want[0]]) << "2^" << e;
    }
  }
}

TEST(WholeRange, PinvEigRefusesUnderflowAndIsRightAboveIt) {
  std::mt19937_64 rng(8);
  MatrixXd m0;
  do m0 = random_integer_matrix(rng, 3, 3);
  while (std::fabs(m0.determinant()) < 1);
  const std::vector<LD> inv = inverse_ld(m0);
  double big_inv = 0;
  for (LD v : inv) big_inv = std::max(big_inv, double(std::fabs(v)));
  for (int e = -1000; e <= 480; e += 20) {
    const MatrixXd a = times_pow2(m0, e);
    const double biggest = a.cwiseAbs().maxCoeff();
    if (biggest < 0x1p-480) {
      try {
        pinv_eig(a);
        ADD_FAILURE() << "no error at 2^" << e;
      } catch (const std::out_of_range& err) {
        EXPECT_NE(std::string(err.what()).find("[3.2e-145, 1e154]"), std::string::npos) << err.what();
      }
      continue;
    }
    const EigRoute r = pinv_eig(a);
    EXPECT_EQ(r.rank, 3) << "2^" << e;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        EXPECT_LE(std::fabs(std::ldexp(r.pinv(i, j), e) - double(inv[i * 3 + j])), 1e-8 * big_inv) << "2^" << e;
  }
  EXPECT_EQ(pinv_eig(MatrixXd::Zero(2, 2)).rank, 0);  // A = 0 is no underflow
}

// ---------------------------------------------------------------------------------------------
// lse_bounds with -inf entries, sign_stats of huge and tiny vectors, Renyi near t = 1.

TEST(WholeRange, SoftminBoundsHoldWithMinusInfinity) {
  for (double scale : {1e-300, 1.0, 1e300, 1.7e308}) {
    for (double tau : {1e-300, 1.0, 1e300}) {
      const std::vector<double> x = {-INFINITY, scale, -scale, 0.5 * scale};
      LseBoundsInput in;
      in.tau = tau;
      const LseBounds b = lse_bounds(x, in);
      EXPECT_EQ(b.softmin, -INFINITY);
      EXPECT_TRUE(b.softmin_lower.holds) << scale << " " << tau;
      EXPECT_TRUE(b.softmin_upper.holds) << scale << " " << tau;
    }
  }
}

TEST(WholeRange, SignStatsCosineAtEveryMagnitude) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (double scale : {4.9e-324 * 1e6, 1e-310, 1e-300, 1e-150, 1.0, 1e150, 1e300, 1e307, 1.7e308}) {
    for (int n : {1, 2, 7, 100}) {
      std::vector<double> g(n);
      for (double& v : g) v = scale * unit(rng);
      g[0] = scale;  // at least one entry at the scale
      LD l1 = 0, l2 = 0;
      std::size_t nz = 0;
      for (double v : g) {
        l1 += std::fabs(static_cast<LD>(v));
        l2 += static_cast<LD>(v) * v;
        nz += v != 0;
      }
      const LD want = l1 / (std::sqrt(static_cast<LD>(nz)) * std::sqrt(l2));
      const SignStats s = sign_stats(g);
      expect_close(s.cosine, want, 1e-13, "scale " + std::to_string(scale) + " n " + std::to_string(n));
      EXPECT_LE(s.cosine, 1.0 + 1e-15);
    }
  }
}

TEST(WholeRange, RenyiNearOneTo1e14) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int rep = 0; rep < 20; ++rep) {
    const int n = 2 + rep % 9;
    std::vector<double> p(n);
    double sum = 0;
    for (double& v : p) sum += v = std::pow(unit(rng), 1 + rep);  // from near uniform to spread over 1e-20
    for (double& v : p) v /= sum;
    for (int j = 2; j <= 15; ++j) {
      for (double sign : {-1.0, 1.0}) {
        const double t = 1 + sign * std::pow(10.0, -j) * (1 + unit(rng));
        const double s = t - 1;  // exact
        // log sum q^t = log1p(sum q (q^s - 1)), q^s - 1 by its Taylor series in long double.
        LD total = 0;
        for (double v : p) total += v;
        LD acc = 0;
        for (double v : p) {
          if (v <= 0) continue;
          const LD q = v / total, a = s * std::log(q);
          LD term = 1, series = 0;
          for (int m = 1; m < 40; ++m) {
            term *= a / m;
            series += term;
          }
          acc += q * series;
        }
        const LD want = std::log1p(acc) / -static_cast<LD>(s);
        expect_close(renyi_entropy(p, t), want, 1e-14, "t - 1 = " + std::to_string(s));
      }
    }
  }
}
