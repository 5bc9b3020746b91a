// The article's iterative schemes (section 2.5), demo material: I1 (Su's soft-k-max) and I2 (weighted
// softmax). They are computed as written, so their failures show: I1 leaves [0, 1] and breaks the order,
// I2 tends to 1.5 / 0.5 instead of the hard top-k. Forward-mode tangents give their (non-symmetric) Jacobians.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "mathlets/smooth_topk.hpp"
#include "smooth_topk_detail.hpp"

namespace mathlets {

namespace {

using topk_detail::kNaN;

struct Run {
  std::vector<double> p, pdot, iterates;
};

using topk_detail::sums_of_others;

// softmax(y) with max shift, and its tangent s_i (ydot_i - s . ydot) = s_i sum_{j != i} s_j (ydot_i - ydot_j).
// The second form keeps the tangent of a dominant entry (s_i ~ 1) accurate: the first lost it to cancellation
// (absolute error eps |ydot| where the answer is (1 - s_i) |ydot|), so at tau = 0.05 on (3, 2, 1, 4) the
// Jacobian's rows no longer summed to 0.
void softmax_round(const std::vector<double>& y, const std::vector<double>& ydot, std::vector<double>& s,
                   std::vector<double>& sdot) {
  const std::size_t n = y.size();
  const double m = *std::max_element(y.begin(), y.end());
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += (s[i] = std::exp(y[i] - m));
  std::vector<double> w(n), wd(n);
  if (!ydot.empty())
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = s[i];
      wd[i] = s[i] * ydot[i];
    }
  for (std::size_t i = 0; i < n; ++i) s[i] /= sum;
  if (ydot.empty()) return;
  const std::vector<double> others = sums_of_others(w), others_d = sums_of_others(wd);
  for (std::size_t i = 0; i < n; ++i) sdot[i] = s[i] * (others[i] * ydot[i] - others_d[i]) / sum;
}

// I1: x' = (x - min x) / tau; p += softmax((1 - p) x'), k times. Tangents are tau dp/dx . v (the 1 / tau is
// applied once, by the caller).
Run run_su(std::span<const double> x, std::size_t K, double tau, std::span<const double> v, bool keep) {
  const std::size_t n = x.size();
  const bool tangents = !v.empty();
  Run out;
  out.p.assign(n, 0.0);
  out.pdot.assign(n, 0.0);
  if (keep) out.iterates.assign(n, 0.0);
  if (n == 0) return out;
  const std::size_t imin = static_cast<std::size_t>(std::min_element(x.begin(), x.end()) - x.begin());
  std::vector<double> xs(n), xsdot(tangents ? n : 0), y(n), ydot(tangents ? n : 0), s(n), sdot(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Beyond DBL_MAX tau of spread the scaled score overflowed to inf, and (1 - p) inf (0 inf once p = 1, or
    // inf - inf in the softmax shift) made p NaN: the largest double stands in, its entry still dominating.
    xs[i] = std::min((x[i] - x[imin]) / tau, std::numeric_limits<double>::max());
    if (tangents) xsdot[i] = v[i] - v[imin];
  }
  for (std::size_t round = 0; round < K; ++round) {
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = (1 - out.p[i]) * xs[i];
      if (tangents) ydot[i] = -out.pdot[i] * xs[i] + (1 - out.p[i]) * xsdot[i];
    }
    softmax_round(y, ydot, s, sdot);
    for (std::size_t i = 0; i < n; ++i) {
      out.p[i] += s[i];
      if (tangents) out.pdot[i] += sdot[i];
    }
    if (keep) out.iterates.insert(out.iterates.end(), out.p.begin(), out.p.end());
  }
  return out;
}

// m 2^e with |m| in [0.5, 1) or m = 0: a double whose exponent never overflows or underflows. I2's weights
// c_i e^{z_i} of distant entries lie far below DBL_MIN (e^-3000 at tau = 1e-3 on (3, 2, 1, 4); with tied
// maxima the complement of the leaders is such a number too) while their ratios, all I2 needs, are O(1).
// In double they all became 0, and 0 / 0 made every p NaN from tau ~ 1e-3 on. Every operation rounds as
// its double twin does, so results inside the double range are unchanged.
struct Wide {
  double m = 0, e = 0;
};
Wide wide(double v) {
  int k = 0;
  const double m = std::frexp(v, &k);
  return {m, m == 0 ? 0.0 : static_cast<double>(k)};
}
Wide scaled(Wide w, double e) {
  if (w.m != 0) w.e += e;
  return w;
}
Wide wide_exp(double z) {  // e^z, z <= 0
  if (z >= -700) return wide(std::exp(z));
  // Exponents must stay exact integers in a double (sums of a few of them included), and below -2^40 the
  // rounding of z itself exceeds 2^-12, so e^z is only known as "negligible against every larger weight".
  z = std::max(z, -0x1p40);
  const double k = std::floor(z / std::numbers::ln2);
  return scaled(wide(std::exp(z - k * std::numbers::ln2)), k);
}
Wide operator*(Wide a, Wide b) { return scaled(wide(a.m * b.m), a.e + b.e); }
Wide operator/(Wide a, Wide b) { return scaled(wide(a.m / b.m), a.e - b.e); }
Wide operator+(Wide a, Wide b) {
  if (a.m == 0) return b;
  if (b.m == 0) return a;
  if (a.e < b.e) std::swap(a, b);
  const double d = b.e - a.e;  // <= 0; beyond -1100 b is below half an ulp of a
  return scaled(wide(a.m + (d < -1100 ? 0.0 : std::ldexp(b.m, static_cast<int>(d)))), a.e);
}
Wide operator-(Wide a) {
  a.m = -a.m;
  return a;
}
Wide operator-(Wide a, Wide b) { return a + -b; }
double to_double(Wide w) {
  if (w.m == 0 || w.e < -1100) return std::copysign(0.0, w.m);
  return w.e > 1100 ? std::copysign(topk_detail::kInf, w.m) : std::ldexp(w.m, static_cast<int>(w.e));
}

// I2 values (no tangents) with Wide weights; the same rounds as run_weighted below.
Run run_weighted_values(std::span<const double> x, std::size_t K, double tau, ComplementForm form, bool keep) {
  const std::size_t n = x.size();
  Run out;
  out.p.assign(n, 0.0);
  if (keep) out.iterates.assign(n, 0.0);
  if (n == 0) return out;
  const double xmax = *std::max_element(x.begin(), x.end());
  std::vector<Wide> e(n), c(n, wide(1.0)), a(n);
  Wide esum;
  for (std::size_t i = 0; i < n; ++i) esum = esum + (e[i] = wide_exp((x[i] - xmax) / tau));
  std::vector<double> s(n);
  for (std::size_t round = 0; round < K; ++round) {
    Wide asum;
    for (std::size_t i = 0; i < n; ++i) asum = asum + (a[i] = c[i] * e[i]);
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = asum.m == 0 ? topk_detail::kNaN : to_double(a[i] / asum);  // 0 / 0 as in double
      out.p[i] += s[i];
    }
    if (form == ComplementForm::naive) {
      for (std::size_t i = 0; i < n; ++i) c[i] = wide(1 - out.p[i]);
    } else if (round == 0) {
      std::vector<Wide> suffix(n + 1);
      for (std::size_t i = n; i-- > 0;) suffix[i] = suffix[i + 1] + e[i];
      Wide prefix;
      for (std::size_t i = 0; i < n; ++i) {
        c[i] = (prefix + suffix[i + 1]) / esum;
        prefix = prefix + e[i];
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) c[i] = c[i] + wide(-s[i]);
    }
    if (keep) out.iterates.insert(out.iterates.end(), out.p.begin(), out.p.end());
  }
  return out;
}

