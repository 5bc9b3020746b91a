// Performer (FAVOR+): softmax attention made linear in the sequence length by random features
// (../shared/math/performer.md). Exact softmax attention, the random projections (i.i.d. or
// orthogonal, three norm rules, and the unsigned-QR pitfall), the three feature maps (positive,
// hyperbolic, trigonometric), linear-time attention with its log-domain stabilisation (and the
// reference epsilon and naive variants the article's demos contrast it with), its causal form, the
// row-normalised approximate attention matrix, and the estimator's statistics: closed-form means,
// variances and orthogonal covariances (special functions in performer_special.hpp) and Monte Carlo.
//
// Conventions for every routine here:
// - Q is n_q x d, K is n_k x d, V is n_k x d_v, W is m x d (rows omega_l). Shapes that do not fit and
//   NaN/Inf entries throw std::invalid_argument naming the argument; sizes and parameters out of their
//   range (m, d, the n^2 M cap, p of a quantile) throw std::out_of_range naming the range.
// - `scale` s multiplies the logits: weights are proportional to exp(s q.k). Internally q' = sign(s)
//   sqrt|s| q and k' = sqrt|s| k, so that s q.k = q'.k'.
// - Randomness comes from one GaussianStream (SplitMix64 with Box-Muller, gaussian_stream.hpp), so the
//   native and WebAssembly builds draw the same features for one seed (to libm's last bit).
#pragma once

#include "mathlets/gaussian_stream.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <vector>

