// Smooth approximations of Top-k (../shared/math/smooth-topk.md): the hard reference, GradTopK
// (stable log-domain DP, its smooth top-k sum and Jacobian), ThreTopK with three threshold functions
// (closed forms and bracketed root finding), the article's iterative schemes I1/I2 and its unstable
// recursion (demo material: they are returned as computed, failures included), and vector-Jacobian
// products for every smooth operator.
//
// Conventions shared by every routine here:
// - x is a score vector of length n; the operator is applied at temperature tau, i.e. to x / tau.
//   tau must be finite and > 0, else std::invalid_argument ("<routine>: tau = 0 must be finite and > 0").
//   (The tau -> inf limit k/n is reached numerically; tau = 1e300 is legal.)
// - k must satisfy 0 <= k <= n, else std::out_of_range ("<routine>: k = 7 is out of range for n = 5").
//   k must be an integer for hard_topk, GradTopK, I1 and I2 (std::invalid_argument otherwise);
//   ThreTopK accepts real k. k = 0 gives p = 0 (threshold +inf), k = n gives p = 1 (threshold -inf).
// - Lengths of companion vectors (tangents, cotangents) must equal n, else std::invalid_argument.
// - Non-finite input (smooth operators and hard_topk):
//   * NaN anywhere: every output entry is NaN, and so are lambda, log_z, Jacobians and products.
//   * q entries equal to +inf: if q >= k each gets k/q and every other entry 0; otherwise they get 1 and
//     the remaining entries receive the operator with budget k - q.
//   * -inf entries get 0 when at least that budget of entries is finite; otherwise every finite entry
//     gets 1 and the -inf entries share the deficit equally.
//   * Infinite entries have zero derivative (their rows/columns of the Jacobian are 0). The threshold is
//     that of the finite entries; it is +inf when no mass is left for them and -inf when they all saturate.
//   The iterative schemes I1/I2 and the article recursion are defined for finite input only and throw
//   std::domain_error naming the first infinite entry (NaN still propagates to all-NaN output).
// - Every computation shifts before it scales, z = (x - max x) / tau, so nothing overflows for any
//   spread or tau; thresholds are reported back in x units.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace mathlets {

// ---------------------------------------------------------------------------------------------
// Hard Top-k (the reference the smooth operators tend to as tau -> 0)

// How hard_topk breaks ties at the k-th largest value.
enum class TopKTieRule {
  share,        // the r entries tied for the s remaining slots get s/r each (the tau -> 0 limit of
                // every smooth operator here), e.g. (1, 1, 0), k = 1 -> (0.5, 0.5, 0)
  lower_index,  // multi-hot: among tied entries the lower index wins
};

// Multi-hot (or tie-shared) indicator of the k largest entries. +inf ranks above every finite value,
// -inf below; NaN anywhere gives all-NaN. k must be an integer in [0, n].
std::vector<double> hard_topk(std::span<const double> x, double k, TopKTieRule ties = TopKTieRule::share);

// Sum of the k largest entries, S_k (0 for k = 0). Same rules as hard_topk.
double topk_sum(std::span<const double> x, double k);

// ---------------------------------------------------------------------------------------------
// GradTopK: p = grad of tau * log Z_k(x / tau), Z_k = sum over k-subsets S of exp(sum_{i in S} x_i / tau).
// p_i is the inclusion probability of i under P(S) ~ exp(sum_S x / tau): 0 < p_i < 1, sum p = k,
// strictly monotone, shift invariant; k = 1 is softmax. Computed by a forward/backward log-domain DP
// of elementary symmetric polynomials (no subtraction anywhere): O(n k) time, O(n k) memory.
// The DP runs on gaps around the k-th largest value: entries more than about 800 + log n units of tau
// away from it are exactly 1 or 0 (the error is below the smallest double), so the accuracy of p is
// bounded at every spread / tau, up to and past the largest double.
struct GradTopK {
  std::vector<double> p;    // inclusion probabilities
  double log_z = 0;         // log Z_k(x / tau); may overflow to +inf for tiny tau (smooth_sum does not)
  double smooth_sum = 0;    // tau * log Z_k(x / tau): S_k < smooth_sum <= S_k + tau log C(n, k) for 0 < k < n
  double expected_sum = 0;  // sum_i p_i x_i, the author's alternative smooth top-k sum (0 * -inf taken as 0)
};
GradTopK gradtopk(std::span<const double> x, double k, double tau = 1.0);

// J v with J = dp/dx = (Q - p p^T) / tau, Q_ij = P(i, j in S). J is symmetric, so this is also the
// vector-Jacobian product. Forward-mode (dual-number) DP, O(n k); tangents are conditional expectations
// and never overflow.
std::vector<double> gradtopk_jvp(std::span<const double> x, double k, double tau, std::span<const double> v);
std::vector<double> gradtopk_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar);
// Full Jacobian, row-major n x n (n JVPs, O(n^2 k)): symmetric PSD, rows sum to 0, diagonal p(1-p)/tau.
std::vector<double> gradtopk_jacobian(std::span<const double> x, double k, double tau);