// I2's tangents, tau dp/dx . v (the caller divides by tau), in Wide numbers like the values: in double the
// weights underflowed once gaps reached ~700 tau and the Jacobian turned NaN.
// They follow the function I2 computes, on the exact-complement trajectory whichever complement form the
// values use (the naive 1 - p changes how the values round, not the function).
// Differentiating the rounds as written, with cdot = -pdot, lost everything at small tau: the complement of
// the leader is c ~ e^-gap, and both the leader's round-1 tangent s (1 - s) (1 - s rounded) and the weight
// tangent cdot e + c e v (two terms ~ e^-gap cancelling to ~ e^-2 gap) were left with absolute errors
// ~ eps / tau where the answer is ~ e^-gap / tau: at tau = 0.05 on (3, 2, 1, 4), k = 2, the rows of J summed to
// about J's own size. Here those two subtractions are gone:
// - t = (cdot + c v) = d(c e^z) / e^z is carried instead of cdot; in round 1, with c_i = sum_{j != i} e_j / S,
//   t_i = s_i B_{-i} / S + c_i^2 v_i (B_{-i} = sum_{j != i} e_j v_j, S = sum e), a sum of products;
// - the round's softmax tangent is sdot_i = e_i (t_i A_{-i} - c_i Adot_{-i}) / A^2, with A_{-i}, Adot_{-i} the sums
//   of a = c e and adot = t e over j != i (prefix + suffix sums, no 1 - s_i);
// - later rounds set c <- c - s and t <- t - (sdot + s v).
// NOT yet right at small tau: in round 2, t_i A_{-i} - c_i Adot_{-i} still cancels (the relative tangents t / c of
// the leader and the runner-up agree up to ~e^-gap / tau), leaving ~eps of those terms: 1.5e-8 of J's largest
// entry at tau = 0.05 on (3, 2, 1, 4), and O(1) at tau = 0.01. A fix needs the rounds' complements as exact
// polynomial numerators over a common denominator (floating-point expansions with Wide exponents), or a refusal.
std::vector<Wide> run_weighted_tangent(std::span<const double> x, std::size_t K, double tau,
                                       std::span<const double> v) {
  const std::size_t n = x.size();
  std::vector<Wide> P(n);
  if (n == 0) return P;
  const double xmax = *std::max_element(x.begin(), x.end());
  std::vector<Wide> e(n), ev(n), c(n, wide(1.0)), t(n), V(n), a(n), ad(n), sv(n), sd(n);
  Wide S;
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = wide_exp((x[i] - xmax) / tau);
    V[i] = t[i] = wide(v[i]);
    ev[i] = e[i] * V[i];
    S = S + e[i];
  }
  for (std::size_t round = 0; round < K; ++round) {
    Wide A;
    for (std::size_t i = 0; i < n; ++i) {
      A = A + (a[i] = c[i] * e[i]);
      ad[i] = t[i] * e[i];
    }
    const std::vector<Wide> a_others = sums_of_others(a), ad_others = sums_of_others(ad);
    const Wide A2 = A * A;
    for (std::size_t i = 0; i < n; ++i) {
      sv[i] = a[i] / A;
      sd[i] = e[i] * (t[i] * a_others[i] - c[i] * ad_others[i]) / A2;
      P[i] = P[i] + sd[i];
    }
    if (round == 0) {
      const std::vector<Wide> e_others = sums_of_others(e), ev_others = sums_of_others(ev);
      for (std::size_t i = 0; i < n; ++i) {
        c[i] = e_others[i] / S;
        t[i] = sv[i] * ev_others[i] / S + c[i] * c[i] * V[i];
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        c[i] = c[i] - sv[i];
        t[i] = t[i] - (sd[i] + sv[i] * V[i]);
      }
    }
  }
  return P;
}

