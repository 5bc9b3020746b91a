// Toy training runs (section 4.4) that make the article's argument visible: per step the gradient norm,
// the exact loss change against the first-order prediction -eta u.g (C2), whether clipping or (C5) fired,
// and late-training summaries (||g|| < 1 and |Delta L| < eta, the premise of (C4)).
#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "grad_clip_detail.hpp"
#include "mathlets/grad_clip.hpp"

namespace mathlets {

namespace {

using clip_detail::SplitMix64;

struct Model {
  std::function<double(const std::vector<double>&)> loss;                                       // unscaled L(theta)
  std::function<void(const std::vector<double>&, SplitMix64&, std::vector<double>&)> gradient;  // stochastic
};

void check_options(const char* routine, const TrainingOptions& o) {
  clip_detail::check_threshold(routine, "lr", o.lr);
  clip_detail::check_threshold(routine, "clip_norm", o.clip_norm);
  if (!(o.lr_clip > 0))
    throw std::invalid_argument(std::string(routine) + ": lr_clip = " + number_text(o.lr_clip) + " must be > 0");
  if (!(o.loss_scale > 0) || !std::isfinite(o.loss_scale))
    throw std::invalid_argument(std::string(routine) + ": loss_scale = " + number_text(o.loss_scale) +
                                " must be finite and > 0");
}

// The update direction u from the (clipped) gradient; Adam keeps its moments in m, v.
void direction(const TrainingOptions& o, std::size_t t, const std::vector<double>& g, std::vector<double>& m,
               std::vector<double>& v, std::vector<double>& u) {
  for (std::size_t j = 0; j < g.size(); ++j) {
    switch (o.optimizer) {
      case Optimizer::sgd: u[j] = g[j]; break;
      case Optimizer::sign_sgd: u[j] = g[j] > 0 ? 1.0 : (g[j] < 0 ? -1.0 : 0.0); break;
      case Optimizer::adam: {
        m[j] = 0.9 * m[j] + 0.1 * g[j];
        v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
        const double mh = m[j] / (1 - std::pow(0.9, static_cast<double>(t + 1)));
        const double vh = v[j] / (1 - std::pow(0.999, static_cast<double>(t + 1)));
        u[j] = mh / (std::sqrt(vh) + 1e-8);
        break;
      }
    }
  }
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  if (v.size() % 2) return v[mid];
  const double hi = v[mid];
  return 0.5 * (hi + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}

void summarise(TrainingTrace& tr) {
  const std::size_t n = tr.grad_norm.size();
  if (n == 0) return;
  double fired = 0;
  for (int c : tr.clipped) fired += c;
  tr.clip_fraction = fired / static_cast<double>(n);
  const std::size_t start = n / 2;
  const std::vector<double> late(tr.grad_norm.begin() + static_cast<std::ptrdiff_t>(start), tr.grad_norm.end());
  tr.late_median_grad_norm = median(late);
  double below = 0, ratio = 0, counted = 0;
  for (std::size_t t = start; t < n; ++t) {
    below += tr.grad_norm[t] < 1;
    if (tr.lr[t] > 0) {
      ratio += std::fabs(tr.loss_change[t]) / tr.lr[t];
      counted += 1;
    }
  }
  tr.late_fraction_below_one = below / static_cast<double>(late.size());
  tr.late_mean_abs_change_over_lr = counted > 0 ? ratio / counted : 0;
}

TrainingTrace train(std::vector<double> theta, const Model& model, const TrainingOptions& o, SplitMix64& rng) {
  const std::size_t d = theta.size();
  const double c = o.loss_scale;
  TrainingTrace tr;
  std::vector<double> g(d), gc(d), u(d), m(d, 0.0), v(d, 0.0);
  double L = c * model.loss(theta);
  for (std::size_t t = 0; t < o.steps; ++t) {
    tr.loss.push_back(L);
    model.gradient(theta, rng, g);
    for (double& x : g) x *= c;  // gradient of c L
    const double norm = l2_norm(g);
    tr.grad_norm.push_back(norm);
    double eta = o.lr;
    if (o.warmup > 0) eta *= std::min(1.0, static_cast<double>(t + 1) / static_cast<double>(o.warmup));
    const bool clip = norm > o.clip_norm;
    const double scale = clip ? o.clip_norm / norm : 1.0;
    for (std::size_t j = 0; j < d; ++j) gc[j] = g[j] * scale;
    tr.clipped.push_back(clip);
    direction(o, t, gc, m, v, u);
    double ug = 0;
    for (std::size_t j = 0; j < d; ++j) ug += u[j] * g[j];
    const bool lr_clip = ug > o.lr_clip;  // (C5)
    if (lr_clip) eta *= o.lr_clip / ug;
    tr.lr_clipped.push_back(lr_clip);
    tr.lr.push_back(eta);
    for (std::size_t j = 0; j < d; ++j) theta[j] -= eta * u[j];
    const double next = c * model.loss(theta);
    tr.loss_change.push_back(next - L);
    tr.first_order.push_back(-eta * ug);
    L = next;
  }
  tr.loss.push_back(L);
  summarise(tr);
  return tr;
}

}  // namespace

TrainingTrace simulate_noisy_quadratic(const QuadraticProblem& p, const TrainingOptions& o) {
  const char* routine = "simulate_noisy_quadratic";
  check_options(routine, o);
  if (p.dim == 0) throw std::invalid_argument(std::string(routine) + ": dim must be >= 1");
  if (!(p.h_min > 0) || !(p.h_max >= p.h_min) || !std::isfinite(p.h_max))
    throw std::invalid_argument(std::string(routine) + ": need 0 < h_min <= h_max < inf (got " + number_text(p.h_min) +
                                ", " + number_text(p.h_max) + ")");
  if (!(p.noise >= 0) || !(p.theta0 >= 0) || p.batch == 0)
    throw std::invalid_argument(std::string(routine) + ": noise and theta0 must be >= 0 and batch >= 1");
  std::vector<double> h(p.dim);
  for (std::size_t j = 0; j < p.dim; ++j) {
    const double f = p.dim == 1 ? 0.0 : static_cast<double>(j) / static_cast<double>(p.dim - 1);
    h[j] = p.h_min * std::pow(p.h_max / p.h_min, f);  // log-spaced spectrum
  }
  SplitMix64 rng(o.seed);
  std::vector<double> theta(p.dim);
  for (double& x : theta) x = p.theta0 * rng.normal();
  const double sigma = p.noise / std::sqrt(static_cast<double>(p.batch));
  Model model{[&](const std::vector<double>& th) {
                double s = 0;
                for (std::size_t j = 0; j < th.size(); ++j) s += 0.5 * h[j] * th[j] * th[j];
                return s;
              },
              [&](const std::vector<double>& th, SplitMix64& r, std::vector<double>& g) {
                for (std::size_t j = 0; j < th.size(); ++j) g[j] = h[j] * th[j] + sigma * r.normal();
              }};
  return train(std::move(theta), model, o, rng);
}

SoftmaxGradient softmax_regression_gradient(std::span<const double> W, std::span<const double> X,
                                            std::span<const std::size_t> y, std::size_t classes) {
  const char* routine = "softmax_regression_gradient";
  if (classes == 0 || W.size() % classes != 0)
    throw std::invalid_argument(std::string(routine) + ": W has " + std::to_string(W.size()) +
                                " values, not a multiple of classes = " + std::to_string(classes));
  const std::size_t f = W.size() / classes, m = y.size();
  if (X.size() != m * f)
    throw std::invalid_argument(std::string(routine) + ": X has " + std::to_string(X.size()) + " values but " +
                                std::to_string(m) + " samples x " + std::to_string(f) + " features need " +
                                std::to_string(m * f));
  SoftmaxGradient out;
  out.grad.assign(W.size(), 0.0);
  if (m == 0) return out;
  std::vector<double> z(classes);
  for (std::size_t i = 0; i < m; ++i) {
    if (y[i] >= classes)
      throw std::out_of_range(std::string(routine) + ": label y[" + std::to_string(i) + "] = " + std::to_string(y[i]) +
                              " is out of range for " + std::to_string(classes) + " classes");
    const double* x = &X[i * f];
    for (std::size_t c = 0; c < classes; ++c) {
      z[c] = 0;
      for (std::size_t k = 0; k < f; ++k) z[c] += W[c * f + k] * x[k];
    }
    const double top = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (double& v : z) sum += (v = std::exp(v - top));
    out.loss += std::log(sum) - std::log(z[y[i]]);  // lse - logit_y, shifted
    for (std::size_t c = 0; c < classes; ++c) {
      const double r = z[c] / sum - (c == y[i] ? 1.0 : 0.0);
      for (std::size_t k = 0; k < f; ++k) out.grad[c * f + k] += r * x[k];
    }
  }
  const double inv = 1.0 / static_cast<double>(m);
  for (double& v : out.grad) v *= inv;
  out.loss *= inv;
  return out;
}

SoftmaxTrace simulate_softmax_regression(const SoftmaxProblem& p, const TrainingOptions& o) {
  const char* routine = "simulate_softmax_regression";
  check_options(routine, o);
  if (p.classes < 2 || p.features == 0 || p.samples == 0 || p.batch == 0 || p.batch > p.samples)
    throw std::invalid_argument(std::string(routine) +
                                ": need classes >= 2, features >= 1, samples >= 1 and 1 <= batch <= samples");
  if (!(p.separation >= 0) || !(p.spread >= 0))
    throw std::invalid_argument(std::string(routine) + ": separation and spread must be >= 0");
  SplitMix64 rng(o.seed);
  std::vector<double> centres(p.classes * p.features), X(p.samples * p.features);
  std::vector<std::size_t> y(p.samples);
  for (double& v : centres) v = p.separation * rng.normal();
  SoftmaxTrace out;
  for (std::size_t i = 0; i < p.samples; ++i) {
    y[i] = i % p.classes;
    double sq = 0;
    for (std::size_t k = 0; k < p.features; ++k) {
      X[i * p.features + k] = centres[y[i] * p.features + k] + p.spread * rng.normal();
      sq += X[i * p.features + k] * X[i * p.features + k];
    }
    if (p.normalize_features && sq > 0) {
      for (std::size_t k = 0; k < p.features; ++k) X[i * p.features + k] /= std::sqrt(sq);
      sq = 1;
    }
    out.gradient_bound = std::max(out.gradient_bound, std::sqrt(2.0 * sq));
  }
  std::vector<double> Xb(p.batch * p.features);
  std::vector<std::size_t> yb(p.batch);
  Model model{[&](const std::vector<double>& W) { return softmax_regression_gradient(W, X, y, p.classes).loss; },
              [&](const std::vector<double>& W, SplitMix64& r, std::vector<double>& g) {
                for (std::size_t b = 0; b < p.batch; ++b) {  // minibatch drawn with replacement
                  const auto i =
                      std::min(p.samples - 1, static_cast<std::size_t>(r.uniform() * static_cast<double>(p.samples)));
                  std::copy_n(&X[i * p.features], p.features, &Xb[b * p.features]);
                  yb[b] = y[i];
                }
                g = softmax_regression_gradient(W, Xb, yb, p.classes).grad;
              }};
  out.trace = train(std::vector<double>(p.classes * p.features, 0.0), model, o, rng);
  return out;
}

}  // namespace mathlets
