// Gradient clipping and the argument of ../shared/math/gradient-clipping.md made computable: an
// overflow-safe global norm over a list of tensors (f32 and f64), clipping by global norm / per tensor /
// by value, learning-rate clipping (C5), sign (Adam-proxy) statistics (C6-C7), and small seeded
// simulations (noisy quadratic, softmax regression, a model-size sweep) returning the curves a widget plots.
//
// Conventions:
// - A gradient is a list of tensors, each a flat std::span; the global norm is the L2 norm of their
//   concatenation. An empty list (or only empty tensors) has norm 0: nothing to clip, not an error.
// - max_norm (the clip threshold tau) must be >= 0 and not NaN (std::invalid_argument naming "max_norm");
//   +inf means "never clip"; 0 clips every nonzero gradient to 0.
// - Overflow/underflow: f32 squares are accumulated in f64 (exact enough, no overflow for any f32 input);
//   f64 tensors use power-of-two scaling (norm = 2^e sqrt(q)), so 1e200-sized or 1e-200-sized entries give
//   their true norm. A true norm above DBL_MAX is reported as +inf, yet clipping still scales correctly.
// - Non-finite entries (NaN or +-inf anywhere): `finite` is false and the norm is NaN if any NaN, else +inf.
//   The policy (ClipOptions::non_finite) then decides: report (default: copies returned unchanged, scale 1),
//   error (std::domain_error), or inf_limit (the limit of clipping a huge gradient: tau sign(g_i) / sqrt(q) on
//   the q infinite entries, 0 elsewhere; with NaN present this falls back to report).
// - Clipping returns copies; when norm <= max_norm they are bit-identical to the input and scale = 1.
// - Mixed-dtype lists (GradientView) must share one dtype: std::invalid_argument names the first mismatch.
// - Randomness: SplitMix64 (as in cr-approximation.md) with Box-Muller normals, seeded per call; results are
//   reproducible for a seed (across builds up to libm rounding of log/cos in the normal sampler).
//
// SIMD: the f32 sum of squares and the f64 scaled sum use 128-bit kernels (wasm_simd128 when compiled for
// wasm with -msimd128, SSE2 natively) with scalar twins; blocks of 4096 entries are summed separately
// (relative error ~(1024 + N / 4096) eps instead of N eps).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <variant>
#include <vector>

