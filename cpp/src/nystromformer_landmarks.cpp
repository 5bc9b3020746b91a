// Nyströmformer landmarks and demo inputs (nystromformer.md, sections 2.2 and 2.8): segment means,
// random tokens (partial Fisher-Yates), k-means (k-means++ seeding, 10 Lloyd steps), the leverage
// oracle on the exact S, manual indices; and the iid / smooth / clusters / shuffled / sharp inputs.
#include "mathlets/nystromformer.hpp"

#include "mathlets/cur.hpp"
#include "mathlets/performer.hpp"
#include "lowrank_checks.hpp"
#include "number_text.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// The mean of some rows, each divided by their count before summing (a sum of values near the
// double range's end would overflow) and kept within their range (the divided terms can round up).
Eigen::RowVectorXd mean_of_rows(const MatrixXd& rows) {
  const Eigen::RowVectorXd mean = (rows / static_cast<double>(rows.rows())).colwise().sum();
  return mean.cwiseMax(rows.colwise().minCoeff()).cwiseMin(rows.colwise().maxCoeff());
}

MatrixXd segment_means(const MatrixXd& x, int m) {
  MatrixXd means(m, x.cols());
  const auto bounds = segment_bounds(static_cast<int>(x.rows()), m);
  for (int j = 0; j < m; ++j)
    means.row(j) = mean_of_rows(x.middleRows(bounds[j].first, bounds[j].second - bounds[j].first));
  return means;
}

// k-means++ seeding: the first center is row floor(u n); each next one is drawn with probability
// proportional to the squared distance to its nearest center (uniformly if every distance is 0).
MatrixXd kmeans_seeds(const MatrixXd& x, int m, SplitMix64& rng) {
  const Index n = x.rows();
  MatrixXd centers(m, x.cols());
  centers.row(0) = x.row(static_cast<Index>(draw_below(rng, static_cast<std::size_t>(n))));
  VectorXd nearest = (x.rowwise() - centers.row(0)).rowwise().squaredNorm();
  for (int c = 1; c < m; ++c) {
    const std::vector<double> cumulative = cumulative_weights({nearest.data(), static_cast<std::size_t>(n)});
    const std::size_t pick =
        cumulative.back() > 0.0 ? draw_categorical(rng, cumulative) : draw_below(rng, static_cast<std::size_t>(n));
    centers.row(c) = x.row(static_cast<Index>(pick));
    nearest = nearest.cwiseMin((x.rowwise() - centers.row(c)).rowwise().squaredNorm());
  }
  return centers;
}

// Exactly 10 Lloyd steps; a point goes to the nearest center (ties: the smaller index); an empty
// cluster keeps its center.
MatrixXd kmeans(const MatrixXd& x, int m, std::uint64_t seed) {
  SplitMix64 rng(seed);
  MatrixXd centers = kmeans_seeds(x, m, rng);
  std::vector<std::vector<int>> members(m);
  for (int step = 0; step < 10; ++step) {
    for (auto& list : members) list.clear();
    for (Index i = 0; i < x.rows(); ++i) {
      Index best = 0;
      (centers.rowwise() - x.row(i)).rowwise().squaredNorm().minCoeff(&best);  // first minimum on ties
      members[best].push_back(static_cast<int>(i));
    }
    for (int c = 0; c < m; ++c)
      if (!members[c].empty()) centers.row(c) = mean_of_rows(x(members[c], Eigen::all));
  }
  return centers;
}

std::vector<int> checked_manual(const std::vector<int>& indices, int n, int m) {
  if (static_cast<int>(indices.size()) != m)
    throw std::invalid_argument("select_landmarks: manual landmarks need m = " + std::to_string(m) + " indices; got " +
                                std::to_string(indices.size()));
  std::vector<char> seen(n, 0);
  for (std::size_t j = 0; j < indices.size(); ++j) {
    const int i = indices[j];
    const std::string which = "indices[" + std::to_string(j) + "] = " + std::to_string(i);
    if (i < 0 || i >= n)
      throw std::out_of_range("select_landmarks: " + which + " must be in [0, " + std::to_string(n - 1) + "]");
    if (seen[i]) throw std::invalid_argument("select_landmarks: " + which + " is repeated");
    seen[i] = 1;
  }
  return indices;
}

std::vector<int> as_ints(const std::vector<std::size_t>& v) { return {v.begin(), v.end()}; }

// Row-major fills from one stream.
MatrixXd normal_matrix(Index rows, Index cols, SplitMix64& rng) {
  MatrixXd x(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) x(i, j) = normal12(rng);
  return x;
}

// X_ic = sqrt(2/3) sum_k W_kc sin(2 pi (k + 1) i / n + Phi_kc), W and Phi drawn in that order.
MatrixXd smooth_matrix(int n, int d, SplitMix64& rng) {
  const MatrixXd w = normal_matrix(3, d, rng), phi = normal_matrix(3, d, rng);
  MatrixXd x = MatrixXd::Zero(n, d);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < d; ++c)
      for (int k = 0; k < 3; ++k) x(i, c) += w(k, c) * std::sin(2 * std::numbers::pi * (k + 1) * i / n + phi(k, c));
  return std::sqrt(2.0 / 3.0) * x;
}