IterativeTopK summarise(std::span<const double> x, Run run) {
  IterativeTopK r;
  r.p = std::move(run.p);
  r.iterates = std::move(run.iterates);
  if (r.p.empty()) return r;
  r.max_entry = *std::max_element(r.p.begin(), r.p.end());
  r.min_entry = *std::min_element(r.p.begin(), r.p.end());
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = 0; j < x.size(); ++j) r.order_violations += x[i] > x[j] && r.p[i] < r.p[j];
  return r;
}

std::size_t check(const char* routine, std::span<const double> x, double k, double tau) {
  const auto K = static_cast<std::size_t>(topk_detail::check_k(routine, k, x.size(), true));
  topk_detail::check_tau(routine, tau);
  topk_detail::require_no_infinity(routine, x);
  return K;
}

IterativeTopK all_nan(std::size_t n, std::size_t K) {
  IterativeTopK r;
  r.p.assign(n, kNaN);
  r.iterates.assign((K + 1) * n, kNaN);
  r.max_entry = r.min_entry = kNaN;
  return r;
}

// Column j of tau J from the tangent run with v = e_j; Entry converts one entry to double.
template <class Entry, class Runner>
std::vector<Entry> unscaled_jacobian(std::size_t n, Runner run) {
  std::vector<Entry> J(n * n);
  std::vector<double> e(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    e[j] = 1.0;
    const std::vector<Entry> col = run(std::span<const double>(e));
    e[j] = 0.0;
    for (std::size_t i = 0; i < n; ++i) J[i * n + j] = col[i];
  }
  return J;
}

