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

// softmax(y) with max shift, and its tangent s * (ydot - s . ydot).
void softmax_round(const std::vector<double>& y, const std::vector<double>& ydot, std::vector<double>& s,
                   std::vector<double>& sdot) {
  const double m = *std::max_element(y.begin(), y.end());
  double sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) sum += (s[i] = std::exp(y[i] - m));
  double mean = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    s[i] /= sum;
    if (!ydot.empty()) mean += s[i] * ydot[i];
  }
  if (!ydot.empty())
    for (std::size_t i = 0; i < y.size(); ++i) sdot[i] = s[i] * (ydot[i] - mean);
}

// I1: x' = (x - min x) / tau; p += softmax((1 - p) x'), k times.
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
    if (tangents) xsdot[i] = (v[i] - v[imin]) / tau;
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

// I2: p += softmax(x / tau; weights c), c = 1 - p kept as its own array (exact) or recomputed (naive).
// Weights may turn negative (c < 0 once some p > 1); the scheme is run as written. With tangents (the
// Jacobian and VJP) this stays in double: they still turn NaN once the weights underflow (gaps of ~700 tau).
Run run_weighted(std::span<const double> x, std::size_t K, double tau, ComplementForm form, std::span<const double> v,
                 bool keep) {
  const std::size_t n = x.size();
  const bool tangents = !v.empty();
  Run out;
  out.p.assign(n, 0.0);
  out.pdot.assign(n, 0.0);
  if (keep) out.iterates.assign(n, 0.0);
  if (n == 0) return out;
  const double xmax = *std::max_element(x.begin(), x.end());
  std::vector<double> e(n), c(n, 1.0), a(n), adot(n), s(n), sdot(n);
  double esum = 0;
  for (std::size_t i = 0; i < n; ++i) esum += (e[i] = std::exp((x[i] - xmax) / tau));
  for (std::size_t round = 0; round < K; ++round) {
    double asum = 0, adsum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      asum += (a[i] = c[i] * e[i]);
      // c = 1 - p in exact arithmetic, so cdot = -pdot; edot = e * xdot (the shift cancels in the ratio).
      if (tangents) adsum += (adot[i] = -out.pdot[i] * e[i] + c[i] * e[i] * v[i] / tau);
    }
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = a[i] / asum;
      if (tangents) sdot[i] = (adot[i] - s[i] * adsum) / asum;
      out.p[i] += s[i];
      if (tangents) out.pdot[i] += sdot[i];
    }
    if (form == ComplementForm::naive) {
      for (std::size_t i = 0; i < n; ++i) c[i] = 1 - out.p[i];
    } else if (round == 0) {
      // c_i = sum_{j != i} e_j / sum e as prefix + suffix sums: 1 - p would round to 0 for the dominant entry.
      std::vector<double> suffix(n + 1, 0.0);
      for (std::size_t i = n; i-- > 0;) suffix[i] = suffix[i + 1] + e[i];
      double prefix = 0;
      for (std::size_t i = 0; i < n; ++i) {
        c[i] = (prefix + suffix[i + 1]) / esum;
        prefix += e[i];
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) c[i] -= s[i];
    }
    if (keep) out.iterates.insert(out.iterates.end(), out.p.begin(), out.p.end());
  }
  return out;
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

template <class Runner>
std::vector<double> jacobian(std::size_t n, Runner run) {
  std::vector<double> J(n * n), e(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    e[j] = 1.0;
    const std::vector<double> col = run(std::span<const double>(e)).pdot;
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
  const std::size_t K = check("iter_su_jacobian", x, k, tau);
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x)) return std::vector<double>(n * n, kNaN);
  return jacobian(n, [&](std::span<const double> v) { return run_su(x, K, tau, v, false); });
}

std::vector<double> iter_weighted_jacobian(std::span<const double> x, double k, double tau, ComplementForm complement) {
  const std::size_t K = check("iter_weighted_jacobian", x, k, tau);
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x)) return std::vector<double>(n * n, kNaN);
  return jacobian(n, [&](std::span<const double> v) { return run_weighted(x, K, tau, complement, v, false); });
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
