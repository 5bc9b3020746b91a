// The synthetic cross-encoder of cur-retrieval.md (R13, sections 2.1, 2.2, 2.8): latents and pair
// noise from SplitMix64 streams keyed by (seed, tag, id), the logit as a scalar loop in a fixed order
// (bit-identical native and wasm), f_beta with expm1/tanh, its inverse, and the random baseline.
#include "mathlets/cur_retrieval.hpp"

#include "mathlets/nystromformer.hpp"
#include "mathlets/splitmix64.hpp"

#include "number_text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

constexpr std::uint64_t kMaxId = std::uint64_t{1} << 32;
constexpr double kExpClamp = 700.0;

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void check_param(const char* name, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi))
    throw std::out_of_range(std::string("synthetic_scorer: ") + name + " = " + number_text(v) + " must be in [" +
                            number_text(lo) + ", " + number_text(hi) + "]");
}

void check_id(const char* name, std::uint64_t id) {
  if (id >= kMaxId)
    throw std::out_of_range(std::string("synthetic_scorer: ") + name + " id " + std::to_string(id) +
                            " must be below 2^32");
}

void check_items(const char* routine, int n_items) {
  if (n_items < 1 || n_items > kMaxRetrievalItems)
    throw std::out_of_range(std::string(routine) + ": n_items = " + std::to_string(n_items) + " must be in [1, " +
                            std::to_string(kMaxRetrievalItems) + "]");
}

std::vector<double> latent(const ScorerParams& p, std::uint64_t tag, std::uint64_t id) {
  SplitMix64 rng(stream_state(p.seed, tag, id));
  std::vector<double> u(static_cast<std::size_t>(p.rank));
  for (double& x : u) x = normal12(rng);
  return u;
}

}  // namespace

std::uint64_t stream_state(std::uint64_t seed, std::uint64_t tag, std::uint64_t id) {
  return mix64(mix64(seed ^ (tag << 56)) + id);
}

double score_transform(ScoreKind kind, double beta, double x, bool* clamped) {
  if (kind == ScoreKind::linear || beta == 0.0) return x;
  if (kind == ScoreKind::tanh) return std::tanh(beta * x) / beta;
  double y = beta * x;
  if (y > kExpClamp) {
    y = kExpClamp;
    if (clamped) *clamped = true;
  }
  return std::expm1(y) / beta;
}

double score_inverse(ScoreKind kind, double beta, double s, bool* clamped) {
  if (kind == ScoreKind::linear || beta == 0.0) return s;
  double y = beta * s;
  // At the ends of f's range the inverse is infinite (exp: beta s = -1; tanh: beta s = +-1).
  const double lo = std::nextafter(-1.0, 0.0), hi = std::nextafter(1.0, 0.0);
  if (y < lo || (kind == ScoreKind::tanh && y > hi)) {
    y = y < lo ? lo : hi;
    if (clamped) *clamped = true;
  }
  return (kind == ScoreKind::exp ? std::log1p(y) : std::atanh(y)) / beta;
}

SyntheticScorer::SyntheticScorer(const ScorerParams& params) : params_(params) {
  if (params.rank < 1 || params.rank > kMaxScorerRank)
    throw std::out_of_range("synthetic_scorer: rank = " + std::to_string(params.rank) + " must be in [1, " +
                            std::to_string(kMaxScorerRank) + "]");
  check_param("noise", params.noise, 0.0, 2.0);
  check_param("beta", params.beta, 0.0, 8.0);
}

std::vector<double> SyntheticScorer::latent_query(std::uint64_t q) const {
  check_id("query", q);
  return latent(params_, kTagQueryLatent, q);
}

std::vector<double> SyntheticScorer::latent_item(std::uint64_t i) const {
  check_id("item", i);
  return latent(params_, kTagItemLatent, i);
}

double SyntheticScorer::pair_noise(std::uint64_t q, std::uint64_t i) const {
  check_id("query", q);
  check_id("item", i);
  SplitMix64 rng(stream_state(params_.seed, kTagPairNoise, (q << 32) | i));
  return normal12(rng);
}

// The logit in the specified order: acc += u[j] v[j] left to right, then / sqrt(r), then + sigma z
// (no draws at all when sigma = 0).
double SyntheticScorer::score_from(std::span<const double> u, std::span<const double> v, std::uint64_t q,
                                   std::uint64_t i) const {
  double acc = 0.0;
  for (std::size_t j = 0; j < u.size(); ++j) acc += u[j] * v[j];
  double x = acc / std::sqrt(static_cast<double>(params_.rank));
  if (params_.noise != 0.0) {
    SplitMix64 rng(stream_state(params_.seed, kTagPairNoise, (q << 32) | i));
    x += params_.noise * normal12(rng);
  }
  bool clamped = false;
  const double s = score_transform(params_.kind, params_.beta, x, &clamped);
  if (clamped) clamped_ = true;
  return s;
}