namespace mathlets {

enum class FeatureKind { positive, hyperbolic, trig };
enum class OmegaNorms { chi, fixed, quantile };             // ||omega_l||: chi_d draws, sqrt(d), chi_d quantiles
enum class OmegaQr { gram_schmidt, householder_unsigned };  // the second only to show R16's bias
enum class Stabilizer { log_domain, reference_eps, none };

// Largest feature count m and head size d accepted anywhere here.
inline constexpr int kMaxFeatures = 65536;
inline constexpr int kMaxHeadSize = 4096;
// performer_attention_matrix and softmax_attention_weights build n_q x n_k matrices: n_q n_k M (or
// n_q n_k d) is capped so that one call cannot freeze a page.
inline constexpr double kMaxMatrixWork = 1.5e8;

// ---------------------------------------------------------------------------------------------
// Random projections (section 2.2)

// W (m x d): Gaussian rows, i.i.d. or orthogonal within blocks of d rows (Gram-Schmidt run twice),
// with norms by `norms`. Draws G row-major from `stream` first (householder_unsigned: ceil(m/d) square
// blocks, then an m x d matrix for chi norms, as the reference code does).
Eigen::MatrixXd draw_omegas(int d, int m, bool orthogonal, OmegaNorms norms, GaussianStream& stream,
                            OmegaQr qr = OmegaQr::gram_schmidt);
Eigen::MatrixXd draw_omegas(int d, int m, bool orthogonal, OmegaNorms norms, std::uint64_t seed,
                            OmegaQr qr = OmegaQr::gram_schmidt);

// The chi_d quantile: R with P(||omega|| <= R) = p for omega ~ N(0, I_d); 0 < p < 1, d >= 1.
double chi_quantile(double d, double p);

// ---------------------------------------------------------------------------------------------
// Feature maps and attention (sections 2.4 to 2.7)

// phi(x_i') = exp(log_scale_i) F_i with x' = sqrt(scale) x, scale >= 0 (positive, hyperbolic: each row
// of F has largest entry 1; trig: F = m^-1/2 [cos X'W^T, sin X'W^T], log_scale = ||x'||^2 / 2).
struct PerformerFeatures {
  Eigen::MatrixXd f;          // n x M (M = m for positive, 2m otherwise)
  Eigen::VectorXd log_scale;  // n
};
PerformerFeatures performer_features(const Eigen::MatrixXd& x, const Eigen::MatrixXd& w, FeatureKind kind,
                                     double scale = 1.0);

// Exact softmax attention: out_i = sum_j w_ij v_j / sum_j w_ij with w_ij = exp(s q_i.k_j - max),
// log_normalizer_i = log sum_j exp(s q_i.k_j) (j <= i when causal, which needs n_q = n_k). Row blocks;
// never n_q x n_k at once.
struct SoftmaxAttention {
  Eigen::MatrixXd out;             // n_q x d_v
  Eigen::VectorXd log_normalizer;  // n_q
};
SoftmaxAttention softmax_attention(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, const Eigen::MatrixXd& v,
                                   double scale, bool causal);
// The softmax weights themselves (n_q x n_k; zero above the diagonal when causal), for heatmaps.
Eigen::MatrixXd softmax_attention_weights(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, double scale,
                                          bool causal);
// The largest logit max_ij scale q_i . k_j (all keys: not causal). A softmax without the max shift
// overflows once it passes log(DBL_MAX) = 709.78. Throws as softmax_attention_weights when a logit
// leaves the double range.
double largest_logit(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, double scale);

struct PerformerOptions {
  int m = 64;
  FeatureKind kind = FeatureKind::positive;
  bool orthogonal = true;
  OmegaNorms norms = OmegaNorms::chi;
  std::uint64_t seed = 0;
  std::optional<double> scale;  // default 1 / sqrt(d)
  bool causal = false;
  Stabilizer stabilizer = Stabilizer::log_domain;
  double eps = 1e-4;                 // reference_eps only; finite, >= 0
  std::optional<Eigen::MatrixXd> w;  // explicit W: then m, orthogonal, norms and seed are ignored
};
struct PerformerAttention {
  Eigen::MatrixXd out;                // n_q x d_v
  Eigen::VectorXd log_denominator;    // log D_i (NaN where the trig denominator is <= 0)
  std::vector<int> nonpositive_rows;  // trig rows whose denominator is <= 0 (computed as num / den)
  Eigen::MatrixXd w;                  // the W used
};
PerformerAttention performer_attention(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, const Eigen::MatrixXd& v,
                                       const PerformerOptions& options);

// Row-normalised approximate attention P_hat (n_q x n_k, from the same stabilised features as
// performer_attention) and per row the total variation 1/2 sum_j |P_hat_ij - P_ij| against softmax.
struct PerformerMatrix {
  Eigen::MatrixXd p;
  Eigen::VectorXd tv;
};
PerformerMatrix performer_attention_matrix(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, const Eigen::MatrixXd& w,
                                           FeatureKind kind, double scale, bool causal);

// ---------------------------------------------------------------------------------------------
// Estimator statistics (sections 2.9, 2.10)

enum class StatsPath { projection, full };

struct KernelStatsOptions {
  FeatureKind kind = FeatureKind::positive;
  bool orthogonal = true;
  OmegaNorms norms = OmegaNorms::chi;
  int trials = 1000;
  std::uint64_t seed = 0;
  StatsPath path = StatsPath::projection;
};
struct KernelStats {
  double sm = 0, log_sm = 0;                      // exp(q.k) and q.k
  double z2 = 0, delta2 = 0;                      // ||q + k||^2, ||q - k||^2
  bool cf_available = false;                      // closed-form variance known (chi norms)
  double cf_mean = 0, cf_var = 0, cf_relvar = 0;  // of K_hat (cf_mean: biased for fixed/quantile norms)
  double mc_mean = 0, mc_var = 0, mc_kurtosis = 0, mc_neg_fraction = 0;
  std::vector<double> relative;  // the first 4096 estimates K_hat / SM
};
// q, k: length d (scale 1: SM = exp(q.k)); m features; trials >= 1 (trials = 1: variance NaN).
KernelStats kernel_estimate_stats(const Eigen::VectorXd& q, const Eigen::VectorXd& k, int m,
                                  const KernelStatsOptions& options);

// Closed-form Var K_hat / SM^2 against r = ||q + k|| (positive, hyperbolic) or ||q - k|| (trig), for
// each r given; chi norms.
std::vector<double> kernel_relative_variance(const std::vector<double>& r, int d, int m, FeatureKind kind,
                                             bool orthogonal);

// Closed-form moments of one estimate K_hat / SM, given ||z||^2 or ||Delta||^2 (section 2.9).
struct RelativeMoments {
  double mean = 1;        // E K_hat / SM
  double variance = 0;    // Var K_hat / SM^2 (NaN when unknown)
  bool available = true;  // variance known
};
RelativeMoments kernel_relative_moments(double z2, double delta2, int d, int m, FeatureKind kind, bool orthogonal,
                                        OmegaNorms norms);

// Flops and exponentials of softmax and of Performer attention (R15's model).
struct AttentionCost {
  double softmax_flops = 0, softmax_exps = 0;
  double performer_flops = 0, performer_exps = 0;
  double softmax_memory = 0, performer_memory = 0;  // doubles held: n_q n_k, and M (n_q + n_k) + M d_v
};
AttentionCost attention_cost(double n_q, double n_k, double d, double d_v, double m, FeatureKind kind);

}  // namespace mathlets