std::vector<double> transpose_times(const std::vector<double>& J, std::span<const double> w) {
  const std::size_t n = w.size();
  std::vector<double> out(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) out[j] += J[i * n + j] * w[i];
  return out;
}

}  // namespace

IterativeTopK iter_su(std::span<const double> x, double k, double tau) {
  const std::size_t K = check("iter_su", x, k, tau);
  if (topk_detail::has_nan(x)) return all_nan(x.size(), K);
  return summarise(x, run_su(x, K, tau, {}, true));
}

IterativeTopK iter_weighted(std::span<const double> x, double k, double tau, ComplementForm complement) {
  const std::size_t K = check("iter_weighted", x, k, tau);
  if (topk_detail::has_nan(x)) return all_nan(x.size(), K);
  return summarise(x, run_weighted_values(x, K, tau, complement, true));
}

std::vector<double> iter_su_jacobian(std::span<const double> x, double k, double tau) {
  const char* routine = "iter_su_jacobian";
  const std::size_t K = check(routine, x, k, tau);
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x)) return std::vector<double>(n * n, kNaN);
  std::vector<double> J =
      unscaled_jacobian<double>(n, [&](std::span<const double> v) { return run_su(x, K, tau, v, false).pdot; });
  topk_detail::divide_by_tau(routine, "the Jacobian's entries", J, tau);
  return J;
}

std::vector<double> iter_weighted_jacobian(std::span<const double> x, double k, double tau, ComplementForm) {
  const char* routine = "iter_weighted_jacobian";
  const std::size_t K = check(routine, x, k, tau);
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x)) return std::vector<double>(n * n, kNaN);
  const std::vector<Wide> W =
      unscaled_jacobian<Wide>(n, [&](std::span<const double> v) { return run_weighted_tangent(x, K, tau, v); });
  // Entries of tau J below the smallest double may still give representable entries of J (tiny tau).
  const Wide over = wide(tau);
  std::vector<double> J(n * n);
  bool overflow = false;
  for (std::size_t i = 0; i < n * n; ++i) overflow |= std::isinf(J[i] = to_double(W[i] / over));
  if (overflow) {  // J itself is beyond the double range: the error names tau and the smallest that works
    for (std::size_t i = 0; i < n * n; ++i) J[i] = to_double(W[i]);
    topk_detail::divide_by_tau(routine, "the Jacobian's entries", J, tau);
  }
  return J;
}

std::vector<double> iter_su_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar) {
  topk_detail::check_size("iter_su_vjp", "pbar", pbar.size(), x.size());
  check("iter_su_vjp", x, k, tau);
  return transpose_times(iter_su_jacobian(x, k, tau), pbar);
}

std::vector<double> iter_weighted_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar,
                                      ComplementForm complement) {
  topk_detail::check_size("iter_weighted_vjp", "pbar", pbar.size(), x.size());
  check("iter_weighted_vjp", x, k, tau);
  return transpose_times(iter_weighted_jacobian(x, k, tau, complement), pbar);
}

}  // namespace mathlets
