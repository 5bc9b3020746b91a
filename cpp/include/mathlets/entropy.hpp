// Entropy-invariant attention (../shared/math/entropy-invariant-attention.md): the attention scale
// rules (standard, log n, clipped log n, Chiang's ln n, annealed-invariant), the stable row entropy
// and its naive forms, per-row attention entropies, the entropy-versus-length sweep on seeded random
// queries and keys, the annealed (sampling) approximation and the scale that holds it fixed, the
// Laplace constants behind 0.24, entropy normalization (the safeguarded solver and the article's raw
// loop), and the JL projection experiment with its bounds.
//
// Conventions for every routine here:
// - Logits z_j = lambda s_j; -inf entries are masked keys (weight 0, not counted in n). Entropies are
//   in nats and computed from gaps to the row maximum, never as the log of a computed probability.
// - Bad arguments throw std::invalid_argument naming the argument (shapes, NaN/+inf where not allowed,
//   empty input); sizes and parameters outside their range throw std::out_of_range naming the range.
//   Failures of a computation that the input cannot be blamed for (a zero sphere row, no bracket for
//   the normalization exponent) throw std::runtime_error.
// - Randomness: GaussianStream (SplitMix64 + Box-Muller), queries from `seed`, keys from
//   seed ^ kKeyStreamXor, the JL matrix from its own seed; all filled row-major.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <vector>

