// Nyströmformer: softmax attention approximated through m landmarks, S_hat = F M B with
// F = softmax(s Q K~^T), A = softmax(s Q~ K~^T), B = softmax(s Q~ K^T) and M = A^+ (or its iterate)
// (../shared/math/nystromformer.md). Landmark rules (segment means, random tokens, k-means, the
// leverage oracle, manual), the iterative pseudo-inverse with its per-step residuals and its scalar
// filter, the attention itself, its errors against exact attention, and the demo inputs.
//
// Conventions: Q and K are n x d (self-attention: the same n), V is n x d_v. S = softmax(s Q K^T)
// row-wise is softmax_attention_weights (performer.hpp). Bad shapes and NaN/Inf throw
// std::invalid_argument naming the argument; m, iteration counts and sizes out of range throw
// std::out_of_range naming the range. Randomness is SplitMix64 (splitmix64.hpp).
#pragma once

#include "mathlets/splitmix64.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mathlets {

enum class LandmarkRule { segment, random, kmeans, leverage, manual };
enum class NystromMiddle { iterative, svd, identity };
enum class PinvIteration { razavi, newton_schulz, chebyshev };
enum class AttentionPreset { iid, smooth, clusters, shuffled, sharp };

inline constexpr int kMaxPinvIterations = 60;
inline constexpr int kMaxLandmarks = 1024;
inline constexpr int kMaxNystromMatrixTokens = 2048;  // return_matrix forms n x n

// ---------------------------------------------------------------------------------------------
// Landmarks (section 2.2)

// Balanced segments [floor(j n / m), floor((j + 1) n / m)), j = 0..m-1; 1 <= m <= n.
std::vector<std::pair<int, int>> segment_bounds(int n, int m);

struct Landmarks {
  Eigen::MatrixXd q, k;     // m x d: Q~ and K~
  std::vector<int> rows;    // token indices behind Q~ (random, leverage, manual); empty for segment and kmeans
  std::vector<int> cols;    // token indices behind K~
  bool paper_mode = false;  // segment with m | n (the paper's equal segments)
};
// `scale` is only used by `leverage` (which needs the exact S); `indices` only by `manual` (distinct,
// in [0, n), m of them).
Landmarks select_landmarks(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, int m, LandmarkRule rule,
                           std::uint64_t seed, double scale, const std::vector<int>& indices = {});

// ---------------------------------------------------------------------------------------------
// The iterative pseudo-inverse (sections 2.3, 2.4)

struct PinvStep {
  int iter = 0;
  int matmuls = 0;     // matrix products so far
  double p1 = 0;       // ||A Z A - A||_F / ||A||_F
  double p2 = 0;       // ||Z A Z - Z||_F / ||Z||_F
  double e_norm = 0;   // ||I - A Z||_2
  double z_error = 0;  // ||Z - A^+||_F / ||A^+||_F (NaN without the reference)
};
struct IterativePinv {
  Eigen::MatrixXd z;
  double alpha = 0;               // init_scale / (||A||_1 ||A||_inf); Z_0 = alpha A^T
  std::vector<PinvStep> history;  // k = 0..iterations done
  bool diverged = false;          // stopped: a non-finite entry or p1 > 1e6
};
// 0 <= iters <= 60; init_scale finite and > 0; reference: also measure against pinv(A).
IterativePinv iterative_pinv(const Eigen::MatrixXd& a, int iters, PinvIteration method = PinvIteration::razavi,
                             double init_scale = 1.0, bool reference = true);

// f_k(t0): the scalar map of the iteration applied k times to each t0 (R10's filter).
std::vector<double> pinv_filter(const std::vector<double>& t0, int k, PinvIteration method = PinvIteration::razavi);

// ---------------------------------------------------------------------------------------------
// Attention (section 2.5)

// The errors of S_hat against exact attention S (section 2.6; attention_errors below).
struct AttentionErrors {
  double relative = 0;       // ||S_hat - S||_F / ||S||_F
  double max_abs = 0;        // max |S_hat - S|
  double max_row_l1 = 0;     // max_i ||S_hat_i - S_i||_1
  double row_sum_dev = 0;    // max_i |S_hat_i 1 - 1|
  double negative_mass = 0;  // sum of min(S_hat_ij, 0) (<= 0)
  double output = 0;         // ||S_hat V - S V||_F / ||S V||_F (0/0 := 0; NaN without V)
  double floor = 0;          // sqrt(sum_{k > m} sigma_k(S)^2) / ||S||_F (NaN without singular values and m)
};

struct NystromOptions {
  LandmarkRule landmarks = LandmarkRule::segment;
  std::vector<int> indices;  // manual landmarks
  NystromMiddle middle = NystromMiddle::iterative;
  int pinv_iters = 6;
  std::optional<double> rtol;   // svd: relative tolerance (default m eps)
  std::optional<double> scale;  // default 1 / sqrt(d)
  std::uint64_t seed = 0;
  bool return_matrix = false;  // also S_hat (n <= 2048)
  bool history = true;         // iterative middle: measure every step (an m x m SVD each; off: history empty)
  bool errors = false;         // also attention_errors(S, S_hat, V) against exact attention (forms S; n <= 2048)
};
struct NystromAttention {
  Eigen::MatrixXd out;         // F (M (B V)), n x d_v
  Eigen::MatrixXd f, a, z, b;  // the kernels and the middle matrix M
  Landmarks landmarks;
  double kappa_a = 0;             // sigma_1(A) / sigma_m(A) (+inf when singular)
  double gain = 0;                // max_i ||(F M)_i||_1 >= 1: how far the interpolation extrapolates
  std::vector<PinvStep> history;  // iterative middle with options.history only
  bool diverged = false;
  std::optional<Eigen::MatrixXd> s_hat;   // with options.return_matrix
  std::optional<AttentionErrors> errors;  // with options.errors (no singular values: floor NaN)
};
NystromAttention nystrom_attention(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, const Eigen::MatrixXd& v, int m,
                                   const NystromOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Errors against exact attention (section 2.6)

// V: n x d_v or empty; singular_values of S (descending) and m: both or neither.
AttentionErrors attention_errors(const Eigen::MatrixXd& s, const Eigen::MatrixXd& s_hat, const Eigen::MatrixXd& v = {},
                                 const Eigen::VectorXd& singular_values = {}, int m = 0);

// ---------------------------------------------------------------------------------------------
// Demo inputs (section 2.8)

// The standard normal approximation of the Irwin-Hall sum of 12 uniforms minus 6: IEEE additions in a
// fixed order, so native and wasm agree bit for bit.
double normal12(SplitMix64& rng);

struct AttentionInputs {
  Eigen::MatrixXd q, k, v;  // n x d each
};
// 1 <= n <= 8192, 1 <= d <= 512.
AttentionInputs attention_inputs(AttentionPreset kind, int n, int d, std::uint64_t seed);

}  // namespace mathlets