namespace mathlets {

// ---------------------------------------------------------------------------------------------
// Norms

double global_norm(std::span<const std::span<const float>> tensors);
double global_norm(std::span<const std::span<const double>> tensors);
// One tensor (the same algorithm; used for per-tensor clipping).
double l2_norm(std::span<const float> g);
double l2_norm(std::span<const double> g);

// ---------------------------------------------------------------------------------------------
// Clipping

enum class NonFiniteNorm { report, error, inf_limit };

struct ClipOptions {
  NonFiniteNorm non_finite = NonFiniteNorm::report;
  // PyTorch clip_grad_norm_ compatibility: scale = min(1, max_norm / (norm + 1e-6)), always multiplied
  // (so the clipped norm lands slightly below max_norm, e.g. 0.9999998 for g = (3, 4), max_norm = 1).
  bool torch_compat = false;
};

struct ClipInfo {
  double norm = 0;       // global L2 norm before clipping
  double scale = 1;      // coefficient applied: min(1, max_norm / norm); 1 when untouched
  bool clipped = false;  // norm > max_norm and the tensors were scaled
  bool finite = true;    // every entry finite
};

template <class T>
struct ClipResult : ClipInfo {
  std::vector<std::vector<T>> tensors;  // the clipped copies, same shapes as the input
};

ClipResult<float> clip_by_global_norm(std::span<const std::span<const float>> tensors, double max_norm,
                                      const ClipOptions& options = {});
ClipResult<double> clip_by_global_norm(std::span<const std::span<const double>> tensors, double max_norm,
                                       const ClipOptions& options = {});
// The same, scaling the caller's tensors in place (as PyTorch's clip_grad_norm_ does): no copies.
ClipInfo clip_by_global_norm_in_place(std::span<const std::span<float>> tensors, double max_norm,
                                      const ClipOptions& options = {});
ClipInfo clip_by_global_norm_in_place(std::span<const std::span<double>> tensors, double max_norm,
                                      const ClipOptions& options = {});

// Each tensor clipped by its own norm. norms[i], scales[i] per tensor; `finite` false if any tensor had
// non-finite entries (that tensor follows the non-finite policy, the others are clipped normally).
template <class T>
struct PerTensorClipResult {
  std::vector<double> norms, scales;
  bool finite = true;
  std::vector<std::vector<T>> tensors;
};
PerTensorClipResult<float> clip_per_tensor(std::span<const std::span<const float>> tensors, double max_norm,
                                           const ClipOptions& options = {});
PerTensorClipResult<double> clip_per_tensor(std::span<const std::span<const double>> tensors, double max_norm,
                                            const ClipOptions& options = {});

// Entry-wise clamp to [-clip_value, clip_value] (clip_value >= 0, +inf allowed): changes direction, unlike
// norm clipping. NaN entries stay NaN; +-inf entries become +-clip_value.
std::vector<std::vector<float>> clip_by_value(std::span<const std::span<const float>> tensors, double clip_value);
std::vector<std::vector<double>> clip_by_value(std::span<const std::span<const double>> tensors, double clip_value);

// A tensor of either dtype, for callers (the JS binding) that receive a heterogeneous list.
using GradientView = std::variant<std::span<const float>, std::span<const double>>;
using GradientCopy = std::variant<std::vector<float>, std::vector<double>>;
struct AnyClipResult {
  double norm = 0, scale = 1;
  bool clipped = false, finite = true;
  std::vector<GradientCopy> tensors;
};
// Dispatches to the typed overloads; all tensors must share one dtype ("clip_by_global_norm: tensor 2 is
// float64 but tensor 0 is float32").
AnyClipResult clip_by_global_norm(std::span<const GradientView> tensors, double max_norm,
                                  const ClipOptions& options = {});
double global_norm(std::span<const GradientView> tensors);

// ---------------------------------------------------------------------------------------------
// Learning-rate clipping (C5) and sign statistics (C6)

struct LrClip {
  double inner = 0;  // u . g (f64 accumulation, may be negative)
  double lr = 0;     // eta_t = eta if u.g <= T, else eta T / (u.g)
  bool clipped = false;
};
// eta >= 0, T > 0 (std::invalid_argument otherwise); u and g must have equal sizes.
LrClip clip_lr_by_inner_product(double eta, std::span<const double> u, std::span<const double> g, double threshold);

struct SignStats {
  double l1 = 0;             // ||g||_1
  double l2 = 0;             // ||g|| (overflow-safe)
  std::size_t nonzero = 0;   // N': components with sign(g_i) != 0
  double cosine = 0;         // cos(sign g, g) = ||g||_1 / (sqrt(N') ||g||); 0 for g = 0
  double sqrt_n_l2_cos = 0;  // sqrt(N') ||g|| cos = ||g||_1 (C6), computed from the factors
};
SignStats sign_stats(std::span<const double> g);

// Exact first-order check on L = 1/2 sum_j h_j theta_j^2 for one step theta -= eta u (section 6.2):
// exact change -eta u.g + eta^2/2 u^T H u against the first-order -eta u.g, g = H theta.
struct StepLossChange {
  double exact = 0, first_order = 0;
};
StepLossChange quadratic_step_loss_change(std::span<const double> h, std::span<const double> theta,
                                          std::span<const double> u, double eta);

// Inverse standard normal CDF (full double accuracy; p in (0, 1)).
double normal_quantile(double p);
// g_i = Phi^-1((i + 1/2) / N), rescaled to ||g|| = norm: the deterministic "Gaussian" gradient of section 6.4.
std::vector<double> gaussian_quantile_vector(std::size_t n, double norm = 1.0);

// ---------------------------------------------------------------------------------------------
// Model-size sweep (C7): ||g||_1, the cosine, and the eta that keeps eta ||g||_1 at a target loss change.

enum class ComponentLaw { gaussian_quantiles, gaussian, uniform, laplace, sparse };

struct ScaleSweepOptions {
  ComponentLaw law = ComponentLaw::gaussian_quantiles;
  double norm = 1.0;            // every g is rescaled to this L2 norm
  double target_change = 1e-3;  // |Delta L| to hold fixed
  double density = 0.01;        // fraction of nonzero (Gaussian) components for ComponentLaw::sparse
  std::uint64_t seed = 1;
};
struct ScaleSweepRow {
  std::size_t n = 0;
  double l1 = 0, l2 = 0, cosine = 0;
  std::size_t nonzero = 0;
  double lr = 0;      // target_change / ||g||_1
  double sqrt_n = 0;  // sqrt(n), for the slope -1/2 guide
};
std::vector<ScaleSweepRow> adam_scale_sweep(std::span<const std::size_t> sizes, const ScaleSweepOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Training simulations

enum class Optimizer {
  sgd,       // u = g
  sign_sgd,  // u = sign(g): the article's Adam approximation
  adam,      // Adam (beta1 0.9, beta2 0.999, eps 1e-8), for comparison with its sign proxy
};

struct TrainingOptions {
  Optimizer optimizer = Optimizer::sgd;
  double lr = 0.1;
  std::size_t steps = 300;
  std::size_t warmup = 0;                                      // linear warmup steps (0 = none)
  double clip_norm = std::numeric_limits<double>::infinity();  // gradient clipping tau (inf = off)
  double lr_clip = std::numeric_limits<double>::infinity();    // T of (C5) (inf = off)
  double loss_scale = 1.0;                                     // optimise c * L: gradients scale by c (section 3.2)
  std::uint64_t seed = 1;
};

// One entry per step t (before the step), plus the summary the article's argument needs.
struct TrainingTrace {
  std::vector<double> loss;         // c L(theta_t), length steps + 1 (last = after training)
  std::vector<double> grad_norm;    // ||g_t|| of the stochastic gradient, before clipping
  std::vector<double> loss_change;  // exact c L(theta_{t+1}) - c L(theta_t)
  std::vector<double> first_order;  // (C2): -eta_t u_t . g_t
  std::vector<double> lr;           // eta_t used (after warmup and C5)
  std::vector<int> clipped;         // 1 if gradient clipping fired at step t
  std::vector<int> lr_clipped;      // 1 if (C5) reduced eta at step t
  double clip_fraction = 0;         // mean of clipped
  // Late training = the second half of the steps: the article's claim is ||g|| < 1 there.
  double late_median_grad_norm = 0;
  double late_fraction_below_one = 0;
  double late_mean_abs_change_over_lr = 0;  // mean |Delta L| / eta_t: < 1 is the premise of (C4)
};

struct QuadraticProblem {
  std::size_t dim = 50;
  double h_min = 0.01, h_max = 1.0;  // spectrum log-spaced in [h_min, h_max]
  double theta0 = 1.0;               // theta_0 ~ N(0, theta0^2 I)
  double noise = 0.1;                // sigma of the gradient noise
  std::size_t batch = 1;             // noise / sqrt(batch)
};
// L(theta) = 1/2 sum h_j theta_j^2, g = H theta + sigma xi / sqrt(B).
TrainingTrace simulate_noisy_quadratic(const QuadraticProblem& problem, const TrainingOptions& options);

struct SoftmaxProblem {
  std::size_t classes = 3, features = 2, samples = 120;
  double separation = 2.0;          // blob centres drawn N(0, separation^2 I)
  double spread = 1.0;              // within-blob s.d.
  bool normalize_features = false;  // scale each x_i to unit norm (then ||grad|| <= sqrt 2)
  std::size_t batch = 16;           // minibatch size for the stochastic gradient (<= samples)
};
// Mean cross-entropy of a linear softmax classifier W (classes x features, row-major) on Gaussian blobs;
// loss_change is measured on the full data set, gradients on seeded minibatches.
struct SoftmaxTrace {
  TrainingTrace trace;
  double gradient_bound = 0;  // sqrt(2) max_i ||x_i|| (section 3.5): every gradient norm is below it
};
SoftmaxTrace simulate_softmax_regression(const SoftmaxProblem& problem, const TrainingOptions& options);

// Gradient of the mean cross-entropy at W (row-major classes x features) for samples X (row-major
// samples x features) with labels y: (1/m) sum_i (softmax(W x_i) - e_{y_i}) x_i^T, row-major. Also the loss.
struct SoftmaxGradient {
  std::vector<double> grad;
  double loss = 0;
};
SoftmaxGradient softmax_regression_gradient(std::span<const double> W, std::span<const double> X,
                                            std::span<const std::size_t> y, std::size_t classes);

}  // namespace mathlets
