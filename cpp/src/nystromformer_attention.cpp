// Nyström attention (nystromformer.md, sections 2.3 to 2.6): the iterative pseudo-inverse (Razavi et
// al.'s third-order step as the paper uses it, Newton-Schulz, Chebyshev) with its per-step residuals,
// its scalar filter, S_hat = F M B applied right to left, and the errors against exact attention.
#include "mathlets/nystromformer.hpp"

#include "mathlets/performer.hpp"
#include "mathlets/pinv.hpp"
#include "lowrank_checks.hpp"
#include "norm_ratio.hpp"
#include "number_text.hpp"
#include "value_scaling.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

int products_per_step(PinvIteration method) {
  switch (method) {
    case PinvIteration::razavi: return 4;
    case PinvIteration::newton_schulz: return 2;
    case PinvIteration::chebyshev: return 3;
  }
  return 0;
}

// One step from Z, given X = A Z.
MatrixXd pinv_step(const MatrixXd& z, const MatrixXd& x, PinvIteration method) {
  const MatrixXd id = MatrixXd::Identity(x.rows(), x.cols());
  switch (method) {
    case PinvIteration::razavi: return 0.25 * z * (13 * id - x * (15 * id - x * (7 * id - x)));
    case PinvIteration::newton_schulz: return z * (2 * id - x);
    case PinvIteration::chebyshev: return z * (3 * id - x * (3 * id - x));
  }
  return z;
}

double scalar_step(double t, PinvIteration method) {
  switch (method) {
    case PinvIteration::razavi: return 0.25 * t * (13 - t * (15 - t * (7 - t)));
    case PinvIteration::newton_schulz: return t * (2 - t);
    case PinvIteration::chebyshev: return t * (3 - t * (3 - t));
  }
  return t;
}

PinvStep measure(const MatrixXd& a, const MatrixXd& z, int iter, int matmuls, const MatrixXd* reference) {
  PinvStep s;
  s.iter = iter;
  s.matmuls = matmuls;
  if (!z.allFinite()) {  // diverged: nothing to measure
    s.p1 = s.p2 = s.e_norm = s.z_error = kNaN;
    return s;
  }
  const PenroseResiduals penrose = penrose_residuals(a, z);
  s.p1 = penrose.axa;
  s.p2 = penrose.xax;
  s.e_norm = singular_values(MatrixXd::Identity(a.rows(), a.rows()) - a * z)(0);
  s.z_error = reference ? detail::norm_ratio((z - *reference).norm(), reference->norm()) : kNaN;
  return s;
}

void check_inputs(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v) {
  const char* routine = "nystrom_attention";
  detail::require_finite(routine, "Q", q);
  detail::require_finite(routine, "K", k);
  detail::require_finite(routine, "V", v);
  if (k.cols() != q.cols())
    throw std::invalid_argument(std::string(routine) + ": K has " + std::to_string(k.cols()) + " columns but Q has " +
                                std::to_string(q.cols()));
  if (k.rows() != q.rows())
    throw std::invalid_argument(std::string(routine) + ": K has " + std::to_string(k.rows()) + " rows but Q has " +
                                std::to_string(q.rows()) + " (self-attention: one row per token in both)");
  if (v.rows() != k.rows())
    throw std::invalid_argument(std::string(routine) + ": V (" + detail::shape(v) + ") must have one row per token (" +
                                std::to_string(k.rows()) + ")");
  if (q.cols() < 1) throw std::invalid_argument(std::string(routine) + ": Q has no columns (d must be >= 1)");
  if (q.rows() > 65536)
    throw std::out_of_range(std::string(routine) + ": n = " + std::to_string(q.rows()) +
                            " tokens is above the limit of 65536");
}

// Whether the iteration has diverged at Z, given X = A Z: Z is not finite, or P1 = ||A Z A - A|| / ||A||
// is above 1e6. P1 costs a product, but it is at most ||X A - A|| / ||A|| <= ||X||_2 + 1 <= ||X||_F + 1,
// so while ||X||_F stays below 1e5 (every converging run) it cannot pass 1e6 and is not formed. When it
// is, it is (A Z) A - A as before, the same bits.
bool diverged_at(const MatrixXd& a, const MatrixXd& z, const MatrixXd& x) {
  if (!z.allFinite()) return true;
  if (x.norm() <= 1e5) return false;
  return !(detail::norm_ratio((x * a - a).norm(), a.norm()) <= 1e6);
}

