// GradTopK by the log-domain forward/backward DP of elementary symmetric polynomials (section 2.1),
// its forward-mode JVP (dual numbers through the same DP) and the full Jacobian.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>

#include "mathlets/smooth_topk.hpp"
#include "smooth_topk_detail.hpp"

namespace mathlets {

namespace {

using topk_detail::kInf;
using topk_detail::kNaN;

// A log-domain value with its tangent.
struct Dual {
  double v = -kInf;
  double d = 0;
};

// log(e^a + e^b) and its tangent: the tangent is the weighted mean of the two tangents.
Dual add(Dual a, Dual b) {
  if (a.v < b.v) std::swap(a, b);
  if (b.v == -kInf) return a;
  const double e = std::exp(b.v - a.v);
  return {a.v + std::log1p(e), (a.d + e * b.d) / (1 + e)};
}

struct DpResult {
  std::vector<double> p, pdot;
  double log_z = 0;  // log e_K(e^z)
};

// p_i = exp(z_i + log e_{K-1}(w_{-i}) - log e_K(w)), w = e^z, for 0 < K < z.size(). With tangents zdot (same
// size as z, or empty for none) it also returns pdot = dp/dz . zdot.
DpResult elementary_dp(const std::vector<double>& z, std::size_t K, std::span<const double> zdot) {
  const std::size_t m = z.size(), W = K + 1;
  const bool tangents = !zdot.empty();
  auto zd = [&](std::size_t i) { return tangents ? zdot[i] : 0.0; };
  // Forward table: A[i][j] = log e_j(w_0 .. w_{i-1}).
  std::vector<Dual> A((m + 1) * W);
  A[0] = {0.0, 0.0};
  for (std::size_t i = 1; i <= m; ++i) {
    const Dual* prev = &A[(i - 1) * W];
    Dual* row = &A[i * W];
    const std::size_t top = std::min(i, K);
    row[0] = prev[0];
    for (std::size_t j = 1; j <= top; ++j) row[j] = add(prev[j], {prev[j - 1].v + z[i - 1], prev[j - 1].d + zd(i - 1)});
  }
  const Dual logz = A[m * W + K];
  DpResult out;
  out.log_z = logz.v;
  out.p.assign(m, 0.0);
  if (tangents) out.pdot.assign(m, 0.0);
  // Backward vector streamed right to left: B[j] = log e_j(w_{i+1} .. w_{m-1}).
  std::vector<Dual> B(W);
  B[0] = {0.0, 0.0};
  std::vector<double> terms(K);
  for (std::size_t ii = m; ii-- > 0;) {
    const Dual* left = &A[ii * W];
    // L = log e_{K-1}(w_{-i}) = lse_a (A[i][a] + B[K-1-a]).
    double peak = -kInf;
    for (std::size_t a = 0; a < K; ++a) {
      terms[a] = left[a].v + B[K - 1 - a].v;
      peak = std::max(peak, terms[a]);
    }
    if (peak > -kInf) {
      double sum = 0, dsum = 0;
      for (std::size_t a = 0; a < K; ++a) {
        const double e = std::exp(terms[a] - peak);
        sum += e;
        dsum += e * (left[a].d + B[K - 1 - a].d);
      }
      const double L = peak + std::log(sum);
      const double p = std::min(1.0, std::exp(z[ii] + L - logz.v));  // clamp absorbs rounding above 1
      out.p[ii] = p;
      if (tangents) out.pdot[ii] = p * (zd(ii) + dsum / sum - logz.d);
    }
    for (std::size_t j = std::min(K, m - ii); j >= 1; --j) B[j] = add(B[j], {B[j - 1].v + z[ii], B[j - 1].d + zd(ii)});
  }
  return out;
}

// The finite sub-problem of gradtopk after the +-inf rules, solved in place into p (and pdot).
struct Solved {
  topk_detail::FiniteProblem fp;
  double sub_smooth_sum = 0;  // tau log e_K of the finite entries, in x units (K x_max added back)
};

Solved solve(std::span<const double> x, double k, double tau, std::span<double> p, std::span<const double> v,
             std::span<double> pdot) {
  Solved s{topk_detail::split_infinite(x, k, p), 0.0};
  const auto& fp = s.fp;
  const std::size_t m = fp.index.size();
  const auto K = static_cast<std::size_t>(fp.budget);
  if (K == 0) return s;
  if (K == m) {
    for (std::size_t i : fp.index) p[i] = 1.0;
    for (double xi : fp.value) s.sub_smooth_sum += xi;
    return s;
  }
  // Work around the K-th largest finite value a, in gaps g_i = (x_i - a) / tau. Entries with g_i >= G are in
  // every likely subset and those with g_i <= -G in none: P(i not in S), resp. P(i in S), is at most
  // m e^-G (swap i with the smallest member, resp. the largest non-member, which lies on the other side of a),
  // and G = 800 + log m puts that below half the smallest subnormal, so p_i is exactly 1, resp. 0, and the
  // rest form a K'-subset problem of their own. The DP then sees gaps below G only: with the max-shifted
  // scores alone, spreads beyond the largest double made scores -inf and sums of K of them overflowed,
  // and huge finite spreads rounded log Z by eps * K * spread (order reversed, k = 1 unequal to softmax).
  std::vector<double> sorted = fp.value;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(K - 1), sorted.end(),
                   std::greater<double>());
  const double a = sorted[K - 1];
  const double G = 800.0 + std::log(static_cast<double>(m));
  std::vector<double> z, zdot;
  std::vector<std::size_t> middle;  // positions in fp of the entries left to the DP
  double sure_sum = 0;
  std::size_t sure_in = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const double g = topk_detail::scaled_gap(fp.value[i], a, tau);
    if (g >= G) {
      p[fp.index[i]] = 1.0;
      sure_sum += fp.value[i];
      ++sure_in;
    } else if (g > -G) {
      middle.push_back(i);
      z.push_back(g);
      if (!v.empty()) zdot.push_back(v[fp.index[i]]);  // tau pdot: the caller divides by tau
    }
  }
  const std::size_t Km = K - sure_in;  // 1 <= Km <= middle.size(): a itself is in the middle
  double log_z = 0;
  if (Km == middle.size()) {
    for (std::size_t i : middle) p[fp.index[i]] = 1.0;
    for (double zi : z) log_z += zi;
  } else {
    const DpResult dp = elementary_dp(z, Km, zdot);
    for (std::size_t j = 0; j < middle.size(); ++j) {
      p[fp.index[middle[j]]] = dp.p[j];
      if (!v.empty()) pdot[fp.index[middle[j]]] = dp.pdot[j];
    }
    log_z = dp.log_z;
  }
  s.sub_smooth_sum = sure_sum + static_cast<double>(Km) * a + tau * log_z;
  return s;
}