// The article's own recursion log Z_{j,i} = x_i + log(Z_{j-1} - Z_{j-1,i}), log Z_j = lse_i(log Z_{j,i}) - log j,
// kept for the stability demo. The difference is formed as a + log1p(-exp(b - a)); when b >= a in floating
// point that is the article's "log 0" event: the entry becomes -inf (not clamped) and the event is counted.
// Finite input only. Fails (entries above 1, sum drifting from k) once the spread of x / tau is large.
struct GradTopKRecursion {
  std::vector<double> p;     // exp(log Z_{k,i} - log Z_k)
  double log_z = 0;          // log Z_k(x / tau) as the recursion computes it
  int log0_events = 0;       // how many (round, i) differences were <= 0 in floating point
  int first_log0_round = 0;  // the round j (2..k) of the first event; 0 if none
};
GradTopKRecursion gradtopk_article_recursion(std::span<const double> x, double k, double tau = 1.0);

// ---------------------------------------------------------------------------------------------
// ThreTopK: p_i = f((x_i - lambda) / tau) with lambda chosen so that sum p = k (real k allowed).

enum class ThresholdFn {
  exp_clamped,    // f(u) = min(1, e^u): closed form, equals softmax at k = 1, kink at u = 0
  sigmoid,        // f(u) = 1 / (1 + e^-u): C-infinity, no closed form (root finding)
  piecewise_exp,  // f(u) = 1 - e^-u / 2 (u >= 0), e^u / 2 (u < 0): C^1 closed form (the article's choice)
};

enum class ThresholdSolver {
  automatic,    // closed form for exp_clamped and piecewise_exp, safeguarded Newton for sigmoid
  closed_form,  // sorted scan (std::invalid_argument for sigmoid, which has none)
  newton,       // safeguarded Newton on the bracket of section 2.2 (any f)
  bisection,    // plain bisection on the same bracket (any f)
};

enum class ResidualForm {
  accurate,  // (#{u >= 0} - k) + sum_{u<0} f(u) - sum_{u>=0} f(-u): exact integer part, no cancellation
  naive,     // sum f(u) - k: flat to one ulp over wide ranges when x is spread out (demo of the failure)
};

struct ThreTopKOptions {
  ThresholdFn f = ThresholdFn::piecewise_exp;
  ThresholdSolver solver = ThresholdSolver::automatic;
  ResidualForm residual = ResidualForm::accurate;  // used by the iterative solvers
  bool record_trace = false;                       // keep every bracket / probe (for the animation)
  int max_iterations = 200;                        // must be >= 1
};

// One iteration of the root finder, all in x units.
struct ThresholdStep {
  double lo = 0, hi = 0;  // bracket after this step (r(lo) >= 0 >= r(hi))
  double lambda = 0;      // the probe evaluated in this step
  double residual = 0;    // r(probe) in the chosen form
  bool newton = false;    // the probe was a Newton step (else a bisection midpoint)
};

struct ThreTopK {
  std::vector<double> p;           // f((x - lambda) / tau)
  std::vector<double> s;           // f'((x - lambda) / tau); 0 for infinite entries
  double lambda = 0;               // threshold in x units (+inf for k = 0, -inf for k = n)
  double sum_s = 0;                // sum of s
  std::vector<double> dlambda_dx;  // s / sum(s) = d lambda / dx = dp / dk; all 0 if sum(s) underflows
  double residual = 0;             // accurate residual sum f - k at the returned lambda
  int iterations = 0;              // root-finder iterations (0 for closed forms and trivial cases)
  bool converged = true;           // false only if max_iterations ran out
  ThresholdSolver solver = ThresholdSolver::automatic;  // the solver actually used
  std::vector<ThresholdStep> trace;                     // when options.record_trace
};

ThreTopK thretopk(std::span<const double> x, double k, double tau = 1.0, const ThreTopKOptions& options = {});

// Products with J = (diag(s) - s s^T / sum s) / tau (symmetric PSD, J 1 = 0), O(n), from a result of
// thretopk at the same tau. If sum s underflowed to 0 the Jacobian is 0. NaN results give NaN.
std::vector<double> thretopk_vjp(const ThreTopK& result, double tau, std::span<const double> pbar);
std::vector<double> thretopk_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar,
                                 const ThreTopKOptions& options = {});
// Full Jacobian, row-major n x n.
std::vector<double> thretopk_jacobian(const ThreTopK& result, double tau);

// r(lambda) = sum_i f((x_i - lambda) / tau) - k in the chosen form, for the F(lambda) and residual plots.
// Finite x only (std::domain_error otherwise); lambda may be any real.
double thretopk_residual(std::span<const double> x, double k, double tau, ThresholdFn f, double lambda,
                         ResidualForm form = ResidualForm::accurate);

// V_tau(x) = min_lambda [sum_i tau phi((x_i - lambda) / tau) + k lambda], phi' = f ("ReLU-like" antiderivative).
// Its gradient is ThreTopK; S_k <= V_tau, and for the sigmoid V_tau <= S_k + n tau log 2.
// k = 0 gives 0 and k = n gives sum x; +inf entries give +inf (k > 0); NaN gives NaN.
double thretopk_potential(std::span<const double> x, double k, double tau, ThresholdFn f);

