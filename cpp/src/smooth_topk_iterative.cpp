// The article's iterative schemes (section 2.5), demo material: I1 (Su's soft-k-max) and I2 (weighted
// softmax). They are computed as written, so their failures show: I1 leaves [0, 1] and breaks the order,
// I2 tends to 1.5 / 0.5 instead of the hard top-k. Forward-mode tangents give their (non-symmetric) Jacobians.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "mathlets/smooth_topk.hpp"
#include "number_text.hpp"
#include "smooth_topk_detail.hpp"

namespace mathlets {

namespace {

using topk_detail::kNaN;

struct Run {
  std::vector<double> p, pdot, iterates;
  // I2 values, exact complement: the worst ratio, over the rounds, of an entry's rounding-error bound to the
  // round's largest |p|, and whether an entry left the double range (both 0 / false for the other runs).
  double error_ratio = 0;
  bool overflow = false;
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
  // z - k ln2 with ln2 in two parts, the product of the first exact in an fma: the reduction rounds once. With
  // z - k * ln2 the rounding of ln2 itself, times k, left e^z wrong by ~|z| eps (1e-13 at z = -745).
  constexpr double ln2_low = 2.3190468138462996e-17;  // ln 2 - std::numbers::ln2
  return scaled(wide(std::exp(std::fma(-k, ln2_low, std::fma(-k, std::numbers::ln2, z)))), k);
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

Wide magnitude(Wide w) {
  w.m = std::fabs(w.m);
  return w;
}

// I2's complements after two rounds, c2_i = 1 - s1_i - s2_i, in closed form. As that difference they cancel:
// for tied leaders (x = (1e8, 1e8, 88.72), tau = 1) s1 + s2 = 1/2 + 1/2 up to ~e^-gap, the true c2 of the
// leaders is ~3/4 e^-gap (O(1) against the others' weights, so round 3 gives p = (1.3, 1.3, 0.4)), and the
// difference left 0 or rounding noise: p = (1, 1, 1), and the tangents refused at any tau below 1e7.
// With S = sum e, E_{-i} = S - e_i, SA = sum_j e_j E_{-j} (= S A of round 2) and Q = sum e^2:
//   c2_i = E_{-i} N_i / (S SA),  N_i = S E_{-i} - Q = e_i D_i + 2 P_i,
// D_i = E_{-i} - e_i (its one cancelling pair, e_j - e_i for the largest other e_j, from expm1 of their gap)
// and P_i = sum of e_j e_l over pairs j < l of the others (terms of one sign).
struct Complements {
  std::vector<Wide> c, err;  // c2 and a bound on its rounding error
  std::vector<Wide> N, D, Nerr;
  std::vector<Wide> P;  // P_i
  Wide S, SA;
};
Complements complements_after_two(std::span<const double> x, double tau, const std::vector<Wide>& e) {
  const std::size_t n = x.size();
  const Wide u = wide(std::numeric_limits<double>::epsilon());
  const std::vector<Wide> E = topk_detail::sums_of_others(e);
  Complements out{std::vector<Wide>(n),
                  std::vector<Wide>(n),
                  std::vector<Wide>(n),
                  std::vector<Wide>(n),
                  std::vector<Wide>(n),
                  std::vector<Wide>(n),
                  Wide{},
                  Wide{}};
  for (std::size_t i = 0; i < n; ++i) {
    out.S = out.S + e[i];
    out.SA = out.SA + e[i] * E[i];
  }
  const Wide SSA = out.S * out.SA;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t top = n;
    for (std::size_t l = 0; l < n; ++l)
      if (l != i && (top == n || x[l] > x[top])) top = l;
    Wide D, rest, P, prefix, abs_first;
    if (top < n) {
      const double g = topk_detail::scaled_gap(x[top], x[i], tau);  // e_top / e_i = e^g
      const Wide first = std::fabs(g) < 1 ? e[i] * wide(std::expm1(g)) : e[top] - e[i];
      abs_first = magnitude(first);
      for (std::size_t l = 0; l < n; ++l)
        if (l != i && l != top) rest = rest + e[l];
      D = first + rest;
      for (std::size_t l = 0; l < n; ++l)
        if (l != i) {
          P = P + e[l] * prefix;
          prefix = prefix + e[l];
        }
    }
    out.D[i] = D;
    out.P[i] = P;
    out.N[i] = e[i] * D + scaled(P, 1);
    out.Nerr[i] = scaled(e[i] * (abs_first + rest) + scaled(P, 1), 3) * u;
    out.c[i] = SSA.m == 0 ? Wide{} : E[i] * out.N[i] / SSA;
    out.err[i] = SSA.m == 0 ? Wide{} : E[i] * out.Nerr[i] / SSA + scaled(magnitude(out.c[i]), 3) * u;
  }
  return out;
}

// The sum of round 3's weights, A3 = sum_i c2_i e_i, in closed form, and a bound on its rounding error. Summed
// term by term it cancels where the leaders nearly tie: c2 of the larger leader is then negative (p2 > 1), the
// two weights are +-eta/2 for a gap eta = (x_1 - x_2) / tau, and their sum is left with the far smaller weights
// of the others (x = (-745, 1.86e-255, -1.8e308, 1.80e-255), tau = 1: +-3e-257 against A3 = 7e-324). The sum came
// out 0 and p NaN (0 / 0), or rounding noise and p wrong. With c2_i = E_{-i} N_i / (S SA) (above),
//   A3 = T / (S SA),  T = sum_i e_i E_{-i} (S E_{-i} - Q) = 6 sum_i e_i^2 P_i + 24 s4 - sum_{i<j} e_i e_j (e_i -
//   e_j)^2,
// with s4 the sum of products of 4 distinct e (the symmetric-polynomial identity, checked against mpmath).
// Two sums of terms of one sign, the differences e_i - e_j from expm1 of their gaps: T is right to a few eps
// of those sums. They may still cancel: T = 0 is a pole of I2's third round (x = (0, -0.69, -4.16) and nearby),
// where the entries really are unbounded; the bound says how close.
struct Bounded {
  Wide v, err;
};
Bounded third_round_weight_sum(std::span<const double> x, double tau, const std::vector<Wide>& e,
                               const Complements& C) {
  const std::size_t n = x.size();
  const Wide u = wide(std::numeric_limits<double>::epsilon());
  Wide positive, pairs, s1, s2, s3, s4;
  for (std::size_t i = 0; i < n; ++i) {
    positive = positive + e[i] * e[i] * C.P[i];
    s4 = s4 + e[i] * s3;
    s3 = s3 + e[i] * s2;
    s2 = s2 + e[i] * s1;
    s1 = s1 + e[i];
    Wide row;
    for (std::size_t j = i + 1; j < n; ++j) {
      const double g = topk_detail::scaled_gap(x[i], x[j], tau);  // e_i / e_j = e^g
      const Wide d = std::fabs(g) < 1 ? e[j] * wide(std::expm1(g)) : e[i] - e[j];
      row = row + e[j] * d * d;
    }
    pairs = pairs + e[i] * row;
  }
  positive = scaled(positive, 2) + scaled(positive, 1) + scaled(s4, 4) + scaled(s4, 3);
  const Wide SSA = C.S * C.SA;
  if (SSA.m == 0) return {};
  const Wide A = (positive - pairs) / SSA;
  const double terms = 3 * static_cast<double>(n) + 24;  // roundings per term, with room
  return {A, wide(terms) * (positive + pairs) * u / SSA + scaled(magnitude(A), 2) * u};
}

// I2 values (no tangents) with Wide weights; the same rounds as run_weighted_tangent below. With the exact
// complement, rounds 1 and 2 and the complements and weight sum of round 3 come from closed forms (no cancelling
// subtraction); later rounds keep c <- c - s and may cancel. A running bound on the rounding error of each entry
// (the Jacobian's, for values) gives error_ratio; the caller refuses where it is too large, or where an entry
// leaves the double range (near the pole of round 3 they are unbounded: x = (-1.612e43, 0, -1e-320), k = 3,
// tau = 1e40 gives 2e339).
// give_up: with the exact complement, stop (p then partial) once error_ratio exceeds it or an entry overflows,
// for the refusal's search, which only needs to know whether a tau works.
Run run_weighted_values(std::span<const double> x, std::size_t K, double tau, ComplementForm form, bool keep,
                        double give_up = topk_detail::kInf) {
  const std::size_t n = x.size();
  Run out;
  out.p.assign(n, 0.0);
  if (keep) out.iterates.assign(n, 0.0);
  if (n == 0) return out;
  const bool exact = form == ComplementForm::exact;
  const Wide u = wide(std::numeric_limits<double>::epsilon());
  const Wide sum_rounding = wide(static_cast<double>(n) + 1) * u;  // of a sum of n terms, relative to sum |term|
  const double xmax = *std::max_element(x.begin(), x.end());
  std::vector<Wide> e(n), c(n, wide(1.0)), ce(n), a(n), ae(n), p(n), pe(n);  // ce, ae, pe: error bounds
  Wide esum;
  for (std::size_t i = 0; i < n; ++i) esum = esum + (e[i] = wide_exp((x[i] - xmax) / tau));
  Complements C;  // after two rounds, for rounds 3 (exact complement only)
  for (std::size_t round = 0; round < K; ++round) {
    Wide A, Aerr, abs_sum;
    for (std::size_t i = 0; i < n; ++i) {
      A = A + (a[i] = c[i] * e[i]);
      ae[i] = ce[i] * e[i] + scaled(magnitude(a[i]), 1) * u;
      Aerr = Aerr + ae[i];
      abs_sum = abs_sum + magnitude(a[i]);
    }
    Aerr = Aerr + sum_rounding * abs_sum;
    if (exact && round == 2) {
      const Bounded sum = third_round_weight_sum(x, tau, e, C);
      A = sum.v;
      Aerr = sum.err;
    }
    const Wide absA = magnitude(A);
    Wide largest, worst;
    if (A.m == 0 || std::isnan(A.m)) {  // 0 / 0 (the naive complement once every 1 - p rounds to 0): NaN from here
      out.error_ratio = topk_detail::kInf;
      std::fill(out.p.begin(), out.p.end(), topk_detail::kNaN);
      for (std::size_t r = round; keep && r < K; ++r)
        out.iterates.insert(out.iterates.end(), out.p.begin(), out.p.end());
      break;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Wide s = a[i] / A;
      const Wide s_err = (ae[i] + magnitude(s) * Aerr) / absA + scaled(magnitude(s), 1) * u;
      p[i] = p[i] + s;
      pe[i] = pe[i] + s_err + magnitude(p[i]) * u;
      out.p[i] = to_double(p[i]);
      out.overflow |= std::isinf(out.p[i]);
      if (p[i].m != 0 && (largest.m == 0 || to_double(magnitude(p[i]) / largest) > 1)) largest = magnitude(p[i]);
      if (pe[i].m != 0 && (worst.m == 0 || to_double(pe[i] / worst) > 1)) worst = pe[i];
      if (exact && round >= 2) {
        ce[i] = ce[i] + s_err + (magnitude(c[i]) + magnitude(s)) * u;
        c[i] = c[i] - s;
      }
    }
    if (worst.m != 0)
      out.error_ratio = std::max(out.error_ratio, largest.m == 0 ? topk_detail::kInf : to_double(worst / largest));
    if (exact && (out.overflow || !(out.error_ratio <= give_up))) return out;
    if (!exact) {
      for (std::size_t i = 0; i < n; ++i) c[i] = wide(1 - out.p[i]);
    } else if (round == 0) {
      std::vector<Wide> suffix(n + 1);
      for (std::size_t i = n; i-- > 0;) suffix[i] = suffix[i + 1] + e[i];
      Wide prefix;
      for (std::size_t i = 0; i < n; ++i) {
        c[i] = (prefix + suffix[i + 1]) / esum;
        ce[i] = wide(2 * static_cast<double>(n) + 2) * magnitude(c[i]) * u;
        prefix = prefix + e[i];
      }
    } else if (round == 1) {
      C = complements_after_two(x, tau, e);
      c = C.c;
      ce = C.err;
    }
    if (keep) out.iterates.insert(out.iterates.end(), out.p.begin(), out.p.end());
  }
  if (!exact) out.error_ratio = 0;
  return out;
}

// I2's tangents, column m of tau J = dp/dz (the caller divides by tau), in Wide numbers like the values: in
// double the weights underflowed once gaps reached ~700 tau and the Jacobian turned NaN.
// They follow the function I2 computes, on the exact-complement trajectory whichever complement form the
// values use (the naive 1 - p changes how the values round, not the function).
// Each round's softmax tangent is sdot_i = sum_{j != i} a_i a_j D_ij / A^2, with a = c e the round's weights,
// A = sum a and D_ij = rdot_i - rdot_j the difference of the relative tangents rdot = d log a. Computed as it
// reads round by round (carrying t = d(c e^z) / e^z, sdot_i = e_i (t_i A_{-i} - c_i Adot_{-i}) / A^2), that
// difference cancels at small tau in round 2: the weights of the leader and the runner-up tie
// (c_top e_top ~ e_run ~ e^-gap) and their relative tangents agree up to ~e^-gap / tau, so ~eps of the terms
// was left where the answer is that small difference (1.5e-8 of J's largest entry at tau = 0.05 on (3, 2, 1, 4),
// 50% wrong at tau = 0.01). So:
// - round 1 (c = 1) is softmax: sdot_i = e_i (v_i E_{-i} - Edot_{-i}) / S^2 with sums over the other entries;
// - round 2 has c_i = E_{-i} / S, so D_ij = v_i - v_j + d log E_{-i} - d log E_{-j} (d log S cancels exactly)
//   and, for v = unit vector m, with R_ij = sum_{l != i, j} e_l, N_ij = E_{-i} E_{-j} D_ij is a product:
//     N_mj = E_{-m} R_mj,   N_im = -E_{-m} R_im,   N_ij = e_m (e_i - e_j) otherwise,
//   and sdot_i = e_i sum_{j != i} e_j N_ij / (S A)^2 with S A = sum_i e_i E_{-i}; those sums collapse to sums of
//   terms of one sign (below), so round 2 has no subtraction left at all;
// - later rounds set c <- c - s and t <- t - (sdot + s v) and use the round-by-round form above, with a running
//   bound on its rounding error (sums of the magnitudes of the terms); jacobian_error collects it.
// In round 3 and later the complements are O(1) (c_top ~ -1/2), so the weights no longer tie at small tau.
struct Tangent {
  std::vector<Wide> P;    // column m of tau J
  std::vector<Wide> err;  // bound on its rounding error
};

// C: complements_after_two(x, tau, e) when K > 2 (the same for every column m: computed once by the caller).
Tangent run_weighted_tangent(std::span<const double> x, std::size_t K, double tau, std::size_t m,
                             const Complements& C) {
  const std::size_t n = x.size();
  Tangent out{std::vector<Wide>(n), std::vector<Wide>(n)};
  if (n == 0 || K == 0) return out;
  const double xmax = *std::max_element(x.begin(), x.end());
  const Wide u = wide(std::numeric_limits<double>::epsilon());
  std::vector<Wide> e(n);
  for (std::size_t i = 0; i < n; ++i) e[i] = wide_exp((x[i] - xmax) / tau);
  const std::vector<Wide> E_others = sums_of_others(e);
  Wide S;
  for (std::size_t i = 0; i < n; ++i) S = S + e[i];
  // Round 1, softmax of z along v = unit vector m: sdot_m = e_m E_{-m} / S^2, sdot_i = -e_i e_m / S^2.
  const Wide S2 = S * S;
  std::vector<Wide> sd(n), sv(n), c(n), t(n), te(n);  // te: error bound of t
  for (std::size_t i = 0; i < n; ++i) {
    sv[i] = e[i] / S;
    sd[i] = i == m ? e[m] * E_others[m] / S2 : -(e[i] * e[m] / S2);
    out.P[i] = sd[i];
    out.err[i] = scaled(magnitude(sd[i]), 3) * u;
  }
  if (K == 1) return out;
  // Round 2: with R_i = R_im = sum_{l != i, m} e_l and Q_i = sum_{l != i, m} e_l^2, the sums of N collapse to
  // sum_{j != m} e_j N_mj = E_{-m} sum_{j != m} e_j R_j and sum_{j != i} e_j N_ij = -e_m (R_i^2 + Q_i) (i != m),
  // each a sum of terms of one sign.
  Wide SA;
  for (std::size_t i = 0; i < n; ++i) SA = SA + e[i] * E_others[i];
  const Wide SA2 = SA * SA;
  std::vector<Wide> without_m = e, squares(n);
  without_m[m] = Wide{};
  for (std::size_t i = 0; i < n; ++i) squares[i] = without_m[i] * without_m[i];
  const std::vector<Wide> R = sums_of_others(without_m), Q = sums_of_others(squares);
  Wide top;
  for (std::size_t j = 0; j < n; ++j)
    if (j != m) top = top + e[j] * R[j];
  for (std::size_t i = 0; i < n; ++i) {
    sd[i] = i == m ? e[m] * E_others[m] * top / SA2 : -(e[i] * e[m] * (R[i] * R[i] + Q[i]) / SA2);
    out.P[i] = out.P[i] + sd[i];
    out.err[i] = out.err[i] + scaled(magnitude(sd[i]), 4) * u;
  }
  if (K == 2) return out;
  // State after round 2 for the round-by-round form: c = c2 in closed form (complements_after_two) and
  // t = d(c e^z) / e^z = c2 v + dc2, from the logarithmic derivative of c2 = E_{-i} N_i / (S SA):
  //   t_i = c2_i (v_i - e_m / S - 2 e_m E_{-m} / SA) + ([m != i] e_m N_i + E_{-i} dN_i) / (S SA),
  // dN_i = e_m (e_i + 2 R_im) for m != i (one sign) and e_i (D_i - e_i) for m = i; with error bounds ce, te.
  const Wide SSA = C.S * C.SA;
  const Wide g = SA.m == 0 ? Wide{} : e[m] / C.S + scaled(e[m] * E_others[m], 1) / C.SA;
  std::vector<Wide> ce(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Wide v = wide(i == m ? 1.0 : 0.0);
    c[i] = C.c[i];
    ce[i] = C.err[i];
    if (SSA.m == 0) {
      t[i] = Wide{};
      te[i] = Wide{};
      continue;
    }
    const Wide dN = i == m ? e[i] * (C.D[i] - e[i]) : e[m] * (e[i] + scaled(R[i], 1));
    const Wide dNerr =
        i == m ? scaled(e[i] * (magnitude(C.D[i]) + e[i]), 2) * u + e[i] * C.Nerr[i] : scaled(magnitude(dN), 3) * u;
    const Wide lead = c[i] * (v - g);
    const Wide rest = ((i == m ? Wide{} : e[m] * C.N[i]) + E_others[i] * dN) / SSA;
    t[i] = lead + rest;
    te[i] = scaled(magnitude(c[i]) * (v + g) + (i == m ? Wide{} : e[m] * magnitude(C.N[i])) / SSA +
                       E_others[i] * magnitude(dN) / SSA,
                   4) *
                u +
            ce[i] * (v + g) + ((i == m ? Wide{} : e[m] * C.Nerr[i]) + E_others[i] * dNerr) / SSA;
  }
  std::vector<Wide> a(n), ad(n), abs_a(n), abs_ad(n), ae(n), ade(n);
  for (std::size_t round = 2; round < K; ++round) {
    Wide A, Aerr;
    for (std::size_t i = 0; i < n; ++i) {
      A = A + (a[i] = c[i] * e[i]);
      ad[i] = t[i] * e[i];
      abs_a[i] = magnitude(a[i]);
      abs_ad[i] = magnitude(ad[i]);
      ae[i] = ce[i] * e[i] + scaled(abs_a[i], 1) * u;    // error of a_i (c's, then e's and the product's)
      ade[i] = te[i] * e[i] + scaled(abs_ad[i], 1) * u;  // error of adot_i
      Aerr = Aerr + ae[i] + scaled(abs_a[i], 2) * u;
    }
    const std::vector<Wide> a_others = sums_of_others(a), ad_others = sums_of_others(ad);
    const std::vector<Wide> abs_a_others = sums_of_others(abs_a), abs_ad_others = sums_of_others(abs_ad);
    const std::vector<Wide> ae_others = sums_of_others(ae), ade_others = sums_of_others(ade);
    const Wide A2 = A * A, absA = magnitude(A);
    const Wide A_rel = Aerr / absA;  // relative error of A (weights of both signs may cancel in it)
    for (std::size_t i = 0; i < n; ++i) {
      const Wide s = a[i] / A;
      const Wide d = e[i] * (t[i] * a_others[i] - c[i] * ad_others[i]) / A2;
      // Rounding of the two cancelling products and their sums, then the errors they inherit from t, c, a, adot.
      const Wide cancelling = magnitude(t[i]) * abs_a_others[i] + magnitude(c[i]) * abs_ad_others[i];
      const Wide inherited = te[i] * abs_a_others[i] + magnitude(t[i]) * ae_others[i] + ce[i] * abs_ad_others[i] +
                             magnitude(c[i]) * ade_others[i];
      const Wide d_err = e[i] * (scaled(cancelling, 3) * u + inherited) / (absA * absA) +
                         scaled(magnitude(d) * A_rel, 1) + scaled(magnitude(d), 2) * u;
      const Wide s_err = ae[i] / absA + magnitude(s) * A_rel + scaled(magnitude(s), 1) * u;
      out.P[i] = out.P[i] + d;
      out.err[i] = out.err[i] + d_err + scaled(magnitude(out.P[i]), 1) * u;
      const Wide v = wide(i == m ? 1.0 : 0.0);
      const Wide sv_i = s * v;
      te[i] = te[i] + d_err + s_err * v + scaled(magnitude(t[i]) + magnitude(d) + magnitude(sv_i), 2) * u;
      ce[i] = ce[i] + s_err + scaled(magnitude(c[i]) + magnitude(s), 1) * u;
      t[i] = t[i] - (d + sv_i);
      c[i] = c[i] - s;
    }
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

// Column j of tau J from the tangent run with v = e_j; Entry converts one entry to double.
// With unit = 2^-s the columns are those of 2^-s tau J.
template <class Entry, class Runner>
std::vector<Entry> unscaled_jacobian(std::size_t n, Runner run, double unit = 1.0) {
  std::vector<Entry> J(n * n);
  std::vector<double> e(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    e[j] = unit;
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

// Columns of tau J for I2 and the worst ratio of an entry's error bound to J's largest entry.
struct WeightedJacobian {
  std::vector<Wide> W;
  double error_ratio = 0;
};

WeightedJacobian weighted_jacobian(std::span<const double> x, std::size_t K, double tau) {
  const std::size_t n = x.size();
  WeightedJacobian out;
  out.W.resize(n * n);
  Wide largest, worst;
  const auto bigger = [](Wide a, Wide b) { return to_double(magnitude(a) / magnitude(b)) > 1; };
  Complements C;
  if (K > 2 && n > 0) {
    const double xmax = *std::max_element(x.begin(), x.end());
    std::vector<Wide> e(n);
    for (std::size_t i = 0; i < n; ++i) e[i] = wide_exp((x[i] - xmax) / tau);
    C = complements_after_two(x, tau, e);
  }
  for (std::size_t j = 0; j < n; ++j) {
    const Tangent col = run_weighted_tangent(x, K, tau, j, C);
    for (std::size_t i = 0; i < n; ++i) {
      out.W[i * n + j] = col.P[i];
      if (col.P[i].m != 0 && (largest.m == 0 || bigger(col.P[i], largest))) largest = magnitude(col.P[i]);
      if (col.err[i].m != 0 && (worst.m == 0 || bigger(col.err[i], worst))) worst = col.err[i];
    }
  }
  out.error_ratio = worst.m == 0 ? 0.0 : largest.m == 0 ? topk_detail::kInf : to_double(worst / largest);
  return out;
}

// The smallest tau' >= tau (to 1e-3, rounded up and printed) for which works(tau') holds, assuming it holds
// from some tau on (and not at tau itself): the first tau 2^j that works, then bisection in log tau between it
// and tau 2^(j-1). "a larger value" when no double tau works. The first j is found by galloping (j = 1, 2, 4,
// ...) and a binary search, ~2 log2 j tests: stepping j up by one (up to 2100 tests from a subnormal tau, each
// a whole Jacobian) made the fuzzer 100x slower. For a works that holds from some tau on, the same answer.
template <class Works>
std::string smallest_tau(double tau, Works works) {
  int e = 0;
  std::frexp(tau, &e);
  const int last = std::max(1, 1025 - e);  // tau 2^last is the first beyond the largest double
  const auto at = [&](int j) { return j >= last ? std::numeric_limits<double>::max() : std::ldexp(tau, j); };
  int fails = 0, holds = 0;  // works(at(fails)) is false (at(0) = tau), works(at(holds)) true once holds > 0
  for (int j = 1; holds == 0; j = std::min(2 * j, last)) {
    if (works(at(j))) holds = j;
    else if (j == last) return "a larger value";
    else fails = j;
  }
  while (holds - fails > 1) {
    const int mid = fails + (holds - fails) / 2;
    (works(at(mid)) ? holds : fails) = mid;
  }
  double lo = at(fails), hi = at(holds);
  for (int i = 0; i < 60 && hi > lo * (1 + 1e-3); ++i) {
    const double mid = std::sqrt(lo) * std::sqrt(hi);
    (works(mid) ? hi : lo) = mid;
  }
  return number_text(hi * (1 + 1e-5));  // printed with 6 digits: rounded up, never below the bound
}

// Entries of I2's Jacobian must be right to this fraction of the largest (the widget's sums need 1e-9).
constexpr double kI2JacobianTolerance = 1e-10;
// And I2's values (exact complement) to this fraction of the largest |p|.
constexpr double kI2ValueTolerance = 1e-10;

}  // namespace

IterativeTopK iter_su(std::span<const double> x, double k, double tau) {
  const std::size_t K = check("iter_su", x, k, tau);
  if (topk_detail::has_nan(x)) return all_nan(x.size(), K);
  return summarise(x, run_su(x, K, tau, {}, true));
}

IterativeTopK iter_weighted(std::span<const double> x, double k, double tau, ComplementForm complement) {
  const char* routine = "iter_weighted";
  const std::size_t K = check(routine, x, k, tau);
  if (topk_detail::has_nan(x)) return all_nan(x.size(), K);
  Run run = run_weighted_values(x, K, tau, complement, true);
  if (complement == ComplementForm::exact && (run.overflow || !(run.error_ratio <= kI2ValueTolerance))) {
    // Refuse rather than return digits lost to rounding, or entries beyond the double range (near the pole of
    // round 3, or where later rounds cancel). The smallest tau above this one that works is found as for J.
    const auto works = [&](double t) {
      const Run r = run_weighted_values(x, K, t, complement, false, kI2ValueTolerance);
      return !r.overflow && r.error_ratio <= kI2ValueTolerance;
    };
    const std::string what =
        run.overflow ? std::string("I2's entries are beyond the largest double")
                     : "rounding would leave I2's entries wrong by " +
                           (!(run.error_ratio <= 1) ? std::string("more than") : number_text(run.error_ratio) + " of") +
                           " the largest";
    throw std::out_of_range(std::string(routine) + ": tau = " + number_text(tau) + " is too small for these scores: " +
                            what + "; tau must be at least " + smallest_tau(tau, works) + " here");
  }
  return summarise(x, std::move(run));
}

std::vector<double> iter_su_jacobian(std::span<const double> x, double k, double tau) {
  const char* routine = "iter_su_jacobian";
  const std::size_t K = check(routine, x, k, tau);
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x)) return std::vector<double>(n * n, kNaN);
  // 2^-s tau J with s = the exponent of tau when tau >= 1 (0 below): for a huge tau, tau J itself may be beyond
  // the largest double where J is not (x = (-27.75, -745, -DBL_MAX, ...), k = 4, tau = 1.3e190: tau J ~ 1e354,
  // J ~ 1e164); the tangents are linear in v, so v = 2^-s e_j scales them exactly.
  const auto shift = [](double t) {
    int e = 0;
    std::frexp(t, &e);
    return std::max(e, 0);
  };
  const auto tau_J = [&](double t) {
    return unscaled_jacobian<double>(
        n, [&](std::span<const double> v) { return run_su(x, K, t, v, false).pdot; }, std::ldexp(1.0, -shift(t)));
  };
  std::vector<double> J = tau_J(tau);
  // tau J of I1 is not bounded: round r multiplies the tangents by the scaled gaps (1 - p) (x - min) / tau, so it
  // grows like (spread / tau)^(k - 1) and may exceed the largest double before the division by tau.
  const auto representable = [&](double t) {
    int et = 0;
    const double mt = std::frexp(t, &et);
    for (double v : tau_J(t))
      if (!(std::fabs(v) <= std::numeric_limits<double>::max()) ||
          !(std::fabs(std::ldexp(v / mt, shift(t) - et)) <= std::numeric_limits<double>::max()))
        return false;
    return true;
  };
  if (std::any_of(J.begin(), J.end(), [](double v) { return std::isinf(v); }))
    throw std::out_of_range(std::string(routine) + ": tau = " + number_text(tau) +
                            " is too small for these scores: the Jacobian's entries are beyond the largest double; "
                            "tau must be at least " +
                            smallest_tau(tau, representable) + " here");
  topk_detail::divide_by_tau(routine, "the Jacobian's entries", J, tau, shift(tau));
  return J;
}

namespace {

std::vector<double> i2_jacobian(const char* routine, std::span<const double> x, std::size_t K, double tau);

// The last I2 Jacobian or refusal, for the same x, k, tau (bit for bit) again: the VJP after the Jacobian (the
// widget, the fuzzer) would repeat the whole computation, and a refusal's search for the smallest tau (tens of
// Jacobians).
struct LastI2Jacobian {
  std::vector<double> x, J;
  std::size_t K = 0;
  double tau = 0;
  std::string refusal;
  bool valid = false;
};
thread_local LastI2Jacobian last_i2_jacobian;

}  // namespace

std::vector<double> iter_weighted_jacobian(std::span<const double> x, double k, double tau, ComplementForm) {
  const char* routine = "iter_weighted_jacobian";
  const std::size_t K = check(routine, x, k, tau);
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x)) return std::vector<double>(n * n, kNaN);
  LastI2Jacobian& last = last_i2_jacobian;
  if (last.valid && last.K == K && std::memcmp(&last.tau, &tau, sizeof tau) == 0 && last.x.size() == n &&
      (n == 0 || std::memcmp(last.x.data(), x.data(), n * sizeof(double)) == 0)) {
    if (!last.refusal.empty()) throw std::out_of_range(last.refusal);
    return last.J;
  }
  last.valid = false;
  last.x.assign(x.begin(), x.end());
  last.K = K;
  last.tau = tau;
  last.refusal.clear();
  try {
    last.J = i2_jacobian(routine, x, K, tau);
  } catch (const std::out_of_range& e) {
    last.refusal = e.what();
    last.valid = true;
    throw;
  }
  last.valid = true;
  return last.J;
}

namespace {

std::vector<double> i2_jacobian(const char* routine, std::span<const double> x, std::size_t K, double tau) {
  const std::size_t n = x.size();
  const WeightedJacobian WJ = weighted_jacobian(x, K, tau);
  if (!(WJ.error_ratio <= kI2JacobianTolerance)) {
    // Refuse rather than return digits lost to rounding (rounds 3 and later, when their weights cancel). The
    // bound grows as tau shrinks; the smallest tau that passes is found by bisection in log tau.
    const std::string need =
        smallest_tau(tau, [&](double t) { return weighted_jacobian(x, K, t).error_ratio <= kI2JacobianTolerance; });
    throw std::out_of_range(std::string(routine) + ": tau = " + number_text(tau) +
                            " is too small for these scores: rounding would leave the Jacobian's entries wrong by " +
                            (!(WJ.error_ratio <= 1) ? "more than" : number_text(WJ.error_ratio) + " of") +
                            " its largest; tau must be at least " + need + " here");
  }
  // Entries of tau J below the smallest double may still give representable entries of J (tiny tau).
  const Wide over = wide(tau);
  std::vector<double> J(n * n);
  bool overflow = false;
  for (std::size_t i = 0; i < n * n; ++i) overflow |= std::isinf(J[i] = to_double(WJ.W[i] / over));
  if (overflow) {
    // J itself is beyond the double range. Not only for a tiny tau: with tied leaders I2's third round divides
    // by complements ~e^-gap whose derivatives are O(1), so J grows like e^(gap / tau) (x = (30, 30, 0), k = 3,
    // tau = 1: J_00 = -e^30 / 10, checked against mpmath; at x = (1e8, 1e8, 88.72) it is e^1e8). The error
    // names tau and the smallest that works.
    const auto works = [&](double t) {
      const WeightedJacobian w = weighted_jacobian(x, K, t);
      if (!(w.error_ratio <= kI2JacobianTolerance)) return false;
      const Wide over_t = wide(t);
      for (const Wide& v : w.W)
        if (std::isinf(to_double(v / over_t))) return false;
      return true;
    };
    throw std::out_of_range(std::string(routine) + ": tau = " + number_text(tau) +
                            " is too small for these scores: the Jacobian's entries are beyond the largest double; "
                            "tau must be at least " +
                            smallest_tau(tau, works) + " here");
  }
  return J;
}

}  // namespace

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
