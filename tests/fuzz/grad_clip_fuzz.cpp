// Fuzzes grad_clip.hpp: global and per-tensor norms (f32, f64, mixed views), clipping by global norm
// under every non-finite policy and the torch-compatible rule, clipping by value, learning-rate clipping
// (C5), sign statistics (C6) and the quantile helpers. Every outcome is a result obeying the header and
// gradient-clipping.md 6.5 (norm against a scaled long-double reference; clipped norm = min(norm, tau);
// direction kept; bit-identical copies when not clipped; idempotence) or a documented exception.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>

#include "fuzz_input.hpp"
#include "mathlets/grad_clip.hpp"

namespace {

using namespace mathlets;

// Returns true when f returned; an exception must be of a type whose rule is broken.
bool expect(const std::function<void()>& f, bool invalid_bad, bool domain_bad, bool range_bad = false) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    if (!invalid_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(invalid_bad);
    return false;
  } catch (const std::domain_error& e) {
    if (!domain_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(domain_bad);
    return false;
  } catch (const std::out_of_range& e) {
    if (!range_bad) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(range_bad);
    return false;
  }
  FUZZ_CHECK(!invalid_bad && !domain_bad && !range_bad);
  return true;
}

// Relative accuracy of a norm: f64 blocked scaled sums (1e-13, item 6); f32 is exact in f64.
constexpr double kNormRel = 1e-13;

template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// L2 norm of the concatenation, scaled by the largest magnitude and summed in long double (64-bit
// mantissa): a reference independent of the library's power-of-two scaling. NaN if any NaN, else inf.
template <class T>
long double reference_norm_ld(const std::vector<std::vector<T>>& ts) {
  long double m = 0;
  bool nan = false, inf = false;
  for (const auto& t : ts)
    for (T v : t) {
      nan |= std::isnan(v);
      inf |= std::isinf(v);
      if (std::isfinite(v)) m = std::max(m, std::fabs(static_cast<long double>(v)));
    }
  if (nan) return std::nan("");
  if (inf) return INFINITY;
  if (m == 0) return 0;
  long double q = 0;
  for (const auto& t : ts)
    for (T v : t) {
      const long double s = static_cast<long double>(v) / m;
      q += s * s;
    }
  return m * std::sqrt(q);  // long double: no overflow
}

template <class T>
double reference_norm(const std::vector<std::vector<T>>& ts) {
  return static_cast<double>(reference_norm_ld(ts));  // > DBL_MAX rounds to +inf, as documented
}

template <class T>
bool all_finite(const std::vector<std::vector<T>>& ts) {
  for (const auto& t : ts)
    for (T v : t)
      if (!std::isfinite(v)) return false;
  return true;
}

template <class T>
std::vector<std::span<const T>> spans(const std::vector<std::vector<T>>& ts) {
  return std::vector<std::span<const T>>(ts.begin(), ts.end());
}

template <class T>
std::size_t total_size(const std::vector<std::vector<T>>& ts) {
  std::size_t n = 0;
  for (const auto& t : ts) n += t.size();
  return n;
}

template <class T>
bool norms_agree(double got, double ref) {
  if (std::isnan(ref)) return std::isnan(got);
  // Near DBL_MAX the reference may round to inf where the library is finite (or vice versa): a true norm
  // of DBL_MAX (1 + 7.7e-17) rounds to inf, the library's 2^e sqrt(q) to DBL_MAX (within its 1e-13).
  if (std::isinf(ref)) return got == INFINITY || got >= std::numeric_limits<double>::max() * (1 - kNormRel);
  if (std::isinf(got)) return ref > std::numeric_limits<double>::max() * (1 - kNormRel);
  // (+ denorm_min: a subnormal norm has only the digits of a subnormal, 7.4e-313 about 30 bits.)
  return std::fabs(got - ref) <= kNormRel * ref + std::numeric_limits<double>::denorm_min();
}

// One clipped copy against the input: same sign pattern and the common factor `scale`, to rounding of T.
template <class T>
void check_scaled(const std::vector<std::vector<T>>& in, const std::vector<std::vector<T>>& out, long double scale) {
  FUZZ_CHECK(out.size() == in.size());
  const long double tiny = std::numeric_limits<T>::denorm_min();
  for (std::size_t t = 0; t < in.size(); ++t) {
    FUZZ_CHECK(out[t].size() == in[t].size());
    for (std::size_t i = 0; i < in[t].size(); ++i) {
      const long double want = static_cast<long double>(in[t][i]) * scale;
      const long double got = out[t][i];
      const long double ulp = 2 * std::numeric_limits<T>::epsilon() + kNormRel;  // entry rounding, norm accuracy
      FUZZ_CHECK(std::fabs(got - want) <= ulp * std::fabs(want) + tiny);
    }
  }
}

template <class T>
void print(const char* what, const std::vector<std::vector<T>>& g, double max_norm) {
  if (!std::getenv("FUZZ_VERBOSE")) return;  // for reproducing a saved input by hand
  std::fprintf(stderr, "%s (%s), max_norm = %.17g:", what, sizeof(T) == 4 ? "f32" : "f64", max_norm);
  for (const auto& t : g) {
    std::fprintf(stderr, " [");
    for (T v : t) std::fprintf(stderr, " %.17g", static_cast<double>(v));
    std::fprintf(stderr, " ]");
  }
  std::fprintf(stderr, "\n");
}

template <class T>
void check_global(const std::vector<std::vector<T>>& g, double max_norm, const ClipOptions& o) {
  print("global", g, max_norm);
  const auto views = spans(g);
  const double ref = reference_norm(g);
  double norm = 0;
  expect([&] { norm = global_norm(std::span<const std::span<const T>>(views)); }, false, false);
  FUZZ_CHECK(norms_agree<T>(norm, ref));

  const bool bad_tau = !(max_norm >= 0);
  const bool finite = all_finite(g);  // a finite gradient may still have a norm above DBL_MAX
  ClipResult<T> r;
  if (!expect([&] { r = clip_by_global_norm(std::span<const std::span<const T>>(views), max_norm, o); }, bad_tau,
              !finite && o.non_finite == NonFiniteNorm::error))
    return;
  FUZZ_CHECK(r.finite == finite);
  FUZZ_CHECK(same_bits(r.norm, norm) || (std::isnan(r.norm) && std::isnan(norm)));
  FUZZ_CHECK(r.tensors.size() == g.size());
  if (!finite) {
    if (o.non_finite == NonFiniteNorm::inf_limit && !std::isnan(ref)) {  // tau sign(g_i) / sqrt(q) on the inf entries
      std::size_t q = 0;
      for (const auto& t : g)
        for (T v : t) q += std::isinf(v);
      const T each = static_cast<T>(max_norm / std::sqrt(static_cast<double>(q)));
      FUZZ_CHECK(r.clipped && r.scale == 0);
      for (std::size_t t = 0; t < g.size(); ++t)
        for (std::size_t i = 0; i < g[t].size(); ++i)
          FUZZ_CHECK(same_bits(r.tensors[t][i], std::isinf(g[t][i]) ? std::copysign(each, g[t][i]) : T(0)));
    } else {  // report: untouched copies
      FUZZ_CHECK(!r.clipped && r.scale == 1);
      for (std::size_t t = 0; t < g.size(); ++t)
        for (std::size_t i = 0; i < g[t].size(); ++i) FUZZ_CHECK(same_bits(r.tensors[t][i], g[t][i]));
    }
    return;
  }
  FUZZ_CHECK(r.scale >= 0 && r.scale <= 1);
  if (!o.torch_compat && norm <= max_norm) {  // bit-identical, scale 1
    FUZZ_CHECK(!r.clipped && r.scale == 1);
    for (std::size_t t = 0; t < g.size(); ++t)
      for (std::size_t i = 0; i < g[t].size(); ++i) FUZZ_CHECK(same_bits(r.tensors[t][i], g[t][i]));
    return;
  }
  FUZZ_CHECK(r.clipped == (r.scale < 1) || !o.torch_compat);
  // Direction kept: one common factor. torch_compat applies its reported scale as PyTorch does; the
  // default rule must give g max_norm / ||g|| entry by entry even where that factor underflows a double.
  if (o.torch_compat) check_scaled(g, r.tensors, r.scale);
  else check_scaled(g, r.tensors, static_cast<long double>(max_norm) / reference_norm_ld(g));
  // ||clip(g)|| = min(||g||, tau) (item 1), up to the rounding of each entry to T (relative eps_T, or an
  // absolute denorm_min per entry when entries underflow).
  // In long double: a clipped norm of DBL_MAX (max_norm = DBL_MAX) may round either way at the overflow edge.
  const long double after = reference_norm_ld(r.tensors);
  print("clipped", r.tensors, r.scale);
  const long double want = std::min(reference_norm_ld(g), static_cast<long double>(max_norm));
  const double n = static_cast<double>(total_size(g));
  const long double tol =
      4 * std::numeric_limits<T>::epsilon() * want + n * std::numeric_limits<T>::denorm_min() + kNormRel * want;
  if (o.torch_compat) {
    // Lands slightly below tau (scale = tau / (norm + 1e-6)), up to the rounding of that scale, which is
    // absolute (denorm_min) when tau is subnormal.
    FUZZ_CHECK(after <= want + tol + ref * std::numeric_limits<double>::denorm_min());
    return;
  }
  FUZZ_CHECK(r.clipped);
  FUZZ_CHECK(std::fabs(after - want) <= tol);
  // Idempotent up to rounding (item 3).
  ClipResult<T> again = clip_by_global_norm(std::span<const std::span<const T>>(spans(r.tensors)), max_norm, o);
  for (std::size_t t = 0; t < g.size(); ++t)
    for (std::size_t i = 0; i < g[t].size(); ++i)
      FUZZ_CHECK(std::fabs(static_cast<double>(again.tensors[t][i]) - static_cast<double>(r.tensors[t][i])) <=
                 4 * std::numeric_limits<T>::epsilon() * std::fabs(static_cast<double>(r.tensors[t][i])) +
                     std::numeric_limits<T>::denorm_min());
}

template <class T>
void check_per_tensor(const std::vector<std::vector<T>>& g, double max_norm, const ClipOptions& o) {
  print("per tensor", g, max_norm);
  const auto views = spans(g);
  bool any_nonfinite = false;
  for (const auto& t : g) any_nonfinite |= !all_finite(std::vector<std::vector<T>>{t});
  PerTensorClipResult<T> r;
  if (!expect([&] { r = clip_per_tensor(std::span<const std::span<const T>>(views), max_norm, o); }, !(max_norm >= 0),
              any_nonfinite && o.non_finite == NonFiniteNorm::error))
    return;
  FUZZ_CHECK(r.finite == !any_nonfinite);
  FUZZ_CHECK(r.norms.size() == g.size() && r.scales.size() == g.size() && r.tensors.size() == g.size());
  for (std::size_t t = 0; t < g.size(); ++t) {
    const std::vector<std::vector<T>> one{g[t]};
    const double ref = reference_norm(one);
    FUZZ_CHECK(norms_agree<T>(r.norms[t], ref));
    FUZZ_CHECK(norms_agree<T>(l2_norm(std::span<const T>(g[t])), ref));
    if (!all_finite(one)) continue;
    FUZZ_CHECK(r.scales[t] >= 0 && r.scales[t] <= 1);
    if (o.torch_compat) check_scaled(one, std::vector<std::vector<T>>{r.tensors[t]}, r.scales[t]);
    else if (r.norms[t] > max_norm)
      check_scaled(one, std::vector<std::vector<T>>{r.tensors[t]},
                   static_cast<long double>(max_norm) / reference_norm_ld(one));
    else check_scaled(one, std::vector<std::vector<T>>{r.tensors[t]}, 1.0L);
    // In long double, as for the global norm: a clipped norm of DBL_MAX may round either way at the edge.
    const long double after = reference_norm_ld(std::vector<std::vector<T>>{r.tensors[t]});
    const long double want = std::min(reference_norm_ld(one), static_cast<long double>(max_norm));
    const long double tol = 4 * std::numeric_limits<T>::epsilon() * want +
                            static_cast<double>(g[t].size()) * std::numeric_limits<T>::denorm_min() + kNormRel * want;
    if (!std::isfinite(want)) continue;  // untouched (checked above): a norm above DBL_MAX and max_norm = inf
    if (o.torch_compat) FUZZ_CHECK(after <= want + tol + ref * std::numeric_limits<double>::denorm_min());
    else FUZZ_CHECK(std::fabs(after - want) <= tol);
  }
}

template <class T>
void check_by_value(const std::vector<std::vector<T>>& g, double cv) {
  const auto views = spans(g);
  std::vector<std::vector<T>> r;
  if (!expect([&] { r = clip_by_value(std::span<const std::span<const T>>(views), cv); }, !(cv >= 0), false)) return;
  FUZZ_CHECK(r.size() == g.size());
  const T c = static_cast<T>(cv);
  for (std::size_t t = 0; t < g.size(); ++t) {
    FUZZ_CHECK(r[t].size() == g[t].size());
    for (std::size_t i = 0; i < g[t].size(); ++i) {
      const T v = g[t][i], o = r[t][i];
      if (std::isnan(v)) {
        FUZZ_CHECK(std::isnan(o));
        continue;
      }
      // Clamped to [-cv, cv] as rounded to T (a cv between floats may round up by half an ulp).
      FUZZ_CHECK(std::fabs(static_cast<double>(o)) <= std::max(cv, static_cast<double>(c)));
      if (std::fabs(static_cast<double>(v)) <= cv) FUZZ_CHECK(same_bits(o, v));
      else FUZZ_CHECK(o == std::copysign(c, v));
    }
  }
}

template <class T>
std::vector<std::vector<T>> tensors(FuzzInput& in) {
  std::vector<std::vector<T>> g(in.count(4));
  for (auto& t : g) {
    t.resize(in.count(16));
    const bool scale = in.byte() & 1;  // one tensor of one extreme magnitude
    const int e = static_cast<int>(in.count(2100)) - 1075;
    for (T& v : t) v = static_cast<T>(scale ? std::ldexp(in.small(), e) : in.number());
  }
  return g;
}

void check_mixed(FuzzInput& in, double max_norm) {
  const auto f = tensors<float>(in);
  const auto d = tensors<double>(in);
  std::vector<GradientView> views;
  for (std::size_t i = 0; i < f.size() + d.size(); ++i) {
    if (in.byte() & 1 && !f.empty()) views.emplace_back(std::span<const float>(f[i % f.size()]));
    else if (!d.empty()) views.emplace_back(std::span<const double>(d[i % d.size()]));
  }
  bool mixed = false;
  for (const auto& v : views) mixed |= v.index() != views.front().index();
  double norm = 0;
  expect([&] { norm = global_norm(std::span<const GradientView>(views)); }, mixed, false);
  AnyClipResult r;
  if (expect([&] { r = clip_by_global_norm(std::span<const GradientView>(views), max_norm); },
             mixed || !(max_norm >= 0), false)) {
    FUZZ_CHECK(r.tensors.size() == views.size());
    for (std::size_t i = 0; i < views.size(); ++i) FUZZ_CHECK(r.tensors[i].index() == views[i].index());
    FUZZ_CHECK(same_bits(r.norm, norm) || (std::isnan(r.norm) && std::isnan(norm)));
  }
}

void check_lr_and_signs(FuzzInput& in) {
  const std::vector<double> u = in.numbers(16);
  std::vector<double> g = in.byte() & 1 ? in.numbers(16) : u;
  if (in.byte() & 1) g.resize(u.size(), 1.0);
  const double eta = in.byte() & 1 ? in.number() : 0.1, t = in.byte() & 1 ? in.number() : 1.0;
  LrClip lr;
  if (expect([&] { lr = clip_lr_by_inner_product(eta, u, g, t); }, !(eta >= 0) || !(t > 0) || u.size() != g.size(),
             false)) {
    if (std::getenv("FUZZ_VERBOSE"))
      std::fprintf(stderr, "lr: eta %.17g T %.17g inner %.17g lr %.17g\n", eta, t, lr.inner, lr.lr);
    if (std::isfinite(lr.inner) && std::isfinite(eta) && std::isfinite(t)) {
      FUZZ_CHECK(lr.clipped == (lr.inner > t));
      FUZZ_CHECK(lr.lr >= 0 && lr.lr <= eta);
      if (lr.inner > 0 && std::isfinite(eta * t))  // (C5) eta_t u.g <= eta T (item 8)
        // lr = eta (T / u.g) has two roundings; a subnormal T / u.g or lr is rounded absolutely.
        FUZZ_CHECK(lr.lr * lr.inner <=
                   eta * t * (1 + 8e-16) + std::numeric_limits<double>::denorm_min() * lr.inner * (1 + eta));
    }
  }
  print("sign_stats", std::vector<std::vector<double>>{u}, 0.0);
  const SignStats s = sign_stats(u);
  if (std::getenv("FUZZ_VERBOSE"))
    std::fprintf(stderr, "l2 %.17g reference %.17g\n", s.l2, reference_norm(std::vector<std::vector<double>>{u}));
  std::size_t nonzero = 0;
  long double l1 = 0;
  for (double v : u) {
    nonzero += v != 0;
    l1 += std::fabs(static_cast<long double>(v));
  }
  FUZZ_CHECK(s.nonzero == nonzero);
  // The cosine at every magnitude, 4.9e-324 to 1.8e308 (it was NaN once ||g||_1 or ||g|| overflowed; issue 14):
  // against long double, where neither the sum of |g_i| nor of g_i^2 overflows or goes subnormal.
  if (nonzero > 0 && std::all_of(u.begin(), u.end(), [](double v) { return std::isfinite(v); })) {
    long double sq = 0;
    for (double v : u) sq += static_cast<long double>(v) * v;
    const double ref = static_cast<double>(l1 / (std::sqrt(static_cast<long double>(nonzero)) * std::sqrt(sq)));
    FUZZ_CHECK(std::fabs(s.cosine - ref) <= 1e-13 * ref);
  }
  FUZZ_CHECK(norms_agree<double>(s.l2, reference_norm(std::vector<std::vector<double>>{u})));
  // Normal norms only: a subnormal l2 is rounded to a multiple of 4.9e-324 (five denorm_min entries have
  // l2 = 2 denorm_min, so the computed cosine is 1.118).
  if (std::isfinite(s.l1) && s.l2 >= std::numeric_limits<double>::min() && static_cast<double>(l1) < 1e307) {
    FUZZ_CHECK(std::fabs(s.l1 - static_cast<double>(l1)) <= 1e-14 * static_cast<double>(l1));
    FUZZ_CHECK(s.cosine > 0 && s.cosine <= 1 + 1e-12);              // Cauchy-Schwarz: ||g||_1 <= sqrt(N') ||g||
    FUZZ_CHECK(std::fabs(s.sqrt_n_l2_cos - s.l1) <= 1e-13 * s.l1);  // (C6), item 7
  }
  const double p = in.number();
  double z = 0;
  if (expect([&] { z = normal_quantile(p); }, false, false, !(p > 0 && p < 1))) {
    FUZZ_CHECK(std::isfinite(z));
    if (p != 0.5) FUZZ_CHECK((z > 0) == (p > 0.5));
    if (p >= 1e-3 && p <= 0.999)
      FUZZ_CHECK(std::fabs(z + normal_quantile(1 - p)) <= 1e-12 * std::max(1.0, std::fabs(z)));
  }
  const std::size_t n = in.count(64);
  const double norm = in.byte() & 1 ? in.number() : 1.0;
  std::vector<double> q;
  if (expect([&] { q = gaussian_quantile_vector(n, norm); }, !(norm >= 0) || !std::isfinite(norm), false)) {
    FUZZ_CHECK(q.size() == n);
    if (n > 1)
      FUZZ_CHECK(norms_agree<double>(l2_norm(std::span<const double>(q)), norm) || norm < 1e-300);  // n = 1: (0)
    for (std::size_t i = 0; i + 1 < n; ++i) FUZZ_CHECK(q[i] <= q[i + 1]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  static const double taus[] = {1.0, 0.0, INFINITY, 1e-300, 1e300, 5e-324, 3.0e38, 1e-45, -1.0, NAN};
  const double max_norm = in.byte() & 1 ? in.number() : taus[in.choice(sizeof taus / sizeof taus[0])];
  ClipOptions o;
  o.non_finite = static_cast<NonFiniteNorm>(in.choice(3));
  o.torch_compat = (in.byte() & 3) == 0;
  switch (in.choice(7)) {
    case 0: check_global(tensors<double>(in), max_norm, o); break;
    case 1: check_global(tensors<float>(in), max_norm, o); break;
    case 2: check_per_tensor(tensors<double>(in), max_norm, o); break;
    case 3: check_per_tensor(tensors<float>(in), max_norm, o); break;
    case 4:
      check_by_value(tensors<double>(in), max_norm);
      check_by_value(tensors<float>(in), max_norm);
      break;
    case 5: check_mixed(in, max_norm); break;
    default: check_lr_and_signs(in); break;
  }
  return 0;
}