// The middle matrix M and its diagnostics.
// The iteration behind iterative_pinv. With `measured`, every step is measured (PinvStep: an SVD of
// I - AZ per step, which costs more than the iteration itself); without, only the divergence test
// runs (diverged_at), and the history stays empty. Either way X = A Z is formed once per step and
// serves both the test and the next step: 4 products a Razavi step instead of 6.
IterativePinv iterate(const MatrixXd& a, int iters, PinvIteration method, double init_scale, bool reference,
                      bool measured) {
  const char* routine = "iterative_pinv";
  detail::require_finite(routine, "A", a);
  if (a.size() == 0) throw std::invalid_argument(std::string(routine) + ": A is empty");
  if (a.rows() > kMaxLandmarks || a.cols() > kMaxLandmarks)
    throw std::out_of_range(std::string(routine) + ": A (" + detail::shape(a) + ") is above 1024 x 1024");
  if (iters < 0 || iters > kMaxPinvIterations)
    throw std::out_of_range(std::string(routine) + ": iters = " + std::to_string(iters) + " must be in [0, " +
                            std::to_string(kMaxPinvIterations) + "]");
  if (!(init_scale > 0.0) || !std::isfinite(init_scale))
    throw std::out_of_range(std::string(routine) + ": initScale = " + number_text(init_scale) +
                            " must be finite and > 0");
  IterativePinv r;
  const double norm1 = a.cwiseAbs().colwise().sum().maxCoeff(), norm_inf = a.cwiseAbs().rowwise().sum().maxCoeff();
  r.alpha = norm1 == 0.0 ? 0.0 : init_scale / (norm1 * norm_inf);  // A = 0: Z = 0 = A^+
  r.z = r.alpha * a.transpose();
  const std::optional<MatrixXd> exact = reference && measured ? std::optional<MatrixXd>(pinv(a).pinv) : std::nullopt;
  const MatrixXd* ref = exact ? &*exact : nullptr;
  if (measured) r.history.push_back(measure(a, r.z, 0, 0, ref));
  MatrixXd x = a * r.z;
  for (int k = 1; k <= iters; ++k) {
    r.z = pinv_step(r.z, x, method);
    bool diverged;
    if (measured) {
      r.history.push_back(measure(a, r.z, k, k * products_per_step(method), ref));
      diverged = !r.z.allFinite() || !(r.history.back().p1 <= 1e6);
      if (!diverged) x = a * r.z;
    } else {
      if (r.z.allFinite()) x = a * r.z;
      diverged = diverged_at(a, r.z, x);
    }
    if (diverged) {
      r.diverged = true;
      break;
    }
  }
  return r;
}

void middle_matrix(const MatrixXd& a, const NystromOptions& o, NystromAttention& r) {
  switch (o.middle) {
    case NystromMiddle::identity: r.z = MatrixXd::Identity(a.rows(), a.cols()); return;
    case NystromMiddle::svd: {
      PinvOptions p;
      p.rtol = o.rtol.value_or(a.rows() * std::numeric_limits<double>::epsilon());
      r.z = pinv(a, p).pinv;
      return;
    }
    case NystromMiddle::iterative: {
      IterativePinv it = iterate(a, o.pinv_iters, PinvIteration::razavi, 1.0, false, o.history);
      r.z = std::move(it.z);
      r.history = std::move(it.history);
      r.diverged = it.diverged;
      return;
    }
  }
}

}  // namespace

IterativePinv iterative_pinv(const MatrixXd& a, int iters, PinvIteration method, double init_scale, bool reference) {
  return iterate(a, iters, method, init_scale, reference, true);
}

std::vector<double> pinv_filter(const std::vector<double>& t0, int k, PinvIteration method) {
  if (k < 0 || k > 1000) throw std::out_of_range("pinv_filter: iters = " + std::to_string(k) + " must be in [0, 1000]");
  std::vector<double> out(t0.size());
  for (std::size_t i = 0; i < t0.size(); ++i) {
    if (!std::isfinite(t0[i]))
      throw std::invalid_argument("pinv_filter: t0[" + std::to_string(i) + "] = " + number_text(t0[i]) +
                                  " must be finite");
    double t = t0[i];
    for (int step = 0; step < k && std::isfinite(t); ++step) t = scalar_step(t, method);
    out[i] = t;
  }
  return out;
}

