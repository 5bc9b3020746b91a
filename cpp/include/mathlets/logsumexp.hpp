// logsumexp, softmax and every bound of ../shared/math/logsumexp.md (R1-R9).
//
// Conventions for every routine here:
// - tau is the temperature: lse_tau(x) = tau * log(sum exp(x_i / tau)). tau must be > 0 (+inf allowed);
//   tau <= 0 or NaN throws std::invalid_argument naming "tau".
// - Empty x throws std::invalid_argument ("<routine>: x is empty").
// - Non-finite entries: NaN anywhere -> NaN results (softmax all NaN); -inf entries contribute 0;
//   any +inf -> lse = +inf and softmax splits its mass equally over the +inf entries;
//   all entries -inf -> lse = -inf and softmax is all NaN (the distribution is undefined).
// - n = 1 -> lse = x_1 exactly for every tau.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace mathlets {

// Stable two-pass max-shifted lse: m + tau * log1p(sum_{i != i*} exp((x_i - m) / tau)).
// f32 uses a hand-written SIMD kernel where available (cpp/src/simd/), accumulating in blocks so
// the result is accurate to ~1e-6 relative even for n = 1e6; f64 a two-lane one on an exp within
// 1 ulp (up to tau = 1e300; above, a scalar loop that divides first where x_i - m overflows).
double logsumexp(std::span<const double> x, double tau = 1.0);
float logsumexp(std::span<const float> x, double tau = 1.0);

// softmax(x / tau), written to out (out.size() must equal x.size(), else std::invalid_argument).
// This is also the gradient of lse_tau with respect to x (R9).
void softmax(std::span<const double> x, double tau, std::span<double> out);
void softmax(std::span<const float> x, double tau, std::span<float> out);

// Shannon entropy H(p) = -sum p_i log p_i over p_i > 0 (natural log).
double shannon_entropy(std::span<const double> p);

// Renyi entropy H_t(p) = log(sum p_i^t) / (1 - t) for t > 0, t != 1, computed as an lse of t*log p_i;
// t = 1 gives Shannon, |t - 1| < 1e-4 uses the series H - (t-1)/2 Var_p(log p), t = +inf gives -log max p.
// p must be a probability vector (see check_probability_vector).
double renyi_entropy(std::span<const double> p, double t);

// Throws std::invalid_argument naming `name` unless p has n entries, all finite and >= 0,
// summing to 1 within 1e-6. (Small deviations are renormalised by the callers that take user weights.)
void check_probability_vector(std::span<const double> p, std::size_t n, const char* routine, const char* name);

// Gradient and Hessian of lse_tau (R9): d/dx = softmax(x/tau); d/dtau = H(softmax(x/tau));
// Hessian = (diag(s) - s s^T) / tau, returned row-major n x n.
struct LseGradient {
  double value;            // lse_tau(x)
  std::vector<double> dx;  // softmax(x / tau)
  double dtau;             // entropy of softmax(x / tau)
};
LseGradient lse_gradient(std::span<const double> x, double tau);
std::vector<double> lse_hessian(std::span<const double> x, double tau);

// One bound of the article on the given input: its value, and its slack = |lse - value|
// (0 when both are the same infinity). `holds` says the inequality is satisfied (with a relative
// tolerance of 1e-12 for rounding).
struct Bound {
  double value = 0;
  double slack = 0;
  bool holds = true;
};

// Everything the demo shows, in one call per frame (section 3.5 of the math file).
struct LseBoundsInput {
  double tau = 1.0;
  std::vector<double> p;  // weights on the simplex for R4-R6; empty -> uniform
  double t = 3.0;         // Holder order for R5, t >= 1 (t = 1 is R6)
  std::vector<double> y;  // second point for R7/R8; empty -> those are skipped
  double mix = 0.5;       // convexity weight in [0, 1] for R8
};

struct LseBounds {
  double lse = 0;  // lse_tau(x)
  std::size_t n = 0;
  std::size_t ties = 0;  // r: how many entries attain the max
  double x_max = 0, x_min = 0, x_mean = 0;
  Bound max_lower;              // R1/R2: x_max < lse_tau           (strict for n >= 2)
  Bound ties_lower;             // R1 sharper: x_max + tau log r <= lse_tau
  Bound max_upper;              // R1/R2: lse_tau <= x_max + tau log n
  Bound mean_lower;             // R3: x_mean + tau log n <= lse_tau
  Bound cauchy_lower;           // R4: p.x + tau H_2(p)
  Bound holder_lower;           // R5: p.x + tau H_t(p)
  Bound entropy_lower;          // R6: p.x + tau H(p); slack = tau KL(p || softmax(x/tau))
  double softmin = 0;           // -tau lse(-x / tau)
  Bound softmin_lower;          // x_min - tau log n <= softmin
  Bound softmin_upper;          // softmin < x_min                 (strict for n >= 2)
  std::vector<double> softmax;  // softmax(x / tau)
  double entropy = 0;           // H(softmax(x/tau)) = d lse_tau / d tau
  double kl = 0;                // KL(p || softmax(x/tau))
  std::vector<double> p;        // the weights used (normalised)
  double t = 0;
  // R7 and R8, present when y was given.
  bool has_y = false;
  double lse_y = 0;
  double diff = 0;                    // lse_tau(x) - lse_tau(y)
  double diff_min = 0, diff_max = 0;  // min_i (x_i - y_i) <= diff <= max_i (x_i - y_i)
  double max_norm = 0;                // ||x - y||_inf >= |diff|
  Bound lipschitz;                    // value = ||x-y||_inf, slack = ||x-y||_inf - |diff|
  double mix = 0;
  double chord = 0;    // mix * lse(x) + (1 - mix) * lse(y)
  double lse_mix = 0;  // lse(mix x + (1 - mix) y)
  Bound convexity;     // value = chord, slack = chord - lse_mix
};

LseBounds lse_bounds(std::span<const double> x, const LseBoundsInput& in);

}  // namespace mathlets
