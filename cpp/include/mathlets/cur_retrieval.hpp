// CUR retrieval for cross-encoders (ANNCUR, ../shared/math/cur-retrieval.md): a seeded synthetic
// cross-encoder with rank, noise and nonlinearity dials; exact top-k, recall and the re-rank positions;
// anchor-item rules on the offline block R (anchor queries x all items); the index E = W^+ R; retrieval
// of k_r candidates by s_hat = c E and their exact re-ranking; adaptive anchors (ADACUR, our reading);
// the random and dual-encoder-proxy baselines; and the widget's batch evaluation.
//
// Conventions for every routine here:
// - Orders are always (score descending, then index ascending); indices are 0-based ints, ids of the
//   scorer uint32. R is k_q x n_i (k_q anchor queries, n_i items).
// - Bad arguments throw std::invalid_argument (shapes, duplicates, NaN/Inf: "... R_block (2x3) has a
//   non-finite entry nan at (0, 1)") or std::out_of_range (counts out of range, naming the range),
//   each message naming the routine and the argument.
// - The routines are pure: they take matrices and scores and return candidates and approximate
//   scores. Only cur_retrieve and adaptive_cur_retrieve take a callback (the exact cross-encoder),
//   and each is a composition of the pure steps the JS layer calls around its own callback.
// - Randomness: SplitMix64 streams keyed by (seed, tag, id) (section 2.1), bit-identical native/wasm.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mathlets {

inline constexpr int kMaxScorerRank = 64;
inline constexpr std::uint64_t kTestQueryBase = std::uint64_t{1} << 31;  // test queries are ids 2^31 + j
inline constexpr Eigen::Index kMaxRetrievalItems = 65536;
inline constexpr Eigen::Index kMaxAnchorQueries = 1024;
inline constexpr int kMaxAnchorItems = 1024;

// ---------------------------------------------------------------------------------------------
// Random streams (section 2.1)

enum StreamTag : std::uint64_t {
  kTagQueryLatent = 1,
  kTagItemLatent = 2,
  kTagPairNoise = 3,
  kTagAnchors = 4,
  kTagKmeans = 5,
  kTagSampling = 6,
};
// mix64(mix64(seed XOR (tag << 56)) + id): the state of one SplitMix64 stream.
std::uint64_t stream_state(std::uint64_t seed, std::uint64_t tag, std::uint64_t id);

// ---------------------------------------------------------------------------------------------
// The synthetic cross-encoder (R13, section 2.2)

enum class ScoreKind { linear, exp, tanh };

struct ScorerParams {
  int rank = 8;                     // r in [1, 64]: exact rank of the logit matrix
  double noise = 0.1;               // sigma in [0, 2]: pair-specific logit noise
  ScoreKind kind = ScoreKind::exp;  // f_beta
  double beta = 1.0;                // in [0, 8]; 0 is the identity for every kind
  std::uint64_t seed = 42;
};

// f_beta(x) and its inverse (X5, T-R11). The inverse of tanh at |beta s| >= 1 is infinite: it is
// clamped to the nearest finite logit and `clamped` is set.
double score_transform(ScoreKind kind, double beta, double x, bool* clamped = nullptr);
double score_inverse(ScoreKind kind, double beta, double s, bool* clamped = nullptr);

// s(q, i) = f_beta(u_q . v_i / sqrt(r) + sigma z_qi), every pair evaluated on its own (a "CE call").
// Ids must be < 2^32. calls() counts the scores handed out by score() and block() (the meter).
class SyntheticScorer {
 public:
  explicit SyntheticScorer(const ScorerParams& params);  // checks the ranges above

  const ScorerParams& params() const { return params_; }
  std::vector<double> latent_query(std::uint64_t q) const;    // r normal12 draws of stream (seed, 1, q)
  std::vector<double> latent_item(std::uint64_t i) const;     // ... of stream (seed, 2, i)
  double pair_noise(std::uint64_t q, std::uint64_t i) const;  // normal12 of stream (seed, 3, q << 32 | i)

  double score(std::uint64_t q, std::uint64_t i);
  Eigen::MatrixXd block(std::span<const std::uint64_t> queries, std::span<const std::uint64_t> items);
  // block(0..nq-1, 0..ni-1)
  Eigen::MatrixXd first_block(int n_queries, int n_items);

  // One query's exact scores over items 0..n_items-1 (the evaluation oracle: not counted as calls).
  std::vector<double> oracle_row(std::uint64_t q, int n_items) const;
  // The dual-encoder proxy (section 2.8): sum_{j < r_de} u_q[j] v_i[j] / sqrt(r) over items 0..n_items-1,
  // 1 <= r_de <= r. No calls.
  std::vector<double> de_proxy_row(std::uint64_t q, int n_items, int r_de) const;

  std::uint64_t calls() const { return calls_; }
  void reset_calls() { calls_ = 0; }
  bool clamped() const { return clamped_; }  // exp: beta x > 700 was clamped at least once

