// Fuzzes entropy.hpp: row entropies of hostile vectors (NaN, +-inf, extremes, ties), attention entropies
// of hostile score matrices with every length-scale rule, entropy normalization from logits and from
// probabilities with any target, the article's raw loop, the scale rules and annealed formulas with
// hostile parameters, small entropy-versus-length sweeps, and the JL projection and bounds. Every
// outcome is either a documented error (std::invalid_argument / std::out_of_range; std::runtime_error
// only where the header allows it) or a result that holds: entropies in [0, log n] and never NaN for
// input without NaN, probabilities that sum to 1 and keep their order, bounds in their order.
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

#include "fuzz_input.hpp"
#include "mathlets/entropy.hpp"
#include "mathlets/row_major.hpp"

namespace {

using namespace mathlets;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Runs f; std::invalid_argument and std::out_of_range are documented everywhere, std::runtime_error
// only when `runtime_ok`. Returns whether f returned.
bool expect(const std::function<void()>& f, bool runtime_ok = false) {
  try {
    f();
  } catch (const std::invalid_argument&) {
    return false;
  } catch (const std::out_of_range&) {
    return false;
  } catch (const std::runtime_error& e) {
    if (!runtime_ok) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(runtime_ok);
    return false;
  }
  return true;
}

// H in [0, log n] (with rounding slack), for input without NaN.
void check_entropy(double h, double n) {
  FUZZ_CHECK(!std::isnan(h));
  FUZZ_CHECK(h >= 0);
  FUZZ_CHECK(h <= std::log(n) * (1 + 1e-14) + 1e-300);
}

void check_row(const std::vector<double>& z) {
  bool nan = false;
  double visible = 0;
  for (const double v : z) {
    nan = nan || std::isnan(v);
    visible += v > -kInf ? 1 : 0;
  }
  double h = 0;
  if (!expect([&] { h = row_entropy(z); })) {
    FUZZ_CHECK(!nan && visible == 0);  // empty or all masked
    return;
  }
  if (nan) {
    FUZZ_CHECK(std::isnan(h));
    return;
  }
  check_entropy(h, visible);
  const RowEntropy parts = row_entropy_parts(z);
  FUZZ_CHECK(parts.log_s >= 0 && parts.gap_mean >= 0);
  FUZZ_CHECK(parts.max_weight > 0 && parts.max_weight <= 1);
  // Shifting by the maximum and reversing change nothing but rounding.
  std::vector<double> reversed(z.rbegin(), z.rend());
  FUZZ_CHECK(std::fabs(row_entropy(reversed) - h) <= 1e-12 * std::max(1.0, h));
  for (const auto form : {NaiveEntropy::lse_minus_mean, NaiveEntropy::p_log_p}) (void)naive_row_entropy(z, form);
}

void check_attention(FuzzInput& in) {
  FuzzInput::Matrix m = in.matrix(6, 8);
  const Eigen::MatrixXd s = matrix_from_row_major("entropy_fuzz", m.rows, m.cols, m.data);
  AttentionEntropyOptions o;
  o.causal = in.byte() & 1;
  o.length_scale = static_cast<LengthScale>(in.choice(4));
  if (in.byte() & 1) o.base = in.number();
  if (in.byte() & 1) o.gain = in.number();
  const double scale = in.byte() & 1 ? in.number() : in.small();
  AttentionEntropy r;
  if (!expect([&] { r = attention_entropy(s, scale, o); })) return;
  for (std::size_t i = 0; i < r.entropy.size(); ++i) {
    check_entropy(r.entropy[i], r.visible[i]);
    FUZZ_CHECK(r.max_weight[i] > 0 && r.max_weight[i] <= 1);
    FUZZ_CHECK(r.perplexity[i] >= 1 && r.perplexity[i] <= r.visible[i] * (1 + 1e-13));
  }
}

void check_normalization(const EntropyNormalization& r, const std::vector<double>& z, double target) {
  double visible = 0, sum = 0;
  for (const double v : z) visible += v > -kInf ? 1 : 0;
  check_entropy(r.entropy, visible);
  for (std::size_t j = 0; j < z.size(); ++j) {
    FUZZ_CHECK(r.p[j] >= 0 && r.p[j] <= 1);
    if (!(z[j] > -kInf)) FUZZ_CHECK(r.p[j] == 0);
    for (std::size_t k = 0; k < z.size(); ++k)
      if (z[j] < z[k]) FUZZ_CHECK(r.p[j] <= r.p[k]);
    sum += r.p[j];
  }
  FUZZ_CHECK(std::fabs(sum - 1) <= 1e-12);
  if (r.status == NormalizeStatus::ok) {
    FUZZ_CHECK(r.gamma >= 0 && std::isfinite(r.gamma));
    if (std::fabs(r.entropy - target) > 1e-10 * std::max(1.0, target))
      std::fprintf(stderr, "H %.17g target %.17g gamma %.17g after %d\n", r.entropy, target, r.gamma, r.iterations);
    FUZZ_CHECK(std::fabs(r.entropy - target) <= 1e-10 * std::max(1.0, target));
  }
}

void check_normalize(FuzzInput& in) {
  const std::vector<double> v = in.numbers(12);
  const double target = in.byte() & 1 ? in.number() : in.small() / 8;
  EntropyNormalization r;
  if (in.byte() & 1) {
    if (expect([&] { r = entropy_normalize_logits(v, target); }, true)) check_normalization(r, v, target);
  } else {
    std::vector<double> z;
    for (const double p : v) z.push_back(std::log(p));
    if (expect([&] { r = entropy_normalize_probs(v, target); }, true)) check_normalization(r, z, target);
  }
  expect([&] { (void)article_iteration(v, target, 1 + static_cast<int>(in.count(20))); });
}

void check_scales(FuzzInput& in) {
  const double n = in.number(), d = in.byte() & 1 ? in.number() : static_cast<double>(in.count(130));
  const double lambda = in.number(), target = in.number();
  const auto model = static_cast<KeyDistribution>(in.choice(2));
  ScaleOptions o{in.byte() & 1 ? in.number() : 512.0, in.byte() & 1 ? in.number() : 1.0, model};
  Scale s;
  if (expect([&] { s = attention_scale(static_cast<ScaleMode>(in.choice(5)), n, d, o); }, true))
    FUZZ_CHECK(s.lambda >= 0 && !std::isnan(s.lambda));
  Annealed a;
  if (expect([&] { a = annealed_entropy(n, d, lambda, model); })) FUZZ_CHECK(!std::isnan(a.entropy));
  if (expect([&] { s = invariant_scale(n, d, target, model); }, true))
    FUZZ_CHECK(s.lambda >= 0 && std::isfinite(s.lambda));
  SphereTilt t;
  if (expect([&] { t = sphere_tilt(lambda); })) {
    if (!(t.c_star >= 0 && t.c_star <= 1 && t.g >= 0 && !std::isnan(t.peak)))
      std::fprintf(stderr, "lambda %.17g: c* %.17g g %.17g peak %.17g\n", lambda, t.c_star, t.g, t.peak);
    FUZZ_CHECK(t.c_star >= 0 && t.c_star <= 1 && t.g >= 0 && !std::isnan(t.peak));
  }
}

void check_sweep(FuzzInput& in) {
  EntropySweepOptions o;
  o.d = static_cast<int>(in.count(8));
  o.rows = static_cast<int>(in.count(8));
  o.seed = in.byte();
  o.keys = static_cast<KeyDistribution>(in.choice(2));
  o.gain = in.byte() & 1 ? in.number() : 1 + in.count(4);
  o.base = in.byte() & 1 ? in.number() : static_cast<double>(2 + in.count(40));
  o.lengths.resize(in.count(3));
  for (double& n : o.lengths) n = in.byte() & 1 ? in.number() : static_cast<double>(in.count(64));
  o.modes.resize(1 + in.count(2));
  for (auto& mode : o.modes) mode = static_cast<SweepMode>(in.choice(6));
  std::vector<EntropySweepPoint> points;
  if (!expect([&] { points = entropy_vs_length(o); })) return;
  for (const auto& p : points) {
    for (const double h : p.entropy) check_entropy(h, p.n);
    FUZZ_CHECK(p.q05 <= p.q50 && p.q50 <= p.q95);
    FUZZ_CHECK(p.lambda >= 0);
  }
  // Kept scores of the same draw give the same sweep, or name what they lack.
  Eigen::MatrixXd scores;
  if (!expect([&] { scores = sweep_scores(o.d, o.rows, 64, o.seed, o.keys); })) return;
  std::vector<EntropySweepPoint> kept;
  if (!expect([&] { kept = entropy_vs_length(o, scores); })) return;
  FUZZ_CHECK(kept.size() == points.size());
  for (std::size_t i = 0; i < kept.size(); ++i) FUZZ_CHECK(kept[i].entropy == points[i].entropy);
}

void check_jl(FuzzInput& in) {
  FuzzInput::Matrix m = in.matrix(6, 6);
  const Eigen::MatrixXd x = matrix_from_row_major("entropy_fuzz", m.rows, m.cols, m.data);
  const int k = static_cast<int>(in.count(8));
  const double eps = in.byte() & 1 ? in.number() : 0.5;
  JlDistortion r;
  if (expect([&] { r = jl_projection_distortion(x, k, in.byte(), eps); }))
    for (const double rho : r.ratios) {
      if (!(rho >= 0 && std::isfinite(rho))) {
        std::fprintf(stderr, "rho %g, k %d, X %td x %td:", rho, k, x.rows(), x.cols());
        for (const double v : m.data) std::fprintf(stderr, " %.17g", v);
        std::fprintf(stderr, "\n");
      }
      FUZZ_CHECK(rho >= 0 && std::isfinite(rho));
    }
  const double n = in.byte() & 1 ? in.number() : static_cast<double>(in.count(5000));
  const double e = in.byte() & 1 ? in.number() : 0.05 + in.count(90) / 100.0;
  const double kk = in.byte() & 1 ? in.number() : static_cast<double>(1 + in.count(500));
  JlBounds b;
  if (!expect([&] { b = jl_bounds(n, e, kk); })) return;
  FUZZ_CHECK(b.exact >= 0 && b.exact <= 1 + 1e-12);
  FUZZ_CHECK(b.exact <= b.chernoff * (1 + 1e-9) && b.chernoff <= b.simple * (1 + 1e-12));
  FUZZ_CHECK(b.k_exact <= b.k_chernoff && b.k_chernoff <= b.k_simple && b.k_simple <= b.k24);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  switch (in.choice(6)) {
    case 0: check_row(in.numbers(16)); break;
    case 1: check_attention(in); break;
    case 2: check_normalize(in); break;
    case 3: check_scales(in); break;
    case 4: check_sweep(in); break;
    default: check_jl(in); break;
  }
  return 0;
}
