// sum_i e^((x_i - m) / tau) on two double lanes. The argument is the scalar path's (x_i - m) / tau,
// correctly rounded, so the only differences from summing std::exp are the lane exp's 1 ulp and the
// order of the additions. Where 1/tau is exact (tau a power of two, the default tau = 1 among them)
// the quotient is the product with it, the same correctly rounded value, without a division.
#include "exp_sum_f64.hpp"

#include <cmath>

#include "exp_f64x2.hpp"

namespace mathlets::simd {
namespace {

using namespace d2;

template <class Scale>
double shifted_exp_sum(const double* x, std::size_t n, double m, Scale scale) {
  const ExpNonpositive exp_nonpositive;
  const f64x2 vm = splat(m);
  f64x2 sum = splat(0.0);
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) sum = add(sum, exp_nonpositive(scale(sub(load(x + i), vm))));
  if (i < n) {  // the odd one out, paired with -inf (a zero term)
    const double pair[2] = {x[i], -INFINITY};
    sum = add(sum, exp_nonpositive(scale(sub(load(pair), vm))));
  }
  double s[2];
  store(s, sum);
  return s[0] + s[1];
}

// tau = 2^e with 1/tau = 2^-e representable (normal tau: e in [-1022, 1023]).
bool exact_reciprocal(double tau) {
  int e;
  return std::frexp(tau, &e) == 0.5 && e - 1 >= -1022;
}

// The same sum one entry at a time on std::exp, with the same arguments.
[[maybe_unused]] double libm_exp_sum(const double* x, std::size_t n, double m, double tau) {
  const bool product = exact_reciprocal(tau);
  const double inv = 1.0 / tau;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += std::exp(product ? (x[i] - m) * inv : (x[i] - m) / tau);
  return sum;
}

}  // namespace

double exp_shift_sum_f64(const double* x, std::size_t n, double m, double tau) {
#if MATHLETS_F64X2_HARDWARE
  if (exact_reciprocal(tau)) {
    const f64x2 inv = splat(1.0 / tau);
    return shifted_exp_sum(x, n, m, [inv](f64x2 d) { return mul(d, inv); });
  }
  const f64x2 vtau = splat(tau);
  return shifted_exp_sum(x, n, m, [vtau](f64x2 d) { return div(d, vtau); });
#else
  // Without SIMD (the baseline wasm build) libm's table-driven exp beats the lane algorithm run one
  // lane at a time: 5.2 against 7.4 ms for 10^6 terms in Node.
  return libm_exp_sum(x, n, m, tau);
#endif
}

}  // namespace mathlets::simd
