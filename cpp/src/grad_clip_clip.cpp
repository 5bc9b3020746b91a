// Clipping by global norm (section 4.2), per tensor, by value, the mixed-dtype dispatch, learning-rate
// clipping (C5, section 4.3), sign statistics (C6) and the exact one-step loss change of section 6.2.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "grad_clip_detail.hpp"
#include "mathlets/grad_clip.hpp"

namespace mathlets {

namespace {

using clip_detail::NormParts;

template <class T>
std::vector<std::vector<T>> copies(std::span<const std::span<const T>> tensors) {
  std::vector<std::vector<T>> out;
  out.reserve(tensors.size());
  for (const auto& t : tensors) out.emplace_back(t.begin(), t.end());
  return out;
}

template <class T>
std::vector<std::span<T>> spans_of(std::vector<std::vector<T>>& tensors) {
  return {tensors.begin(), tensors.end()};
}

// Scales in f64 and rounds once to T.
template <class T>
void scale_all(std::span<const std::span<T>> tensors, double c) {
  for (auto t : tensors) clip_detail::scale_by(t, c);
}

// v * (max_norm / root_q) * 2^e for every entry without forming that factor, which underflows when a huge norm is
// clipped to a tiny max_norm (1e266 -> 1e-300 needs 1e-566) although every clipped entry is representable:
// mantissas are multiplied (rounded once), then scaled by a power of two.
template <class T>
void scale_all_pow2(std::span<const std::span<T>> tensors, double max_norm, double root_q, int e) {
  int em = 0;
  const double fm = std::frexp(max_norm, &em) / root_q;  // a subnormal max_norm keeps its digits too
  for (auto t : tensors)
    for (T& v : t) {
      int ev = 0;
      const double fv = std::frexp(static_cast<double>(v), &ev);
      v = static_cast<T>(std::ldexp(fv * fm, ev + em + e));
    }
}

// The limit of clipping g = huge * (sign pattern): tau sign(g_i) / sqrt(q) on the q infinite entries.
template <class T>
void inf_limit(std::span<const std::span<T>> tensors, double max_norm) {
  std::size_t q = 0;
  for (auto t : tensors)
    for (T v : t) q += std::isinf(v);
  const double each = max_norm / std::sqrt(static_cast<double>(q));
  for (auto t : tensors)
    for (T& v : t) v = std::isinf(v) ? static_cast<T>(std::copysign(each, static_cast<double>(v))) : T(0);
}

// Applies the clip rule in place to tensors holding g, given their norm parts. Returns the scale.
template <class T>
double apply_clip(const char* routine, std::span<const std::span<T>> out, const NormParts& parts, double max_norm,
                  const ClipOptions& o, bool& clipped) {
  clipped = false;
  if (parts.nan || parts.inf) {
    if (o.non_finite == NonFiniteNorm::error)
      throw std::domain_error(std::string(routine) + ": the gradient norm is " + (parts.nan ? "NaN" : "inf") +
                              " (non-finite entries)");
    if (o.non_finite == NonFiniteNorm::inf_limit && !parts.nan) {
      inf_limit(out, max_norm);
      clipped = true;
      return 0;  // every finite entry is scaled to 0 in the limit
    }
    return 1;  // report: untouched
  }
  const double norm = clip_detail::value(parts);
  if (o.torch_compat) {
    const double c = std::min(1.0, max_norm / (norm + 1e-6));
    scale_all(out, c);
    clipped = c < 1;
    return c;
  }
  if (norm <= max_norm) return 1;                        // bit-identical
  const double c = clip_detail::ratio(max_norm, parts);  // no overflow even when norm is +inf (> DBL_MAX)
  if (c >= std::numeric_limits<double>::min()) scale_all(out, c);
  else scale_all_pow2(out, max_norm, std::sqrt(parts.q), -parts.exp);  // c underflowed or lost digits
  clipped = true;
  return c;
}

template <class T>
ClipInfo clip_global_in_place(std::span<const std::span<T>> tensors, double max_norm, const ClipOptions& o) {
  clip_detail::check_threshold("clip_by_global_norm", "max_norm", max_norm);
  NormParts parts;
  for (auto t : tensors) parts = clip_detail::merge(parts, clip_detail::norm_parts(std::span<const T>(t)));
  ClipInfo r;
  r.norm = clip_detail::value(parts);
  r.finite = !(parts.nan || parts.inf);
  r.scale = apply_clip("clip_by_global_norm", tensors, parts, max_norm, o, r.clipped);
  return r;
}

template <class T>
ClipResult<T> clip_global(std::span<const std::span<const T>> tensors, double max_norm, const ClipOptions& o) {
  ClipResult<T> r;
  r.tensors = copies(tensors);
  const auto out = spans_of(r.tensors);
  static_cast<ClipInfo&>(r) = clip_global_in_place(std::span<const std::span<T>>(out), max_norm, o);
  return r;
}

template <class T>
PerTensorClipResult<T> clip_each(std::span<const std::span<const T>> tensors, double max_norm, const ClipOptions& o) {
  clip_detail::check_threshold("clip_per_tensor", "max_norm", max_norm);
  PerTensorClipResult<T> r;
  for (const auto& t : tensors) {
    const NormParts parts = clip_detail::norm_parts(t);
    std::vector<T> copy(t.begin(), t.end());
    const std::span<T> one[] = {copy};
    bool clipped = false;
    r.norms.push_back(clip_detail::value(parts));
    r.scales.push_back(apply_clip("clip_per_tensor", std::span<const std::span<T>>(one), parts, max_norm, o, clipped));
    r.finite = r.finite && !(parts.nan || parts.inf);
    r.tensors.push_back(std::move(copy));
  }
  return r;
}

template <class T>
std::vector<std::vector<T>> clamp_values(std::span<const std::span<const T>> tensors, double clip_value) {
  clip_detail::check_threshold("clip_by_value", "clip_value", clip_value);
  std::vector<std::vector<T>> out = copies(tensors);
  for (auto& t : out)
    for (T& v : t) {
      const double d = static_cast<double>(v);  // NaN compares false both ways and stays NaN
      if (d > clip_value) v = static_cast<T>(clip_value);
      else if (d < -clip_value) v = static_cast<T>(-clip_value);
    }
  return out;
}

const char* dtype_name(const GradientView& v) { return v.index() == 0 ? "float32" : "float64"; }

void check_one_dtype(const char* routine, std::span<const GradientView> tensors) {
  for (std::size_t i = 1; i < tensors.size(); ++i)
    if (tensors[i].index() != tensors[0].index())
      throw std::invalid_argument(std::string(routine) + ": tensor " + std::to_string(i) + " is " +
                                  dtype_name(tensors[i]) + " but tensor 0 is " + dtype_name(tensors[0]) +
                                  "; all tensors must share one dtype");
}

template <class T>
std::vector<std::span<const T>> views_of(std::span<const GradientView> tensors) {
  std::vector<std::span<const T>> v;
  for (const auto& t : tensors) v.push_back(std::get<std::span<const T>>(t));
  return v;
}

template <class T>
AnyClipResult to_any(ClipResult<T>&& r) {
  AnyClipResult a{r.norm, r.scale, r.clipped, r.finite, {}};
  for (auto& t : r.tensors) a.tensors.emplace_back(std::move(t));
  return a;
}

}  // namespace

ClipResult<float> clip_by_global_norm(std::span<const std::span<const float>> tensors, double max_norm,
                                      const ClipOptions& options) {
  return clip_global(tensors, max_norm, options);
}
ClipResult<double> clip_by_global_norm(std::span<const std::span<const double>> tensors, double max_norm,
                                       const ClipOptions& options) {
  return clip_global(tensors, max_norm, options);
}
ClipInfo clip_by_global_norm_in_place(std::span<const std::span<float>> tensors, double max_norm,
                                      const ClipOptions& options) {
  return clip_global_in_place(tensors, max_norm, options);
}
ClipInfo clip_by_global_norm_in_place(std::span<const std::span<double>> tensors, double max_norm,
                                      const ClipOptions& options) {
  return clip_global_in_place(tensors, max_norm, options);
}
PerTensorClipResult<float> clip_per_tensor(std::span<const std::span<const float>> tensors, double max_norm,
                                           const ClipOptions& options) {
  return clip_each(tensors, max_norm, options);
}
PerTensorClipResult<double> clip_per_tensor(std::span<const std::span<const double>> tensors, double max_norm,
                                            const ClipOptions& options) {
  return clip_each(tensors, max_norm, options);
}
std::vector<std::vector<float>> clip_by_value(std::span<const std::span<const float>> tensors, double clip_value) {
  return clamp_values(tensors, clip_value);
}
std::vector<std::vector<double>> clip_by_value(std::span<const std::span<const double>> tensors, double clip_value) {
  return clamp_values(tensors, clip_value);
}

AnyClipResult clip_by_global_norm(std::span<const GradientView> tensors, double max_norm, const ClipOptions& options) {
  check_one_dtype("clip_by_global_norm", tensors);
  clip_detail::check_threshold("clip_by_global_norm", "max_norm", max_norm);
  if (tensors.empty()) return AnyClipResult{};
  if (tensors[0].index() == 0) {
    const auto v = views_of<float>(tensors);
    return to_any(clip_by_global_norm(std::span<const std::span<const float>>(v), max_norm, options));
  }
  const auto v = views_of<double>(tensors);
  return to_any(clip_by_global_norm(std::span<const std::span<const double>>(v), max_norm, options));
}

double global_norm(std::span<const GradientView> tensors) {
  check_one_dtype("global_norm", tensors);
  clip_detail::NormParts parts;
  for (const auto& t : tensors)
    parts = clip_detail::merge(parts, std::visit([](auto s) { return clip_detail::norm_parts(s); }, t));
  return clip_detail::value(parts);
}

LrClip clip_lr_by_inner_product(double eta, std::span<const double> u, std::span<const double> g, double threshold) {
  const char* routine = "clip_lr_by_inner_product";
  clip_detail::check_threshold(routine, "eta", eta);
  if (!(threshold > 0))
    throw std::invalid_argument(std::string(routine) + ": threshold T = " + number_text(threshold) + " must be > 0");
  if (u.size() != g.size())
    throw std::invalid_argument(std::string(routine) + ": u has " + std::to_string(u.size()) + " entries but g has " +
                                std::to_string(g.size()));
  LrClip r;
  constexpr std::size_t kBlock = 4096;  // blocked summation: error ~(kBlock + N / kBlock) eps
  for (std::size_t b = 0; b < u.size(); b += kBlock) {
    double part = 0;
    for (std::size_t i = b; i < std::min(u.size(), b + kBlock); ++i) part += u[i] * g[i];
    r.inner += part;
  }
  r.clipped = r.inner > threshold;
  r.lr = r.clipped ? eta * (threshold / r.inner) : eta;
  return r;
}

SignStats sign_stats(std::span<const double> g) {
  SignStats s;
  s.l1 = clip_detail::pairwise_abs_sum(g.data(), g.size());
  for (double v : g) s.nonzero += v != 0;
  s.l2 = l2_norm(g);
  if (s.nonzero > 0 && s.l2 > 0) {
    // The cosine from g / 2^e, 2^e the binade of max |g_i| (exact): ||g||_1 and ||g|| of huge vectors
    // overflow (inf / inf was NaN) and of subnormal ones lose digits, while the scaled norms lie in
    // [1/2, N] and the cosine is scale invariant.
    double big = 0;
    for (double v : g) big = std::max(big, std::fabs(v));
    int e = 0;
    std::frexp(big, &e);
    std::vector<double> scaled(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) scaled[i] = std::ldexp(g[i], -e);
    const double l1 = clip_detail::pairwise_abs_sum(scaled.data(), scaled.size());
    const double root = std::sqrt(static_cast<double>(s.nonzero));
    s.cosine = l1 / (root * l2_norm(scaled));
    s.sqrt_n_l2_cos = root * s.l2 * s.cosine;
  }
  return s;
}

StepLossChange quadratic_step_loss_change(std::span<const double> h, std::span<const double> theta,
                                          std::span<const double> u, double eta) {
  if (h.size() != theta.size() || u.size() != theta.size())
    throw std::invalid_argument("quadratic_step_loss_change: h, theta and u must have equal sizes (" +
                                std::to_string(h.size()) + ", " + std::to_string(theta.size()) + ", " +
                                std::to_string(u.size()) + ")");
  double ug = 0, uhu = 0;
  for (std::size_t j = 0; j < h.size(); ++j) {
    ug += u[j] * h[j] * theta[j];
    uhu += u[j] * h[j] * u[j];
  }
  return {-eta * ug + 0.5 * eta * eta * uhu, -eta * ug};
}

}  // namespace mathlets
