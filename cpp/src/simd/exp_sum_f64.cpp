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

}  // namespace

double exp_shift_sum_f64(const double* x, std::size_t n, double m, double tau) {
  if (exact_reciprocal(tau)) {
    const f64x2 inv = splat(1.0 / tau);
    return shifted_exp_sum(x, n, m, [inv](f64x2 d) { return mul(d, inv); });
  }
  const f64x2 vtau = splat(tau);
  return shifted_exp_sum(x, n, m, [vtau](f64x2 d) { return div(d, vtau); });
}

}  // namespace mathlets::simd