AttentionInputs clusters(int n, int d, std::uint64_t seed, bool shuffled) {
  SplitMix64 rng(seed);
  const MatrixXd cq = normal_matrix(8, d, rng), ck = normal_matrix(8, d, rng);
  std::vector<int> labels(n);
  for (int i = 0; i < n; ++i) labels[i] = static_cast<int>((8LL * i) / n);
  if (shuffled) {
    SplitMix64 order(seed + 1);
    const std::vector<std::size_t> perm = draw_uniform_subset(order, static_cast<std::size_t>(n), n);
    std::vector<int> moved(n);
    for (int i = 0; i < n; ++i) moved[i] = labels[perm[i]];
    labels = moved;
  }
  AttentionInputs in{cq(labels, Eigen::all), ck(labels, Eigen::all), {}};
  in.q += 0.1 * normal_matrix(n, d, rng);
  in.k += 0.1 * normal_matrix(n, d, rng);
  in.v = normal_matrix(n, d, rng);
  return in;
}

}  // namespace

std::vector<std::pair<int, int>> segment_bounds(int n, int m) {
  if (m < 1 || m > n)
    throw std::out_of_range("segment_bounds: m = " + std::to_string(m) + " must be in 1..n = " + std::to_string(n));
  std::vector<std::pair<int, int>> bounds(m);
  for (int j = 0; j < m; ++j)
    bounds[j] = {static_cast<int>((static_cast<long long>(j) * n) / m),
                 static_cast<int>((static_cast<long long>(j + 1) * n) / m)};
  return bounds;
}

Landmarks select_landmarks(const MatrixXd& q, const MatrixXd& k, int m, LandmarkRule rule, std::uint64_t seed,
                           double scale, const std::vector<int>& indices) {
  const char* routine = "select_landmarks";
  detail::require_finite(routine, "Q", q);
  detail::require_finite(routine, "K", k);
  if (q.rows() != k.rows() || q.cols() != k.cols())
    throw std::invalid_argument(std::string(routine) + ": K (" + detail::shape(k) + ") must have the shape of Q (" +
                                detail::shape(q) + ")");
  const int n = static_cast<int>(q.rows());
  if (m < 1 || m > n || m > kMaxLandmarks)
    throw std::out_of_range(std::string(routine) + ": m = " + std::to_string(m) + " must be in 1..n = " +
                            std::to_string(n) + (n > kMaxLandmarks ? " (and at most 1024)" : ""));
  Landmarks out;
  switch (rule) {
    case LandmarkRule::segment:
      out.q = segment_means(q, m);
      out.k = segment_means(k, m);
      out.paper_mode = n % m == 0;
      return out;
    case LandmarkRule::kmeans:
      out.q = kmeans(q, m, seed);
      out.k = kmeans(k, m, seed + 1);
      return out;
    case LandmarkRule::random: {
      SplitMix64 rng(seed);
      out.rows = as_ints(draw_uniform_subset(rng, static_cast<std::size_t>(n), static_cast<std::size_t>(m)));
      std::sort(out.rows.begin(), out.rows.end());
      out.cols = out.rows;
      break;
    }
    case LandmarkRule::leverage: {
      const MatrixXd s = softmax_attention_weights(q, k, scale, false);
      out.cols = cur_select_leverage_top(s, m, m).sorted;
      out.rows = cur_select_leverage_top(s.transpose(), m, m).sorted;
      break;
    }
    case LandmarkRule::manual:
      out.rows = checked_manual(indices, n, m);
      out.cols = out.rows;
      break;
  }
  out.q = q(out.rows, Eigen::all);
  out.k = k(out.cols, Eigen::all);
  return out;
}

double normal12(SplitMix64& rng) {
  double sum = 0.0;
  for (int r = 0; r < 12; ++r) sum += rng.uniform();
  return sum - 6.0;
}

AttentionInputs attention_inputs(AttentionPreset kind, int n, int d, std::uint64_t seed) {
  if (n < 1 || n > 8192)
    throw std::out_of_range("attention_inputs: n = " + std::to_string(n) + " must be in [1, 8192]");
  if (d < 1 || d > 512) throw std::out_of_range("attention_inputs: d = " + std::to_string(d) + " must be in [1, 512]");
  if (kind == AttentionPreset::clusters || kind == AttentionPreset::shuffled)
    return clusters(n, d, seed, kind == AttentionPreset::shuffled);
  SplitMix64 rng(seed);
  AttentionInputs in;
  if (kind == AttentionPreset::iid) {
    in.q = normal_matrix(n, d, rng);
    in.k = normal_matrix(n, d, rng);
  } else {
    in.q = smooth_matrix(n, d, rng);
    in.k = smooth_matrix(n, d, rng);
  }
  in.v = normal_matrix(n, d, rng);
  if (kind == AttentionPreset::sharp) {
    // Unit rows (a zero row, which needs a measure-zero draw, stays zero).
    const VectorXd norms = in.q.rowwise().norm().cwiseMax(1e-300);
    in.q = in.q.array().colwise() / norms.array();
    in.k = in.q;
  }
  return in;
}

}  // namespace mathlets