 private:
  double score_from(std::span<const double> u, std::span<const double> v, std::uint64_t q, std::uint64_t i) const;
  // Item latents are drawn once per id below kMaxRetrievalItems (n_i x r doubles), as section 2.2 asks.
  std::span<const double> item_latent_cached(std::uint64_t i) const;

  ScorerParams params_;
  mutable std::vector<double> items_;
  mutable std::vector<char> known_;
  mutable std::vector<double> spare_;
  std::uint64_t calls_ = 0;
  mutable bool clamped_ = false;
};

// ---------------------------------------------------------------------------------------------
// Exact top-k, recall and re-rank positions (section 2.3)

struct TopK {
  std::vector<int> ids;        // (score desc, index asc)
  std::vector<double> scores;  // of ids
  double kth = 0.0;            // the k-th largest score
  double next = 0.0;           // the (k+1)-th (NaN when k = n): kth - next is the decision margin
  int ties = 0;                // entries equal to another entry (n - number of distinct values)
};
// 1 <= k <= n; scores finite.
TopK exact_topk(std::span<const double> scores, int k);

// |found & truth| / |truth| (truth non-empty; duplicates count once).
double recall_at_k(std::span<const int> found, std::span<const int> truth);

// p_t = #{j : s_j > s_t} + #{j < t : s_j = s_t} for each t of truth (its rank in the approximate order).
std::vector<int> approx_positions(std::span<const double> approx, std::span<const int> truth);
// recall(k_r) = #{t : p_t < k_r} / |truth| for each k_r (re-rank lemma, invariant 4).
std::vector<double> recall_curve(std::span<const double> approx, std::span<const int> truth,
                                 std::span<const int> kr_values);

// ---------------------------------------------------------------------------------------------
// Anchor items (R10, section 2.4)

enum class AnchorRule { uniform, kmeans, top_norm, leverage, deim, cpqr, manual };

struct AnchorOptions {
  AnchorRule rule = AnchorRule::uniform;
  std::uint64_t seed = 0;    // uniform, kmeans
  int gamma = 0;             // leverage: 0 = min(k_i, numerical rank of R)
  std::vector<int> indices;  // manual (deduplicated, first occurrence kept)
};
struct AnchorSelection {
  std::vector<int> ids;    // ascending
  std::vector<int> order;  // selection order (uniform: nested prefixes, invariant 9)
  std::string note;        // why the choice is partly arbitrary, if it is
};
// 1 <= k_i <= n_i (deim, leverage: k_i <= min(k_q, n_i)); manual: k_i = number of distinct indices.
AnchorSelection select_anchor_items(const Eigen::MatrixXd& r_block, int k_i, const AnchorOptions& options = {});

// ---------------------------------------------------------------------------------------------
// The index (section 2.5) and retrieval (section 2.6)

struct CurRetrievalIndex {
  std::vector<int> anchors;         // A_I, as given (distinct)
  Eigen::MatrixXd e;                // k_i x n_i: W^+ R
  Eigen::MatrixXd w_pinv;           // k_i x k_q: W^+ (alpha = c W^+)
  Eigen::VectorXd singular_values;  // of W, descending
  int rank = 0;                     // rho: singular values kept
  double kappa = 0.0;               // sigma_1 / sigma_rho (0 when degenerate)
  double rtol = 0.0;                // the relative tolerance used
  bool degenerate = false;          // no singular value above the tolerance (W = 0, rtol >= 1): E = 0
};
// rtol default max(k_q, k_i) eps; anchors distinct, in [0, n_i), 1..kMaxAnchorItems of them; R finite.
CurRetrievalIndex cur_retrieval_index(const Eigen::MatrixXd& r_block, const std::vector<int>& anchors,
                                      std::optional<double> rtol = std::nullopt);

// Step 1 (pure): s_hat = c E and the candidate set.
struct CurCandidates {
  Eigen::VectorXd approx;       // s_hat, n_i
  std::vector<int> candidates;  // top-k_r of s_hat in order, then (include_anchors) the other anchors
  std::vector<int> to_score;    // candidates that are not anchors: the one batch of exact calls
  int rerank = 0;               // k_r after clamping to n_i
  bool exhaustive = false;      // k_r >= n_i
};
// 1 <= k <= k_r, k <= n_i; c: the k_i exact anchor scores, finite.
CurCandidates cur_retrieval_candidates(const Eigen::MatrixXd& e, const std::vector<int>& anchors,
                                       std::span<const double> anchor_scores, int k, int rerank,
                                       bool include_anchors = false);

struct CurRetrieval {
  std::vector<int> ids;        // top-k of the candidates by exact score
  std::vector<double> scores;  // their exact scores
  std::vector<int> candidates;
  Eigen::VectorXd approx;
  int ce_calls = 0;       // k_i + |C \ A_I|
  int nominal_calls = 0;  // k_i + k_r
  bool exhaustive = false;
};
// Step 2 (pure): the re-ranking, given the exact scores of candidates.to_score (in that order; finite).
CurRetrieval cur_retrieval_finish(CurCandidates candidates, const std::vector<int>& anchors,
                                  std::span<const double> anchor_scores, std::span<const double> exact_scores, int k);