// tau J v. Row i of J is p_i (e_i + dL_i/dz - dlog Z/dz): for p_i near 1 the bracket cancelled (its diagonal
// entry is 1 - p_i), leaving an absolute error eps / tau where J_ii = p_i (1 - p_i) / tau is tiny, so rows and
// columns stopped summing to 0 at small tau (x = (3, 2, 1, 4), tau = 0.05). Those rows come from the complement
// instead: 1 - p(x) = ST_{n-k}(-x), so dp/dx = J_{n-k}(-x), whose row i starts from 1 - p_i.
std::vector<double> unscaled_jvp(std::span<const double> x, double k, double tau, std::span<const double> v) {
  const std::size_t n = x.size();
  std::vector<double> p(n), pdot(n, 0.0), q(n), qdot(n, 0.0), y(n);
  solve(x, k, tau, p, v, pdot);
  if (!std::any_of(p.begin(), p.end(), [](double pi) { return pi > 0.5; })) return pdot;
  for (std::size_t i = 0; i < n; ++i) y[i] = -x[i];
  solve(y, static_cast<double>(n) - k, tau, q, v, qdot);
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] > 0.5) pdot[i] = qdot[i];
  return pdot;
}

void check_common(const char* routine, std::span<const double> x, double k, double tau) {
  topk_detail::check_k(routine, k, x.size(), true);
  topk_detail::check_tau(routine, tau);
}

}  // namespace