double SyntheticScorer::score(std::uint64_t q, std::uint64_t i) {
  const double s = score_from(latent_query(q), latent_item(i), q, i);
  ++calls_;
  return s;
}

std::span<const double> SyntheticScorer::item_latent_cached(std::uint64_t i) const {
  const auto r = static_cast<std::size_t>(params_.rank);
  if (i >= static_cast<std::uint64_t>(kMaxRetrievalItems)) {
    spare_ = latent_item(i);
    return spare_;
  }
  const auto at = static_cast<std::size_t>(i);
  if (at >= known_.size()) {
    known_.resize(at + 1, 0);
    items_.resize((at + 1) * r);
  }
  if (!known_[at]) {
    const std::vector<double> v = latent_item(i);
    std::copy(v.begin(), v.end(), items_.begin() + static_cast<std::ptrdiff_t>(at * r));
    known_[at] = 1;
  }
  return {items_.data() + at * r, r};
}

Eigen::MatrixXd SyntheticScorer::block(std::span<const std::uint64_t> queries, std::span<const std::uint64_t> items) {
  for (std::uint64_t q : queries) check_id("query", q);
  for (std::uint64_t i : items) check_id("item", i);
  Eigen::MatrixXd out(static_cast<Eigen::Index>(queries.size()), static_cast<Eigen::Index>(items.size()));
  for (std::size_t a = 0; a < queries.size(); ++a) {
    const std::vector<double> u = latent_query(queries[a]);
    for (std::size_t b = 0; b < items.size(); ++b)
      out(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) =
          score_from(u, item_latent_cached(items[b]), queries[a], items[b]);
  }
  calls_ += static_cast<std::uint64_t>(out.size());
  return out;
}

Eigen::MatrixXd SyntheticScorer::first_block(int n_queries, int n_items) {
  if (n_queries < 0 || n_queries > kMaxAnchorQueries)
    throw std::out_of_range("synthetic_scores: n_queries = " + std::to_string(n_queries) + " must be in [0, " +
                            std::to_string(kMaxAnchorQueries) + "]");
  if (n_items < 0 || n_items > kMaxRetrievalItems)
    throw std::out_of_range("synthetic_scores: n_items = " + std::to_string(n_items) + " must be in [0, " +
                            std::to_string(kMaxRetrievalItems) + "]");
  std::vector<std::uint64_t> q(static_cast<std::size_t>(n_queries)), i(static_cast<std::size_t>(n_items));
  for (std::size_t a = 0; a < q.size(); ++a) q[a] = a;
  for (std::size_t b = 0; b < i.size(); ++b) i[b] = b;
  return block(q, i);
}

std::vector<double> SyntheticScorer::oracle_row(std::uint64_t q, int n_items) const {
  check_items("oracle_row", n_items);
  const std::vector<double> u = latent_query(q);
  std::vector<double> row(static_cast<std::size_t>(n_items));
  for (int i = 0; i < n_items; ++i)
    row[static_cast<std::size_t>(i)] = score_from(u, item_latent_cached(static_cast<std::uint64_t>(i)), q, i);
  return row;
}

std::vector<double> SyntheticScorer::de_proxy_row(std::uint64_t q, int n_items, int r_de) const {
  check_items("de_proxy", n_items);
  if (r_de < 1 || r_de > params_.rank)
    throw std::out_of_range("de_proxy: r_de = " + std::to_string(r_de) +
                            " must be in [1, rank = " + std::to_string(params_.rank) + "]");
  const std::vector<double> u = latent_query(q);
  const double scale = std::sqrt(static_cast<double>(params_.rank));
  std::vector<double> row(static_cast<std::size_t>(n_items));
  for (int i = 0; i < n_items; ++i) {
    const std::span<const double> v = item_latent_cached(static_cast<std::uint64_t>(i));
    double acc = 0.0;
    for (int j = 0; j < r_de; ++j) acc += u[j] * v[j];
    row[static_cast<std::size_t>(i)] = acc / scale;
  }
  return row;
}

std::vector<int> random_candidates(int n_items, int rerank, std::uint64_t seed, std::uint64_t query) {
  check_items("random_candidates", n_items);
  if (rerank < 1 || rerank > n_items)
    throw std::out_of_range("random_candidates: rerank = " + std::to_string(rerank) +
                            " must be in [1, n_items = " + std::to_string(n_items) + "]");
  SplitMix64 rng(stream_state(seed, kTagSampling, query));
  const auto draw = draw_uniform_subset(rng, static_cast<std::size_t>(n_items), static_cast<std::size_t>(rerank));
  return {draw.begin(), draw.end()};
}

}  // namespace mathlets
