// Gradient clipping (../shared/math/gradient-clipping.md): the oracles of section 6, the invariants of 6.5,
// overflow/underflow at extreme magnitudes, f32/f64 agreement, the non-finite policies, errors, and the
// simulations' curves obeying the article's first-order argument.
//
// Tolerances: clipped values and norms of small double inputs are compared at 1e-15 relative (a handful of
// roundings, section 4.2); float32 results at 1e-6 relative (one f32 rounding of an f64 product is 6e-8, the
// rest is slack); sums over N terms at 1e-13 relative (blocked summation, section 6.5 item 6).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "mathlets/grad_clip.hpp"

using namespace mathlets;
using Vec = std::vector<double>;
using VecF = std::vector<float>;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A list of tensors as spans.
template <class T>
std::vector<std::span<const T>> views(const std::vector<std::vector<T>>& ts) {
  std::vector<std::span<const T>> v;
  for (const auto& t : ts) v.emplace_back(t);
  return v;
}

template <class T>
ClipResult<T> clip(const std::vector<std::vector<T>>& ts, double tau, const ClipOptions& o = {}) {
  const auto v = views(ts);
  return clip_by_global_norm(std::span<const std::span<const T>>(v), tau, o);
}

template <class T>
double gnorm(const std::vector<std::vector<T>>& ts) {
  const auto v = views(ts);
  return global_norm(std::span<const std::span<const T>>(v));
}

long double reference_norm(const std::vector<Vec>& ts) {
  long double s = 0;  // long double has the exponent range for 1e+-300 squares
  for (const auto& t : ts)
    for (double v : t) s += static_cast<long double>(v) * v;
  return std::sqrt(s);
}

struct Rng {
  std::uint64_t s;
  double uniform() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  }
  double normal() { return std::sqrt(-2 * std::log(1 - uniform())) * std::cos(6.283185307179586 * uniform()); }
};