GradTopK gradtopk(std::span<const double> x, double k, double tau) {
  check_common("gradtopk", x, k, tau);
  const std::size_t n = x.size();
  GradTopK r;
  r.p.assign(n, 0.0);
  if (topk_detail::has_nan(x)) {
    r.p.assign(n, kNaN);
    r.log_z = r.smooth_sum = r.expected_sum = kNaN;
    return r;
  }
  const Solved s = solve(x, k, tau, r.p, {}, {});
  if (k > 0 && s.fp.pos_inf > 0) r.smooth_sum = kInf;  // a +inf entry is in every best subset
  else if (s.fp.deficit) r.smooth_sum = -kInf;         // every k-subset holds a -inf entry
  else r.smooth_sum = s.sub_smooth_sum;
  r.log_z = r.smooth_sum / tau;
  for (std::size_t i = 0; i < n; ++i)
    if (r.p[i] != 0) r.expected_sum += r.p[i] * x[i];
  return r;
}

std::vector<double> gradtopk_jvp(std::span<const double> x, double k, double tau, std::span<const double> v) {
  const char* routine = "gradtopk_jvp";
  check_common(routine, x, k, tau);
  topk_detail::check_size(routine, "v", v.size(), x.size());
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x) || topk_detail::has_nan(v)) return std::vector<double>(n, kNaN);
  const int e2 = topk_detail::magnitude_exponent(v);  // v / 2^e2: tangents that cannot overflow
  std::vector<double> unit(n);
  for (std::size_t i = 0; i < n; ++i) unit[i] = std::ldexp(v[i], -e2);
  std::vector<double> out = unscaled_jvp(x, k, tau, unit);
  topk_detail::divide_by_tau(routine, "J v", out, tau, e2);
  return out;
}

std::vector<double> gradtopk_vjp(std::span<const double> x, double k, double tau, std::span<const double> pbar) {
  check_common("gradtopk_vjp", x, k, tau);
  topk_detail::check_size("gradtopk_vjp", "pbar", pbar.size(), x.size());
  return gradtopk_jvp(x, k, tau, pbar);  // J is symmetric
}

std::vector<double> gradtopk_jacobian(std::span<const double> x, double k, double tau) {
  const char* routine = "gradtopk_jacobian";
  check_common(routine, x, k, tau);
  const std::size_t n = x.size();
  if (topk_detail::has_nan(x)) return std::vector<double>(n * n, kNaN);
  std::vector<double> J(n * n), e(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    e[j] = 1.0;
    const std::vector<double> col = unscaled_jvp(x, k, tau, e);
    e[j] = 0.0;
    for (std::size_t i = 0; i < n; ++i) J[i * n + j] = col[i];
  }
  topk_detail::divide_by_tau(routine, "the Jacobian's entries", J, tau);
  return J;
}

GradTopKRecursion gradtopk_article_recursion(std::span<const double> x, double k, double tau) {
  const char* routine = "gradtopk_article_recursion";
  check_common(routine, x, k, tau);
  topk_detail::require_no_infinity(routine, x);
  const std::size_t n = x.size();
  GradTopKRecursion r;
  if (topk_detail::has_nan(x)) {
    r.p.assign(n, kNaN);
    r.log_z = kNaN;
    return r;
  }
  r.p.assign(n, 0.0);
  const auto K = static_cast<std::size_t>(k);
  if (K == 0) return r;
  std::vector<double> z;
  const double xmax = topk_detail::shifted_scores(x, tau, z);
  auto lse = [](const std::vector<double>& v) {
    const double m = *std::max_element(v.begin(), v.end());
    if (m == -kInf) return -kInf;
    double s = 0;
    for (double t : v) s += std::exp(t - m);
    return m + std::log(s);
  };
  std::vector<double> logzi = z;  // log Z_{1,i} = z_i
  double logz = lse(logzi);       // log Z_1
  for (std::size_t j = 2; j <= K; ++j) {
    for (std::size_t i = 0; i < n; ++i) {
      const double a = logz, b = logzi[i];
      if (b >= a) {  // Z_{j-1} - Z_{j-1,i} <= 0 in floating point: log 0
        ++r.log0_events;
        if (r.first_log0_round == 0) r.first_log0_round = static_cast<int>(j);
        logzi[i] = -kInf;
      } else {
        logzi[i] = z[i] + a + std::log1p(-std::exp(b - a));
      }
    }
    logz = lse(logzi) - std::log(static_cast<double>(j));
  }
  for (std::size_t i = 0; i < n; ++i) r.p[i] = std::exp(logzi[i] - logz);
  r.log_z = logz + static_cast<double>(K) * xmax / tau;
  return r;
}

}  // namespace mathlets
