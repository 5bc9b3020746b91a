// Special functions behind the Performer estimator's closed forms (../shared/math/performer.md,
// sections 2.3 and 2.8), hand-written because Emscripten's libc++ has neither the C++17 special
// functions nor an incomplete gamma function.
#pragma once

namespace mathlets {

// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x), each computed directly
// (series for x < a + 1, Lentz continued fraction otherwise) so that the smaller of the two keeps
// its relative accuracy. a > 0, x >= 0.
struct IncompleteGamma {
  double p, q;
};
IncompleteGamma regularized_gamma(double a, double x);

// log G_d(u) with G_d(u) = 1F1(d; d/2; u), u >= 0: a log-domain series (every term positive).
double log_hyp1f1_orthogonal(double d, double u);

// rho_d(u) = exp(-2u) G_d(u) in (0, 1]: the correlation factor of orthogonal positive features.
double orthogonal_rho(double d, double u);

// G_d(-v) = 1F1(d; d/2; -v), v >= 0, through Kummer's form exp(-v) 1F1(-d/2; d/2; v), whose terms are
// all at most 1 in magnitude (absolute error about 1e-15; the alternating direct series would lose
// exp(2v) eps). 0 once exp(-v) underflows.
double hyp1f1_orthogonal_negative(double d, double v);

// log 0F1(; b; x) for b > 0, x >= 0 (a positive series summed in the log domain).
double log_hyp0f1(double b, double x);

}  // namespace mathlets