template <class E, class F>
void expect_error(F call, const std::string& text) {
  try {
    call();
    ADD_FAILURE() << "no exception; wanted: " << text;
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

void expect_rel(double got, double want, double rel, const std::string& what = "") {
  EXPECT_NEAR(got, want, rel * std::fabs(want)) << what;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Section 6.1 table

TEST(ClipByGlobalNorm, OracleTableDoubleAndFloat) {
  struct Row {
    Vec g;
    double tau, norm;
    Vec want;
  };
  const Row rows[] = {
      {{3, 4}, 1, 5, {0.6, 0.8}},
      {{3, 4}, 2.5, 5, {1.5, 2.0}},
      {{3, 4}, 5, 5, {3, 4}},
      {{3, 4}, 10, 5, {3, 4}},
      {{3, 4}, 0, 5, {0, 0}},
      {{0, 0}, 1, 0, {0, 0}},
      {{3, -4, 0, 12}, 1, 13, {3.0 / 13, -4.0 / 13, 0, 12.0 / 13}},
  };
  for (const Row& r : rows) {
    const auto d = clip<double>({r.g}, r.tau);
    EXPECT_DOUBLE_EQ(d.norm, r.norm);
    for (std::size_t i = 0; i < r.g.size(); ++i) EXPECT_NEAR(d.tensors[0][i], r.want[i], 1e-15);
    EXPECT_EQ(d.clipped, r.norm > r.tau);
    VecF gf(r.g.begin(), r.g.end());
    const auto f = clip<float>({gf}, r.tau);
    EXPECT_DOUBLE_EQ(f.norm, r.norm);  // small integers: exact in f32 and f64
    for (std::size_t i = 0; i < r.g.size(); ++i) EXPECT_NEAR(f.tensors[0][i], r.want[i], 1e-6 * 13);
  }
  // The boundary case is unchanged bit-for-bit with scale 1 ("<=" branch).
  const auto b = clip<double>({{3, 4}}, 5);
  EXPECT_EQ(b.tensors[0], (Vec{3, 4}));
  EXPECT_EQ(b.scale, 1.0);
  EXPECT_FALSE(b.clipped);
  // tau = 0: scale 0; tau = inf: identity.
  EXPECT_EQ(clip<double>({{3, 4}}, 0).scale, 0.0);
  EXPECT_EQ(clip<double>({{3, 4}}, kInf).tensors[0], (Vec{3, 4}));
}

TEST(ClipByGlobalNorm, TwoTensorsAndPyTorchVariant) {
  // Two tensors (squared norms 30 and 34): norm 8, tau 5 -> all entries times 5/8 (exact binary fraction).
  const auto r = clip<double>({{3, -4, 2, 1}, {5, -3}}, 5);
  EXPECT_EQ(r.norm, 8.0);
  EXPECT_EQ(r.scale, 0.625);
  EXPECT_EQ(r.tensors[0], (Vec{1.875, -2.5, 1.25, 0.625}));
  EXPECT_EQ(r.tensors[1], (Vec{3.125, -1.875}));
  // PyTorch: c = min(1, tau / (n + 1e-6)); 15 printed digits.
  ClipOptions torch;
  torch.torch_compat = true;
  const auto t = clip<double>({{3, 4}}, 1, torch);
  EXPECT_NEAR(t.tensors[0][0], 0.599999880000024, 1e-15);
  EXPECT_NEAR(t.tensors[0][1], 0.799999840000032, 1e-15);
  EXPECT_NEAR(gnorm<double>(t.tensors), 0.99999980000004, 1e-14);
}

TEST(ClipByGlobalNorm, NoOverflowOrUnderflowAtExtremeMagnitudes) {
  // f64: naive sums give inf and 0 here; exact answers to 1e-15 relative.
  const auto big = clip<double>({{3e200, 4e200}}, 1);
  expect_rel(big.norm, 5e200, 1e-15);
  EXPECT_NEAR(big.tensors[0][0], 0.6, 1e-15);
  EXPECT_NEAR(big.tensors[0][1], 0.8, 1e-15);
  const auto tiny = clip<double>({{3e-200, 4e-200}}, 1e-300);
  expect_rel(tiny.norm, 5e-200, 1e-15);
  expect_rel(tiny.tensors[0][0], 6e-301, 1e-15);
  expect_rel(tiny.tensors[0][1], 8e-301, 1e-15);
  // Subnormal norm: still exact-ish (subnormals carry fewer bits: 1e-9 relative at 5e-310).
  expect_rel(gnorm<double>({{3e-310, 4e-310}}), 5e-310, 1e-9);
  EXPECT_GT(gnorm<double>({{4.9406564584124654e-324}}), 0.0);
  // Norm above DBL_MAX: reported as inf, yet the clip scale is computed without overflow.
  const auto huge = clip<double>({{1.5e308, 1.5e308, 1.5e308}}, 3);
  EXPECT_EQ(huge.norm, kInf);
  EXPECT_TRUE(huge.finite);
  EXPECT_NEAR(huge.tensors[0][0], std::sqrt(3.0), 1e-15);
  // f32: 1e30-sized entries (squares overflow f32 at 1.8e19) and 1e-30 (squares underflow f32).
  const auto bf = clip<float>({{3e30f, 4e30f}}, 1);
  expect_rel(bf.norm, 5e30, 1e-6);
  EXPECT_NEAR(bf.tensors[0][0], 0.6f, 1e-7);
  EXPECT_NEAR(bf.tensors[0][1], 0.8f, 1e-7);
  expect_rel(gnorm<float>({{3e-30f, 4e-30f}}), 5e-30, 1e-6);
  // 1000 equal squares of ~1.2e77 summed in f64: ~500 sequential additions per lane, so 1e-14.
  expect_rel(gnorm<float>({VecF(1000, std::numeric_limits<float>::max())}),
             std::sqrt(1000.0) * std::numeric_limits<float>::max(), 1e-14);
}

TEST(ClipByGlobalNorm, EmptyZeroAndSingleComponent) {
  const auto e = clip<double>({}, 1);
  EXPECT_EQ(e.norm, 0.0);
  EXPECT_TRUE(e.tensors.empty());
  EXPECT_EQ(clip<double>({{}, {}}, 1).norm, 0.0);
  const auto z = clip<double>({{0, 0, 0}}, 0);
  EXPECT_EQ(z.tensors[0], (Vec{0, 0, 0}));
  EXPECT_EQ(z.scale, 1.0);
  // N = 1: sign(g) min(|g|, tau).
  EXPECT_EQ(clip<double>({{-7}}, 2).tensors[0][0], -2.0);
  EXPECT_EQ(clip<double>({{-1.5}}, 2).tensors[0][0], -1.5);
}

TEST(ClipByGlobalNorm, NonFinitePolicies) {
  const auto nan = clip<double>({{1, kNaN}, {2}}, 1);
  EXPECT_TRUE(std::isnan(nan.norm));
  EXPECT_FALSE(nan.finite);
  EXPECT_FALSE(nan.clipped);
  EXPECT_EQ(nan.scale, 1.0);
  EXPECT_EQ(nan.tensors[1], Vec{2});  // untouched
  const auto inf = clip<double>({{1, -kInf}, {2}}, 1);
  EXPECT_EQ(inf.norm, kInf);
  EXPECT_EQ(inf.tensors[0][0], 1.0);
  EXPECT_EQ(inf.tensors[0][1], -kInf);
  ClipOptions err;
  err.non_finite = NonFiniteNorm::error;
  expect_error<std::domain_error>(
      [&] {
        clip<double>({{1, kNaN}}, 1, err);
      },
      "clip_by_global_norm: the gradient norm is NaN");
  expect_error<std::domain_error>(
      [&] {
        clip<float>({{1.0f, -std::numeric_limits<float>::infinity()}}, 1, err);
      },
      "clip_by_global_norm: the gradient norm is inf");
  // Limit value: tau sign(g_i) / sqrt(q) on the q infinite entries, 0 elsewhere (exact: 2 / sqrt(4) = 1).
  ClipOptions lim;
  lim.non_finite = NonFiniteNorm::inf_limit;
  const auto l = clip<double>({{kInf, 3, -kInf}, {kInf, kInf}}, 2, lim);
  EXPECT_EQ(l.tensors[0], (Vec{1, 0, -1}));
  EXPECT_EQ(l.tensors[1], (Vec{1, 1}));
  EXPECT_TRUE(std::isnan(clip<double>({{kInf, kNaN}}, 2, lim).norm));  // NaN falls back to report
  EXPECT_EQ(clip<double>({{kInf, kNaN}}, 2, lim).tensors[0][0], kInf);
}

TEST(ClipByGlobalNorm, Errors) {
  expect_error<std::invalid_argument>([] { clip<double>({{1}}, -1); },
                                      "clip_by_global_norm: max_norm = -1 must be >= 0");
  expect_error<std::invalid_argument>([] { clip<double>({{1}}, kNaN); },
                                      "clip_by_global_norm: max_norm = nan must be >= 0");
  const VecF f{1, 2};
  const Vec d{3};
  const std::vector<GradientView> mixed{std::span<const float>(f), std::span<const double>(d)};
  expect_error<std::invalid_argument>([&] { clip_by_global_norm(std::span<const GradientView>(mixed), 1.0); },
                                      "clip_by_global_norm: tensor 1 is float64 but tensor 0 is float32");
  expect_error<std::invalid_argument>([&] { global_norm(std::span<const GradientView>(mixed)); },
                                      "global_norm: tensor 1 is float64 but tensor 0 is float32");
}

TEST(ClipByGlobalNorm, MixedDtypeEntryPointDispatches) {
  const VecF a{3, 4};
  const VecF b{12};
  const std::vector<GradientView> fl{std::span<const float>(a), std::span<const float>(b)};
  const AnyClipResult r = clip_by_global_norm(std::span<const GradientView>(fl), 1.0);
  EXPECT_EQ(r.norm, 13.0);
  ASSERT_EQ(r.tensors.size(), 2u);
  const auto& t0 = std::get<VecF>(r.tensors[0]);
  EXPECT_NEAR(t0[0], 3.0 / 13, 1e-7);
  EXPECT_NEAR(std::get<VecF>(r.tensors[1])[0], 12.0 / 13, 1e-7);
  const Vec c{3e200, 4e200};
  const std::vector<GradientView> db{std::span<const double>(c)};
  expect_rel(global_norm(std::span<const GradientView>(db)), 5e200, 1e-15);
  EXPECT_TRUE(clip_by_global_norm(std::span<const GradientView>(), 1.0).tensors.empty());
}

// ---------------------------------------------------------------------------------------------
// Section 6.5 invariants on random lists (1-4 tensors, magnitudes 1e-300 .. 1e300, exact zeros)

TEST(ClipByGlobalNorm, RandomInvariants) {
  Rng rng{42};
  for (int trial = 0; trial < 400; ++trial) {
    const double mag = std::pow(10.0, -300 + 600 * rng.uniform());
    std::vector<Vec> ts(1 + trial % 4);
    for (auto& t : ts) {
      t.resize(static_cast<std::size_t>(1 + 40 * rng.uniform()));
      for (double& v : t) v = rng.uniform() < 0.1 ? 0.0 : mag * rng.normal();
    }
    const double n = gnorm<double>(ts);
    // Item 6: against a long-double reference and in reversed merge order (1e-15: few roundings per tensor).
    expect_rel(n, static_cast<double>(reference_norm(ts)), 1e-15, "norm");
    std::vector<Vec> rev(ts.rbegin(), ts.rend());
    expect_rel(gnorm<double>(rev), n, 1e-15, "merge order");
    const double tau = n * std::pow(10.0, -1 + 2 * rng.uniform());
    const auto c = clip<double>(ts, tau);
    // Item 1: norm capped (1e-14 relative as the file states).
    expect_rel(gnorm<double>(c.tensors), std::min(n, tau), 1e-14, "capped");
    // Item 2: c * g with c = min(1, tau / n) in (0, 1]; bit-identical when not clipped.
    EXPECT_GT(c.scale, 0.0);
    EXPECT_LE(c.scale, 1.0);
    expect_rel(c.scale, std::min(1.0, tau / n), 1e-15, "scale");
    for (std::size_t t = 0; t < ts.size(); ++t)
      for (std::size_t i = 0; i < ts[t].size(); ++i) {
        if (!c.clipped) {
          EXPECT_EQ(c.tensors[t][i], ts[t][i]);
        } else {
          EXPECT_EQ(c.tensors[t][i], ts[t][i] * c.scale);  // direction kept exactly (one rounding)
        }
      }
    // Item 3: idempotent up to rounding (1e-15).
    const auto twice = clip<double>(c.tensors, tau);
    for (std::size_t t = 0; t < ts.size(); ++t)
      for (std::size_t i = 0; i < ts[t].size(); ++i)
        EXPECT_NEAR(twice.tensors[t][i], c.tensors[t][i], 1e-15 * std::fabs(c.tensors[t][i]));
    // Item 5: clip(c g, c tau) = c clip(g, tau) for a power of two c (exact scaling), 1e-15.
    std::vector<Vec> scaled = ts;
    for (auto& t : scaled)
      for (double& v : t) v *= 0.25;
    const auto h = clip<double>(scaled, tau * 0.25);
    for (std::size_t t = 0; t < ts.size(); ++t)
      for (std::size_t i = 0; i < ts[t].size(); ++i)
        EXPECT_NEAR(h.tensors[t][i], 0.25 * c.tensors[t][i], 1e-15 * std::fabs(c.tensors[t][i]));
  }
}

// In place (what the wasm binding calls on its heap copies) equals the copying version bit for bit, on the
// scaling, power-of-two (underflowing factor), torch-compatible and inf-limit paths, f32 and f64.
template <class T>
void expect_in_place_matches(std::vector<std::vector<T>> ts, double tau, const ClipOptions& o) {
  const auto copied = clip<T>(ts, tau, o);
  std::vector<std::span<T>> spans(ts.begin(), ts.end());
  const ClipInfo info = clip_by_global_norm_in_place(std::span<const std::span<T>>(spans), tau, o);
  EXPECT_EQ(info.clipped, copied.clipped);
  EXPECT_EQ(info.finite, copied.finite);
  EXPECT_EQ(std::isnan(info.norm) ? 0.0 : info.norm, std::isnan(copied.norm) ? 0.0 : copied.norm);
  EXPECT_EQ(info.scale, copied.scale);
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  for (std::size_t t = 0; t < ts.size(); ++t)
    for (std::size_t i = 0; i < ts[t].size(); ++i)
      EXPECT_EQ(std::bit_cast<Bits>(ts[t][i]), std::bit_cast<Bits>(copied.tensors[t][i]))
          << "tensor " << t << " entry " << i;
}

TEST(ClipByGlobalNorm, InPlaceMatchesCopies) {
  ClipOptions torch;
  torch.torch_compat = true;
  ClipOptions limit;
  limit.non_finite = NonFiniteNorm::inf_limit;
  expect_in_place_matches<double>({{3, 4}, {}, {12}}, 1, {});
  expect_in_place_matches<double>({{3, 4}}, 10, {});
  expect_in_place_matches<double>({{1e266, -2e266}, {3e265}}, 1e-300, {});  // factor underflows: pow2 path
  expect_in_place_matches<double>({{3, 4}}, 1, torch);
  expect_in_place_matches<double>({{kInf, 1}, {-kInf}}, 2, limit);
  expect_in_place_matches<double>({{kNaN, 1}}, 2, {});
  expect_in_place_matches<float>({{3, 4}, {1e30f, -1e30f}}, 0.5, {});
  expect_in_place_matches<float>({{1e-40f, 3e-41f}}, 1e-45, {});
  expect_in_place_matches<float>({{static_cast<float>(kInf), 2}}, 1, limit);
  Rng rng{7};
  std::vector<std::vector<float>> big(3, std::vector<float>(1000));
  for (auto& t : big)
    for (float& v : t) v = static_cast<float>(rng.normal());
  expect_in_place_matches<float>(big, 1, {});
  // The SIMD scaling kernel against the scalar rule: double(v) * c rounded once to float, every entry
  // (lengths 1000 and 1003 cover the vector body and the scalar tail).
  big.push_back(std::vector<float>(1003));
  for (float& v : big.back()) v = static_cast<float>(1e-3 * rng.normal());
  const auto before = big;
  std::vector<std::span<float>> spans(big.begin(), big.end());
  const ClipInfo info = clip_by_global_norm_in_place(std::span<const std::span<float>>(spans), 0.75);
  ASSERT_TRUE(info.clipped);
  for (std::size_t t = 0; t < big.size(); ++t)
    for (std::size_t i = 0; i < big[t].size(); ++i)
      ASSERT_EQ(big[t][i], static_cast<float>(static_cast<double>(before[t][i]) * info.scale)) << t << ", " << i;
}

TEST(ClipByGlobalNorm, NonexpansiveOnRandomPairs) {
  // Item 4: ||clip(a) - clip(b)|| <= ||a - b|| (1 + 1e-12).
  Rng rng{3};
  for (int trial = 0; trial < 300; ++trial) {
    Vec a(5), b(5), d(5);
    for (int i = 0; i < 5; ++i) {
      a[i] = 3 * rng.normal();
      b[i] = 3 * rng.normal();
      d[i] = a[i] - b[i];
    }
    const double tau = 0.1 + 5 * rng.uniform();
    const Vec ca = clip<double>({a}, tau).tensors[0], cb = clip<double>({b}, tau).tensors[0];
    Vec diff(5);
    for (int i = 0; i < 5; ++i) diff[i] = ca[i] - cb[i];
    EXPECT_LE(gnorm<double>({diff}), gnorm<double>({d}) * (1 + 1e-12));
  }
}

TEST(ClipByGlobalNorm, LongVectorsFloatAndDoubleAgree) {
  // Sizes off the SIMD width and across the 4096 block: f32 path (f64 accumulation) vs the f64 path on the
  // same values (1e-13 relative, section 6.5 item 6) and vs a long-double sum.
  Rng rng{8};
  for (std::size_t n : {1u, 3u, 5u, 4095u, 4097u, 10007u, 100003u}) {
    VecF f(n);
    Vec d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = f[i] = static_cast<float>(rng.normal());
    const double nf = gnorm<float>({f}), nd = gnorm<double>({d});
    expect_rel(nf, static_cast<double>(reference_norm({d})), 1e-13, "f32 n=" + std::to_string(n));
    expect_rel(nd, nf, 1e-13, "f64 vs f32 n=" + std::to_string(n));
    EXPECT_EQ(l2_norm(std::span<const float>(f)), nf);
    // Clipped f32 copies keep the norm cap to f32 rounding (1e-6).
    const auto c = clip<float>({f}, 0.5);
    expect_rel(gnorm<float>(c.tensors), 0.5, 1e-6);
  }
}

TEST(ClipPerTensorAndByValue, Behaviour) {
  const std::vector<Vec> store{{3, 4}, {0.3, 0.4}, {}};
  const auto v = views(store);
  const auto r = clip_per_tensor(std::span<const std::span<const double>>(v), 1.0);
  EXPECT_EQ(r.norms, (Vec{5, 0.5, 0}));
  EXPECT_NEAR(r.tensors[0][0], 0.6, 1e-15);
  EXPECT_EQ(r.tensors[1], (Vec{0.3, 0.4}));  // under the threshold: untouched
  EXPECT_TRUE(r.tensors[2].empty());
  EXPECT_EQ(r.scales[1], 1.0);
  const std::vector<VecF> storef{{3e30f, 4e30f}};
  const auto vf = views(storef);
  EXPECT_NEAR(clip_per_tensor(std::span<const std::span<const float>>(vf), 1.0).tensors[0][1], 0.8f, 1e-7);
  const std::vector<Vec> storew{{-3, 0.5, kNaN, kInf, -kInf}};
  const auto w = views(storew);
  const auto c = clip_by_value(std::span<const std::span<const double>>(w), 1.0);
  EXPECT_EQ(c[0][0], -1.0);
  EXPECT_EQ(c[0][1], 0.5);
  EXPECT_TRUE(std::isnan(c[0][2]));
  EXPECT_EQ(c[0][3], 1.0);
  EXPECT_EQ(c[0][4], -1.0);
  expect_error<std::invalid_argument>([&] { clip_by_value(std::span<const std::span<const double>>(w), -2); },
                                      "clip_by_value: clip_value = -2 must be >= 0");
}

// ---------------------------------------------------------------------------------------------
// (C2)-(C7)

TEST(LearningRateClip, OracleTableAndInvariant) {
  // Section 6.3 (values exact up to one rounding: 1e-15 relative).
  struct Row {
    Vec u, g;
    double inner, lr;
    bool clipped;
  };
  const Row rows[] = {
      {{3, 4}, {3, 4}, 25, 0.004, true},
      {{0.3, 0.4}, {0.3, 0.4}, 0.25, 0.1, false},
      {{1, 1}, {0.5, -0.2}, 0.3, 0.1, false},
      {{1, 1}, {-0.5, -0.2}, -0.7, 0.1, false},
  };
  for (const Row& r : rows) {
    const LrClip c = clip_lr_by_inner_product(0.1, r.u, r.g, 1.0);
    EXPECT_NEAR(c.inner, r.inner, 1e-15 * 25);
    EXPECT_NEAR(c.lr, r.lr, 1e-17);
    EXPECT_EQ(c.clipped, r.clipped);
    if (c.inner > 0) {
      EXPECT_LE(c.lr * c.inner, 0.1 * 1.0 * (1 + 1e-15));  // item 8
    }
  }
  EXPECT_NEAR(clip_lr_by_inner_product(0.1, Vec{3, 4}, Vec{3, 4}, 1.0).lr * 25, 0.1, 1e-16);
  expect_error<std::invalid_argument>([] { clip_lr_by_inner_product(0.1, Vec{1}, Vec{1}, 0); },
                                      "clip_lr_by_inner_product: threshold T = 0 must be > 0");
  expect_error<std::invalid_argument>(
      [] {
        clip_lr_by_inner_product(0.1, Vec{1, 2}, Vec{1}, 1);
      },
      "clip_lr_by_inner_product: u has 2 entries but g has 1");
}

TEST(SignStatistics, ExampleAndIdentity) {
  // Section 6.4: g = (3, -4): ||g||_1 = 7, ||g|| = 5, cos = 7 / (5 sqrt 2) (16 digits -> 1e-15).
  const SignStats s = sign_stats(Vec{3, -4});
  EXPECT_EQ(s.l1, 7.0);
  EXPECT_EQ(s.l2, 5.0);
  EXPECT_EQ(s.nonzero, 2u);
  EXPECT_NEAR(s.cosine, 0.9899494936611665, 1e-15);
  EXPECT_NEAR(s.sqrt_n_l2_cos, 7.0, 1e-14);
  // Zero components: N' counts nonzeros; cos in [1/sqrt N', 1].
  const SignStats z = sign_stats(Vec{0, 2, 0, 0});
  EXPECT_EQ(z.nonzero, 1u);
  EXPECT_DOUBLE_EQ(z.cosine, 1.0);
  EXPECT_EQ(sign_stats(Vec{0, 0}).cosine, 0.0);
  // Item 7 on random vectors: ||g||_1 = sqrt(N') ||g|| cos (1e-14 relative).
  Rng rng{4};
  for (int t = 0; t < 50; ++t) {
    Vec g(1 + t * 7);
    for (double& v : g) v = rng.uniform() < 0.2 ? 0 : rng.normal();
    const SignStats r = sign_stats(g);
    if (r.nonzero == 0) continue;
    expect_rel(r.sqrt_n_l2_cos, r.l1, 1e-14);
    EXPECT_GE(r.cosine, 1 / std::sqrt(static_cast<double>(r.nonzero)) - 1e-15);
    EXPECT_LE(r.cosine, 1 + 1e-15);
  }
}

TEST(FirstOrderLossChange, QuadraticOracle) {
  // Section 6.2: L = |theta|^2 / 2 at (3, 4), SGD, eta = 0.01: exact -0.24875, first order -0.25 (1e-15).
  const StepLossChange c = quadratic_step_loss_change(Vec{1, 1}, Vec{3, 4}, Vec{3, 4}, 0.01);
  EXPECT_NEAR(c.exact, -0.24875, 1e-15);
  EXPECT_NEAR(c.first_order, -0.25, 1e-15);
  EXPECT_NEAR(c.exact - c.first_order, 0.00125, 1e-15);
}

TEST(AdamScaling, QuantileTable) {
  // Section 6.4 table: exact values correctly rounded; our pairwise / blocked sums agree to 1e-13 relative.
  struct Row {
    std::size_t n;
    double l1, cos, lr;
  };
  const Row rows[] = {
      {10, 2.607283163366026, 0.8244953301245527, 3.835410031601596e-4},
      {100, 8.009155321383228, 0.8009155321383228, 1.248571116270092e-4},
      {1000, 25.24216161758323, 0.7982272377764317, 3.961625851026238e-5},
      {4000, 50.46835107650822, 0.7979746957738836, 0},
      {10000, 79.79215989223348, 0.7979215989223348, 1.2532559606740691e-5},
      {100000, 252.3144857937345, 0.7978884617623986, 3.963307920487346e-6},
  };
  std::vector<std::size_t> sizes;
  for (const Row& r : rows) sizes.push_back(r.n);
  const auto sweep = adam_scale_sweep(sizes);  // default: quantile vectors, norm 1, target 1e-3
  for (std::size_t i = 0; i < sweep.size(); ++i) {
    const std::string what = "N=" + std::to_string(rows[i].n);
    expect_rel(sweep[i].l1, rows[i].l1, 1e-13, what);
    expect_rel(sweep[i].cosine, rows[i].cos, 1e-13, what);
    if (rows[i].lr > 0) expect_rel(sweep[i].lr, rows[i].lr, 1e-13, what);
    EXPECT_NEAR(sweep[i].l2, 1.0, 1e-15);
    EXPECT_EQ(sweep[i].nonzero, rows[i].n);
  }
  // 4x parameters -> half the learning rate: eta(1000) / eta(4000) = 1.99937 (6 digits).
  EXPECT_NEAR(sweep[2].lr / sweep[3].lr, 1.99937, 1e-5);
  EXPECT_NEAR(sweep[5].cosine, std::sqrt(2 / M_PI), 5e-6);  // -> sqrt(2/pi) as N grows
  // Quantile function itself: Phi^-1(0.975) = 1.959963984540054 (1e-15) and symmetry.
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_EQ(normal_quantile(0.25), -normal_quantile(0.75));  // 1 - 0.75 is exact
  expect_error<std::out_of_range>([] { normal_quantile(0); }, "normal_quantile: p = 0 must lie in (0, 1)");
}

// Phi^-1(p) for p <= 1/2 in long double: Newton on Phi(x) = p from the double value. The residual comes
// from erfl near the middle (p - 1/2 is exact there, and erf is accurate relative to its small
// value) and from erfcl in the tail; either way with 11 more bits than a double.
long double normal_quantile_reference(double p) {
  long double x = normal_quantile(p);
  const long double q = p;
  for (int it = 0; it < 6; ++it) {
    const long double e =
        p >= 0.25 ? 0.5L * std::erf(x / std::sqrt(2.0L)) - (q - 0.5L) : 0.5L * std::erfc(-x / std::sqrt(2.0L)) - q;
    const long double u = e * std::sqrt(2 * 3.14159265358979323846264338327950288L) * std::exp(0.5L * x * x);
    x -= u / (1 + 0.5L * x * u);
  }
  return x;
}

TEST(AdamScaling, NormalQuantileWithinTwoUlpsFromTheTailToTheMiddle) {
  // Log-spaced p from the smallest subnormal double to 1/2, then evenly spaced p near the middle, where
  // the residual by erfc used to cancel (x off by up to 5000 ulps at p = 0.499985). The upper half is
  // -Phi^-1(1 - p) with 1 - p exact (checked above). Long double's wider exponent keeps the reference's
  // Phi(x) normal where the double's is subnormal.
  std::vector<double> ps{std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::min()};
  for (int k = 0; k <= 4000; ++k) ps.push_back(0.5 * std::pow(10.0, -323.0 * k / 4000));
  for (int k = 1; k < 4000; ++k) ps.push_back(0.25 + 0.25 * k / 4000);
  for (double p : {0.5 - 1e-12, 0.5 - 1e-16, 0.3, 0.2500000000000001, 0.2499999999999999, 0.499985}) ps.push_back(p);
  for (double p : ps) {
    if (p == 0.5) continue;
    const long double reference = normal_quantile_reference(p);
    const double x = normal_quantile(p);
    EXPECT_LE(std::fabs(static_cast<long double>(x) - reference),
              2 * std::numeric_limits<double>::epsilon() * std::fabs(reference))
        << "p = " << p << ": " << x << " against " << static_cast<double>(reference);
  }
}

TEST(AdamScaling, RandomLawsHaveScaleFreeCosines) {
  // Section 3.4 limits: Gaussian sqrt(2/pi), uniform sqrt(3)/2, Laplace 1/sqrt(2). At N = 2e5 the sampling
  // s.d. of the cosine is ~1e-3, so 5e-3 is a 5-sigma band; sparse keeps N' ~ density N.
  const std::size_t sizes[] = {200000};
  const std::pair<ComponentLaw, double> laws[] = {{ComponentLaw::gaussian, std::sqrt(2 / M_PI)},
                                                  {ComponentLaw::uniform, std::sqrt(3.0) / 2},
                                                  {ComponentLaw::laplace, 1 / std::sqrt(2.0)}};
  for (const auto& [law, limit] : laws) {
    ScaleSweepOptions o;
    o.law = law;
    o.seed = 11;
    const auto row = adam_scale_sweep(sizes, o)[0];
    EXPECT_NEAR(row.cosine, limit, 5e-3);
    EXPECT_NEAR(row.l2, 1.0, 1e-14);
    expect_rel(row.l1, std::sqrt(2e5) * row.cosine, 1e-14);  // (C6) with ||g|| = 1
  }
  ScaleSweepOptions sp;
  sp.law = ComponentLaw::sparse;
  sp.density = 0.01;
  const auto row = adam_scale_sweep(sizes, sp)[0];
  EXPECT_NEAR(static_cast<double>(row.nonzero), 2000, 250);  // binomial s.d. ~45
  // The cosine against sqrt(N) (all components) collapses: the constant-cosine assumption breaks.
  EXPECT_LT(row.l1 / (std::sqrt(2e5) * row.l2), 0.1);
  // Same seed, same draw.
  EXPECT_EQ(adam_scale_sweep(sizes, sp)[0].l1, row.l1);
  expect_error<std::invalid_argument>(
      [&] {
        ScaleSweepOptions b;
        b.norm = 0;
        adam_scale_sweep(sizes, b);
      },
      "adam_scale_sweep: norm = 0 must be finite and > 0");
}

// ---------------------------------------------------------------------------------------------
// Simulations

TEST(Simulation, NoisyQuadraticFollowsTheFirstOrderArgument) {
  QuadraticProblem p;
  TrainingOptions o;
  o.steps = 400;
  o.lr = 0.5;
  const TrainingTrace t = simulate_noisy_quadratic(p, o);
  ASSERT_EQ(t.loss.size(), 401u);
  ASSERT_EQ(t.grad_norm.size(), 400u);
  ASSERT_EQ(t.first_order.size(), 400u);
  // Reproducible for a seed (bit-identical).
  EXPECT_EQ(simulate_noisy_quadratic(p, o).loss_change, t.loss_change);
  // Loss falls; late training has ||g|| < 1 and |Delta L| < eta (the premise and conclusion of (C4)).
  EXPECT_LT(t.loss.back(), 0.5 * t.loss.front());
  EXPECT_GT(t.late_fraction_below_one, 0.95);
  EXPECT_LT(t.late_mean_abs_change_over_lr, 1.0);
  EXPECT_LT(t.late_median_grad_norm, 1.0);
  // Consistency of each step: loss_change = loss[t+1] - loss[t] exactly; without clipping first_order =
  // -eta ||g||^2 for SGD (C3, 1e-12 relative: two dot products of ~50 terms).
  for (std::size_t s = 0; s < 400; ++s) {
    EXPECT_EQ(t.loss_change[s], t.loss[s + 1] - t.loss[s]);
    expect_rel(t.first_order[s], -t.lr[s] * t.grad_norm[s] * t.grad_norm[s], 1e-12);
  }
  // Noise-free, the exact change of a quadratic exceeds its first-order prediction by eta^2 u^T H u / 2 >= 0.
  QuadraticProblem clean = p;
  clean.noise = 0;
  const TrainingTrace c = simulate_noisy_quadratic(clean, o);
  for (std::size_t s = 0; s < 400; ++s) EXPECT_GE(c.loss_change[s], c.first_order[s] - 1e-15);
}

TEST(Simulation, ClippingWarmupLrClipAndLossScale) {
  QuadraticProblem p;
  p.theta0 = 3;
  TrainingOptions o;
  o.steps = 200;
  o.clip_norm = 1;
  const TrainingTrace t = simulate_noisy_quadratic(p, o);
  for (std::size_t s = 0; s < t.clipped.size(); ++s) EXPECT_EQ(t.clipped[s] == 1, t.grad_norm[s] > 1.0);
  EXPECT_GT(t.clip_fraction, 0.0);
  EXPECT_LT(t.clip_fraction, 1.0);  // a reasonable tau clips only part of the run
  // (C5): the predicted decrease is capped at eta T (item 8).
  TrainingOptions lc = o;
  lc.clip_norm = kInf;
  lc.lr_clip = 0.5;
  const TrainingTrace l = simulate_noisy_quadratic(p, lc);
  bool any = false;
  for (std::size_t s = 0; s < l.lr.size(); ++s) {
    EXPECT_GE(l.first_order[s], -lc.lr * 0.5 * (1 + 1e-12));
    any |= l.lr_clipped[s] == 1;
  }
  EXPECT_TRUE(any);
  // Warmup ramps eta linearly.
  TrainingOptions w = o;
  w.warmup = 10;
  const TrainingTrace wt = simulate_noisy_quadratic(p, w);
  EXPECT_NEAR(wt.lr[0], 0.01, 1e-17);
  EXPECT_NEAR(wt.lr[9], 0.1, 1e-17);
  // Loss scale c multiplies the first gradient by c exactly (same seed) and changes how often tau fires.
  TrainingOptions sc = o;
  sc.loss_scale = 8;
  const TrainingTrace s8 = simulate_noisy_quadratic(p, sc);
  EXPECT_EQ(s8.grad_norm[0], 8 * t.grad_norm[0]);
  EXPECT_GT(s8.clip_fraction, t.clip_fraction);
  expect_error<std::invalid_argument>(
      [&] {
        TrainingOptions b;
        b.lr_clip = 0;
        simulate_noisy_quadratic(p, b);
      },
      "simulate_noisy_quadratic: lr_clip = 0 must be > 0");
  expect_error<std::invalid_argument>(
      [&] {
        QuadraticProblem b;
        b.h_min = 0;
        simulate_noisy_quadratic(b, o);
      },
      "simulate_noisy_quadratic: need 0 < h_min <= h_max");
}

TEST(Simulation, SignSgdIsTheL1Step) {
  // (C6): with u = sign(g), the first-order change is -eta ||g||_1 >= -eta sqrt(N) ||g|| (1e-12 relative).
  QuadraticProblem p;
  TrainingOptions o;
  o.optimizer = Optimizer::sign_sgd;
  o.lr = 0.01;
  o.steps = 50;
  const TrainingTrace t = simulate_noisy_quadratic(p, o);
  for (std::size_t s = 0; s < 50; ++s) {
    EXPECT_LE(-t.first_order[s], t.lr[s] * std::sqrt(50.0) * t.grad_norm[s] * (1 + 1e-12));
    EXPECT_GE(-t.first_order[s], t.lr[s] * t.grad_norm[s] * (1 - 1e-12));
  }
  o.optimizer = Optimizer::adam;
  const TrainingTrace a = simulate_noisy_quadratic(p, o);
  EXPECT_LT(a.loss.back(), a.loss.front());
}

TEST(Simulation, SoftmaxRegressionGradientBound) {
  // Section 6.4 toy bound: x1 = (1,0), y = 0; x2 = (0,1), y = 1; W = 0 -> [[-1/4, 1/4], [1/4, -1/4]], norm 0.5.
  const std::vector<std::size_t> y{0, 1};
  const SoftmaxGradient g = softmax_regression_gradient(Vec{0, 0, 0, 0}, Vec{1, 0, 0, 1}, y, 2);
  EXPECT_EQ(g.grad, (Vec{-0.25, 0.25, 0.25, -0.25}));
  EXPECT_EQ(gnorm<double>({g.grad}), 0.5);
  EXPECT_NEAR(g.loss, std::log(2.0), 1e-15);
  // A run: every minibatch gradient stays below sqrt(2) max ||x_i|| (section 3.5), and the loss falls.
  SoftmaxProblem p;
  TrainingOptions o;
  o.steps = 150;
  o.lr = 0.2;
  const SoftmaxTrace r = simulate_softmax_regression(p, o);
  for (double n : r.trace.grad_norm) EXPECT_LE(n, r.gradient_bound);
  EXPECT_LT(r.trace.loss.back(), r.trace.loss.front());
  p.normalize_features = true;
  const SoftmaxTrace u = simulate_softmax_regression(p, o);
  EXPECT_NEAR(u.gradient_bound, std::sqrt(2.0), 1e-15);
  for (double n : u.trace.grad_norm) EXPECT_LE(n, std::sqrt(2.0));
  expect_error<std::out_of_range>(
      [&] {
        softmax_regression_gradient(Vec{0, 0, 0, 0}, Vec{1, 0}, std::vector<std::size_t>{5}, 2);
      },
      "softmax_regression_gradient: label y[0] = 5 is out of range for 2 classes");
}

// Regressions found by tests/fuzz/grad_clip_fuzz.cpp.
TEST(FuzzRegressions, ClipToATinyMaxNormKeepsDirectionWhenTheFactorUnderflows) {
  // max_norm / norm = 1e-300 / 1.26e266 underflows to 0 as a double; the clipped entries (~1e-300) do not.
  const std::vector<Vec> g{{-1.1285588738860036e+266, 5.6427943694300182e+265, 0}};
  const auto r = clip(g, 1e-300);
  EXPECT_TRUE(r.clipped);
  EXPECT_NEAR(gnorm(r.tensors), 1e-300, 1e-314);
  EXPECT_NEAR(r.tensors[0][0] / r.tensors[0][1], -2.0, 1e-14);
  // A subnormal max_norm: the factor 4.9e-324 / 24.27 keeps its digits (the largest entry rounds to 5e-324).
  const std::vector<Vec> h{{-0.25, 24.25, 1}};
  const auto s = clip(h, std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(s.tensors[0][1], std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(s.tensors[0][0], 0.0);
  const std::vector<Vec> t{{9.9485622537209214e-97, 6.6521867076950947e-96}};
  const auto u = clip(t, std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(u.tensors[0][1], std::numeric_limits<double>::denorm_min());
}

TEST(FuzzRegressions, NormalQuantileOfSubnormalP) {
  // exp(x^2 / 2) overflowed in the Halley step below x = -37.7, giving NaN. The root (mpmath, 40 digits)
  // is -38.46740561714434625; this test used to pin -38.467742167707804, the old code's value, 3e-4 off.
  EXPECT_NEAR(normal_quantile(std::numeric_limits<double>::denorm_min()), -38.46740561714434625, 2e-14);
  EXPECT_TRUE(std::isfinite(normal_quantile(1e-320)));
  EXPECT_LT(normal_quantile(1e-320), normal_quantile(1e-310));
}