using ExactScoresFn = std::function<std::vector<double>(const std::vector<int>&)>;
// Both steps around one batch call of exact_scores.
CurRetrieval cur_retrieve(const CurRetrievalIndex& index, std::span<const double> anchor_scores, int k, int rerank,
                          const ExactScoresFn& exact_scores, bool include_anchors = false);

// ---------------------------------------------------------------------------------------------
// Adaptive anchors (R11, section 2.7)

// One round (pure): alpha = c pinv(R[:, A], rtol), s_hat = alpha R, and the top-b items of s_hat that are
// not in A (fewer when fewer remain).
struct AdaptiveStep {
  std::vector<int> next;  // to score and append to A
  Eigen::VectorXd approx;
  int rank = 0;  // of R[:, A] under rtol
};
AdaptiveStep adaptive_cur_step(const Eigen::MatrixXd& r_block, const std::vector<int>& anchors,
                               std::span<const double> anchor_scores, int b, std::optional<double> rtol = std::nullopt);

struct AdaptiveOptions {
  int k = 10;
  int budget = 100;  // B: k0 < B <= n_i
  int k0 = 16;       // initial uniform anchors, >= 1
  int rounds = 4;    // T >= 1
  std::optional<double> rtol;
  std::uint64_t anchor_seed = 0;
};
// Checks the options against n_i (k0 >= 1, 1 <= T <= 64, k0 < B <= n_i, 1 <= k <= B; rtol finite, >= 0)
// and returns the round sizes b_t = floor(rest / (T - t)) over rest = B - k0.
std::vector<int> adaptive_round_sizes(const AdaptiveOptions& options, Eigen::Index n_items);
struct AdaptiveRetrieval {
  std::vector<int> ids;
  std::vector<double> scores;
  std::vector<std::vector<int>> anchors_per_round;  // the items scored: the k0 initial ones, then each round's
  int ce_calls = 0;                                 // = budget
};
AdaptiveRetrieval adaptive_cur_retrieve(const Eigen::MatrixXd& r_block, const ExactScoresFn& score_fn,
                                        const AdaptiveOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Baselines (section 2.8)

// k_r uniform items (partial Fisher-Yates on stream (seed, 6, query)) in draw order: nested in k_r.
std::vector<int> random_candidates(int n_items, int rerank, std::uint64_t seed, std::uint64_t query = 0);

// ---------------------------------------------------------------------------------------------
// The widget batch (section 2.9)

struct EvaluationOptions {
  ScorerParams scorer;
  int n_items = 5000;
  int kq = 128;  // anchor queries 0..kq-1
  int ki = 32;
  AnchorOptions anchors{AnchorRule::uniform, 7, 0, {}};
  std::optional<double> rtol;
  int n_test = 200;  // test queries 2^31 + j
  int k = 10;
  std::vector<int> kr_values{10, 20, 50, 100, 200, 500};
  bool include_anchors = false;
  bool transform = false;         // index f^-1(scores) (R12, T-R11); the truth is unchanged
  std::vector<int> de_baselines;  // r_de of each dual-encoder proxy baseline
  bool random_baseline = false;
  bool spectrum = false;  // singular values of R (O(k_q^2 n_i))
  // Reuse across widget frames (section 2.9: only the index and the positions are recomputed):
  // r_block = this scorer's R (kq x n_items; spot-checked), truth = the n_test x k exact top-k ids of an
  // earlier evaluation with the same scorer, n_items, n_test and k. With truth, the exact rows are not
  // generated again: frob_rel_err and min_margin are NaN and ties 0.
  std::optional<Eigen::MatrixXd> r_block;
  std::vector<int> truth;
};
struct BaselineRecall {
  std::string name;            // "random", "de4", ...
  std::vector<double> recall;  // per kr_values
};
struct Evaluation {
  std::vector<double> recall;         // mean recall@k per kr_values
  std::vector<double> mean_ce_calls;  // k_i + mean |C_kr \ A_I| per kr_values
  std::vector<int> positions;         // n_test x k, row-major: p_t of each true item (truth order)
  std::vector<int> truth;             // n_test x k: exact top-k ids
  double min_margin = 0.0;            // smallest relative gap kth - next of the exact top-k
  int ties = 0;                       // exactly tied scores over all test rows
  std::vector<int> anchors;
  Eigen::VectorXd w_singular_values;
  int rank = 0;
  double kappa = 0.0;
  double frob_rel_err = 0.0;          // ||S_hat - S||_F / ||S||_F over the test block
  Eigen::VectorXd r_singular_values;  // with options.spectrum
  std::uint64_t offline_calls = 0;    // k_q n_i
  bool clamped = false;
  std::vector<BaselineRecall> baselines;
};
// Limits: n_items <= kMaxRetrievalItems, kq <= kMaxAnchorQueries, ki <= min(n_items, kMaxAnchorItems),
// 1 <= n_test <= 2000, 1 <= k <= n_items, 1 <= kr <= n_items, n_items (kq + n_test) <= 5e7.
Evaluation evaluate_cur_retrieval(const EvaluationOptions& options);

}  // namespace mathlets