// The article's listing for the sigmoid, kept for the demo: `steps` bisection steps on
// [x_min - logit(k/n), x_max - logit(k/n)] with the naive residual, returning sigma((x - mid) / tau) at the
// last probe. 20 steps leave lambda wrong by ~spread * 2^-20 (sum p != k). iterations = steps.
ThreTopK thretopk_sigmoid_article_bisection(std::span<const double> x, double k, double tau = 1.0, int steps = 20);

// The threshold functions themselves (for the shape plot): f, f', f'', the antiderivative phi, and f^-1 on (0, 1).
// At the points where they are not differentiable the right-hand value is returned: f'(0) = f''(0) = 0 for
// exp_clamped (so saturated entries have s = 0), f''(0) = -1/2 for piecewise_exp.
// threshold_finv needs 0 < q < 1 (std::out_of_range otherwise).
double threshold_f(ThresholdFn f, double u);
double threshold_df(ThresholdFn f, double u);
double threshold_d2f(ThresholdFn f, double u);
double threshold_phi(ThresholdFn f, double u);
double threshold_finv(ThresholdFn f, double q);

// ---------------------------------------------------------------------------------------------
// Iterative schemes (demo only; they are NOT confined to [0, 1] and I2 has the wrong tau -> 0 limit).

// How I2 keeps the complement c = 1 - p that weights each round.
enum class ComplementForm {
  exact,  // round 1: c_i = sum_{j != i} e^{x_j} / sum_j e^{x_j}; later rounds c <- c - softmax (shows the true limit)
  naive,  // c = 1 - p every round: rounds to 0 once tau <~ 0.02 on (3, 2, 1, 4) and snaps to the hard top-k
};

struct IterativeTopK {
  std::vector<double> p;         // p^(k)
  std::vector<double> iterates;  // p^(0) .. p^(k), row-major (k + 1) x n; p^(0) = 0
  double max_entry = 0;          // max_i p_i (above 1 shows I1/I2 leaving the capped simplex)
  double min_entry = 0;
  int order_violations = 0;  // pairs with x_i > x_j but p_i < p_j
};

// I1 (Su's soft-k-max): x <- (x - min x) / tau; k rounds of p += softmax((1 - p) * x).
IterativeTopK iter_su(std::span<const double> x, double k, double tau = 1.0);
// I2 (weighted softmax): k rounds of p += softmax(x / tau; weights c = 1 - p), c as chosen.
// With the exact complement the values are right to 1e-10 of the largest |p| or refused: rounds 1 and 2, the
// complements after them and the sum of round 3's weights come from closed forms (summed term by term that sum
// cancelled for nearly tied leaders and gave 0 / 0 = NaN), later rounds keep a running rounding-error bound, and
// where it exceeds 1e-10 of the largest |p|, or an entry is beyond the largest double (round 3 has a pole where
// its weights sum to 0), iter_weighted throws std::out_of_range naming tau and the smallest that works
// ("iter_weighted: tau = 0.01 is too small for these scores: rounding would leave I2's entries wrong by ...;
// tau must be at least ... here"). The naive form is returned as computed (NaN once its weights all round to 0).
IterativeTopK iter_weighted(std::span<const double> x, double k, double tau = 1.0,
                            ComplementForm complement = ComplementForm::exact);

// Jacobians dp/dx of the k rounds (forward mode, n tangents, O(n^2 k)), row-major n x n; not symmetric.
// I2's is that of the function (the exact-complement trajectory) whichever complement form is passed.
// I2's rounds 1 and 2, and the complements 1 - s1 - s2 that round 3 starts from (values too, exact form), are
// computed from closed forms with no cancelling subtraction (right at every tau; for tied leaders the difference
// cancelled to 0 where the complements are ~e^-gap, and p = (1, 1, 1) stood for (1.3, 1.3, 0.4)). From round 3
// on the weights c e take both signs and the rounds can cancel; a running bound on that rounding error is kept,
// and where it exceeds 1e-10 of J's largest entry iter_weighted_jacobian (and _vjp) throw std::out_of_range
// ("iter_weighted_jacobian: tau = 0.3 is too small for these scores: rounding would leave the Jacobian's entries
// wrong by 0.000255173 of its largest; tau must be at least 0.815868 here", (14, 7, -13, -8), k = 3).
// Every Jacobian and product here throws std::out_of_range naming tau and the smallest that works when J's
// entries exceed the largest double. That is not only a subnormal-size tau: I1's J grows like
// (spread / tau)^(k - 1) / tau, and I2's with tied leaders like e^(gap / tau) (x = (1e8, 1e8, 88.72), k = 3,
// tau = 1: "tau must be at least 138180").
std::vector<double> iter_su_jacobian(std::span<const double> x, double k, double tau);
std::vector<double> iter_weighted_jacobian(std::span<const double> x, double k, double tau,
                                           ComplementForm complement = ComplementForm::exact);
// Vector-Jacobian products J^T pbar.
std::vector<double> iter_su_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar);
std::vector<double> iter_weighted_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar,
                                      ComplementForm complement = ComplementForm::exact);

}  // namespace mathlets