namespace mathlets {

enum class ScaleMode { standard, logn, logn_clipped, chiang, annealed_invariant };
enum class KeyDistribution { gaussian, sphere };
enum class LengthScale { none, global, per_row, per_row_clipped };
enum class NaiveEntropy { lse_minus_mean, p_log_p };
enum class NormalizeStatus { ok, constant, target_above_max, target_below_min };

inline constexpr std::uint64_t kKeyStreamXor = 0x5851F42D4C957F2DULL;
// Largest sizes accepted: head size, query rows, sequence length, and the work of one product
// (rows x cols x inner) so that one call cannot freeze a page.
inline constexpr int kMaxEntropyHeadSize = 4096;
inline constexpr int kMaxEntropyRows = 4096;
inline constexpr double kMaxSequenceLength = 1 << 20;
inline constexpr double kMaxEntropyWork = 1.5e8;

// log(n) / log(base): exactly 1 at n = base, exactly j / 9 at n = 2^j for base 512.
double log_base(double n, double base);

// ---------------------------------------------------------------------------------------------
// Scale rules (section 2.1)

struct ScaleOptions {
  double base = 512;                                  // L0 >= 2
  double gain = 1;                                    // beta > 0
  KeyDistribution model = KeyDistribution::gaussian;  // annealed_invariant only
};
struct Scale {
  double lambda = 0;
  bool unreachable = false;  // annealed_invariant with log n <= H*: lambda = 0
};
// n >= 1, d >= 1 (sphere model: d >= 3).
Scale attention_scale(ScaleMode mode, double n, double d, const ScaleOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Row entropy (section 2.2)

// H of softmax(z), stable: log1p(S') + T / (1 + S') over the gaps to the maximum. NaN anywhere -> NaN;
// q >= 1 entries +inf -> log q; -inf entries are masked; all masked or empty -> std::invalid_argument.
double row_entropy(std::span<const double> z);

// The same with its parts: H = log_s + gap_mean, both >= 0 (the stacked bar of E1).
struct RowEntropy {
  double entropy = 0;
  double log_s = 0;       // log S = log1p(S')
  double gap_mean = 0;    // sum_j a_j delta_j
  double max_weight = 0;  // max_j a_j
  double visible = 0;     // keys with z_j > -inf
};
RowEntropy row_entropy_parts(std::span<const double> z);

// The naive forms the article's demo contrasts: lse(z) - a.z, and -sum p log p with p = e^z / sum e^z.
double naive_row_entropy(std::span<const double> z, NaiveEntropy form);

// dH/dlambda = -lambda Var_a(s) at z = lambda s (finite s; -inf masked), from the same gaps.
double entropy_scale_slope(std::span<const double> s, double lambda);

// ---------------------------------------------------------------------------------------------
// Attention entropies (section 2.3)

struct AttentionEntropyOptions {
  bool causal = false;  // row i sees columns 0..i
  LengthScale length_scale = LengthScale::none;
  double base = 512;
  double gain = 1;  // multiplies scale
};
// Per row: lambda_i = gain * scale * factor_i, where factor_i is 1 (none), log_base(n_i) with n_i
// the row's visible keys (global), or log_base(i + 1) (per_row; per_row_clipped: at least 1).
struct AttentionEntropy {
  std::vector<double> entropy, perplexity, max_weight;
  std::vector<double> lambda;      // the scale each row used
  std::vector<double> visible;     // n_i
  std::vector<double> fast_bound;  // log n_i - lambda_i (s_max - s_mean) <= entropy (R6)
};
// S: R x n raw scores, finite or -inf (masked; a row needs one visible key); scale finite, >= 0.
AttentionEntropy attention_entropy(const Eigen::MatrixXd& s, double scale, const AttentionEntropyOptions& options = {});
// The same on S = Q K^T (Q: R x d, K: n x d, finite).
AttentionEntropy attention_entropy_qk(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, double scale,
                                      const AttentionEntropyOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Annealed approximation (section 2.6) and the Laplace constants (R5)

struct Annealed {
  double entropy = 0;
  bool unreliable = false;  // H < 0.5, or Gaussian with e^(lambda^2 d) / n > 0.05
};
// Gaussian: log n - lambda^2 d / 2 (d may be |q|^2 > 0); sphere (d >= 3, lambda d <= 1e4): the trapezoid
// rule, M = 512.
Annealed annealed_entropy(double n, double d, double lambda, KeyDistribution model);
// The lambda >= 0 with annealed_entropy(n, d, lambda) = target; unreachable (lambda = 0) if log n <= target.
Scale invariant_scale(double n, double d, double target, KeyDistribution model);

// The tilted sphere angle at large d: c* = cos theta* maximizes log sin theta + lambda cos theta, and
// H_ann ~ log n - d g(lambda) with g = -log(1 - c*^2) / 2 (g(1) = log(phi) / 2).
struct SphereTilt {
  double c_star = 0, theta_star = 0, peak = 0, g = 0;
};
SphereTilt sphere_tilt(double lambda);

// ---------------------------------------------------------------------------------------------
// Entropy versus length (section 2.5)

enum class SweepMode { standard, logn, logn_clipped, chiang, annealed_invariant, entropy_normalized };

struct EntropySweepOptions {
  int d = 64;
  std::vector<double> lengths;  // each in [1, kMaxSequenceLength], whole numbers
  int rows = 64;                // R >= 2
  std::uint64_t seed = 42;
  KeyDistribution keys = KeyDistribution::gaussian;
  double gain = 1;
  double base = 512;
  std::vector<SweepMode> modes{SweepMode::standard, SweepMode::logn};
  double max_keys = 0;  // N_max: keys drawn (0: the largest length); statistics do not depend on it
};
struct EntropySweepPoint {
  SweepMode mode = SweepMode::standard;
  double n = 0;
  double lambda = 0;  // entropy_normalized: the standard lambda at L0 the factors multiply
  double mean = 0, sd = 0, q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;  // of the row entropies
  double annealed = 0;  // the annealed prediction at this lambda (NaN for entropy_normalized)
  bool annealed_unreliable = false;
  double fast_bound = 0;            // mean over rows of log n - lambda (s_max - s_mean)
  std::vector<double> fast_bounds;  // per row
  bool unreachable = false;         // annealed_invariant: log n <= H*
  std::vector<double> entropy;      // per row
  // entropy_normalized: per row the factor gamma on the standard lambda restoring the row's entropy at L0
  // (0 where unreachable, or where it would exceed 1e300), their median over reachable rows (NaN if none),
  // and the unreachable count.
  std::vector<double> factors;
  double factor_median = 0;
  int unreachable_rows = 0;
};
std::vector<EntropySweepPoint> entropy_vs_length(const EntropySweepOptions& options);

// The costly part of a sweep, D = Q K^T (rows x n_keys) of its seeded draws, which a caller may keep
// while only gain, base, modes or lengths change; and the sweep on such scores (rows x N, finite):
// options.rows and max_keys come from the scores, options.d still sets the scale rules and the
// annealed predictions, and every length (and base, for entropy_normalized) must be <= N.
Eigen::MatrixXd sweep_scores(int d, int rows, int n_keys, std::uint64_t seed, KeyDistribution keys);
std::vector<EntropySweepPoint> entropy_vs_length(const EntropySweepOptions& options, const Eigen::MatrixXd& scores);

// The seeded draws behind entropy_vs_length: Q (rows x d) from `seed`, K (n x d) from seed ^ kKeyStreamXor.
Eigen::MatrixXd draw_queries(int rows, int d, std::uint64_t seed, KeyDistribution dist);
Eigen::MatrixXd draw_keys(int n, int d, std::uint64_t seed, KeyDistribution dist);

// ---------------------------------------------------------------------------------------------
// Entropy normalization (section 2.7)

struct EntropyNormalization {
  double gamma = 1;  // +inf for target_below_min
  std::vector<double> p;
  double entropy = 0;
  int iterations = 0;
  NormalizeStatus status = NormalizeStatus::ok;
};
// From logits (finite or -inf) or from probabilities (finite, >= 0, need not sum to 1); target finite.
EntropyNormalization entropy_normalize_logits(std::span<const double> z, double target);
EntropyNormalization entropy_normalize_probs(std::span<const double> p, double target);

// The article's raw loop gamma <- 1 + (H* - H) / (H^2 - E[(log p)^2]), p <- p^gamma / sum p^gamma, for
// `iters` passes (1..1000) on probabilities p (finite, >= 0, normalized here); it stops early once p is
// not finite. Negative steps, overflow and NaN are reported, not hidden.
struct ArticleStep {
  double gamma = 0;       // this pass's exponent
  double cumulative = 0;  // product of the exponents so far
  double entropy = 0;     // -sum p log p after the pass (NaN once a zero or an underflow meets the log)
};
struct ArticleIteration {
  std::vector<ArticleStep> steps;
  std::vector<double> p;  // after the last pass
  bool reversed = false;  // the cumulative exponent went negative (order reversed)
  bool overflow = false;  // p^gamma overflowed or its sum did
  bool nan = false;       // a NaN appeared
};
ArticleIteration article_iteration(std::span<const double> p, double target, int iters);

// ---------------------------------------------------------------------------------------------
// JL (section 2.8)

// A (k x m): normals from GaussianStream(seed), row-major, divided by sqrt(k).
Eigen::MatrixXd jl_projection_matrix(int k, int m, std::uint64_t seed);

struct JlDistortion {
  std::vector<double> ratios;  // |y_i - y_j|^2 / |x_i - x_j|^2, pairs i < j in order (duplicates skipped)
  double max_deviation = 0;    // max |rho - 1|
  double min = 0, max = 0, mean = 0, q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;
  double within_eps = 0;  // fraction with |rho - 1| <= eps
  int duplicates = 0;
  int near_duplicates = 0;
  double inner_product_deviation = 0;  // max |<y_i, y_j> - <x_i, x_j>| when every row has unit norm, else NaN
};
// X: N x m, N >= 2, finite; 1 <= k; eps > 0.
JlDistortion jl_projection_distortion(const Eigen::MatrixXd& x, int k, std::uint64_t seed, double eps);

// Bounds on P(|chi2_k / k - 1| >= eps) and the k each one asks for with binom(N, 2) P <= 1 / N.
struct JlBounds {
  double k24 = 0, k16 = 0;                     // ceil(24 log N / eps^2), ceil(16 log N / eps^2)
  double simple = 0, chernoff = 0, exact = 0;  // per-pair failure probabilities at the given k
  double k_simple = 0, k_chernoff = 0, k_exact = 0;
  double rule8 = 0, rule833 = 0, rule_entropy = 0;  // 8 log N, 8.33 log N, 2 log N / g(1)
};
// N >= 2, 0 < eps < 1, k >= 1.
JlBounds jl_bounds(double n_points, double eps, double k);
// P(|chi2_k / k - 1| >= eps) exactly, by the regularized incomplete gamma functions.
double chi2_deviation_probability(double k, double eps);

}  // namespace mathlets