NystromAttention nystrom_attention(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v, int m,
                                   const NystromOptions& o) {
  const char* routine = "nystrom_attention";
  check_inputs(q, k, v);
  if (m < 1 || m > q.rows())
    throw std::out_of_range(std::string(routine) + ": m = " + std::to_string(m) +
                            " must be in 1..n = " + std::to_string(q.rows()));
  if (o.pinv_iters < 0 || o.pinv_iters > kMaxPinvIterations)
    throw std::out_of_range(std::string(routine) + ": pinvIters = " + std::to_string(o.pinv_iters) +
                            " must be in [0, 60]");
  if (o.rtol) detail::require_tolerance(routine, "rtol", *o.rtol);
  if ((o.return_matrix || o.errors) && q.rows() > kMaxNystromMatrixTokens)
    throw std::out_of_range(std::string(routine) + ": " + (o.return_matrix ? "returnMatrix" : "errors") +
                            " needs n <= 2048 (n = " + std::to_string(q.rows()) + ")");
  const double scale = o.scale.value_or(1.0 / std::sqrt(static_cast<double>(q.cols())));
  if (!std::isfinite(scale)) throw std::invalid_argument(std::string(routine) + ": scale must be finite");

  NystromAttention r;
  r.landmarks = select_landmarks(q, k, m, o.landmarks, o.seed, scale, o.indices);
  r.f = softmax_attention_weights(q, r.landmarks.k, scale, false);
  r.a = softmax_attention_weights(r.landmarks.q, r.landmarks.k, scale, false);
  r.b = softmax_attention_weights(r.landmarks.q, k, scale, false);
  middle_matrix(r.a, o, r);
  const VectorXd sigma = singular_values(r.a);
  r.kappa_a = sigma(sigma.size() - 1) > 0 ? sigma(0) / sigma(sigma.size() - 1) : kInf;
  const MatrixXd c = r.f * r.z;
  r.gain = c.cwiseAbs().rowwise().sum().maxCoeff();
  // F (Z (B V)): B and F average, Z can grow a column by up to its largest absolute row sum.
  const double growth = (r.z.cwiseAbs().rowwise().sum().maxCoeff() + 1.0) * m;
  r.out = detail::with_tame_columns(v, std::isfinite(growth) ? growth : 1.0, false,
                                    [&](const MatrixXd& tame) { return MatrixXd(r.f * (r.z * (r.b * tame))); });
  const double top = v.size() ? v.cwiseAbs().maxCoeff() : 0.0;
  if (!r.out.allFinite() && r.z.allFinite())
    throw std::out_of_range(std::string(routine) + ": the output overflows the double range (|V| up to " +
                            number_text(top) + ", interpolation gain " + number_text(r.gain) + ")");
  if (!o.return_matrix && !o.errors) return r;
  MatrixXd s_hat = c * r.b;
  // The same S and the same errors as attention_errors(softmax_attention_weights(...), S_hat, V), in
  // one call: a worker answers with the errors instead of receiving S and S_hat to compare.
  if (o.errors) r.errors = attention_errors(softmax_attention_weights(q, k, scale, false), s_hat, v);
  if (o.return_matrix) r.s_hat = std::move(s_hat);
  return r;
}

AttentionErrors attention_errors(const MatrixXd& s, const MatrixXd& s_hat, const MatrixXd& v,
                                 const VectorXd& singular_values, int m) {
  const char* routine = "attention_errors";
  detail::require_finite(routine, "S", s);
  detail::require_finite(routine, "Shat", s_hat);
  if (s.rows() != s_hat.rows() || s.cols() != s_hat.cols())
    throw std::invalid_argument(std::string(routine) + ": Shat (" + detail::shape(s_hat) +
                                ") must have the shape of S (" + detail::shape(s) + ")");
  AttentionErrors e;
  const MatrixXd diff = s_hat - s;
  e.relative = detail::norm_ratio(diff.norm(), s.norm());
  e.max_abs = diff.size() ? diff.cwiseAbs().maxCoeff() : 0.0;
  e.max_row_l1 = diff.size() ? diff.cwiseAbs().rowwise().sum().maxCoeff() : 0.0;
  e.row_sum_dev = s_hat.rows() ? (s_hat.rowwise().sum().array() - 1.0).abs().maxCoeff() : 0.0;
  e.negative_mass = s_hat.cwiseMin(0.0).sum();
  e.output = kNaN;
  if (v.size() || v.rows()) {
    detail::require_finite(routine, "V", v);
    if (v.rows() != s.cols())
      throw std::invalid_argument(std::string(routine) + ": V (" + detail::shape(v) +
                                  ") must have one row per column of S (" + std::to_string(s.cols()) + ")");
    // A relative error: V scaled to unit size first (by a power of two) so that no norm overflows.
    const double top = v.size() ? v.cwiseAbs().maxCoeff() : 0.0;
    const MatrixXd unit = top > 0 ? MatrixXd(std::ldexp(1.0, -std::ilogb(top)) * v) : v;
    const MatrixXd exact = s * unit;
    e.output = detail::norm_ratio((s_hat * unit - exact).norm(), exact.norm());
  }
  e.floor = kNaN;
  if (singular_values.size()) {
    if (m < 1)
      throw std::out_of_range(std::string(routine) + ": m = " + std::to_string(m) + " must be >= 1 for the floor");
    detail::require_finite(routine, "singularValues", singular_values);
    e.floor = detail::norm_ratio(std::sqrt(truncation_floor(singular_values, m).frobenius_squared), s.norm());
  }
  return e;
}

}  // namespace mathlets
